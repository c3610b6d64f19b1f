"""An earlier cycle in the browser: its Step 1 says a newer cycle exists, links to the same step
there, and cannot be changed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, LOAD_TIMEOUT, SLUG, open_step, sign_in
from tpi_widgets.core.records import FOLLOWUP

pytestmark = pytest.mark.browser


def test_an_earlier_cycle_says_so_links_to_the_current_one_and_is_read_only(chromium, server, workspace):
    store = workspace.store
    fay = store.add_participant("Fay", KOSSA, "Facilitator").id
    store.write(store.partnership(SLUG).id, 1, FOLLOWUP, "ipc-01", "rating", 2, fay)
    workspace.start_next_cycle(SLUG, fay)

    context = chromium.new_context()
    page = open_step(context, server, 1)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    notice = page.locator(".tpi-cycle-notice")
    expect(notice).to_contain_text("Cycle 2 has started, so this page of cycle 1 is read-only")
    expect(page.get_by_label("Institution 1 address")).to_be_disabled()
    notice.get_by_role("link", name="Go to Step 1 of cycle 2").click()
    page.wait_for_url("**/cycle-2/workbook.ipynb#step-1", timeout=LOAD_TIMEOUT)
    page.locator(".tpi-signed-in").wait_for()
    expect(page.get_by_label("Institution 1 address")).to_be_enabled()
    expect(page.locator(".tpi-cycle-notice p")).to_have_count(0)
    context.close()
