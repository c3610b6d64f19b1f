"""A real JupyterHub (DummyAuthenticator, configurable-http-proxy) started from the config
`tpi hub-config` writes: the workbook is reached only through the hub's sign-in."""

from __future__ import annotations

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

import psutil
import pytest

from playwright.sync_api import expect

from tests.support import BASELINE, LOAD_TIMEOUT, VALMONT, new_page, stored_by, wait_for_store
from tests.test_cli import tpi
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.workspace import Workspace

requests = pytest.importorskip("requests")

HUB_START_SECONDS = 120


def needed(ok: bool, what: str):
    """Skip without `what`, except in CI (.ci/run installs it), where its absence is a failure."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is not installed")
        pytest.skip(f"{what} is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path):
    """Until `url` answers 200 (the proxy answers 404 for a service whose route is not added yet)."""
    deadline = time.monotonic() + HUB_START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if requests.get(url, timeout=2, allow_redirects=False).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise TimeoutError(log.read_text()[-3000:])


STORE_VARIABLE = "TPI_HUB_TEST_STORE"  # the store's URL reaches the service through the hub's environment


@pytest.fixture(scope="module")
def hub(tmp_path_factory, postgres_server):
    """The hub on a workspace whose store is a PostgreSQL database named by an environment
    variable (store: env:NAME), as a national server runs: ana and bo are participants, fatou is
    in the facilitator group, tessa in the trainer group."""
    needed(shutil.which("configurable-http-proxy") is not None, "configurable-http-proxy (npm)")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        needed(False, "jupyterhub")
    folder = tmp_path_factory.mktemp("hub")
    os.environ[STORE_VARIABLE] = postgres_server.new_database()
    assert tpi("init", folder / "ws", "--store", f"env:{STORE_VARIABLE}").returncode == 0
    assert tpi("new", folder / "ws", "--config", SAMPLE_CONFIG).returncode == 0
    port, service_port = free_port(), free_port()
    config = folder / "jupyterhub_config.py"
    result = tpi("hub-config", folder / "ws", "--port", port, "--service-port", service_port, "--out", config)
    assert result.returncode == 0, result.stderr
    with config.open("a") as more:  # the hub's inner ports, free ones: other hubs may run here
        more.write(f'c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"\n'
                   f'c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"\n'
                   'c.JupyterHub.load_groups["tpi-facilitators"]["users"] = ["fatou"]\n'
                   'c.JupyterHub.load_groups["tpi-trainers"]["users"] = ["tessa"]\n')
    log = folder / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                   cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/hub/login", process, log)
        wait_for(base + "/services/tpi/voila/static/voila.js", process, log)  # the service behind the proxy
        yield base, Workspace.open(folder / "ws"), log
    finally:
        stop_hub(process)
        del os.environ[STORE_VARIABLE]


def stop_hub(process: subprocess.Popen):
    """SIGINT: a running hub stops its service and its proxy; one stopped while starting leaves
    them (each in a session of its own), so whatever it started and left is ended here."""
    started = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    for child in started:
        if child.is_running():
            child.terminate()
    psutil.wait_procs(started, timeout=20)


def signed_in(base: str, name: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    session.get(base + "/hub/login")
    landing = session.post(base + "/hub/login?next=/services/tpi/", timeout=60,
                           data={"username": name, "password": "any", "_xsrf": session.cookies.get("_xsrf")})
    return session, landing


def test_nobody_signed_in_gets_the_hub_sign_in_page_and_nothing_of_the_workspace(hub):
    hub, _, _ = hub
    page = requests.get(hub + "/services/tpi/", timeout=30)
    assert "/hub/login" in page.url and page.status_code == 200
    assert "Kossa" not in page.text
    files = requests.get(hub + "/services/tpi/voila/files/workspace.yaml", timeout=30, allow_redirects=False)
    assert files.status_code in (302, 403)


def test_a_hub_user_reaches_the_workbook_through_the_hubs_oauth_with_no_confirm_page(hub):
    hub, _, _ = hub
    session, landing = signed_in(hub, "ana")
    assert landing.status_code == 200 and landing.url == hub + "/services/tpi/"
    assert any("/services/tpi/oauth_callback" in step.url for step in landing.history)
    assert "Kossa" in landing.text and "/services/tpi/voila/render/partnerships/kossa-valmont/" in landing.text
    step = session.get(hub + "/services/tpi/voila/render/partnerships/kossa-valmont/02_needs_assessment.ipynb",
                       timeout=150)
    assert step.status_code == 200 and '"baseUrl": "/services/tpi/"' in step.text


def test_each_hub_user_is_one_participant_and_the_facilitator_group_makes_facilitators(hub):
    hub, workspace, log = hub
    store = workspace.store
    for name, in_group in (("fatou", True), ("ana", False)):
        session, landing = signed_in(hub, name)
        assert landing.status_code == 200
        participant = store.participant_of_account(name)
        assert session.cookies.get("tpi_participant") == participant.token  # set by the server, not typed
        assert participant.name == name and store.is_facilitator(participant.id) is in_group
        assert not store.is_trainer(participant.id)
    signed_in(hub, "tessa")
    tessa = store.participant_of_account("tessa")
    assert store.is_trainer(tessa.id) and not store.is_facilitator(tessa.id)
    assert "Facilitator passcode" not in log.read_text()  # nothing to read in the hub's log


def test_a_trainer_creates_a_partnership_from_a_page_and_nobody_else_can(hub):
    hub, workspace, _ = hub
    session, landing = signed_in(hub, "tessa")
    assert 'href="/services/tpi/new-partnership"' in landing.text
    form = session.get(hub + "/services/tpi/new-partnership", timeout=30)
    assert form.status_code == 200 and "Technical areas" in form.text
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
    fields = {"_xsrf": xsrf, "name": "Bela – Porto", "language": "pt", "start": "2027-02-01",
              "areas": ["ipc", "workforce"], "institution1": "Hospital de Bela", "country1": "Guinea-Bissau",
              "institution2": "Hospital de Porto", "country2": ""}
    refused = session.post(hub + "/services/tpi/new-partnership", data=fields, timeout=60)
    assert refused.status_code == 400 and "institution 2 country" in refused.text
    assert 'value="Hospital de Bela"' in refused.text  # what was typed stays
    assert "bela-porto" not in {p.slug for p in workspace.store.partnerships()}
    created = session.post(hub + "/services/tpi/new-partnership", timeout=60, data={**fields, "country2": "Portugal"})
    assert created.status_code == 200 and created.url == hub + "/services/tpi/" and "Bela – Porto" in created.text
    partnership = workspace.store.partnership("bela-porto")
    assert partnership.language == "pt" and partnership.areas == ["ipc", "workforce"]
    assert (workspace.partnership_dir("bela-porto") / "02_needs_assessment.ipynb").is_file()
    participant, landing = signed_in(hub, "ana")
    assert "new-partnership" not in landing.text
    assert participant.get(hub + "/services/tpi/new-partnership", timeout=30).status_code == 403


# in the browser, as people use it ------------------------------------------------------------------
@contextmanager
def signed_in_browser(chromium, hub: str, name: str):
    """A browser opening the workbook's address: the hub's sign-in page, then the workbook."""
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(hub + "/services/tpi/")
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill("any")
        page.locator("#login_submit").click()
        page.wait_for_url(hub + "/services/tpi/")
        yield page
    finally:
        context.close()


def open_step_2(page):
    """The sample partnership's Step 2, from the workbook's home page (a trainer may have added others)."""
    page.locator("section.tpi-partnership", has_text="Kossa").get_by_role("link", name="2. Needs assessment").click()


@pytest.mark.browser
def test_a_participant_signs_in_at_the_hub_rates_and_the_value_is_in_postgresql_under_their_hub_name(chromium, hub):
    hub, workspace, _ = hub
    with signed_in_browser(chromium, hub, "bo") as page:
        open_step_2(page)
        name = page.get_by_label("Your name")
        expect(name).to_have_value("bo")
        expect(name).to_be_disabled()  # the hub's name; only the institution and role are asked
        page.get_by_label("Your institution").select_option(VALMONT)
        page.get_by_label("Your role").fill("Surgeon")
        page.get_by_role("button", name="Start").click()
        page.locator(".tpi-signed-in").wait_for()
        page.get_by_label("IPC-02 rating").select_option(label="3 · Mostly in place")
        wait_for_store(workspace, BASELINE, "ipc-02", "rating", 3)
        assert workspace.store.url.startswith("postgresql")
        assert stored_by(workspace, BASELINE, "ipc-02", "rating") == (3, "bo")
        assert workspace.store.participant_of_account("bo").institution == VALMONT
        page.reload()  # signed in at once: the institution is not asked again
        page.locator(".tpi-signed-in").wait_for()
        expect(page.get_by_label("Your institution")).to_have_count(0)


@pytest.mark.browser
def test_a_member_of_the_facilitator_group_gets_the_facilitator_controls_with_no_passcode(chromium, hub):
    hub, workspace, _ = hub
    with signed_in_browser(chromium, hub, "fatou") as page:
        open_step_2(page)
        page.locator(".tpi-signed-in").wait_for()  # a facilitator belongs to no partnership: no form
        expect(page.get_by_role("button", name="Lock this step")).to_be_visible()
        expect(page.get_by_role("button", name="Facilitator? Sign in")).to_have_count(0)
        page.goto(hub + "/services/tpi/voila/render/room.ipynb")
        expect(page.locator(".tpi-room-partnerships")).to_contain_text("Kossa", timeout=LOAD_TIMEOUT)
        expect(page.get_by_label("Facilitator passcode")).to_have_count(0)
