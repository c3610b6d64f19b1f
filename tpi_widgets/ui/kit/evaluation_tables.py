"""Step 6's tables as escaped HTML: baseline vs follow-up by area and by item, Step 1's strength
ratings vs Step 6's, and every cycle's baseline and follow-up means. A change is shown by a
label and a class `tpi-change-<better|worse|same|not-rated>` (colour is never the only sign)."""

from __future__ import annotations

from typing import Callable

from tpi_widgets.content.model import item_code
from tpi_widgets.core.evaluation import AreaChange, CycleSummary, StrengthChange
from tpi_widgets.core.html import esc

NONE = "–"  # a mean or level that does not exist (nothing rated)


def _value(value) -> str:
    return NONE if value is None else esc(value)


def _change(kind: str, labels: dict[str, str]) -> str:
    return f"<td class='tpi-change tpi-change-{esc(kind)}'>{esc(labels[kind])}</td>"


def _table(css: str, head: list[str], body: list[str]) -> str:
    heads = "".join(f"<th>{esc(h)}</th>" for h in head)
    return (f"<div class='tpi-table-scroll'><table class='tpi-eval-table {esc(css)}'><thead><tr>{heads}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def areas_table_html(areas: list[AreaChange], labels: dict[str, str], text: Callable[..., str]) -> str:
    """Per area: the mean level at baseline and at follow-up, the change, and how many items moved."""
    body = [f"<tr><th>{esc(area.title)}</th><td>{_value(area.baseline_mean)}</td><td>{_value(area.followup_mean)}</td>"
            f"{_change(area.change, labels)}<td>{esc(text('compare.counts', better=area.count('better'), same=area.count('same'), worse=area.count('worse')))}</td></tr>"
            for area in areas]
    return _table("tpi-eval-areas", [text("compare.area"), text("compare.baseline_mean"), text("compare.followup_mean"),
                                     text("compare.change"), text("compare.items")], body)


def items_table_html(areas: list[AreaChange], item_text: dict[str, str], level_label: Callable[[object], str],
                     labels: dict[str, str], text: Callable[..., str]) -> str:
    """Every item under its area: baseline and follow-up answers and the change."""
    body = []
    for area in areas:
        body.append(f"<tr class='tpi-eval-group'><th colspan='4'>{esc(area.title)}</th></tr>")
        for item in area.items:
            body.append(f"<tr><th><span class='tpi-item-code'>{esc(item_code(item.item_id))}</span> "
                        f"<span class='tpi-eval-item-text'>{esc(item_text.get(item.item_id, ''))}</span></th>"
                        f"<td>{esc(level_label(item.baseline))}</td><td>{esc(level_label(item.followup))}</td>"
                        f"{_change(item.change, labels)}</tr>")
    return _table("tpi-eval-items", [text("compare.item"), text("compare.baseline"), text("compare.followup"),
                                     text("compare.change")], body)


def strength_changes_html(rows: list[StrengthChange], institutions: dict[int, str], labels: dict[str, str],
                          text: Callable[..., str]) -> str:
    """Per domain and side: Step 1's level, today's, and the change."""
    body = [f"<tr><th>{esc(row.title)}</th><td>{esc(institutions.get(row.side, row.side))}</td>"
            f"<td>{_value(row.before)}</td><td>{_value(row.now)}</td>{_change(row.change, labels)}</tr>"
            for row in rows]
    return _table("tpi-eval-strength", [text("strength.domain"), text("review_strength.side"),
                                        text("review_strength.step1"), text("review_strength.now"),
                                        text("compare.change")], body)


def history_html(history: list[CycleSummary], labels: dict[str, str], text: Callable[..., str]) -> str:
    """A row per area, a column per cycle: "baseline → follow-up" mean levels."""
    if not history:
        return ""
    head = [text("compare.area")] + [text("cycles.cycle", cycle=summary.cycle) for summary in history]
    body = []
    for index, area in enumerate(history[0].areas):
        cells = []
        for summary in history:
            each = summary.areas[index]
            cells.append(f"<td class='tpi-change-{esc(each.change)}' title='{esc(labels[each.change])}'>"
                         f"{_value(each.baseline_mean)} → {_value(each.followup_mean)}</td>")
        body.append(f"<tr><th>{esc(area.title)}</th>{''.join(cells)}</tr>")
    return _table("tpi-eval-history", head, body)
