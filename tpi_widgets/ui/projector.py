"""The projector view of a step page: the group's current result for the step, in large type for a
1280×720 projector, with no input at all, following every participant's entries live; its one
button takes the facilitator back to the editing page.

Built only for a facilitator, on their click (ui/page.py StepPage.show_projector): a participant's
kernel never imports this module, nor the report builders and matplotlib it draws with. What it
shows is the room's completion line (ui/room_view.py) and the documents' blocks chosen per step
(reports/projection.py), rendered as the documents render them (reports/html.py).
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.context import StepContext
from tpi_widgets.core.completion import Snapshot
from tpi_widgets.core.html import tag
from tpi_widgets.core.steps import STEPS
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.reports.projection import step_result
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.ui.live import LiveSync, Rerun
from tpi_widgets.ui.room_view import measures_text

PROJECTOR_CSS = "tpi-projector"  # the view's class: templates/voila/tpi/static/tpi-workshop.css enlarges it


def result_html(context: StepContext, step: int) -> str:
    """A step's current result for one partnership and cycle, read from the store now: the
    partnership and step as a heading, how complete the step is, then its tables and charts."""
    ctx, text = context, context.text
    measures = STEPS.get(step).completion(Snapshot(ctx.store, ctx.partnership, ctx.cycle), ctx.pack)
    heading = tag("h1", ctx.partnership.name) + tag("h2", text("step.heading", number=step,
                                                              title=ctx.pack.step(step).title))
    return (heading + tag("p", measures_text(measures, text), "tpi-projector-measures")
            + render_blocks(step_result(ReportSource(ctx), step)))


class ProjectorView(w.VBox):
    """A step's result for the projector and the button back to editing (the view's only control).
    Redrawn from the store after every change the page's live sync settles, while it is shown."""

    def __init__(self, context: StepContext, step: int, sync: LiveSync, on_back: Callable[[], None]):
        self.context, self.step = context, step
        self.back = w.Button(description=context.text("projector.back"), icon="pencil-alt")
        self.back.add_class("tpi-projector-back")
        self.back.on_click(lambda _: on_back())
        self.result = w.HTML()
        self.result.add_class("tpi-projector-result")
        super().__init__([self.back, self.result])
        self.add_class(PROJECTOR_CSS)
        self.shown = False
        # the sync thread and the facilitator's click both redraw: never two draws at once
        self.redraw = Rerun(self.draw)
        sync.on_settled(self._changed)

    def show(self):
        self.shown = True
        self.redraw()

    def hide(self):
        self.shown = False

    def _changed(self):
        if self.shown:
            self.redraw()

    def draw(self):
        self.result.value = result_html(self.context, self.step)
