"""`tpi import-sheet` on Step 4's sheet (exchange/plan_template.py): the plan's rows edited and
added offline, checked cell by cell, applied all or nothing.

A row with a record id updates that plan row: only the fields whose cell differs from the store
are written, and an emptied cell empties its field. A row without one, with anything filled in,
adds a row to the plan, as the page's Add button does: a new record id (store.new_record_id), in
one piece (core/records.py new_record_writes), at the end of its group (core/plan.py next_order),
with the pack's default status when none is chosen. A row moved to another objective or area goes
to the end of its new group.

Every problem is named as "sheet, row, column: reason": an unknown or repeated record id, a choice
not in its list (objective, technical area, institution, status), a technical row without its area
or another row with one, a date that is not a date or an end before the start, a budget that is not
a number, an unknown gap code, a text over the pack's limits, a formula. The writes pass the page's
guard (core/access.py WriteGuard) and are saved in one transaction by the participant made for the
file, as Step 2's import does (exchange/sheet_import.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.core import plan, validation
from tpi_widgets.core.access import WriteGuard
from tpi_widgets.core.records import PLAN, RECORDS, imported_role, is_live, new_record_writes
from tpi_widgets.core.text_limits import check_length
from tpi_widgets.errors import BadCell, Refused
from tpi_widgets.exchange.plan_template import plan_choices
from tpi_widgets.exchange.sheet_import import (Outcome, Target, as_text, blank, column_places,
                                               default_texts, find_sheet, open_workbook, stop_on_problems)
from tpi_widgets.exchange.templates import FIRST_ROW, PLAN_SHEET, RECORD
from tpi_widgets.store import Partnership, Write, new_record_id
from tpi_widgets.workspace import Workspace

Key = tuple[str, str, str]
CHOICES = ("objective", "area", "institution", "status")  # closed lists: a value not in them is refused
DATES = ("start", "end")
GAP_CODES = re.compile(r"[\s,;]+")  # "IPC-01, IPC-03" or one code a line
# what an emptied cell writes: the page's empty value of the field's widget
EMPTY = {"institution": None, "area": None, "gaps": []}


@dataclass
class PlanRow:
    row: int  # the sheet's row
    record: str | None  # None: a row to add
    fields: dict[str, object]  # the values read, every filled column (for a row to add, the given ones)


@dataclass
class PlanSheet:
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlanScope:
    """What a plan row may name: the choices (lower-case labels in any of the pack's languages),
    the partnership's items, its live plan rows."""
    choices: dict[str, dict[str, str]]
    items: set[str]
    records: dict[str, dict[str, object]]


def import_plan(target: Target, path: Path, dry_run: bool = False) -> Outcome:
    """Check every cell of Step 4's sheet and, unless `dry_run`, apply it as the target's
    participant's."""
    workspace, partnership, cycle, name = target.workspace, target.partnership, target.cycle, target.name
    store, pack = workspace.store, workspace.pack
    texts = default_texts(pack)
    content = pack.section("plan")
    records = {r: {f: e.value for f, e in fields.items()} for r, fields in store.read(partnership.id, cycle, PLAN).items()}
    scope = PlanScope(choices=plan_choice_labels(workspace, partnership),
                      items={i.id for a in pack.areas if a.id in partnership.areas for i in a.items},
                      records={r: fields for r, fields in records.items() if is_live(fields)})
    sheet = read_plan(path, workspace, scope, content.currency, texts)
    writes, counted = plan_writes(sheet.rows, records, [(o.id, o.number) for o in pack.objectives],
                                  [a.id for a in pack.areas if a.id in partnership.areas], content.default_status)
    guard = WriteGuard(store, partnership.id, cycle, RECORDS.step_of(PLAN), text=texts)
    stop_on_problems(path, sheet.problems, guard, writes)
    role = imported_role(path.name)
    new = sum(1 for r in counted if r.record is None)
    outcome = Outcome(sum(len(r.fields) for r in counted), len(counted), cycle, f"{name} ({role})",
                      unit=f"plan rows ({new} new)")
    if dry_run or not writes:
        return outcome
    importer = store.add_participant(name, "", role)
    store.write_many(partnership.id, cycle, [Write(*key, value) for key, value in writes], importer.id)
    return outcome


def plan_choice_labels(workspace: Workspace, partnership: Partnership) -> dict[str, dict[str, str]]:
    """{choice field: {a label in any of the pack's languages, lower case: the stored value}}."""
    institutions = [i["name"] for i in partnership.institutions]
    labels: dict[str, dict[str, str]] = {key: {} for key in CHOICES}
    for language in workspace.pack.languages:
        choices = plan_choices(workspace.pack_in(language), partnership.areas, institutions)
        for key in CHOICES:
            labels[key].update((label.strip().lower(), value) for label, value in getattr(choices, key).items())
    return labels


# reading the sheet --------------------------------------------------------------------------------
def read_plan(path: Path, workspace: Workspace, scope: PlanScope, currency: str, texts) -> PlanSheet:
    """Every filled row of Step 4's sheet, checked cell by cell."""
    from openpyxl.utils import get_column_letter
    pack, layout = workspace.pack, PLAN_SHEET
    sheet = find_sheet(open_workbook(path), layout, pack, path)
    places, problems = column_places(sheet, layout, pack, currency=currency)
    out = PlanSheet(problems=problems)
    if problems:
        return out
    filled = [column.key for column in layout.columns if column.filled]
    rows_of: dict[str, int] = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        def where(key: str, row=row) -> str:
            heading = pack.text(next(c.heading for c in layout.columns if c.key == key), None, currency=currency)
            return f"{sheet.title}, row {row}, column {get_column_letter(places[key])} ({heading})"

        cells = {key: sheet.cell(row, places[key]) for key in filled}
        given = {key: cell for key, cell in cells.items() if not blank(cell.value)}
        record_cell = sheet.cell(row, places[RECORD])
        record = None if blank(record_cell.value) else as_text(record_cell.value)
        if record is None and not given:
            continue  # an empty row: skipped
        if record is not None and record not in scope.records:
            out.problems.append(f"{where(RECORD)}: {record!r} is not a row of this plan "
                                f"(leave the id empty to add a row)")
            continue
        if record is not None and record in rows_of:
            out.problems.append(f"{where(RECORD)}: {record} again (first on row {rows_of[record]})")
            continue
        if record is not None:
            rows_of[record] = row
        before = len(out.problems)
        fields: dict[str, object] = {}
        for key in filled:
            if key not in given:
                if record is not None or key == "objective":
                    fields[key] = EMPTY.get(key, "")
                continue
            if record is not None and given[key].data_type != "f" and as_text(given[key].value) == plan.text(
                    scope.records[record], key).strip():
                fields[key] = scope.records[record][key]  # left as it was: kept, even if the page let it be odd
                continue
            try:
                fields[key] = cell_value(key, given[key], scope, workspace.pack.limits, record, texts)
            except BadCell as exc:
                out.problems.append(f"{where(key)}: {exc}")
        out.problems += [f"{where(key)}: {reason}" for key, reason in row_problems(fields, given)]
        if len(out.problems) == before:
            out.rows.append(PlanRow(row, record, fields))
    return out


def cell_value(key: str, cell, scope: PlanScope, limits, record: str | None, texts):
    """The stored value of a filled cell; BadCell with the reason when it cannot be one."""
    value = cell.value
    if cell.data_type == "f":
        raise BadCell("a formula; type the value itself")
    if key in CHOICES:
        chosen = scope.choices[key].get(as_text(value).lower())
        if chosen is None:
            raise BadCell(f"{value!r} is not in the list (choose from the list)")
        return chosen
    if key in DATES:
        return date_text(value)
    if key == "budget":
        text = as_text(value)
        if isinstance(value, bool) or validation.parse_number(text) is None:
            raise BadCell(f"{value!r} is not a number")
        return text
    if key == "gaps":
        codes = [code for code in GAP_CODES.split(as_text(value).lower()) if code]
        unknown = [code.upper() for code in codes if code not in scope.items]
        if unknown:
            raise BadCell(f"{', '.join(unknown)}: not an item of this partnership's areas")
        return list(dict.fromkeys(codes))
    text = as_text(value)
    try:
        check_length(limits, (PLAN, record or "new", key), text, texts)
    except Refused as exc:
        raise BadCell(f"{len(text)} characters; {exc}") from None
    return text


def date_text(value) -> str:
    """A date cell, or a text written YYYY-MM-DD, as the page stores a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    day = validation.parse_date(value) if isinstance(value, str) else None
    if day is None:
        raise BadCell(f"{value!r} is not a date (a date cell, or YYYY-MM-DD)")
    return day.isoformat()


def row_problems(fields: dict[str, object], given: dict) -> list[tuple[str, str]]:
    """A row's rules across its cells: its objective, the area a technical row needs (and no other
    row has), an end not before the start."""
    problems = []
    objective = fields.get("objective")
    if "objective" in fields and not objective:
        problems.append(("objective", "a row needs its objective (choose from the list)"))
    if "status" in fields and not fields["status"]:
        problems.append(("status", "a row needs its status (choose from the list)"))
    if objective == plan.TECHNICAL and not fields.get("area") and "area" not in given:
        problems.append(("area", "a technical row needs its area (choose from the list)"))
    if objective and objective != plan.TECHNICAL and "area" in given:
        problems.append(("area", "only a technical row has an area; leave it empty"))
    if "start" in given and "end" in given and validation.date_order(fields.get("start"), fields.get("end")):
        problems.append(("end", "the end is before the start"))
    return problems


# the writes -----------------------------------------------------------------------------------------
def plan_writes(rows: list[PlanRow], records: dict[str, dict[str, object]], objectives: list[tuple[str, int]],
                areas: list[str], default_status: str) -> tuple[list[tuple[Key, object]], list[PlanRow]]:
    """The writes of the sheet's rows, and the rows that write something (with only the fields
    they change)."""
    groups = {group.key: group for group in plan.plan_groups(records, objectives, areas)}
    free = {key: plan.next_order(records, group) for key, group in groups.items()}  # the next order per group

    def order_in(key) -> int:
        free[key] = free.get(key, 1) + 1
        return free[key] - 1

    writes: list[tuple[Key, object]] = []
    counted: list[PlanRow] = []
    for row in rows:
        fields = {key: value for key, value in row.fields.items() if key != "area" or value is not None}
        if row.record is None:
            if fields.get("objective") != plan.TECHNICAL:
                fields.pop("area", None)
            fields.setdefault("status", default_status)
            values = {**fields, "order": order_in(plan.group_key(fields))}
            writes += new_record_writes(PLAN, new_record_id(), values)
            counted.append(PlanRow(row.row, None, fields))
            continue
        stored = records[row.record]
        changed = {key: value for key, value in row.fields.items() if not same(key, stored.get(key), value)}
        if not changed:
            continue
        after = {**stored, **changed}
        if plan.group_key(after) != plan.group_key(stored):
            writes.append(((PLAN, row.record, "order"), order_in(plan.group_key(after))))
        writes += [((PLAN, row.record, key), value) for key, value in changed.items()]
        counted.append(PlanRow(row.row, row.record, changed))
    return writes, counted


def same(key: str, stored, value) -> bool:
    """Whether a cell says what the store holds: empty is empty, a budget is compared as a number
    ("1 500" is 1500)."""
    if stored == value or (not stored and not value):
        return True
    if key == "budget":
        amounts = validation.parse_number(str(stored)), validation.parse_number(str(value))
        return None not in amounts and amounts[0] == amounts[1]
    return stored == value
