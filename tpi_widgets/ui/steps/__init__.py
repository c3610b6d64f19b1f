"""Step apps: content + store -> a page of widgets. Notebooks call `show_step`."""

from __future__ import annotations

from tpi_widgets.errors import TPIError
from tpi_widgets.core.html import esc
import importlib
from typing import TYPE_CHECKING

from tpi_widgets.context import StepContext

if TYPE_CHECKING:
    from tpi_widgets.ui.page import StepPage


def __getattr__(name: str):
    # The page classes import ipywidgets: loaded when first used, so a module that only needs
    # StepContext (a `tpi report` kernel, via tpi_widgets.reports.source) stays widget-free.
    if name in ("GuidanceOnlyPage", "StepPage"):
        from tpi_widgets.ui import page as shell
        return getattr(shell, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Steps with a workshop form: "module:Class" in this package, imported only by the page that
# needs it (a kernel then holds one step's code). Steps not listed show their guidance.
STEP_APPS = {
    1: "partnership_development:PartnershipDevelopmentApp",
    2: "needs_assessment:NeedsAssessmentApp",
    3: "gap_analysis:GapAnalysisApp",
    4: "action_planning:ActionPlanningApp",
    5: "action:ActionApp",
    6: "evaluation_review:EvaluationReviewApp",
}


def step_app_class(number: int) -> type[StepPage] | None:
    target = STEP_APPS.get(number)
    if target is None:
        return None
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module_name}":
            raise
        return None  # not built yet
    return getattr(module, class_name)


def build_step(number: int, workspace: str, partnership: str, cycle: int = 1) -> StepPage:
    context = StepContext.open(workspace, partnership, cycle)
    app = step_app_class(number)
    if app is None:
        from tpi_widgets.ui.page import GuidanceOnlyPage
        return GuidanceOnlyPage(context, number)
    return app(context)


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
