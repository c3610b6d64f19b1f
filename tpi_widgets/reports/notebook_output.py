"""How documents leave the report notebook: one output per document holding the HTML (what
nbconvert's report template prints) and the document as JSON (what the DOCX writer reads), so both
formats come from the same build; a document that could not be built leaves its reason instead.
Each output's metadata names the document asked for (reports.DOCUMENT_KEY)."""

from __future__ import annotations

from tpi_widgets.reports.document import MIME_TYPE, Document
from tpi_widgets.reports.html import render

FAILURE_MIME_TYPE = "application/vnd.tpi.report-failure+json"


def output_bundle(document: Document) -> dict:
    return {"text/html": render(document), MIME_TYPE: document.to_json()}


def failure_bundle(reason: str) -> dict:
    return {FAILURE_MIME_TYPE: {"reason": reason}}


def document_outputs(nb, key: str) -> dict[str, tuple[dict, Document | None, str]]:
    """{asked document: (its output, the document or None, the reason it failed or "")} of an
    executed report notebook; `key` is the output metadata naming the asked document."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            asked, data = output.get("metadata", {}).get(key), output.get("data", {})
            if asked is None:
                continue
            if MIME_TYPE in data:
                found[asked] = (output, Document.from_json(data[MIME_TYPE]), "")
            elif FAILURE_MIME_TYPE in data:
                found[asked] = (output, None, data[FAILURE_MIME_TYPE].get("reason", ""))
    return found


def missing_document(asked: str) -> str:
    """Why an asked document has no output (a report notebook that stopped short)."""
    return f"the report notebook displayed no document for {asked}"
