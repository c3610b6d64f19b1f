"""The partnership plan's logic without widgets: grouping and order, reordering, deletion and
undo, budget sums, focus gaps without an activity, timeline bars; and the plan section of the
content pack with its errors. A row's checks are its card's (test_step4_widgets.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import edit, error_for
from tpi_widgets.core import plan
from tpi_widgets.store import Entry

OBJECTIVES = [("partnership", 1), ("technical", 2), ("spread", 3)]
AREAS = ["ipc", "workforce"]


def row(objective="partnership", order=1, area=None, **fields):
    data = {"objective": objective, "order": order, "deleted": False, **fields}
    if area is not None:
        data["area"] = area
    return data


# grouping and order -----------------------------------------------------------------------------
def test_groups_follow_objectives_then_areas_in_scope_and_rows_follow_their_order():
    rows = {
        "b": row(order=2), "a": row(order=1), "c": row("technical", 1, "workforce"),
        "d": row("technical", 1, "ipc"), "e": row("spread", 5), "gone": row(order=0, deleted=True),
        "half": {"order": 3, "status": "planned"},  # still being added: no objective yet
        "out": row("technical", 1, "services"),  # an area not in scope
    }
    groups = plan.plan_groups(rows, OBJECTIVES, AREAS)
    assert [(g.key, g.number, g.rows) for g in groups] == [
        (("partnership", None), "1", ("a", "b")),
        (("technical", "ipc"), "2.1", ("d",)),
        (("technical", "workforce"), "2.2", ("c",)),
        (("spread", None), "3", ("e",)),
    ]
    assert groups[0].row_number("b") == "1.2" and groups[2].row_number("c") == "2.2.1"


def test_rows_with_the_same_or_no_order_keep_a_stable_place():
    rows = {"z": row(order=1), "y": row(order=1), "x": row(order=None)}
    assert plan.plan_groups(rows, OBJECTIVES, AREAS)[0].rows == ("y", "z", "x")


def test_next_order_is_after_the_last_row_of_the_group():
    rows = {"a": row(order=4), "b": row(order=2), "c": row("spread", 9)}
    groups = plan.plan_groups(rows, OBJECTIVES, AREAS)
    assert plan.next_order(rows, groups[0]) == 5
    assert plan.next_order(rows, groups[1]) == 1  # an empty group


def test_reorder_moves_up_and_down_within_the_group_only():
    rows = {"a": row(order=1), "b": row(order=2), "c": row(order=3), "s": row("spread", 1)}
    group = plan.plan_groups(rows, OBJECTIVES, AREAS)[0]
    assert plan.reorder(rows, group, "c", -1) == {"b": 3, "c": 2}
    assert plan.reorder(rows, group, "a", 1) == {"a": 2, "b": 1}
    assert plan.reorder(rows, group, "a", -1) == {}  # already first
    assert plan.reorder(rows, group, "c", 1) == {}  # already last


def test_reorder_separates_rows_sharing_an_order():
    rows = {"a": row(order=1), "b": row(order=1), "c": row(order=1)}
    group = plan.plan_groups(rows, OBJECTIVES, AREAS)[0]
    changes = plan.reorder(rows, group, "c", -1)
    rows = {r: {**v, "order": changes.get(r, v["order"])} for r, v in rows.items()}
    assert plan.plan_groups(rows, OBJECTIVES, AREAS)[0].rows == ("a", "c", "b")


# deletion and undo ------------------------------------------------------------------------------
def test_a_deleted_row_leaves_the_plan_and_undo_brings_it_back_in_its_place():
    rows = {"a": row(order=1), "b": row(order=2), "c": row(order=3)}
    assert plan.latest_deleted({}) is None
    rows["b"]["deleted"] = True
    assert plan.plan_groups(rows, OBJECTIVES, AREAS)[0].rows == ("a", "c")
    assert plan.latest_deleted({"b": Entry(True, 1, "t", 7)}) == "b"
    rows["b"]["deleted"] = False
    assert plan.plan_groups(rows, OBJECTIVES, AREAS)[0].rows == ("a", "b", "c")
    assert plan.latest_deleted({"b": Entry(False, 1, "t", 8)}) is None


def test_undo_takes_the_latest_deletion_still_in_force_whoever_made_it():
    deleted = {"a": Entry(True, 1, "t", 3), "b": Entry(True, 2, "t", 5), "c": Entry(False, 1, "t", 9)}
    assert plan.latest_deleted(deleted) == "b"  # c was deleted later, then restored by someone
    deleted["b"] = Entry(False, 1, "t", 10)
    assert plan.latest_deleted(deleted) == "a"


# budget -----------------------------------------------------------------------------------------
def test_budget_sums_by_objective_and_funding_leaving_out_what_is_not_a_number():
    rows = {
        "a": row(budget="1 500", funding="Partnership grant"),
        "b": row("technical", 1, "ipc", budget="2,000.50", funding=" partnership  GRANT "),
        "c": row("technical", 2, "ipc", budget="300", funding=""),
        "d": row("spread", 1, budget="a lot", funding="Ministry"),
        "e": row("spread", 2, budget="", funding="Ministry"),
        "f": row("spread", 3, budget="900", funding="Ministry", deleted=True),
    }
    summary = plan.budget_summary(rows, ["partnership", "technical", "spread"])
    assert summary.by_objective == {"partnership": 1500.0, "technical": 2300.5, "spread": 0.0}
    assert summary.by_funding == [("Partnership grant", 3500.5), ("", 300.0)]
    assert summary.total == 3800.5
    assert summary.not_a_number == 1  # "a lot"; an empty budget is not counted


# focus gaps -------------------------------------------------------------------------------------
ITEMS = ["ipc-01", "ipc-02", "ipc-03", "ipc-06", "workforce-01"]


def test_chosen_focus_in_pack_order_and_only_when_chosen():
    focus = {"ipc-06": {"chosen": True}, "ipc-02": {"chosen": True, "rationale": "audits"},
             "ipc-03": {"chosen": False}, "unknown-9": {"chosen": True}}
    assert plan.chosen_focus(focus, ITEMS) == ["ipc-02", "ipc-06"]


def test_gap_candidates_list_chosen_focus_first_then_other_gaps(pack):
    ratings = {"ipc-01": 1, "ipc-02": 3, "ipc-03": "na", "ipc-06": 0, "workforce-01": 2}
    assert plan.gap_candidates(ratings, pack.scale.is_gap, ["ipc-06"], ITEMS) == ["ipc-06", "ipc-01", "workforce-01"]


def test_uncovered_focus_gaps_are_those_no_live_row_addresses():
    rows = {"a": row(gaps=["ipc-02"]), "b": row("spread", 1, gaps=["ipc-06"], deleted=True),
            "c": row(gaps=None)}
    assert plan.uncovered_focus(rows, ["ipc-02", "ipc-06", "workforce-01"]) == ["ipc-06", "workforce-01"]
    rows["b"]["deleted"] = False
    assert plan.uncovered_focus(rows, ["ipc-02", "ipc-06"]) == []


# timeline ---------------------------------------------------------------------------------------
def test_gantt_bars_in_plan_order_for_rows_with_valid_dates():
    rows = {
        "a": row(order=2, activity="Visit", start="2027-02-01", end="2027-02-05"),
        "b": row(order=1, result="Agreement signed", start="2027-01-01", end="2027-01-01"),
        "c": row("technical", 1, "ipc", activity="Audit", start="2027-03-01", end="2027-02-01"),
        "d": row("spread", 1, activity="Share", start="2027-05-01"),
    }
    bars, undated = plan.gantt_bars(rows, plan.plan_groups(rows, OBJECTIVES, AREAS))
    assert [(b.number, b.label, b.start, b.end) for b in bars] == [
        ("1.1", "Agreement signed", dt.date(2027, 1, 1), dt.date(2027, 1, 1)),
        ("1.2", "Visit", dt.date(2027, 2, 1), dt.date(2027, 2, 5))]
    assert undated == 2


# the pack's plan section ------------------------------------------------------------------------
def test_the_real_pack_has_statuses_funding_and_currency(pack):
    content = pack.section("plan")
    assert content.default_status in [s.id for s in content.statuses]
    assert content.currency and content.funding_sources
    assert content.status_label("done") == "Done"


@pytest.mark.parametrize("change, place, problem", [
    (lambda d: d.pop("currency"), "currency", "missing required field"),
    (lambda d: d["statuses"][1].pop("label"), "statuses[1].label", "missing required field"),
    (lambda d: d["statuses"][2].update(id="planned"), "statuses[2]", "duplicate status id 'planned'"),
    (lambda d: d["statuses"][0].update(id="Not Valid"), "statuses[0].id", "not a valid id"),
    (lambda d: d.update(statuses=[{"id": "only", "label": "Only"}]), "statuses", "at least 2"),
    (lambda d: d.update(default_status="finished"), "default_status", "is not one of the statuses"),
    (lambda d: d.update(funding_sources="Grant"), "funding_sources", "expected a list"),
    (lambda d: d["funding_sources"].append(""), "funding_sources[6]", "expected a non-empty text"),
])
def test_plan_section_errors_name_file_place_and_problem(broken, change, place, problem):
    edit(broken, "plan.yaml", change)
    err = error_for(broken)
    assert (err.file, err.place) == ("plan.yaml", place)
    assert problem in err.problem


def test_the_plan_section_is_required(broken):
    (broken / "plan.yaml").unlink()
    err = error_for(broken)
    assert err.file == "plan.yaml" and "missing" in err.problem


def test_every_step4_string_is_written_in_english_and_french_uses_the_same_placeholders(pack):
    import yaml
    from tpi_widgets.content.loader import PACKS_DIR
    from tpi_widgets.content.model import placeholders
    step4 = yaml.safe_load((PACKS_DIR / "recovery-2016" / "strings" / "step4.en.yaml").read_text(encoding="utf-8"))
    assert set(step4) <= set(pack.strings["en"])
    french = {k: v for k, v in pack.strings["fr"].items() if k in step4}
    assert len(french) > len(step4) // 2
    assert all(placeholders(v) == placeholders(step4[k]) for k, v in french.items())
    assert pack.text("plan.field_activity", "fr", number="2.1.3") == "Ligne 2.1.3 activité"
