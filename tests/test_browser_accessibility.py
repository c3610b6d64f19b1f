"""Every page passes the automated accessibility audit (axe-core, WCAG 2.1 A and AA) as people
use it: the partnership list, each step of the workbook signed in as a participant, the
facilitator's room view and the network view; and each page's title says where it is: the step
and the partnership (the workbook and a step notebook), the room and its workspace, the network."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_script, violations
from tests.support import KOSSA, Server, give_passcode, new_page, open_room, sign_in, step_path, workbook_path
from tpi_widgets.core.steps import STEPS
from tpi_widgets.workspace import NETWORK_NOTEBOOK

pytestmark = pytest.mark.browser
PASSCODE = "axe-2468"


@pytest.fixture(scope="module")
def axe():
    return axe_script()


def test_the_partnership_list_passes_the_audit(chromium, server, axe):
    page = new_page(chromium.new_context())
    page.goto(server.url)
    assert violations(page, axe) == []


def test_every_step_passes_the_audit_and_its_title_names_it(chromium, demo_workspace, server, axe):
    workspace = demo_workspace  # every step with content: its lists, cards and charts
    context = chromium.new_context()
    page = new_page(context)
    page.goto(server.url + workbook_path(1))
    sign_in(page, "Ana Kamara", KOSSA, "Nurse")
    partnership = workspace.store.partnerships()[0].name
    found = {}
    for step in STEPS:
        page.goto("about:blank")
        page.goto(server.url + workbook_path(step.number))
        page.locator(".tpi-signed-in").wait_for()
        page.wait_for_function(f"document.title.includes('Step {step.number}:')")
        assert partnership in page.title()
        found[step.number] = violations(page, axe)
    assert found == {step.number: [] for step in STEPS}
    # a step's own notebook names itself as the workbook does, not after its file
    page.goto(server.url + step_path(3))
    page.locator(".tpi-signed-in").wait_for()
    page.wait_for_function("document.title.startsWith('Step 3:')")
    assert page.title() == f"Step 3: Gap analysis – {partnership} – TPI Workbook"
    context.close()


def test_the_room_view_passes_the_audit_before_and_after_the_passcode(chromium, demo_workspace, tmp_path, axe):
    server = Server.for_workspace(demo_workspace.root, tmp_path / "voila.log", facilitator_passcode=PASSCODE).start()
    context = chromium.new_context()
    try:
        page = open_room(context, server)
        page.wait_for_function("document.title.startsWith('Room')")
        assert page.title() == f"Room – {demo_workspace.root.name} – TPI Workbook"
        assert violations(page, axe) == []
        give_passcode(page, PASSCODE)
        page.locator(".tpi-room-partnerships").wait_for()
        assert violations(page, axe) == []
    finally:
        context.close()
        server.stop()


def test_the_network_view_passes_the_audit_and_names_itself(chromium, demo_workspace, tmp_path, axe):
    server = Server.for_workspace(demo_workspace.root, tmp_path / "voila.log", facilitator_passcode=PASSCODE).start()
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(server.url + f"voila/render/{NETWORK_NOTEBOOK}")
        page.get_by_label("Facilitator passcode").wait_for()
        page.wait_for_function("document.title.startsWith('Network')")
        assert page.title() == "Network – TPI Workbook"
        assert violations(page, axe) == []
        give_passcode(page, PASSCODE)
        page.locator(".tpi-network-summary table").first.wait_for()
        assert violations(page, axe) == []
    finally:
        context.close()
        server.stop()


def test_the_first_field_is_one_tab_and_enter_from_the_top_and_focus_is_clearly_visible(chromium, server):
    page = new_page(chromium.new_context())
    page.goto(server.url + workbook_path(2))
    sign_in(page, "Ana Kamara", KOSSA, "Nurse")
    page.goto("about:blank")
    page.goto(server.url + workbook_path(2))
    page.locator(".tpi-signed-in").wait_for()
    page.get_by_label("IPC-01 rating").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('tpi-skip')")
    page.keyboard.press("Enter")
    focused = page.evaluate("""() => { const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName, label: el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : ''),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor}; }""")
    assert focused["tag"] in ("SELECT", "INPUT", "TEXTAREA"), focused
    assert focused["outline"] == "solid" and focused["width"] >= 3 and focused["color"] == "rgb(11, 79, 108)", focused
