"""Cycles: starting cycle N+1 takes cycle N's follow-up as its baseline and never overwrites N."""

from __future__ import annotations

import nbformat
import pytest

from tests.support import SLUG, stored
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.errors import WorkspaceError
from tpi_widgets.server.pages import landing_html
from tpi_widgets.server.page_header import page_header
from tpi_widgets.workspace import PARTNERSHIP_NOTEBOOKS, Workspace


def rate(workspace, cycle, collection, ratings: dict):
    store = workspace.store
    who = store.add_participant("Ana", "Kossa District Hospital", "Facilitator").id
    pid = store.partnership(SLUG).id
    for item, value in ratings.items():
        store.write(pid, cycle, collection, item, "rating", value, who)
        store.write(pid, cycle, collection, item, "evidence", f"{collection} {item} {value}", who)
    return who


def test_a_new_workspace_has_cycle_one(workspace):
    assert workspace.cycles(SLUG) == [1]


def test_next_cycle_needs_follow_up_ratings_and_changes_nothing_without_them(workspace):
    rate(workspace, 1, BASELINE, {"ipc-01": 1})
    with pytest.raises(WorkspaceError, match="no follow-up ratings"):
        workspace.start_next_cycle(SLUG, None)
    assert workspace.cycles(SLUG) == [1]
    assert not workspace.cycle_dir(SLUG, 2).exists()


def test_next_cycle_starts_from_the_follow_up_and_keeps_earlier_cycles(workspace):
    who = rate(workspace, 1, BASELINE, {"ipc-01": 1, "ipc-02": 0})
    rate(workspace, 1, FOLLOWUP, {"ipc-01": 3, "ipc-02": 2})
    assert workspace.start_next_cycle(SLUG, who) == 2
    assert workspace.cycles(SLUG) == [1, 2]
    # cycle 2's baseline is cycle 1's follow-up; cycle 1 is untouched
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=2) == 3
    assert stored(workspace, BASELINE, "ipc-02", "evidence", cycle=2) == f"{FOLLOWUP} ipc-02 2"
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=1) == 1
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=1) == 3
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=2) is None
    # cycle 2's notebooks, stamped for cycle 2 with a workspace path that works from their folder
    folder = workspace.cycle_dir(SLUG, 2)
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(PARTNERSHIP_NOTEBOOKS)
    nb = nbformat.read(folder / "02_needs_assessment.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'workspace = "../../.."' in injected.source and "cycle = 2" in injected.source
    assert page_header(workspace, folder / "02_needs_assessment.ipynb")["cycle"] == 2
    assert (folder / "../../..").resolve() == workspace.root
    # cycle 1's notebooks are where they were
    assert (workspace.partnership_dir(SLUG) / "02_needs_assessment.ipynb").is_file()


def test_cycle_three_starts_from_cycle_two_and_a_cycle_starts_once(workspace):
    who = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    workspace.start_next_cycle(SLUG, who)
    rate(workspace, 2, FOLLOWUP, {"ipc-01": 4})
    assert workspace.start_next_cycle(SLUG, who) == 3
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=3) == 4
    assert workspace.cycles(Workspace.open(workspace.root).store.partnership(SLUG).slug) == [1, 2, 3]


def test_landing_page_lists_every_cycle_latest_first(workspace):
    who = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    workspace.start_next_cycle(SLUG, who)
    page = landing_html(workspace)
    assert page.index("Cycle 2") < page.index("Cycle 1")
    assert f'href="/voila/render/partnerships/{SLUG}/cycle-2/workbook.ipynb#step-2"' in page
    assert f'href="/voila/render/partnerships/{SLUG}/workbook.ipynb#step-2"' in page
