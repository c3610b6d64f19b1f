"""The room page in Chromium: only the facilitator passcode form before the passcode, the live
view after it (a participant's save in another browser shows within seconds, names stay text),
and the facilitator controls on the step pages of the same browser."""

from __future__ import annotations

import re

import pytest

from tests.support import KOSSA, LIVE_TIMEOUT, LOAD_TIMEOUT, Server, give_passcode, open_room, open_step, sign_in

pytestmark = pytest.mark.browser

PASSCODE = "2468-1357"
HOSTILE = "<img src=x onerror=alert(1)>Eve"
ROOM_UPDATE_TIMEOUT = 5_000  # ms: the room redraws within 2 s of a save; leave room for a busy machine
# whether a <select> is wide enough for its chosen option's whole text (a cut name fails)
WHOLE_OPTION_SHOWN = """s => { const style = getComputedStyle(s), ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return ctx.measureText(s.options[s.selectedIndex].text).width <= room; }"""


@pytest.fixture
def room_server(workspace, tmp_path):
    """`tpi serve` with a known facilitator passcode (it sets a new one at each start otherwise)."""
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log")
    server.command += ["--facilitator-passcode", PASSCODE]
    server.start()
    yield server
    server.stop()


def test_room_page_passcode_then_live_view_then_facilitator_step_pages(chromium, room_server, workspace):
    from playwright.sync_api import expect

    partnership = workspace.store.partnership("kossa-valmont").name
    facilitator = chromium.new_context()
    participant = chromium.new_context()
    try:
        room = open_room(facilitator, room_server)
        expect(room.get_by_role("button", name="Sign in as facilitator")).to_be_visible()
        assert partnership not in room.content(), "nothing of the workspace before the passcode"

        give_passcode(room, "0000-0000")
        expect(room.get_by_text("That passcode is not right")).to_be_visible(timeout=LIVE_TIMEOUT)
        assert partnership not in room.content()

        give_passcode(room, PASSCODE, name=None)  # the name typed before is still there
        section = room.locator(".tpi-room-partnership")
        expect(section).to_contain_text(partnership, timeout=LIVE_TIMEOUT)
        expect(room.get_by_text("Signed in as facilitator: Fatou Diallo")).to_be_visible()
        expect(room.locator(".tpi-room-qr")).to_be_visible()  # tpi serve stored the participant URL
        assert room.get_by_label("Show partnership").evaluate(WHOLE_OPTION_SHOWN), "the partnership's name is cut"

        step2 = open_step(participant, room_server, 2)
        sign_in(step2, HOSTILE, KOSSA, "Nurse")
        step2.get_by_label("IPC-01 rating").select_option(label="3 · Mostly in place")
        expect(step2.get_by_text(re.compile("Saved by"))).to_be_visible(timeout=LIVE_TIMEOUT)
        # the timer starts once the participant sees "saved"
        expect(section).to_contain_text("On step 2", timeout=ROOM_UPDATE_TIMEOUT)
        expect(section).to_contain_text(re.compile(r"(?<!\d)1 of \d+ items rated"), timeout=ROOM_UPDATE_TIMEOUT)
        detail = room.locator(".tpi-room-detail")
        expect(detail).to_contain_text("Mostly in place", timeout=ROOM_UPDATE_TIMEOUT)
        expect(detail).to_contain_text(HOSTILE + " (1)", timeout=ROOM_UPDATE_TIMEOUT)
        assert room.locator(".tpi-room img[src=x]").count() == 0, "a participant's name stays text"

        # the same browser is a facilitator on the step pages: Step 3 builds its facilitator controls
        step3 = open_step(facilitator, room_server, 3)
        step3.locator(".tpi-signed-in").wait_for(timeout=LOAD_TIMEOUT)
        expect(step3.get_by_label("Votes per participant")).to_be_visible()
        # and a participant's Step 3 does not
        other3 = open_step(participant, room_server, 3)
        other3.locator(".tpi-signed-in").wait_for(timeout=LOAD_TIMEOUT)
        expect(other3.get_by_label("Votes per participant")).to_have_count(0)  # not built for a participant
    finally:
        facilitator.close()
        participant.close()


def test_step_page_facilitator_sign_in_reloads_with_the_facilitator_controls(chromium, room_server):
    from playwright.sync_api import expect

    context = chromium.new_context()
    try:
        page = open_step(context, room_server, 3)
        sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
        expect(page.get_by_label("Votes per participant")).to_have_count(0)
        page.get_by_role("button", name="Facilitator? Sign in").click()
        give_passcode(page, PASSCODE, name=None)
        # the page reloads itself and is built again for a facilitator
        expect(page.get_by_label("Votes per participant")).to_be_visible(timeout=LOAD_TIMEOUT)
        expect(page.locator(".tpi-signed-in")).to_contain_text("Ana Kamara")
    finally:
        context.close()
