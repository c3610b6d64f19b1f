"""Step 3's output, the prioritised gap list: every gap (an item rated below the target in Step 2)
in rank order with its votes and impact × feasibility, the priority matrix, the details of each
gap (area, rating, evidence, root causes, impact, feasibility), and the focus areas the
facilitator chose with their rationale. Ranked as the page ranks them (core/gaps.rank_gaps)."""

from __future__ import annotations

from dataclasses import replace

from tpi_widgets.content.model import item_code
from tpi_widgets.core.charts import priority_matrix_png
from tpi_widgets.core.gaps import RankedGap, chosen_focus, find_gaps, rank_gaps
from tpi_widgets.core.records import BASELINE, FOCUS, GAPS, VOTES
from tpi_widgets.reports.document import Chart, Document, Facts, Heading, Paragraph, Table
from tpi_widgets.reports.labels import shown
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.reports.tables import gap_ranking_table

KIND = "gaps"
RANKING_WIDTHS = (0.07, 0.55, 0.1, 0.16, 0.12)  # rank, gap, votes, impact × feasibility, chosen


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one gap list per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    text, ctx = source.text, source.ctx
    content = ctx.pack.section("gaps")
    notes = source.rows(GAPS)
    ranked = ranked_gaps(source)
    blocks = ranking_blocks(source, ranked) + focus_blocks(source, ranked)
    if ranked:
        blocks.append(Heading(text("gaps_doc.details_heading")))
        for rank, gap in enumerate(ranked, start=1):
            blocks += gap_blocks(source, rank, gap, notes.get(gap.gap.item.id, {}), content)
    return Document(KIND, text("gaps_doc.title"), ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


def ranked_gaps(source: ReportSource) -> list[RankedGap]:
    """Every gap in rank order, as the page ranks them."""
    ctx = source.ctx
    gaps = find_gaps(ctx.areas, ctx.pack.scale, source.rows(BASELINE))
    return rank_gaps(gaps, source.rows(VOTES), source.rows(GAPS), source.rows(FOCUS))


def ranking_blocks(source: ReportSource, ranked: list[RankedGap]) -> list:
    """The ranking with its votes and scores, and the priority matrix (the projector view's too)."""
    text, scale = source.text, source.ctx.pack.scale
    target = f"{scale.target} · {scale.label(scale.target)}"
    blocks = [Heading(text("gaps_doc.ranking_heading")), Paragraph(text("gaps_doc.intro", target=target), "note")]
    if not ranked:
        return blocks + [Paragraph(text("gaps_doc.none"), "empty")]
    return blocks + [replace(gap_ranking_table(ranked, text), widths=RANKING_WIDTHS),
                     Chart(priority_matrix_png(ranked, source.ctx.pack.section("gaps"), text), text("gaps.chart_title"))]


def focus_blocks(source: ReportSource, ranked: list[RankedGap]) -> list:
    text = source.text
    chosen = chosen_focus(ranked)
    blocks = [Heading(text("gaps.focus_heading"))]
    if not chosen:
        return blocks + [Paragraph(text("gaps.focus_none"), "empty")]
    return blocks + [Table((text("gaps_doc.col_code"), text("gaps.col_gap"), text("gaps_doc.col_rationale")),
                           tuple((item_code(r.gap.item.id), r.gap.item.text, shown(r.rationale)) for r in chosen),
                           widths=(0.14, 0.46, 0.4))]


def gap_blocks(source: ReportSource, rank: int, ranked: RankedGap, notes: dict, content) -> list:
    text, gap = source.text, ranked.gap

    def score(scale, value) -> str:
        return shown(None if value is None else f"{value} · {scale.label(value)}")

    return [Heading(text("gaps_doc.gap_heading", rank=rank, code=item_code(gap.item.id)), 3),
            Paragraph(gap.item.text),
            Facts(((text("gaps_doc.area"), gap.area.title),
                   (text("gaps_doc.rating"), f"{gap.rating} · {gap.rating_label}"),
                   (text("gaps_doc.evidence"), shown(gap.evidence)),
                   (text("gaps_doc.root_causes"), shown(notes.get("root_causes"))),
                   (content.impact.title, score(content.impact, ranked.impact)),
                   (content.feasibility.title, score(content.feasibility, ranked.feasibility)),
                   (text("gaps.col_votes"), str(ranked.votes))))]
