"""Tables that a step page and a document both show, built once as Table blocks from the same
data: Step 1's partnership strength (both sides) and the agreement's, Step 3's gap ranking and
the gap list's, Step 4's budget summary and Annex 1's, Step 6's partnership strength now vs
Step 1 and every cycle's means and the evaluation report's. Each caller passes its column labels (a page
and a document take them from their own strings); reports.html draws the block for both.

A change is shown by its label and a class `tpi-change-<better|worse|same|not-rated>` (colour
is never the only sign); a value that does not exist is BLANK."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from tpi_widgets.core.evaluation import CycleSummary, StrengthChange
from tpi_widgets.core.gaps import RankedGap
from tpi_widgets.core.partnership_profile import SIDES, StrengthRow, side_average
from tpi_widgets.content.model import item_code
from tpi_widgets.core.plan import BudgetSummary
from tpi_widgets.reports.document import BLANK, Cell, Table

BUDGET_WIDTHS = (0.7, 0.3)
STRENGTH_WIDTHS = (0.34, 0.3, 0.1, 0.1, 0.16)


def mean_text(value) -> str:
    """A mean or level as shown, or BLANK when nothing was rated."""
    return BLANK if value is None else str(value)


def change_cell(kind: str, changes: Mapping[str, str]) -> Cell:
    """A change (better, worse, same, not-rated) by its label and class."""
    return Cell(changes[kind], css=f"tpi-change tpi-change-{kind}")


# Step 4 / Annex 1 ---------------------------------------------------------------------------------
def budget_tables(summary: BudgetSummary, titles: Mapping[str, str], *, objective: str, funding: str,
                  amount: str, total: str, not_given: str, money: Callable[[float], str]) -> tuple[Table, Table]:
    """The budget by objective and by funding source, each ending on its total row; `titles`
    names an objective ("2. Title"), `not_given` the rows with no funding source, `money` writes
    a sum in the page's or document's language (core/locale_format.format_amount)."""
    by_objective = tuple((titles.get(o, o), money(a)) for o, a in summary.by_objective.items())
    by_funding = tuple((name or not_given, money(a)) for name, a in summary.by_funding)
    total_row = (total, money(summary.total))
    return (_budget_table(objective, amount, by_objective + (total_row,)),
            _budget_table(funding, amount, by_funding + (total_row,)))


def _budget_table(first: str, amount: str, rows: tuple) -> Table:
    return Table((first, amount), rows, widths=BUDGET_WIDTHS, css="tpi-plan-budget-table",
                 column_css=("", "tpi-amount"), row_css=("",) * (len(rows) - 1) + ("tpi-total",))


# Step 6 / evaluation report -------------------------------------------------------------------------
def strength_changes_table(rows: Sequence[StrengthChange], institutions: Mapping[int, str],
                           changes: Mapping[str, str], columns: tuple[str, str, str, str, str],
                           number: Callable[[object], str] = mean_text) -> Table:
    """Per domain and side: Step 1's level, today's and the change. `columns`: domain, side,
    Step 1, now, change; `number` writes a level (a document's: in its language)."""
    body = tuple((row.title, str(institutions.get(row.side, row.side)), number(row.before), number(row.now),
                  change_cell(row.change, changes)) for row in rows)
    return Table(tuple(columns), body, widths=STRENGTH_WIDTHS, css="tpi-eval-table tpi-eval-strength",
                 row_headers=True)


def history_table(history: Sequence[CycleSummary], changes: Mapping[str, str], area: str,
                  cycle: Callable[[int], str], number: Callable[[object], str] = mean_text) -> Table:
    """A row per area, a column per cycle (headed `cycle(number)`): "baseline → follow-up"
    mean levels (written by `number`), each cell classed and titled by its change."""
    columns = (area,) + tuple(cycle(summary.cycle) for summary in history)
    body = tuple((each.title,) + tuple(_history_cell(summary.areas[index], changes, number) for summary in history)
                 for index, each in enumerate(history[0].areas)) if history else ()
    return Table(columns, body, css="tpi-eval-table tpi-eval-history", row_headers=True)


def _history_cell(area, changes: Mapping[str, str], number: Callable[[object], str]) -> Cell:
    return Cell(f"{number(area.baseline_mean)} → {number(area.followup_mean)}",
                css=f"tpi-change-{area.change}", title=changes[area.change])


def strength_table(rows: list[StrengthRow], institutions: dict[int, str], scale_labels: dict[int, str],
                   text: Callable[..., str], number: Callable[[object], str] = mean_text) -> Table:
    """Both sides' levels per domain (titled by the level's label), their difference and
    averages (written by `number`); a wide difference marks its row."""
    def cell(level):
        return Cell(BLANK, css="tpi-unrated") if level is None else Cell(level, title=scale_labels.get(level, ""))

    body, row_css = [], []
    for row in rows:
        body.append((row.title, cell(row.side_1), cell(row.side_2),
                     "" if row.difference is None else f"{row.difference:+d}"))
        row_css.append("tpi-strength-gap" if row.worth_discussing else "")
    body.append((text("strength.average"), *(number(side_average(rows, side)) for side in SIDES), ""))
    row_css.append("tpi-strength-average")
    columns = (text("strength.domain"), institutions[1], institutions[2], text("strength.difference"))
    return Table(columns, tuple(body), css="tpi-strength-table", row_css=tuple(row_css), row_headers=True)


def gap_ranking_table(ranked: list[RankedGap], text: Callable[..., str]) -> Table:
    """Step 3's ranking: rank, gap (its code and area), votes, impact × feasibility, chosen."""
    columns = tuple(text(key) for key in
                    ("gaps.col_rank", "gaps.col_gap", "gaps.col_votes", "gaps.col_priority", "gaps.col_focus"))
    rows = tuple((str(rank), Cell(r.gap.item.text, code=item_code(r.gap.item.id), note=r.gap.area.short), str(r.votes),
                  BLANK if r.priority is None else f"{r.impact} × {r.feasibility} = {r.priority}",
                  text("gaps.chosen") if r.chosen else "")
                 for rank, r in enumerate(ranked, start=1))
    return Table(columns, rows, row_css=tuple("tpi-gap-chosen" if r.chosen else "" for r in ranked))
