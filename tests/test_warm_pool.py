"""The warm-kernel policy (server/warm_pool.py) without a server: where pages are open, where the
partnerships rest, and a budget that is never exceeded."""

from __future__ import annotations

from tpi_widgets.core.steps import STEPS, WORKBOOK_NOTEBOOK
from tpi_widgets.server.warm_pool import fair_share, sibling, step_of_notebook, warm_targets

NB = STEPS.notebooks


def page(slug: str, step: int, cycle: int = 1) -> str:
    folder = f"partnerships/{slug}" + ("" if cycle == 1 else f"/cycle-{cycle}")
    return f"{folder}/{NB[step]}"


def test_step_notebooks_are_recognised_and_others_are_not():
    assert step_of_notebook(page("a", 3)) == 3
    assert step_of_notebook(page("a", 6, cycle=2)) == 6
    assert step_of_notebook("room.ipynb") is None
    assert step_of_notebook("partnerships/a/reports/annex1.ipynb") is None
    assert sibling(page("a", 2, cycle=2), 3) == page("a", 3, cycle=2)
    assert sibling(page("a", 6), 7) is None and sibling(page("a", 1), 0) is None


def test_the_next_step_gets_a_kernel_per_open_page_and_the_current_and_previous_one_each():
    targets = warm_targets({page("a", 2): 4}, resting=[], budget=10)
    assert targets == {page("a", 3): 4, page("a", 2): 1, page("a", 1): 1}


def test_a_partnership_with_nobody_on_it_gets_its_resting_step_warm():
    targets = warm_targets({page("a", 2): 1}, resting=[page("a", 5), page("b", 4)], budget=10)
    assert targets[page("b", 4)] == 1  # nobody of b yet: its first page of the day is quick
    assert page("a", 5) not in targets  # a is busy: its open pages say where it goes


def test_the_budget_is_never_exceeded_and_next_steps_come_first():
    open_pages = {page("a", 2): 10, page("b", 4): 10, page("c", 1): 10}
    targets = warm_targets(open_pages, resting=[page("d", 1)], budget=6)
    assert sum(targets.values()) == 6
    # shared fairly between the three partnerships' next steps
    assert targets == {page("a", 3): 2, page("b", 5): 2, page("c", 2): 2}
    assert warm_targets(open_pages, resting=[], budget=0) == {}


def test_a_small_group_is_not_starved_by_a_big_one():
    targets = warm_targets({page("a", 2): 20, page("b", 2): 1}, resting=[], budget=4)
    assert targets[page("b", 3)] == 1
    assert sum(targets.values()) == 4


def test_pages_of_other_notebooks_and_closed_counts_are_ignored():
    assert warm_targets({"room.ipynb": 3, page("a", 6): 0}, resting=["room.ipynb"], budget=5) == {}


def test_fair_share_hands_out_one_round_at_a_time():
    assert fair_share({"x": 3, "y": 1}, 3) == {"x": 2, "y": 1}
    assert fair_share({"x": 3, "y": 1}, 10) == {"x": 3, "y": 1}


def workbook(slug: str, cycle: int = 1) -> str:
    folder = f"partnerships/{slug}" + ("" if cycle == 1 else f"/cycle-{cycle}")
    return f"{folder}/{WORKBOOK_NOTEBOOK}"


def test_a_workbook_in_use_keeps_one_warm_and_a_resting_partnership_gets_its_workbook_warm():
    targets = warm_targets({workbook("a"): 10}, resting=[workbook("a"), workbook("b", cycle=2)], budget=6)
    assert targets == {workbook("a"): 1, workbook("b", cycle=2): 1}
    # a workbook's pages switch steps in their own kernels: no step notebook is warmed for them
    assert not any(step_of_notebook(path) for path in targets)
    assert warm_targets({workbook("a"): 10}, resting=[], budget=0) == {}
