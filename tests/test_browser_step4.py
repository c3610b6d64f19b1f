"""Step 4 as participants use it: Voila serving a fresh workspace, Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from tests.support import SLUG, Server, chromium_path, launch_chromium, sign_in

pytestmark = pytest.mark.browser

STEP4 = f"voila/render/partnerships/{SLUG}/04_action_planning.ipynb"
LOAD_TIMEOUT = 90_000  # ms: a page starts its own kernel, and the machine may be busy
LIVE_TIMEOUT = 15_000  # ms: another participant's save shows up within this


@pytest.fixture(scope="module")
def chromium():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: .ci/run must install it (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, path)
        yield browser
        browser.close()


@pytest.fixture
def server(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    yield server
    server.stop()


def plan_fields(workspace) -> dict[str, dict[str, object]]:
    """The stored plan: {record: {field: value}}."""
    with sqlite3.connect(workspace.root / "store.sqlite") as db:
        rows = db.execute("SELECT record, field, value FROM entries WHERE collection = 'plan'").fetchall()
    result: dict[str, dict[str, object]] = {}
    for record, field, value in rows:
        # JSON text, except numbers, which the column's affinity turns back into numbers
        result.setdefault(record, {})[field] = json.loads(value) if isinstance(value, str) else value
    return result


def wait_for_plan(workspace, condition, timeout=10):
    """The one record whose fields satisfy `condition`, once it is stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        matches = [fields for fields in plan_fields(workspace).values() if condition(fields)]
        if matches:
            return matches[0]
        time.sleep(0.1)
    raise AssertionError(f"no plan row matched; stored: {plan_fields(workspace)}")


def open_step4(context, server):
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT)
    page.goto(server.url + STEP4)
    return page


def field(page, number: str, name: str):
    return page.get_by_label(f"Row {number} {name}", exact=True)


def card(page, number: str):
    return page.locator(".tpi-plan-row").filter(has=field(page, number, "activity"))


def add_row(page, group: str):
    page.get_by_role("button", name=f"Add an activity: {group}").click()


def test_participant_adds_fills_reloads_and_finds_the_row(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step4(context, server)
    sign_in(page, "Ana Kamara", "Kossa District Hospital", "Manager")
    add_row(page, "Partnership development")
    field(page, "1.1", "activity").fill("Sign the partnership agreement <b>both sides</b>")
    field(page, "1.1", "expected result").fill("Agreement signed")
    field(page, "1.1", "responsible person").fill("Dr Sesay")
    field(page, "1.1", "institution").select_option("Hôpital Régional de Valmont")
    field(page, "1.1", "start").fill("2027-02-10")
    field(page, "1.1", "end").fill("2027-02-01")
    field(page, "1.1", "budget (USD)").fill("1 500")
    field(page, "1.1", "funding source").fill("Partnership grant")
    field(page, "1.1", "status").select_option(label="In progress")
    row = card(page, "1.1")
    expect(row.locator(".tpi-field-error").filter(has_text="The end date comes before the start date")).to_be_visible()
    row.get_by_text("Saved by Ana Kamara").wait_for()
    stored = wait_for_plan(workspace, lambda f: f.get("budget") == "1 500" and f.get("end") == "2027-02-01")
    assert stored["objective"] == "partnership" and stored["status"] == "in-progress"
    assert stored["institution"] == "Hôpital Régional de Valmont" and stored["deleted"] is False
    expect(page.locator(".tpi-plan-budget")).to_contain_text("1,500")

    page.reload()
    field(page, "1.1", "activity").wait_for()
    expect(field(page, "1.1", "activity")).to_have_value("Sign the partnership agreement <b>both sides</b>")
    expect(field(page, "1.1", "responsible person")).to_have_value("Dr Sesay")
    expect(field(page, "1.1", "institution")).to_have_value("Hôpital Régional de Valmont")
    expect(field(page, "1.1", "end")).to_have_value("2027-02-01")  # kept as typed, and still flagged
    expect(card(page, "1.1").get_by_text("The end date comes before the start date")).to_be_visible()
    expect(field(page, "1.1", "status")).to_have_value("In progress")
    context.close()


def test_a_deleted_row_comes_back_with_undo(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step4(context, server)
    sign_in(page, "Ana Kamara", "Kossa District Hospital", "Manager")
    add_row(page, "Spread")
    field(page, "3.1", "activity").fill("Write a case study for the district")
    card(page, "3.1").get_by_text("Saved by Ana Kamara").wait_for()
    card(page, "3.1").get_by_role("button", name="Delete").click()
    expect(field(page, "3.1", "activity")).to_have_count(0)
    expect(page.locator(".tpi-plan-undo")).to_contain_text("Row 3.1 deleted: Write a case study for the district")
    assert wait_for_plan(workspace, lambda f: f.get("deleted") is True)["activity"] == \
        "Write a case study for the district"
    page.get_by_role("button", name="Undo").click()
    expect(field(page, "3.1", "activity")).to_have_value("Write a case study for the district")
    expect(page.locator(".tpi-plan-undo")).to_be_hidden()
    wait_for_plan(workspace, lambda f: f.get("deleted") is False and f.get("activity", "").startswith("Write"))
    context.close()


def test_a_second_participant_sees_a_new_row_appear_and_its_edits(chromium, server, workspace):
    ana, bo = chromium.new_context(), chromium.new_context()
    ana_page, bo_page = open_step4(ana, server), open_step4(bo, server)
    sign_in(ana_page, "Ana Kamara", "Kossa District Hospital", "Manager")
    sign_in(bo_page, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    add_row(ana_page, "IPC and patient safety")
    field(ana_page, "2.1.1", "activity").fill("Start local hand-rub production")
    expect(field(bo_page, "2.1.1", "activity")).to_have_value("Start local hand-rub production", timeout=LIVE_TIMEOUT)
    card(bo_page, "2.1.1").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
    # and the other way round: Bo's edit reaches Ana's card
    field(bo_page, "2.1.1", "responsible person").fill("Bo Lindqvist")
    expect(field(ana_page, "2.1.1", "responsible person")).to_have_value("Bo Lindqvist", timeout=LIVE_TIMEOUT)
    ana.close()
    bo.close()


def test_a_plan_row_is_edited_on_a_phone(chromium, server, workspace):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = open_step4(context, server)
    sign_in(page, "Ana Kamara", "Kossa District Hospital", "Manager")
    add_row(page, "Health workforce")
    activity = field(page, "2.2.1", "activity")
    activity.fill("Review night staffing on the maternity ward")
    field(page, "2.2.1", "budget (USD)").fill("two hundred")
    row = card(page, "2.2.1")
    expect(row.get_by_text("Write a number")).to_be_visible()
    row.get_by_text("Saved by Ana Kamara").wait_for()
    wait_for_plan(workspace, lambda f: f.get("budget") == "two hundred")
    # the card, its labels and fields fit the phone's width: nothing to scroll sideways
    for locator in (row, activity, page.get_by_text("Row 2.2.1 activity", exact=True),
                    field(page, "2.2.1", "gaps addressed")):
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    label = page.get_by_text("Row 2.2.1 budget (USD)", exact=True)
    expect(label).to_be_visible()
    assert label.bounding_box()["y"] < field(page, "2.2.1", "budget (USD)").bounding_box()["y"]  # label above
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".tpi-plan-not-a-number")).to_contain_text("1 budget(s) are not a number")
    context.close()
