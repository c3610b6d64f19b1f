"""The projector view without a browser: a facilitator's step page switched to it holds no input
but the button back, shows the step's current result from the store and follows other
participants' saves; a participant's page has no switch; the room's own projector mode."""

from __future__ import annotations

import ipywidgets as w
import pytest

from tests.support import KOSSA, Other, shown, signed_in_page
from tests.test_room import PASSCODE, room_view, sign_in
from tpi_widgets.core.records import BASELINE, PLAN, REPORTS, STRENGTH, STRENGTH_REVIEW, VOTES
from tpi_widgets.core.steps import STEPS
from tpi_widgets.ui.projector import PROJECTOR_CSS, ProjectorView

OUTPUTS = (w.Box, w.HTML, w.Image)  # what a projector view may hold: boxes, text, pictures


def widgets_under(root: w.Widget) -> list[w.Widget]:
    found, todo = [], [root]
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo.extend(getattr(widget, "children", ()))
    return found


def projected(page) -> ProjectorView:
    page.show_projector(True)
    (view,) = page.view.children
    assert isinstance(view, ProjectorView) and PROJECTOR_CSS in view._dom_classes
    return view


def assert_no_input(page):
    """Nothing in the page's view takes input but the one button back to editing."""
    inputs = [x for x in widgets_under(page.view) if not isinstance(x, OUTPUTS)]
    assert inputs == [page.projector.back], inputs


def projector_text(page) -> str:
    return shown(page.projector.result.value)


# what each step shows, and a save arriving from another participant
STEP_CHANGES = {
    # step: (what its result shows from the sample records, another participant's saves, what it shows then)
    1: ("Bring infection prevention and control", [(STRENGTH, "side-1", "commitment", 0)], "Commitment of leaders"),
    2: ("Progress by technical area", [(BASELINE, "ipc-01", "rating", 0)], None),
    3: ("Priority matrix", [(VOTES, "999", "ipc-02", 3)], None),
    4: ("Timeline of the plan", [(PLAN, "p-new", "objective", "partnership"),
                                 (PLAN, "p-new", "activity", "Projected new activity")], "Projected new activity"),
    5: ("Report 1", [(REPORTS, "r-new", "kind", "periodic")], "Report 2"),
    6: ("Partnership strength", [(STRENGTH_REVIEW, "side-1", "commitment", 0)], None),
}


@pytest.mark.parametrize("step", STEPS.numbers)
def test_a_facilitators_page_switched_to_the_projector_view_holds_no_input_and_follows_saves(demo_workspace, step):
    page = signed_in_page(demo_workspace, step, name="Fatou Diallo", facilitator=True)
    switch = page.projector_box.children[0]
    assert isinstance(switch, w.Button) and switch.description == "Projector view"
    switch.click()
    view = projected(page)
    assert_no_input(page)
    expected, writes, after = STEP_CHANGES[step]
    text = projector_text(page)
    assert "Kossa" in text and f"Step {step}:" in text and expected in text
    assert "data:image/png" in page.projector.result.value or step == 5  # its chart, a static PNG
    before = page.projector.result.value
    other = Other(demo_workspace)
    for write in writes:
        other.write(*write)
    assert page.sync.poll() >= 1
    assert page.projector.result.value != before  # redrawn from the store
    if after:
        assert after in projector_text(page)
    view.back.click()  # and back to the editing page, as it was
    assert page.projector_box in page.view.children and page.body in page.view.children
    before = page.projector.result.value
    Other(demo_workspace).write(PLAN, "p-later", "activity", "Not drawn while editing")
    page.sync.poll()
    assert page.projector.result.value == before  # hidden, it is not redrawn


def test_step_2_shows_the_ratings_by_area_as_they_change(demo_workspace, pack):
    page = signed_in_page(demo_workspace, 2, name="Fatou Diallo", facilitator=True)
    projected(page)
    area = pack.areas[0]
    assert area.title in projector_text(page)
    rated = sum(1 for item in area.items)
    assert f"{rated} / {rated}" in projector_text(page)
    Other(demo_workspace).write(BASELINE, area.items[0].id, "rating", None)
    page.sync.poll()
    assert f"{rated - 1} / {rated}" in projector_text(page)


def test_a_participants_page_has_no_switch(demo_workspace):
    for step in STEPS.numbers:
        page = signed_in_page(demo_workspace, step, institution=KOSSA)
        assert page.projector_box.children == ()
        page.show_projector(True)  # refused in the kernel too
        assert page.projector is None and page.body in page.view.children


def test_participant_text_is_escaped_in_the_projector_view(demo_workspace):
    page = signed_in_page(demo_workspace, 4, name="Fatou Diallo", facilitator=True)
    projected(page)
    other = Other(demo_workspace)
    other.write(PLAN, "p-evil", "objective", "partnership")
    other.write(PLAN, "p-evil", "activity", "<img src=x onerror=alert(1)>")
    page.sync.poll()
    assert "<img src=x" not in page.projector.result.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.projector.result.value


def test_the_rooms_projector_mode_hides_its_controls_and_shows_the_steps_result(demo_workspace):
    demo_workspace.set_facilitator_passcode(PASSCODE)
    view = room_view(demo_workspace)
    sign_in(view)
    view.show_step.value = 3
    assert "Priority matrix" not in shown(view.detail.value)
    view.projector_toggle.click()
    assert "tpi-room-projector" in view._dom_classes  # the CSS hides its selectors and buttons
    assert view.projector_toggle.description == "Leave projector mode"
    assert "Priority matrix" in shown(view.detail.value) and "data:image/png" in view.detail.value
    view.projector_toggle.click()
    assert "tpi-room-projector" not in view._dom_classes
    assert "Priority matrix" not in shown(view.detail.value)


def test_the_workbooks_step_pages_project_and_a_step_switch_builds_the_next_page_for_editing(demo_workspace):
    from tpi_widgets.context import StepContext
    from tpi_widgets.ui.workbook import Workbook

    person = demo_workspace.store.add_participant("Fatou Diallo", KOSSA, "Facilitator")
    demo_workspace.store.grant_facilitator(person.id)
    workbook = Workbook(StepContext.open(str(demo_workspace.root), "kossa-valmont"), 3)
    workbook.gate.browser.token = person.token
    workbook.gate.browser.ready = True
    workbook.page.projector_box.children[0].click()
    assert_no_input(workbook.page)
    assert "Priority matrix" in projector_text(workbook.page)
    workbook.switch.set_state({"step": 4})
    assert workbook.step == 4 and workbook.page.projector is None
    assert workbook.page.body in workbook.page.view.children and workbook.page.projector_box.children
    workbook.page.close()
