"""The workbook in Chromium: one page per participant and partnership whose six steps switch
inside one kernel. Following the header's step links shows each step without a new page load or
a new kernel, what was typed just before a switch is saved, the address keeps the step (reload,
back button), and the page's kernel ends with the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import BASELINE, KOSSA, VALMONT, Server, new_page, sign_in, wait_for, wait_for_store, workbook_path
from tests.test_kernel_lifetime_browser import KERNEL_END_TIMEOUT, alive, log_errors, page_kernel

pytestmark = pytest.mark.browser

WALK = [2, 3, 4, 5, 6, 5, 4, 3, 2, 1]


def go_to(page, number: int):
    """Follow the header's link to step `number`; wait until that step's page is shown."""
    page.locator(f'.tpi-steps a[data-step="{number}"]').click()
    page.locator(f".tpi-step-{number} .tpi-step-body").wait_for()
    expect(page.locator(".tpi-steps a.tpi-current")).to_have_attribute("data-step", str(number))
    expect(page.locator(f'.tpi-guidance[data-step="{number}"]')).to_be_visible()


@pytest.fixture
def served(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    yield server
    server.stop()


def test_one_participant_walks_the_six_steps_in_one_page_and_one_kernel(chromium, served, workspace):
    context = chromium.new_context()
    page = new_page(context)
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.goto(served.url + workbook_path(1))
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    kernel = page_kernel(page)
    for number in WALK:
        go_to(page, number)
        assert page.url.endswith(f"#step-{number}")
    assert len(loads) == 1, "the steps switched inside the page: no page load"
    assert page_kernel(page) == kernel and alive(served, [kernel]) == {kernel}
    assert page.locator(".tpi-step").count() == 1, "the left steps' widgets are gone from the page"
    assert page.locator(".tpi-signed-in").count() == 1  # signed in once, for every step

    # what is typed just before following a link is saved
    go_to(page, 2)
    page.get_by_label("IPC-02 rating").select_option(label="3 · Mostly in place")
    page.get_by_label("IPC-02 evidence").fill("Audit of 9 wards")
    go_to(page, 3)
    wait_for_store(workspace, BASELINE, "ipc-02", "evidence", "Audit of 9 wards")
    wait_for_store(workspace, BASELINE, "ipc-02", "rating", 3)

    # the browser's back button goes back a step; a reload opens the step in the address
    page.go_back()
    page.locator(".tpi-step-2 .tpi-step-body").wait_for()
    expect(page.get_by_label("IPC-02 evidence")).to_have_value("Audit of 9 wards")
    go_to(page, 4)
    page.reload()
    page.locator(".tpi-step-4 .tpi-step-body").wait_for()
    expect(page.locator(".tpi-steps a.tpi-current")).to_have_attribute("data-step", "4")
    assert page.get_by_label("Your name").count() == 0  # still signed in
    assert not log_errors(served)

    reloaded = page_kernel(page)
    page.close(run_before_unload=True)
    wait_for(lambda: not alive(served, [kernel, reloaded]), "the workbook's kernels ended", timeout=KERNEL_END_TIMEOUT)
    context.close()


def test_a_step_asked_for_by_the_address_opens_first_and_a_made_up_one_does_not(chromium, served):
    context = chromium.new_context()
    page = new_page(context)
    page.goto(served.url + workbook_path(5))
    sign_in(page, "Bo Lindqvist", VALMONT, "Surgeon")
    page.locator(".tpi-step-5 .tpi-step-body").wait_for()
    expect(page.locator('.tpi-guidance[data-step="5"]')).to_be_visible()
    page.evaluate("() => { window.location.hash = '#step-99'; }")
    page.wait_for_function("() => window.location.hash === '#step-5'")  # back to the step shown
    expect(page.locator(".tpi-steps a.tpi-current")).to_have_attribute("data-step", "5")
    context.close()
