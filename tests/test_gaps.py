"""Step 3's derivations without widgets: gaps from ratings, votes, limits, ranking, and the
gaps.yaml section's checks. Plus the store-level promises: votes count once per participant,
and gap notes survive a gap leaving and coming back."""

from __future__ import annotations

import copy

import pytest
import yaml

from tests.support import KOSSA, VALMONT, error_for, records, seed_ratings, signed_in_page, step_page, stored, shown
from tpi_widgets.content.checks import Checker
from tpi_widgets.content.loader import PACKS_DIR
from tpi_widgets.content.model import NOT_APPLICABLE
from tpi_widgets.content.sections import gaps as gaps_section
from tpi_widgets.errors import ContentError
from tpi_widgets.core.gaps import changed_vote, chosen_focus, find_gaps, priority, rank_gaps, vote_limit, vote_totals, votes_left, votes_used


def ids(gaps):
    return [g.item.id for g in gaps]


# gaps from ratings ------------------------------------------------------------------------------
def test_items_below_target_are_gaps_and_na_unrated_and_on_target_are_not(pack):
    target = pack.scale.target  # 3 in the recovery pack
    baseline = {
        "ipc-01": {"rating": 0, "evidence": "No focal person appointed"},
        "ipc-02": {"rating": target - 1},
        "ipc-03": {"rating": target},
        "ipc-04": {"rating": 4},
        "ipc-05": {"rating": NOT_APPLICABLE, "evidence": "n/a"},
        "ipc-06": {"rating": None, "evidence": "rated later"},
        "ipc-07": {"evidence": "only evidence, no rating"},
        "workforce-02": {"rating": 1},
    }
    gaps = find_gaps(pack.areas, pack.scale, baseline)
    assert ids(gaps) == ["ipc-01", "ipc-02", "workforce-02"]  # pack order
    first = gaps[0]
    assert first.area.id == "ipc" and first.rating == 0
    assert first.rating_label == pack.scale.label(0) == "Not in place"
    assert first.evidence == "No focal person appointed"
    assert gaps[1].evidence == ""  # no evidence recorded: empty, not "None"
    assert gaps[2].area.id == "workforce"


def test_only_areas_in_scope_give_gaps(pack):
    ipc_only = [a for a in pack.areas if a.id == "ipc"]
    gaps = find_gaps(ipc_only, pack.scale, {"ipc-01": {"rating": 0}, "workforce-01": {"rating": 0}})
    assert ids(gaps) == ["ipc-01"]


def test_a_rating_that_is_not_a_level_is_not_a_gap(pack):
    gaps = find_gaps(pack.areas, pack.scale, {"ipc-01": {"rating": "1"}, "ipc-02": {"rating": True},
                                                       "ipc-03": {"rating": -1}})
    assert gaps == []


# votes ------------------------------------------------------------------------------------------
def test_vote_totals_add_up_participants_and_ignore_non_gaps_and_bad_values():
    votes = {"7": {"ipc-01": 2, "ipc-02": 1, "ipc-03": 5}, "9": {"ipc-01": 1, "ipc-02": -3, "ipc-04": "x"}}
    assert vote_totals(votes, ["ipc-01", "ipc-02", "ipc-04"]) == {"ipc-01": 3, "ipc-02": 1, "ipc-04": 0}


def test_votes_left_and_the_limit():
    votes = {"7": {"ipc-01": 2, "ipc-02": 1, "ipc-09": 4}}
    gap_ids = ["ipc-01", "ipc-02"]
    assert votes_used(votes, 7, gap_ids) == 3  # ipc-09 is no longer a gap: its votes are freed
    assert votes_left(5, votes, 7, gap_ids) == 2
    assert votes_left(5, votes, 8, gap_ids) == 5  # someone who has not voted yet
    assert votes_left(2, votes, 7, gap_ids) == 0  # the facilitator lowered the limit: never negative


def test_a_vote_beyond_the_limit_is_refused_and_taking_back_frees_one():
    votes = {"7": {"ipc-01": 2, "ipc-02": 1}}
    gap_ids = ["ipc-01", "ipc-02", "ipc-03"]
    assert changed_vote(votes, 7, "ipc-03", +1, 4, gap_ids) == 1
    assert changed_vote(votes, 7, "ipc-03", +1, 3, gap_ids) is None  # limit reached
    assert changed_vote(votes, 7, "ipc-01", -1, 3, gap_ids) == 1
    assert changed_vote(votes, 7, "ipc-03", -1, 3, gap_ids) is None  # nothing to take back
    assert changed_vote(votes, 7, "ipc-08", +1, 9, gap_ids) is None  # not a gap


def test_vote_limit_uses_the_setting_when_usable():
    assert vote_limit(None, 5, 20) == 5
    assert vote_limit(8, 5, 20) == 8
    assert vote_limit(0, 5, 20) == 5
    assert vote_limit(21, 5, 20) == 5
    assert vote_limit("8", 5, 20) == 5


# ranking ----------------------------------------------------------------------------------------
def test_ranking_by_votes_then_impact_times_feasibility_then_pack_order(pack):
    baseline = {i: {"rating": 1} for i in ("ipc-01", "ipc-02", "ipc-03", "ipc-04", "ipc-05")}
    gaps = find_gaps(pack.areas, pack.scale, baseline)
    votes = {"1": {"ipc-03": 2, "ipc-04": 1}, "2": {"ipc-02": 1, "ipc-05": 1}}
    notes = {"ipc-02": {"impact": 1, "feasibility": 2}, "ipc-05": {"impact": 3, "feasibility": 3},
             "ipc-04": {"impact": 2, "feasibility": None}, "ipc-01": {"root_causes": "no budget"}}
    focus = {"ipc-02": {"chosen": True, "rationale": "quick win"}, "ipc-05": {"chosen": False}}
    ranked = rank_gaps(gaps, votes, notes, focus)
    # ipc-03: 2 votes; then 1 vote each: ipc-05 (9) > ipc-02 (2) > ipc-04 (unscored); then ipc-01 (0 votes)
    assert [r.gap.item.id for r in ranked] == ["ipc-03", "ipc-05", "ipc-02", "ipc-04", "ipc-01"]
    assert [r.votes for r in ranked] == [2, 1, 1, 1, 0]
    assert ranked[1].priority == 9 and ranked[3].priority is None
    assert [(r.gap.item.id, r.rationale) for r in chosen_focus(ranked)] == [("ipc-02", "quick win")]


def test_priority_needs_both_scores():
    assert priority({"impact": 3, "feasibility": 2}) == 6
    assert priority({"impact": 3}) is None
    assert priority({"impact": True, "feasibility": 2}) is None


# the page's store promises ----------------------------------------------------------------------
def signed_in(workspace, name, role="Nurse", token=None, institution=KOSSA, facilitator=False):
    """A page signed in by the form, or (with the token of an earlier page) by the browser's
    session cookie, as a second tab of the same browser is."""
    if token is None:
        return signed_in_page(workspace, 3, name, institution, role, facilitator=facilitator)
    page = step_page(workspace, 3)
    page.gate.browser.token = token
    page.gate.browser.ready = True
    assert page.gate.participant is not None
    return page


def test_votes_from_two_tabs_of_one_participant_count_once(workspace):
    seed_ratings(workspace, {"ipc-01": 0})
    seed_ratings(workspace, {"ipc-02": 1})
    first = signed_in(workspace, "Ana Kamara")
    second = signed_in(workspace, "", token=first.gate.participant.token)
    assert second.gate.participant.id == first.gate.participant.id
    assert first.vote("ipc-01", +1)
    second.sync.poll()
    assert shown(second.cards["ipc-01"].votes.value) == "Votes: 1 (yours: 1)"
    assert second.vote("ipc-01", +1)  # the same participant adds one more from the other tab
    first.sync.poll()
    assert records(workspace, "votes") == {str(first.gate.participant.id): {"ipc-01": 2}}
    assert shown(first.cards["ipc-01"].votes.value) == "Votes: 2 (yours: 2)"
    assert "3 of 5 votes left" in first.votes_line.value and "3 of 5 votes left" in second.votes_line.value


def test_the_limit_holds_across_tabs_and_the_facilitator_can_change_it(workspace):
    seed_ratings(workspace, {"ipc-01": 0})
    ana = signed_in(workspace, "Ana Kamara")
    other_tab = signed_in(workspace, "", token=ana.gate.participant.token)
    for _ in range(5):
        assert ana.vote("ipc-01", +1)
    assert ana.ranking.rows["ipc-01"].add_vote.disabled
    other_tab.sync.poll()
    assert not other_tab.vote("ipc-01", +1)  # the other tab knows the votes are used up
    assert other_tab.ranking.rows["ipc-01"].add_vote.disabled
    facilitator = signed_in(workspace, "Fatou", facilitator=True)
    assert facilitator.limit is not None and ana.limit is None and ana.limit_box.children == ()  # built only for the facilitator
    facilitator.limit.value = 7
    facilitator.sync.flush()
    assert "Saved by Fatou" in shown(facilitator.limit_status.value)
    ana.sync.poll()
    assert "2 of 7 votes left" in ana.votes_line.value
    assert ana.vote("ipc-01", +1)
    assert records(workspace, "votes")[str(ana.gate.participant.id)] == {"ipc-01": 6}


def test_two_participants_voting_together_both_count(workspace):
    seed_ratings(workspace, {"ipc-01": 0})
    ana, bo = signed_in(workspace, "Ana"), signed_in(workspace, "Bo", institution=VALMONT)
    assert ana.vote("ipc-01", +1) and bo.vote("ipc-01", +1)  # neither has seen the other's vote yet
    ana.sync.poll()
    bo.sync.poll()
    assert ana.ranked[0].votes == bo.ranked[0].votes == 2


def test_notes_are_kept_when_a_gap_leaves_and_comes_back(workspace):
    seed_ratings(workspace, {"ipc-03": 1}, {"ipc-03": "Hand rub missing on 3 wards"})
    page = signed_in(workspace, "Ana")
    card = page.cards["ipc-03"]
    card.editor.click()  # as a participant opening the gap's notes
    card.root_causes.value = "No local production; supplier delays"
    card.impact.value = 3
    page.sync.flush()
    seed_ratings(workspace, {"ipc-03": 4})  # re-rated in Step 2: no longer a gap
    page.sync.poll()
    assert "ipc-03" not in page.cards and card not in page.gap_lists["ipc"].children
    assert ("gaps", "ipc-03", "root_causes") not in page.sync._bindings  # its widgets are unbound
    assert stored(workspace, "gaps", "ipc-03", "root_causes") == "No local production; supplier delays"  # never deleted
    seed_ratings(workspace, {"ipc-03": 2})  # and back
    page.sync.poll()
    back = page.cards["ipc-03"]
    assert "No local production; supplier delays" in back.header.value  # closed: its notes line
    back.editor.click()
    assert back.root_causes.value == "No local production; supplier delays" and back.impact.value == 3
    assert "2 · Partly in place" in back.header.value and "Hand rub missing" in back.header.value


def test_a_note_being_typed_when_the_gap_leaves_is_saved(workspace):
    seed_ratings(workspace, {"ipc-04": 0})
    page = signed_in(workspace, "Ana")
    page.cards["ipc-04"].editor.click()
    page.cards["ipc-04"].root_causes.value = "typed just before the re-rating"  # pending
    seed_ratings(workspace, {"ipc-04": NOT_APPLICABLE})
    page.sync.poll()
    assert stored(workspace, "gaps", "ipc-04", "root_causes") == "typed just before the re-rating"


# the gaps.yaml section --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def section_data():
    return yaml.safe_load((PACKS_DIR / "recovery-2016" / "gaps.yaml").read_text(encoding="utf-8"))


def section_error(data) -> str:
    with pytest.raises(ContentError) as caught:
        gaps_section.load(Checker(gaps_section.FILE), data, {})
    return str(caught.value)


def test_the_real_section_loads(pack):
    content = pack.section("gaps")
    assert content.impact.values == (1, 2, 3) and content.feasibility.label(3) == "Easy"
    assert content.votes_per_participant == 5 and content.max_votes_per_participant == 20


@pytest.mark.parametrize("change, place, problem", [
    (lambda d: d.pop("impact"), "impact", "missing required field"),
    (lambda d: d["feasibility"].pop("question"), "feasibility.question", "missing required field"),
    (lambda d: d["impact"]["levels"].pop(0) and d["impact"]["levels"].pop(0),
     "impact.levels", "needs at least 2 entries"),
    (lambda d: d["impact"]["levels"][1].update(value=1), "impact.levels", "distinct and in increasing order"),
    (lambda d: d["feasibility"]["levels"][0].update(value=0), "feasibility.levels[0].value", "1 or more"),
    (lambda d: d["feasibility"]["levels"][2].update(label=""), "feasibility.levels[2].label", "must not be empty"),
    (lambda d: d["voting"].update(votes_per_participant="five"), "voting.votes_per_participant",
     "expected a number, found a text"),
    (lambda d: d["voting"].update(votes_per_participant=30), "voting.votes_per_participant",
     "between 1 and max_votes_per_participant"),
    (lambda d: d.pop("voting"), "voting", "missing required field"),
])
def test_section_mistakes_name_file_place_and_problem(section_data, change, place, problem):
    data = copy.deepcopy(section_data)
    change(data)
    message = section_error(data)
    assert message.startswith("content pack error in gaps.yaml: ")
    assert f": {place}: " in message and problem in message


def test_a_pack_without_gaps_yaml_is_refused(broken):
    (broken / "gaps.yaml").unlink()
    message = str(error_for(broken))
    assert "gaps.yaml" in message and "file missing" in message
