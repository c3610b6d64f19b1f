"""The documents, built from the store: each step's output (Step 1's profile and agreement,
Step 2's baseline assessment, Step 3's prioritised gap list), Annex 1 (plan), Annex 2 (visit
proposal), Annex 3 (action report) and the evaluation report.

Each document kind is a module with
- `records(source) -> list[str | None]`: the documents of that kind a partnership has (one per
  visit proposal or action report; `[None]` for the plan and the evaluation, or when there is
  nothing yet, so the document says so instead of failing);
- `build(source, record=None) -> Document`: raises ReportError for an unknown record id.
reports/build.py builds them (HTML, PDF, Word); reports/pack.py makes the workshop pack.
Modules are imported only when used: a step page that never builds a document pays nothing.
"""

from __future__ import annotations

import importlib

KINDS = ("agreement", "baseline", "gaps", "annex1", "annex2", "annex3", "evaluation")  # in step order


def kind_module(kind: str):
    if kind not in KINDS:
        from tpi_widgets.errors import ReportError
        raise ReportError(f"unknown document {kind!r} (choose from {', '.join(KINDS)})")
    return importlib.import_module(f"{__name__}.{kind}")

