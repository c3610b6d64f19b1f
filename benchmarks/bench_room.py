"""A room moving through the cycle: 3 partnerships × 10 participants (Chromium contexts) on one
`tpi serve`, each walking Step 1 → 6 → 1, beside a plain Voila notebook with the same widgets
(plain_step2.py) loaded in the same run. Two designs, each with its own server in the same run:

- **workbook** (what the landing page links to): one page per participant and partnership whose
  steps switch inside its kernel (ui/workbook.py); a move is a click on the header's step link;
- **step pages**: each step its own notebook page, a move is a page load, with warm kernels
  (Voila's preheating, our pool policy) where the room is about to go.

- **first_page_of_the_day**: a new browser opening a partnership's step page on a server that has
  just started (after its warm kernels are ready), until the sign-in form is shown (the page's
  own HTML has it; what is typed there passes to the widgets' form), and until the widgets' form
  is (`first_page_widget_form_seconds`);
- **step_to_step**: every navigation of a returning participant from one step to the next, until
  the first form control after the "signed in" line is enabled and shows its saved value (median,
  p95); the plain notebook's loads (until its first rating list is enabled) are interleaved;
- **bytes**: a participant's first load (empty cache) and a cached reload of Step 2, HTTP bodies
  as sent on the wire (compressed) and websocket frames apart (Chromium's DevTools protocol);
- **widget_state_kib**: per step page of the demo partnership (for the workbook: per switch to that
  step), the websocket bytes received (on the wire and uncompressed) and the widget state they
  carry (the comm_open and "update" messages' state and buffers, without message envelopes);
- **kernels**: kernels alive (maximum) and the maximum of kernels minus open pages (a page counts
  from its request on: a loading page has its kernel; and for SHUTDOWN_GRACE_SECONDS after it is
  closed: its kernel is being shut down), sampled every half second through the run,
  against the warm kernels the server keeps (its default); **server_rss_mib**: Voila and every
  kernel, maximum.

Participants walk one navigation at a time, round robin (the sync Playwright API drives one page
at a time), one navigation every PACE_SECONDS: 30 open pages, each moving on in turn over a
minute, as a room does after a facilitator says "next".
"""

from __future__ import annotations

import base64
import json
import re
import statistics
import tempfile
import threading
import time
import zlib
from pathlib import Path

import psutil

from bench_live import PARTNERSHIPS, PER_PARTNERSHIP, make_workspace, summary
from bench_step2_page import kernel_pids, plain_notebook, required_chromium
from tests.support import Server, launch_chromium, sign_in, step_path, workbook_path
from tpi_widgets.core.room import step_on
from tpi_widgets.config import ServeConfig
from tpi_widgets.server.warm_kernels import FirstPages

ERROR_LINE = re.compile(r"\b[45]\d\d (GET|POST|HEAD|PUT|PATCH|DELETE) ")  # a 4xx/5xx answer in the log
WALK = [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]
PLAIN_EVERY = 10  # one plain-notebook load after every this many step navigations
PACE_SECONDS = 2.0  # one navigation every 2 s: the 30 participants move on over a minute
WARM_KERNELS = ServeConfig.warm_kernels.default_value  # the server runs with the default
WARM_UP_SECONDS = 20  # the server fills its warm kernels after starting
SHUTDOWN_GRACE_SECONDS = 10  # a left page's kernel being shut down (Jupyter waits up to 5 s, then kills)

# the first control after the signed-in line is enabled, and the saved values are shown (every
# value arrives with the page's widget state: one control showing one is enough)
INTERACTIVE = """(step) => {
  const banner = document.querySelector('.tpi-signed-in');
  const page = document.querySelector(step ? '.tpi-step-' + step : '.tpi-step');
  if (!banner || !page) return false;
  const controls = [...page.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), select, textarea')]
    .filter(el => el.offsetParent !== null && (banner.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (controls.length > 0) return !controls[0].disabled && controls.some(el => el.value !== '');
  // a page of closed cards (Steps 4, 5) shows its saved values as lines: its first button is enabled
  const buttons = [...document.querySelectorAll('.tpi-step-body button')].filter(el => el.offsetParent !== null);
  return buttons.length > 0 && !buttons[0].disabled;
}"""
DESIGNS = ("workbook", "step pages")


class Wire:
    """Bytes a page receives: HTTP bodies as encoded on the wire, websocket frames apart. DevTools
    shows a websocket frame's payload uncompressed (a binary frame base64-encoded: decoded here);
    when the server agreed to permessage-deflate, the wire carries it deflated with the context
    kept between messages, which one zlib stream over the payloads in order reproduces (to within
    a few bytes a message)."""

    def __init__(self, page):
        self.deflated_socket = False
        self.reset()
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._http)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.on("Network.webSocketHandshakeResponseReceived", self._handshake)

    def _http(self, event):
        self.http += event.get("encodedDataLength", 0)

    def _handshake(self, event):
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        self.deflated_socket = "permessage-deflate" in headers.get("sec-websocket-extensions", "")

    def _frame(self, event):
        response = event["response"]
        payload = response.get("payloadData", "").encode()
        if response.get("opcode") == 2:  # a binary frame: DevTools shows it base64-encoded
            payload = base64.b64decode(payload)
        self.websocket += len(payload)
        self.websocket_wire += len(self._deflate.compress(payload) + self._deflate.flush(zlib.Z_SYNC_FLUSH)) - 4
        self.widget_state += widget_state_bytes(payload, binary=response.get("opcode") == 2)

    def reset(self):
        self.http = self.websocket = self.websocket_wire = self.widget_state = 0
        self._deflate = zlib.compressobj(6, zlib.DEFLATED, -15)

    def kib(self) -> dict:
        wire = self.websocket_wire if self.deflated_socket else self.websocket
        return {"http_kib": round(self.http / 1024, 1), "websocket_kib": round(wire / 1024, 1),
                "websocket_uncompressed_kib": round(self.websocket / 1024, 1),
                "widget_state_kib": round(self.widget_state / 1024, 1)}


def widget_state_bytes(payload: bytes, binary: bool) -> int:
    """The widget state a kernel message carries (a comm_open's or an "update" comm_msg's
    `data.state` as JSON, and its binary buffers), 0 for any other message: the widgets' own data,
    without the message's envelope. `binary`: Jupyter's v1 websocket protocol (a count of offsets,
    the offsets, then channel, header, parent header, metadata, content and buffers)."""
    try:
        if binary:
            count = int.from_bytes(payload[:8], "little")
            offsets = [int.from_bytes(payload[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
            parts = [payload[start:end] for start, end in zip(offsets, offsets[1:] + [len(payload)])]
            header, content, buffers = json.loads(parts[1]), json.loads(parts[4]), parts[5:]
        else:
            message = json.loads(payload)
            header, content, buffers = message["header"], message["content"], []
    except (ValueError, IndexError, KeyError):
        return 0
    data = content.get("data") or {}
    if header.get("msg_type") == "comm_open" or (header.get("msg_type") == "comm_msg" and data.get("method") == "update"):
        return len(json.dumps(data.get("state", {}), separators=(",", ":")).encode()) + sum(map(len, buffers))
    return 0


class Watch:
    """Kernels alive, open pages and the server's memory, sampled in the background. A page just
    left still counts for SHUTDOWN_GRACE_SECONDS: its kernel is being shut down (Jupyter asks it to
    stop and waits up to 5 s before killing it), which is not a kernel outliving its page."""

    def __init__(self, server: Server):
        self.server, self.open_pages = server, 0
        self.kernels_max = self.excess_max = 0
        self.rss_max = 0.0
        self._leaving: list[tuple[float, int]] = []  # (until when, how many pages)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def pages_left(self, count: int):
        """`count` pages were just closed (or navigated away): their kernels are shutting down."""
        self._leaving.append((time.monotonic() + SHUTDOWN_GRACE_SECONDS, count))

    def _shutting_down(self) -> int:
        now = time.monotonic()
        return sum(count for until, count in self._leaving if until > now)

    def _run(self):
        while not self._stop.wait(0.5):
            try:
                root = psutil.Process(self.server.process.pid)
                processes = [root, *root.children(recursive=True)]
                kernels = len(kernel_pids(self.server))
                rss = sum(p.memory_info().rss for p in processes) / 2**20
            except psutil.Error:
                continue
            self.kernels_max = max(self.kernels_max, kernels)
            self.excess_max = max(self.excess_max, kernels - self.open_pages - self._shutting_down())
            self.rss_max = max(self.rss_max, rss)


def goto_interactive(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(INTERACTIVE, arg=0, polling=50)
    return time.perf_counter() - start


def move(page, server: Server, design: str, step: int) -> float:
    """A returning participant moves to `step`: seconds until it is interactive."""
    if design == "step pages":
        return goto_interactive(page, server.url + step_path(step, page.slug))
    start = time.perf_counter()
    page.locator(f'.tpi-steps a[data-step="{step}"]').click()
    page.wait_for_function(INTERACTIVE, arg=step, polling=50)
    return time.perf_counter() - start


def entry(server: Server, design: str, slug: str, step: int) -> str:
    """The address a participant opens `step` at."""
    return server.url + (workbook_path(step, slug) if design == "workbook" else step_path(step, slug))


def plain_interactive(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    rating = page.get_by_label("IPC-01 rating")
    rating.wait_for(state="visible")
    page.wait_for_function("el => !el.disabled", arg=rating.element_handle(), polling=50)
    return time.perf_counter() - start


def run() -> dict:
    executable = required_chromium()
    results = {design: measure_design(executable, design) for design in DESIGNS}
    chosen = results["workbook"]
    chosen["designs_compared"] = {design: {key: results[design][key] for key in (
        "step_to_step_seconds", "ratio_to_plain", "first_page_of_the_day_seconds", "first_page_widget_form_seconds",
        "kernels_alive_max",
        "server_rss_mib_max")} for design in DESIGNS}
    return chosen


def measure_design(executable: str, design: str) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", with_records=True)
        plain_path = plain_notebook(workspace.root)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log", max_kernels=80).start()
        result: dict = {"design": design}
        try:
            with sync_playwright() as playwright, Watch(server) as watch:
                browser = launch_chromium(playwright, executable)
                time.sleep(WARM_UP_SECONDS)
                watch.open_pages = 1  # one page at a time, loading or open
                (result["first_page_of_the_day_seconds"],
                 result["first_page_widget_form_seconds"]) = first_page(browser, server, workspace, design)
                watch.pages_left(1)
                result["bytes"], result["widget_state_kib"] = weigh_pages(browser, server, slugs[0], design)
                watch.pages_left(1)
                pages = arrive(browser, server, slugs, watch, design)
                watch.open_pages = len(pages) + 1  # and the plain notebook's page
                steps, plain = walk(browser, server, pages, plain_path, design)
                result["step_to_step_seconds"] = summary(steps)
                result["plain_notebook_seconds"] = summary(plain)
                result["ratio_to_plain"] = round(statistics.median(steps) / statistics.median(plain), 2)
                for page in pages:
                    page.close(run_before_unload=True)
                watch.pages_left(len(pages) + 1)
                watch.open_pages = 0
                browser.close()
            result["kernels_alive_max"] = watch.kernels_max
            result["kernels_beyond_open_pages_max"] = watch.excess_max
            result["server_rss_mib_max"] = round(watch.rss_max, 1)
            log = (Path(tmp) / "voila.log").read_text(errors="replace").splitlines()
            result["server_log_errors"] = sum(1 for line in log if ERROR_LINE.search(line))
        finally:
            server.stop()
    result["targets"] = {
        "step to step median <= 1.0 s": result["step_to_step_seconds"]["median"] <= 1.0,
        "step to step <= 0.5 x plain notebook": result["ratio_to_plain"] <= 0.5,
        "first page of the day <= 2 s": result["first_page_of_the_day_seconds"] <= 2.0,
        # MB and KB as the issue says them: 10^6 and 10^3 bytes (the figures are KiB)
        "first load <= 1.5 MB": result["bytes"]["first"]["http_kib"] + result["bytes"]["first"]["websocket_kib"]
        <= 1.5e6 / 1024,
        "cached reload <= 100 KB": result["bytes"]["cached"]["http_kib"] + result["bytes"]["cached"]["websocket_kib"]
        <= 100e3 / 1024,
        "kernels alive <= open pages + warm kernels": result["kernels_beyond_open_pages_max"] <= WARM_KERNELS,
        # the widgets' own state as the kernel sends it (uncompressed, without message envelopes)
        "widget state <= 100 KB on every step": max(
            page["widget_state_kib"] for page in result["widget_state_kib"].values()) <= 100e3 / 1024,
        "a step's websocket traffic <= 100 KB on the wire": max(
            page["websocket_kib"] for page in result["widget_state_kib"].values()) <= 100e3 / 1024,
        "server <= 3 GiB": result["server_rss_mib_max"] <= 3 * 1024,
    }
    result["setup"] = (f"{PARTNERSHIPS} partnerships × {PER_PARTNERSHIP} participants with the demo's records, each a "
                       f"Chromium context walking steps {WALK}, one move every {PACE_SECONDS} s, round robin")
    return result


def first_page(browser, server: Server, workspace, design: str) -> tuple[float, float]:
    """A new browser opening the first partnership's page of the day (its workbook, which the
    server warmed; with step pages, the step the partnership is on): seconds until the sign-in
    form is shown (the one in the page's HTML, usable: what is typed passes to the widgets'), and
    until the widgets' form is."""
    page = browser.new_context().new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    if design == "workbook":
        page.goto(server.url + "voila/render/" + FirstPages(workspace).notebooks()[0])
    else:
        step = step_on(workspace.store, workspace.store.partnerships()[0].id, 1)
        page.goto(entry(server, design, workspace.store.partnerships()[0].slug, step))
    page.get_by_label("Your name").wait_for()  # the form in the page's HTML, usable (tpi-signin.js)
    seconds = time.perf_counter() - start
    page.locator(".tpi-participant-form").get_by_label("Your name").wait_for()
    widgets = time.perf_counter() - start
    page.context.close()
    return round(seconds, 2), round(widgets, 2)


def weigh_pages(browser, server: Server, slug: str, design: str) -> tuple[dict, dict]:
    """(first load and cached reload of Step 2, websocket KiB of each step page)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.slug = slug
    wire = Wire(page)
    page.goto(entry(server, design, slug, 2))
    sign_in(page, "Weigh Bridge", "Kossa District Hospital", "Nurse")
    page.wait_for_function(INTERACTIVE, arg=2, polling=50)
    time.sleep(1.0)
    first = wire.kib()
    wire.reset()
    page.reload() if design == "workbook" else page.goto(entry(server, design, slug, 2))
    page.wait_for_function(INTERACTIVE, arg=2, polling=50)
    time.sleep(1.0)
    cached = wire.kib()
    state = {}
    for step in [1, 2, 3, 4, 5, 6] if design == "step pages" else [1, 3, 4, 5, 6, 2]:
        wire.reset()
        move(page, server, design, step)
        time.sleep(1.0)
        state[f"step{step}"] = wire.kib()
    page.close(run_before_unload=True)
    context.close()
    return {"first": first, "cached": cached}, state


def arrive(browser, server: Server, slugs: list[str], watch: Watch, design: str) -> list:
    """Every participant signs in on Step 1, one after another."""
    pages = []
    for slug in slugs:
        for m in range(PER_PARTNERSHIP):
            page = browser.new_context().new_page()
            page.set_default_timeout(180_000)
            watch.open_pages = len(pages) + 1  # a page counts from its request on
            page.goto(entry(server, design, slug, 1))
            sign_in(page, f"P{m:02d} {slug}", "Kossa District Hospital" if m % 2 == 0 else "Hôpital Régional de Valmont",
                    "Nurse")
            page.slug = slug
            pages.append(page)
    watch.open_pages = len(pages)
    return pages


def walk(browser, server: Server, pages: list, plain_path: str, design: str) -> tuple[list[float], list[float]]:
    plain_page = browser.new_context().new_page()
    plain_page.set_default_timeout(180_000)
    steps, plain = [], []
    for step in WALK[1:]:
        for page in pages:
            started = time.monotonic()
            steps.append(move(page, server, design, step))
            if len(steps) % PLAIN_EVERY == 0:
                plain.append(plain_interactive(plain_page, server.url + plain_path))
            time.sleep(max(0.0, PACE_SECONDS - (time.monotonic() - started)))
    plain_page.close(run_before_unload=True)
    return steps, plain
