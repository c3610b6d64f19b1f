"""Which step pages to keep warm: the rule behind our pool of pre-executed kernels, with no server
in it.

Voila can run a notebook in a kernel before anybody asks for it (`preheat_kernel`) and hand that
kernel to the next page load, which then skips the kernel's start and the notebook's run: a page
usable in about a second instead of several. Voila's own policy warms every notebook under its
root, which for a workspace of many partnerships and cycles is far more kernels than the machine
holds. Ours warms only where participants are about to go, within a fixed number of kernels:

- where workbook pages are open (ui/workbook.py: a participant's six steps in one kernel), that
  workbook gets one (a reload, a newcomer);
- where step pages are open, the next step of that partnership gets a warm kernel per open page
  (the room moves on together), the step itself one (a reload, a newcomer) and the step before it
  one (going back to check);
- where nothing is open yet (the start of the day), each partnership's workbook gets one, so the
  first page of the day is quick too;
- when that asks for more than the budget, the next steps come first, then the current ones,
  then the previous ones, sharing what is left fairly between partnerships.

A warm kernel holds a pre-executed page that has not yet met its participant: the sign-in gate
builds the participant's own page (and a facilitator's controls) once the browser says who it is.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Iterable, Mapping

from tpi_widgets.core.steps import STEPS, WORKBOOK_NOTEBOOK

NOTEBOOK_STEP = {name: number for number, name in STEPS.notebooks.items()}


def step_of_notebook(path: str) -> int | None:
    """The step a notebook (a path under the workspace) is the page of; None for any other."""
    return NOTEBOOK_STEP.get(PurePosixPath(path).name)


def is_workbook(path: str) -> bool:
    return PurePosixPath(path).name == WORKBOOK_NOTEBOOK


def sibling(path: str, step: int) -> str | None:
    """The notebook of `step` in the same folder as `path` (the same partnership and cycle)."""
    if step not in STEPS.notebooks:
        return None
    return str(PurePosixPath(path).with_name(STEPS.notebooks[step]))


def warm_targets(open_pages: Mapping[str, int], resting: Iterable[str], budget: int) -> dict[str, int]:
    """How many warm kernels to keep for each partnership notebook (a step's or the workbook).

    `open_pages`: open pages per notebook path (pages of other notebooks are ignored);
    `resting`: for each partnership, the notebook its first page of the day opens (warmed when
    nobody of that partnership has a page open); `budget`: warm kernels in all. Every notebook
    named in the result is a partnership's; the sizes add up to at most `budget`."""
    wants: list[Counter] = [Counter(), Counter(), Counter()]  # next steps, current ones, previous ones
    busy_folders = set()
    for path, pages in open_pages.items():
        step = step_of_notebook(path)
        if pages <= 0 or (step is None and not is_workbook(path)):
            continue
        busy_folders.add(PurePosixPath(path).parent)
        if step is None:  # a workbook: its pages move between steps in their own kernels
            wants[1][path] = 1
            continue
        if following := sibling(path, step + 1):
            wants[0][following] += pages
        wants[1][path] = 1
        if preceding := sibling(path, step - 1):
            wants[2][preceding] = 1
    for path in resting:
        if (is_workbook(path) or step_of_notebook(path) is not None) and PurePosixPath(path).parent not in busy_folders:
            wants[1][path] = 1
    targets: Counter = Counter()
    left = max(0, budget)
    for wanted in wants:
        share = fair_share(wanted, left)
        targets.update(share)
        left -= sum(share.values())
    return {path: size for path, size in sorted(targets.items()) if size > 0}


def fair_share(wanted: Mapping[str, int], budget: int) -> Counter:
    """Hand out at most `budget` units, one round at a time to every path still wanting one (in
    path order), so a big group cannot starve a small one."""
    given: Counter = Counter()
    remaining = {path: count for path, count in sorted(wanted.items()) if count > 0}
    while budget > 0 and remaining:
        for path in list(remaining):
            if budget == 0:
                break
            given[path] += 1
            budget -= 1
            remaining[path] -= 1
            if remaining[path] == 0:
                del remaining[path]
    return given
