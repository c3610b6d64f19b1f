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
    """Display step `number` for a partnership: its guidance and the sign-in form as plain HTML
    (shown before the widgets arrive), then the page; a problem is shown as one readable line."""
    from IPython.display import HTML, display

    from tpi_widgets.ui.lean_state import send_lean_widget_state

    send_lean_widget_state()
    try:
        page = build_step(number, workspace, partnership, cycle)
    except TPIError as exc:
        display(HTML(f"<p class='tpi-error'>{esc(exc)}</p>"))
        return None
    display_preview(page.context, number)
    display(page.view)
    return page


# an output so marked is written into the page Voila sends (templates/voila/tpi/index.html.j2),
# not left as data for Voila's scripts to draw: a phone shows it while 1.4 MB of scripts arrive
IN_PAGE_HTML = "tpi_in_page"


def display_preview(context: StepContext, number: int):
    from IPython.display import HTML, display

    display(HTML(page_preview(context, number)), metadata={IN_PAGE_HTML: True})


def page_preview(context: StepContext, number: int) -> str:
    """What a step page shows before its widgets: the step's guidance and the sign-in form."""
    from tpi_widgets.ui.kit.guidance import guidance_block
    from tpi_widgets.ui.session import sign_in_preview

    institutions = [i["name"] for i in context.partnership.institutions]
    return (guidance_block(context.pack, number, context.language)
            + sign_in_preview(context.text, institutions, context.pack.limits))
