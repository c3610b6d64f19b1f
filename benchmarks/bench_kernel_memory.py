"""Participant kernel memory: the kernel of each step page of the demo partnership (the demo's
records in the store), once a participant is signed in and the page is shown, beside a plain
Voila notebook with ipywidgets alone (plain_step2.py's widgets, no chart: no matplotlib) served
twice in the same run: by the same `tpi serve` (its kernels start as the pages' do) and by stock
`voila` (stock ipykernel, debugger and all: the kernel a plain notebook gets).

A participant signs in on Step 1, then opens Steps 1 to 6 in turn as the step links do (the
browser remembers them); each page's own kernel (the id Voila writes into the page) is read
SETTLE_SECONDS after the page shows the participant: resident set size (RSS), and its unique
(USS) and proportional (PSS) parts. Samples of each page are interleaved with the plain notebook's,
so machine noise hits all alike.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from nbformat.v4 import new_code_cell, new_notebook

from bench_live import make_workspace
from bench_step2_page import BENCH_DIR, required_chromium
from tests.support import KOSSA, Server, free_port, launch_chromium, sign_in, step_path
from tpi_widgets.core.steps import STEPS

SAMPLES = 3
SETTLE_SECONDS = 3.0  # the page's live sync has started and polled; start-up work is done
TARGET_MIB = 70.0
MIB = 2**20


def widgets_notebook(folder: Path) -> str:
    """The anchor: plain_step2.py's widgets without its chart, in a notebook of its own."""
    code = (f"import sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nfrom plain_step2 import build\n"
            "build(with_chart=False)")
    nb = new_notebook(cells=[new_code_cell(code)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "plain_widgets.ipynb")
    return "voila/render/plain_widgets.ipynb"


def stock_voila(notebook: Path, log: Path) -> Server:
    """Stock `voila` serving one notebook, on this machine only."""
    port = free_port()
    return Server([sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
                   "--Voila.log_level=WARN", str(notebook)], port, log)


def kernel_process(server: Server, kernel_id: str) -> psutil.Process | None:
    """The kernel process whose connection file names `kernel_id`."""
    for process in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if kernel_id in " ".join(process.cmdline()):
                return process
        except psutil.Error:
            pass
    return None


def page_memory(page, server: Server) -> dict:
    """RSS, USS and PSS (MiB) of the kernel the page is connected to, after SETTLE_SECONDS."""
    time.sleep(SETTLE_SECONDS)
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    process = kernel_process(server, kernel_id)
    if process is None:
        raise RuntimeError(f"no process for the page's kernel {kernel_id}")
    info = process.memory_full_info()
    return {"rss": round(info.rss / MIB, 1), "uss": round(info.uss / MIB, 1), "pss": round(info.pss / MIB, 1)}


def open_step(page, server: Server, slug: str, number: int) -> dict:
    page.goto(server.url + step_path(number, slug))
    page.locator(".tpi-signed-in").wait_for()
    return page_memory(page, server)


def open_widgets(page, server: Server, path: str = "") -> dict:
    page.goto(server.url + path)
    page.get_by_label("IPC-01 rating").wait_for(state="visible")
    return page_memory(page, server)


def summary(samples: list[dict]) -> dict:
    medians = {f"median_{kind}_mib": statistics.median(s[kind] for s in samples) for kind in ("rss", "uss", "pss")}
    return {**medians, "rss_mib": [s["rss"] for s in samples]}


def measure(executable: str, samples: int = SAMPLES) -> dict:
    """{"steps": {number: summary}, "plain_widgets": summary, "plain_widgets_stock_voila": summary} on a
    fresh workspace and server."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", with_records=True)
        slug = slugs[0]
        widgets_path = widgets_notebook(workspace.root)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log")
        stock = stock_voila(workspace.root / "plain_widgets.ipynb", Path(tmp) / "stock.log")
        steps: dict[int, list[dict]] = {number: [] for number in STEPS.numbers}
        widgets: list[dict] = []
        stock_widgets: list[dict] = []
        try:
            server.start()
            stock.start()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, executable)
                page = browser.new_context().new_page()
                page.set_default_timeout(120_000)
                page.goto(server.url + step_path(1, slug))
                sign_in(page, "Bench Mark", KOSSA, "IPC focal person")
                open_widgets(page, server, widgets_path)  # warm the disk cache
                for _ in range(samples):
                    for number in STEPS.numbers:
                        steps[number].append(open_step(page, server, slug, number))
                    widgets.append(open_widgets(page, server, widgets_path))
                    stock_widgets.append(open_widgets(page, stock))
                browser.close()
        finally:
            server.stop()
            stock.stop()
    return {"steps": {number: summary(values) for number, values in steps.items()},
            "plain_widgets": summary(widgets), "plain_widgets_stock_voila": summary(stock_widgets)}


def run() -> dict:
    result = measure(required_chromium())
    steps = result["steps"]
    worst = max(max(s["rss_mib"]) for s in steps.values())
    result["worst_step_median_rss_mib"] = max(s["median_rss_mib"] for s in steps.values())
    result["worst_kernel_rss_mib"] = worst
    for anchor in ("plain_widgets", "plain_widgets_stock_voila"):
        result[f"worst_step_over_{anchor}_mib"] = round(
            result["worst_step_median_rss_mib"] - result[anchor]["median_rss_mib"], 1)
    result["target"] = f"≤ {TARGET_MIB:g} MiB per participant kernel (every sample of every step page)"
    result["met"] = worst <= TARGET_MIB
    result["setup"] = (f"demo partnership with the demo's records, a participant signed in, Steps "
                       f"{STEPS.numbers[0]}–{STEPS.numbers[-1]} opened in turn, {SAMPLES} samples each, "
                       f"read {SETTLE_SECONDS:g} s after the page showed the participant; plain_widgets: "
                       "plain_step2.py's widgets without the chart, on the same server and on stock voila, "
                       "interleaved")
    return result
