"""The sign-in form in the page's HTML: a participant on a slow phone types their name before the
page's widgets have arrived; what they typed, and a "Start" pressed early, pass to the widget form
when it appears, and the page holds one sign-in form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, new_page, workbook_path

pytestmark = pytest.mark.browser


class HeldWidgets:
    """Holds the widget managers' scripts (the page's widgets cannot appear) until released."""

    def __init__(self, page):
        self.held, self.released = [], False
        page.route("**/voila/labextensions/**", self._hold)

    def _hold(self, route):
        route.continue_() if self.released else self.held.append(route)

    def release(self):
        self.released = True
        for route in self.held:
            route.continue_()


def test_a_participant_signs_in_before_the_widgets_arrive(chromium, server, workspace):
    page = new_page(chromium.new_context())
    widgets = HeldWidgets(page)
    page.goto(server.url + workbook_path(2))
    early = page.locator("form.tpi-signin-preview")
    expect(early).to_be_visible()
    early.get_by_label("Your name").fill("Ama Sesay")
    early.get_by_label("Your institution").select_option(KOSSA)
    early.get_by_label("Your role").fill("Ward nurse")
    early.get_by_role("button", name="Start").click()
    assert widgets.held, "the widgets were held back while the participant typed"
    widgets.release()
    page.locator(".tpi-signed-in").wait_for()
    expect(page.locator(".tpi-signed-in")).to_contain_text(f"Ama Sesay (Ward nurse, {KOSSA})")
    assert early.count() == 0 and page.get_by_label("Your name").count() == 0
    assert "Ama Sesay" in workspace.store.participant_names(range(1, 100)).values()


def test_what_was_typed_early_is_in_the_widget_form_with_the_focus(chromium, server):
    page = new_page(chromium.new_context())
    widgets = HeldWidgets(page)
    page.goto(server.url + workbook_path(2))
    early = page.locator("form.tpi-signin-preview")
    early.get_by_label("Your institution").select_option(KOSSA)
    early.get_by_label("Your name").fill("Kofi")
    widgets.release()
    name = page.locator(".tpi-participant-form").get_by_label("Your name")
    expect(name).to_have_value("Kofi")
    expect(name).to_be_focused()
    expect(page.locator(".tpi-participant-form").get_by_label("Your institution")).to_have_value(KOSSA)
    assert early.count() == 0 and page.get_by_label("Your name").count() == 1
    page.keyboard.type(" Mensah")  # the participant goes on typing where they were
    page.locator(".tpi-participant-form").get_by_role("button", name="Start").click()
    expect(page.locator(".tpi-signed-in")).to_contain_text("Kofi Mensah")
