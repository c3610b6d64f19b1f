"""The live workshop: 30 participants (10 per partnership, 3 partnerships) in Chromium on one
`tpi serve`, with the facilitator's room view open, on this 2-core machine.

- save → room view: each participant rates two items on the Step 2 page (60 saves in all); the
  latency of a save is the time from its commit in the store (the change's timestamp) until the
  room view's count of rated items for that partnership first includes it (a MutationObserver in
  the facilitator's page stamps each change of the count); p50, p95 and max;
- memory: resident memory of each participant's kernel once signed in and editing;
- time to interactive, under that load: a returning participant's Step 2 page (until the first
  rating list is enabled) beside a plain Voila notebook with the same widgets (plain_step2.py),
  interleaved samples in the same run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import psutil

from bench_step2_page import kernel_pids, measure, plain_notebook, required_chromium
from tests.support import Server, launch_chromium, sign_in, step_path
from tpi_widgets.core.records import BASELINE
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.workspace import STORE_FILE, Workspace

PARTNERSHIPS = 3
PER_PARTNERSHIP = 10
SAVES_EACH = 2
FACILITATOR_PASSCODE = "bench-2468"
TTI_SAMPLES = 5
ROOM = "voila/render/room.ipynb"
LEVELS = ["0 · Not in place", "1 · Planned or started", "2 · Partly in place", "3 · Mostly in place",
          "4 · Fully in place"]

# Stamps every change of a partnership's rated count in the room view: [time ms, slug, count].
OBSERVE_COUNTS = """() => {
  window.tpiSeen = [];
  const record = () => document.querySelectorAll('[data-step="2"][data-slug]').forEach(el =>
      window.tpiSeen.push([Date.now(), el.dataset.slug, Number(el.dataset.done)]));
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true,
                                                       attributes: true});
  record();
}"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def make_workspace(folder: Path, with_records: bool = False, store: str = STORE_FILE,
                   partnerships: int = PARTNERSHIPS) -> tuple[Workspace, list[str]]:
    """`partnerships` copies of the sample partnership; `with_records`: each with the demo's records;
    `store`: the workspace's store setting (a file in the folder, or a database URL)."""
    from tpi_widgets.demo.records import write_sample_records
    workspace = Workspace.init(folder, store=store)
    config = build_config(read_config_file(SAMPLE_CONFIG), workspace.pack)
    slugs = []
    for n in range(1, partnerships + 1):
        slug = f"{config.slug}-{n}"
        workspace.add_partnership(replace(config, slug=slug, name=f"{config.name} {n}"))
        if with_records:
            write_sample_records(workspace, slug)
        slugs.append(slug)
    return workspace, slugs


def item_plan(workspace: Workspace) -> list[tuple[str, str]]:
    """(area button label, item code) for every item, in page order."""
    return [(area.short, item.id.upper())
            for area in workspace.pack.areas for item in area.items]


def commit_times(workspace: Workspace, slug: str) -> list[float]:
    """Epoch seconds of each rating commit of `slug`, in commit order."""
    store = workspace.store
    pid = store.partnership(slug).id
    return [datetime.fromisoformat(c.at).timestamp() for c in store.changes_since(pid, 0)
            if c.collection == BASELINE and c.field == "rating"]


@dataclass
class LiveRoom:
    """A served room, open in Chromium: the facilitator's room view and every participant's Step 2."""
    workspace: Workspace
    slugs: list[str]
    items: list[tuple[str, str]]
    server: Server
    browser: object
    room: object
    participants: list
    result: dict  # participant_first_load_seconds and participant_kernel_rss_mib so far


@contextmanager
def live_room(executable: str, store: str = STORE_FILE, partnerships: int = PARTNERSHIPS,
              per_partnership: int = PER_PARTNERSHIP, before_serving=lambda workspace: None):
    """The room of this benchmark, on `store` (the default: SQLite in the folder); `before_serving(workspace)`
    adds what the server should serve too (the plain notebook)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", store=store, partnerships=partnerships)
        items = item_plan(workspace)
        before_serving(workspace)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log",
                                      facilitator_passcode=FACILITATOR_PASSCODE, max_kernels=80).start()
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, executable)
                room = open_room(browser, server)
                participants, first_load, rss = open_participants(browser, server, slugs, per_partnership)
                result = {"participant_first_load_seconds": summary(first_load),
                          "participant_kernel_rss_mib": summary(rss)}
                yield LiveRoom(workspace, slugs, items, server, browser, room, participants, result)
                browser.close()
        finally:
            server.stop()
            workspace.store.close()


def run() -> dict:
    executable = required_chromium()
    plain: list[str] = []
    with live_room(executable, before_serving=lambda workspace: plain.append(plain_notebook(workspace.root))) as live:
        result = live.result
        result["save_to_room_seconds"] = save_latencies(live.participants, live.room, live.workspace, live.slugs,
                                                        live.items)
        result["time_to_interactive_under_load"] = tti_under_load(live.browser, live.server, live.slugs[0], plain[0])
    plain = result["time_to_interactive_under_load"]["plain"]
    tpi = result["time_to_interactive_under_load"]["tpi"]
    result["targets"] = {
        "p95 save to room view under 2 s": result["save_to_room_seconds"]["p95"] < 2.0,
        "participant kernel under 80 MiB": result["participant_kernel_rss_mib"]["max"] < 80.0,
        "time to interactive no worse than plain": tpi["median_seconds"] <= plain["median_seconds"],
    }
    result["setup"] = (f"{PARTNERSHIPS} partnerships × {PER_PARTNERSHIP} participants, each a Chromium context "
                       f"on the Step 2 page; {SAVES_EACH} ratings each; the facilitator's room view open")
    return result


def summary(values: list[float]) -> dict:
    return {"count": len(values), "median": round(statistics.median(values), 2),
            "p95": round(percentile(values, 0.95), 2), "max": round(max(values), 2)}


def open_room(browser, server: Server):
    page = browser.new_context().new_page()
    page.set_default_timeout(120_000)
    page.goto(server.url + ROOM)
    page.get_by_label("Facilitator name").fill("Bench facilitator")
    page.get_by_label("Facilitator passcode").fill(FACILITATOR_PASSCODE)
    page.get_by_role("button", name="Sign in as facilitator").click()
    page.locator('[data-step="2"][data-slug]').first.wait_for()
    page.evaluate(OBSERVE_COUNTS)
    return page


def open_participants(browser, server: Server, slugs: list[str], per_partnership: int = PER_PARTNERSHIP):
    """Every participant's page, opened one after another as people arrive: (pages, seconds to
    the sign-in form, kernel RSS in MiB once signed in)."""
    pages, first_load, pids = [], [], []
    for slug in slugs:
        for m in range(per_partnership):
            before = kernel_pids(server)
            page = browser.new_context().new_page()
            page.set_default_timeout(180_000)
            start = time.perf_counter()
            page.goto(server.url + step_path(2, slug))
            page.locator(".tpi-participant-form").get_by_label("Your name").wait_for()  # the widgets' form
            first_load.append(time.perf_counter() - start)
            sign_in(page, f"P{m:02d} {slug}", "Kossa District Hospital" if m % 2 == 0 else "Hôpital Régional de Valmont",
                    "Nurse")
            pids.append(next(iter(kernel_pids(server) - before), None))
            pages.append((slug, m, page))
    time.sleep(2.0)
    rss = [psutil.Process(pid).memory_info().rss / 2**20 for pid in pids if pid and psutil.pid_exists(pid)]
    return pages, first_load, rss


def save_latencies(participants, room, workspace: Workspace, slugs: list[str], items) -> dict:
    shown_area = {}
    for round_ in range(SAVES_EACH):
        for slug, m, page in participants:
            area, code = items[m * SAVES_EACH + round_]
            if shown_area.get(id(page)) != area:
                page.get_by_role("button", name=area).click()
                shown_area[id(page)] = area
            page.get_by_label(f"{code} rating").select_option(label=LEVELS[(m + round_) % 5])
    expected = len(participants) // len(slugs) * SAVES_EACH  # saves per partnership
    deadline = time.monotonic() + 120
    while any(len(commit_times(workspace, s)) < expected for s in slugs) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(5.0)  # let the room view catch up with the last saves
    seen = room.evaluate("() => window.tpiSeen")
    latencies = []
    for slug in slugs:
        counts = [(t / 1000, n) for t, s, n in seen if s == slug]
        for k, committed in enumerate(commit_times(workspace, slug), 1):
            shown = next((t for t, n in counts if n >= k and t >= committed - 0.001), None)
            if shown is not None:
                latencies.append(max(shown - committed, 0.0))
    missing = len(slugs) * expected - len(latencies)
    return {**summary(latencies), "saves": len(slugs) * expected, "never_shown": missing}


def tti_under_load(browser, server: Server, slug: str, plain_path: str) -> dict:
    context = browser.new_context()
    first = context.new_page()
    first.set_default_timeout(180_000)
    first.goto(server.url + step_path(2, slug))
    sign_in(first, "Returning participant", "Kossa District Hospital", "Nurse")
    first.close()
    samples = {"tpi": [], "plain": []}
    for _ in range(TTI_SAMPLES):
        for name, path in (("tpi", step_path(2, slug)), ("plain", plain_path)):
            seconds, rss = measure(context, server, path)
            samples[name].append((round(seconds, 2), round(rss, 1)))
    return {name: {"seconds": [s for s, _ in values], "rss_mib": [r for _, r in values],
                   "median_seconds": statistics.median(s for s, _ in values),
                   "median_rss_mib": statistics.median(r for _, r in values)} for name, values in samples.items()}
