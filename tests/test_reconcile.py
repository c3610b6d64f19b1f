"""Reconciling ratings: the pure logic (reconcile.py) and Step 2's pages using it."""

from __future__ import annotations

from collections import Counter

from tests.support import Other, records, signed_in_page, stored
from tpi_widgets.core import reconcile
from tpi_widgets.core.records import BASELINE
from tpi_widgets.content.model import NOT_APPLICABLE

PROPOSALS = reconcile.proposals_collection(BASELINE)


def test_distribution_counts_each_participants_proposal_and_ignores_cleared_ones():
    proposals = {"ipc-01": {"1": 2, "2": 2, "3": 1, "4": None}, "ipc-02": {"1": "n/a"}}
    assert reconcile.proposal_distribution(proposals) == {"ipc-01": Counter({2: 2, 1: 1}),
                                                          "ipc-02": Counter({"n/a": 1})}
    assert reconcile.distribution_text(Counter({1: 2, 2: 3, "n/a": 2})) == "2 ×3, 1 ×2, n/a ×2"
    names = {1: "Ana", 2: "Bo", 3: "Cy"}.get
    assert reconcile.proposers(proposals["ipc-01"], names) == {2: ["Ana", "Bo"], 1: ["Cy"]}


def test_agreeing_writes_the_shared_rating_then_the_agreed_flag():
    # what a participant's rating writes before and after agreement: the two page tests below
    assert reconcile.agree_writes(BASELINE, "ipc-01", 2) == [((BASELINE, "ipc-01", "rating"), 2),
                                                            ((BASELINE, "ipc-01", "agreed"), True)]
    assert reconcile.is_agreed({"ipc-01": {"agreed": True}}, "ipc-01")
    assert not reconcile.is_agreed({"ipc-01": {"agreed": False}}, "ipc-01") and not reconcile.is_agreed({}, "x")


def test_each_rating_is_kept_as_its_participants_proposal_and_the_facilitator_sees_them(workspace):
    ana, bo = signed_in_page(workspace, 2), signed_in_page(workspace, 2, "Bo Lindqvist", "Hôpital Régional de Valmont")
    ana.rows["ipc-01"].rating.value = 2
    ana.sync.flush()
    bo.rows["ipc-01"].rating.value = 3
    bo.sync.flush()
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 3  # the shared rating, as before
    assert records(workspace, PROPOSALS)["ipc-01"] == {str(ana.gate.participant.id): 2,
                                                       str(bo.gate.participant.id): 3}
    assert ana.rows["ipc-01"].children[-1] is ana.rows["ipc-01"].status  # no panel for a participant
    assert ana.form.panels == {}
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    panel = facilitator.form.panels["ipc-01"]
    assert "2 ×1" in panel.proposals.value and "3 ×1" in panel.proposals.value
    assert "Ana Kamara" in panel.proposals.value and "Bo Lindqvist" in panel.proposals.value
    Other(workspace, "Cy Ndiaye").write(PROPOSALS, "ipc-01", "999", 2)
    facilitator.sync.poll()
    assert "Proposed: 2 ×2, 3 ×1" in panel.proposals.value


def test_the_facilitator_agrees_and_a_participants_later_rating_is_only_a_proposal(workspace):
    ana = signed_in_page(workspace, 2)
    ana.rows["ipc-01"].rating.value = 1
    ana.sync.flush()
    assert not ana.form.agree("ipc-01", 4)  # the page never writes "agreed" for a participant
    assert stored(workspace, BASELINE, "ipc-01", "agreed") is None
    facilitator = signed_in_page(workspace, 2, "Mira Osei", facilitator=True)
    panel = facilitator.form.panels["ipc-01"]
    panel.choice.value = 2
    panel.agree_button.click()
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 2 and stored(workspace, BASELINE, "ipc-01", "agreed") is True
    ana.sync.poll()
    assert "Agreed by the group: 2" in ana.rows["ipc-01"].header.value
    ana.rows["ipc-01"].rating.value = NOT_APPLICABLE
    ana.sync.flush()
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 2  # the agreed rating stays
    assert records(workspace, PROPOSALS)["ipc-01"][str(ana.gate.participant.id)] == NOT_APPLICABLE
    facilitator.sync.poll()
    assert "Not applicable ×1" in panel.proposals.value
    panel.reopen_button.click()
    ana.sync.poll()
    assert "Agreed" not in ana.rows["ipc-01"].header.value
    ana.rows["ipc-01"].rating.value = 3
    ana.sync.flush()
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 3  # reopened: the shared rating again
