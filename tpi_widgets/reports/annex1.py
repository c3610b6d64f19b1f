"""Annex 1, the partnership planning template: the plan's header (both institutions with their
level of care, address and focal point, the start and endorsing authorities, the team, as the
agreement shows them; the plan's period and the areas in scope; the focus areas chosen), then the
plan grouped by objective (the technical one by area) and numbered as Step 4 shows it, a budget
summary, and the sign-off.

An activity's status follows its latest progress update (Step 5); when that differs from the
status the plan gives, both are shown, so nobody signs a plan that says less than the progress.

A plan row has ~15 fields, too many columns for an A4 portrait page. Each group therefore gets
a main table to scan (number, activity, responsible person and institution, start, end, status),
followed by one label/value block per row with the rest (expected result, resources, budget,
funding source, indicator, baseline, target, means of verification, gaps addressed): every field
stays readable and editable in Word, and long participant text wraps in a wide column instead of
a narrow cell.
"""

from __future__ import annotations

from tpi_widgets.core.records import FOCUS, PLAN, PROGRESS, creation_ids
from tpi_widgets.core import action_records as ar, plan
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports import agreement
from tpi_widgets.reports.document import Document, Facts, Heading, Paragraph, Table
from tpi_widgets.content.model import item_code
from tpi_widgets.reports.labels import BLANK, item_label, joined, objective_titles, pack_items, shown
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.reports.tables import budget_tables

KIND = "annex1"
MAIN_WIDTHS = (0.08, 0.28, 0.19, 0.12, 0.12, 0.21)  # number, activity, responsible, start, end, status


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one plan per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    rows = source.rows(PLAN)
    groups = plan.plan_groups(rows, [(o.id, o.number) for o in source.ctx.pack.objectives],
                              [a.id for a in source.ctx.areas])
    blocks = partnership_blocks(source, rows, groups)
    if any(group.rows for group in groups):
        blocks += plan_blocks(source, rows, groups) + budget_blocks(source, rows)
    else:
        blocks += [Heading(text("annex1.plan_heading")), Paragraph(text("annex1.empty"), "empty")]
    blocks += [Heading(text("report.sign_heading")), Paragraph(text("report.sign_intro")), source.sign_off()]
    return Document(KIND, text("annex1.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


# the partnership ---------------------------------------------------------------------------------
def partnership_blocks(source: ReportSource, rows: plan.Rows, groups: list[plan.Group]) -> list:
    """The plan's header: both institutions, the start and endorsing authorities and the team
    (Step 1, the agreement's own blocks), the plan's period and areas in scope, and the focus
    areas chosen in Step 3."""
    text = source.text
    blocks = [Heading(text("annex1.partnership_heading")), *agreement.institution_blocks(source),
              *agreement.endorsement_blocks(source), *agreement.team_blocks(source, level=3),
              Heading(text("annex1.scope_heading"), 3),
              Facts(((text("annex1.period"), plan_period(source, rows, groups)),
                     (text("annex1.areas"), shown("\n".join(area.title for area in source.ctx.areas))))),
              Heading(text("annex1.focus_heading"), 3)]
    focus = source.rows(FOCUS)
    items = pack_items(source.ctx.pack)
    chosen = plan.chosen_focus(focus, list(items))
    if chosen:
        blocks.append(Table((text("annex1.col_code"), text("annex1.col_gap"), text("annex1.col_rationale")),
                            tuple((item_code(i), items[i].text, shown(focus[i].get("rationale"))) for i in chosen),
                            widths=(0.12, 0.48, 0.4)))
    else:
        blocks.append(Paragraph(text("annex1.no_focus"), "empty"))
    return blocks


def plan_period(source: ReportSource, rows: plan.Rows, groups: list[plan.Group]) -> str:
    """From the first start to the last end of the activities with both dates (the bars of Step
    4's timeline), or BLANK when none has them."""
    bars, _ = plan.gantt_bars(rows, groups)
    if not bars:
        return BLANK
    return source.text("annex1.period_dates", start=source.date(min(b.start for b in bars)),
                       end=source.date(max(b.end for b in bars)))


# the plan ----------------------------------------------------------------------------------------
def plan_blocks(source: ReportSource, rows: plan.Rows, groups: list[plan.Group], details: bool = True) -> list:
    """The plan by objective and group; with `details`, each row's other fields after its group's
    table (the projector view shows the tables only)."""
    text = source.text
    pack = source.ctx.pack
    content = pack.section("plan")
    items = pack_items(pack)
    blocks = [Heading(text("annex1.plan_heading"))]
    if details:  # the note says the details follow each table
        blocks.append(Paragraph(text("annex1.plan_intro"), "note"))
    progress = source.rows(PROGRESS)
    reported = ar.latest_status(progress, creation_ids(PROGRESS, source.keyed_entries(PROGRESS)))
    statuses = {record: progress[update] for record, update in reported.items()}
    for objective in pack.objectives:
        blocks.append(Heading(text("annex1.objective_heading", number=objective.number, title=objective.title)))
        for group in (g for g in groups if g.objective == objective.id):
            if group.area is not None:
                area = pack.area(group.area)
                blocks.append(Heading(text("annex1.area_heading", number=group.number, title=area.title), 3))
            if not group.rows:
                blocks.append(Paragraph(text("annex1.empty_group"), "empty"))
                continue
            blocks.append(main_table(source, rows, group, content, statuses))
            if details:
                blocks += [row_details(source, rows[r], group.row_number(r), content, items) for r in group.rows]
    return blocks


def main_table(source: ReportSource, rows: plan.Rows, group: plan.Group, content, statuses: dict) -> Table:
    """`statuses`: {plan record: its latest progress update that gives a status}."""
    text = source.text
    lines = []
    for record in group.rows:
        row = rows[record]
        responsible = plan.text(row, "responsible").strip()
        institution = plan.text(row, "institution").strip()
        who = f"{responsible} ({institution})" if responsible and institution else responsible or institution
        lines.append((group.row_number(record), shown(plan.text(row, "activity")), shown(who),
                      shown(row.get("start")), shown(row.get("end")),
                      status_text(source, content, row.get("status"), statuses.get(record))))
    columns = tuple(text(f"annex1.col_{c}") for c in ("number", "activity", "responsible", "start", "end", "status"))
    return Table(columns, tuple(lines), widths=MAIN_WIDTHS)


def status_text(source: ReportSource, content, planned, update: dict | None) -> str:
    """The status the latest progress update gives (with its date), or the plan's when there
    is none; both when they differ ("Progress: Done · 2027-05-20; plan: In progress")."""
    if not update or update.get("status") == planned:
        return shown(content.status_label(planned))
    reported = joined([content.status_label(update.get("status")),
                       isolate_where_needed(update.get("date") or "")])
    if not str(planned or "").strip():
        return reported
    return source.text("annex1.status_both", progress=reported, plan=content.status_label(planned))


def row_details(source: ReportSource, row, number: str, content, items: dict) -> Facts:
    """The Annex 1 fields of one row that its group's main table leaves out, led by the row's
    number and activity so the block is found from the table (nothing is shown twice: an edit
    in the Word file has one place to go)."""
    text = source.text
    gaps = [item_label(items, g) for g in (row.get("gaps") or [])]
    facts = [
        (text("annex1.row", number=number), shown(row.get("activity"))),
        (text("annex1.result"), shown(row.get("result"))),
        (text("annex1.resources"), shown(row.get("resources"))),
        (text("annex1.budget", currency=content.currency), source.amount(row.get("budget"))),
        (text("annex1.funding"), shown(row.get("funding"))),
        (text("annex1.indicator"), shown(row.get("indicator"))),
        (text("annex1.baseline"), shown(row.get("baseline"))),
        (text("annex1.target"), shown(row.get("target"))),
        (text("annex1.verification"), shown(row.get("verification"))),
        (text("annex1.gaps"), shown("\n".join(gaps))),  # one gap a line: item texts end with a full stop
    ]
    return Facts(tuple(facts))


# budget --------------------------------------------------------------------------------------------
def budget_blocks(source: ReportSource, rows: plan.Rows) -> list:
    """Step 4's budget sums, by objective and by funding source (the tables Step 4 shows);
    budgets that are not a number are counted apart, as Step 4 does."""
    text = source.text
    pack = source.ctx.pack
    summary = plan.budget_summary(rows, [o.id for o in pack.objectives])
    tables = budget_tables(summary, objective_titles(pack), objective=text("annex1.budget_objective"),
                           funding=text("annex1.budget_funding"), amount=text("annex1.budget_amount"),
                           total=text("annex1.budget_total"), not_given=text("annex1.funding_not_given"),
                           money=source.amount)
    blocks = [Heading(text("annex1.budget_heading", currency=pack.section("plan").currency)), *tables]
    if summary.not_a_number:
        blocks.append(Paragraph(text("annex1.not_a_number", count=summary.not_a_number), "note"))
    return blocks

