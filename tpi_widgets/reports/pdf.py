"""PDF: the document's HTML printed by a Chromium-based browser found on this machine.

nbconvert's own webpdf exporter downloads its browser; workshops often have no internet, so we
use whichever Chromium, Chrome or Edge is installed (or the path in TPI_BROWSER).

A build prints all its PDFs in one browser (`PdfPrinter`, driven through Playwright): starting a
browser costs over half a second, a print about a third of a second, and several print at once.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from concurrent.futures import Future
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
PRINTS_AT_ONCE = 3  # 8 documents: 4.0 s one at a time, 2.0 s two at a time, 1.9 s three (2 cores)
# (headless, as Playwright starts it) without the sandbox root cannot have, a GPU, or any network of its own
BROWSER_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions")


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


class PdfPrinter:
    """One browser printing every PDF of a build, each from its HTML file, with no network and no
    scripts (documents have none; participant text cannot run any), the page size and margins
    of the document's CSS, and no browser header or footer.

    The browser lives in a thread of its own, driven by Playwright's asyncio API on that thread's
    loop: it starts as the printer is entered and comes up while the caller goes on (building the
    first documents), and prints PRINTS_AT_ONCE documents at a time while the caller writes other
    files (`submit`). Each print waits mostly on the browser's own processes, so prints side by
    side take about half the time of prints one after another (benchmarks/README.md). The
    caller's own asyncio loop, if any (a page's kernel, where a facilitator's button builds
    documents), is never touched.
    Use as a context manager: `with PdfPrinter(browser) as printer: printer.print(html, pdf)`."""

    def __init__(self, browser: str, timeout: float = PRINT_TIMEOUT, at_once: int = PRINTS_AT_ONCE):
        self.browser, self.timeout = browser, timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tpi-pdf", daemon=True)
        self.at_once = at_once
        self._pages: asyncio.Queue | None = None  # the tabs that print, each reused for print after print
        self._launched: Future | None = None
        self._playwright = self._context = None

    def __enter__(self) -> "PdfPrinter":
        self._thread.start()
        self._launched = self._run(self._launch())
        return self

    def __exit__(self, *exc):
        try:
            self._run(self._close()).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def submit(self, html_file: Path, pdf_file: Path) -> Future:
        """Print `html_file` to `pdf_file`; the future gives the PDF's path or raises ReportError
        (the browser did not start, or did not print)."""
        return self._run(self._print(Path(html_file), Path(pdf_file)))

    def print(self, html_file: Path, pdf_file: Path) -> Path:
        return self.submit(html_file, pdf_file).result()

    def _run(self, coroutine) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _launch(self):
        from playwright.async_api import Error, async_playwright
        self._playwright = await async_playwright().start()
        try:
            browser = await self._playwright.chromium.launch(executable_path=self.browser, args=list(BROWSER_FLAGS),
                                                             timeout=self.timeout * 1000)
        except Error as exc:
            reason = (str(exc).strip().splitlines() or ["it did not start"])[0]
            raise ReportError(f"cannot start the browser {self.browser}: {reason}") from None
        self._context = await browser.new_context(offline=True, java_script_enabled=False)
        # a tab per print at once, kept: a new tab per print costs the system a new renderer
        # process each time (half the machine's time in a network's build went to that)
        self._pages = asyncio.Queue()
        for _ in range(self.at_once):
            self._pages.put_nowait(await self._context.new_page())

    async def _print(self, html_file: Path, pdf_file: Path) -> Path:
        from playwright.async_api import Error
        await asyncio.wrap_future(self._launched)  # its failure is every print's
        page = await self._pages.get()
        try:
            pdf_file.unlink(missing_ok=True)
            await page.goto(html_file.resolve().as_uri(), wait_until="load", timeout=self.timeout * 1000)
            await page.pdf(path=str(pdf_file), print_background=True, prefer_css_page_size=True)
        except Error as exc:
            reason = (str(exc).strip().splitlines() or ["no reason given"])[0]
            raise ReportError(f"the browser could not print {html_file.name}: {reason}") from None
        finally:
            self._pages.put_nowait(page)
        if not pdf_file.exists() or pdf_file.stat().st_size == 0:
            raise ReportError(f"the browser {self.browser} wrote no PDF for {html_file.name}")
        return pdf_file

    async def _close(self):
        if self._context is not None:
            await self._context.browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
