"""The documents, built from the store: each step's output (Step 1's profile and agreement,
Step 2's baseline assessment, Step 3's prioritised gap list), Annex 1 (plan), Annex 2 (visit
proposal), Annex 3 (action report) and the evaluation report.

Each document kind is a module with
- `records(source) -> list[str | None]`: the documents of that kind a partnership has (one per
  visit proposal or action report; `[None]` for the plan and the evaluation, or when there is
  nothing yet, so the document says so instead of failing);
- `build(source, record=None) -> Document`: raises ReportError for an unknown record id.
`show_reports` builds several in one report notebook's kernel (reports/build.py runs it).
Modules are imported only when used: a step page that never builds a document pays nothing.
"""

from __future__ import annotations

import importlib

from tpi_widgets.reports.document import Document

KINDS = ("agreement", "baseline", "gaps", "annex1", "annex2", "annex3", "evaluation")  # in step order
DOCUMENT_KEY = "tpi_document"  # an output's metadata: which asked document it is ("kind" or "kind:record")


def kind_module(kind: str):
    if kind not in KINDS:
        from tpi_widgets.errors import ReportError
        raise ReportError(f"unknown document {kind!r} (choose from {', '.join(KINDS)})")
    return importlib.import_module(f"{__name__}.{kind}")


def show_reports(documents: list[str], workspace: str, partnership: str, cycle: int = 1,
                 today: str | None = None) -> None:
    """Build the asked documents of one partnership's cycle, each "kind" or "kind:record", and
    display each as one output of the report notebook (see notebook_output), in the asked order:
    one kernel builds them all. A document that cannot be built (an unknown record, say) is shown
    as its one-line reason, and the others are still built."""
    from IPython.display import display

    from tpi_widgets.errors import TPIError
    from tpi_widgets.reports.notebook_output import failure_bundle, output_bundle
    from tpi_widgets.reports.source import ReportSource
    source = ReportSource.open(workspace, partnership, cycle, today)
    for asked in documents:
        kind, _, record = asked.partition(":")
        try:
            bundle = output_bundle(kind_module(kind).build(source, record or None))
        except TPIError as error:
            bundle = failure_bundle(str(error))
        display(bundle, raw=True, metadata={DOCUMENT_KEY: asked})
