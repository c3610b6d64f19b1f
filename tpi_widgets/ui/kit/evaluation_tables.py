"""Step 6's tables as Table blocks drawn by the documents' renderer (reports.html), so every
text is escaped there: baseline vs follow-up by area and by item, Step 1's strength ratings vs
Step 6's, and every cycle's baseline and follow-up means. The last two are the evaluation
report's tables (reports.tables builds them for both); the first two differ on purpose: the page
counts the items that moved in one column and lists every item in one table under its area's
row, where the report gives each count a column and each area a table of its own. A change is
shown by a label and a class `tpi-change-<better|worse|same|not-rated>` (colour is never the
only sign)."""

from __future__ import annotations

from typing import Callable

from tpi_widgets.content.model import item_code
from tpi_widgets.core.evaluation import AreaChange, CycleSummary, StrengthChange
from tpi_widgets.reports.document import Cell, Table
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.reports.tables import change_cell, history_table, mean_text, strength_changes_table


def scrolled(table: Table) -> str:
    """A table as HTML that scrolls sideways on a narrow screen instead of widening the page."""
    return f"<div class='tpi-table-scroll'>{render_blocks(table)}</div>"


def areas_table(areas: list[AreaChange], labels: dict[str, str], text: Callable[..., str]) -> Table:
    """Per area: the mean level at baseline and at follow-up, the change, and how many items moved."""
    rows = tuple((area.title, mean_text(area.baseline_mean), mean_text(area.followup_mean), change_cell(area.change, labels),
                  text("compare.counts", better=area.count("better"), same=area.count("same"), worse=area.count("worse")))
                 for area in areas)
    columns = (text("compare.area"), text("compare.baseline_mean"), text("compare.followup_mean"),
               text("compare.change"), text("compare.items"))
    return Table(columns, rows, css="tpi-eval-table tpi-eval-areas", row_headers=True)


def items_table(areas: list[AreaChange], item_text: dict[str, str], level_label: Callable[[object], str],
                labels: dict[str, str], text: Callable[..., str]) -> Table:
    """Every item under its area's row: baseline and follow-up answers and the change."""
    columns = (text("compare.item"), text("compare.baseline"), text("compare.followup"), text("compare.change"))
    rows, row_css = [], []
    for area in areas:
        rows.append((Cell(area.title, span=len(columns)),))
        row_css.append("tpi-eval-group")
        for item in area.items:
            rows.append((Cell(item_text.get(item.item_id, ""), code=item_code(item.item_id)),
                         level_label(item.baseline), level_label(item.followup), change_cell(item.change, labels)))
            row_css.append("")
    return Table(columns, tuple(rows), css="tpi-eval-table tpi-eval-items", row_css=tuple(row_css), row_headers=True)


def strength_table(rows: list[StrengthChange], institutions: dict[int, str], labels: dict[str, str],
                   text: Callable[..., str]) -> Table:
    """Per domain and side: Step 1's level, today's, and the change (the evaluation report's table)."""
    return strength_changes_table(rows, institutions, labels, (
        text("strength.domain"), text("review_strength.side"), text("review_strength.step1"),
        text("review_strength.now"), text("compare.change")))


def cycles_table(history: list[CycleSummary], labels: dict[str, str], text: Callable[..., str]) -> Table:
    """A row per area, a column per cycle: "baseline → follow-up" mean levels (the report's table)."""
    return history_table(history, labels, text("compare.area"), lambda cycle: text("cycles.cycle", cycle=cycle))


def areas_table_html(areas: list[AreaChange], labels: dict[str, str], text: Callable[..., str]) -> str:
    return scrolled(areas_table(areas, labels, text))


def items_table_html(areas: list[AreaChange], item_text: dict[str, str], level_label: Callable[[object], str],
                     labels: dict[str, str], text: Callable[..., str]) -> str:
    return scrolled(items_table(areas, item_text, level_label, labels, text))


def strength_changes_html(rows: list[StrengthChange], institutions: dict[int, str], labels: dict[str, str],
                          text: Callable[..., str]) -> str:
    return scrolled(strength_table(rows, institutions, labels, text))


def history_html(history: list[CycleSummary], labels: dict[str, str], text: Callable[..., str]) -> str:
    return scrolled(cycles_table(history, labels, text)) if history else ""
