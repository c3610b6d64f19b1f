"""Where a page load's time goes, stamped by the page itself; shared by the arrival and phone
benchmarks (bench_arrival.py, bench_phone.py).

An init script in every document of a context (`Stamps.install`) polls a "usable" predicate and,
the first time it holds, reports to Python (a Playwright binding) the wall-clock moments of the
load, read from the page's own Navigation and Resource Timing and from the kernel's websocket
(WebSocket is wrapped before Voila's scripts run, as templates/voila/tpi/static/tpi-connection.js
does):

- **html_first_byte**: the page's first byte (Voila flushes its template's head at once; under
  DevTools' network emulation, before the emulated latency);
- **html_done**: the last byte of the page; Voila sends the rest once the kernel has started (or a
  warm one was taken) and run the notebook: the server's share;
- **scripts_done**: the last script, style sheet or font requested before the websocket opened
  (Voila's bundle and its chunks, loaded after the page's last byte): the static files;
- **ws_open**: the kernel's websocket open (the bundle has run and connected);
- **ws_first_message**, **ws_biggest_message** (the widget state), **ws_last_message** (the last
  before usable: for a step page, the participant's page the kernel builds once the browser said
  who it is);
- **usable**: the predicate held (polled every `poll_ms`): widget rendering after the last message.

Times are seconds from a moment the benchmark names (its navigation's start). Stamps are wall
clock (Date.now / performance.timeOrigin), so many pages in one browser are measured at once
without a round trip to Python each; Python only collects the reports (sync or async API).

`CpuMeter` adds CPU seconds spent meanwhile by the server (Voila's process), its kernels, the
browser (Chromium), Playwright's driver and the rest of the machine: on two cores, the total says
how long a crowd must take, and which side spends it; it also tells when each kernel ended.
`page_state` says what a page that never became usable shows, `ServerLog` what the server's log
said meanwhile, `start_together` starts loads in several pages at one instant (sync API).
"""

from __future__ import annotations

import os
import re
import statistics
import threading
import time
from collections import defaultdict

import psutil

from bench_room import ERROR_LINE, INTERACTIVE


def labelled_control(label: str, within: str = ":root") -> str:
    """A predicate: the form control whose label reads `label` (inside `within`, a CSS selector)
    is shown and enabled."""
    return f"""() => {{
  const label = [...document.querySelectorAll({within + ' label'!r})].find(l => l.textContent.trim() === {label!r});
  const control = label && document.getElementById(label.htmlFor);
  return !!control && control.offsetParent !== null && !control.disabled;
}}"""


# what "usable" means for each kind of page
PREDICATES = {
    # a new participant's Step 2 page: the first sign-in form they can type in (the page's own
    # HTML has one, handed over to the widgets'), and the widgets' form (the page did not stay blank)
    "sign_in_form": labelled_control("Your name"),
    "widget_sign_in_form": labelled_control("Your name", ".tpi-participant-form"),
    "interactive": INTERACTIVE,  # a returning participant's step page (bench_room)
    "plain": labelled_control("IPC-01 rating"),  # the plain notebook (plain_step2.py)
}

PHASES = ["html_first_byte", "html_done", "scripts_done", "ws_open", "ws_first_message", "ws_biggest_message",
          "ws_last_message", "usable"]

STAMP_SCRIPT = """(() => {
  if (window.top !== window || location.protocol === 'about:') return;
  const predicates = {%(predicates)s};
  window.tpiBenchDocument(performance.timeOrigin);
  const ws = {open: null, firstSend: null, first: null, last: null, biggest: null, biggestSize: 0, messages: 0,
              bytes: 0};
  window.tpiBenchSocket = ws;  // for PAGE_STATE, when the page never becomes usable
  let done = false;
  const Native = window.WebSocket;
  function Stamped(url, protocols) {
    if (window.tpiBenchSocketHost && /\/api\/kernels\/[^\/]+\/channels/.test(String(url))) {
      url = String(url).replace(/^(wss?:\/\/)[^\/]+/, '$1' + window.tpiBenchSocketHost);  // a link in between
    }
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (/\\/api\\/kernels\\/[^\\/]+\\/channels/.test(String(url))) {
      socket.addEventListener('open', () => { if (ws.open === null) ws.open = performance.now(); });
      socket.addEventListener('message', (event) => {
        if (done) return;
        const now = performance.now(), data = event.data;
        const size = typeof data === 'string' ? data.length : (data.byteLength || data.size || 0);
        if (ws.first === null) ws.first = now;
        ws.last = now; ws.messages += 1; ws.bytes += size;
        if (size > ws.biggestSize) { ws.biggestSize = size; ws.biggest = now; }
      });
      const send = socket.send;
      socket.send = function (data) {
        if (ws.firstSend === null) ws.firstSend = performance.now();
        return send.call(this, data);
      };
    }
    return socket;
  }
  Stamped.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(name => { Stamped[name] = Native[name]; });
  window.WebSocket = Stamped;
  const timer = setInterval(() => {
    const expected = window.tpiBenchExpect || 'sign_in_form';
    let ok = false;
    try { ok = !!predicates[expected](); } catch (e) { ok = false; }
    if (!ok) return;
    done = true;
    clearInterval(timer);
    const now = performance.now();
    const nav = performance.getEntriesByType('navigation')[0] || {};
    const fetched = performance.getEntriesByType('resource').filter(r => r.startTime < now &&
        !(r.initiatorType === 'fetch' && /static\\/voila\\.js$/.test(r.name)));  // the connection probe
    const beforeSocket = fetched.filter(r => r.startTime < (ws.open === null ? now : ws.open));
    const scriptsDone = beforeSocket.length ? Math.max(...beforeSocket.map(r => r.responseEnd)) : null;
    window.tpiBenchUsable({
      expected: expected, origin: performance.timeOrigin,
      html_first_byte: nav.responseStart || null, html_done: nav.responseEnd || null,
      scripts_done: scriptsDone, ws_open: ws.open, ws_first_send: ws.firstSend, ws_first_message: ws.first,
      ws_biggest_message: ws.biggest, ws_last_message: ws.last, usable: now,
      ws_messages: ws.messages, ws_bytes: ws.bytes, ws_biggest_bytes: ws.biggestSize,
      resources: fetched.length, transfer_bytes: (nav.transferSize || 0) +
          fetched.reduce((sum, r) => sum + (r.transferSize || 0), 0)});
  }, %(poll_ms)d);
})();"""


class Stamps:
    """The reports of every page of the contexts it is installed in: `documents[page]` (wall-clock
    start of each document the page loaded, its own retries included) and `usable[page]` (one
    report per document that became usable)."""

    def __init__(self, poll_ms: int = 50):
        self.poll_ms = poll_ms
        self.documents: dict = defaultdict(list)
        self.usable: dict = defaultdict(list)

    def install(self, context, expect: str = "sign_in_form") -> list:
        """Stamp every page of `context`, waiting for `expect` (a PREDICATES key). With the sync
        Playwright API that is done when it returns; with the async API, await each item of the
        list it returns, in order."""
        predicates = ",\n".join(f"{name}: {source}" for name, source in PREDICATES.items())
        return [
            context.expose_binding("tpiBenchDocument", lambda source, origin: self.documents[source["page"]]
                                   .append(origin / 1000)),
            context.expose_binding("tpiBenchUsable", lambda source, report: self.usable[source["page"]]
                                   .append(report)),
            context.add_init_script(STAMP_SCRIPT % {"predicates": predicates, "poll_ms": self.poll_ms}),
            *self.expect(context, expect)]

    @staticmethod
    def route_kernel_sockets(context, host: str) -> list:
        """From the next document on, the kernel's websocket goes to `host` ("127.0.0.1:PORT", a
        proxy in front of the server) instead of the page's own; with the async API, await the list's
        items."""
        return [context.add_init_script(f"window.tpiBenchSocketHost = {host!r};")]

    @staticmethod
    def expect(context, kind: str) -> list:
        """From the next document on, the context's pages wait for `kind` (a PREDICATES key); with
        the async API, await the list's items."""
        assert kind in PREDICATES, kind
        return [context.add_init_script(f"window.tpiBenchExpect = {kind!r};")]

    def usable_since(self, page, start: float, kind: str | None = None) -> dict | None:
        """The page's first report of a document started at or after `start` (epoch seconds)."""
        for report in self.usable.get(page, []):
            if report["origin"] / 1000 >= start - 0.05 and (kind is None or report["expected"] == kind):
                return report
        return None

    def documents_since(self, page, start: float) -> list[float]:
        return [t for t in self.documents.get(page, []) if t >= start - 0.05]


def phases(report: dict, start: float) -> dict:
    """Seconds from `start` (epoch seconds) to each phase of a usable report; None when the page had
    no such moment (no websocket message, say)."""
    origin = report["origin"] / 1000
    return {name: (round(origin + report[name] / 1000 - start, 3) if report.get(name) is not None else None)
            for name in PHASES}


def phase_medians(reports: list[dict]) -> dict:
    """Median of each phase over several loads' `phases` (None values left out)."""
    out = {}
    for name in PHASES:
        values = [r[name] for r in reports if r.get(name) is not None]
        out[name] = round(statistics.median(values), 2) if values else None
    return out


def start_together(pages, actions: str | list[str], lead_seconds: float = 2.0) -> float:
    """Run `actions` (JavaScript: a navigation, a reload; one for all or one per page) in every page
    at one wall-clock instant, `lead_seconds` from now, by a timer set in each page: the driver's
    round trips to set them do not spread the starts. Returns that instant (epoch seconds)."""
    at = time.time() + lead_seconds
    for page, action in zip(pages, [actions] * len(pages) if isinstance(actions, str) else actions):
        page.evaluate(f"setTimeout(() => {{ {action} }}, {at * 1000!r} - Date.now())")
    return at


# what a page shows when it never became usable: blank means no widget of the page rendered
PAGE_STATE = """() => {
  const widgets = [...document.querySelectorAll('.jupyter-widgets')];
  const failed = widgets.filter(el => /^Error displaying widget/.test(el.textContent || '')).length;
  const banner = document.querySelector('.tpi-connection:not([hidden]) .tpi-connection-message');
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const config = document.getElementById('jupyter-config-data');
  const seconds = t => t === null || t === undefined ? null : Math.round(t) / 1000;
  const socket = window.tpiBenchSocket || {};
  const shown = document.getElementById('rendered_cells') || document.body || {innerText: ''};
  return {url: location.href, origin: performance.timeOrigin, ready_state: document.readyState,
          widgets: widgets.length - failed, failed_widgets: failed, spinner: !!document.getElementById('loading'),
          banner: banner ? banner.textContent : null, text: shown.innerText.trim().slice(0, 300),
          kernel_id: config ? (JSON.parse(config.textContent).kernelId || null) : null,
          html_done_seconds: seconds(nav.responseEnd), ws_open_seconds: seconds(socket.open),
          ws_messages: socket.messages === undefined ? null : socket.messages,
          connection: window.tpiConnectionState ? window.tpiConnectionState() : null};
}"""


def page_state(page, start: float) -> dict:
    """What the page shows (PAGE_STATE), its times in seconds from `start` (epoch seconds)."""
    try:
        state = page.evaluate(PAGE_STATE)
    except Exception as exc:  # a page gone, a navigation under way
        state = {"error": str(exc).splitlines()[0], "widgets": 0}
    return _from_start(state, start)


async def page_state_async(page, start: float) -> dict:
    try:
        state = await page.evaluate(PAGE_STATE)
    except Exception as exc:  # a page gone, a navigation under way
        state = {"error": str(exc).splitlines()[0], "widgets": 0}
    return _from_start(state, start)


def _from_start(state: dict, start: float) -> dict:
    origin = state.pop("origin", None)
    for key in ("html_done_seconds", "ws_open_seconds"):
        if origin is not None and state.get(key) is not None:
            state[key] = round(origin / 1000 + state[key] - start, 1)
    return {**state, "blank": state.get("widgets", 0) == 0}


KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")  # a kernel's id, in its process's command line


class CpuMeter:
    """CPU seconds (user + system) spent, while it runs, by the server's own process, its kernels,
    Chromium and Playwright's driver (everything else under this Python process). Sampled every
    half second, so a kernel that ends between samples loses at most its last half second. It also
    notes when each kernel (by id) was first and last seen running (`kernels`, epoch seconds)."""

    KINDS = ("server", "kernels", "browser", "driver")

    def __init__(self, server):
        self.server = server
        self.kernels: dict[str, list[float]] = {}
        self._start: dict[int, float] = {}
        self._last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[int, tuple[str, float]]:
        found = {}
        server_pid = self.server.process.pid if self.server.process else None
        for process in psutil.Process(os.getpid()).children(recursive=True):
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    cpu = times.user + times.system
                    line = " ".join(process.cmdline())
                    parents = {p.pid for p in process.parents()}
            except psutil.Error:
                continue
            if process.pid == server_pid:
                kind = "server"
            elif server_pid in parents:
                kind = "kernels" if "ipykernel" in line else "server"
                for kernel_id in KERNEL_FILE.findall(line):
                    self.kernels.setdefault(kernel_id, [time.time(), 0.0])[1] = time.time()
            elif "chrom" in process.name().lower() or "chrom" in line.split(" ")[0].lower():
                kind = "browser"
            else:
                kind = "driver"
            found[process.pid] = (kind, cpu)
        return found

    @staticmethod
    def _busy() -> float:
        """CPU seconds the whole machine has been busy (every process, ours and others')."""
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    def __enter__(self):
        self._busy_start, self._wall_start = self._busy(), time.monotonic()
        self._start = {pid: cpu for pid, (_, cpu) in self._sample().items()}
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.5):
            self._last.update(self._sample())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._last.update(self._sample())
        self._busy_end, self._wall_end, self._wall_end_epoch = self._busy(), time.monotonic(), time.time()

    def kernel_fate(self, kernel_id: str | None, start: float) -> dict:
        """When the kernel was first and last seen running, in seconds from `start` (epoch), and
        whether it still ran at the meter's end."""
        if kernel_id not in self.kernels:
            return {"kernel_seen": False}
        first, last = self.kernels[kernel_id]
        return {"kernel_first_seen_seconds": round(first - start, 1),
                "kernel_last_seen_seconds": round(last - start, 1),
                "kernel_running_at_end": last >= self._wall_end_epoch - 1.0}

    def seconds(self) -> dict:
        """CPU seconds of each kind; `other` is what the rest of the machine (other people's work)
        spent meanwhile; `available` the wall time times the cores."""
        spent = dict.fromkeys(self.KINDS, 0.0)
        for pid, (kind, cpu) in self._last.items():
            spent[kind] += cpu - self._start.get(pid, 0.0)
        spent["other"] = max(0.0, self._busy_end - self._busy_start - sum(spent.values()))
        spent["available"] = (self._wall_end - self._wall_start) * (os.cpu_count() or 1)
        return {kind: round(value, 1) for kind, value in spent.items()}


# what the server's log says meanwhile; `tpi serve` logs warnings and errors only (a kernel shut
# down is an info line, not shown: CpuMeter.kernel_fate tells when a page's kernel ended)
LOG_EVENTS = {
    "kernel_refused_server_full": re.compile(r"Refused a kernel"),
    "cell_errors": re.compile(r"Error at server while executing cell"),
    # a page whose kernel did not start or run in time: it ended and loaded again (server/page_renderer.py)
    "pages_not_prepared": re.compile(r"could not be prepared \(kernel"),
    "warm_kernels_not_prepared": re.compile(r"could not be prepared \(warm kernel"),
    "http_errors": ERROR_LINE,
}


HEX_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,}")


class ServerLog:
    """Counts of LOG_EVENTS in the server's log since `mark()` (the log survives a restart: the
    server appends to it)."""

    def __init__(self, server):
        self.path = server.log_path
        self.offset = 0

    def mark(self):
        self.offset = self.path.stat().st_size

    def since_mark(self) -> dict:
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            lines = log.read().decode(errors="replace").splitlines()
        counts = {name: sum(1 for line in lines if pattern.search(line)) for name, pattern in LOG_EVENTS.items()}
        errors = (ERROR_LINE.search(line) for line in lines)
        counts["http_error_kinds"] = sorted({HEX_ID.sub("<id>", m.string[m.start():].split(" (")[0])
                                             for m in errors if m})[:10]
        return counts
