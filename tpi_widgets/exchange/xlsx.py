"""Writing tables (pandas DataFrames) as an XLSX workbook a data officer can read, and as CSV:
pandas' ExcelWriter with openpyxl, then openpyxl for the look (frozen header, readable column
widths, dates and times as date cells).

Cells hold participants' text, which is untrusted: a text starting with = + - @ stays text (the
cell is a string, quote-prefixed, never a formula), and control characters that would break the
file are taken out. Import this module only where a spreadsheet is written (the CLI, a
facilitator's button): it imports pandas and openpyxl when its functions run."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    import pandas

FORMULA_START = ("=", "+", "-", "@")  # what Excel and LibreOffice read as the start of a formula
# XML 1.0 refuses these characters: a cell holding one makes the workbook unreadable
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_WIDTH, MIN_WIDTH = 60, 8  # characters
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
SHEET_NAME_LENGTH = 31  # Excel's limit


def clean_text(value):
    """Text without the control characters XML refuses; any other value unchanged."""
    return CONTROL.sub("", value) if isinstance(value, str) else value


def text_columns(table: "pandas.DataFrame") -> list:
    """The columns that may hold text (object, or pandas' string dtype)."""
    from pandas.api.types import is_object_dtype, is_string_dtype
    return [c for c in table.columns if is_object_dtype(table[c]) or is_string_dtype(table[c])]


def clean_table(table: "pandas.DataFrame") -> "pandas.DataFrame":
    table = table.copy()
    table.columns = [clean_text(str(c)) for c in table.columns]
    for column in text_columns(table):
        table[column] = table[column].map(clean_text)
    return table


def write_workbook(path: Path, sheets: Mapping[str, "pandas.DataFrame"]) -> Path:
    """One sheet per table, in the order given ({sheet name: table}); returns `path`."""
    import pandas as pd
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            clean_table(table).to_excel(writer, sheet_name=name[:SHEET_NAME_LENGTH], index=False)
        for sheet in writer.book.worksheets:
            shape_sheet(sheet)
    return path


def shape_sheet(sheet):
    """Text stays text, dates show as dates, the header row stays in view, columns fit (within
    MAX_WIDTH)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str):
                keep_as_text(cell)
            elif isinstance(value, dt.datetime):
                cell.number_format = TIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            longest = max((len(line) for line in str(value if value is not None else "").splitlines()), default=0)
            widths[cell.column] = max(widths.get(cell.column, 0), min(longest + 2, MAX_WIDTH))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(width, MIN_WIDTH)
    sheet.freeze_panes = "A2"


def keep_as_text(cell):
    """A string cell; one that looks like a formula is quote-prefixed, so Excel shows it as typed
    and never evaluates it (openpyxl would write "=..." as a formula)."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


def write_csv(path: Path, table: "pandas.DataFrame") -> Path:
    """UTF-8 with a byte order mark, so Excel reads the accents; dates as YYYY-MM-DD. A text that
    looks like a formula starts with an apostrophe (Excel's own mark for "this is text")."""
    table = clean_table(table)
    for column in text_columns(table):
        table[column] = table[column].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    table.to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d %H:%M")
    return path
