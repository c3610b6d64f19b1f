"""`tpi serve --lan`: refusals before anything starts, the printed participant address with its QR
code and passcodes, the room passcode as the server's sign-in, and the kernel cap."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.support import STEP2, Server, free_port
from tests.test_cli import assert_refused, tpi
from tpi_widgets.config import ServeConfig
from tpi_widgets.core.access import passcode_matches
from tpi_widgets.core.records import FACILITATOR_PASSCODE
from tpi_widgets.server.lan import local_address, qr_text
from tpi_widgets.server.app import CappedKernelManager, ServeOptions, WorkshopVoila, workshop_app


def test_lan_needs_a_room_passcode_and_starts_nothing_without_it(workspace):
    port = free_port()
    assert_refused(tpi("serve", workspace.root, "--lan", "--port", port), "--lan needs a room passcode")
    with socket.socket() as probe:  # nothing listens: the refusal came before any server
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_short_or_spaced_passcode_is_refused(workspace):
    assert_refused(tpi("serve", workspace.root, "--lan", "--passcode", "abc"), "at least 6 characters")
    assert_refused(tpi("serve", workspace.root, "--passcode", "two words"), "no spaces")
    assert_refused(tpi("serve", workspace.root, "--facilitator-passcode", "12"), "at least 6 characters")
    assert_refused(tpi("serve", workspace.root, "--max-kernels", "0"), "--max-kernels")


def test_a_busy_port_on_the_local_address_is_refused(workspace):
    with socket.socket() as busy:
        busy.bind((local_address(), 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_refused(tpi("serve", workspace.root, "--lan", "--passcode", "auto", "--port", port),
                       f"port {port} is already in use")


def test_local_address_is_not_loopback():
    address = local_address()
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address) and not address.startswith("127.")


def test_participant_url_carries_the_passcode_quoted():
    options = ServeOptions(ServeConfig(port=8866), host="10.0.0.5", passcode="<b>&x\"1")
    assert options.participant_url == "http://10.0.0.5:8866/?token=%3Cb%3E%26x%221"
    assert ServeOptions(ServeConfig(port=8866), host="10.0.0.5").participant_url == "http://10.0.0.5:8866/"
    qr = qr_text(options.participant_url)
    assert len(qr.splitlines()) > 15 and set(qr) <= set("█▀▄ \xa0\n")  # plain characters, no colour codes


def read_until(process: subprocess.Popen, needle: str, timeout: float = 90) -> str:
    """The server's output up to the first line containing `needle`."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if needle in line:
            return "".join(seen)
    raise AssertionError(f"never printed {needle!r}; got:\n{''.join(seen)}")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def facilitator_passcode_matches(workspace, passcode: str) -> bool:
    """As the facilitator sign-in form checks a passcode (ui/kit/facilitator_sign_in.py)."""
    return passcode_matches(workspace.store.get_meta(FACILITATOR_PASSCODE), passcode)


def test_passcode_auto_prints_passcodes_address_and_qr_and_guards_every_page(workspace):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-u", "-m", "tpi_widgets.cli", "serve", str(workspace.root),
                                "--lan", "--passcode", "auto", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        out = read_until(process, "Ready:")
        room = re.search(r"Room passcode: (\d{4}-\d{4})", out).group(1)
        url = f"http://{local_address()}:{port}/?token={room}"
        assert f"Participants open: {url}" in out
        assert out.count("█") > 100  # the QR code, in plain block characters
        facilitator = re.search(r"Facilitator passcode: (\d{4}-\d{4}) — .*do not project", out).group(1)
        assert facilitator != room
        assert facilitator_passcode_matches(workspace, facilitator)
        assert workspace.store.get_meta("participant_url") == url
        status, page = get(url)  # the participant address signs in and shows the partnerships
        assert status == 200 and "Kossa – Valmont twinning partnership" in page
        status, page = get(url.split("?")[0])  # without it: the sign-in page, nothing else
        assert status == 200 and "Room passcode" in page and "Kossa" not in page
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_new_start_makes_a_new_facilitator_passcode_unless_one_is_given(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "a.log").start()
    server.stop()
    first = re.search(r"Facilitator passcode: (\S+)", (tmp_path / "a.log").read_text()).group(1)
    server = Server.for_workspace(workspace.root, tmp_path / "b.log", facilitator_passcode="owl-lantern-7").start()
    server.stop()
    assert "Facilitator passcode: owl-lantern-7" in (tmp_path / "b.log").read_text()
    assert facilitator_passcode_matches(workspace, "owl-lantern-7")
    assert not facilitator_passcode_matches(workspace, first)


def test_the_kernel_cap_gives_a_clear_page_instead_of_a_kernel(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", lan=True, passcode="cap-test-1",
                                  max_kernels=1).start()
    try:
        status, first = get(server.address(STEP2))
        assert status == 200 and "jupyter-config-data" in first  # this page got a kernel
        status, second = get(server.address(STEP2))
        assert status == 503
        assert "The workshop server is full: close unused tabs or ask the facilitator." in second
        assert "jupyter-config-data" not in second
        import psutil
        kernels = [p for p in psutil.Process(server.process.pid).children(recursive=True)
                   if "ipykernel" in " ".join(p.cmdline())]
        assert len(kernels) == 1
    finally:
        server.stop()


def class_state(cls) -> dict:
    """What a class itself holds: its attributes and its traits' defaults."""
    return {**vars(cls), **{name: trait.default_value for name, trait in cls.class_traits().items()}}


@pytest.fixture
def restored_sigterm():
    """Voila's initialize takes SIGTERM for itself; give it back to the test run."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


def test_two_apps_in_one_process_keep_their_own_options_and_change_no_class(workspace, restored_sigterm):
    classes = [WorkshopVoila, CappedKernelManager]
    before = [class_state(cls) for cls in classes]
    argv = list(sys.argv)
    guarded = workshop_app(workspace, ServeOptions(ServeConfig(port=free_port(), max_kernels=3), "127.0.0.1",
                                                   "room-4242"))
    open_app = workshop_app(workspace, ServeOptions(ServeConfig(port=free_port(), max_kernels=5), "127.0.0.1"))
    assert [class_state(cls) for cls in classes] == before and sys.argv == argv
    assert guarded.port != open_app.port and guarded.workspace is open_app.workspace is workspace
    assert (guarded.token, open_app.token) == ("room-4242", None)
    assert [app.config.CappedKernelManager.max_kernels for app in (guarded, open_app)] == [3, 5]
    assert guarded.config.CappedKernelManager.full_title == workspace.pack.text("serve.full.title")


def test_voila_config_files_do_not_override_what_tpi_serve_sets(workspace, tmp_path, monkeypatch,
                                                                 restored_sigterm):
    (tmp_path / "voila.json").write_text('{"Voila": {"port": 1, "ip": "0.0.0.0"}}')
    monkeypatch.chdir(tmp_path)  # Voila reads voila.json from the current folder
    port = free_port()
    app = workshop_app(workspace, ServeOptions(ServeConfig(port=port), "127.0.0.1"))
    assert (app.port, app.ip) == (port, "127.0.0.1")
