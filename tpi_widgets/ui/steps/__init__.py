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


class StepView:
    """A step notebook's page, built again in the participant's language when the browser says
    it is not the page's (ParticipantGate); `box` is what is displayed, titled as the workbook's
    page is (the step and the partnership)."""

    def __init__(self, number: int, context: StepContext):
        import ipywidgets as w

        from tpi_widgets.ui.kit.page_title import PageTitle
        self.number, self.box, self.title = number, w.VBox(), PageTitle()
        self.page = self._build(context)

    def _build(self, context: StepContext) -> StepPage:
        from tpi_widgets.core.page_titles import step_page_title
        page = step_page_class(self.number)(context, on_language=self._in_language)
        self.title.title = step_page_title(context.pack, context.language, self.number, context.partnership.name)
        self.box.children = (self.title, page.view)
        return page

    def _in_language(self, language: str):
        from tpi_widgets.ui.kit.widget_tree import close_unreached, reachable
        left, shown = self.page, reachable(self.box)
        left.close()  # pending edits saved, its sync thread ended
        self.page = self._build(left.context.in_language(language))
        close_unreached(shown, self.box)


def show_step(number: int, workspace: str, partnership: str, cycle: int = 1):
    """Display step `number` for a partnership: its guidance and the sign-in form as plain HTML
    (shown before the widgets arrive), then the page; a problem is shown as one readable line."""
    from IPython.display import HTML, display

    from tpi_widgets.ui.lean_state import send_lean_widget_state

    send_lean_widget_state()
    try:
        step_page_class(number)  # an unknown step fails before the workspace is opened
        view = StepView(number, StepContext.open(workspace, partnership, cycle))
    except TPIError as exc:
        display(HTML(f"<p class='tpi-error'>{esc(exc)}</p>"))
        return None
    display_preview(view.page.context, number)
    display(view.box)
    return view


# an output so marked is written into the page Voila sends (templates/voila/tpi/index.html.j2),
# not left as data for Voila's scripts to draw: a phone shows it while 1.4 MB of scripts arrive
IN_PAGE_HTML = "tpi_in_page"


def display_preview(context: StepContext, number: int):
    from IPython.display import HTML, display

    display(HTML(page_preview(context, number)), metadata={IN_PAGE_HTML: True})


def page_preview(context: StepContext, number: int) -> str:
    """What a step page shows before its widgets: the step's guidance and the sign-in form, in
    every language of the pack, each marked with its language: the page shows the participant's
    (templates/voila/tpi, from the language the server read in the request), as this output is
    made before anyone asks for the page (a warm kernel)."""
    from tpi_widgets.core.html import attr
    from tpi_widgets.ui.kit.guidance import guidance_block
    from tpi_widgets.ui.session import sign_in_preview

    institutions = [i["name"] for i in context.partnership.institutions]
    previews = []
    for language in context.language_choices:
        ctx = context.in_language(language)
        previews.append(f'<div class="tpi-preview" lang="{attr(language)}" data-tpi-language="{attr(language)}">'
                        + guidance_block(ctx.pack, number, language)
                        + sign_in_preview(ctx.text, institutions, ctx.pack.limits) + "</div>")
    return "".join(previews)
