"""How a document leaves the report notebook: one output holding the HTML (what nbconvert's
report template prints) and the document as JSON (what the DOCX writer reads), so both formats
come from the same build."""

from __future__ import annotations

from tpi_widgets.errors import ReportError
from tpi_widgets.reports.document import MIME_TYPE, Document
from tpi_widgets.reports.html import render


def output_bundle(document: Document) -> dict:
    return {"text/html": render(document), MIME_TYPE: document.to_json()}


def document_from_notebook(nb) -> Document:
    """The document an executed report notebook displayed."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME_TYPE in data:
                return Document.from_json(data[MIME_TYPE])
    raise ReportError("the report notebook displayed no document")
