"""The network document's tables (reports/network.py) as a spreadsheet, one sheet per table,
through exchange/xlsx.py: a count is a number, any other cell text (never a formula)."""

from __future__ import annotations

from pathlib import Path

from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports.network import NetworkRun, sheets


def sheet_cell(cell):
    """A count as a number (a spreadsheet sums it); any other text isolated for direction where
    it needs it (one that looks like a formula stays text: xlsx.keep_as_text)."""
    text = str(cell)
    return int(text) if text.isdigit() else isolate_where_needed(text)


def write_network_workbook(run: NetworkRun, out: Path) -> Path:
    """documents/network-<date>.xlsx (`out` the folder, which reports.network.write_network checked)."""
    import pandas as pd

    from tpi_widgets.exchange.xlsx import write_workbook
    frames = {name: pd.DataFrame([[sheet_cell(cell) for cell in row] for row in rows[1:]], columns=list(rows[0]))
              for name, rows in sheets(run.words, run.summaries).items()}
    return write_workbook(out / f"{run.document.file_stem}.xlsx", frames)
