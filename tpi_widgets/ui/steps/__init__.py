"""Step pages: content + store -> a page of widgets. Notebooks call `show_step`; which class
shows a step is the step registry's (core/steps.py)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from tpi_widgets.context import StepContext
from tpi_widgets.core.html import esc
from tpi_widgets.core.steps import STEPS
from tpi_widgets.errors import TPIError

if TYPE_CHECKING:
    from tpi_widgets.ui.page import StepPage


def step_page_class(number: int) -> type[StepPage]:
    """The page class of a step, imported now: a kernel holds only its own step's code."""
    module_name, class_name = STEPS.get(number).page.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module_name}"), class_name)


def build_step(number: int, workspace: str, partnership: str, cycle: int = 1) -> StepPage:
    page_class = step_page_class(number)  # an unknown step fails before the workspace is opened
    return page_class(StepContext.open(workspace, partnership, cycle))


def show_step(number: int, workspace: str, partnership: str, cycle: int = 1):
    """Display step `number` for a partnership; a problem is shown as one readable line."""
    from IPython.display import HTML, display

    try:
        page = build_step(number, workspace, partnership, cycle)
    except TPIError as exc:
        display(HTML(f"<p class='tpi-error'>{esc(exc)}</p>"))
        return None
    display(page.view)
    return page
