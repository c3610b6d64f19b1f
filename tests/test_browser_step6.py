"""Step 6 as participants use it: the follow-up, the comparison, strength again, spread, lessons
and decision; the facilitator starts cycle 2, whose Step 2 starts from the follow-up, and cycle
1's Step 6 page still shows cycle 1's data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import (KOSSA, LOAD_TIMEOUT, SLUG, become_facilitator, item_row, open_step, seed_ratings, sign_in, step_path,
                           stored, wait_for_record, wait_for_store)
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.core.records import EVALUATION, SPREAD, STRENGTH_REVIEW

pytestmark = pytest.mark.browser


def section(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()


def test_a_cycle_is_evaluated_and_the_next_one_starts_from_its_follow_up(chromium, server, workspace, pack):
    seed_ratings(workspace, {"ipc-01": 1, "ipc-02": 3})
    store = workspace.store
    store.write(store.partnership(SLUG).id, 1, "strength", "side-1", "trust", 2,
                store.add_participant("Step 1 rater", KOSSA, "Nurse").id)
    strength_top = pack.section("partnership").scale[-1]
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = open_step(context, server, 6)
    sign_in(page, "Fay Facilitator", KOSSA, "Facilitator")
    become_facilitator(page, workspace, "Fay Facilitator")

    # the follow-up assessment: Step 2's form, its own collection, dated by its first rating
    page.get_by_label("IPC-01 rating").select_option(label="3 · Mostly in place")
    page.get_by_label("IPC-01 evidence").fill("Re-audit: 7 of 9 wards")
    item_row(page, "IPC-01").get_by_text("Saved by Fay Facilitator").wait_for()
    wait_for_store(workspace, FOLLOWUP, "ipc-01", "rating", 3)
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 1
    expect(page.get_by_label("Follow-up date")).not_to_have_value("")

    section(page, "Before and after")
    expect(page.locator(".tpi-eval-areas")).to_contain_text("Better")
    expect(page.locator(".tpi-eval-items")).to_contain_text("1 · Planned or started")

    section(page, "Partnership strength")
    page.get_by_label(f"Trust and openness ({KOSSA})").select_option(
        label=f"{strength_top.value} · {strength_top.label}")
    wait_for_store(workspace, STRENGTH_REVIEW, "side-1", "trust", strength_top.value)
    expect(page.locator(".tpi-eval-strength tr").filter(has_text="Trust and openness").first).to_contain_text("Better")

    section(page, "Spread")
    page.get_by_role("button", name="Log a spread activity").click()
    page.get_by_label("Activity 1 what was done").fill("Talk at the district <b>meeting</b>")
    page.get_by_label("Activity 1 who was reached").fill("Nurses of 3 health centres")
    wait_for_record(workspace, SPREAD, lambda f: f.get("reached") == "Nurses of 3 health centres")

    section(page, "Lessons and decision")
    page.get_by_label("Lessons learned").fill("Short weekly calls worked better than long monthly ones")
    page.get_by_label("Decision", exact=True).select_option(label="Continue, with changes to the focus or the way we work")
    wait_for_store(workspace, EVALUATION, "review", "decision", "adjust")
    wait_for_store(workspace, EVALUATION, "review", "lessons", "Short weekly calls worked better than long monthly ones")

    # the facilitator starts cycle 2 and follows the link to its Step 2
    section(page, "Cycles")
    page.get_by_role("button", name="Start cycle 2").click()
    page.locator(".tpi-eval-next").get_by_role("link", name="Step 2: Needs assessment").click()
    page.wait_for_url("**/cycle-2/workbook.ipynb#step-2", timeout=LOAD_TIMEOUT)
    page.locator(".tpi-signed-in").wait_for()
    expect(page.locator(".tpi-cycle")).to_contain_text("Cycle 2")
    # the follow-up, not the baseline, is the shared rating; the facilitator's own box is their proposal of cycle 2
    expect(item_row(page, "IPC-01").locator(".tpi-proposed-note, .tpi-agreed-note")).to_contain_text(
        "3 · Mostly in place")
    expect(page.get_by_label("IPC-01 rating")).to_have_value("Not rated yet")
    expect(page.get_by_label("IPC-01 evidence")).to_have_value("Re-audit: 7 of 9 wards")
    expect(page.get_by_label("IPC-02 rating")).to_have_value("Not rated yet")

    # cycle 1 is unchanged and readable
    page.goto(server.url + step_path(6))
    page.locator(".tpi-signed-in").wait_for()
    expect(page.get_by_label("IPC-01 rating")).to_have_value("3 · Mostly in place")
    section(page, "Lessons and decision")
    expect(page.get_by_label("Lessons learned")).to_have_value("Short weekly calls worked better than long monthly ones")
    section(page, "Cycles")
    history = page.locator(".tpi-eval-history")
    expect(history).to_contain_text("Cycle 2")
    expect(history.locator("tr").filter(has_text="IPC and patient safety")).to_contain_text("2.0 → 3.0")
    expect(page.get_by_role("button", name="Start cycle 2")).to_be_disabled()
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 1
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating") == 3
    context.close()
