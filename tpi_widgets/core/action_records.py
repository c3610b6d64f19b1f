"""Step 5 as plain data: progress updates per plan activity, visit proposals and action reports
with their links to plan activities, a report's planned-vs-done list, a next step turned into a
plan row, and indicator measurements as a series. No widgets here: Step 5's page, the reports
and Step 6 read the same functions.

The links, each stored explicitly:
  plan row <- visits.activities (list of plan ids)
  visit    <- reports.visit (a "visit" report) ; plan rows <- reports.activities (a "periodic" one)
  report   <- next_steps.report ; next_steps.plan_row -> the plan row it became
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from tpi_widgets.core.records import PLAN
from tpi_widgets.core import plan, validation
from tpi_widgets.core.plan import Rows
from tpi_widgets.core.records import MEASUREMENTS, NEXT_STEPS, RECORDS, VISIT_TEAM, in_creation_order, is_live

COLLECTIONS = RECORDS.of_step(4) + RECORDS.of_step(5)  # Step 5 reads the plan beside its own records

VISIT_REPORT, PERIODIC_REPORT = "visit", "periodic"


# records in general -----------------------------------------------------------------------------
def children(collection: str, records: Rows, parent: str, created: Mapping[str, int]) -> list[str]:
    """The live records of a child collection (team members, next steps, measurements) under `parent`."""
    parent_field = RECORDS.get(collection).parent
    return [r for r in in_creation_order(records, created) if records[r].get(parent_field) == parent]


# plan activities --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Activity:
    record: str
    number: str  # the plan row number, "2.1.3"
    text: str  # the activity (or, when not written yet, the expected result)

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}".strip()


def plan_activities(rows: Rows, objectives: Iterable[tuple[str, int]], areas: list[str]) -> list[Activity]:
    """Every live plan row, numbered and in plan order, as Step 4 shows it."""
    result = []
    for group in plan.plan_groups(rows, objectives, areas):
        for record in group.rows:
            text = plan.text(rows[record], "activity").strip() or plan.text(rows[record], "result").strip()
            result.append(Activity(record, group.row_number(record), text))
    return result


# progress ---------------------------------------------------------------------------------------
def progress_history(progress: Rows, created: Mapping[str, int]) -> dict[str, list[str]]:
    """{plan record: its progress updates, newest first}. Each update is its own record."""
    history: dict[str, list[str]] = {}
    for record in reversed(in_creation_order(progress, created)):
        activity = progress[record].get("activity")
        if activity is not None:  # an update that names no activity belongs to none
            history.setdefault(str(activity), []).append(record)
    return history


def latest_progress(progress: Rows, created: Mapping[str, int]) -> dict[str, str]:
    """{plan record: its latest progress update}: the activity's current progress."""
    return {activity: records[0] for activity, records in progress_history(progress, created).items()}


def latest_status(progress: Rows, created: Mapping[str, int]) -> dict[str, str]:
    """{plan record: its newest update that gives a status}: where Step 5's progress says an
    activity stands (an update may give only a percent or a comment)."""
    return {activity: next(r for r in records if progress[r].get("status"))
            for activity, records in progress_history(progress, created).items()
            if any(progress[r].get("status") for r in records)}


def day_of(date_text: object, saved_at: str | None) -> dt.date | None:
    """The day a progress update or a measurement speaks of: its date as typed, else the day it
    was saved (the store's ISO time), since the date may be left empty on the page."""
    return validation.parse_date(str(date_text or "")) or validation.parse_date((saved_at or "")[:10])


def progress_as_of(progress: Rows, created: Mapping[str, int], day: dt.date | None,
                   saved_at: Mapping[str, str]) -> dict[str, str]:
    """{plan record: its latest update on or before `day`}: an activity's progress as a report
    of a period ending on `day` saw it, not as later updates have it. Latest by the day it speaks
    of (`day_of`, with `saved_at` {update: ISO time}), then by creation. No day: the newest."""
    if day is None:
        return latest_progress(progress, created)
    found = {}
    for activity, records in progress_history(progress, created).items():
        days = [(day_of(progress[record].get("date"), saved_at.get(record)), record) for record in records]
        # records are newest first: on the same day, the one written last wins
        dated = [(when, -index, record) for index, (when, record) in enumerate(days) if when and when <= day]
        if dated:
            found[activity] = max(dated)[2]
    return found


def percent_problem(text: str) -> str | None:
    """Percent done: empty, or a number from 0 to 100 (a UI string key when not)."""
    text = (text or "").strip()
    if not text:
        return None
    value = validation.parse_number(text.rstrip("%"))
    return None if value is not None and 0 <= value <= 100 else "action.percent_invalid"


# visits and reports -----------------------------------------------------------------------------
def visit_activities(visits: Rows, visit: str | None) -> list[str]:
    return list((visits.get(visit) or {}).get("activities") or []) if visit else []


def reports_for_visit(reports: Rows, created: Mapping[str, int], visit: str) -> list[str]:
    return [r for r in in_creation_order(reports, created)
            if reports[r].get("kind") == VISIT_REPORT and reports[r].get("visit") == visit]


def visit_days(start: object, end: object) -> int | None:
    """A visit's length in days, its first and last day both counted; None while either date is
    missing or not a date, or the last comes before the first."""
    first, last = (validation.parse_date("" if day is None else str(day)) for day in (start, end))
    return (last - first).days + 1 if first and last and last >= first else None


def duration_text(start: object, end: object) -> tuple[str, dict[str, int]] | None:
    """A visit's duration as a UI string key and its values, computed from its dates (never
    typed); None while they do not give one."""
    days = visit_days(start, end)
    if days is None:
        return None
    return ("action.duration_one_day", {}) if days == 1 else ("action.duration_days", {"days": days})


# what a visit report takes from the visit it reports on: the report's field <- the visit's
PICKED_FROM_VISIT = {"period_start": "start", "period_end": "end"}
PARTICIPANTS = "participants"  # <- the visiting team


def team_participants(team: Rows, created: Mapping[str, int], visit: str) -> str:
    """A visit's team as an action report's participants: one member a line, "name, role
    (institution)"; members without a name are left out."""
    lines = []
    for record in children(VISIT_TEAM, team, visit, created):
        name, role, institution = (plan.text(team[record], f).strip() for f in ("name", "role", "institution"))
        if name:
            lines.append(name + (f", {role}" if role else "") + (f" ({institution})" if institution else ""))
    return "\n".join(lines)


def picked_from_visit(visit: Mapping[str, object], participants: str, shown: Mapping[str, object]) -> dict[str, str]:
    """What a visit report takes from the visit chosen for it: the period from the visit's dates
    and the participants from its team (`participants`), each only where the report `shown` has
    nothing yet: what a participant typed is kept, and stays editable."""
    offered = {field: plan.text(visit, source).strip() for field, source in PICKED_FROM_VISIT.items()}
    offered[PARTICIPANTS] = participants
    return {field: value for field, value in offered.items()
            if value and not plan.text(shown, field).strip()}


def planned_activities(report: Mapping[str, object], visits: Rows) -> list[str]:
    """What a report compares against: the visit proposal's activities for a visit report, the
    activities chosen on the report for a periodic one."""
    if report.get("kind") == VISIT_REPORT:
        return visit_activities(visits, report.get("visit"))
    if report.get("kind") == PERIODIC_REPORT:
        return list(report.get("activities") or [])
    return []


def item_record(report: str, activity: str) -> str:
    return f"{report}:{activity}"


@dataclass(frozen=True)
class PlannedItem:
    activity: str  # plan record
    label: str  # "2.1.3 Train ward staff", or the id of a row deleted from the plan since
    in_plan: bool  # False when the plan row was deleted since
    done: str | None  # a done level id
    note: str


def planned_vs_done(report: str, reports: Rows, visits: Rows, items: Rows, activities: list[Activity]) -> list[PlannedItem]:
    by_id = {a.record: a for a in activities}
    result = []
    for activity in planned_activities(reports.get(report, {}), visits):
        fields = items.get(item_record(report, activity), {})
        known = by_id.get(activity)
        result.append(PlannedItem(activity, known.label if known else activity, known is not None,
                                  fields.get("done"), plan.text(fields, "note")))
    return result


# next step -> plan row --------------------------------------------------------------------------
def plan_group_choices(objectives: Iterable[tuple[str, int]], areas: list[str]) -> list[tuple[str, str, str | None]]:
    """Where a next step can go in the plan: (choice id, objective, area), in plan order. A
    technical row needs its area, or Step 4 would show it in no group."""
    return [(f"{g.objective}:{g.area}" if g.area else g.objective, g.objective, g.area)
            for g in plan.plan_groups({}, objectives, areas)]


def next_step_to_plan(step: str, step_fields: Mapping[str, object], objective: str, area: str | None,
                      plan_rows: Rows, new_record: str, status: str, objectives: Iterable[tuple[str, int]],
                      areas: list[str]):
    """The writes that make a next step a new plan row in Step 4's format (at the end of its
    group), then link the step to it. The row's objective is written last among its fields (Step
    4 counts a row from then on), and the link after it."""
    group = next(g for g in plan.plan_groups(plan_rows, objectives, areas) if g.key == (objective, area))
    fields: dict[str, object] = {"activity": plan.text(step_fields, "text"),
                                 "responsible": plan.text(step_fields, "owner"),
                                 "end": plan.text(step_fields, "date"), "status": status,
                                 "order": plan.next_order(plan_rows, group), "deleted": False}
    if area is not None:
        fields["area"] = area
    fields["objective"] = objective
    writes = [((PLAN, new_record, f), v) for f, v in fields.items()]
    return writes + [((NEXT_STEPS, step, "plan_row"), new_record)]


@dataclass(frozen=True)
class ReportOrigin:
    """The action report a plan row was added from (Step 5's "Add to the plan")."""
    number: int  # the report's number, as Step 5 numbers it (creation order)
    start: str  # its period, as typed ("" when not given)
    end: str


def plan_row_origins(steps: Rows, reports: Rows, reports_created: Mapping[str, int]) -> dict[str, ReportOrigin]:
    """{plan record: the report it came from} for every plan row a report's next step became (the
    link next_steps.plan_row), while that report exists."""
    order = in_creation_order(reports, reports_created)
    origins = {}
    for fields in steps.values():
        row, report = plan.text(fields, "plan_row"), plan.text(fields, "report")
        if row and report in order:
            origins[row] = ReportOrigin(order.index(report) + 1, plan.text(reports[report], "period_start").strip(),
                                        plan.text(reports[report], "period_end").strip())
    return origins


def in_plan(step_fields: Mapping[str, object], plan_rows: Rows) -> bool:
    """Whether a next step's plan row exists and is not deleted."""
    row = plan_rows.get(str(step_fields.get("plan_row") or ""))
    return row is not None and is_live(row)


# indicators -------------------------------------------------------------------------------------
def indicator_activities(rows: Rows, activities: list[Activity]) -> list[Activity]:
    """The plan rows with an indicator, in plan order."""
    return [a for a in activities if plan.text(rows.get(a.record, {}), "indicator").strip()]


@dataclass(frozen=True)
class Point:
    record: str
    date: dt.date | None
    date_text: str
    value_text: str
    value: float | None  # None when the value is not a number
    note: str


@dataclass(frozen=True)
class Series:
    points: list[Point]  # every measurement, by date (undated last), then creation
    plotted: list[Point]  # those with a date and a number
    not_plotted: list[Point]  # the others: listed, not drawn
    baseline: float | None
    target: float | None


def measurement_series(measurements: Rows, created: Mapping[str, int], activity: str,
                       row: Mapping[str, object]) -> Series:
    points = []
    for record in children(MEASUREMENTS, measurements, activity, created):
        fields = measurements[record]
        value_text, date_text = plan.text(fields, "value").strip(), plan.text(fields, "date").strip()
        points.append(Point(record, validation.parse_date(date_text), date_text, value_text,
                            validation.parse_number(value_text.rstrip("%")) if value_text else None,
                            plan.text(fields, "note")))
    order = {p.record: i for i, p in enumerate(points)}
    points.sort(key=lambda p: (p.date is None, p.date or dt.date.min, order[p.record]))
    plotted = [p for p in points if p.date is not None and p.value is not None]
    not_plotted = [p for p in points if p not in plotted]

    def number(field: str) -> float | None:
        return validation.parse_number(plan.text(row, field).strip().rstrip("%"))

    return Series(points, plotted, not_plotted, number("baseline"), number("target"))


def points_as_of(series: Series, day: dt.date | None, saved_at: Mapping[str, str]) -> list[Point]:
    """A series' measurements taken on or before `day` (by `day_of`, with `saved_at` {measurement:
    ISO time}), in series order: what a report of a period ending on `day` could know. No day: all."""
    if day is None:
        return list(series.points)
    return [p for p in series.points if (when := day_of(p.date_text, saved_at.get(p.record))) is not None
            and when <= day]
