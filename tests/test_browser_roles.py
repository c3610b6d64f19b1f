"""Roles in the step pages, in the browser: the facilitator locks a step, a participant's page
follows live and cannot save; after unlocking, what they typed is saved. A participant's page
has no delete button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import (BASELINE, KOSSA, LIVE_TIMEOUT, VALMONT, become_facilitator, item_row, open_step, sign_in,
                           stored, wait_for_store)

pytestmark = pytest.mark.browser


def test_facilitator_locks_a_step_live_and_the_participants_text_waits_for_the_unlock(chromium, server, workspace):
    mira, bo = chromium.new_context(), chromium.new_context()
    facilitator = open_step(mira, server, 2)
    sign_in(facilitator, "Mira Osei", KOSSA, "Trainer")
    become_facilitator(facilitator, workspace, "Mira Osei")
    participant = open_step(bo, server, 2)
    sign_in(participant, "Bo Lindqvist", VALMONT, "Surgeon")
    expect(participant.get_by_role("button", name="Lock this step")).to_have_count(0)  # not built for them

    facilitator.get_by_role("button", name="Lock this step").click()
    expect(participant.locator(".tpi-lock-banner")).to_contain_text("This step is locked by the facilitator",
                                                                   timeout=LIVE_TIMEOUT)
    expect(participant.locator(".tpi-step-locked")).to_have_count(1)
    expect(facilitator.locator(".tpi-step-locked")).to_have_count(0)  # the facilitator's page stays editable
    # the body only looks read-only; a write that still reaches the kernel is refused there
    participant.get_by_label("IPC-05 evidence").fill("Isolation room shared with storage", force=True)
    expect(item_row(participant, "IPC-05").locator(".tpi-status-failed")).to_contain_text("locked",
                                                                                        timeout=LIVE_TIMEOUT)
    assert stored(workspace, BASELINE, "ipc-05", "evidence") is None

    facilitator.get_by_role("button", name="Unlock this step").click()
    expect(participant.locator(".tpi-lock-banner")).to_be_hidden(timeout=LIVE_TIMEOUT)
    wait_for_store(workspace, BASELINE, "ipc-05", "evidence", "Isolation room shared with storage")
    expect(item_row(participant, "IPC-05").locator(".tpi-status-saved")).to_contain_text("Bo Lindqvist",
                                                                                       timeout=LIVE_TIMEOUT)
    expect(participant.get_by_label("IPC-05 evidence")).to_have_value("Isolation room shared with storage")
    mira.close()
    bo.close()
