"""A careless paste in the page (issue 11): a megabyte pasted into a Step 4 activity is cut at the
pack's note limit, the card says so, and the store holds the text up to the limit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, open_step, sign_in, wait_for_record
from tests.test_browser_step4 import add_row, card, field

pytestmark = pytest.mark.browser

PASTE = "Hand hygiene audit. " + "x" * 1_000_000


def test_a_megabyte_pasted_into_an_activity_is_cut_with_a_visible_message(chromium, server, workspace):
    limit = workspace.pack.limits.note
    context = chromium.new_context()
    page = open_step(context, server, 4)
    sign_in(page, "Ana Kamara", KOSSA, "Manager")
    add_row(page, "Partnership development")
    field(page, "1.1", "activity").fill(PASTE)
    expect(card(page, "1.1").get_by_text(f"Only the first {limit} characters are kept.")).to_be_visible()
    expect(field(page, "1.1", "activity")).to_have_value(PASTE[:limit])
    stored = wait_for_record(workspace, "plan", lambda f: bool(f.get("activity")))
    assert stored["activity"] == PASTE[:limit]
    context.close()
