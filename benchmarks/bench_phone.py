"""A returning participant's phone on a slow link: Step 2 of a partnership (the demo's records) on
one `tpi serve` with its default settings, in Chromium emulating a phone (Playwright's "Galaxy
S8": 360×740, touch, a mobile Chrome user agent) on a throttled network (DevTools'
Network.emulateNetworkConditions: 400 ms latency, 1.6 Mbps down, 750 kbps up), beside the plain
Voila notebook with the same widgets (plain_step2.py) on the same phone and link, in the same run.

Two links, each with its own phone (browser context):

- **devtools**: DevTools' emulation alone, as specified. Chromium applies it to HTTP only: the
  kernel's websocket frames go and come at once (its handshake is delayed, its messages not);
- **devtools_and_socket**: the same, and the kernel's websocket through a proxy (SlowLink) that
  delays each direction by half the latency and paces it at the link's rates, so every message
  exchange with the kernel costs the round trip a phone pays. This is the phone's real link.

On each, the phone's loads:

- **first_visit**: an empty cache: a new participant's Step 2 page until the sign-in form is
  usable (the plain notebook: until its first rating list is enabled); the participant then signs
  in, so the browser remembers them (the session cookie);
- **earlier_visit**: EARLIER_VISITS reloads right after signing in, not counted as a returning
  participant's: Chromium compiles a script afresh until its third load, then keeps the code;
- **reload**: the returning participant reloads Step 2 (static files cached, cookie set), until
  the page is usable (bench_room.INTERACTIVE: the first control after the signed-in line is
  enabled and shows its saved value); RELOADS samples, interleaved with the plain notebook's
  reloads and across both links; whether the page's kernel was a warm one (running before the
  reload) is recorded;
- **reload_stale_cache**: the same once the cached files have outlived their max-age
  (SHORT_CACHE_SECONDS, 5 minutes: Voila's chunks such as 8135.voila.js carry no hash in their
  name), as for a participant coming back after a break: the browser revalidates each of them;
  STALE_RELOADS rounds, each more than that after the phone's previous one. A reload counts as
  stale by what happened (`revalidated_files`, the 304 answers it got), so a load of the fresh
  rounds that met the max-age (five minutes after the first visit) is counted here.

And on the real link only:

- **reopen**: the participant closed the tab and opens the link again (cached, cookie set), no
  Step 2 page open on the server, so no warm kernel for it: the cold-kernel case;
- **reload_empty_cache**: the returning participant with the browser's cache cleared;
- **reload_cpu_4x**: informative, a slower phone: the reload with Chromium's CPU slowed 4×
  (Emulation.setCPUThrottlingRate), since this machine's cores are faster than a phone's.

Each load with its bytes (bench_room.Wire: HTTP as on the wire, websocket deflated and not), where
its time went (page_phases) and the share of the machine's CPU other work took meanwhile
(`others_cpu_share`: the machine is shared; a slow sample with a high share is noise). Under
DevTools' emulation `html_first_byte` is the first byte before the emulated latency (Navigation
Timing's responseStart); `html_done` includes it. Target: a returning participant's Step 2
usable within 5 s on such a link.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench_live import make_workspace
from bench_room import WARM_UP_SECONDS, Wire
from bench_step2_page import plain_notebook, required_chromium
from page_phases import KERNEL_FILE, CpuMeter, Stamps, page_state, phase_medians, phases, start_together
from tests.support import KOSSA, Server, launch_chromium, sign_in, step_path
from tpi_widgets.server.static_files import SHORT

PHONE = "Galaxy S8"  # Playwright's device: 360×740, device scale 3, is_mobile, has_touch, Android Chrome UA
LINK = {"offline": False, "latency": 400, "downloadThroughput": 200_000, "uploadThroughput": 93_750}
CONDITIONS = ("devtools", "devtools_and_socket")
REAL_LINK = "devtools_and_socket"
EARLIER_VISITS = 2  # reloads before the measured ones: Chromium keeps compiled scripts from the third load
RELOADS = 5  # within the cached files' max-age
STALE_RELOADS = 3  # each once the cached files have outlived it
# the max-age of Voila's and our unhashed static files (server/static_files.py): once it has passed,
# a reload revalidates each of them (a conditional request, a round trip on the phone's link)
SHORT_CACHE_SECONDS = int(re.search(r"max-age=(\d+)", SHORT).group(1))
EXTRA_SAMPLES = 2  # reopen, empty cache
CPU_SLOWDOWN = 4
CPU_SAMPLES = 3
PAUSE_SECONDS = 8  # between loads: the server settles and refills its warm kernels
LOAD_TIMEOUT_SECONDS = 180
TARGET_SECONDS = 5.0


def run() -> dict:
    executable = required_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", with_records=True)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log").start()  # default settings
        urls = {"tpi": server.url + step_path(2, slugs[0]), "plain": server.url + plain_notebook(workspace.root)}
        samples: dict = {condition: {} for condition in CONDITIONS}

        def sample(condition: str, name: str, load: dict):
            samples[condition].setdefault(name, []).append(load)

        try:
            with SlowLink(server.port, LINK) as link, sync_playwright() as playwright:
                browser = launch_chromium(playwright, executable)
                time.sleep(WARM_UP_SECONDS)
                stamps = Stamps(poll_ms=50)
                phones = {}
                for condition in CONDITIONS:
                    for kind, first in (("tpi", "sign_in_form"), ("plain", "plain")):
                        context = browser.new_context(**playwright.devices[PHONE])
                        stamps.install(context, expect=first)
                        if condition == REAL_LINK:
                            Stamps.route_kernel_sockets(context, f"127.0.0.1:{link.port}")
                        phones[condition, kind] = Phone(context, server)
                for condition in CONDITIONS:  # first visits: an empty cache, a new participant
                    tpi, plain = phones[condition, "tpi"], phones[condition, "plain"]
                    sample(condition, "first_visit", tpi.load(stamps, f"location.href = {urls['tpi']!r}",
                                                              "sign_in_form"))
                    sign_in(tpi.page, f"Returning Participant {condition}", KOSSA, "Nurse")
                    Stamps.expect(tpi.page.context, "interactive")
                    sample(condition, "plain_first_visit", plain.load(stamps, f"location.href = {urls['plain']!r}",
                                                                      "plain"))
                for _ in range(EARLIER_VISITS):  # the participant has used the page before (V8's code cache)
                    for condition in CONDITIONS:
                        for kind, expect in (("tpi", "interactive"), ("plain", "plain")):
                            time.sleep(PAUSE_SECONDS)
                            sample(condition, "earlier_visit" if kind == "tpi" else "plain_earlier_visit",
                                   phones[condition, kind].load(stamps, "location.reload()", expect))
                round_started = 0.0
                for n in range(RELOADS + STALE_RELOADS):  # interleaved: the machine's noise hits all alike
                    stale = n >= RELOADS
                    if stale:  # every phone's cached files have outlived their max-age since its last load
                        time.sleep(max(0.0, round_started + SHORT_CACHE_SECONDS + 5 - time.time()))
                    round_started = time.time()
                    for condition in CONDITIONS:
                        for kind, expect in (("tpi", "interactive"), ("plain", "plain")):
                            time.sleep(PAUSE_SECONDS)
                            load = phones[condition, kind].load(stamps, "location.reload()", expect)
                            # by what happened: a load of the fresh rounds may meet the max-age too
                            name = "reload" if kind == "tpi" else "plain_reload"
                            sample(condition, name + ("_stale_cache" if load.get("revalidated_files") else ""), load)
                for condition in CONDITIONS:  # done with; no other Step 2 page stays open
                    if condition != REAL_LINK:
                        phones[condition, "tpi"].close()
                tpi = phones[REAL_LINK, "tpi"]
                for _ in range(EXTRA_SAMPLES):
                    context = tpi.page.context
                    tpi.close()
                    time.sleep(PAUSE_SECONDS)
                    tpi = Phone(context, server)
                    sample(REAL_LINK, "reopen", tpi.load(stamps, f"location.href = {urls['tpi']!r}", "interactive"))
                for _ in range(EXTRA_SAMPLES):
                    time.sleep(PAUSE_SECONDS)
                    tpi.session.send("Network.clearBrowserCache")
                    sample(REAL_LINK, "reload_empty_cache", tpi.load(stamps, "location.reload()", "interactive"))
                tpi.session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                for _ in range(CPU_SAMPLES):
                    time.sleep(PAUSE_SECONDS)
                    sample(REAL_LINK, "reload_cpu_4x", tpi.load(stamps, "location.reload()", "interactive"))
                browser.close()
        finally:
            server.stop()
    result: dict = {condition: {name: variant(loads) for name, loads in by_name.items()}
                    for condition, by_name in samples.items()}
    result["targets"] = {}
    for condition in CONDITIONS:
        for cache in ("", "_stale_cache"):
            reload, plain = result[condition]["reload" + cache], result[condition]["plain_reload" + cache]
            result[condition][f"reload{cache}_ratio_to_plain"] = round(
                reload["median_seconds"] / plain["median_seconds"], 2)
            which = "cache older than its max-age" if cache else "cache fresh"
            result["targets"][f"{condition}, {which}: returning participant's reload usable <= 5 s, median"] = \
                reload["median_seconds"] <= TARGET_SECONDS
            result["targets"][f"{condition}, {which}: returning participant's reload usable <= 5 s, every sample"] = \
                reload["max_seconds"] <= TARGET_SECONDS
    result["targets"][f"{REAL_LINK}: returning participant reopening the link (cold kernel) <= 5 s, median"] = \
        result[REAL_LINK]["reopen"]["median_seconds"] <= TARGET_SECONDS
    result["setup"] = (f"Playwright device {PHONE!r} (360×740, touch, mobile UA); DevTools network emulation "
                       f"{LINK['latency']} ms latency, {LINK['downloadThroughput'] * 8 / 1e6:g} Mbps down, "
                       f"{LINK['uploadThroughput'] * 8 / 1e3:g} kbps up (devtools), and the kernel's websocket "
                       f"delayed and paced alike through a proxy ({REAL_LINK}); tpi serve with default settings, "
                       f"the demo's records; the plain notebook on the same phone and links, interleaved")
    return result


class Phone:
    """One tab on the phone: a page on the throttled link, its bytes counted."""

    def __init__(self, context, server: Server):
        self.server = server
        self.page = context.new_page()
        self.page.set_default_timeout(LOAD_TIMEOUT_SECONDS * 1000)
        self.wire = Wire(self.page)
        self.session = context.new_cdp_session(self.page)
        self.session.send("Network.enable")
        self.session.send("Network.emulateNetworkConditions", LINK)
        self.revalidated = 0  # cached files the browser asked the server about (304 Not Modified)
        self.session.on("Network.responseReceived", self._response)

    def _response(self, event):
        self.revalidated += event["response"].get("status") == 304

    def load(self, stamps: Stamps, action: str, kind: str) -> dict:
        """Run `action` (a navigation, a reload) and wait until the page is usable as `kind`."""
        before = kernel_ids(self.server)
        self.wire.reset()
        self.revalidated = 0
        with CpuMeter(self.server) as cpu:  # what else the machine did meanwhile (a noisy sample shows)
            start = start_together([self.page], action, lead_seconds=0.3)
            deadline = start + LOAD_TIMEOUT_SECONDS
            report = None
            while time.time() < deadline and (report := stamps.usable_since(self.page, start, kind)) is None:
                self.page.wait_for_timeout(50)
        spent = cpu.seconds()
        busy = {"others_cpu_share": round(spent["other"] / spent["available"], 2)}
        if report is None:
            return {"seconds": None, "state": page_state(self.page, start), **busy}
        self.page.wait_for_timeout(1000)  # the last frames and files of the load
        kernel = self.page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data')"
                                    ".textContent).kernelId")
        return {"seconds": round((report["usable"] + report["origin"]) / 1000 - start, 3),
                "warm_kernel": kernel in before, "phases": phases(report, start),
                "ws_messages": report["ws_messages"], "revalidated_files": self.revalidated, **self.wire.kib(), **busy}

    def close(self):
        self.page.close(run_before_unload=True)


def kernel_ids(server: Server) -> set[str]:
    """The ids of the server's kernels now, read from their processes' connection file names."""
    ids = set()
    for process in psutil.Process(server.process.pid).children(recursive=True):
        try:
            ids.update(KERNEL_FILE.findall(" ".join(process.cmdline())))
        except psutil.Error:  # ended as we looked
            pass
    return ids


def variant(loads: list[dict]) -> dict:
    done = [load for load in loads if load["seconds"] is not None]
    seconds = [load["seconds"] for load in done]
    out = {"seconds": seconds, "never_usable": len(loads) - len(done)}
    if seconds:
        out.update(median_seconds=round(statistics.median(seconds), 2), max_seconds=round(max(seconds), 2),
                   warm_kernels=sum(1 for load in done if load["warm_kernel"]),
                   http_kib_median=round(statistics.median(load["http_kib"] for load in done), 1),
                   websocket_kib_median=round(statistics.median(load["websocket_kib"] for load in done), 1),
                   websocket_uncompressed_kib_median=round(statistics.median(
                       load["websocket_uncompressed_kib"] for load in done), 1),
                   others_cpu_share_max=max(load["others_cpu_share"] for load in loads),
                   revalidated_files_median=statistics.median(load["revalidated_files"] for load in done),
                   phases_median_seconds=phase_medians([load["phases"] for load in done]))
    out["loads"] = loads
    return out


class SlowLink:
    """A TCP proxy in front of the server for the kernel's websocket: each direction delayed by half
    the link's latency and paced at its rate (down to the phone, up from it), in the order sent.
    The opening exchange (the websocket handshake, which DevTools' emulation already delays) passes
    at once; the page's requests name the proxy's port in their Host header, which is put back to
    the server's (Jupyter checks the Origin against it)."""

    def __init__(self, server_port: int, link: dict):
        self.server_port, self.port = server_port, 0
        self.delay = link["latency"] / 1000 / 2
        self.down, self.up = link["downloadThroughput"], link["uploadThroughput"]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connection, "127.0.0.1", 0), self._loop).result(10)
        self.port = server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc):
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _connection(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.server_port)
        except OSError:
            client_writer.close()
            return
        host = (f"127.0.0.1:{self.port}".encode(), f"127.0.0.1:{self.server_port}".encode())
        await asyncio.gather(self._pump(client_reader, server_writer, self.up, host),
                             self._pump(server_reader, client_writer, self.down), return_exceptions=True)

    async def _pump(self, reader, writer, rate: float, host: tuple[bytes, bytes] | None = None):
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        async def read():
            first = True
            try:
                while data := await reader.read(65536):
                    if first and host:
                        data = data.replace(b"Host: " + host[0], b"Host: " + host[1])
                    queue.put_nowait((None if first else loop.time(), data))
                    first = False
            finally:
                queue.put_nowait(None)

        reading = asyncio.ensure_future(read())
        free = 0.0  # when the link is free again in this direction
        try:
            while (item := await queue.get()) is not None:
                sent, data = item
                if sent is not None:
                    free = max(free, sent + self.delay) + len(data) / rate
                    await asyncio.sleep(max(0.0, free - loop.time()))
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()
            reading.cancel()
