"""Security of a served workshop: without the room passcode no page, API or file gives anything of
the workspace and no kernel starts; the store and settings are never served; a participant cannot
write what only a facilitator may; hostile text stays text."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest

from tests.support import (KOSSA, STEP2, Server, open_step, signed_in_page, sign_in, step_path, stored,
                           wait_for)
from tpi_widgets.errors import Refused

PASSCODE = "room-7731"
SECRET_WORDS = ["Kossa", "Valmont", "Ana Kamara", "Screening desk", "kossa-valmont"]


@pytest.fixture
def guarded(workspace, tmp_path):
    """A LAN server with a room passcode, and a participant's saved note in the store."""
    store = workspace.store
    ana = store.add_participant("Ana Kamara", KOSSA, "IPC focal person")
    store.write(store.partnership("kossa-valmont").id, 1, "assessment:baseline", "ipc-04", "evidence",
                "Screening desk staffed in daytime only", ana.id)
    (workspace.root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", lan=True, passcode=PASSCODE).start()
    yield server
    server.stop()


def fetch(url: str, opener=None, data: bytes | None = None) -> tuple[int, str, str]:
    """(status, final URL, body) following redirects."""
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(url, data=data, timeout=120) as response:
            return response.status, response.url, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode(errors="replace")


def kernels(server: Server) -> list:
    return [p for p in psutil.Process(server.process.pid).children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline())]


UNAUTHENTICATED = ["", STEP2, step_path(3), "voila/tree", "voila/tree/partnerships", "voila/api/contents/",
                   "voila/api/contents/partnerships", "api/kernels", "api/contents", "api/sessions",
                   "api/kernels/00000000-0000-0000-0000-000000000000", "voila/files/store.sqlite",
                   "voila/files/workspace.yaml", "voila/files/logo.png", "voila/render/workspace.yaml",
                   "voila/render/store.sqlite", "voila/files/partnerships/kossa-valmont/02_needs_assessment.ipynb"]


def test_without_the_passcode_nothing_of_the_workspace_and_no_kernel(guarded):
    for path in UNAUTHENTICATED:
        status, final, body = fetch(guarded.url + path)
        body = body.replace(urllib.parse.quote("/" + path, safe=""), "")  # the sign-in form's own `next`
        leaked = [word for word in SECRET_WORDS if word.lower() in body.lower()]
        assert not leaked, f"{path}: {status} {final} shows {leaked}"
        assert status != 200 or "Room passcode" in body, f"{path}: {status} {final}"
        if status == 200:  # a page: the sign-in form, which keeps where the visitor was going
            assert "/login" in final
    # a wrong passcode in the URL is the same as none
    status, final, body = fetch(guarded.url + STEP2 + "?token=room-0000")
    assert "Room passcode" in body and "Kossa" not in body
    assert kernels(guarded) == []


def test_store_and_settings_are_never_served_even_with_the_passcode(guarded, workspace):
    for name in ["store.sqlite", "store.sqlite-wal", "workspace.yaml", "partnerships/kossa-valmont/"
                 "02_needs_assessment.ipynb"]:
        assert (workspace.root / name).exists() or name.endswith("-wal")
        status, _, body = fetch(guarded.address("voila/files/" + name))
        assert status in (403, 404), name
        assert "Kossa" not in body and "SQLite" not in body
    status, _, _ = fetch(guarded.address("voila/files/logo.png"))
    assert status == 200  # images are served, to signed-in browsers only


def test_the_sign_in_form_takes_the_room_passcode(guarded):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, final, form = fetch(guarded.url, opener)
    assert "Room passcode" in form and "Kossa" not in form
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    action = re.search(r'action="([^"]+)"', form).group(1)

    def submit(passcode):
        data = urllib.parse.urlencode({"_xsrf": xsrf, "password": passcode}).encode()
        return fetch(urllib.parse.urljoin(guarded.url, action), opener, data)

    status, _, body = submit("room-0000")
    assert status == 401 and "not right" in body and "Kossa" not in body
    status, _, body = submit(PASSCODE)
    assert status == 200 and "Kossa – Valmont twinning partnership" in body


def test_hostile_names_stay_text_on_the_landing_page(workspace, tmp_path, pack):
    from tpi_widgets.partnership_config import build_config
    hostile = "<script>alert(1)</script> Kédougou"
    workspace.add_partnership(build_config({
        "name": hostile, "slug": "kedougou-lyon", "language": "fr", "areas": ["ipc"], "start": "2027-02-01",
        "institutions": [{"name": "<img src=x onerror=alert(2)>", "country": "Sénégal"},
                         {"name": "Lyon", "country": "France"}]}, pack))
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode="<i>room&1").start()
    try:
        status, _, body = fetch(server.address())
        assert status == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Kédougou" in body and "<script>alert" not in body
        assert "&lt;img src=x onerror=alert(2)&gt;" in body and "<img" not in body
        assert workspace.store.get_meta("participant_url").endswith("?token=%3Ci%3Eroom%261")
    finally:
        server.stop()


def test_a_participant_kernel_cannot_write_facilitator_collections(workspace):
    page = signed_in_page(workspace, 3, "Bo Lindqvist", role="Facilitator")  # typing the role grants nothing
    before = stored(workspace, "focus", "ipc-04", "chosen")
    for key, value in [(("focus", "ipc-04", "chosen"), True), (("settings", "votes", "limit"), 50),
                       (("locks", "step-3", "locked"), False)]:
        with pytest.raises(Refused):
            page.sync.save(key, value)
    assert stored(workspace, "focus", "ipc-04", "chosen") == before is None
    assert stored(workspace, "settings", "votes", "limit") is None


@pytest.mark.browser
def test_a_participant_page_has_no_facilitator_controls(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(server.address(step_path(3)))
        sign_in(page, "Bo Lindqvist", KOSSA, "Facilitator")
        # controls a facilitator gets on Step 3: the vote limit and the focus choice; not built
        # for a participant, so there is nothing to un-hide or to send a widget message to
        assert page.get_by_label("Votes per participant").count() == 0
        assert page.get_by_label(re.compile(r"chosen as a focus area$")).count() == 0
        assert page.get_by_label(re.compile(r"rationale$")).count() == 0
    finally:
        context.close()
        server.stop()


# What a participant's browser could send by hand on its own kernel's websocket: the page's
# config names the kernel; a kernel_info request must be answered (the channel works), an
# execute request must do nothing (Voila lets only widget messages through).
SEND_BY_HAND = """async (marker) => {
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const url = location.origin.replace(/^http/, 'ws') + config.baseUrl + 'api/kernels/' + config.kernelId + '/channels';
  const ws = new WebSocket(url);
  const replies = [];
  ws.onmessage = event => { try { replies.push(JSON.parse(event.data).header.msg_type); } catch (e) {} };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  const message = (type, content) => JSON.stringify({
    header: {msg_id: type + Math.random(), username: 'p', session: 'by-hand', msg_type: type, version: '5.3',
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
  ws.send(message('execute_request', {code: `open(${JSON.stringify(marker)}, 'w').write('owned')`, silent: false,
                                      store_history: false, user_expressions: {}, allow_stdin: false,
                                      stop_on_error: true}));
  ws.send(message('kernel_info_request', {}));
  await new Promise(resolve => setTimeout(resolve, 4000));
  ws.close();
  return replies;
}"""


def test_a_participant_cannot_run_code_by_sending_kernel_messages_by_hand(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    context = chromium.new_context()
    marker = tmp_path / "owned.txt"
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(server.address(step_path(2)))
        sign_in(page, "Bo Lindqvist", KOSSA, "Nurse")
        replies = page.evaluate(SEND_BY_HAND, str(marker))
        assert "kernel_info_reply" in replies  # the hand-made messages did reach the kernel's channel
        assert "execute_reply" not in replies and not marker.exists()
    finally:
        context.close()
        server.stop()
