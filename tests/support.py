"""Helpers shared by the tests and the benchmarks: a real Voila server for a workspace and
Debian's Chromium driven by Playwright; the sample partnership's names and pages; signed-in step
pages without a browser; reading the store and waiting for it; a second participant writing from
another Store; a broken copy of the content pack."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import pytest
import sqlalchemy as sa
import yaml

from tpi_widgets.content import load_pack
from tpi_widgets.errors import ContentError
from tpi_widgets.server.app import wait_until_ready
from tpi_widgets.context import StepContext
from tpi_widgets.ui.steps import step_page_class
from tpi_widgets.core.records import BASELINE
from tpi_widgets.store import Store, schema
from tpi_widgets.core.steps import WORKBOOK_NOTEBOOK
from tpi_widgets.workspace import ROOM_NOTEBOOK, STEP_NOTEBOOKS

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"]
LOAD_TIMEOUT = 90_000  # ms: a page starts its own kernel, and the machine may be busy
LIVE_TIMEOUT = 15_000  # ms: another participant's save shows up within this

# the sample partnership (tpi_widgets.demo.SAMPLE_CONFIG), as the `workspace` fixture registers it
SLUG = "kossa-valmont"
KOSSA, VALMONT = "Kossa District Hospital", "Hôpital Régional de Valmont"


def step_path(number: int, slug: str = SLUG) -> str:
    """The Voila address of a partnership's step notebook, relative to the server's URL."""
    return f"voila/render/partnerships/{slug}/{STEP_NOTEBOOKS[number]}"


STEP2 = step_path(2)


def workbook_path(step: int, slug: str = SLUG) -> str:
    """The workbook page of a partnership, opened on `step` (ui/workbook.py)."""
    return f"voila/render/partnerships/{slug}/{WORKBOOK_NOTEBOOK}#step-{step}"


# a Voila server and Chromium ------------------------------------------------------------------
def chromium_path() -> str | None:
    for candidate in (os.environ.get("TPI_BROWSER"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`tpi serve DIR` in its own process group, so stopping it also ends its kernels."""

    def __init__(self, command: list[str], port: int, log: Path, host: str = "127.0.0.1",
                 passcode: str | None = None):
        self.command, self.port, self.log_path = command, port, log
        self.url = f"http://{host}:{port}/"
        self.passcode = passcode  # the room passcode (server token), when the server has one
        self.process: subprocess.Popen | None = None
        self.env: dict | None = None  # the server's environment (and its kernels'); None: this one's
        self.cwd: Path | None = None  # the folder it starts in (another version's code: `-m` imports from there)

    @classmethod
    def for_workspace(cls, workspace_dir: Path, log: Path, port: int | None = None, lan: bool = False,
                      passcode: str | None = None, facilitator_passcode: str | None = None,
                      max_kernels: int | None = None) -> "Server":
        """`tpi serve` on the workspace; with `lan`, on this machine's network address (then a
        `passcode` is needed); `passcode` sets the room passcode, `facilitator_passcode` the
        facilitator's, `max_kernels` the kernel cap."""
        from tpi_widgets.server.lan import local_address
        host = local_address() if lan else "127.0.0.1"
        port = port or free_port()
        command = [sys.executable, "-m", "tpi_widgets.cli", "serve", str(workspace_dir), "--port", str(port)]
        command += ["--lan"] * lan + ["--passcode", passcode] * bool(passcode)
        command += ["--facilitator-passcode", facilitator_passcode] * bool(facilitator_passcode)
        command += ["--max-kernels", str(max_kernels)] * bool(max_kernels)
        return cls(command, port, log, host=host, passcode=passcode)

    def address(self, path: str = "") -> str:
        """The server's URL for `path`, carrying the room passcode when there is one (as the
        participant URL does): opening it signs the browser in."""
        from urllib.parse import quote
        url = self.url + path
        return url if not self.passcode else f"{url}{'&' if '?' in url else '?'}token={quote(self.passcode, safe='')}"

    def start(self) -> "Server":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True, env=self.env, cwd=self.cwd)
        wait_until_ready(self.url, alive=lambda: self.process.poll() is None)
        return self

    def stop(self, sig: int = signal.SIGTERM):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        finally:
            # kernels run in the same process group; make sure none is left behind
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.log.close()
            self.process = None


@contextmanager
def serving(server: Server):
    server.start()
    try:
        yield server
    finally:
        server.stop()


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)


# pages in the browser ---------------------------------------------------------------------------
def new_page(context):
    """A page that waits up to the load timeout: its kernel starts with it."""
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT)
    return page


def open_step(context, server: Server, number: int, record_outside: bool = False):
    """A new page on step `number` of the sample partnership. With `record_outside`, the page's
    `outside_requests` lists every request made to anywhere but the server."""
    page = new_page(context)
    if record_outside:
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((server.url, "data:", "blob:")) else None)
        page.outside_requests = outside
    page.goto(server.url + step_path(number))
    return page


def load_workbook_step(page, server: Server, number: int):
    """A full load of the workbook's page of step `number` (not a switch inside the last one), once
    its widgets have arrived for the signed-in participant and stopped coming."""
    from tests.layout import settled
    page.goto("about:blank")
    page.goto(server.url + workbook_path(number))
    page.locator(".tpi-signed-in").wait_for()
    page.wait_for_function(f"document.title.includes('Step {number}:')")
    settled(page)


def sign_in(page, name: str, institution: str, role: str, timeout: float = LOAD_TIMEOUT):
    page.get_by_label("Your name").fill(name, timeout=timeout)
    page.get_by_label("Your institution").select_option(institution)
    page.get_by_label("Your role").fill(role)
    page.get_by_role("button", name="Start").click()
    page.locator(".tpi-signed-in").wait_for()


def become_facilitator(page, workspace, name: str):
    """Make the participant signed in as `name` a facilitator, as the facilitator passcode does,
    and reload so the page builds its facilitator controls."""
    store = workspace.store
    with store.engine.connect() as c:
        pid = c.execute(sa.select(sa.func.max(schema.participants.c.id))
                        .where(schema.participants.c.name == name)).scalar()
    assert pid is not None, f"no participant {name!r}"
    store.grant_facilitator(pid)
    page.reload()
    page.locator(".tpi-signed-in").wait_for()


def open_room(context, server: Server):
    """The facilitator's room page, as far as its passcode form."""
    page = new_page(context)
    page.goto(server.url + f"voila/render/{ROOM_NOTEBOOK}")
    page.get_by_label("Facilitator passcode").wait_for()
    return page


def give_passcode(page, passcode: str, name: str | None = "Fatou Diallo"):
    """Fill the facilitator passcode form (the name only when the browser has no participant yet)."""
    if name is not None:
        page.get_by_label("Facilitator name").fill(name)
    page.get_by_label("Facilitator passcode").fill(passcode)
    page.get_by_role("button", name="Sign in as facilitator").click()


def item_row(page, code: str):
    return page.locator(".tpi-item").filter(has=page.get_by_label(f"{code} rating"))


# pages without a browser ------------------------------------------------------------------------
def step_page(workspace, number: int, slug: str = SLUG, start_thread: bool = False, cycle: int = 1):
    """build_step(number) on the workspace; unless `start_thread`, the test drives flush() and poll()."""
    page = build_step(number, str(workspace.root), slug, cycle)
    if not start_thread:
        page.sync.start = lambda: None  # tests drive flush() and poll() themselves
    return page


def signed_in_page(workspace, number: int, name: str = "Ana Kamara", institution: str = KOSSA,
                   role: str = "IPC focal person", slug: str = SLUG, start_thread: bool = False,
                   facilitator: bool = False, cycle: int = 1):
    """Step `number`'s page (of `cycle`), signed in through its form; with `facilitator`, as a
    participant the facilitator passcode made a facilitator, whom the browser's cookie identifies."""
    page = step_page(workspace, number, slug, start_thread, cycle)
    if facilitator:
        person = workspace.store.add_participant(name, institution, role)
        workspace.store.grant_facilitator(person.id)
        page.gate.browser.token = person.token
        page.gate.browser.ready = True  # as the browser does when it has read its cookie
        assert page.gate.participant is not None
        return page
    page.gate.name.value, page.gate.institution.value, page.gate.role.value = name, institution, role
    assert page.gate.submit() is not None
    return page


def shown(value: str) -> str:
    """The text an HTML widget shows: tags (the <bdi> isolating each value for direction) removed,
    entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def shown_problems(card) -> dict[str, str]:
    """{field: UI string key} of what a card's checked fields (ValidatedText) show needs correcting."""
    from tpi_widgets.ui.kit.fields import ValidatedText
    return {name: problem for name, field in vars(card).items()
            if isinstance(field, ValidatedText) and (problem := field.validate())}


class Other:
    """A second participant writing from another Store, as another participant's kernel does."""

    def __init__(self, workspace, name: str = "Bo Lindqvist", institution: str = VALMONT, role: str = "Surgeon",
                 slug: str = SLUG):
        self.store = Store(workspace.store.url)
        self.person = self.store.add_participant(name, institution, role)
        self.pid = self.store.partnership(slug).id

    def write(self, collection: str, record: str, field: str, value: Any):
        self.store.write(self.pid, 1, collection, record, field, value, self.person.id)


def seed_ratings(workspace, ratings: dict, evidence: dict | None = None, slug: str = SLUG):
    """Step 2's results, written straight into the store by an assessor."""
    store = workspace.store
    pid = store.partnership(slug).id
    who = store.add_participant("Assessor", KOSSA, "Nurse").id
    for item_id, rating in ratings.items():
        store.write(pid, 1, BASELINE, item_id, "rating", rating, who)
    for item_id, text in (evidence or {}).items():
        store.write(pid, 1, BASELINE, item_id, "evidence", text, who)


# the store --------------------------------------------------------------------------------------
def stored_entry(workspace, collection: str, record: str, field: str, slug: str = SLUG, cycle: int = 1):
    """The field's Entry (value, who, when) in a cycle, or None when it was never written."""
    store = workspace.store
    return store.read(store.partnership(slug).id, cycle, collection).get(record, {}).get(field)


def stored(workspace, collection: str, record: str, field: str, slug: str = SLUG, cycle: int = 1):
    """The field's value, or None when it was never written."""
    entry = stored_entry(workspace, collection, record, field, slug, cycle)
    return None if entry is None else entry.value


def stored_by(workspace, collection: str, record: str, field: str, slug: str = SLUG):
    """(value, name of the participant who saved it), or None when the field was never written."""
    entry = stored_entry(workspace, collection, record, field, slug)
    if entry is None:
        return None
    return entry.value, workspace.store.participant_names([entry.participant_id]).get(entry.participant_id)


def records(workspace, collection: str, slug: str = SLUG) -> dict[str, dict[str, Any]]:
    """Every record of a collection: {record: {field: value}}."""
    store = workspace.store
    return {record: {field: entry.value for field, entry in fields.items()}
            for record, fields in store.read(store.partnership(slug).id, 1, collection).items()}


def records_where(workspace, collection: str, field: str, value) -> list[str]:
    """The records of a collection whose `field` holds `value`."""
    return [record for record, fields in records(workspace, collection).items()
            if field in fields and fields[field] == value]


def wait_for(check: Callable[[], Any], what: str | Callable[[], str], timeout: float = 15, interval: float = 0.1):
    """Call `check` until it gives something true, and return that. `what` names what never
    happened; a function giving it is called only then, to show the last state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"never happened: {what() if callable(what) else what}")


def wait_for_store(workspace, collection: str, record: str, field: str, expected, timeout: float = 10):
    """Wait until the field holds `expected`; return (value, name of who saved it)."""
    def reached():
        found = stored_by(workspace, collection, record, field)
        return found if found is not None and found[0] == expected else None

    return wait_for(reached, lambda: f"{collection}/{record}.{field} reaching {expected!r}; "
                    f"last {stored_by(workspace, collection, record, field)!r}", timeout)


def wait_for_record(workspace, collection: str, condition: Callable[[dict], bool], timeout: float = 10) -> dict:
    """The fields of the first record of `collection` that satisfy `condition`, once it is stored."""
    def match():
        return next((fields for fields in records(workspace, collection).values() if condition(fields)), None)

    return wait_for(match, lambda: f"a {collection} record matching; stored: {records(workspace, collection)}",
                    timeout)


# a broken content pack --------------------------------------------------------------------------
def edit(folder: Path, name: str, change: Callable[[Any], Any]):
    """Load the pack's YAML file `name`, apply `change` to it, write it back."""
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def error_for(folder: Path) -> ContentError:
    """The ContentError that loading the pack in `folder` raises."""
    with pytest.raises(ContentError) as caught:
        load_pack(folder)
    return caught.value


def build_step(number: int, workspace: str, partnership: str, cycle: int = 1):
    """Step `number`'s page, as a step notebook builds it (an unknown step fails before the
    workspace is opened)."""
    page_class = step_page_class(number)
    return page_class(StepContext.open(workspace, partnership, cycle))


def libreoffice() -> str | None:
    """LibreOffice's command, or None (with CI=true its absence fails the test that needs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("LibreOffice is not installed: .ci/run must install libreoffice-writer-nogui")
    return found


def word_to_pdf(soffice: str, word_files: list[Path], out: Path):
    """Lay Word files out as LibreOffice does, into PDFs of the same names in `out`."""
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, word_files)],
                   check=True, capture_output=True, timeout=300)
