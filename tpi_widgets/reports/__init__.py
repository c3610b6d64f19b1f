"""The annex documents: Annex 1 (plan), Annex 2 (visit proposal), Annex 3 (action report) and
the evaluation report, built from the store.

Each document kind is a module with
- `records(source) -> list[str | None]`: the documents of that kind a partnership has (one per
  visit proposal or action report; `[None]` for the plan and the evaluation, or when there is
  nothing yet, so the document says so instead of failing);
- `build(source, record=None) -> Document`: raises ReportError for an unknown record id.
Modules are imported only when used: a step page that never builds a document pays nothing.
"""

from __future__ import annotations

import importlib

from tpi_widgets.reports.document import Document

KINDS = ("annex1", "annex2", "annex3", "evaluation")


def kind_module(kind: str):
    if kind not in KINDS:
        from tpi_widgets.errors import ReportError
        raise ReportError(f"unknown document {kind!r} (choose from {', '.join(KINDS)})")
    return importlib.import_module(f"{__name__}.{kind}")


def show_report(kind: str, workspace: str, partnership: str, cycle: int = 1, record: str | None = None,
                today: str | None = None) -> Document:
    """Build one document and display it as the report notebook's output (see notebook_output)."""
    from IPython.display import display

    from tpi_widgets.reports.notebook_output import output_bundle
    from tpi_widgets.reports.source import ReportSource
    source = ReportSource.open(workspace, partnership, cycle, today)
    document = kind_module(kind).build(source, record or None)
    display(output_bundle(document), raw=True)
    return document
