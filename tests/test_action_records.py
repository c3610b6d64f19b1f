"""Step 5's records as plain data: progress history, the links plan activity -> visit ->
report -> new plan activity, measurement series, and the pack section's checks."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import edit, error_for
from tpi_widgets.core.records import PLAN, VISITS
from tpi_widgets.core import records
from tpi_widgets.errors import UnknownCollection
from tpi_widgets.core import action_records as ar

OBJECTIVES = [("partnership", 1), ("technical", 2), ("spread", 3)]
AREAS = ["ipc", "workforce"]
ROWS = {
    "a1": {"objective": "technical", "area": "ipc", "order": 1, "activity": "Train staff", "indicator": "HH %",
           "baseline": "30", "target": "80%", "deleted": False},
    "a2": {"objective": "technical", "area": "ipc", "order": 2, "activity": "Audit wards", "deleted": False},
    "gone": {"objective": "spread", "order": 1, "activity": "Old", "deleted": True},
}


def test_plan_activities_are_numbered_in_plan_order_without_deleted_rows():
    assert [(a.record, a.label) for a in ar.plan_activities(ROWS, OBJECTIVES, AREAS)] == \
        [("a1", "2.1.1 Train staff"), ("a2", "2.1.2 Audit wards")]


def test_latest_progress_is_the_newest_update_per_activity():
    progress = {"p1": {"activity": "a1", "percent": "10"}, "p2": {"activity": "a1", "percent": "40"},
                "p3": {"activity": "a2", "percent": "5"}, "half": {"percent": "99"}}  # half: not complete
    created = {"p1": 3, "p2": 9, "p3": 5}
    assert ar.progress_history(progress, created) == {"a1": ["p2", "p1"], "a2": ["p3"]}
    assert ar.latest_progress(progress, created) == {"a1": "p2", "a2": "p3"}


def test_progress_as_of_a_day_is_the_latest_update_dated_on_or_before_it():
    progress = {"p1": {"activity": "a1", "date": "2027-03-10", "status": "in-progress"},
                "p2": {"activity": "a1", "date": "2027-04-20", "status": "done"},  # after the day
                "p3": {"activity": "a1", "date": "2027-03-08"},  # written last, but dated earlier
                "p4": {"activity": "a2", "percent": "5"},  # no date: the day it was saved
                "p5": {"activity": "a2", "date": "2027-03-10"}, "p6": {"activity": "a2", "date": "2027-03-10"}}
    created = {"p1": 1, "p2": 2, "p3": 3, "p4": 4, "p5": 5, "p6": 6}
    saved = {record: "2027-05-01T09:00:00" for record in progress}
    assert ar.progress_as_of(progress, created, dt.date(2027, 3, 12), saved) == {"a1": "p1", "a2": "p6"}
    assert ar.progress_as_of(progress, created, dt.date(2027, 5, 1), saved) == {"a1": "p2", "a2": "p4"}
    assert ar.progress_as_of(progress, created, dt.date(2027, 3, 1), saved) == {}
    assert ar.progress_as_of(progress, created, None, saved) == ar.latest_progress(progress, created)
    assert ar.day_of("", "2027-05-01T09:00:00") == dt.date(2027, 5, 1) and ar.day_of("soon", None) is None


def test_latest_status_skips_updates_without_one():
    progress = {"p1": {"activity": "a1", "status": "in-progress"}, "p2": {"activity": "a1", "status": "done"},
                "p3": {"activity": "a1", "comment": "Filed"}, "p4": {"activity": "a2", "percent": "10"}}
    assert ar.latest_status(progress, {"p1": 1, "p2": 2, "p3": 3, "p4": 4}) == {"a1": "p2"}


def test_percent_must_be_0_to_100():
    assert ar.percent_problem("") is None and ar.percent_problem("40%") is None
    assert ar.percent_problem("140") == "action.percent_invalid"
    assert ar.percent_problem("half") == "action.percent_invalid"


def test_a_new_record_is_written_whole_with_deleted_false():
    writes = records.new_record_writes(VISITS, "v1", {"status": "draft"})
    assert writes == [(("visits", "v1", "status"), "draft"), (("visits", "v1", "deleted"), False)]


def test_one_rule_says_whether_a_record_exists():
    assert records.is_live({"status": "draft"}) and records.is_live({"deleted": False})
    assert not records.is_live({}) and not records.is_live({"status": "draft", "deleted": True})


def test_a_record_is_dated_by_its_deleted_field_or_else_its_oldest_entry():
    from tpi_widgets.store import Entry
    entries = {("visits", "v1", "status"): Entry("done", 1, "", 9), ("visits", "v1", "deleted"): Entry(False, 1, "", 4),
               ("visits", "v0", "status"): Entry("draft", 1, "", 6), ("visits", "v0", "purpose"): Entry("x", 1, "", 2),
               ("reports", "r1", "deleted"): Entry(False, 1, "", 1)}
    created = records.creation_ids(VISITS, entries)
    assert created == {"v1": 4, "v0": 2}
    assert records.in_creation_order({"v1": {"status": "done"}, "v0": {"status": "draft"}}, created) == ["v0", "v1"]


def test_an_unknown_collection_is_refused_before_anything_is_written():
    with pytest.raises(UnknownCollection):
        records.new_record_writes("visit", "v1", {"status": "draft"})


def test_activity_to_visit_to_report_to_new_plan_activity():
    visits = {"v1": {"activities": ["a1", "a2"], "deleted": False}, "v2": {"activities": ["a2"], "deleted": True}}
    created = {"v1": 1, "v2": 2}
    assert records.in_creation_order(visits, created) == ["v1"]  # the deleted proposal is left out
    reports = {"r1": {"kind": "visit", "visit": "v1", "deleted": False},
               "r2": {"kind": "periodic", "activities": ["a2"], "deleted": False}}
    assert ar.reports_for_visit(reports, {"r1": 1, "r2": 2}, "v1") == ["r1"]
    items = {"r1:a1": {"done": "partly", "note": "two wards left"}}
    activities = ar.plan_activities(ROWS, OBJECTIVES, AREAS)
    listed = ar.planned_vs_done("r1", reports, visits, items, activities)
    assert [(i.activity, i.label, i.done, i.note) for i in listed] == \
        [("a1", "2.1.1 Train staff", "partly", "two wards left"), ("a2", "2.1.2 Audit wards", None, "")]
    assert [i.activity for i in ar.planned_vs_done("r2", reports, visits, items, activities)] == ["a2"]

    step = {"report": "r1", "text": "Make hand rub locally", "owner": "Dr Sesay", "date": "2027-06-30"}
    assert not ar.in_plan(step, ROWS)
    writes = ar.next_step_to_plan("s1", step, "technical", "ipc", ROWS, "new1", "planned", OBJECTIVES, AREAS)
    rows = {k: dict(v) for k, v in ROWS.items()}
    for (collection, record, field), value in writes:
        if collection == PLAN:
            rows.setdefault(record, {})[field] = value
    assert writes[-1] == (("next_steps", "s1", "plan_row"), "new1")
    assert [w[0][2] for w in writes if w[0][0] == "plan"][-1] == "objective"  # Step 4 counts the row from then
    assert rows["new1"] == {"activity": "Make hand rub locally", "responsible": "Dr Sesay", "end": "2027-06-30",
                            "status": "planned", "order": 3, "deleted": False, "area": "ipc",
                            "objective": "technical"}
    assert ar.in_plan({**step, "plan_row": "new1"}, rows)
    assert [a.label for a in ar.plan_activities(rows, OBJECTIVES, AREAS)][-1] == "2.1.3 Make hand rub locally"


def test_plan_group_choices_include_each_area_in_scope():
    assert [c[0] for c in ar.plan_group_choices(OBJECTIVES, AREAS)] == \
        ["partnership", "technical:ipc", "technical:workforce", "spread"]


def test_measurement_series_sorts_by_date_and_lists_what_cannot_be_drawn():
    measurements = {
        "m1": {"activity": "a1", "date": "2027-03-01", "value": "45"},
        "m2": {"activity": "a1", "date": "2027-01-15", "value": "38,5"},
        "m3": {"activity": "a1", "date": "2027-02-01", "value": "about half"},
        "m4": {"activity": "a1", "date": "soon", "value": "50"},
        "m5": {"activity": "a1", "date": "2027-04-01", "value": "60", "deleted": True},
        "m6": {"activity": "a2", "date": "2027-04-01", "value": "1"},
    }
    series = ar.measurement_series(measurements, {f"m{i}": i for i in range(1, 7)}, "a1", ROWS["a1"])
    assert [(p.date, p.value) for p in series.plotted] == [(dt.date(2027, 1, 15), 38.5), (dt.date(2027, 3, 1), 45.0)]
    assert [(p.date_text, p.value_text) for p in series.not_plotted] == [("2027-02-01", "about half"), ("soon", "50")]
    assert (series.baseline, series.target) == (30.0, 80.0)
    saved = {f"m{i}": "2027-06-01T08:00:00" for i in range(1, 7)}  # "soon" counts from the day it was saved
    assert [p.record for p in ar.points_as_of(series, dt.date(2027, 2, 1), saved)] == ["m2", "m3"]
    assert [p.record for p in ar.points_as_of(series, dt.date(2027, 6, 1), saved)] == ["m2", "m3", "m1", "m4"]
    assert ar.points_as_of(series, None, {}) == series.points


def test_section_names_file_and_place_of_a_problem(broken):
    edit(broken, "action.yaml", lambda d: d.update(default_visit_status="sent"))
    error = error_for(broken)
    assert "action.yaml" in str(error) and "default_visit_status" in str(error) and "sent" in str(error)


def test_section_rejects_unknown_report_kinds_and_missing_labels(broken):
    edit(broken, "action.yaml", lambda d: d["report_kinds"].append({"id": "monthly", "label": "Monthly"}))
    assert "report_kinds" in str(error_for(broken))
    edit(broken, "action.yaml", lambda d: (d["report_kinds"].pop(), d["labels"]["visit"].pop("purpose")))
    error = str(error_for(broken))
    assert "labels.visit.purpose" in error and "missing" in error
