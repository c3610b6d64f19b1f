"""How the pages fit the devices people hold (issue 16): every step of the demo partnership's workbook
(its records written), signed in as a participant and as a facilitator, on a phone (Playwright's
Galaxy S8: 360×740, touch) and on a projector (1280×720), measured in Chromium:

- **height_px**: the page's full height once the step's own controls show and stop arriving (the
  scrollHeight of its tallest scroller: Voila's page scrolls inside an element of its own);
- **sideways_px**: how far the page scrolls sideways (scrollWidth − clientWidth; 0 is right);
- **controls**, **small_controls**: visible buttons, inputs, selects, textareas and links, and
  how many are smaller than 44×44 px (WCAG 2.5.5);
- **title**: the page's title;
- **loads**, **step_shown**: the loads it took until the step's controls showed (see open_step).

The anchor, in the same run on the same kind of workspace: the previous version (ANCHOR_COMMIT,
the code before issue 16's phone work, checked out in a git worktree), its workspace built and
served by its own code (its store schema and its templates), measured the same way
(`previous_version`, same shape). `phone_participant_<figure>` sums up the phone's participant
pages step by step as [previous version, this version].

No time is measured: layout only, so a busy machine gives the same figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from bench_live import FACILITATOR_PASSCODE, make_workspace
from bench_step2_page import required_chromium
from tests.layout import PHONE, PROJECTOR, measure, settled
from tests.support import KOSSA, Server, become_facilitator, launch_chromium, new_page, sign_in, workbook_path
from tpi_widgets.core.steps import STEPS

ROOT = Path(__file__).resolve().parent.parent
ANCHOR_COMMIT = "7570ebd"  # the code before issue 16's phone work
WIDGETS_SHOWN = ".tpi-signed-in"
STEP_BUILT = "(step) => document.querySelector(step)?.querySelector('button, input, select, textarea')"
STEP_SHOWN = """(step) => [...document.querySelector(step).querySelectorAll('button, input, select, textarea')]
    .some(el => el.getBoundingClientRect().height > 0)"""
SHOWN_WITHIN_MS = 10_000  # once built, a step's controls show at once, or (the previous version) not at all
LOADS = 3
FACILITATOR, PARTICIPANT = "Fatou Diallo", "Ana Kamara"
DEVICES = (("phone", PHONE), ("projector", PROJECTOR))
SUMMED_UP = ("height_px", "sideways_px", "small_controls")  # phone_participant_<figure>: [before, after]

# Run by the anchor's own code (its store schema may differ from this tree's): the demo
# partnership's workspace as its bench_live.make_workspace builds it, and a participant made a
# facilitator as its tests/support.py become_facilitator does.
ANCHOR_WORKSPACE = """import json, sys
from pathlib import Path
from bench_live import make_workspace
print(json.dumps(make_workspace(Path(sys.argv[1]), with_records=True, partnerships=1)[1]))
"""
ANCHOR_FACILITATOR = """import sys
import sqlalchemy as sa
from tpi_widgets.store import schema
from tpi_widgets.workspace import Workspace
store = Workspace.open(sys.argv[1]).store
with store.engine.connect() as c:
    pid = c.execute(sa.select(sa.func.max(schema.participants.c.id)).where(schema.participants.c.name == sys.argv[2])).scalar()
store.grant_facilitator(pid)
"""


def measure_pages(browser, server: Server, slug: str, device: dict,
                  make_facilitator: Callable | None = None) -> dict:
    """Every step's page on `device`, signed in as a participant, or with `make_facilitator(page)`
    as a facilitator."""
    context = browser.new_context(**device)
    try:
        page = new_page(context)
        page.goto(server.url + workbook_path(1, slug))
        sign_in(page, FACILITATOR if make_facilitator else PARTICIPANT, KOSSA, "Nurse")
        if make_facilitator:
            make_facilitator(page)
        measured = {}
        for step in STEPS:
            loads, shown = open_step(page, server.url + workbook_path(step.number, slug), step.number)
            settled(page)
            measured[f"step{step.number}"] = {**measure(page), "loads": loads, "step_shown": shown}
        return measured
    finally:
        context.close()


def open_step(page, url: str, number: int) -> tuple[int, bool]:
    """A full load of the step's page (not a switch inside the last one), again until the step's
    own controls show: (loads, whether they showed). Waiting for the page's title is not enough in
    either version (it comes before the step's widgets); and the previous version sometimes lays
    a facilitator's step out empty (every control 0×0, for good), which a new load mends."""
    from playwright.sync_api import TimeoutError as NotShown
    for load in range(1, LOADS + 1):
        page.goto("about:blank")
        page.goto(url)  # the pages the landing page links to
        page.locator(WIDGETS_SHOWN).wait_for()
        page.wait_for_function(STEP_BUILT, arg=f".tpi-step-{number}")
        try:
            page.wait_for_function(STEP_SHOWN, arg=f".tpi-step-{number}", timeout=SHOWN_WITHIN_MS)
            return load, True
        except NotShown:
            pass
    return LOADS, False


def measure_version(browser, server: Server, slug: str, make_facilitator: Callable) -> dict:
    return {f"{device_name}_{role}": measure_pages(browser, server, slug, device, facilitating)
            for device_name, device in DEVICES
            for role, facilitating in (("participant", None), ("facilitator", make_facilitator))}


def this_version(browser, folder: Path) -> dict:
    workspace, slugs = make_workspace(folder / "ws", with_records=True, partnerships=1)
    server = Server.for_workspace(workspace.root, folder / "voila.log", facilitator_passcode=FACILITATOR_PASSCODE)
    server.start()
    try:
        return measure_version(browser, server, slugs[0], lambda page: become_facilitator(page, workspace, FACILITATOR))
    finally:
        server.stop()


def with_code(code: Path) -> dict:
    """This environment with `code`'s package (and its benchmarks) first on the path."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), str(code / "benchmarks")])}


def run_code(code: Path, script: str, *args) -> str:
    """`script` run by `code`'s package, in its folder (so `-c` imports from there): its output."""
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], check=True, capture_output=True,
                          text=True, env=with_code(code), cwd=code).stdout


@contextmanager
def anchor_worktree(folder: Path):
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ANCHOR_COMMIT],
                   check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], capture_output=True)


def previous_version(browser, folder: Path) -> dict:
    """The anchor's pages: its workspace built, served (`tpi serve`, its templates) and its
    kernels run by its own code."""
    with anchor_worktree(folder / "anchor") as code:
        workspace = folder / "ws"
        slugs = json.loads(run_code(code, ANCHOR_WORKSPACE, workspace).splitlines()[-1])
        server = Server.for_workspace(workspace, folder / "voila.log", facilitator_passcode=FACILITATOR_PASSCODE)
        server.env, server.cwd = with_code(code), code
        server.start()

        def make_facilitator(page):
            run_code(code, ANCHOR_FACILITATOR, workspace, FACILITATOR)
            page.reload()
            page.locator(WIDGETS_SHOWN).wait_for()

        try:
            return measure_version(browser, server, slugs[0], make_facilitator)
        finally:
            server.stop()


def run() -> dict:
    executable = required_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "now").mkdir()
        (Path(tmp) / "before").mkdir()
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, executable)
            result = this_version(browser, Path(tmp) / "now")
            result["previous_version"] = previous_version(browser, Path(tmp) / "before")
            browser.close()
    now, before = result["phone_participant"], result["previous_version"]["phone_participant"]
    for figure in SUMMED_UP:
        result[f"phone_participant_{figure}"] = {step: [before[step][figure], now[step][figure]] for step in now}
    result["anchor"] = f"the previous version ({ANCHOR_COMMIT}), its own workspace of the same records, same run"
    result["setup"] = ("the demo partnership's step pages with its records, signed in; phone 360×740 touch, "
                       "projector 1280×720; controls: visible buttons, inputs, selects, textareas, links")
    return result
