"""The workbook without a browser: the steps switch inside one kernel, signed in once; a step left
saves what was typed and takes its widgets with it; the step it opens on by default is the one the
partnership is on."""

from __future__ import annotations

from ipywidgets.widgets.widget import _instances

from tests.support import KOSSA, SLUG, seed_ratings, step_page, stored_entry
from tpi_widgets.context import StepContext
from tpi_widgets.core.records import BASELINE
from tpi_widgets.ui.kit.widget_tree import reachable
from tpi_widgets.ui.workbook import Workbook


def open_workbook(workspace, step=None) -> Workbook:
    workbook = Workbook(StepContext.open(str(workspace.root), SLUG), step)
    gate = workbook.gate
    gate.name.value, gate.institution.value, gate.role.value = "Ana Kamara", KOSSA, "Nurse"
    assert gate.submit() is not None
    return workbook


def test_it_opens_on_the_step_the_partnership_is_on(workspace):
    assert Workbook(StepContext.open(str(workspace.root), SLUG)).step == 1  # nothing saved yet
    seed_ratings(workspace, {"ipc-01": 2})
    assert Workbook(StepContext.open(str(workspace.root), SLUG)).step == 2
    assert Workbook(StepContext.open(str(workspace.root), SLUG), 4).step == 4


def test_switching_steps_signs_in_once_and_leaves_no_widgets_behind(workspace):
    workbook = open_workbook(workspace, 1)
    counts = {}
    for number in [2, 3, 4, 5, 6, 5, 4, 3, 2, 1] * 2:
        workbook.switch.set_state({"step": number})  # as the browser asks, following a header link
        assert workbook.step == number and workbook.switch.shown == number
        assert workbook.frame.children == (workbook.page.view,)
        assert workbook.page.signed_in_as == workbook.gate.participant
        assert not workbook.page.body.layout.display  # shown: the participant is known
        counts.setdefault(number, []).append(len(_instances))
    # the second walk holds exactly what the first did: every left step's widgets were closed
    assert all(len(set(seen)) == 1 for seen in counts.values()), counts
    assert set(_instances) >= reachable(workbook.view)


def test_a_step_left_saves_what_was_typed_and_stops_its_sync(workspace):
    workbook = open_workbook(workspace, 2)
    page = workbook.page
    page.form.rows["ipc-02"].evidence.value = "Audit of 9 wards"  # typed, its save not yet due
    workbook.switch.set_state({"step": 3})
    assert stored_entry(workspace, BASELINE, "ipc-02", "evidence").value == "Audit of 9 wards"
    assert page.sync._thread is None or not page.sync._thread.is_alive()
    assert page.view.comm is None, "the left page's widgets are closed"


def test_a_made_up_step_is_refused(workspace):
    workbook = open_workbook(workspace, 3)
    workbook.switch.set_state({"step": 99})
    assert workbook.step == 3 and workbook.switch.step == 3


def test_start_signs_in_with_what_the_form_showed_when_pressed(workspace):
    # the browser sends the form's text just before the click: the name's last keys may still be
    # queued behind the box's previous change, and the click must not sign in a shortened name
    page = step_page(workspace, 2)
    gate = page.gate
    gate.name.value, gate.institution.value = "Kofi", KOSSA
    gate._typed(gate.browser, {"typed": {"name": "Kofi Mensah", "role": "Lab lead"}}, [])
    participant = gate.submit()
    assert (participant.name, participant.role) == ("Kofi Mensah", "Lab lead")
    gate._typed(gate.browser, {"typed": {"name": "Someone else"}}, [])  # late: the participant is known
    assert gate.participant.name == "Kofi Mensah"


def test_a_facilitator_known_after_the_switch_gets_the_steps_facilitator_controls(workspace):
    # a warm kernel builds the workbook on the partnership's step, the address asks for Step 3,
    # and only then does the browser say who it is: the new page's shared styles, which its
    # facilitator controls use, must still be open
    person = workspace.store.add_participant("Fatou Diallo", KOSSA, "Facilitator")
    workspace.store.grant_facilitator(person.id)
    workbook = Workbook(StepContext.open(str(workspace.root), SLUG), 1)
    workbook.switch.set_state({"step": 3})
    workbook.gate.browser.token = person.token
    workbook.gate.browser.ready = True
    assert workbook.page.signed_in_as == person and workbook.page.facilitator
    assert workbook.page.limit is not None and workbook.page.limit.style.comm is not None
