"""Step 2 without a browser: widgets write the store, and store changes reach the widgets."""

from __future__ import annotations

import pytest

from tests.support import SLUG, Other, signed_in_page, stored_entry, wait_for, shown
from tpi_widgets.content.model import NOT_APPLICABLE
import ipywidgets as w

from tests.support import build_step
from tpi_widgets.ui.steps import page_preview
from tpi_widgets.core.records import BASELINE


def test_page_has_every_item_of_every_area_in_scope(workspace, pack):
    page = build_step(2, str(workspace.root), SLUG)
    assert list(page.rows) == [item.id for item in pack.areas[0].items]  # an area is built when chosen
    for area in pack.areas:
        page.form.area_picker.value = area.id  # as a participant choosing each area
    assert list(page.rows) == [item.id for area in pack.areas for item in area.items]
    options = [value for _, value in page.rows["ipc-01"].rating.options]
    assert options == ["", 0, 1, 2, 3, 4, NOT_APPLICABLE]
    assert page.body.layout.display == "none"  # nothing to fill before the participant is known


def test_every_input_has_a_label_naming_its_item(workspace, pack):
    page = build_step(2, str(workspace.root), SLUG)
    for area in pack.areas:
        page.form.area_picker.value = area.id
    assert len(page.rows) == sum(len(area.items) for area in pack.areas)
    for row in page.rows.values():
        code = row.item.id.upper()
        assert [row.rating.description, row.evidence.description, row.source.description] == \
            [f"{code} rating", f"{code} evidence", f"{code} source"]


def test_sign_in_asks_for_name_and_institution_inline(workspace):
    page = build_step(2, str(workspace.root), SLUG)
    assert page.gate.submit() is None
    assert "name" in page.gate.message.value
    page.gate.name.value = "Ana"
    assert page.gate.submit() is None
    assert "institution" in page.gate.message.value
    assert page.gate.name.value == "Ana"  # what was typed is kept


def test_setting_a_rating_writes_the_store_with_who_and_when(workspace):
    page = signed_in_page(workspace, 2)
    row = page.rows["ipc-02"]
    row.rating.value = 1
    row.evidence.value = "Audit of 3 wards: 41% compliance"
    assert row.status.state == "saving"
    assert stored_entry(workspace, BASELINE, "ipc-02", "rating") is None  # not saved until flushed: no false "saved"
    assert page.sync.flush() == 2
    entry = stored_entry(workspace, BASELINE, "ipc-02", "rating")
    assert entry.value == 1 and entry.participant_id == page.gate.participant.id
    assert stored_entry(workspace, BASELINE, "ipc-02", "evidence").value == "Audit of 3 wards: 41% compliance"
    assert row.status.state == "saved" and "Ana Kamara" in row.status.value


def test_a_newcomers_save_shows_their_name_on_pages_already_open(workspace):
    """Someone who had written nothing on the step when a page opened: their first save reaches that
    page with their name, not "Saved by ?" until a reload."""
    page = signed_in_page(workspace, 2)
    newcomer = signed_in_page(workspace, 2, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    newcomer.rows["ipc-02"].evidence.value = "Checked on the ward"
    newcomer.sync.flush()
    page.sync.poll()
    status = page.rows["ipc-02"].status
    assert "Saved by <bdi>Bo Lindqvist</bdi>" in status.value and "?" not in status.value


def test_not_applicable_and_clearing_are_stored(workspace):
    page = signed_in_page(workspace, 2)
    row = page.rows["ipc-08"]
    row.rating.value = NOT_APPLICABLE
    page.sync.flush()
    assert stored_entry(workspace, BASELINE, "ipc-08", "rating").value == NOT_APPLICABLE
    row.rating.value = ""
    page.sync.flush()
    assert stored_entry(workspace, BASELINE, "ipc-08", "rating").value is None


def test_a_store_change_updates_the_widget_progress_and_chart(workspace):
    page = signed_in_page(workspace, 2)
    assert page.chart.image is None  # closed: nothing drawn (not even built), matplotlib not needed
    page.chart.toggle.value = True
    chart_before = bytes(page.chart.image.value)
    assert chart_before.startswith(b"\x89PNG")
    bo = Other(workspace)
    bo.write(BASELINE, "ipc-03", "rating", 4)
    bo.write(BASELINE, "ipc-03", "source", "walk-through")
    assert page.sync.poll() == 2
    row = page.rows["ipc-03"]
    assert row.source.value == "walk-through" and "Bo Lindqvist" in row.status.value
    # Bo's rating is his proposal: Ana's own box stays hers, the shared rating reads as his
    assert row.rating.value == "" and "Proposed: 4 · Fully in place (by Bo Lindqvist" in shown(row.header.value)
    assert shown(page.progress["ipc"].value) == "1 of 8 rated"
    assert "1 of 8 rated" in page.overview.value
    assert bytes(page.chart.image.value) != chart_before


def test_remote_change_does_not_overwrite_a_field_being_typed(workspace):
    page = signed_in_page(workspace, 2)
    row = page.rows["ipc-04"]
    row.evidence.value = "typing here"  # pending, not yet saved
    Other(workspace, "Bo").write(BASELINE, "ipc-04", "evidence", "theirs")
    page.sync.poll()
    assert row.evidence.value == "typing here"
    page.sync.flush()
    assert stored_entry(workspace, BASELINE, "ipc-04", "evidence").value == "typing here"


def test_a_failed_save_keeps_the_edit_and_says_so(workspace):
    page = signed_in_page(workspace, 2)
    row = page.rows["ipc-05"]
    page.sync.participant_id = 10_000  # no such participant: the database refuses the write
    row.evidence.value = "kept"
    page.sync.flush()
    assert row.status.state == "failed" and "Not saved" in row.status.value
    assert row.evidence.value == "kept" and stored_entry(workspace, BASELINE, "ipc-05", "evidence") is None
    page.sync.participant_id = page.gate.participant.id
    page.sync.flush()
    assert stored_entry(workspace, BASELINE, "ipc-05", "evidence").value == "kept"
    assert row.status.state == "saved"


def test_a_new_page_shows_saved_values(workspace):
    first = signed_in_page(workspace, 2)
    first.rows["ipc-06"].rating.value = 3
    first.rows["ipc-06"].evidence.value = "<b>bold</b> & more"
    first.sync.flush()
    second = build_step(2, str(workspace.root), SLUG)
    assert second.rows["ipc-06"].rating.value == 3
    assert second.rows["ipc-06"].evidence.value == "<b>bold</b> & more"


def test_background_thread_saves_within_a_second_and_receives(workspace):
    page = signed_in_page(workspace, 2, start_thread=True)
    row = page.rows["ipc-07"]
    row.rating.value = 2
    wait_for(lambda: stored_entry(workspace, BASELINE, "ipc-07", "rating"), "the thread saves the rating",
             timeout=5, interval=0.05)
    assert stored_entry(workspace, BASELINE, "ipc-07", "rating").value == 2
    Other(workspace, "Bo").write(BASELINE, "ipc-01", "evidence", "Seen on the ward")
    wait_for(lambda: page.rows["ipc-01"].evidence.value == "Seen on the ward", "the thread receives the evidence",
             timeout=5, interval=0.05)
    page.sync.stop()


def test_participant_text_is_escaped_in_html(workspace):
    page = signed_in_page(workspace, 2, name="<img src=x onerror=alert(1)>")
    assert "<img" not in page.gate.badge.value and "&lt;img" in page.gate.badge.value
    row = page.rows["ipc-01"]
    row.rating.value = 2
    page.sync.flush()
    assert "<img" not in row.status.value


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_every_step_shows_its_guidance_and_the_sign_in_form_as_plain_html(workspace, pack, number):
    """Before any widget: the page Voila sends carries the guidance and a readable sign-in form."""
    page = build_step(number, str(workspace.root), SLUG)
    preview = page_preview(page.context, number)
    assert pack.step(number).title in preview
    assert pack.step(number).activities[0].replace("'", "&#x27;") in preview
    assert pack.text("participant.name") in preview and "<input" in preview
    assert not any(isinstance(child, w.HTML) and pack.step(number).title in child.value
                   for child in page.view.children), "the guidance is no widget model"


def test_an_edit_made_while_a_remote_value_is_applied_is_still_saved(workspace):
    """The remote value is applied on the sync thread; an edit on the kernel's thread meanwhile
    must not be mistaken for that update."""
    import threading
    page = signed_in_page(workspace, 2)
    sync = page.sync
    row = page.rows["ipc-02"]
    applying, release = threading.Event(), threading.Event()

    def slow_from_store(value):  # holds the "applying" state open until the edit has happened
        applying.set()
        release.wait(5)
        return value

    binding = sync._bindings[("assessment:baseline", "ipc-01", "evidence")]
    binding.from_store = slow_from_store
    Other(workspace, "Bo").write(BASELINE, "ipc-01", "evidence", "theirs")
    poller = threading.Thread(target=sync.poll)
    poller.start()
    assert applying.wait(5)
    threading.Timer(0.3, release.set).start()  # the edit below waits for the apply to finish
    row.evidence.value = "typed during the remote update"  # on this (the kernel's) thread
    poller.join(5)
    sync.flush()
    assert stored_entry(workspace, BASELINE, "ipc-02", "evidence").value == "typed during the remote update"


# the shared rating until the facilitator agrees it ------------------------------------------------
def test_a_rating_not_agreed_shows_as_the_latest_proposal_and_each_box_keeps_its_raters_own(workspace):
    ana = signed_in_page(workspace, 2)
    bo = signed_in_page(workspace, 2, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    ana.rows["ipc-01"].rating.value = 2
    ana.sync.flush()
    bo.sync.poll()
    bo.rows["ipc-01"].rating.value = 3
    bo.sync.flush()
    ana.sync.poll()
    assert stored_entry(workspace, BASELINE, "ipc-01", "rating").value == 3  # Steps 3-6 read the latest
    assert ana.rows["ipc-01"].rating.value == 2 and bo.rows["ipc-01"].rating.value == 3
    for page in (ana, bo):
        header = page.rows["ipc-01"].header.value
        assert shown(header).endswith("Proposed: 3 · Mostly in place (by Bo Lindqvist, not agreed yet)")
        assert "Agreed" not in shown(header) and "tpi-proposed-note" in header and "tpi-agreed-note" not in header
    # the facilitator's own box is their proposal too, and the note says the same
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    assert facilitator.rows["ipc-01"].rating.value == ""
    assert "(by Bo Lindqvist, not agreed yet)" in shown(facilitator.rows["ipc-01"].header.value)


def test_once_agreed_the_rating_reads_agreed_and_a_box_with_no_proposal_stays_empty(workspace):
    ana = signed_in_page(workspace, 2)
    ana.rows["ipc-02"].rating.value = 1
    ana.sync.flush()
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    facilitator.form.agree("ipc-02", 2)
    ana.sync.poll()
    late = signed_in_page(workspace, 2, "Cy Ndiaye", "Hôpital Régional de Valmont", "Nurse")
    for page in (ana, facilitator, late):
        header = page.rows["ipc-02"].header.value
        assert "Agreed by the group: 2 · Partly in place" in shown(header) and "Proposed" not in shown(header)
        assert "tpi-agreed-note" in header
    assert ana.rows["ipc-02"].rating.value == 1  # still her proposal, not the agreed rating
    assert late.rows["ipc-02"].rating.value == ""  # proposed nothing: the agreed rating is not put in their box


def test_the_proposers_name_in_the_shared_rating_is_escaped_and_isolated(workspace):
    hostile = "<img src=x onerror=alert(1)>\u202eEve"
    eve = signed_in_page(workspace, 2, hostile, "Hôpital Régional de Valmont", "Nurse")
    eve.rows["ipc-03"].rating.value = 0
    eve.sync.flush()
    ana = signed_in_page(workspace, 2)
    header = ana.rows["ipc-03"].header.value
    assert "<img" not in header
    assert "(by <bdi>&lt;img src=x onerror=alert(1)&gt;\u202eEve</bdi>, not agreed yet)" in header
