"""Annex 3, one action report (Step 5): its kind (after a named visit, with the visit's dates
and team, or periodic) and period, the participants, the planned activities against what was
done (with each activity's progress as of the period's end, and its comment), the indicators of
those activities with the measurements taken by then (and their notes), results, challenges,
lessons, spread, spending, the next steps (and whether each became a plan activity), and the
sign-off.

Activities are numbered as the plan numbers them (Step 4), and choices show the pack's labels,
as the Step 5 page does."""

from __future__ import annotations

from tpi_widgets.core.records import (MEASUREMENTS, NEXT_STEPS, PLAN, PROGRESS, REPORTS, REPORT_ITEMS, VISITS,
                                      VISIT_TEAM)
from tpi_widgets.core.records import creation_ids, in_creation_order
from tpi_widgets.core import action_records as ar, validation
from tpi_widgets.errors import ReportError
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports.document import Cell, Document, Facts, Heading, Paragraph, Table
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.reports.labels import BLANK, joined, measurements_text, paragraph_texts, progress_summary, shown
from tpi_widgets.reports.source import ReportSource

KIND = "annex3"
TEXT_SECTIONS = ("results", "challenges", "lessons", "spread")  # report fields, in print order (then spending)
PLANNED_WIDTHS = (0.3, 0.12, 0.26, 0.32)  # activity, done, note, progress by the period's end
INDICATOR_WIDTHS = (0.26, 0.2, 0.1, 0.1, 0.34)  # activity, indicator, baseline, target, measurements
STEP_WIDTHS = (0.44, 0.2, 0.14, 0.22)  # step, owner, date, in the plan


def records(source: ReportSource) -> list[str | None]:
    """The live action reports in creation order (as Step 5 numbers them), or [None]."""
    return report_order(source) or [None]


def report_order(source: ReportSource) -> list[str]:
    return in_creation_order(source.rows(REPORTS), created(source, REPORTS))


def created(source: ReportSource, collection: str) -> dict[str, int]:
    return creation_ids(collection, source.keyed_entries(collection))


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    order = report_order(source)
    if record is None and order:
        record = order[-1]
    if record is not None and record not in order:
        ctx = source.ctx
        raise ReportError(f"no action report {record!r} in {ctx.partnership.slug}, cycle {ctx.cycle}")
    if record is None:
        blocks = [Heading(text("annex3.none_heading")), Paragraph(text("annex3.none"), "empty")]
    else:
        number = order.index(record) + 1
        blocks = ReportBlocks(source, record, number).blocks()
    blocks += [Heading(text("report.sign_heading")), Paragraph(text("report.sign_intro")), source.sign_off()]
    subject = "" if record is None else report_subject(source, record, number)
    return Document(KIND, text("annex3.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND, record), subject)


def report_subject(source: ReportSource, record: str, number: int) -> str:
    """Which report, as Step 5 numbers it: "Report 1: 8 March 2027 to 30 April 2027"."""
    report = source.rows(REPORTS)[record]
    return source.text("annex3.subject", number=number, start=isolate_where_needed(source.date(report.get("period_start"))),
                       end=isolate_where_needed(source.date(report.get("period_end"))))


class ReportBlocks:
    """The blocks of one live report; reads each collection once."""

    def __init__(self, source: ReportSource, record: str, number: int):
        self.source, self.record, self.number = source, record, number
        self.text = source.text
        pack = source.ctx.pack
        self.content = pack.section("action")
        self.plan_content = pack.section("plan")
        self.reports = source.rows(REPORTS)
        self.report = self.reports[record]
        self.plan_rows = source.rows(PLAN)
        self.activities = ar.plan_activities(self.plan_rows, [(o.id, o.number) for o in pack.objectives],
                                             [a.id for a in source.ctx.areas])

    def blocks(self) -> list:
        text = self.text
        blocks = [Heading(text("annex3.report_heading", number=self.number)), Facts(tuple(self.facts()))]
        blocks += [Heading(text("annex3.participants"), 3)] + self.paragraphs("participants")
        blocks += self.planned_blocks()
        for field in TEXT_SECTIONS:
            blocks += [Heading(text(f"annex3.{field}"), 3)] + self.paragraphs(field)
        currency = self.plan_content.currency
        blocks += [Heading(text("annex3.spending"), 3),
                   Facts(((text("annex3.spent", currency=currency), self.source.amount(self.report.get("spending"))),))]
        return blocks + self.next_step_blocks()

    def paragraphs(self, field: str) -> list:
        return [Paragraph(line) for line in paragraph_texts(self.report.get(field))]

    # kind, visit, period ------------------------------------------------------------------------
    def facts(self) -> list[tuple[str, str]]:
        text, report = self.text, self.report
        kind = report.get("kind")
        facts = [(text("annex3.kind"), shown(choice_label(self.content.report_kinds, kind)))]
        if kind == ar.VISIT_REPORT:
            facts += self.visit_facts(report.get("visit"))
        facts.append((text("annex3.period"), self.dates(report.get("period_start"), report.get("period_end"))))
        return facts

    def dates(self, start, end) -> str:
        if not (shown(start) != BLANK or shown(end) != BLANK):
            return BLANK
        return self.text("annex3.dates", start=self.source.date(start), end=self.source.date(end))

    def visit_facts(self, visit: str | None) -> list[tuple[str, str]]:
        text, source = self.text, self.source
        visits = source.rows(VISITS)
        order = in_creation_order(visits, created(source, VISITS))
        if visit not in order:  # not chosen yet, or the proposal was deleted since
            return [(text("annex3.visit"), text("annex3.visit_missing") if visit else BLANK)]
        fields = visits[visit]
        team_rows = source.rows(VISIT_TEAM)
        team = [joined(str(team_rows[m].get(f) or "") for f in ("name", "role", "institution"))
                for m in ar.children(VISIT_TEAM, team_rows, visit, created(source, VISIT_TEAM))]
        name = text("annex3.visit_name", number=order.index(visit) + 1, visiting=shown(fields.get("visiting_side")),
                    host=shown(fields.get("host_side")))
        return [(text("annex3.visit"), name),
                (text("annex3.visit_dates"), self.dates(fields.get("start"), fields.get("end"))),
                (text("annex3.visit_team"), "; ".join(team) if team else BLANK)]

    # planned vs done ----------------------------------------------------------------------------
    @property
    def period_end(self):
        """The day the report's period ends: what it shows of progress and measurements is as of
        then, not as later updates have it (None when the end is not a date: then the latest)."""
        return validation.parse_date(str(self.report.get("period_end") or ""))

    def planned_blocks(self) -> list:
        text, source = self.text, self.source
        kind = self.report.get("kind")
        items = ar.planned_vs_done(self.record, self.reports, source.rows(VISITS), source.rows(REPORT_ITEMS),
                                   self.activities)
        blocks = [Heading(text("annex3.planned_heading"), 3)]
        if not items:
            key = "annex3.planned_none_visit" if kind == ar.VISIT_REPORT else \
                "annex3.planned_none_periodic" if kind == ar.PERIODIC_REPORT else "annex3.planned_no_kind"
            return blocks + [Paragraph(text(key), "empty")]
        progress = source.rows(PROGRESS)
        as_of = ar.progress_as_of(progress, created(source, PROGRESS), self.period_end, source.saved_at(PROGRESS))
        rows = []
        for item in items:
            label = item.label if item.in_plan else text("annex3.not_in_plan", activity=item.label)
            rows.append((label, shown(choice_label(self.content.done_levels, item.done)), shown(item.note),
                         self.progress_cell(progress.get(as_of.get(item.activity, ""), {}))))
        columns = (text("annex3.col_activity"), text("annex3.col_done"), text("annex3.col_note"),
                   self.dated("annex3.col_progress", "annex3.col_progress_as_of"))
        blocks.append(Table(columns, tuple(rows), widths=PLANNED_WIDTHS))
        return blocks + self.indicator_blocks([item.activity for item in items if item.in_plan])

    def dated(self, key: str, dated_key: str) -> str:
        """A column head naming the period's end when there is one ("Progress as of 19 March 2027")."""
        end = self.period_end
        return self.text(dated_key, date=self.source.date(end)) if end else self.text(key)

    def progress_cell(self, update: dict) -> Cell:
        """An activity's progress update as Step 5's log sums it up, its comment on a line below."""
        comment = str(update.get("comment") or "").strip()
        return Cell(progress_summary(update, self.plan_content.statuses), note=comment)

    def indicator_blocks(self, planned: list[str]) -> list:
        """The planned activities' indicators with their baseline, target and the measurements
        taken by the period's end, each with its note; nothing when none has an indicator."""
        text, source = self.text, self.source
        measured = [a for a in ar.indicator_activities(self.plan_rows, self.activities) if a.record in planned]
        if not measured:
            return []
        measurements, saved = source.rows(MEASUREMENTS), source.saved_at(MEASUREMENTS)
        made = created(source, MEASUREMENTS)
        rows = []
        for activity in measured:
            row = self.plan_rows[activity.record]
            series = ar.measurement_series(measurements, made, activity.record, row)
            points = ar.points_as_of(series, self.period_end, saved)
            rows.append((activity.label, shown(row.get("indicator")), shown(row.get("baseline")),
                         shown(row.get("target")), measurements_text(points) or text("annex3.no_measurements")))
        columns = (text("annex3.col_activity"), text("annex3.col_indicator"), text("annex3.col_baseline"),
                   text("annex3.col_target"),
                   self.dated("annex3.col_measurements", "annex3.col_measurements_as_of"))
        return [Heading(text("annex3.indicators_heading"), 3),
                Table(columns, tuple(rows), widths=INDICATOR_WIDTHS)]

    # next steps ---------------------------------------------------------------------------------
    def next_step_blocks(self) -> list:
        text, source = self.text, self.source
        steps = source.rows(NEXT_STEPS)
        mine = ar.children(NEXT_STEPS, steps, self.record, created(source, NEXT_STEPS))
        blocks = [Heading(text("annex3.next_steps_heading"), 3)]
        if not mine:
            return blocks + [Paragraph(text("annex3.no_next_steps"), "empty")]
        numbers = {a.record: a.number for a in self.activities}
        rows = []
        for step in mine:
            fields = steps[step]
            added = ar.in_plan(fields, self.plan_rows)
            row_number = numbers.get(str(fields.get("plan_row") or ""), "")
            rows.append((shown(fields.get("text")), shown(fields.get("owner")), shown(fields.get("date")),
                         text("annex3.in_plan_yes", number=row_number) if added else text("annex3.in_plan_no")))
        columns = (text("annex3.col_step"), text("annex3.col_owner"), text("annex3.col_date"),
                   text("annex3.col_in_plan"))
        return blocks + [Table(columns, tuple(rows), widths=STEP_WIDTHS)]
