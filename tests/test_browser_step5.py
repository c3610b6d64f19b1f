"""Step 5 as a participant uses it: Voila serving a workspace with a seeded plan, Chromium driven
by Playwright. Progress, a visit proposal, a report after that visit, a next step turned into a
plan activity found on Step 4, and everything found again after a reload (a visit or report as its
row, opened in place)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, LIVE_TIMEOUT, VALMONT, open_step, records, sign_in, wait_for_record
from tests.test_step5_widgets import seed_plan

pytestmark = pytest.mark.browser


def label(page, text: str):
    return page.get_by_label(text, exact=True)


def section(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()


def test_participant_walks_step_5_and_finds_everything_after_a_reload(chromium, server, workspace):
    seed_plan(workspace)
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = open_step(context, server, 5)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")

    # progress on the seeded activity: its form opens from the activity's log
    page.get_by_role("button", name="Report progress on activity 2.1.1").click()
    label(page, "Activity 2.1.1 status").select_option(label="In progress")
    label(page, "Activity 2.1.1 percent done").fill("40")
    label(page, "Activity 2.1.1 comment").fill("Two wards trained <b>so far</b>")
    page.get_by_role("button", name="Save this update").click()
    expect(page.locator(".tpi-progress-current")).to_contain_text("In progress · 40%", timeout=LIVE_TIMEOUT)
    expect(page.locator(".tpi-progress-history")).to_contain_text("Two wards trained <b>so far</b>")
    wait_for_record(workspace, "progress", lambda f: f.get("activity") == "aaaa1111" and f.get("percent") == "40")

    # a visit proposal serving that activity
    section(page, "Visits")
    page.get_by_role("button", name="Add a visit proposal").click()
    label(page, "Visit 1 host institution").select_option(KOSSA)
    label(page, "Visit 1 visiting institution").select_option(VALMONT)
    label(page, "Visit 1 first day").fill("2027-03-10")
    serves = page.locator(".tpi-choice-set").filter(has=page.get_by_text("Visit 1 plan activities it serves", exact=True))
    serves.get_by_label("2.1.1 Train ward staff on hand hygiene").check()  # a box per activity, no Ctrl-click
    label(page, "Visit 1 purpose").fill("Coach the ward teams")
    page.get_by_role("button", name="Add a team member").click()
    label(page, "Visit 1 member 1 name").fill("Dr Claire Martin")
    visit = wait_for_record(workspace, "visits", lambda f: f.get("activities") == ["aaaa1111"]
                            and f.get("purpose") == "Coach the ward teams" and f.get("start") == "2027-03-10")
    assert visit["host_side"] == KOSSA and visit["status"] == "draft"
    wait_for_record(workspace, "visit_team", lambda f: f.get("name") == "Dr Claire Martin")

    # a report after that visit lists its activity by itself
    section(page, "Reports")
    page.get_by_role("button", name="Add an action report").click()
    label(page, "Report 1 type").select_option(label="After a visit")
    label(page, "Report 1 visit reported on").select_option(label=f"Visit 1: {KOSSA}, 2027-03-10")
    done = label(page, "Report 1 activity 2.1.1 done?")
    done.select_option(label="Partly done")
    expect(page.locator(".tpi-report-item")).to_contain_text("2.1.1 Train ward staff on hand hygiene")
    page.get_by_role("button", name="Add a next step").click()
    label(page, "Report 1 next step 1 next step").fill("Start making hand rub locally")
    label(page, "Report 1 next step 1 owner").fill("Dr Sesay")
    label(page, "Report 1 next step 1 due date").fill("2027-06-30")
    label(page, "Report 1 next step 1 plan objective").select_option(label="2. Technical improvement – IPC and patient safety")
    wait_for_record(workspace, "next_steps", lambda f: f.get("owner") == "Dr Sesay" and f.get("date") == "2027-06-30"
                    and f.get("text") == "Start making hand rub locally")
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("button", name="In the plan")).to_be_visible(timeout=LIVE_TIMEOUT)
    row = wait_for_record(workspace, "plan", lambda f: f.get("activity") == "Start making hand rub locally")
    assert (row["objective"], row["area"], row["responsible"], row["end"], row["status"]) == \
        ("technical", "ipc", "Dr Sesay", "2027-06-30", "planned")
    item = records(workspace, "report_items")
    assert [(k.split(":")[1], v["done"]) for k, v in item.items()] == [("aaaa1111", "partly")]

    # the new activity is on Step 4's page
    plan_page = open_step(context, server, 4)
    plan_page.get_by_role("button", name="Edit row 2.1.2").click()
    expect(plan_page.get_by_label("Row 2.1.2 activity", exact=True)).to_have_value("Start making hand rub locally")
    expect(plan_page.get_by_label("Row 2.1.2 responsible person", exact=True)).to_have_value("Dr Sesay")
    plan_page.close()

    # everything is there after a reload
    page.reload()
    expect(page.locator(".tpi-progress-current")).to_contain_text("In progress · 40%")
    page.get_by_role("button", name="Report progress on activity 2.1.2").click()
    expect(label(page, "Activity 2.1.2 status")).to_be_attached()  # the new activity reports progress too
    section(page, "Visits")
    expect(page.locator(".tpi-action-row")).to_contain_text("Visit 1 · Draft · 2027-03-10")  # closed: its row
    page.get_by_role("button", name="Edit Visit 1").click()
    expect(label(page, "Visit 1 purpose")).to_have_value("Coach the ward teams")
    expect(label(page, "Visit 1 member 1 name")).to_have_value("Dr Claire Martin")
    expect(page.locator(".tpi-action-links")).to_contain_text("Reported in: Report 1")
    section(page, "Reports")
    page.get_by_role("button", name="Edit Report 1").click()
    expect(label(page, "Report 1 activity 2.1.1 done?")).to_have_value("Partly done")
    expect(label(page, "Report 1 next step 1 owner")).to_have_value("Dr Sesay")
    expect(page.get_by_role("button", name="In the plan")).to_be_disabled()
    context.close()


def test_measurements_are_listed_and_charted(chromium, server, workspace):
    seed_plan(workspace)
    context = chromium.new_context()
    page = open_step(context, server, 5)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    section(page, "Indicators")
    expect(page.locator(".tpi-indicator")).to_contain_text("baseline 30 · target 80")
    page.get_by_role("button", name="Add a measurement for activity 2.1.1").click()
    label(page, "Indicator 2.1.1 measurement 1 date").fill("2027-02-01")
    label(page, "Indicator 2.1.1 measurement 1 value").fill("about half")
    expect(page.locator(".tpi-not-plotted")).to_contain_text("about half", timeout=LIVE_TIMEOUT)
    wait_for_record(workspace, "measurements", lambda f: f.get("value") == "about half" and f.get("activity") == "aaaa1111")
    page.get_by_role("button", name="Show the run chart").click()
    expect(page.locator(".tpi-indicator img.tpi-chart")).to_be_visible(timeout=LIVE_TIMEOUT)
    context.close()
