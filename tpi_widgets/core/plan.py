"""The partnership plan (Annex 1) as plain data: rows grouped and ordered, reordering, soft
deletion with undo, budget sums, focus gaps no activity addresses, and the bars
of the timeline. No widgets here: Step 4's page and the tests both build on these functions.

A plan row is the dict of one record of the store's "plan" collection: {field: value}.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from tpi_widgets.core import validation
from tpi_widgets.core.records import is_live
from tpi_widgets.store import Entry

TECHNICAL = "technical"  # the objective whose rows are also grouped by technical area

Rows = Mapping[str, Mapping[str, object]]  # {record: {field: value}}


# grouping and order ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    objective: str
    area: str | None  # a technical area for technical rows, else None
    number: str  # "1", "2.3" (objective 2, third area in scope), "3": row numbers extend it
    rows: tuple[str, ...]  # live records, in plan order

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.objective, self.area)

    def row_number(self, record: str) -> str:
        return f"{self.number}.{self.rows.index(record) + 1}"


def group_key(row: Mapping[str, object]) -> tuple[str, str | None]:
    objective = row.get("objective")
    return (objective, row.get("area") if objective == TECHNICAL else None)


def order_of(row: Mapping[str, object]) -> float:
    value = row.get("order")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("inf")


def plan_groups(rows: Rows, objectives: Iterable[tuple[str, int]], areas: list[str]) -> list[Group]:
    """Every group of the plan, in plan order, even empty ones: objectives (id, number) in
    order, the technical one split by the areas in scope. Rows of an objective or area the plan
    does not show (an area taken out of scope) belong to no group."""
    members: dict[tuple[str, str | None], list[str]] = {}
    for record, row in rows.items():
        if is_live(row):
            members.setdefault(group_key(row), []).append(record)
    groups = []
    for objective, number in objectives:
        parts = [(area, f"{number}.{i}") for i, area in enumerate(areas, 1)] \
            if objective == TECHNICAL and areas else [(None, str(number))]
        for area, group_number in parts:
            records = sorted(members.get((objective, area), []), key=lambda r: (order_of(rows[r]), r))
            groups.append(Group(objective, area, group_number, tuple(records)))
    return groups


def next_order(rows: Rows, group: Group) -> int:
    """The order of a row added at the end of `group`."""
    orders = [order_of(rows[r]) for r in group.rows if order_of(rows[r]) != float("inf")]
    return int(max(orders, default=0)) + 1


def reorder(rows: Rows, group: Group, record: str, step: int) -> dict[str, int]:
    """Move `record` one place up (step -1) or down (+1) in its group. Returns the orders to
    store: the group renumbered 1..n, only the rows whose order changes (two rows added at once
    by two participants may share an order; renumbering separates them)."""
    ordered = list(group.rows)
    i = ordered.index(record)
    j = i + step
    if not 0 <= j < len(ordered):
        return {}
    ordered[i], ordered[j] = ordered[j], ordered[i]
    return {r: n for n, r in enumerate(ordered, 1) if rows[r].get("order") != n}


# deletion and undo -----------------------------------------------------------------------------
def latest_deleted(deleted: Mapping[str, Entry]) -> str | None:
    """The row deleted last that is still deleted, from each record's `deleted` entry.

    Read from the store, not from this page: after a reload, or on another participant's page,
    the latest deletion can still be undone; a row someone already restored is skipped."""
    still = [(entry.change_id, record) for record, entry in deleted.items() if entry.value is True]
    return max(still)[1] if still else None


# a field's text -----------------------------------------------------------------------------------
def text(row: Mapping[str, object], field: str) -> str:
    value = row.get(field)
    return "" if value is None else str(value)


# budget ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetSummary:
    by_objective: dict[str, float]  # every objective id, in plan order
    by_funding: list[tuple[str, float]]  # (source as first typed, total), largest first; "" = not given
    total: float
    not_a_number: int  # rows whose budget is written but is not a number: left out of the sums


def budget_summary(rows: Rows, objective_ids: Iterable[str]) -> BudgetSummary:
    by_objective = {objective: 0.0 for objective in objective_ids}
    funding: dict[str, list] = {}  # casefolded source -> [source as typed, total]
    not_a_number = 0
    for row in rows.values():
        if not is_live(row) or not text(row, "budget").strip():
            continue
        amount = validation.parse_number(text(row, "budget"))
        if amount is None:
            not_a_number += 1
            continue
        objective = str(row.get("objective"))
        by_objective[objective] = by_objective.get(objective, 0.0) + amount
        source = " ".join(text(row, "funding").split())
        funding.setdefault(source.casefold(), [source, 0.0])[1] += amount
    by_funding = sorted(((name, total) for name, total in funding.values()), key=lambda s: (-s[1], s[0]))
    return BudgetSummary(by_objective, by_funding, sum(by_objective.values()), not_a_number)


# focus gaps ------------------------------------------------------------------------------------
def chosen_focus(focus: Rows, item_order: list[str]) -> list[str]:
    """The items Step 3 chose as focus areas, in pack order."""
    return [item for item in item_order if focus.get(item, {}).get("chosen") is True]


def gap_candidates(ratings: Mapping[str, object], is_gap, chosen: list[str], item_order: list[str]) -> list[str]:
    """What a row can say it addresses: the chosen focus items first, then every other item
    rated below target, each in pack order."""
    return chosen + [item for item in item_order if item not in chosen and is_gap(ratings.get(item))]


def addressed_gaps(rows: Rows) -> set[str]:
    return {gap for row in rows.values() if is_live(row) for gap in (row.get("gaps") or [])}


def uncovered_focus(rows: Rows, chosen: list[str]) -> list[str]:
    """Chosen focus items that no live row addresses yet."""
    addressed = addressed_gaps(rows)
    return [item for item in chosen if item not in addressed]


# timeline --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    record: str
    number: str  # the row number, "2.1.3"
    label: str  # the activity (or the expected result when no activity is written)
    objective: str
    start: dt.date
    end: dt.date


def gantt_bars(rows: Rows, groups: list[Group]) -> tuple[list[Bar], int]:
    """One bar per row with both dates valid and in order, in plan order; and how many live rows
    have no such dates (not drawn)."""
    bars, undated = [], 0
    for group in groups:
        for record in group.rows:
            row = rows[record]
            start, end = validation.parse_date(text(row, "start")), validation.parse_date(text(row, "end"))
            if start is None or end is None or end < start:
                undated += 1
                continue
            label = text(row, "activity").strip() or text(row, "result").strip()
            bars.append(Bar(record, group.row_number(record), label, group.objective, start, end))
    return bars, undated
