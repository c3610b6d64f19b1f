"""Roles inside the step pages, without a browser: delete buttons exist for a facilitator only,
a participant's deletion is refused by the kernel, and a facilitator locks and unlocks a step."""

from __future__ import annotations

import pytest

from tests.support import KOSSA, Other, records, signed_in_page, step_page, stored
from tpi_widgets.core.access import lock_record
from tpi_widgets.core.records import LOCKS
from tpi_widgets.core.records import TEAM
from tpi_widgets.core.records import PLAN as COLLECTION
from tpi_widgets.errors import Refused


def _plan_row(page, activity: str) -> str:
    record = page.add_row("partnership")
    page.cards[record].activity.value = activity
    page.sync.flush()
    return record


def test_a_participants_plan_has_no_delete_or_undo_button(workspace):
    facilitator = signed_in_page(workspace, 4, "Mira Osei", facilitator=True)
    record = _plan_row(facilitator, "Monthly call")
    participant = signed_in_page(workspace, 4)
    card = participant.cards[record]
    card.editor.click()  # a saved row's form, with its buttons, opens from its line
    assert card.delete.button is None and card.delete.children == ()
    assert facilitator.cards[record].delete.button is not None
    facilitator.delete(record)
    participant.sync.poll()
    assert participant.undo_bar.layout.display == "none" and participant.undo_button.button is None
    assert facilitator.undo_bar.layout.display is None


def test_a_participants_deletion_is_refused_and_the_row_and_its_text_are_kept(workspace):
    page = signed_in_page(workspace, 4)
    record = _plan_row(page, "Monthly call")
    with pytest.raises(Refused):
        page.sync.save((COLLECTION, record, "deleted"), True)
    page.delete(record)  # the page's action, reached by hand: refused, said in one line
    assert "Only the facilitator" in page.message.value
    assert ".." not in page.message.value  # the refusal's own full stop is not doubled
    assert stored(workspace, COLLECTION, record, "deleted") is False
    assert stored(workspace, COLLECTION, record, "activity") == "Monthly call"
    assert record in page.cards and page.cards[record].activity.value == "Monthly call"


def test_cards_built_before_sign_in_get_their_delete_buttons_once_a_facilitator_signs_in(workspace):
    Other(workspace).write(TEAM, "ab12cd34", "deleted", False)
    page = step_page(workspace, 1)  # the team row exists before anyone signs in
    page.section_picker.value = "team"
    row = page.team.rows["ab12cd34"]
    assert row.remove.button is None
    person = workspace.store.add_participant("Mira Osei", KOSSA, "Facilitator")
    workspace.store.grant_facilitator(person.id)
    page.gate.browser.token = person.token
    page.gate.browser.ready = True
    assert row.remove.button is not None and row.remove.button.description == "Remove member 1"
    row.remove.click()
    assert stored(workspace, TEAM, "ab12cd34", "deleted") is True


def test_step5_and_step6_delete_buttons_are_a_facilitators(workspace):
    participant = signed_in_page(workspace, 5)
    visit = participant.add_visit()
    card = participant.visits[visit]
    card.team.add_record()
    member = next(iter(card.team.rows.values()))
    assert card.delete.button is None and member.remove.button is None
    report = participant.reports[participant.add_report()]
    assert report.delete.button is None
    facilitator = signed_in_page(workspace, 5, "Mira Osei", facilitator=True)
    facilitator.tabs.value = "visits"
    facilitator.visits[visit].open_form()  # another's visit: its row until opened
    assert facilitator.visits[visit].delete.button.description == "Delete"
    facilitator.visits[visit].delete.click()
    assert records(workspace, "visits")[visit]["deleted"] is True
    spread = signed_in_page(workspace, 6)
    spread.section_picker.value = "spread"
    spread.add_spread.click()
    assert next(iter(spread.spread.rows.values())).remove.button is None


def test_only_a_facilitator_gets_the_lock_toggle(workspace):
    participant = signed_in_page(workspace, 2)
    assert participant.lock_box.children == () and participant.lock_button is None
    assert not participant.set_locked(True)  # the action reached by hand does nothing
    assert stored(workspace, LOCKS, lock_record(2), "locked") is None
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    assert facilitator.lock_button.description == "Lock this step"


def test_a_lock_reaches_participants_live_keeps_their_text_and_it_saves_after_unlock(workspace):
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    participant = signed_in_page(workspace, 2)
    assert participant.lock_banner.value == ""  # nothing shown
    facilitator.lock_button.click()
    assert stored(workspace, LOCKS, lock_record(2), "locked") is True
    assert facilitator.lock_button.description == "Unlock this step"
    assert "tpi-step-locked" not in facilitator.body._dom_classes  # the facilitator's page stays editable
    participant.sync.poll()
    assert "locked by the facilitator" in participant.lock_banner.value
    assert "tpi-step-locked" in participant.body._dom_classes
    row = participant.rows["ipc-01"]
    row.evidence.value = "Audit of March"
    participant.sync.flush()
    assert row.status.state == "failed" and "locked" in row.status.value
    assert row.evidence.value == "Audit of March" and stored(workspace, "assessment:baseline", "ipc-01", "evidence") is None
    facilitator.rows["ipc-02"].evidence.value = "Facilitator note"
    facilitator.sync.flush()
    assert stored(workspace, "assessment:baseline", "ipc-02", "evidence") == "Facilitator note"
    facilitator.set_locked(False)
    participant.sync.poll()
    assert participant.lock_banner.value == "" and "tpi-step-locked" not in participant.body._dom_classes
    participant.sync.flush()  # the retry
    assert stored(workspace, "assessment:baseline", "ipc-01", "evidence") == "Audit of March"


def test_a_page_opened_while_locked_shows_the_banner(workspace):
    facilitator = signed_in_page(workspace, 4, "Mira Osei", facilitator=True)
    facilitator.set_locked(True)
    assert "locked by the facilitator" in step_page(workspace, 4).lock_banner.value
    other_step = signed_in_page(workspace, 1)
    assert other_step.lock_banner.value == ""  # a lock is per step: nothing shown
