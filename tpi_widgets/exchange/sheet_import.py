"""`tpi import-sheet`: read back a spreadsheet written by `tpi template` (exchange/templates.py)
and filled offline, all or nothing.

Every cell is checked before anything is written, and every problem is collected as "sheet, row,
column: reason": an item code not among the partnership's items, a rating not on the pack's scale,
a text longer than its field may hold (the pack's limits, core/text_limits.py), a formula where a
value belongs, a wrong sheet or a missing column, a file that is not an XLSX workbook. One problem
and nothing is written. Otherwise every value is saved in one transaction (Store.write_many).

The values are saved by a participant made for the person who filled the sheet, whose role
records the file (core/records.py imported_role): "saved by" lines show them as imported. Ratings
follow the page's rules (core/reconcile.py): each is the importer's proposal and, until the item
is agreed, the shared rating too; an agreed rating is never changed by an import. Writes pass the
guard every page write passes (core/access.py WriteGuard): nothing goes into a locked step or a
closed cycle. Rows with nothing filled in are skipped.

The file's sheet names its template (`sheet_layout`; exchange/offline.py routes the file): Step 4's
plan is read by exchange/plan_import.py, with this module's helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.content import Pack
from tpi_widgets.core import reconcile
from tpi_widgets.core.access import WriteGuard
from tpi_widgets.core.cycles import cycles_of
from tpi_widgets.core.records import BASELINE, RECORDS, imported_role
from tpi_widgets.core.text_limits import check_length
from tpi_widgets.errors import Refused, SheetProblems, TPIError
from tpi_widgets.exchange.templates import BASELINE_SHEET, FIRST_ROW, HEADING_ROW, LAYOUTS, SheetLayout, rating_choices
from tpi_widgets.store import Partnership, Write
from tpi_widgets.workspace import Workspace

Key = tuple[str, str, str]


@dataclass
class SheetValues:
    """What a filled sheet holds, checked: per item, the fields filled in."""
    items: dict[str, dict[str, object]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(values) for values in self.items.values())


@dataclass(frozen=True)
class Outcome:
    values: int
    items: int
    cycle: int
    participant: str  # as saved: the name, then the role recording the file
    unit: str = "items"  # what `items` counts: "plan rows (2 new)" for the plan's sheet


@dataclass(frozen=True)
class Target:
    """Where a sheet's values go and who saved them, checked before the file is read."""
    workspace: Workspace
    partnership: Partnership
    cycle: int
    name: str  # the person who filled the sheet


def import_target(workspace_dir: str, slug: str, participant: str, cycle: int | None = None) -> Target:
    workspace = Workspace.open(workspace_dir)
    store, pack = workspace.store, workspace.pack
    partnership = store.partnership(slug)
    cycles = cycles_of(store, partnership.id)
    cycle = cycle or cycles[-1]
    if cycle not in cycles:
        raise TPIError(f"{slug} has no cycle {cycle} (it has {', '.join(map(str, cycles))})")
    name = participant.strip()
    if not name or len(name) > pack.limits.name:
        raise TPIError(f"--participant: a name of 1 to {pack.limits.name} characters")
    return Target(workspace, partnership, cycle, name)


def import_baseline(target: Target, path: Path, dry_run: bool = False) -> Outcome:
    """Check every cell of Step 2's sheet and, unless `dry_run`, save its values as the target's
    participant's."""
    workspace, partnership, cycle, name = target.workspace, target.partnership, target.cycle, target.name
    store, pack = workspace.store, workspace.pack
    texts = default_texts(pack)
    items = {item.id for area in workspace.pack.areas if area.id in partnership.areas for item in area.items}
    values = read_baseline(path, pack, BASELINE_SHEET, items, rating_labels(workspace), texts)
    records = {record: {f: e.value for f, e in fields.items()}
               for record, fields in store.read(partnership.id, cycle, BASELINE).items()}
    writes = baseline_writes(values, records, "?")  # the importer has no id until the import is sure
    guard = WriteGuard(store, partnership.id, cycle, RECORDS.step_of(BASELINE), text=texts)
    stop_on_problems(path, values.problems, guard, writes)
    role = imported_role(path.name)
    outcome = Outcome(values.count, len(values.items), cycle, f"{name} ({role})")
    if dry_run or not writes:
        return outcome
    importer = store.add_participant(name, "", role)
    writes = baseline_writes(values, records, str(importer.id))
    store.write_many(partnership.id, cycle, [Write(*key, value) for key, value in writes], importer.id)
    return outcome


def default_texts(pack: Pack):
    """The pack's UI strings in its default language: the CLI speaks it."""
    return lambda key, **values: pack.text(key, None, **values)


def refused(guard: WriteGuard, key: Key, value) -> str | None:
    try:
        guard(key, value)
    except Refused as exc:
        return str(exc)
    return None


def stop_on_problems(path: Path, problems: list[str], guard: WriteGuard, writes: list[tuple[Key, object]]):
    """Every problem of the sheet, and every write the page's rules refuse (a locked step, a closed
    cycle): any at all, and nothing is written."""
    problems = problems + [f"{path.name}: {refusal}"
                           for refusal in sorted({refused(guard, key, value) for key, value in writes} - {None})]
    if problems:
        raise SheetProblems(path, problems)


def baseline_writes(values: SheetValues, records: dict[str, dict[str, object]], importer: str) -> list[tuple[Key, object]]:
    """The writes of Step 2's values: a rating is the importer's proposal and, until the item is
    agreed, the shared rating too (as a rating chosen on the page); evidence and source are the
    item's own fields."""
    proposals = reconcile.proposals_collection(BASELINE)
    writes: list[tuple[Key, object]] = []
    for item, fields in values.items.items():
        for name, value in fields.items():
            if name != reconcile.RATING:
                writes.append(((BASELINE, item, name), value))
                continue
            writes.append(((proposals, item, importer), value))
            if not reconcile.is_agreed(records, item):
                writes += reconcile.shared_rating_writes(BASELINE, item)(value)
    return writes


# reading the workbook ---------------------------------------------------------------------------
def open_workbook(path: Path):
    """The workbook, or SheetProblems when the file is missing or not an XLSX workbook."""
    from zipfile import BadZipFile
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    if not path.is_file():
        raise SheetProblems(path, [f"{path}: no such file"])
    try:
        return load_workbook(path)  # not read-only: the sheet's merged cells and types as written
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetProblems(path, [f"{path.name}: not an XLSX workbook ({type(exc).__name__})"]) from None


def sheet_layout(path: Path, pack: Pack) -> SheetLayout:
    """Which template the file was made from, by its sheet's name; Step 2's when none matches (its
    reading then names the sheet it lacks)."""
    names = set(open_workbook(path).sheetnames)
    return next((layout for layout in LAYOUTS.values() if names & layout.titles(pack)), BASELINE_SHEET)


def find_sheet(book, layout: SheetLayout, pack: Pack, path: Path):
    titles = layout.titles(pack)
    sheet = next((book[name] for name in book.sheetnames if name in titles), None)
    if sheet is None:
        raise SheetProblems(path, [f"{path.name}: no sheet named {' or '.join(map(repr, sorted(titles)))} "
                                   f"(it has {', '.join(map(repr, book.sheetnames))})"])
    return sheet


def column_places(sheet, layout: SheetLayout, pack: Pack, **values) -> tuple[dict[str, int], list[str]]:
    """{column key: its column number} from the heading row, and the problems: a missing column.
    `values` fill the headings' placeholders."""
    from openpyxl.utils import get_column_letter
    known = layout.headings(pack, **values)
    places: dict[str, int] = {}
    for cell in sheet[HEADING_ROW]:
        key = known.get(str(cell.value or "").strip().lower())
        if key is not None and key not in places:
            places[key] = cell.column
    problems = [f"{sheet.title}, row {HEADING_ROW}, column {get_column_letter(layout.index(column.key))}: "
                f"no column {pack.text(column.heading, None, **values)!r} (the headings must stay as tpi template wrote them)"
                for column in layout.columns if column.key not in places and (column.filled or column.key == layout.row_key)]
    return places, problems


def read_baseline(path: Path, pack: Pack, layout: SheetLayout, items: set[str], ratings: dict[str, object],
                  texts) -> SheetValues:
    """Every filled row of Step 2's sheet, checked cell by cell."""
    from openpyxl.utils import get_column_letter
    sheet = find_sheet(open_workbook(path), layout, pack, path)
    places, problems = column_places(sheet, layout, pack)
    values = SheetValues(problems=problems)
    if problems:
        return values
    filled = [column for column in layout.columns if column.filled]
    rows_of: dict[str, int] = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        def where(key: str) -> str:
            return f"{sheet.title}, row {row}, column {get_column_letter(places[key])} ({heading(key)})"

        def heading(key: str) -> str:
            return pack.text(next(c.heading for c in layout.columns if c.key == key), None)

        cells = {key: sheet.cell(row, number) for key, number in places.items()}
        given = {column.key: cells[column.key] for column in filled if blank(cells[column.key].value) is False}
        if not given:
            continue  # nothing filled in: skipped
        code = str(cells[layout.row_key].value or "").strip().lower()
        if code not in items:
            shown = cells[layout.row_key].value
            values.problems.append(f"{where(layout.row_key)}: " + (f"{shown!r} is not an item of this partnership's areas"
                                                         if shown is not None else "no item code"))
            continue
        if code in rows_of:
            values.problems.append(f"{where(layout.row_key)}: {code.upper()} again (first on row {rows_of[code]})")
            continue
        rows_of[code] = row
        fields: dict[str, object] = {}
        for key, cell in given.items():
            if cell.data_type == "f":
                values.problems.append(f"{where(key)}: a formula; type the value itself")
                continue
            if key == reconcile.RATING:
                rating = ratings.get(as_text(cell.value).lower())
                if rating is None:
                    values.problems.append(f"{where(key)}: {cell.value!r} is not on the scale (choose from the list)")
                    continue
                fields[key] = rating
                continue
            value = as_text(cell.value)
            try:
                check_length(pack.limits, (BASELINE, code, key), value, texts)
            except Refused as exc:
                values.problems.append(f"{where(key)}: {len(value)} characters; {exc}")
                continue
            fields[key] = value
        values.items[code] = fields
    return values


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """A cell's value as text: a whole number without ".0" (a rating typed as 2 reads 2.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def rating_labels(workspace: Workspace) -> dict[str, object]:
    """{a way to write a rating, lower case: the stored rating}: the drop-down's label in any of the
    pack's languages, or the level's number alone ("2")."""
    labels = {str(level.value): level.value for level in workspace.pack.scale.levels}
    for language in workspace.pack.languages:
        labels.update((label.lower(), value) for label, value in rating_choices(workspace.pack_in(language)).items())
    return labels
