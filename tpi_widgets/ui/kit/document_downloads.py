"""The facilitator's document panel on a step page: build a document from what is saved now,
then download it as HTML, PDF or Word.

It runs the same build as `tpi report` (report notebook, nbconvert, browser print, DOCX) in a
background thread, so the page keeps taking live updates while a document is built. Files
also stay in the workspace's documents/ folder; the links carry the file itself (data: URL),
so the download needs no extra route on the server.
"""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import Callable

import ipywidgets as w

from tpi_widgets.ui.live import failure_reason
from tpi_widgets.core.html import attr, esc, tag

DOWNLOAD_TYPES = {".html": "text/html", ".pdf": "application/pdf",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
FORMAT_NAMES = {".html": "HTML", ".pdf": "PDF", ".docx": "Word"}


def download_link(file: Path) -> str:
    data = base64.b64encode(file.read_bytes()).decode("ascii")
    return (f'<a class="tpi-download" download="{attr(file.name)}" '
            f'href="data:{DOWNLOAD_TYPES[file.suffix]};base64,{data}">{esc(FORMAT_NAMES[file.suffix])}</a>')


def built_links(title: str, files: list[Path]) -> str:
    links = " · ".join(download_link(f) for f in files if f.suffix in DOWNLOAD_TYPES)
    return f'<p class="tpi-document-links">{esc(title)}: {links}</p>'


class DocumentButton(w.VBox):
    """One document kind: a button, then a line per document built (Annex 2 gives one per visit)."""

    def __init__(self, kind: str, text: Callable, build_documents: Callable[[str], list]):
        self.kind, self.text, self.build_documents = kind, text, build_documents
        self.name = text(f"report.name_{kind}")
        self.button = w.Button(description=text("report.build", document=self.name), icon="file-alt")
        self.button.add_class("tpi-build-document")
        self.result = w.HTML()
        self.result.add_class("tpi-document-result")
        self.button.on_click(lambda _: self.start())
        super().__init__([self.button, self.result])

    def start(self):
        self.button.disabled = True
        self.result.value = tag("p", self.text("report.building", document=self.name), "tpi-note")
        threading.Thread(target=self._build, daemon=True, name=f"tpi-build-{self.kind}").start()

    def _build(self):
        try:
            built = self.build_documents(self.kind)
            lines = [built_links(b.title, b.files) for b in built]
            notes = list(dict.fromkeys(n for b in built for n in b.notes))
            self.result.value = (tag("p", self.text("report.built", document=self.name)) + "".join(lines)
                                 + "".join(tag("p", self.text("report.no_pdf"), "tpi-note") for _ in notes[:1]))
        except Exception as exc:  # the build thread's outermost frame: an error not shown here is lost unseen
            self.result.value = tag("p", self.text("report.failed", reason=failure_reason(exc)), "tpi-error")
        finally:
            self.button.disabled = False


class DocumentPanel(w.VBox):
    def __init__(self, kinds: tuple[str, ...], text: Callable, build_documents: Callable[[str], list]):
        heading = w.HTML(tag("h3", text("report.download_heading")) + tag("p", text("report.download_intro")))
        super().__init__([heading] + [DocumentButton(kind, text, build_documents) for kind in kinds])
        self.add_class("tpi-documents")
