"""Step 3 without a browser: gap cards write the store, store changes reach the page, votes,
ranking, chart and the facilitator's focus choice."""

from __future__ import annotations

from tests.support import SLUG, Other, seed_ratings, signed_in_page, stored_entry, shown
from tpi_widgets.content.model import NOT_APPLICABLE
from tests.support import build_step
from tpi_widgets.ui.steps.gap_analysis import GapAnalysisApp
from tpi_widgets.core.records import BASELINE
from tpi_widgets.ui.kit.gap_ranking import RankedGapRow
from tpi_widgets.core.html import attr


def ranked_ids(page) -> list[str]:
    """The gaps of the ranked list, top to bottom, as the page shows them."""
    return [row.item_id for row in page.ranking.children if isinstance(row, RankedGapRow)]


def test_gaps_come_from_step2_with_rating_and_evidence_and_labelled_inputs(workspace):
    seed_ratings(workspace, {"ipc-01": 0, "ipc-02": 3, "ipc-05": NOT_APPLICABLE, "workforce-03": 2, "ipc-06": None},
                 {"ipc-01": "No focal person <b>appointed</b>"})
    page = build_step(3, str(workspace.root), SLUG)
    assert isinstance(page, GapAnalysisApp)
    assert list(page.cards) == ["ipc-01"]  # an area's gaps are built when the area is chosen
    page.area_picker.value = "workforce"  # as a participant choosing the area
    assert list(page.cards) == ["ipc-01", "workforce-03"]
    assert page.gap_lists["ipc"].children == (page.cards["ipc-01"],)
    assert page.gap_lists["workforce"].children == (page.cards["workforce-03"],)
    card = page.cards["ipc-01"]
    assert card.fieldset is None and "No root causes or scores yet" in card.header.value  # closed: one line
    card.editor.click()  # as a participant opening the gap's notes
    assert "0 · Not in place" in card.header.value
    assert "No focal person &lt;b&gt;appointed&lt;/b&gt;" in card.header.value  # escaped, not markup
    assert "IPC and patient safety" in card.header.value
    assert [card.root_causes.description, card.impact.description, card.feasibility.description] == \
        ["IPC-01 root causes", "IPC-01 impact", "IPC-01 feasibility"]
    row = page.ranking.rows["ipc-01"]  # votes are placed in the ranked list, not on the card
    assert [row.add_vote.tooltip, row.remove_vote.tooltip] == ["Vote for IPC-01", "Take back a vote from IPC-01"]
    assert not hasattr(card, "add_vote")
    assert [v for _, v in card.impact.options] == ["", 1, 2, 3]
    assert row.add_vote.disabled  # nobody signed in yet: nothing to vote with
    assert card.get_state()["_dom_classes"] == ("tpi-item", "tpi-gap")  # the card can be sent to a browser
    assert page.no_gaps.value == ""  # nothing shown


def test_no_gaps_says_so(workspace):
    page = build_step(3, str(workspace.root), SLUG)
    assert page.cards == {}
    assert "No gaps yet" in page.no_gaps.value


def test_notes_and_scores_write_the_store_with_who_and_when(workspace):
    seed_ratings(workspace, {"ipc-02": 1})
    page = signed_in_page(workspace, 3)
    card = page.cards["ipc-02"]
    card.editor.click()
    card.root_causes.value = "Audit forms never printed; no audit lead"
    card.impact.value = 3
    assert card.status.state == "saving"
    assert stored_entry(workspace, "gaps", "ipc-02", "root_causes") is None  # not saved before the flush
    assert page.sync.flush() == 2
    entry = stored_entry(workspace, "gaps", "ipc-02", "root_causes")
    assert entry.value == "Audit forms never printed; no audit lead"
    assert entry.participant_id == page.gate.participant.id
    assert stored_entry(workspace, "gaps", "ipc-02", "impact").value == 3
    assert card.status.state == "saved" and "Saved by Ana Kamara" in shown(card.status.value)
    card.impact.value = ""
    page.sync.flush()
    assert stored_entry(workspace, "gaps", "ipc-02", "impact").value is None  # "not scored" is stored as null


def test_other_participants_changes_arrive_live(workspace):
    seed_ratings(workspace, {"ipc-02": 1})
    page = signed_in_page(workspace, 3)
    page.area_picker.value = "surveillance"
    page.area_picker.value = "ipc"
    closed = signed_in_page(workspace, 3, name="Cy Closed")  # its card stays closed
    page.cards["ipc-02"].editor.click()
    bo = Other(workspace)
    bo.write("gaps", "ipc-02", "feasibility", 2)
    bo.write(BASELINE, "surveillance-01", "rating", 0)  # a new gap, rated in Step 2
    bo.write(BASELINE, "ipc-02", "evidence", "Audit 2026: 41%")
    assert page.sync.poll() == 3
    assert closed.sync.poll() == 3
    assert "Feasibility: 2" in closed.cards["ipc-02"].header.value
    assert "Bo Lindqvist" in closed.cards["ipc-02"].header.value
    assert page.cards["ipc-02"].feasibility.value == 2
    assert "Bo Lindqvist" in page.cards["ipc-02"].status.value
    assert "Audit 2026: 41%" in page.cards["ipc-02"].header.value
    assert "surveillance-01" in page.cards and page.cards["surveillance-01"] in page.gap_lists["surveillance"].children


def test_voting_updates_counts_left_and_ranking(workspace):
    seed_ratings(workspace, {"ipc-01": 0, "ipc-02": 1, "ipc-03": 2})
    page = signed_in_page(workspace, 3)
    assert shown(page.votes_line.value) == "You have 5 of 5 votes left."
    rows = page.ranking.rows
    rows["ipc-03"].add_vote.click()
    rows["ipc-03"].add_vote.click()
    rows["ipc-02"].add_vote.click()
    assert stored_entry(workspace, "votes", str(page.gate.participant.id), "ipc-03").value == 2
    assert shown(page.votes_line.value) == "You have 2 of 5 votes left."
    assert shown(page.cards["ipc-03"].votes.value) == "Votes: 2 (yours: 2)"
    assert [r.gap.item.id for r in page.ranked] == ["ipc-03", "ipc-02", "ipc-01"]
    assert ranked_ids(page) == ["ipc-03", "ipc-02", "ipc-01"]
    assert shown(rows["ipc-03"].line.value).startswith("1 IPC-03 ")
    assert "Votes: 2 (yours: 2)" in shown(rows["ipc-03"].line.value)
    rows["ipc-03"].remove_vote.click()
    assert stored_entry(workspace, "votes", str(page.gate.participant.id), "ipc-03").value == 1
    assert rows["ipc-01"].remove_vote.disabled  # no vote there to take back


def test_a_failed_vote_says_so_and_changes_nothing(workspace):
    seed_ratings(workspace, {"ipc-01": 0})
    page = signed_in_page(workspace, 3)
    page.sync.participant_id = 10_000  # no such participant: the database refuses the write
    assert not page.vote("ipc-01", +1)
    assert "Vote not saved" in page.vote_message.value
    assert stored_entry(workspace, "votes", "10000", "ipc-01") is None


def test_participants_see_no_focus_controls_and_the_facilitator_does(workspace):
    seed_ratings(workspace, {"ipc-06": 1})
    participant = signed_in_page(workspace, 3)
    facilitator = signed_in_page(workspace, 3, name="Fatou Sesay", facilitator=True)
    participant.cards["ipc-06"].editor.click()
    assert participant.cards["ipc-06"].focus_editor is None
    assert participant.limit is None and participant.limit_box.children == ()  # not even built
    card = facilitator.cards["ipc-06"]
    assert card.focus_editor is None  # closed: built when opened
    card.editor.click()
    assert card.chosen.description == "IPC-06 chosen as a focus area"
    assert card.rationale.input.description == "IPC-06 rationale"
    assert facilitator.limit is not None and facilitator.limit in facilitator.limit_box.children


def test_facilitator_choice_reaches_participants_live_and_rationale_is_asked_for(workspace):
    seed_ratings(workspace, {"ipc-06": 1, "ipc-07": 0})
    participant = signed_in_page(workspace, 3)
    facilitator = signed_in_page(workspace, 3, name="Fatou Sesay", facilitator=True)
    card = facilitator.cards["ipc-06"]
    card.editor.click()
    card.chosen.value = True
    assert "Write why this gap was chosen" in card.rationale.message.value  # inline, beside the field
    card.rationale.input.value = "Waste <script>x</script> piles up behind ward 3"
    assert card.rationale.message.value == ""
    facilitator.sync.flush()
    assert stored_entry(workspace, "focus", "ipc-06", "chosen").value is True
    assert stored_entry(workspace, "focus", "ipc-06", "rationale").value == \
        "Waste <script>x</script> piles up behind ward 3"
    participant.sync.poll()
    view = participant.cards["ipc-06"].focus_view
    assert "Chosen as a focus area" in view and "&lt;script&gt;" in view and "<script>" not in view
    assert view in participant.cards["ipc-06"].header.value and "<script>" not in participant.cards["ipc-06"].header.value
    assert "IPC-06" in participant.focus_summary.value and "<script>" not in participant.focus_summary.value
    assert participant.cards["ipc-07"].focus_view == ""
    assert "tpi-focus-view" not in participant.cards["ipc-07"].header.value
    assert "Chosen" in shown(participant.ranking.rows["ipc-06"].line.value)
    assert "tpi-gap-chosen" in participant.ranking.rows["ipc-06"]._dom_classes
    assert "Chosen" not in shown(participant.ranking.rows["ipc-07"].line.value)
    card.chosen.value = False
    facilitator.sync.flush()
    assert stored_entry(workspace, "focus", "ipc-06", "chosen").value is False
    participant.sync.poll()
    assert participant.cards["ipc-06"].focus_view == ""
    assert "tpi-focus-view" not in participant.cards["ipc-06"].header.value
    assert "not chosen any focus area" in participant.focus_summary.value


def test_priority_matrix_is_drawn_only_when_opened_and_follows_votes(workspace):
    seed_ratings(workspace, {"ipc-01": 0, "ipc-02": 1})
    page = signed_in_page(workspace, 3)
    card = page.cards["ipc-01"]
    card.editor.click()
    card.impact.value, card.feasibility.value = 3, 2
    page.sync.flush()
    assert page.chart.image is None  # closed: nothing drawn, not even built
    page.chart.toggle.value = True
    before = bytes(page.chart.image.value)
    assert before.startswith(b"\x89PNG")
    page.vote("ipc-01", +1)
    assert bytes(page.chart.image.value) != before


def test_root_causes_typed_are_kept_when_another_participant_saves(workspace):
    seed_ratings(workspace, {"ipc-04": 0})
    page = signed_in_page(workspace, 3)
    page.cards["ipc-04"].editor.click()
    page.cards["ipc-04"].root_causes.value = "typing here"
    bo = Other(workspace)
    bo.write("gaps", "ipc-04", "root_causes", "theirs")
    page.sync.poll()
    assert page.cards["ipc-04"].root_causes.value == "typing here"
    page.sync.flush()
    assert stored_entry(workspace, "gaps", "ipc-04", "root_causes").value == "typing here"


def test_french_partnership_gets_french_labels(workspace, pack):
    from tpi_widgets.partnership_config import build_config
    workspace.add_partnership(build_config({
        "name": "Kédougou – Lyon", "slug": "kedougou-lyon", "language": "fr", "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": "Hôpital de Kédougou", "country": "Sénégal"},
                                                {"name": "HCL", "country": "France"}]}, pack))
    Other(workspace, "A", "HCL", "x", slug="kedougou-lyon").write(BASELINE, "ipc-01", "rating", 0)
    page = build_step(3, str(workspace.root), "kedougou-lyon")
    card = page.cards["ipc-01"]
    assert card.editor.description == "Causes profondes et scores de IPC-01"
    card.editor.click()
    assert card.root_causes.description == "IPC-01 causes profondes"
    assert page.ranking.rows["ipc-01"].add_vote.tooltip == "Voter pour IPC-01"


def test_the_ranked_list_follows_others_votes_live_and_keeps_its_rows(workspace):
    seed_ratings(workspace, {"ipc-01": 0, "ipc-02": 1, "workforce-03": 2})
    page = signed_in_page(workspace, 3)
    assert ranked_ids(page) == ["ipc-01", "ipc-02", "workforce-03"]  # no votes yet: pack order
    assert "workforce-03" not in page.cards  # its area is not opened; it is ranked all the same
    rows = dict(page.ranking.rows)
    bo = Other(workspace)
    bo.write("votes", str(bo.person.id), "workforce-03", 2)
    bo.write("votes", str(bo.person.id), "ipc-02", 1)
    page.sync.poll()
    assert ranked_ids(page) == ["workforce-03", "ipc-02", "ipc-01"]
    assert shown(page.ranking.rows["workforce-03"].line.value).startswith("1 WORKFORCE-03 ")
    assert "Votes: 2 (yours: 0)" in shown(page.ranking.rows["workforce-03"].line.value)
    assert page.ranking.rows == rows  # the same row widgets, moved: none rebuilt
    bo.write(BASELINE, "ipc-02", "rating", 4)  # re-rated on target: no longer a gap, its row leaves
    page.sync.poll()
    assert ranked_ids(page) == ["workforce-03", "ipc-01"] and "ipc-02" not in page.ranking.rows
    assert rows["ipc-02"].add_vote.comm is None  # closed, not left behind in the kernel


def test_ranked_rows_vote_and_their_buttons_follow_the_votes_left(workspace):
    seed_ratings(workspace, {"ipc-01": 0, "ipc-02": 1})
    page = signed_in_page(workspace, 3)
    first, second = page.ranking.rows["ipc-01"], page.ranking.rows["ipc-02"]
    assert not first.add_vote.disabled and first.remove_vote.disabled  # nothing to take back yet
    second.add_vote.click()
    assert stored_entry(workspace, "votes", str(page.gate.participant.id), "ipc-02").value == 1
    assert ranked_ids(page) == ["ipc-02", "ipc-01"] and not second.remove_vote.disabled
    assert shown(page.cards["ipc-02"].votes.value) == "Votes: 1 (yours: 1)"  # the card shows the total as text
    for _ in range(4):
        first.add_vote.click()
    assert shown(page.votes_line.value) == "You have 0 of 5 votes left."
    assert first.add_vote.disabled and second.add_vote.disabled  # no votes left: no + anywhere
    assert ranked_ids(page) == ["ipc-01", "ipc-02"]
    first.remove_vote.click()
    assert not second.add_vote.disabled
    assert stored_entry(workspace, "votes", str(page.gate.participant.id), "ipc-01").value == 3


def test_a_ranked_rows_text_is_cut_short_with_the_whole_text_kept(workspace):
    seed_ratings(workspace, {"ipc-01": 0})
    page = signed_in_page(workspace, 3)
    item = page.gaps[0].item
    line = page.ranking.rows["ipc-01"].line.value
    assert 'class="tpi-ranked-gap-text"' in line and item.text in shown(line)  # CSS cuts it to one line
    assert f'title="{attr(item.text)}"' in line  # and the title holds it all
