"""`tpi template`: a spreadsheet a facility fills offline before the workshop, read back by
`tpi import-sheet` (exchange/sheet_import.py).

Step 2's sheet lists every item of the partnership's technical areas (area, item code, statement,
in the partnership's language) with a RATING column whose drop-down offers the pack's scale as the
page shows it ("2 · Partly in place", then "not applicable"), and EVIDENCE and SOURCE columns.
Row 1 names the partnership and the assessment, row 2 says what to do, row 3 holds the headings;
the items start on row 4. The sheet is protected without a password so the pack's columns are not
changed by accident; the columns to fill are unlocked.

Step 4's sheet (`PLAN_SHEET`, built by exchange/plan_template.py) lists the plan's rows to edit,
then empty rows to add; a hidden, locked column holds each existing row's record id.

The layouts (`BASELINE_SHEET`, `PLAN_SHEET`) are declared once here and the import reads it. openpyxl is imported
inside the functions: this module is loaded by the CLI only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tpi_widgets.content import Pack
from tpi_widgets.content.model import NOT_APPLICABLE, item_code
from tpi_widgets.context import StepContext
from tpi_widgets.core.cycles import latest_cycle
from tpi_widgets.errors import TPIError
from tpi_widgets.workspace import Workspace

TITLE_ROW, INSTRUCTION_ROW, HEADING_ROW = 1, 2, 3
FIRST_ROW = HEADING_ROW + 1  # the first item's row
LISTS_SHEET = "lists"  # a hidden sheet holding the drop-downs' choices (a list may hold commas, and be long)
ITEM = "item"
RECORD = "record"  # the plan sheet's column of record ids: a row with one updates that record


@dataclass(frozen=True)
class Column:
    key: str  # the field it fills ("rating") or what the pack gives ("area", "item", "statement")
    heading: str  # the UI string naming it
    width: int  # characters
    filled: bool = False  # the facility fills it (unlocked); else it comes from the pack (locked)


@dataclass(frozen=True)
class SheetLayout:
    step: int
    title: str  # the UI string naming the sheet
    instruction: str  # the UI string of row 2
    columns: tuple[Column, ...]
    row_key: str = ITEM  # the column naming what a row fills: it must be there to read the sheet

    def letter(self, key: str) -> str:
        from openpyxl.utils import get_column_letter
        return get_column_letter(self.index(key))

    def index(self, key: str) -> int:
        """The column's number, 1 for A."""
        return next(i for i, column in enumerate(self.columns, 1) if column.key == key)

    def titles(self, pack: Pack) -> set[str]:
        """The sheet's name in every language of the pack: a sheet made in one is read in any."""
        return {pack.text(self.title, language)[:31] for language in pack.languages}

    def headings(self, pack: Pack, **values) -> dict[str, str]:
        """{a heading in any of the pack's languages, lower case: the column's key}; `values` fill
        the headings' placeholders (the plan's currency)."""
        return {pack.text(column.heading, language, **values).strip().lower(): column.key
                for column in self.columns for language in pack.languages}


BASELINE_SHEET = SheetLayout(2, "offline.baseline_sheet", "offline.baseline_instruction", (
    Column("area", "offline.area", 28),
    Column(ITEM, "offline.item", 10),
    Column("statement", "offline.statement", 60),
    Column("rating", "assessment.rating", 26, filled=True),
    Column("evidence", "assessment.evidence", 50, filled=True),
    Column("source", "assessment.source", 30, filled=True)))
# Step 4's plan: its existing rows (to edit) then empty ones (to add); built by exchange/plan_template.py
PLAN_SHEET = SheetLayout(4, "offline.plan_sheet", "offline.plan_instruction", (
    Column(RECORD, "offline.record_id", 10),
    Column("number", "annex1.col_number", 7),
    Column("objective", "annex1.budget_objective", 30, filled=True),
    Column("area", "offline.area", 28, filled=True),
    Column("result", "annex1.result", 40, filled=True),
    Column("activity", "annex1.col_activity", 40, filled=True),
    Column("responsible", "annex1.col_responsible", 24, filled=True),
    Column("institution", "agreement_doc.col_institution", 28, filled=True),
    Column("start", "annex1.col_start", 12, filled=True),
    Column("end", "annex1.col_end", 12, filled=True),
    Column("resources", "annex1.resources", 30, filled=True),
    Column("budget", "annex1.budget", 14, filled=True),
    Column("funding", "annex1.funding", 26, filled=True),
    Column("indicator", "annex1.indicator", 30, filled=True),
    Column("baseline", "annex1.baseline", 20, filled=True),
    Column("target", "annex1.target", 20, filled=True),
    Column("verification", "annex1.verification", 26, filled=True),
    Column("status", "annex1.col_status", 16, filled=True),
    Column("gaps", "annex1.gaps", 20, filled=True)), row_key=RECORD)
LAYOUTS = {layout.step: layout for layout in (BASELINE_SHEET, PLAN_SHEET)}


def rating_choices(pack: Pack) -> dict[str, object]:
    """{label as the drop-down shows it: the stored rating}: "2 · Partly in place" -> 2, as the
    Step 2 page shows the scale (ui/kit/rating.py scale_options), then "not applicable"."""
    scale = pack.scale
    return {**{f"{level.value} · {level.label}": level.value for level in scale.levels},
            scale.not_applicable.label: NOT_APPLICABLE}


def layout_of(step: int) -> SheetLayout:
    if step not in LAYOUTS:
        raise TPIError(f"no spreadsheet for Step {step} yet (there is one for Step "
                       f"{', '.join(map(str, LAYOUTS))})")
    return LAYOUTS[step]


def write_template(workspace_dir: str, slug: str, step: int, out: str, build=None) -> tuple[Path, int]:
    """Write the step's sheet for the partnership's latest cycle to `out`; returns the file and
    how many rows there are to fill. `build(ctx, layout)` makes the workbook: Step 2's by default
    (exchange/offline.py passes the plan's)."""
    layout = layout_of(step)
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        raise TPIError(f"--out {out}: the file name must end in .xlsx")
    if not target.parent.is_dir():
        raise TPIError(f"--out {out}: no folder {target.parent}")
    workspace = Workspace.open(workspace_dir)
    partnership = workspace.store.partnership(slug)
    ctx = StepContext(workspace, partnership, latest_cycle(workspace.store, partnership.id))
    book, rows = (build or baseline_book)(ctx, layout)
    book.save(target)
    return target, rows


def baseline_book(ctx: StepContext, layout: SheetLayout):
    """The workbook of Step 2's sheet in the partnership's language, and its number of items."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = ctx.text(layout.title)[:31]  # Excel's longest sheet name
    title = f"{ctx.partnership.name} · {ctx.text('assessment.heading', cycle=ctx.cycle)}"
    rows = [(area.title, item_code(item.id), item.text) for area in ctx.areas for item in area.items]
    write_frame(sheet, layout, ctx, title, rows)
    choices = choice_list(book, "rating", list(rating_choices(ctx.pack)))
    drop_down(sheet, layout, "rating", choices, len(rows))
    return book, len(rows)


def write_frame(sheet, layout: SheetLayout, ctx: StepContext, title: str, rows: list[tuple], **values):
    """Title, instruction, headings and the pack's columns; filled columns unlocked, the sheet
    protected (no password), widths readable, the headings frozen; `values` fill the headings'
    placeholders."""
    from openpyxl.styles import Alignment, Font, Protection
    text_cell(sheet.cell(TITLE_ROW, 1), title).font = Font(bold=True, size=13)
    instruction = text_cell(sheet.cell(INSTRUCTION_ROW, 1), ctx.text(layout.instruction))
    instruction.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=INSTRUCTION_ROW, start_column=1, end_row=INSTRUCTION_ROW,
                      end_column=len(layout.columns))
    sheet.row_dimensions[INSTRUCTION_ROW].height = 48
    for number, column in enumerate(layout.columns, 1):
        text_cell(sheet.cell(HEADING_ROW, number), ctx.text(column.heading, **values)).font = Font(bold=True)
        sheet.column_dimensions[layout.letter(column.key)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows):
        row = FIRST_ROW + offset
        for number, column in enumerate(layout.columns, 1):
            cell = sheet.cell(row, number)
            if column.filled:
                cell.protection = Protection(locked=False)
            if number <= len(values):  # the pack's columns, and a plan row's values to edit
                text_cell(cell, values[number - 1])
            cell.alignment = wrap
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
    sheet.protection.sheet = True  # no password: a guard against slips, not a lock
    for option in ("formatRows", "formatColumns"):  # widening a column or a row stays allowed
        setattr(sheet.protection, option, False)


def choice_list(book, name: str, labels: list[str]) -> str:
    """The choices on the hidden lists sheet, one column per list; returns the range naming them."""
    if LISTS_SHEET in book.sheetnames:
        lists = book[LISTS_SHEET]
    else:
        lists = book.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
    column = lists.max_column if lists.max_row > 1 or lists.cell(1, 1).value is not None else 0
    column += 1
    for row, label in enumerate(labels, 1):
        text_cell(lists.cell(row, column), label)
    from openpyxl.utils import get_column_letter
    letter = get_column_letter(column)
    return f"{LISTS_SHEET}!${letter}$1:${letter}${len(labels)}"


def drop_down(sheet, layout: SheetLayout, key: str, choices: str, rows: int, strict: bool = True):
    """A list validation on the column's rows: a value not in the list is refused as typed, unless
    not `strict` (suggestions: the plan's funding sources)."""
    from openpyxl.worksheet.datavalidation import DataValidation
    validation = DataValidation(type="list", formula1=choices, allow_blank=True, showErrorMessage=strict)
    letter = layout.letter(key)
    validation.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + max(rows, 1) - 1}")
    sheet.add_data_validation(validation)


def text_cell(cell, value):
    """A cell holding `value` as text, never a formula, even when it starts with = + - or @."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
