"""A participant's phone (360×740, touch): every step of the workbook with the demo's records
fits the screen (no sideways scroll), every control is at least a thumb wide and tall (44×44 px),
fields have the input type the phone needs, and a rating is made with taps only (Steps 1 and 6's
main actions too); a wide table (Step 6's before and after) is a card per row, every cell in sight
and named by its column. What comes first: the step's guidance folded to its purpose, then what the
participant is asked to do now with a button that takes them there; the header gives the screen
back as they scroll and never covers the field being edited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.layout import PHONE, measure, settled
from tests.support import (BASELINE, KOSSA, LIVE_TIMEOUT, item_row, load_workbook_step, new_page, records, sign_in,
                           wait_for_record, wait_for_store, workbook_path)
from tpi_widgets.core.partnership_profile import focal_record
from tpi_widgets.core.records import FOLLOWUP, PLAN, PROFILE, TEAM
from tpi_widgets.core.steps import STEPS

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(chromium, demo_workspace, server):
    context = chromium.new_context(**PHONE)
    page = new_page(context)
    page.goto(server.url + workbook_path(1))
    sign_in(page, "Ana Kamara", KOSSA, "Nurse")
    yield page
    context.close()


def test_every_step_fits_a_phone_with_thumb_sized_controls(phone, server):
    found = {}
    for step in STEPS:
        load_workbook_step(phone, server, step.number)
        shown = measure(phone)
        found[step.number] = (shown["sideways_px"], shown["small_controls"], shown["small_examples"], shown["too_wide"])
    assert found == {step.number: (0, 0, [], []) for step in STEPS}


def test_fields_bring_the_phones_keypad_and_date_picker(phone, server):
    load_workbook_step(phone, server, 1)
    expect(phone.get_by_label("Focal point 1 email").first).to_have_attribute("type", "email")
    expect(phone.get_by_label("Focal point 1 phone").first).to_have_attribute("type", "tel")


def test_labels_sit_above_their_fields_from_the_left(phone, server):
    load_workbook_step(phone, server, 2)
    rating = phone.get_by_label("IPC-01 rating")
    label = phone.locator(".widget-inline-hbox", has=rating).locator("> .widget-label")
    assert label.evaluate("e => getComputedStyle(e).textAlign") in ("left", "start")
    text, field = label.bounding_box(), rating.bounding_box()
    assert text["y"] + text["height"] <= field["y"] + 1 and abs(text["x"] - field["x"]) <= 2, (text, field)


def test_a_rating_is_made_with_taps_and_its_state_is_announced(phone, server, demo_workspace):
    load_workbook_step(phone, server, 2)
    row = item_row(phone, "IPC-04")
    rating = phone.get_by_label("IPC-04 rating")
    rating.tap()  # a phone opens its own list; the choice is then made in it
    rating.select_option(label="3 · Mostly in place")
    wait_for_store(demo_workspace, BASELINE, "ipc-04", "rating", 3)
    status = row.locator(".tpi-status")
    expect(status).to_contain_text("Saved", timeout=LIVE_TIMEOUT)
    expect(status).to_have_attribute("aria-live", "polite")
    assert status.get_attribute("id") in (rating.get_attribute("aria-describedby") or "").split()


def test_step3_votes_from_the_ranking_with_taps_the_counter_and_ranking_on_one_screen(phone, server, demo_workspace):
    load_workbook_step(phone, server, 3)
    votes_left = phone.locator(".tpi-votes-left")
    first = phone.locator(".tpi-ranked-gap").first
    expect(first).to_contain_text("IPC-03")  # the demo's most voted gap
    # scrolled to the votes left (the step's guidance comes first), the ranking is on the same screen
    votes_left.evaluate("el => el.scrollIntoView({block: 'start'})")
    top, row = votes_left.bounding_box(), first.bounding_box()
    assert -1 <= top["y"] and row["y"] + row["height"] <= PHONE["viewport"]["height"], (top, row)
    add = first.get_by_role("button", name="Vote for IPC-03", exact=True)  # its tooltip names the gap, the icon is silent
    assert add.bounding_box()["height"] >= 44 and add.bounding_box()["width"] >= 44
    add.tap()
    wait_for_record(demo_workspace, "votes", lambda fields: fields == {"ipc-03": 1})  # Ana's own, a new record
    expect(votes_left).to_contain_text("4 of 5")
    expect(first).to_contain_text("(yours: 1)")


def test_step5_visits_are_rows_a_tap_opens_to_edit_in_place(phone, server, demo_workspace):
    load_workbook_step(phone, server, 5)
    phone.get_by_role("button", name="Visits", exact=True).tap()
    rows = phone.locator(".tpi-visit .tpi-action-row-text")
    expect(rows.first).to_contain_text("Visit 1 · Visit done · 2027-03-08 – 2027-03-19", timeout=LIVE_TIMEOUT)
    expect(rows).to_have_count(2)
    settled(phone)
    shown = measure(phone)
    assert (shown["sideways_px"], shown["small_examples"]) == (0, [])  # the rows fit, their buttons thumb-sized
    lines = rows.evaluate_all("els => els.map(el => el.getBoundingClientRect().height"
                              " / parseFloat(getComputedStyle(el).lineHeight))")
    assert all(count <= 2.05 for count in lines), lines  # two lines at most
    phone.get_by_role("button", name="Edit Visit 1").tap()
    purpose = phone.get_by_label("Visit 1 purpose", exact=True)
    purpose.tap()
    purpose.fill("Coach the ward teams, typed on a phone")
    wait_for_store(demo_workspace, "visits", "c3000001", "purpose", "Coach the ward teams, typed on a phone")


def test_step6_is_done_with_taps_and_its_before_and_after_table_becomes_cards(phone, server, demo_workspace):
    load_workbook_step(phone, server, 6)
    rating = phone.get_by_label("IPC-04 rating")  # the follow-up assessment, Step 6's main action
    rating.tap()
    rating.select_option(label="4 · Fully in place")
    assert wait_for_store(demo_workspace, FOLLOWUP, "ipc-04", "rating", 4)[1] == "Ana Kamara"
    phone.get_by_role("button", name="Before and after", exact=True).tap()
    changes = phone.locator(".tpi-eval-areas td.tpi-change")
    expect(changes.first).to_be_visible()
    # every row a card: each change in sight on a 360 px screen (no sideways scroll to reach it), named by its column
    cells = changes.evaluate_all("""cells => cells.map(td => ({right: td.getBoundingClientRect().right,
        label: td.dataset.label, shown: getComputedStyle(td).display}))""")
    # each cell a grid: its column's name (::before) beside its value
    assert cells and all(c["right"] <= 360 and c["label"] == "Change" and c["shown"] == "grid"
                         for c in cells), cells
    expect(phone.locator(".tpi-eval-areas thead")).to_have_css("position", "absolute")  # for screen readers only


def test_step1_profile_and_team_are_filled_with_taps(phone, server, demo_workspace):
    load_workbook_step(phone, server, 1)
    phone_field = phone.get_by_label("Focal point 1 phone").first
    phone_field.tap()
    phone_field.fill("+232 76 555 019")
    wait_for_store(demo_workspace, PROFILE, focal_record(1), "phone", "+232 76 555 019")
    phone.get_by_role("button", name="Team", exact=True).tap()
    phone.get_by_role("button", name="Add a team member").tap()
    name = phone.get_by_label("Member 7 name")  # after the demo's six
    name.tap()
    name.fill("Fatou Bangura")
    wait_for_record(demo_workspace, TEAM, lambda fields: fields.get("name") == "Fatou Bangura")


def test_a_plan_row_opens_with_a_tap_and_closes_back_to_its_one_line(phone, server, demo_workspace):
    load_workbook_step(phone, server, 4)
    record = next(r for r, fields in records(demo_workspace, PLAN).items()
                  if fields.get("objective") == "partnership" and fields.get("order") == 1)
    row = phone.locator(".tpi-plan-row").first  # 1.1, the first of the plan
    row.get_by_role("button", name="Edit row 1.1").tap()
    activity = phone.get_by_label("Row 1.1 activity", exact=True)
    activity.fill("Fortnightly call of both focal points")
    assert wait_for_store(demo_workspace, PLAN, record, "activity", "Fortnightly call of both focal points") == \
        ("Fortnightly call of both focal points", "Ana Kamara")
    row.get_by_role("button", name="Close").tap()
    expect(activity).to_have_count(0)
    expect(row.locator(".tpi-plan-activity")).to_have_text("Fortnightly call of both focal points")
    # back to its line, two on a phone: the number beside the activity, then who, when and the status
    number, text = row.locator(".tpi-plan-number").bounding_box(), row.locator(".tpi-plan-activity").bounding_box()
    assert abs(number["y"] - text["y"]) < 4 and number["x"] < text["x"], (number, text)
    assert row.locator(".tpi-plan-responsible").bounding_box()["y"] > text["y"] + text["height"] - 1
    edit = row.get_by_role("button", name="Edit row 1.1").bounding_box()
    assert edit["width"] >= 44 and edit["height"] >= 44, edit


# what comes first, and the header ------------------------------------------------------------------
SCROLLER = """() => [document.scrollingElement, ...document.querySelectorAll('*')]
  .filter(el => el === document.scrollingElement || ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
  .sort((a, b) => b.scrollHeight - a.scrollHeight)[0]"""


def scroll_by(page, pixels: int):
    page.evaluate(f"(px) => ({SCROLLER})().scrollBy(0, px)", pixels)
    page.wait_for_timeout(300)


def test_what_to_do_now_comes_first_and_takes_the_participant_there(phone, server):
    load_workbook_step(phone, server, 2)
    assert phone.locator("details.tpi-guidance-more").first.get_attribute("open") is None  # folded
    now = phone.locator(".tpi-now")
    expect(now).to_contain_text("left to rate")
    assert now.bounding_box()["y"] < 740  # on the first screen, before the form
    go = now.get_by_role("button", name="Go to")
    code = go.inner_text().split()[-1]
    go.tap()
    focused = phone.get_by_label(f"{code} rating")
    expect(focused).to_be_focused()
    box = focused.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 740  # in sight


def test_the_header_gives_the_screen_back_and_never_covers_a_field(phone, server):
    load_workbook_step(phone, server, 2)
    slim = phone.locator(".tpi-slim-header")
    scroll_by(phone, 2000)
    assert phone.locator(".tpi-header").bounding_box()["y"] < 0  # scrolled away with the page
    expect(slim).to_be_hidden()
    scroll_by(phone, -300)  # back up a little: the slim bar, home and the current step
    expect(slim).to_be_visible()
    assert slim.bounding_box()["height"] <= 60
    expect(slim.locator("a.tpi-current")).to_contain_text("Needs assessment")
    scroll_by(phone, 300)
    expect(slim).to_be_hidden()
    scroll_by(phone, -300)
    expect(slim).to_be_visible()
    field = phone.locator(".tpi-step-body select:visible").first
    field.focus()
    expect(slim).to_be_hidden()  # editing: nothing over the field
