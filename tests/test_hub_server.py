"""A real JupyterHub (DummyAuthenticator, configurable-http-proxy) started from the config
`tpi hub-config` writes: the workbook is reached only through the hub's sign-in."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.test_cli import tpi
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


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    needed(shutil.which("configurable-http-proxy") is not None, "configurable-http-proxy (npm)")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        needed(False, "jupyterhub")
    folder = tmp_path_factory.mktemp("hub")
    assert tpi("demo", folder / "ws", "--no-serve").returncode == 0
    port, service_port = free_port(), free_port()
    config = folder / "jupyterhub_config.py"
    result = tpi("hub-config", folder / "ws", "--port", port, "--service-port", service_port, "--out", config)
    assert result.returncode == 0, result.stderr
    with config.open("a") as more:  # the hub's inner ports, free ones: other hubs may run here
        more.write(f'c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"\n'
                   f'c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"\n'
                   'c.JupyterHub.load_groups["tpi-facilitators"]["users"] = ["fatou"]\n')
    log = folder / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                   cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/hub/login", process, log)
        wait_for(base + "/services/tpi/voila/static/voila.js", process, log)  # the service behind the proxy
        yield base, Workspace.open(folder / "ws")
    finally:
        stop_hub(process)


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
    hub, _ = hub
    page = requests.get(hub + "/services/tpi/", timeout=30)
    assert "/hub/login" in page.url and page.status_code == 200
    assert "Kossa" not in page.text
    files = requests.get(hub + "/services/tpi/voila/files/workspace.yaml", timeout=30, allow_redirects=False)
    assert files.status_code in (302, 403)


def test_a_hub_user_reaches_the_workbook_through_the_hubs_oauth_with_no_confirm_page(hub):
    hub, _ = hub
    session, landing = signed_in(hub, "ana")
    assert landing.status_code == 200 and landing.url == hub + "/services/tpi/"
    assert any("/services/tpi/oauth_callback" in step.url for step in landing.history)
    assert "Kossa" in landing.text and "/services/tpi/voila/render/partnerships/kossa-valmont/" in landing.text
    step = session.get(hub + "/services/tpi/voila/render/partnerships/kossa-valmont/02_needs_assessment.ipynb",
                       timeout=150)
    assert step.status_code == 200 and '"baseUrl": "/services/tpi/"' in step.text


def test_a_member_of_the_facilitator_group_is_a_facilitator_without_the_passcode(hub):
    hub, workspace = hub
    store = workspace.store
    for name, in_group in (("fatou", True), ("ana", False)):
        participant = store.add_participant(name, "Hospital", "nurse")  # as the page's sign-in form does
        session, _ = signed_in(hub, name)
        session.cookies.set("tpi_participant", participant.token)  # the browser's participant cookie
        assert session.get(hub + "/services/tpi/", timeout=30).status_code == 200
        assert store.is_facilitator(participant.id) is in_group
