"""The projector view in the browser, at a projector's 1280×720: the facilitator switches Step 2
to it; no field is left to fill, the result is there in large type, and a participant's rating
made in another browser appears live; every step of the workbook projects its result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import (KOSSA, LIVE_TIMEOUT, VALMONT, become_facilitator, load_workbook_step, new_page, open_step,
                           sign_in, workbook_path)
from tests.test_projector import STEP_CHANGES

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
VISIBLE_FIELDS = "input:visible, select:visible, textarea:visible"


def test_the_facilitator_projects_step_2_and_a_participants_rating_appears_live(chromium, server, workspace):
    mira, bo = chromium.new_context(viewport=PROJECTOR), chromium.new_context()
    facilitator = open_step(mira, server, 2)
    sign_in(facilitator, "Mira Osei", KOSSA, "Trainer")
    become_facilitator(facilitator, workspace, "Mira Osei")
    participant = open_step(bo, server, 2)
    sign_in(participant, "Bo Lindqvist", VALMONT, "Surgeon")
    expect(participant.get_by_role("button", name="Projector view")).to_have_count(0)  # not built for them

    facilitator.get_by_role("button", name="Projector view").click()
    result = facilitator.locator(".tpi-projector-result")
    expect(result).to_contain_text("Progress by technical area")
    expect(result.locator("img")).to_have_count(1)  # the chart, a static PNG
    expect(facilitator.locator("body").locator(VISIBLE_FIELDS)).to_have_count(0)
    expect(facilitator.get_by_role("button")).to_have_count(1)  # only the way back to editing
    first_area = result.locator("tbody tr").first
    expect(first_area).to_contain_text("0 / ")

    participant.get_by_label("IPC-01 rating").select_option(label="1 · Planned or started")
    expect(first_area).to_contain_text("1 / ", timeout=LIVE_TIMEOUT)
    size = lambda selector: facilitator.locator(selector).first.evaluate(  # noqa: E731
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size("body") >= 24 and size(".tpi-projector-result td") >= 24

    facilitator.get_by_role("button", name="Back to editing").click()
    expect(facilitator.get_by_label("IPC-01 rating")).to_be_visible()
    mira.close()
    bo.close()


def test_every_step_of_the_workbook_projects_its_result_with_no_field(chromium, server, demo_workspace):
    """At 1280×720, each step page of the sample partnership's workbook switched to the projector
    view: its result (from the sample records) in large type, no field to fill."""
    context = chromium.new_context(viewport=PROJECTOR)
    page = new_page(context)
    page.goto(server.url + workbook_path(1))
    sign_in(page, "Mira Osei", KOSSA, "Trainer")
    become_facilitator(page, demo_workspace, "Mira Osei")
    for step, (shows, _, _) in STEP_CHANGES.items():
        load_workbook_step(page, server, step)
        page.get_by_role("button", name="Projector view").click()
        result = page.locator(".tpi-projector-result")
        expect(result).to_contain_text(shows, timeout=LIVE_TIMEOUT)
        expect(page.locator("body").locator(VISIBLE_FIELDS)).to_have_count(0)
        assert result.locator("td, p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 24, step
    context.close()
