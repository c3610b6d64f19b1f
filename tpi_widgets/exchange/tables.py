"""Each step's records as plain rows for a spreadsheet (exchange/sheets.py makes them tables): one
sheet per kind of record, read through the documents' data layer (reports/source.ReportSource, the
core helpers and labels the report builders use), headed by the report strings in the language of
the source. Values keep their type: a date as a date, a number as a number, a rating as its
label plus its number in a column of its own; who saved each row and when close every row.

Nothing here imports pandas or openpyxl: rows are lists of {heading: value}."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from tpi_widgets.content.model import item_code
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.core import action_records as ar, plan
from tpi_widgets.core.evaluation import FOLLOWUP_RECORD, REVIEW_RECORD, assessment_comparison, ratings_of
from tpi_widgets.core.gaps import find_gaps, rank_gaps
from tpi_widgets.core.locale_format import as_date
from tpi_widgets.core.partnership_profile import (PARTNERSHIP_RECORD, SIDES, focal_record, institution_record,
                                                  profile_value, strength_record)
from tpi_widgets.core.reconcile import RATING, is_agreed
from tpi_widgets.core.records import (BASELINE, EVALUATION, FOCUS, FOLLOWUP, GAPS, MEASUREMENTS, PLAN, PROFILE,
                                      PROGRESS, REPORTS, STRENGTH, TEAM, VISITS, VOTES, creation_ids, in_creation_order)
from tpi_widgets.core.validation import parse_number
from tpi_widgets.reports.annex2 import visit_order
from tpi_widgets.reports.annex3 import report_order
from tpi_widgets.reports.labels import answer_label, objective_titles, pack_items
from tpi_widgets.reports.source import ReportSource

Row = dict[str, object]
INSTITUTION_FIELDS = (("name", "agreement_doc.col_institution"), ("country", "agreement_doc.country"),
                      ("level", "agreement_doc.level"), ("address", "agreement_doc.address"))
FOCAL_FIELDS = tuple((f, f"agreement_doc.focal_{f}") for f in ("name", "role", "email", "phone"))
ENDORSEMENT_FIELDS = tuple((f, f"agreement_doc.{f}") for f in ("start", "ministry", "district", "other_authorities"))


@dataclass(frozen=True)
class Sheet:
    id: str  # the name `tpi export --sheet` also takes, in any language
    step: int
    rows: Callable[["Reader"], list[Row]]


def date_or_text(value):
    """A stored date as a date (an Excel date cell); anything else as typed, None when empty."""
    return as_date(value) or text_or_none(value)


def number_or_text(value):
    """A stored number (a budget, a percent, a measurement) as a number; anything else as typed."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    number = parse_number(str(value).rstrip("%")) if value is not None else None
    return number if number is not None else text_or_none(value)


def text_or_none(value):
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value if str(v).strip())
    text = "" if value is None else str(value)
    return text if text.strip() else None


def level_number(value):
    """A rating's number, None for n/a or unrated."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Reader:
    """One partnership's cycle, read once per collection, with who saved each record and when."""

    def __init__(self, source: ReportSource):
        self.source, self.ctx, self.text = source, source.ctx, source.text
        self.pack = source.ctx.pack
        self._names: dict[int, str] = {}
        self._entries: dict[str, dict] = {}

    @classmethod
    def of(cls, workspace, slug: str, cycle: int, language: str | None = None) -> "Reader":
        """A partnership's cycle with the headings and labels in `language` (None: its own)."""
        from tpi_widgets.reports.build import context_of
        return cls(ReportSource(context_of(workspace, slug, cycle, language)))

    def entries(self, collection: str):
        """{record: {field: Entry}}, read from the store once per collection (a row's who and when
        would otherwise read it again for every row)."""
        if collection not in self._entries:
            self._entries[collection] = self.source.entries(collection)
        return self._entries[collection]

    def rows(self, collection: str):
        return {record: {name: entry.value for name, entry in fields.items()}
                for record, fields in self.entries(collection).items()}

    def created(self, collection: str) -> dict[str, int]:
        return creation_ids(collection, {(collection, record, name): entry for record, fields
                                         in self.entries(collection).items() for name, entry in fields.items()})

    def saved(self, collection: str, record: str, fields: tuple[str, ...] | None = None) -> Row:
        """Who saved the record (its latest change among `fields`, all when None) and when (UTC)."""
        entries = [e for f, e in self.entries(collection).get(record, {}).items() if fields is None or f in fields]
        if not entries:
            return {self.text("sheets.col_saved_by"): None, self.text("sheets.col_saved_at"): None}
        latest = max(entries, key=lambda e: e.change_id)
        return {self.text("sheets.col_saved_by"): self.name(latest.participant_id),
                self.text("sheets.col_saved_at"): saved_time(latest.updated_at)}

    def name(self, participant_id: int | None) -> str | None:
        if participant_id is None:
            return None
        if participant_id not in self._names:
            self._names.update(self.ctx.store.participant_names([participant_id]))
        return self._names.get(participant_id)

    def rating(self, heading: str, value) -> Row:
        """A rating as its label ("2 · Partly in place") and, in a column of its own, its number."""
        return {heading: answer_label(self.pack.scale, value, None) if value is not None else None,
                self.text("sheets.col_number_of", column=heading): level_number(value)}

    @property
    def activities(self) -> dict[str, ar.Activity]:
        return {a.record: a for a in ar.plan_activities(self.rows(PLAN), [(o.id, o.number) for o in self.pack.objectives],
                                                         [a.id for a in self.ctx.areas])}


def saved_time(stamp: str) -> dt.datetime | None:
    """The store's UTC time as a datetime without zone (Excel keeps none)."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


# Step 1 ---------------------------------------------------------------------------------------------
def profile_rows(r: Reader) -> list[Row]:
    """Both institutions, their focal points, the start and endorsement: a row per field."""
    profile, registration, text = r.rows(PROFILE), r.ctx.partnership.profile, r.text
    content = r.pack.section("partnership")
    names = r.source.institutions
    sections = []
    for side, name in zip(SIDES, names):
        section = text("agreement_doc.institution_heading", number=side, name=name)
        sections += [(section, institution_record(side), INSTITUTION_FIELDS), (section, focal_record(side), FOCAL_FIELDS)]
    sections.append((text("agreement_doc.endorsement_heading"), PARTNERSHIP_RECORD, ENDORSEMENT_FIELDS))
    rows = []
    for section, record, fields in sections:
        for field, key in fields:
            value = profile_value(profile, registration, record, field)
            if field == "level" and value:
                value = content.label(content.levels_of_care, value)
            rows.append({text("sheets.col_section"): section, text("sheets.col_field"): text(key),
                         text("sheets.col_value"): date_or_text(value), **r.saved(PROFILE, record, (field,))})
    return rows


def team_rows(r: Reader) -> list[Row]:
    team, text = r.rows(TEAM), r.text
    sides = dict(zip((institution_record(side) for side in SIDES), r.source.institutions))
    return [{text("agreement_doc.col_number"): n, text("agreement_doc.col_name"): text_or_none(team[m].get("name")),
             text("agreement_doc.col_role"): text_or_none(team[m].get("role")),
             text("agreement_doc.col_institution"): sides.get(str(team[m].get("institution") or "")),
             **r.saved(TEAM, m)}
            for n, m in enumerate(in_creation_order(team, r.created(TEAM)), start=1)]


def strength_rows(r: Reader) -> list[Row]:
    """Each side's level per domain of partnership strength."""
    text, content = r.text, r.pack.section("partnership")
    strength = r.rows(STRENGTH)
    labels = {level.value: f"{level.value} · {level.label}" for level in content.scale}
    heading = text("sheets.col_level")
    rows = []
    for side, name in zip(SIDES, r.source.institutions):
        for domain in content.domains:
            level = level_number(strength.get(strength_record(side), {}).get(domain.id))
            rows.append({text("strength.domain"): domain.title, text("evalreport.col_side"): name,
                         heading: labels.get(level), text("sheets.col_number_of", column=heading): level,
                         **r.saved(STRENGTH, strength_record(side), (domain.id,))})
    return rows


# Step 2 and Step 6's assessments ---------------------------------------------------------------------
def baseline_rows(r: Reader) -> list[Row]:
    text, records = r.text, r.rows(BASELINE)
    return [{text("baseline_doc.col_area"): area.title, text("gaps_doc.col_code"): item_code(item.id),
             text("baseline_doc.col_item"): item.text,
             **r.rating(text("baseline_doc.col_rating"), records.get(item.id, {}).get(RATING)),
             text("baseline_doc.col_agreed"): is_agreed(records, item.id),
             text("baseline_doc.col_evidence"): text_or_none(records.get(item.id, {}).get("evidence")),
             text("baseline_doc.col_source"): text_or_none(records.get(item.id, {}).get("source")),
             **r.saved(BASELINE, item.id)}
            for area in r.ctx.areas for item in area.items]


def followup_rows(r: Reader) -> list[Row]:
    text, followup = r.text, r.rows(FOLLOWUP)
    changes, items = r.pack.section("evaluation").changes, pack_items(r.pack)
    rows = []
    for area, compared in zip(r.ctx.areas, assessment_comparison(r.ctx.areas, ratings_of(r.rows(BASELINE)),
                                                                  ratings_of(followup))):
        for each in compared.items:
            rating = followup.get(each.item_id, {})
            rows.append({text("baseline_doc.col_area"): area.title, text("gaps_doc.col_code"): item_code(each.item_id),
                         text("evalreport.col_item"): items[each.item_id].text,
                         **r.rating(text("evalreport.col_baseline"), each.baseline),
                         **r.rating(text("evalreport.col_followup"), each.followup),
                         text("evalreport.col_change"): changes[each.change],
                         text("evalreport.col_evidence"): text_or_none(rating.get("evidence")),
                         text("baseline_doc.col_source"): text_or_none(rating.get("source")),
                         **r.saved(FOLLOWUP, each.item_id)})
    return rows


# Step 3 ---------------------------------------------------------------------------------------------
def gap_rows(r: Reader) -> list[Row]:
    """The gaps in the order Step 3 ranks them (core/gaps.rank_gaps)."""
    text, content, notes = r.text, r.pack.section("gaps"), r.rows(GAPS)
    ranked = rank_gaps(find_gaps(r.ctx.areas, r.pack.scale, r.rows(BASELINE)), r.rows(VOTES), notes, r.rows(FOCUS))
    return [{text("gaps.col_rank"): rank, text("gaps_doc.col_code"): item_code(g.gap.item.id),
             text("gaps.col_gap"): g.gap.item.text, text("gaps_doc.area"): g.gap.area.title,
             **r.rating(text("gaps_doc.rating"), g.gap.rating), text("gaps.col_votes"): g.votes,
             content.impact.title: g.impact, content.feasibility.title: g.feasibility,
             text("gaps.col_priority"): g.priority, text("gaps.col_focus"): g.chosen,
             text("gaps_doc.root_causes"): text_or_none(notes.get(g.gap.item.id, {}).get("root_causes")),
             text("gaps_doc.col_rationale"): text_or_none(g.rationale), **r.saved(GAPS, g.gap.item.id)}
            for rank, g in enumerate(ranked, start=1)]


# Step 4 ---------------------------------------------------------------------------------------------
PLAN_TEXT_FIELDS = (("result", "annex1.result"), ("activity", "annex1.col_activity"),
                    ("responsible", "annex1.col_responsible"), ("institution", "agreement_doc.col_institution"))
PLAN_MORE_FIELDS = (("funding", "annex1.funding"), ("indicator", "annex1.indicator"), ("baseline", "annex1.baseline"),
                    ("target", "annex1.target"), ("verification", "annex1.verification"))


def plan_rows(r: Reader) -> list[Row]:
    """The plan as Step 4 numbers it, grouped by objective."""
    text, rows, content = r.text, r.rows(PLAN), r.pack.section("plan")
    titles = objective_titles(r.pack)
    out = []
    for group in plan.plan_groups(rows, [(o.id, o.number) for o in r.pack.objectives], [a.id for a in r.ctx.areas]):
        for record in group.rows:
            row = rows[record]
            out.append({text("annex1.col_number"): group.row_number(record),
                        text("annex1.budget_objective"): titles.get(group.objective, group.objective),
                        **{text(key): text_or_none(row.get(f)) for f, key in PLAN_TEXT_FIELDS},
                        text("annex1.col_start"): date_or_text(row.get("start")),
                        text("annex1.col_end"): date_or_text(row.get("end")),
                        text("annex1.budget", currency=content.currency): number_or_text(row.get("budget")),
                        **{text(key): text_or_none(row.get(f)) for f, key in PLAN_MORE_FIELDS},
                        text("annex1.col_status"): text_or_none(content.status_label(row.get("status"))),
                        text("annex1.gaps"): text_or_none([item_code(g) for g in row.get("gaps") or []]),
                        **r.saved(PLAN, record)})
    return out


# Step 5 ---------------------------------------------------------------------------------------------
def visit_rows(r: Reader) -> list[Row]:
    text, visits = r.text, r.rows(VISITS)
    content, currency = r.pack.section("action"), r.pack.section("plan").currency
    return [{text("annex2.col_number"): n,
             text("annex2.status"): text_or_none(choice_label(content.visit_statuses, visits[v].get("status"))),
             text("annex2.visiting_side"): text_or_none(visits[v].get("visiting_side")),
             text("annex2.host_side"): text_or_none(visits[v].get("host_side")),
             text("annex2.start"): date_or_text(visits[v].get("start")),
             text("annex2.end"): date_or_text(visits[v].get("end")),
             text("annex2.host_contact"): text_or_none(visits[v].get("host_contact")),
             text("annex2.purpose_heading"): text_or_none(visits[v].get("purpose")),
             text("annex2.budget", currency=currency): number_or_text(visits[v].get("budget")),
             text("annex2.payer"): text_or_none(visits[v].get("payer")), **r.saved(VISITS, v)}
            for n, v in enumerate(visit_order(r.source), start=1)]


REPORT_TEXT_FIELDS = ("participants", "results", "challenges", "lessons", "spread")


def report_rows(r: Reader) -> list[Row]:
    text, reports = r.text, r.rows(REPORTS)
    content, currency = r.pack.section("action"), r.pack.section("plan").currency
    return [{text("annex2.col_number"): n,
             text("annex3.kind"): text_or_none(choice_label(content.report_kinds, reports[p].get("kind"))),
             text("annex1.col_start"): date_or_text(reports[p].get("period_start")),
             text("annex1.col_end"): date_or_text(reports[p].get("period_end")),
             **{text(f"annex3.{f}"): text_or_none(reports[p].get(f)) for f in REPORT_TEXT_FIELDS},
             text("annex3.spent", currency=currency): number_or_text(reports[p].get("spending")),
             **r.saved(REPORTS, p)}
            for n, p in enumerate(report_order(r.source), start=1)]


def progress_rows(r: Reader) -> list[Row]:
    """Every progress update, oldest first, with its plan activity's number."""
    text, progress, activities = r.text, r.rows(PROGRESS), r.activities
    statuses = r.pack.section("plan").statuses
    rows = []
    for update in in_creation_order(progress, r.created(PROGRESS)):
        fields = progress[update]
        activity = activities.get(str(fields.get("activity") or ""))
        rows.append({text("evalreport.col_activity"): activity.label if activity else text_or_none(fields.get("activity")),
                     text("evalreport.col_date"): date_or_text(fields.get("date")),
                     text("sheets.col_percent"): number_or_text(fields.get("percent")),
                     text("annex1.col_status"): text_or_none(choice_label(statuses, fields.get("status"))),
                     text("evalreport.col_comment"): text_or_none(fields.get("comment")),
                     **r.saved(PROGRESS, update)})
    return rows


# Step 6 ---------------------------------------------------------------------------------------------
def indicator_rows(r: Reader) -> list[Row]:
    """Each measurement of a plan indicator (Step 5 takes them, Step 6 reads them)."""
    text, rows, measurements = r.text, r.rows(PLAN), r.rows(MEASUREMENTS)
    created = r.created(MEASUREMENTS)
    out = []
    for activity in ar.indicator_activities(rows, list(r.activities.values())):
        row = rows[activity.record]
        for point in ar.measurement_series(measurements, created, activity.record, row).points:
            out.append({text("evalreport.col_activity"): activity.label,
                        text("evalreport.col_indicator"): text_or_none(row.get("indicator")),
                        text("evalreport.col_ind_baseline"): number_or_text(row.get("baseline")),
                        text("evalreport.col_target"): number_or_text(row.get("target")),
                        text("evalreport.col_date"): point.date or text_or_none(point.date_text),
                        text("sheets.col_value"): point.value if point.value is not None else text_or_none(point.value_text),
                        text("annex3.col_note"): text_or_none(point.note), **r.saved(MEASUREMENTS, point.record)})
    return out


def decision_rows(r: Reader) -> list[Row]:
    """The cycle's review: the follow-up's date, lessons and the decision for the next cycle."""
    text, review = r.text, r.rows(EVALUATION)
    content = r.pack.section("evaluation")
    fields = review.get(REVIEW_RECORD, {})
    if not fields and not review.get(FOLLOWUP_RECORD):
        return []
    decision = fields.get("decision")
    return [{text("evalreport.followup_date"): date_or_text(review.get(FOLLOWUP_RECORD, {}).get("date")),
             text("evalreport.lessons"): text_or_none(fields.get("lessons")),
             text("evalreport.decision"): content.decision_label(decision) if decision else None,
             text("sheets.col_decision_note"): text_or_none(fields.get("decision_note")),
             **r.saved(EVALUATION, REVIEW_RECORD)}]


SHEETS = (Sheet("profile", 1, profile_rows), Sheet("team", 1, team_rows), Sheet("strength", 1, strength_rows),
          Sheet("baseline", 2, baseline_rows), Sheet("gaps", 3, gap_rows), Sheet("plan", 4, plan_rows),
          Sheet("visits", 5, visit_rows), Sheet("reports", 5, report_rows), Sheet("progress", 5, progress_rows),
          Sheet("followup", 6, followup_rows), Sheet("indicators", 6, indicator_rows),
          Sheet("decision", 6, decision_rows))
