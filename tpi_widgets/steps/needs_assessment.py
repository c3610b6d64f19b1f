"""Step 2, needs assessment: every item of the areas in scope rated with evidence and source,
progress per area, and a chart of ratings by area that follows the ratings as they arrive."""

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



class NeedsAssessmentApp(StepPage):
    step_number = 2

    def __init__(self, context: StepContext, collection: str = BASELINE):
        self.collection = collection
        super().__init__(context)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        scale = ctx.pack.scale
        self.sync = LiveSync(ctx.store, ctx.partnership.id, ctx.cycle, [self.collection])
        self.names = ParticipantNames(ctx.store, self.sync)
        self.rows: dict[str, RatingRow] = {}
        self.progress: dict[str, w.HTML] = {}
        stack, look = [], SharedLook()
        for area in ctx.areas:
            rows = [RatingRow(item, scale, self.collection, self.sync, ctx.text, self.names, look)
                    for item in area.items]
            self.rows.update((row.item.id, row) for row in rows)
            self.progress[area.id] = w.HTML()
            self.progress[area.id].add_class("tpi-progress")
            section = w.VBox([w.HTML(tag("h3", area.title) + tag("p", area.description, "tpi-area-description")),
                              self.progress[area.id], *rows])
            section.add_class("tpi-area")
            stack.append(section)
        self.area_picker = w.ToggleButtons(options=[a.short for a in ctx.areas],
                                           style={"button_width": "auto"})
        self.area_picker.add_class("tpi-area-picker")
        self.areas_view = w.Stack(stack, selected_index=0 if stack else None)
        w.jslink((self.area_picker, "index"), (self.areas_view, "selected_index"))
        self.overview = w.HTML()
        self.overview.add_class("tpi-overview")
        self.chart = ChartPanel(lambda: self.chart_png(self.ratings()), ctx.text("chart.show"), ctx.text("chart.hide"))
        self.sync.on_settled(self.refresh_summary)
        self.refresh_summary()
        intro = ctx.text("assessment.intro", target=scale.label(scale.target))
        return [w.HTML(tag("h3", ctx.text("assessment.heading", cycle=ctx.cycle)) + tag("p", intro)),
                self.overview, self.chart, self.area_picker, self.areas_view]

    def start(self, participant: Participant):
        self.names.add(participant)
        self.sync.participant_id = participant.id
        self.sync.start()

    # live summary -----------------------------------------------------------------------------
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
