"""A participant's phone (360×740, touch): every step of the workbook with the demo's records
fits the screen (no sideways scroll), every control is at least a thumb wide and tall (44×44 px),
fields have the input type the phone needs, and a rating is made with taps only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.layout import PHONE, measure, settled
from tests.support import BASELINE, KOSSA, LIVE_TIMEOUT, item_row, new_page, sign_in, wait_for_store, workbook_path
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


def open_step(page, server, number: int):
    page.goto("about:blank")  # a full load of the step's page
    page.goto(server.url + workbook_path(number))
    page.locator(".tpi-signed-in").wait_for()
    page.wait_for_function(f"document.title.includes('Step {number}:')")
    settled(page)


def test_every_step_fits_a_phone_with_thumb_sized_controls(phone, server):
    found = {}
    for step in STEPS:
        open_step(phone, server, step.number)
        shown = measure(phone)
        found[step.number] = (shown["sideways_px"], shown["small_controls"], shown["small_examples"], shown["too_wide"])
    assert found == {step.number: (0, 0, [], []) for step in STEPS}


def test_fields_bring_the_phones_keypad_and_date_picker(phone, server):
    open_step(phone, server, 1)
    expect(phone.get_by_label("Focal point 1 email").first).to_have_attribute("type", "email")
    expect(phone.get_by_label("Focal point 1 phone").first).to_have_attribute("type", "tel")


def test_a_rating_is_made_with_taps_and_its_state_is_announced(phone, server, demo_workspace):
    open_step(phone, server, 2)
    row = item_row(phone, "IPC-04")
    rating = phone.get_by_label("IPC-04 rating")
    rating.tap()  # a phone opens its own list; the choice is then made in it
    rating.select_option(label="3 · Mostly in place")
    wait_for_store(demo_workspace, BASELINE, "ipc-04", "rating", 3)
    status = row.locator(".tpi-status")
    expect(status).to_contain_text("Saved", timeout=LIVE_TIMEOUT)
    expect(status).to_have_attribute("aria-live", "polite")
    assert status.get_attribute("id") in (rating.get_attribute("aria-describedby") or "").split()
