"""`tpi template --step 4`: the partnership plan as a spreadsheet to edit and extend offline, read
back by exchange/plan_import.py.

The sheet (layout `templates.PLAN_SHEET`) lists the plan's rows in the page's order, numbered as the
page numbers them, each with its record id in a hidden, locked column, then `EMPTY_ROWS` rows to
add activities. Every choice field has a drop-down from a hidden sheet (objective, technical area,
institution, status; the funding sources as suggestions only, as the page offers them), the dates
are date cells with a date validation and the budget a number cell. The choices are labelled as the
page shows them, in the partnership's language: `plan_choices` gives them to the import too.

openpyxl is imported inside the functions: this module is loaded by the CLI only.
"""

from __future__ import annotations

from dataclasses import dataclass

from tpi_widgets.content import Pack
from tpi_widgets.content.model import item_code
from tpi_widgets.context import StepContext
from tpi_widgets.core import plan, validation
from tpi_widgets.core.records import PLAN
from tpi_widgets.exchange.templates import FIRST_ROW, RECORD, SheetLayout, choice_list, drop_down, write_frame
from tpi_widgets.reports.labels import objective_titles

EMPTY_ROWS = 30  # rows to add activities in, after the plan's own
DATE_FORMAT = "yyyy-mm-dd"  # as the page writes a date
FIRST_DAY, LAST_DAY = "DATE(2000,1,1)", "DATE(2099,12,31)"  # a date cell refuses a typo such as 20277
GAPS_SEPARATOR = ", "  # the gaps addressed, as item codes in one cell


@dataclass(frozen=True)
class PlanChoices:
    """{label as the sheet shows it: the stored value} of each choice field, in one language."""
    objective: dict[str, str]
    area: dict[str, str]
    institution: dict[str, str]
    status: dict[str, str]


def plan_choices(pack: Pack, areas: list[str], institutions: list[str]) -> PlanChoices:
    """The choices of `pack` (in its language) for a partnership's areas and institutions."""
    return PlanChoices(objective={title: o for o, title in objective_titles(pack).items()},
                       area={a.title: a.id for a in pack.areas if a.id in areas},
                       institution={name: name for name in institutions},
                       status={s.label: s.id for s in pack.section("plan").statuses})


def institution_names(ctx: StepContext) -> list[str]:
    return [i["name"] for i in ctx.partnership.institutions]


def plan_book(ctx: StepContext, layout: SheetLayout):
    """The workbook of Step 4's sheet in the partnership's language, and its number of rows."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = ctx.text(layout.title)[:31]  # Excel's longest sheet name
    title = f"{ctx.partnership.name} · {ctx.text('plan.heading', cycle=ctx.cycle)}"
    content = ctx.pack.section("plan")
    choices = plan_choices(ctx.pack, [a.id for a in ctx.areas], institution_names(ctx))
    existing = plan_sheet_rows(ctx, layout, choices)
    rows = existing + [()] * EMPTY_ROWS
    write_frame(sheet, layout, ctx, title, rows, currency=content.currency)
    sheet.column_dimensions[layout.letter(RECORD)].hidden = True  # an id is for the import, not to read
    for key in ("objective", "area", "institution", "status"):
        drop_down(sheet, layout, key, choice_list(book, key, list(getattr(choices, key))), len(rows))
    drop_down(sheet, layout, "funding", choice_list(book, "funding", list(content.funding_sources)), len(rows),
              strict=False)
    for key in ("start", "end"):
        _validate(sheet, layout, key, len(rows), type="date", operator="between", formula1=FIRST_DAY,
                  formula2=LAST_DAY)
        for row in range(FIRST_ROW, FIRST_ROW + len(rows)):
            sheet.cell(row, layout.index(key)).number_format = DATE_FORMAT
    _validate(sheet, layout, "budget", len(rows), type="decimal", operator="greaterThanOrEqual", formula1="0")
    return book, len(rows)


def plan_sheet_rows(ctx: StepContext, layout: SheetLayout, choices: PlanChoices) -> list[tuple]:
    """The plan's rows as the sheet's cells, in the page's order and numbering."""
    rows = {r: {f: e.value for f, e in fields.items()}
            for r, fields in ctx.store.read(ctx.partnership.id, ctx.cycle, PLAN).items()}
    labels = {key: {value: label for label, value in getattr(choices, key).items()}
              for key in ("objective", "area", "institution", "status")}
    out = []
    for group in plan.plan_groups(rows, [(o.id, o.number) for o in ctx.pack.objectives], [a.id for a in ctx.areas]):
        for record in group.rows:
            row = rows[record]
            cells = {RECORD: record, "number": group.row_number(record),
                     **{key: labels[key].get(row.get(key), row.get(key)) for key in labels},
                     "start": _date(row.get("start")), "end": _date(row.get("end")),
                     "budget": _amount(row.get("budget")),
                     "gaps": GAPS_SEPARATOR.join(item_code(g) for g in row.get("gaps") or []) or None}
            out.append(tuple(cells.get(c.key, row.get(c.key)) for c in layout.columns))
    return out


def _date(value):
    """A stored date as a date cell; a text that is not one stays text, to be corrected."""
    return validation.parse_date(str(value)) or value if value else None


def _amount(value):
    """A stored budget as a number cell; a text that is not one stays text."""
    if value in (None, ""):
        return None
    amount = validation.parse_number(str(value))
    return value if amount is None else int(amount) if amount.is_integer() else amount


def _validate(sheet, layout: SheetLayout, key: str, rows: int, **rule):
    from openpyxl.worksheet.datavalidation import DataValidation
    validation_ = DataValidation(allow_blank=True, showErrorMessage=True, **rule)
    letter = layout.letter(key)
    validation_.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + max(rows, 1) - 1}")
    sheet.add_data_validation(validation_)
