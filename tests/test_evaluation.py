"""Step 6's rules without widgets: comparisons, strength changes, cycle history, the pack section,
and cycles started from the page never overwriting each other."""

from __future__ import annotations

import pytest

from tests.support import SLUG, edit, error_for, seed_ratings, signed_in_page, stored
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.content.model import Area, Item
from tpi_widgets.core.evaluation import BETTER, NOT_RATED, SAME, WORSE, assessment_comparison, change, cycle_history, earlier_strength, strength_changes

AREAS = [Area("a", "Area A", "A", "", (Item("a-1", "one"), Item("a-2", "two"), Item("a-3", "three"))),
         Area("b", "Area B", "B", "", (Item("b-1", "four"),))]


@pytest.mark.parametrize("before, after, expected", [
    (1, 3, BETTER), (3, 1, WORSE), (2, 2, SAME), ("na", "na", SAME), (None, 2, NOT_RATED), (2, None, NOT_RATED),
    (2, "na", NOT_RATED), ("na", 2, NOT_RATED), (None, None, NOT_RATED), (0, 1, BETTER), (True, 2, NOT_RATED)])
def test_change_of_one_rating(before, after, expected):
    assert change(before, after) == expected


def test_comparison_by_item_and_area():
    areas = assessment_comparison(AREAS, {"a-1": 1, "a-2": 4, "a-3": "na"}, {"a-1": 3, "a-2": 2, "b-1": 2})
    a, b = areas
    assert [i.change for i in a.items] == [BETTER, WORSE, NOT_RATED]
    assert (a.baseline_mean, a.followup_mean, a.change) == (2.5, 2.5, SAME)
    assert (a.count(BETTER), a.count(WORSE), a.count(SAME)) == (1, 1, 0)
    assert (b.baseline_mean, b.followup_mean, b.change) == (None, 2.0, NOT_RATED)
    assert a.level(1) == 2.5 and b.level(2) == 2.0  # the shape the grouped bar chart draws


def test_strength_changes_per_domain_and_side():
    class Domain:
        def __init__(self, id_, title):
            self.id, self.title = id_, title
    rows = strength_changes([Domain("trust", "Trust")], {"side-1": {"trust": 2}, "side-2": {"trust": 3}},
                            {"side-1": {"trust": 4}})
    assert [(r.side, r.before, r.now, r.change) for r in rows] == [(1, 2, 4, BETTER), (2, 3, None, NOT_RATED)]


def test_step1_ratings_come_from_the_latest_cycle_that_has_them():
    by_cycle = {1: {"side-1": {"trust": 2}}, 2: {}, 3: {"side-2": {"trust": 1}}}
    assert earlier_strength(by_cycle, 2) == (1, {"side-1": {"trust": 2}})
    assert earlier_strength(by_cycle, 3)[0] == 3
    assert earlier_strength({1: {"side-1": {"trust": None}}}, 1) == (None, {})


def test_cycle_history_in_cycle_order():
    history = cycle_history(AREAS, {2: ({"a-1": 3}, {}), 1: ({"a-1": 1}, {"a-1": 3})})
    assert [h.cycle for h in history] == [1, 2]
    assert (history[0].areas[0].baseline_mean, history[0].areas[0].followup_mean) == (1.0, 3.0)
    followup_rated = [[i.item_id for area in h.areas for i in area.items if i.followup is not None] for h in history]
    assert followup_rated == [["a-1"], []]


# the pack section --------------------------------------------------------------------------------
def test_pack_has_decisions_and_change_labels(pack):
    content = pack.section("evaluation")
    assert [d.id for d in content.decisions] == ["continue", "adjust", "close"]
    assert set(content.changes) == {"better", "worse", "same", "not-rated"}


def test_a_duplicate_decision_is_named(broken):
    edit(broken, "evaluation.yaml", lambda d: d["decisions"].append(dict(d["decisions"][0])))
    error = error_for(broken)
    assert "evaluation.yaml" in str(error) and "decisions[3]" in str(error) and "duplicate" in str(error)


def test_a_missing_change_label_is_named(broken):
    edit(broken, "evaluation.yaml", lambda d: d["changes"].pop("worse"))
    error = error_for(broken)
    assert "evaluation.yaml" in str(error) and "changes.worse" in str(error) and "missing" in str(error)


def test_an_unknown_change_is_named(broken):
    edit(broken, "evaluation.yaml", lambda d: d["changes"].update(improved="Improved"))
    assert "unknown change 'improved'" in str(error_for(broken))


def test_the_section_file_is_required(broken):
    (broken / "evaluation.yaml").unlink()
    assert "evaluation.yaml" in str(error_for(broken))


# cycles from the page ----------------------------------------------------------------------------
def test_cycles_started_from_the_page_never_overwrite_each_other(workspace):
    seed_ratings(workspace, {"ipc-01": 1, "ipc-02": 0})
    page = signed_in_page(workspace, 6, name="Fay", facilitator=True)
    page.form.rows["ipc-01"].rating.value = 3
    page.form.rows["ipc-01"].evidence.value = "audit after"
    assert page.start_next_cycle() == 2  # pending edits are saved first
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=2) == 3
    assert stored(workspace, BASELINE, "ipc-01", "evidence", cycle=2) == "audit after"
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=1) == 1
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=1) == 3
    # cycle 2's page rates its own follow-up; cycle 1 keeps its values
    from tests.support import build_step
    second = build_step(6, str(workspace.root), SLUG, cycle=2)
    second.sync.start = lambda: None
    second.gate.browser.token = page.gate.participant.token  # the same browser, so the same facilitator
    second.gate.browser.ready = True
    assert second.form.rows["ipc-01"].rating.value == ""  # a new follow-up, not cycle 1's
    second.form.rows["ipc-01"].rating.value = 4
    second.sync.flush()
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=2) == 4
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=1) == 3
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=1) == 1
    assert second.start_next_cycle() == 3
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=3) == 4
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=2) == 3
    assert "../cycle-3/workbook.ipynb#step-2" in second.next_links.value
