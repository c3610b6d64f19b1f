"""Data in and out of a workspace, beyond the documents: partnership bundles (a ZIP of JSON that
moves a partnership between workspaces, merged field by field), spreadsheets for reading (XLSX,
CSV) and spreadsheets to fill offline and import (Step 2's assessment, Step 4's plan).

This package's own module imports nothing heavy: pandas and openpyxl are imported by the modules
that need them, which only the CLI and a facilitator's button load, never a participant's kernel.
"""

EXPORT_FORMATS = ("bundle", "xlsx", "csv")  # `tpi export --format`
SHEETS_KIND = "sheets"  # a step page's document panel: the partnership's workbook (strings report.name_sheets)
SHEET_STEPS = (2, 4)  # the steps with a spreadsheet to fill offline: the assessment, the plan
