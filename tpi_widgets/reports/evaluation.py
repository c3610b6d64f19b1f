"""The evaluation report of a cycle (Step 6): the follow-up assessment against the baseline by
area (means, how many items got better, stayed the same or got worse, with a chart) and item by
item with the follow-up's evidence; the partnership-strength ratings now against Step 1's, both
sides, with a chart; each plan activity's latest progress with its comment; the plan indicators
against their baseline and target, each measurement with its note; the spread log; lessons and the review decision;
every cycle's means when there is more than one; and the sign-off.

Derivations come from core/evaluation.py and core/action_records.py, charts from core/charts.py
(the functions Step 5 and Step 6 draw with), so the document shows what the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from tpi_widgets.core.records import MEASUREMENTS, PLAN, PROGRESS
from tpi_widgets.core.records import creation_ids
from tpi_widgets.core import action_records as ar, plan
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.core.charts import grouped_bars_png, run_chart_png
from tpi_widgets.core.evaluation import BETTER, FOLLOWUP_RECORD, REVIEW_RECORD, SAME, WORSE, assessment_comparison, cycle_history, earlier_strength, has_strength, rated_count, ratings_of, strength_changes
from tpi_widgets.core.records import EVALUATION, SPREAD, STRENGTH_REVIEW
from tpi_widgets.core.partnership_profile import visible_records
from tpi_widgets.core.records import STRENGTH
from tpi_widgets.reports.document import Cell, Chart, Document, Facts, Heading, Paragraph, Table
from tpi_widgets.reports.labels import (BLANK, answer_label, item_label, measurements_text, pack_items, paragraph_texts,
                                        progress_summary, shown)
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.reports.tables import history_table, strength_changes_table

KIND = "evaluation"
ITEM_WIDTHS = (0.34, 0.15, 0.15, 0.1, 0.26)  # item, baseline, follow-up, change, follow-up evidence


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one evaluation per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    report = EvaluationBlocks(source)
    blocks = (report.followup_blocks() + report.strength_blocks() + report.progress_blocks() +
              report.indicator_blocks() +
              report.spread_blocks() + report.review_blocks() + report.history_blocks())
    blocks += [Heading(text("report.sign_heading")), Paragraph(text("report.sign_intro")), source.sign_off()]
    return Document(KIND, text("evalreport.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


@dataclass(frozen=True)
class StrengthBar:
    """One domain and side as a pair of bars, Step 1 above and now below: the row shape
    charts.grouped_bars_png draws."""
    title: str
    before: int | None
    now: int | None

    def level(self, side: int) -> int | None:
        return self.before if side == 1 else self.now


class EvaluationBlocks:
    def __init__(self, source: ReportSource):
        self.source, self.text = source, source.text
        self.ctx = source.ctx
        self.content = self.ctx.pack.section("evaluation")
        self.changes = self.content.changes  # better|worse|same|not-rated -> label
        self.cycles = self.ctx.workspace.cycles(self.ctx.partnership.slug)
        self.review = source.rows(EVALUATION)

    # baseline vs follow-up ----------------------------------------------------------------------
    def followup_blocks(self, items: bool = True) -> list:
        """The follow-up against the baseline by area, with the chart; with `items`, item by item
        too (the projector view shows the areas only)."""
        text, source = self.text, self.source
        baseline, followup = ratings_of(source.rows(BASELINE)), ratings_of(source.rows(FOLLOWUP))
        blocks = [Heading(text("evalreport.compare_heading"))]
        if not rated_count(followup):
            return blocks + [Paragraph(text("evalreport.no_followup"), "empty")]
        date = self.review.get(FOLLOWUP_RECORD, {}).get("date")
        blocks.append(Facts(((text("evalreport.followup_date"), source.date(date)),
                             (text("evalreport.rated"), text("evalreport.rated_count", rated=rated_count(followup),
                                                             total=sum(len(a.items) for a in self.ctx.areas))))))
        areas = assessment_comparison(self.ctx.areas, baseline, followup)
        changes = self.changes
        columns = (text("evalreport.col_area"), text("evalreport.col_baseline_mean"),
                   text("evalreport.col_followup_mean"), text("evalreport.col_change"),
                   changes[BETTER], changes[SAME], changes[WORSE])
        rows = tuple((area.title, source.number(area.baseline_mean), source.number(area.followup_mean), changes[area.change],
                      str(area.count(BETTER)), str(area.count(SAME)), str(area.count(WORSE))) for area in areas)
        blocks += [Paragraph(text("evalreport.compare_intro"), "note"),
                   Table(columns, rows, widths=(0.28, 0.13, 0.13, 0.14, 0.1, 0.1, 0.1))]
        labels = {1: text("evalreport.baseline"), 2: text("evalreport.followup")}
        levels = [level.value for level in self.ctx.pack.scale.levels]
        blocks.append(Chart(grouped_bars_png(areas, labels, levels, text("evalreport.compare_chart")),
                            text("evalreport.compare_chart")))
        return blocks + (self.item_blocks(areas) if items else [])

    def item_blocks(self, areas) -> list:
        text, scale = self.text, self.ctx.pack.scale
        items = pack_items(self.ctx.pack)
        followup = self.source.rows(FOLLOWUP)
        unrated = text("evalreport.unrated")
        columns = (text("evalreport.col_item"), text("evalreport.col_baseline"), text("evalreport.col_followup"),
                   text("evalreport.col_change"), text("evalreport.col_evidence"))
        blocks = [Heading(text("evalreport.items_heading"), 3)]
        for area in areas:
            rows = tuple((item_label(items, i.item_id), answer_label(scale, i.baseline, unrated),
                          answer_label(scale, i.followup, unrated), self.changes[i.change],
                          self.evidence_cell(followup.get(i.item_id, {}))) for i in area.items)
            blocks.append(Table(columns, rows, caption=area.title, widths=ITEM_WIDTHS))
        return blocks

    def evidence_cell(self, rating: dict) -> Cell:
        """The evidence given with a follow-up rating, and its source on a line below."""
        source = str(rating.get("source") or "").strip()
        return Cell(shown(rating.get("evidence")), note=self.text("evalreport.evidence_source", source=source)
                    if source else "")

    # partnership strength -----------------------------------------------------------------------
    def strength_blocks(self) -> list:
        text, source, ctx = self.text, self.source, self.ctx
        blocks = [Heading(text("evalreport.strength_heading"))]
        by_cycle = {c: source.rows(STRENGTH, c) for c in self.cycles if c <= ctx.cycle}
        by_cycle.setdefault(ctx.cycle, source.rows(STRENGTH))
        cycle, before = earlier_strength(by_cycle, ctx.cycle)
        now = source.rows(STRENGTH_REVIEW)
        if not has_strength(now):
            return blocks + [Paragraph(text("evalreport.strength_none"), "empty")]
        blocks.append(Paragraph(text("evalreport.strength_no_step1") if cycle is None else
                                text("evalreport.strength_compared", cycle=cycle), "note"))
        content = ctx.pack.section("partnership")
        changes = strength_changes(content.domains, before, now)
        names = dict(enumerate(source.institutions, 1))
        columns = (text("evalreport.col_domain"), text("evalreport.col_side"), text("evalreport.col_step1"),
                   text("evalreport.col_now"), text("evalreport.col_change"))
        blocks.append(strength_changes_table(changes, names, self.changes, columns, source.number))
        bars = [StrengthBar(f"{row.title} – {names.get(row.side, row.side)}", row.before, row.now) for row in changes]
        title = text("evalreport.strength_chart")
        png = grouped_bars_png(bars, {1: text("evalreport.col_step1"), 2: text("evalreport.col_now")},
                               [level.value for level in content.scale], title)
        return blocks + [Chart(png, title)]

    # progress and indicators --------------------------------------------------------------------
    @cached_property
    def plan_rows(self):
        return self.source.rows(PLAN)

    @cached_property
    def activities(self) -> list[ar.Activity]:
        ctx = self.ctx
        return ar.plan_activities(self.plan_rows, [(o.id, o.number) for o in ctx.pack.objectives],
                                  [a.id for a in ctx.areas])

    def progress_blocks(self) -> list:
        """Each plan activity's latest progress update (Step 5) with its comment."""
        text, source = self.text, self.source
        blocks = [Heading(text("evalreport.progress_heading"))]
        if not self.activities:
            return blocks + [Paragraph(text("evalreport.progress_no_plan"), "empty")]
        progress = source.rows(PROGRESS)
        latest = ar.latest_progress(progress, creation_ids(PROGRESS, source.keyed_entries(PROGRESS)))
        statuses = self.ctx.pack.section("plan").statuses
        rows = []
        for activity in self.activities:
            update = progress.get(latest.get(activity.record, ""), {})
            rows.append((activity.label, progress_summary(update, statuses), shown(update.get("comment"))))
        columns = (text("evalreport.col_activity"), text("evalreport.col_progress"), text("evalreport.col_comment"))
        return blocks + [Table(columns, tuple(rows), widths=(0.4, 0.24, 0.36))]

    def indicator_blocks(self) -> list:
        text, source = self.text, self.source
        rows = self.plan_rows
        measured = ar.indicator_activities(rows, self.activities)
        blocks = [Heading(text("evalreport.indicators_heading"))]
        if not measured:
            return blocks + [Paragraph(text("evalreport.indicators_none"), "empty")]
        measurements = source.rows(MEASUREMENTS)
        created = creation_ids(MEASUREMENTS, source.keyed_entries(MEASUREMENTS))
        table, charts = [], []
        for activity in measured:
            row = rows[activity.record]
            series = ar.measurement_series(measurements, created, activity.record, row)
            values = measurements_text(series.points)
            table.append((activity.label, shown(row.get("indicator")), shown(row.get("baseline")),
                          shown(row.get("target")), values or text("evalreport.no_measurements")))
            if series.plotted:
                title = f"{activity.number} {plan.text(row, 'indicator').strip()}"
                charts.append(Chart(run_chart_png(series, title, text("evalreport.chart_baseline"),
                                                  text("evalreport.chart_target"), "", self.ctx.language,
                                                  self.ctx.pack.default_language), title, 14))
        columns = (text("evalreport.col_activity"), text("evalreport.col_indicator"), text("evalreport.col_ind_baseline"),
                   text("evalreport.col_target"), text("evalreport.col_measurements"))
        return blocks + [Table(columns, tuple(table), widths=(0.28, 0.2, 0.1, 0.1, 0.32))] + charts

    # spread, lessons and decision ---------------------------------------------------------------
    def spread_blocks(self) -> list:
        text = self.text
        entries = self.source.entries(SPREAD)
        records = {r: {f: e.value for f, e in fields.items()} for r, fields in entries.items()}
        first_change = {r: min(e.change_id for e in fields.values()) for r, fields in entries.items()}
        shown_records = visible_records(records, lambda r: first_change[r])  # as Step 6 lists them
        blocks = [Heading(text("evalreport.spread_heading"))]
        if not shown_records:
            return blocks + [Paragraph(text("evalreport.spread_none"), "empty")]
        rows = tuple((shown(records[r].get("date")), shown(records[r].get("activity")), shown(records[r].get("reached")))
                     for r in shown_records)
        columns = (text("evalreport.col_date"), text("evalreport.col_spread_activity"), text("evalreport.col_reached"))
        return blocks + [Table(columns, rows, widths=(0.16, 0.46, 0.38))]

    def review_blocks(self) -> list:
        text = self.text
        review = self.review.get(REVIEW_RECORD, {})
        decision = review.get("decision")
        blocks = [Heading(text("evalreport.review_heading")), Heading(text("evalreport.lessons"), 3)]
        blocks += [Paragraph(line) for line in paragraph_texts(review.get("lessons"))]
        blocks += [Heading(text("evalreport.decision"), 3),
                   Paragraph(self.content.decision_label(decision) if decision else text("evalreport.not_decided"),
                             "" if decision else "empty")]
        blocks += [Paragraph(line) for line in paragraph_texts(review.get("decision_note")) if line != BLANK]
        return blocks

    # every cycle --------------------------------------------------------------------------------
    def history_blocks(self) -> list:
        if len(self.cycles) < 2:
            return []
        text, source = self.text, self.source
        history = cycle_history(self.ctx.areas, {c: (ratings_of(source.rows(BASELINE, c)),
                                                     ratings_of(source.rows(FOLLOWUP, c))) for c in self.cycles})
        table = history_table(history, self.changes, text("evalreport.col_area"),
                              lambda cycle: text("evalreport.col_cycle", cycle=cycle), source.number)
        return [Heading(text("evalreport.history_heading")), Paragraph(text("evalreport.history_intro"), "note"), table]
