"""Step 4 as participants use it: Voila serving a fresh workspace, Chromium driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, LIVE_TIMEOUT, VALMONT, become_facilitator, open_step, sign_in, wait_for_record

pytestmark = pytest.mark.browser


def field(page, number: str, name: str):
    return page.get_by_label(f"Row {number} {name}", exact=True)


def card(page, number: str):
    return page.locator(".tpi-plan-row").filter(has=field(page, number, "activity"))


def add_row(page, group: str):
    page.get_by_role("button", name=f"Add an activity: {group}").click()


def edit_row(page, number: str):
    """A saved row shows as one line until the participant opens its form."""
    page.get_by_role("button", name=f"Edit row {number}").click()


def test_participant_adds_fills_reloads_and_finds_the_row(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step(context, server, 4)
    sign_in(page, "Ana Kamara", KOSSA, "Manager")
    add_row(page, "Partnership development")
    field(page, "1.1", "activity").fill("Sign the partnership agreement <b>both sides</b>")
    field(page, "1.1", "expected result").fill("Agreement signed")
    field(page, "1.1", "responsible person").fill("Dr Sesay")
    field(page, "1.1", "institution").select_option(VALMONT)
    field(page, "1.1", "start").fill("2027-02-10")
    field(page, "1.1", "end").fill("2027-02-01")
    field(page, "1.1", "budget (USD)").fill("1 500")
    field(page, "1.1", "funding source").fill("Partnership grant")
    field(page, "1.1", "status").select_option(label="In progress")
    row = card(page, "1.1")
    expect(row.locator(".tpi-field-error").filter(has_text="The end date comes before the start date")).to_be_visible()
    row.get_by_text("Saved by Ana Kamara").wait_for()
    stored = wait_for_record(workspace, "plan", lambda f: f.get("budget") == "1 500" and f.get("end") == "2027-02-01")
    assert stored["objective"] == "partnership" and stored["status"] == "in-progress"
    assert stored["institution"] == VALMONT and stored["deleted"] is False
    expect(page.locator(".tpi-plan-budget")).to_contain_text("1,500")

    page.reload()
    expect(page.locator(".tpi-plan-row-summary")).to_contain_text("Sign the partnership agreement <b>both sides</b>")
    expect(page.locator(".tpi-plan-row-summary")).to_contain_text("Saved by Ana Kamara")
    edit_row(page, "1.1")
    field(page, "1.1", "activity").wait_for()
    expect(field(page, "1.1", "activity")).to_have_value("Sign the partnership agreement <b>both sides</b>")
    expect(field(page, "1.1", "responsible person")).to_have_value("Dr Sesay")
    expect(field(page, "1.1", "institution")).to_have_value(VALMONT)
    expect(field(page, "1.1", "end")).to_have_value("2027-02-01")  # kept as typed, and still flagged
    expect(card(page, "1.1").get_by_text("The end date comes before the start date")).to_be_visible()
    expect(field(page, "1.1", "status")).to_have_value("In progress")
    context.close()


def test_a_deleted_row_comes_back_with_undo(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step(context, server, 4)
    sign_in(page, "Ana Kamara", KOSSA, "Manager")
    become_facilitator(page, workspace, "Ana Kamara")  # deleting and undoing are a facilitator's
    add_row(page, "Spread")
    field(page, "3.1", "activity").fill("Write a case study for the district")
    card(page, "3.1").get_by_text("Saved by Ana Kamara").wait_for()
    card(page, "3.1").get_by_role("button", name="Delete").click()
    expect(field(page, "3.1", "activity")).to_have_count(0)
    expect(page.locator(".tpi-plan-undo")).to_contain_text("Deleted by Ana Kamara: Write a case study for the district")
    assert wait_for_record(workspace, "plan", lambda f: f.get("deleted") is True)["activity"] == \
        "Write a case study for the district"
    page.reload()  # the deletion is in the store: undo survives a reload
    page.get_by_role("button", name="Undo").click()
    edit_row(page, "3.1")
    expect(field(page, "3.1", "activity")).to_have_value("Write a case study for the district")
    expect(page.locator(".tpi-plan-undo")).to_be_hidden()
    wait_for_record(workspace, "plan",
                    lambda f: f.get("deleted") is False and f.get("activity", "").startswith("Write"))
    context.close()


def test_a_second_participant_sees_a_new_row_appear_and_its_edits(chromium, server, workspace):
    ana, bo = chromium.new_context(), chromium.new_context()
    ana_page, bo_page = open_step(ana, server, 4), open_step(bo, server, 4)
    sign_in(ana_page, "Ana Kamara", KOSSA, "Manager")
    sign_in(bo_page, "Bo Lindqvist", VALMONT, "Surgeon")
    add_row(ana_page, "IPC and patient safety")
    field(ana_page, "2.1.1", "activity").fill("Start local hand-rub production")
    expect(bo_page.locator(".tpi-plan-row-summary")).to_contain_text("Start local hand-rub production",
                                                                     timeout=LIVE_TIMEOUT)
    edit_row(bo_page, "2.1.1")
    expect(field(bo_page, "2.1.1", "activity")).to_have_value("Start local hand-rub production", timeout=LIVE_TIMEOUT)
    card(bo_page, "2.1.1").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
    # and the other way round: Bo's edit reaches Ana's card
    field(bo_page, "2.1.1", "responsible person").fill("Bo Lindqvist")
    expect(field(ana_page, "2.1.1", "responsible person")).to_have_value("Bo Lindqvist", timeout=LIVE_TIMEOUT)
    ana.close()
    bo.close()


def test_a_plan_row_is_edited_on_a_phone(chromium, server, workspace):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = open_step(context, server, 4)
    sign_in(page, "Ana Kamara", KOSSA, "Manager")
    add_row(page, "Health workforce")
    activity = field(page, "2.2.1", "activity")
    activity.fill("Review night staffing on the maternity ward")
    field(page, "2.2.1", "budget (USD)").fill("two hundred")
    row = card(page, "2.2.1")
    expect(row.get_by_text("Write a number")).to_be_visible()
    row.get_by_text("Saved by Ana Kamara").wait_for()
    wait_for_record(workspace, "plan", lambda f: f.get("budget") == "two hundred")
    # the card, its labels and fields fit the phone's width: nothing to scroll sideways
    gaps = row.locator(".tpi-choice-set").filter(has=page.get_by_text("Row 2.2.1 gaps addressed", exact=True))
    for locator in (row, activity, page.get_by_text("Row 2.2.1 activity", exact=True), gaps):
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    label = page.get_by_text("Row 2.2.1 budget (USD)", exact=True)
    expect(label).to_be_visible()
    assert label.bounding_box()["y"] < field(page, "2.2.1", "budget (USD)").bounding_box()["y"]  # label above
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".tpi-plan-not-a-number")).to_contain_text("1 budget(s) are not a number")
    context.close()
