"""PDF: the document's HTML printed by a Chromium-based browser found on this machine.

nbconvert's own webpdf exporter downloads its browser; workshops often have no internet, so we
use whichever Chromium, Chrome or Edge is installed (or the path in TPI_BROWSER).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tpi_widgets.errors import ReportError

BROWSER_ENV = "TPI_BROWSER"
BROWSER_COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
                    "microsoft-edge", "microsoft-edge-stable", "msedge")
BROWSER_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
)
HOW_TO_GET_PDF = (f"no PDF: no Chromium-based browser found; install chromium (apt-get install chromium) "
                  f"or set {BROWSER_ENV} to the path of Chrome, Chromium or Edge")
PRINT_TIMEOUT = 120


def find_browser() -> str | None:
    """TPI_BROWSER when it names an executable, else the first known browser on PATH or in its
    usual install place."""
    chosen = os.environ.get(BROWSER_ENV, "").strip()
    if chosen:
        return shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)
    for command in BROWSER_COMMANDS:
        if found := shutil.which(command):
            return found
    return next((p for p in BROWSER_PATHS if os.access(p, os.X_OK)), None)


def print_pdf(html_file: Path, pdf_file: Path, browser: str, timeout: float = PRINT_TIMEOUT) -> Path:
    """Print `html_file` to `pdf_file` in a headless browser with its own throw-away profile (so
    several prints run side by side), no network, and no browser header or footer (the
    document's CSS prints its own)."""
    pdf_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="tpi-browser-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                   f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf_file}",
                   Path(html_file).resolve().as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"the browser took more than {timeout:.0f} s to print {Path(html_file).name}") from None
        except OSError as exc:
            raise ReportError(f"cannot start the browser {browser}: {exc.strerror or exc}") from None
    if not pdf_file.exists() or pdf_file.stat().st_size == 0:
        raise ReportError(f"the browser {browser} wrote no PDF for {Path(html_file).name}")
    return pdf_file
