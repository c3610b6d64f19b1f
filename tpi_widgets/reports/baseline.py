"""Step 2's output, the baseline assessment: progress per area and the chart, the strengths (items
already at the target), then every item by area with its rating, evidence and source.

A rating the facilitator has agreed is shown as agreed; until then the document shows what was
proposed, never "agreed": the latest proposal and, when participants proposed different levels,
how many proposed each.
"""

from __future__ import annotations

from tpi_widgets.core import reconcile
from tpi_widgets.core.charts import assessment_png
from tpi_widgets.core.records import BASELINE
from tpi_widgets.reports.document import Chart, Document, Heading, Paragraph, Table
from tpi_widgets.reports.labels import answer_label, item_label, pack_items, shown
from tpi_widgets.reports.source import ReportSource

KIND = "baseline"
ITEM_WIDTHS = (0.3, 0.22, 0.3, 0.18)  # item, rating, evidence, source
PROGRESS_WIDTHS = (0.46, 0.18, 0.18, 0.18)  # area, rated, agreed, at the target


def records(source: ReportSource) -> list[str | None]:
    return [None]  # one baseline per partnership and cycle


def build(source: ReportSource, record: str | None = None) -> Document:
    assessment = Assessment(source)
    blocks = assessment.progress_blocks() + assessment.strength_blocks()
    for area in source.ctx.areas:
        blocks += assessment.area_blocks(area)
    return Document(KIND, source.text("baseline_doc.title"), source.ctx.language, source.header(), tuple(blocks),
                    source.file_stem(KIND))


class Assessment:
    """The baseline's records, read once, and how each item's rating is shown."""

    def __init__(self, source: ReportSource):
        self.source, self.text, self.scale = source, source.text, source.ctx.pack.scale
        self.records = source.rows(BASELINE)
        self.proposals = reconcile.proposal_distribution(source.rows(reconcile.proposals_collection(BASELINE)))
        self.items = pack_items(source.ctx.pack)

    def rating(self, item: str):
        return self.records.get(item, {}).get(reconcile.RATING)

    def agreed(self, item: str) -> bool:
        return reconcile.is_agreed(self.records, item)

    def rating_text(self, item: str) -> str:
        """"3 · Mostly in place (agreed)", or "Proposed: 3 · Mostly in place" with each proposed level's
        count when they differ, or "Not rated yet"."""
        unrated = self.text("assessment.unrated")
        value = self.rating(item)
        if self.agreed(item):
            return self.text("baseline_doc.agreed", value=answer_label(self.scale, value, unrated))
        if value is None:
            return unrated
        shown_value = self.text("baseline_doc.proposed", value=answer_label(self.scale, value, unrated))
        counts = self.proposals.get(item)
        if counts and len(counts) > 1:
            spread = reconcile.distribution_text(counts, lambda level: answer_label(self.scale, level, unrated))
            shown_value += " " + self.text("baseline_doc.proposals", spread=spread)
        return shown_value

    def progress_blocks(self) -> list:
        text, areas = self.text, self.source.ctx.areas
        rows = []
        for area in areas:
            ids = [item.id for item in area.items]
            rows.append((area.title,
                         f"{sum(self.rating(i) is not None for i in ids)} / {len(ids)}",
                         str(sum(self.agreed(i) for i in ids)),
                         str(sum(self._at_target(i) for i in ids))))
        ratings = {item.id: self.rating(item.id) for area in areas for item in area.items}
        target = self.scale.label(self.scale.target)
        return [Heading(text("baseline_doc.progress_heading")),
                Paragraph(text("baseline_doc.intro", target=f"{self.scale.target} · {target}"), "note"),
                Table((text("baseline_doc.col_area"), text("baseline_doc.col_rated"), text("baseline_doc.col_agreed"),
                       text("baseline_doc.col_at_target")), tuple(rows), widths=PROGRESS_WIDTHS),
                Chart(assessment_png(areas, self.scale, ratings, text("assessment.unrated"), text("chart.title"),
                                     text("chart.items")), text("chart.title"))]

    def _at_target(self, item: str) -> bool:
        value = self.rating(item)
        return isinstance(value, int) and value >= self.scale.target

    def strength_blocks(self) -> list:
        """The items already at or above the target: what the partnership can build on."""
        text = self.text
        strong = [item.id for area in self.source.ctx.areas for item in area.items if self._at_target(item.id)]
        blocks = [Heading(text("baseline_doc.strengths_heading"))]
        if not strong:
            return blocks + [Paragraph(text("baseline_doc.strengths_none"), "empty")]
        return blocks + [Table((text("baseline_doc.col_item"), text("baseline_doc.col_rating"),
                                text("baseline_doc.col_evidence")),
                               tuple((item_label(self.items, i), self.rating_text(i),
                                      shown(self.records.get(i, {}).get("evidence"))) for i in strong),
                               widths=(0.4, 0.25, 0.35))]

    def area_blocks(self, area) -> list:
        text = self.text
        rows = tuple((item_label(self.items, item.id), self.rating_text(item.id),
                      shown(self.records.get(item.id, {}).get("evidence")),
                      shown(self.records.get(item.id, {}).get("source"))) for item in area.items)
        return [Heading(area.title),
                Table((text("baseline_doc.col_item"), text("baseline_doc.col_rating"), text("baseline_doc.col_evidence"),
                       text("baseline_doc.col_source")), rows, widths=ITEM_WIDTHS)]
