"""Annex 1, the partnership planning template: the two partners and the focus areas they chose,
then the plan grouped by objective (the technical one by area) and numbered as Step 4 shows it,
a budget summary, and the sign-off.

A plan row has ~15 fields, too many columns for an A4 portrait page. Each group therefore gets
a main table to scan (number, activity, responsible person and institution, start, end, status),
followed by one label/value block per row with the rest (expected result, resources, budget,
funding source, indicator, baseline, target, means of verification, gaps addressed): every field
stays readable and editable in Word, and long participant text wraps in a wide column instead of
a narrow cell.
"""

from __future__ import annotations

from tpi_widgets.core.records import FOCUS, PLAN
from tpi_widgets.core import plan
from tpi_widgets.core.partnership_profile import PARTNERSHIP_RECORD, SIDES, focal_record, institution_record, profile_value
from tpi_widgets.core.records import PROFILE
from tpi_widgets.reports.document import Document, Facts, Heading, Paragraph, Table
from tpi_widgets.content.model import item_code
from tpi_widgets.reports.labels import item_label, joined, objective_titles, pack_items, shown
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.reports.tables import budget_tables

KIND = "annex1"
MAIN_WIDTHS = (0.08, 0.3, 0.2, 0.13, 0.13, 0.16)  # number, activity, responsible, start, end, status
FOCAL_FIELDS = ("name", "role", "email", "phone")


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one plan per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    rows = source.rows(PLAN)
    blocks = partnership_blocks(source)
    groups = plan.plan_groups(rows, [(o.id, o.number) for o in source.ctx.pack.objectives],
                              [a.id for a in source.ctx.areas])
    if any(group.rows for group in groups):
        blocks += plan_blocks(source, rows, groups) + budget_blocks(source, rows)
    else:
        blocks += [Heading(text("annex1.plan_heading")), Paragraph(text("annex1.empty"), "empty")]
    blocks += [Heading(text("report.sign_heading")), Paragraph(text("report.sign_intro")), source.sign_off()]
    return Document(KIND, text("annex1.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


# the partnership ---------------------------------------------------------------------------------
def partnership_blocks(source: ReportSource) -> list:
    """Both institutions with their focal points, the start date and the focus areas (Step 1, 3)."""
    text = source.text
    profile = source.rows(PROFILE)
    registration = source.ctx.partnership.profile
    facts = []
    for side, name in zip(SIDES, source.institutions):
        country = profile_value(profile, registration, institution_record(side), "country") or ""
        facts.append((text("annex1.institution", number=side),
                      shown(f"{name} ({country})" if str(country).strip() else name)))
        focal = profile.get(focal_record(side), {})
        facts.append((text("annex1.focal_point", institution=name or side),
                      joined(str(focal.get(f) or "") for f in FOCAL_FIELDS)))
    facts.append((text("annex1.start"), shown(profile_value(profile, registration, PARTNERSHIP_RECORD, "start"))))
    blocks = [Heading(text("annex1.partnership_heading")), Facts(tuple(facts)),
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


# the plan ----------------------------------------------------------------------------------------
def plan_blocks(source: ReportSource, rows: plan.Rows, groups: list[plan.Group]) -> list:
    text = source.text
    pack = source.ctx.pack
    content = pack.section("plan")
    items = pack_items(pack)
    blocks = [Heading(text("annex1.plan_heading")), Paragraph(text("annex1.plan_intro"), "note")]
    for objective in pack.objectives:
        blocks.append(Heading(text("annex1.objective_heading", number=objective.number, title=objective.title)))
        for group in (g for g in groups if g.objective == objective.id):
            if group.area is not None:
                area = pack.area(group.area)
                blocks.append(Heading(text("annex1.area_heading", number=group.number, title=area.title), 3))
            if not group.rows:
                blocks.append(Paragraph(text("annex1.empty_group"), "empty"))
                continue
            blocks.append(main_table(source, rows, group, content))
            blocks += [row_details(source, rows[r], group.row_number(r), content, items) for r in group.rows]
    return blocks


def main_table(source: ReportSource, rows: plan.Rows, group: plan.Group, content) -> Table:
    text = source.text
    lines = []
    for record in group.rows:
        row = rows[record]
        responsible = plan.text(row, "responsible").strip()
        institution = plan.text(row, "institution").strip()
        who = f"{responsible} ({institution})" if responsible and institution else responsible or institution
        lines.append((group.row_number(record), shown(plan.text(row, "activity")), shown(who),
                      shown(row.get("start")), shown(row.get("end")), shown(content.status_label(row.get("status")))))
    columns = tuple(text(f"annex1.col_{c}") for c in ("number", "activity", "responsible", "start", "end", "status"))
    return Table(columns, tuple(lines), widths=MAIN_WIDTHS)


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
        (text("annex1.budget", currency=content.currency), shown(row.get("budget"))),
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
                           total=text("annex1.budget_total"), not_given=text("annex1.funding_not_given"))
    blocks = [Heading(text("annex1.budget_heading", currency=pack.section("plan").currency)), *tables]
    if summary.not_a_number:
        blocks.append(Paragraph(text("annex1.not_a_number", count=summary.not_a_number), "note"))
    return blocks

