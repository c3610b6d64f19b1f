"""Step 2 page: time to interactive in Chromium and the participant kernel's memory, each beside
a plain Voila notebook with the same widgets (plain_step2.py), measured in the same run.

Time to interactive: from navigation until the first item's rating list is visible, enabled and
its saved value shown (for the Step 2 page: a returning participant, remembered by the browser).
Memory: resident set size of the page's own kernel process once the page is interactive.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from nbformat.v4 import new_code_cell, new_notebook

from tests.support import STEP2, Server, chromium_path, launch_chromium, sign_in
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.workspace import Workspace

BENCH_DIR = Path(__file__).resolve().parent
SAMPLES = 5
SETTLE_SECONDS = 1.5  # let the kernel finish its start-up work before reading its memory


def required_chromium() -> str:
    """Debian's Chromium, which every browser benchmark drives; a clear stop without it."""
    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is needed for this benchmark (apt-get install chromium)")
    return executable


def plain_notebook(folder: Path) -> str:
    code = f"import sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nfrom plain_step2 import build\nbuild()"
    nb = new_notebook(cells=[new_code_cell(code)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "plain_step2.ipynb")
    return "voila/render/plain_step2.ipynb"


def kernel_pids(server: Server) -> set[int]:
    root = psutil.Process(server.process.pid)
    return {p.pid for p in root.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())}


def measure(context, server: Server, path: str, open_chart: bool = False) -> tuple[float, float]:
    """One page load: (seconds to interactive, kernel RSS in MiB), optionally opening the chart."""
    before = kernel_pids(server)
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(server.url + path)
    page.get_by_label("IPC-01 rating").wait_for(state="visible")
    page.wait_for_function("el => !el.disabled", arg=page.get_by_label("IPC-01 rating").element_handle())
    elapsed = time.perf_counter() - start
    if open_chart:
        page.get_by_role("button", name="Show the chart").click()
        page.locator(".tpi-chart img[src^='blob:'], img.tpi-chart[src^='blob:']").first.wait_for()
    time.sleep(SETTLE_SECONDS)
    new = kernel_pids(server) - before
    rss = max(psutil.Process(pid).memory_info().rss for pid in new) / 2**20 if new else float("nan")
    page.close()
    time.sleep(1.0)  # the closed page shuts its kernel down
    return elapsed, rss


def run() -> dict:
    executable = required_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.init(Path(tmp) / "ws")
        workspace.add_partnership(build_config(read_config_file(SAMPLE_CONFIG), workspace.pack))
        plain_path = plain_notebook(workspace.root)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log").start()
        variants = {"tpi": (STEP2, False), "plain": (plain_path, False), "tpi_chart_open": (STEP2, True)}
        results = {name: {"seconds": [], "rss_mib": []} for name in variants}
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, executable)
                context = browser.new_context()
                first = context.new_page()  # a returning participant: signed in once before
                first.goto(server.url + STEP2)
                sign_in(first, "Bench Mark", "Kossa District Hospital", "benchmark")
                first.close()
                measure(context, server, plain_path)  # warm the disk cache for both
                measure(context, server, STEP2)
                for _ in range(SAMPLES):  # interleaved, so machine noise hits all alike
                    for name, (path, open_chart) in variants.items():
                        seconds, rss = measure(context, server, path, open_chart)
                        results[name]["seconds"].append(round(seconds, 3))
                        results[name]["rss_mib"].append(round(rss, 1))
                browser.close()
        finally:
            server.stop()
    for numbers in list(results.values()):
        numbers["median_seconds"] = statistics.median(numbers["seconds"])
        numbers["median_rss_mib"] = statistics.median(numbers["rss_mib"])
    tpi, plain = results["tpi"], results["plain"]
    results["notes"] = ("tpi: the Step 2 page as a participant opens it (chart closed); tpi_chart_open: "
                        "the same page after opening the matplotlib chart; plain: plain_step2.py, same widgets "
                        "and chart drawn at load, no store. Same server, interleaved samples.")
    results["target"] = "Step 2 page not slower and not heavier than the plain notebook"
    results["met"] = {"time": tpi["median_seconds"] <= plain["median_seconds"],
                      "memory": tpi["median_rss_mib"] <= plain["median_rss_mib"]}
    return results
