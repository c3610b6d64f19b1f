"""Step 2, needs assessment: every item of the areas in scope rated with evidence and source,
progress per area, and a chart of ratings by area that follows the ratings as they arrive.

The assessment itself (`AssessmentForm`) works on any assessment collection: Step 6 shows the
same form for the follow-up."""

from __future__ import annotations

from collections import Counter

import ipywidgets as w

from ..assessment import BASELINE
from ..content.model import NOT_APPLICABLE
from ..live import LiveSync
from ..store import Participant
from ..widgets.charts import (NOT_APPLICABLE_COLOUR, UNRATED_COLOUR, ChartPanel, Segment, scale_colours,
                              stacked_bars_png)
from ..widgets.rating import RatingRow, SharedLook
from ..widgets.text import esc, tag
from .context import StepContext
from ..session import ParticipantNames
from .shell import StepPage


class AssessmentForm(w.VBox):
    """Every item of the areas in scope, bound to (collection, item id, rating|evidence|source):
    an overview line, a chart (drawn when opened), an area picker and per area its progress and
    rows. Redraws its summary after every settled change of `sync`."""

    def __init__(self, context: StepContext, sync: LiveSync, collection: str, names, look: SharedLook,
                 header: w.Widget):
        super().__init__()
        self.add_class("tpi-assessment")
        self.context, self.sync, self.collection = context, sync, collection
        scale = context.pack.scale
        self.rows: dict[str, RatingRow] = {}
        self.progress: dict[str, w.HTML] = {}
        stack = []
        for area in context.areas:
            rows = [RatingRow(item, scale, collection, sync, context.text, names, look) for item in area.items]
            self.rows.update((row.item.id, row) for row in rows)
            self.progress[area.id] = w.HTML()
            self.progress[area.id].add_class("tpi-progress")
            section = w.VBox([w.HTML(tag("h3", area.title) + tag("p", area.description, "tpi-area-description")),
                              self.progress[area.id], *rows])
            section.add_class("tpi-area")
            stack.append(section)
        self.area_picker = w.ToggleButtons(options=[a.short for a in context.areas],
                                           style={"button_width": "auto"})
        self.area_picker.add_class("tpi-area-picker")
        self.areas_view = w.Stack(stack, selected_index=0 if stack else None)
        w.jslink((self.area_picker, "index"), (self.areas_view, "selected_index"))
        self.overview = w.HTML()
        self.overview.add_class("tpi-overview")
        self.chart = ChartPanel(lambda: self.chart_png(self.ratings()), context.text("chart.show"),
                                context.text("chart.hide"))
        sync.on_settled(self.refresh_summary)
        self.refresh_summary()
        self.children = [header, self.overview, self.chart, self.area_picker, self.areas_view]

    def ratings(self) -> dict[str, object]:
        return {record: self.sync.value((self.collection, record, "rating")) for record in self.rows}

    def refresh_summary(self):
        """Progress per area (in each area and in the overview line) and the chart, if open."""
        ratings = self.ratings()
        overview = []
        for area in self.context.areas:
            done = sum(ratings[i.id] is not None for i in area.items)
            progress = self.context.text("assessment.progress", done=done, total=len(area.items))
            self.progress[area.id].value = esc(progress)
            overview.append(f"<span><b>{esc(area.short)}</b> {esc(progress)}</span>")
        self.overview.value = " ".join(overview)
        self.chart.refresh()

    def chart_png(self, ratings: dict[str, object]) -> bytes:
        ctx, scale = self.context, self.context.pack.scale
        values = [level.value for level in scale.levels] + [NOT_APPLICABLE, None]
        segments = [Segment(f"{lvl.value} {lvl.label}", colour) for lvl, colour in
                    zip(scale.levels, scale_colours(len(scale.levels)))]
        segments += [Segment(scale.not_applicable.label, NOT_APPLICABLE_COLOUR),
                     Segment(ctx.text("assessment.unrated"), UNRATED_COLOUR)]
        counts = []
        for area in ctx.areas:
            tally = Counter(ratings[item.id] for item in area.items)
            counts.append([tally.get(value, 0) for value in values])
        return stacked_bars_png([a.short for a in ctx.areas], segments, counts, ctx.text("chart.title"),
                                ctx.text("chart.items"))


class NeedsAssessmentApp(StepPage):
    step_number = 2

    def __init__(self, context: StepContext, collection: str = BASELINE):
        self.collection = collection
        super().__init__(context)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.sync = LiveSync(ctx.store, ctx.partnership.id, ctx.cycle, [self.collection])
        self.names = ParticipantNames(ctx.store, self.sync)
        intro = ctx.text("assessment.intro", target=ctx.pack.scale.label(ctx.pack.scale.target))
        header = w.HTML(tag("h3", ctx.text("assessment.heading", cycle=ctx.cycle)) + tag("p", intro))
        self.form = AssessmentForm(ctx, self.sync, self.collection, self.names, SharedLook(), header)
        # the form's parts, as the page's own (tests and summaries read them here)
        self.rows, self.progress, self.overview, self.chart = (self.form.rows, self.form.progress,
                                                               self.form.overview, self.form.chart)
        return [self.form]

    def start(self, participant: Participant):
        self.names.add(participant)
        self.sync.participant_id = participant.id
        self.sync.start()

    def ratings(self) -> dict[str, object]:
        return self.form.ratings()

    def refresh_summary(self):
        self.form.refresh_summary()

    def chart_png(self, ratings: dict[str, object]) -> bytes:
        return self.form.chart_png(ratings)
