"""Step 6 without a browser: the follow-up, comparison, strength, spread log, review and cycles."""

from __future__ import annotations

import datetime as dt

from tests.support import KOSSA, SLUG, VALMONT, Other, records, seed_ratings, signed_in_page, stored, stored_by
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.core.records import EVALUATION, SPREAD, STRENGTH_REVIEW
from tests.support import build_step


def test_follow_up_is_its_own_collection_and_is_dated_by_its_first_rating(workspace):
    seed_ratings(workspace, {"ipc-01": 1})
    page = signed_in_page(workspace, 6)
    assert page.form.rows["ipc-01"].rating.value == ""  # the baseline is not shown as the follow-up
    assert stored(workspace, EVALUATION, "followup", "date") is None
    page.form.rows["ipc-01"].rating.value = 3
    page.sync.flush()
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating") == 3
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 1
    assert stored(workspace, EVALUATION, "followup", "date") == dt.date.today().isoformat()
    assert page.followup_date.value == dt.date.today().isoformat()
    page.followup_date.input.value = "2027-13-01"  # kept as typed, flagged inline
    page.sync.flush()
    assert stored(workspace, EVALUATION, "followup", "date") == "2027-13-01"
    assert page.followup_date.message.value


def test_comparison_follows_ratings_from_another_participant(workspace):
    seed_ratings(workspace, {"ipc-01": 1, "ipc-02": 3})
    page = signed_in_page(workspace, 6)
    assert "compare" not in page.opened  # a section is built when it is first chosen
    page.section_picker.value = "compare"
    assert "No follow-up ratings yet" in page.compare_note.value
    page.section_picker.value = "cycles"  # its history follows the ratings too, once built
    page.section_picker.value = "compare"
    page.chart.toggle.value = True
    before = bytes(page.chart.image.value)
    other = Other(workspace)
    other.write(FOLLOWUP, "ipc-01", "rating", 4)
    other.write(FOLLOWUP, "ipc-02", "rating", 2)
    page.sync.poll()
    assert "tpi-change-better" in page.areas_table.value and "1 better, 0 same, 1 worse" in page.areas_table.value
    items = page.items_table.value
    assert "IPC-01" in items and "1 · Planned or started" in items and "4 · Fully in place" in items
    assert "tpi-change-worse" in items
    assert page.compare_note.value == ""
    assert bytes(page.chart.image.value) != before
    assert "2.0 → 3.0" in page.history.value


def test_strength_is_rated_again_and_compared_with_step_one(workspace):
    store = workspace.store
    pid = store.partnership(SLUG).id
    who = store.add_participant("Assessor", KOSSA, "Nurse").id
    store.write(pid, 1, "strength", "side-1", "trust", 2, who)
    page = signed_in_page(workspace, 6)  # Kossa: side 1
    page.section_picker.value = "strength"
    trust = page.strength.dropdowns[1]["trust"]
    assert not trust.disabled and page.strength.dropdowns[2]["trust"].disabled
    trust.value = 4
    page.sync.flush()
    assert stored(workspace, STRENGTH_REVIEW, "side-1", "trust") == 4
    assert stored(workspace, "strength", "side-1", "trust") == 2  # Step 1's rating stays
    table = page.strength_table.value
    assert "Trust and openness" in table and "tpi-change-better" in table
    assert "cycle 1" in page.strength_note.value


def test_spread_log_adds_removes_and_shows_others_rows(workspace):
    page = signed_in_page(workspace, 6, facilitator=True)  # removing is a facilitator's
    page.section_picker.value = "spread"
    page.add_spread.click()
    row = next(iter(page.spread.rows.values()))
    assert row.date.value == dt.date.today().isoformat()
    row.activity.value = "Talk at the <b>district</b> meeting"
    row.reached.value = "12 nurses from 3 health centres"
    page.sync.flush()
    stored_rows = records(workspace, SPREAD)
    assert list(stored_rows.values())[0]["reached"] == "12 nurses from 3 health centres"
    assert row.activity.description == "Activity 1 what was done"
    Other(workspace).write(SPREAD, "abcd1234", "deleted", False)
    page.sync.poll()
    assert "abcd1234" in page.spread.rows
    row.remove.click()
    assert stored(workspace, SPREAD, row.record, "deleted") is True
    assert row.record not in page.spread.rows


def test_lessons_and_decision_are_saved_with_who(workspace):
    page = signed_in_page(workspace, 6, name="Ana <i>K</i>")
    page.section_picker.value = "review"
    page.lessons.value = "Weekly calls kept us going"
    page.decision.value = "adjust"
    page.decision_note.value = "Move the focus to surveillance"
    page.sync.flush()
    assert stored_by(workspace, EVALUATION, "review", "lessons") == ("Weekly calls kept us going", "Ana <i>K</i>")
    assert stored(workspace, EVALUATION, "review", "decision") == "adjust"
    assert "<i>" not in page.review_status.value and "&lt;i&gt;" in page.review_status.value


def test_only_the_facilitator_may_start_the_next_cycle_and_a_refusal_is_one_line(workspace):
    nurse = signed_in_page(workspace, 6)
    nurse.section_picker.value = "cycles"
    assert nurse.start_button is None and nurse.start_box.children == ()  # not even built
    assert nurse.start_next_cycle() is None and workspace.cycles(SLUG) == [1]
    facilitator = signed_in_page(workspace, 6, name="Fay", institution=VALMONT, facilitator=True)
    facilitator.section_picker.value = "cycles"
    assert facilitator.start_button in facilitator.start_box.children
    assert facilitator.start_next_cycle() is None
    assert "no follow-up ratings" in facilitator.cycle_message.value
    assert "Traceback" not in facilitator.cycle_message.value
    facilitator.form.rows["ipc-03"].rating.value = 2
    assert facilitator.start_next_cycle() == 2
    assert facilitator.cycle_message.value == ""
    assert "href='cycle-2/workbook.ipynb#step-2'" in facilitator.next_links.value
    assert facilitator.start_button.disabled
    assert "Cycle 2" in facilitator.history.value


def test_text_in_the_tables_is_escaped(pack):
    from tpi_widgets.core.evaluation import assessment_comparison, strength_changes
    from tpi_widgets.ui.kit.evaluation_tables import items_table_html, strength_changes_html
    area = pack.areas[0]
    areas = assessment_comparison([area], {}, {area.items[0].id: 2})
    labels = pack.section("evaluation").changes
    text = lambda key, **values: pack.text(key, **values)  # noqa: E731
    html = items_table_html(areas, {area.items[0].id: "<img src=x>"}, lambda v: "<b>", labels, text)
    assert "<img" not in html and "&lt;img src=x&gt;" in html and "<b>" not in html
    rows = strength_changes(pack.section("partnership").domains, {}, {"side-1": {"trust": 3}})
    html = strength_changes_html(rows, {1: "<script>a</script>", 2: "B"}, labels, text)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_reopened_page_shows_everything_saved(workspace):
    page = signed_in_page(workspace, 6)
    page.form.rows["ipc-05"].evidence.value = "re-audit"
    page.section_picker.value = "review"
    page.lessons.value = "kept"
    page.sync.flush()
    again = build_step(6, str(workspace.root), SLUG)
    again.section_picker.value = "review"
    assert again.form.rows["ipc-05"].evidence.value == "re-audit" and again.lessons.value == "kept"


def test_a_page_built_before_the_next_cycle_started_shows_it_once_it_polls(workspace):
    # a warm kernel builds Step 6 before anyone opens it; meanwhile a facilitator starts cycle 2
    early = signed_in_page(workspace, 6, name="Ana", institution=KOSSA)
    early.section_picker.value = "cycles"
    facilitator = signed_in_page(workspace, 6, name="Fay", institution=VALMONT, facilitator=True)
    facilitator.form.rows["ipc-03"].rating.value = 2
    assert facilitator.start_next_cycle() == 2
    assert "Cycle 2" not in early.history.value
    early.sync.poll()  # the page hears of the new cycle
    assert "Cycle 2" in early.history.value
    assert "href='cycle-2/workbook.ipynb#step-2'" in early.next_links.value
