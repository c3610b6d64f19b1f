"""Step apps: content + store -> a page of widgets. Notebooks call `show_step`."""

from __future__ import annotations

from ..errors import TPIError
from ..widgets.text import esc
from .context import StepContext
from .needs_assessment import NeedsAssessmentApp
from .shell import GuidanceOnlyPage, StepPage

STEP_APPS = {2: NeedsAssessmentApp}  # steps with a workshop form; the others show guidance


def build_step(number: int, workspace: str, partnership: str, cycle: int = 1) -> StepPage:
    context = StepContext.open(workspace, partnership, cycle)
    app = STEP_APPS.get(number)
    return app(context) if app else GuidanceOnlyPage(context, number)


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
