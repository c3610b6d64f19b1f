"""Ten participants, each in their own browser, edit one partnership's Step 2 at the same time:
every edit that showed as saved is in the store afterwards, attributed to whoever made it, and
the facilitator's room view shows the right totals."""

from __future__ import annotations

import pytest

from playwright.sync_api import expect

from tests.postgres import both_backends
from tests.support import (BASELINE, KOSSA, LIVE_TIMEOUT, VALMONT, Server, give_passcode, item_row, open_room, open_step,
                           sign_in, stored_by, wait_for_store)

pytestmark = [pytest.mark.concurrency, pytest.mark.browser, both_backends]
PARTICIPANTS = 10
ITEMS = [f"IPC-0{n}" for n in range(1, 9)] + ["WORKFORCE-01", "WORKFORCE-02"]  # one item each
LEVELS = ["0 · Not in place", "1 · Planned or started", "2 · Partly in place", "3 · Mostly in place",
          "4 · Fully in place"]


def show_area_of(page, code: str):
    if code.startswith("WORKFORCE"):
        page.get_by_role("button", name="Health workforce").click()


PASSCODE = "1357-2468"


@pytest.fixture
def room_server(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", facilitator_passcode=PASSCODE).start()
    yield server
    server.stop()


def test_ten_participants_edit_at_once_and_nothing_saved_is_lost(chromium, room_server, workspace):
    server = room_server
    room = open_room(chromium.new_context(), server)
    give_passcode(room, PASSCODE)
    contexts = [chromium.new_context() for _ in range(PARTICIPANTS)]
    pages = [open_step(context, server, 2) for context in contexts]  # ten kernels start together
    names = [f"Participant {i:02d} <i>x</i>" for i in range(PARTICIPANTS)]
    for i, page in enumerate(pages):
        sign_in(page, names[i], KOSSA if i % 2 == 0 else VALMONT, "Nurse")
        show_area_of(page, ITEMS[i])
    # every participant edits without waiting for the others: the saves reach the store together
    for i, page in enumerate(pages):
        page.get_by_label(f"{ITEMS[i]} rating").select_option(label=LEVELS[i % 5])
        page.get_by_label(f"{ITEMS[i]} evidence").fill(f"Seen by participant {i} on the ward")
    for i, page in enumerate(pages):
        item_row(page, ITEMS[i]).get_by_text(f"Saved by {names[i]}").wait_for()
    for i in range(PARTICIPANTS):
        item = ITEMS[i].lower()
        wait_for_store(workspace, BASELINE, item, "rating", i % 5)
        wait_for_store(workspace, BASELINE, item, "evidence", f"Seen by participant {i} on the ward")
        assert stored_by(workspace, BASELINE, item, "evidence")[1] == names[i]
    # the facilitator's room view: ten items rated, each level as often as it was given, ten people
    section = room.locator(".tpi-room-partnership")
    expect(section).to_contain_text(f"{PARTICIPANTS} of 29 items rated", timeout=LIVE_TIMEOUT)
    detail = room.locator(".tpi-room-detail")
    for i in range(PARTICIPANTS):
        row = detail.get_by_role("row", name=ITEMS[i])
        expect(row).to_contain_text(LEVELS[i % 5].split(" · ")[1] + " ×1", timeout=LIVE_TIMEOUT)
    people = detail.locator(".tpi-room-people")
    for name in names:
        expect(people).to_contain_text(f"{name} (2)")  # a rating and an evidence note each
    for context in contexts:
        context.close()
