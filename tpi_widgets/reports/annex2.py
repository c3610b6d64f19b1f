"""Annex 2, one exchange visit proposal (Step 5's "visits" record and its "visit_team" members):
who visits whom and when, the plan activities it serves (numbered as in the plan), the visiting
team, programme, expected outcomes, sharing, budget, logistics and risks, approvals, sign-off.

A partnership has as many Annex 2 documents as live visit proposals; `build(source)` without a
record is the latest one, numbered like Step 5 numbers its cards ("Visit 2").
"""

from __future__ import annotations

from tpi_widgets.core.records import PLAN, VISITS, VISIT_TEAM
from tpi_widgets.core.records import creation_ids, in_creation_order
from tpi_widgets.core import action_records as ar
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.errors import ReportError
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports.document import Document, Facts, Heading, Paragraph, Table
from tpi_widgets.reports.labels import shown
from tpi_widgets.reports.source import ReportSource

KIND = "annex2"
TEAM_FIELDS = ("name", "role", "institution", "expertise")
TEXT_SECTIONS = (("programme", "annex2.programme_heading"), ("outcomes", "annex2.outcomes_heading"),
                 ("sharing", "annex2.sharing_heading"))


def visit_order(source: ReportSource) -> list[str]:
    """The live visit proposals, oldest first: Step 5's card order and numbers."""
    return in_creation_order(source.rows(VISITS),
                                creation_ids(VISITS, source.keyed_entries(VISITS)))


def records(source: ReportSource) -> list[str | None]:
    return visit_order(source) or [None]


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    order = visit_order(source)
    if record is not None and record not in order:
        ctx = source.ctx
        raise ReportError(f"no visit proposal {record!r} in {ctx.partnership.slug}, cycle {ctx.cycle}")
    record = record or (order[-1] if order else None)
    if record is None:
        blocks = [Paragraph(text("annex2.none"), "empty")]
    else:
        blocks = visit_blocks(source, record, order.index(record) + 1, len(order))
    blocks += [Heading(text("report.sign_heading")), Paragraph(text("report.sign_intro")), source.sign_off()]
    return Document(KIND, text("annex2.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND, record), visit_subject(source, record, order))


def visit_subject(source: ReportSource, record: str | None, order: list[str]) -> str:
    """Which visit, as Step 5 numbers it: "Visit 2: Valmont to Kossa, 8 March 2027 to 19 March 2027"."""
    if record is None:
        return ""
    visit = source.rows(VISITS)[record]
    value = lambda field: isolate_where_needed(shown(visit.get(field)))  # noqa: E731
    day = lambda field: isolate_where_needed(source.date(visit.get(field)))  # noqa: E731
    return source.text("annex2.subject", number=order.index(record) + 1, visiting=value("visiting_side"),
                       host=value("host_side"), start=day("start"), end=day("end"))


def visit_blocks(source: ReportSource, record: str, number: int, count: int) -> list:
    text = source.text
    pack = source.ctx.pack
    content = pack.section("action")
    visit = source.rows(VISITS)[record]
    duration = ar.duration_text(visit.get("start"), visit.get("end"))  # from its dates, as Step 5 shows it
    overview = Facts((
        (text("annex2.proposal"), text("annex2.visit_number", number=number, count=count)),
        (text("annex2.status"), shown(choice_label(content.visit_statuses, visit.get("status")))),
        (text("annex2.visiting_side"), shown(visit.get("visiting_side"))),
        (text("annex2.host_side"), shown(visit.get("host_side"))),
        (text("annex2.start"), source.date(visit.get("start"))),
        (text("annex2.end"), source.date(visit.get("end"))),
        (text("annex2.duration"), shown(text(duration[0], **duration[1]) if duration else None)),
        (text("annex2.host_contact"), shown(visit.get("host_contact"))),
    ))
    blocks = [Heading(text("annex2.overview_heading")), overview,
              Heading(text("annex2.purpose_heading")), Paragraph(shown(visit.get("purpose")))]
    blocks += activity_blocks(source, visit)
    blocks += team_blocks(source, record)
    for field, heading in TEXT_SECTIONS:
        blocks += [Heading(text(heading)), Paragraph(shown(visit.get(field)))]
    currency = pack.section("plan").currency
    blocks += [Heading(text("annex2.budget_heading")),
               Facts(((text("annex2.budget", currency=currency), source.amount(visit.get("budget"))),
                      (text("annex2.payer"), shown(visit.get("payer"))))),
               Heading(text("annex2.logistics_heading")), Paragraph(shown(visit.get("logistics"))),
               Heading(text("annex2.approvals_heading")), Paragraph(shown(visit.get("approvals")))]
    return blocks


def activity_blocks(source: ReportSource, visit) -> list:
    """The plan activities the visit serves, numbered and in plan order; a linked row deleted
    from the plan since is still listed, by its id, so the link is not silently lost."""
    text = source.text
    heading = Heading(text("annex2.activities_heading"))
    linked = list(visit.get("activities") or [])
    if not linked:
        return [heading, Paragraph(text("annex2.no_activities"), "empty")]
    activities = ar.plan_activities(source.rows(PLAN), [(o.id, o.number) for o in source.ctx.pack.objectives],
                                    [a.id for a in source.ctx.areas])
    rows = [(a.number, shown(a.text)) for a in activities if a.record in linked]
    known = {a.record for a in activities}
    rows += [(shown(None), text("annex2.not_in_plan", record=r)) for r in linked if r not in known]
    return [heading, Table((text("annex2.col_number"), text("annex2.col_activity")), tuple(rows), widths=(0.12, 0.88))]


def team_blocks(source: ReportSource, record: str) -> list:
    text = source.text
    team = source.rows(VISIT_TEAM)
    members = ar.children(VISIT_TEAM, team, record, creation_ids(VISIT_TEAM, source.keyed_entries(VISIT_TEAM)))
    heading = Heading(text("annex2.team_heading"))
    if not members:
        return [heading, Paragraph(text("annex2.no_team"), "empty")]
    rows = tuple(tuple(shown(team[m].get(f)) for f in TEAM_FIELDS) for m in members)
    return [heading, Table(tuple(text(f"annex2.col_{f}") for f in TEAM_FIELDS), rows, widths=(0.25, 0.2, 0.3, 0.25))]
