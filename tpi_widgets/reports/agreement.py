"""Step 1's output, the partnership profile and agreement: both institutions with their focal
points, the start and who endorses the partnership, the team, the shared goals, the working
principles, the communication plan, both sides' partnership-strength self-rating with the
domains where their views differ enough to discuss, and the sign-off by both sides."""

from __future__ import annotations

from tpi_widgets.core.charts import grouped_bars_png
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.core.partnership_profile import (AGREEMENT_RECORD, PARTNERSHIP_RECORD, SIDES, focal_record,
                                                  institution_record, is_principle, profile_value,
                                                  strength_comparison, visible_records)
from tpi_widgets.core.records import AGREEMENT, PROFILE, STRENGTH, TEAM, creation_ids, is_live
from tpi_widgets.reports.document import Chart, Document, Facts, Heading, Paragraph, Table
from tpi_widgets.reports.labels import shown
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.reports.tables import strength_table

KIND = "agreement"
TEAM_WIDTHS = (0.08, 0.32, 0.3, 0.3)  # number, name, role, institution
INSTITUTION_FIELDS = ("country", "level", "address")
FOCAL_FIELDS = ("name", "role", "email", "phone")
ENDORSEMENT_FIELDS = ("ministry", "district", "other_authorities")


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one agreement per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    text = source.text
    blocks = (partner_blocks(source) + team_blocks(source) + agreement_blocks(source) + strength_blocks(source)
              + [Heading(text("agreement_doc.sign_heading")), Paragraph(text("agreement_doc.sign_intro")),
                 source.sign_off()])
    return Document(KIND, text("agreement_doc.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


def partner_blocks(source: ReportSource) -> list:
    """Each institution (country, level of care, address) and its focal point; the start date
    and the endorsing authorities."""
    return ([Heading(source.text("agreement_doc.partners_heading"))] + institution_blocks(source)
            + endorsement_blocks(source))


def institution_blocks(source: ReportSource) -> list:
    """Each institution under its own subheading: country, level of care, address, focal point
    (Annex 1's header shows the same blocks)."""
    text, content = source.text, source.ctx.pack.section("partnership")
    profile, registration = source.rows(PROFILE), source.ctx.partnership.profile
    blocks = []
    for side, name in zip(SIDES, source.institutions):
        institution = {field: profile_value(profile, registration, institution_record(side), field)
                       for field in INSTITUTION_FIELDS}
        level = institution["level"]
        focal = profile.get(focal_record(side), {})
        heading = text("agreement_doc.institution_heading", number=side, name=isolate_where_needed(name))
        blocks += [Heading(heading, 3), Facts((
            (text("agreement_doc.country"), shown(institution["country"])),
            (text("agreement_doc.level"), shown(content.label(content.levels_of_care, level) if level else None)),
            (text("agreement_doc.address"), shown(institution["address"])),
            *((text(f"agreement_doc.focal_{field}"), shown(focal.get(field))) for field in FOCAL_FIELDS)))]
    return blocks


def endorsement_blocks(source: ReportSource) -> list:
    """The partnership's start date and who endorses it."""
    text = source.text
    profile, registration = source.rows(PROFILE), source.ctx.partnership.profile
    endorsement = profile.get(PARTNERSHIP_RECORD, {})
    return [Heading(text("agreement_doc.endorsement_heading"), 3), Facts((
        (text("agreement_doc.start"), source.date(profile_value(profile, registration, PARTNERSHIP_RECORD, "start"))),
        *((text(f"agreement_doc.{field}"), shown(endorsement.get(field))) for field in ENDORSEMENT_FIELDS)))]


def team_blocks(source: ReportSource, level: int = 2) -> list:
    """The team on both sides, in the order members were added, under a heading of `level`
    (a section here, a subsection of Annex 1's partnership)."""
    text = source.text
    team = source.rows(TEAM)
    created = creation_ids(TEAM, source.keyed_entries(TEAM))
    members = sorted((r for r, fields in team.items() if is_live(fields)), key=lambda r: (created.get(r, 0), r))
    sides = dict(zip((institution_record(side) for side in SIDES), source.institutions))
    blocks = [Heading(text("agreement_doc.team_heading"), level)]
    if not members:
        return blocks + [Paragraph(text("agreement_doc.team_empty"), "empty")]
    rows = tuple((str(n), shown(team[r].get("name")), shown(team[r].get("role")),
                  shown(sides.get(str(team[r].get("institution") or "")))) for n, r in enumerate(members, start=1))
    columns = (text("agreement_doc.col_number"), text("agreement_doc.col_name"), text("agreement_doc.col_role"),
               text("agreement_doc.col_institution"))
    return blocks + [Table(columns, rows, widths=TEAM_WIDTHS)]


def agreement_blocks(source: ReportSource) -> list:
    """Shared goals, the working principles as the partners left them, and the communication plan."""
    text, content = source.text, source.ctx.pack.section("partnership")
    agreement = source.rows(AGREEMENT)
    terms = agreement.get(AGREEMENT_RECORD, {})
    created = creation_ids(AGREEMENT, source.keyed_entries(AGREEMENT))
    principles = visible_records(agreement, lambda r: created.get(r, 0), is_principle)
    blocks = [Heading(text("agreement_doc.goals_heading")), Paragraph(shown(terms.get("goals"))),
              Heading(text("agreement_doc.principles_heading"))]
    if principles:
        blocks.append(Table((text("agreement_doc.col_number"), text("agreement_doc.col_principle")),
                            tuple((str(n), shown(agreement[r].get("text"))) for n, r in enumerate(principles, start=1)),
                            widths=(0.08, 0.92)))
    else:
        blocks.append(Paragraph(text("agreement_doc.principles_empty"), "empty"))
    channels = terms.get("channels") or []
    frequency = terms.get("frequency")
    blocks += [Heading(text("agreement_doc.communication_heading")), Facts((
        (text("agreement_doc.channels"), shown([content.label(content.channels, c) for c in channels]
                                                 if isinstance(channels, list) else channels)),
        (text("agreement_doc.frequency"), shown(content.label(content.frequencies, frequency) if frequency else None)),
        (text("agreement_doc.languages"), shown(terms.get("languages"))),
        (text("agreement_doc.next_meeting"), source.date(terms.get("next_meeting")))))]
    return blocks


def strength_blocks(source: ReportSource) -> list:
    """Both sides' self-rating per domain, the chart, and the domains worth discussing."""
    text, content = source.text, source.ctx.pack.section("partnership")
    rows = strength_comparison(content.domains, source.rows(STRENGTH))
    names = dict(zip(SIDES, source.institutions))
    blocks = [Heading(text("agreement_doc.strength_heading"))]
    if not any(row.side_1 is not None or row.side_2 is not None for row in rows):
        return blocks + [Paragraph(text("agreement_doc.strength_none"), "empty")]
    labels = {level.value: level.label for level in content.scale}
    scale = ", ".join(f"{level.value} {level.label}" for level in content.scale)
    blocks += [Paragraph(text("agreement_doc.strength_scale", scale=scale), "note"),
               strength_table(rows, names, labels, text, source.number),
               Chart(grouped_bars_png(rows, names, [level.value for level in content.scale],
                                      text("strength.chart_title")), text("strength.chart_title"))]
    to_discuss = [row for row in rows if row.worth_discussing]
    blocks.append(Heading(text("agreement_doc.discuss_heading"), 3))
    if not to_discuss:
        return blocks + [Paragraph(text("agreement_doc.discuss_none"), "empty")]
    return blocks + [Table((text("strength.domain"), names[1], names[2], text("strength.difference")),
                           tuple((row.title, str(row.side_1), str(row.side_2), f"{row.difference:+d}")
                                 for row in to_discuss), widths=(0.4, 0.2, 0.2, 0.2))]
