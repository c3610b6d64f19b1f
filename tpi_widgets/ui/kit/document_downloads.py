"""The facilitator's document panel on a step page: build a document from what is saved now,
dated as the facilitator chooses (today unless changed), in one of the pack's languages (the
partnership's unless changed), then download it as HTML, PDF or Word.

It runs the same build as `tpi report` (the builders, nbconvert, browser print, DOCX) in a
background thread, so the page keeps taking live updates while a document is built. Files
also stay in the workspace's documents/ folder; the links carry the file itself (data: URL),
so the download needs no extra route on the server.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
from pathlib import Path
from typing import Callable

import ipywidgets as w

from tpi_widgets.exchange import SHEETS_KIND
from tpi_widgets.reports.pack import PACK_KIND
from tpi_widgets.ui.live import failure_reason
from tpi_widgets.core.html import attr, esc, tag
from tpi_widgets.core.validation import date as date_problem

DOWNLOAD_TYPES = {".html": "text/html", ".pdf": "application/pdf",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  ".zip": "application/zip",
                  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMAT_NAMES = {".html": "HTML", ".pdf": "PDF", ".docx": "Word", ".zip": "ZIP", ".xlsx": "Spreadsheet (XLSX)"}


def download_link(file: Path) -> str:
    data = base64.b64encode(file.read_bytes()).decode("ascii")
    return (f'<a class="tpi-download" download="{attr(file.name)}" '
            f'href="data:{DOWNLOAD_TYPES[file.suffix]};base64,{data}">{esc(FORMAT_NAMES[file.suffix])}</a>')


def built_links(title: str, subject: str, files: list[Path]) -> str:
    """One document's downloads, named by its title and, when there are several of its kind
    (visits, reports), which one it is."""
    links = " · ".join(download_link(f) for f in files if f.suffix in DOWNLOAD_TYPES)
    name = f"{title} — {subject}" if subject else title
    return f'<p class="tpi-document-links">{esc(name)}: {links}</p>'


class DocumentButton(w.VBox):
    """One document kind: a button, then a line per document built (Annex 2 gives one per visit)."""

    def __init__(self, kind: str, text: Callable, build_documents: Callable[[str, str, str], list],
                 document_date: Callable[[], str | None], document_language: Callable[[], str]):
        self.kind, self.text, self.build_documents, self.document_date = kind, text, build_documents, document_date
        self.document_language = document_language
        self.name = text(f"report.name_{kind}")
        self.button = w.Button(description=text("report.build", document=self.name), icon="file-alt")
        self.button.add_class("tpi-build-document")
        self.result = w.HTML()
        self.result.add_class("tpi-document-result")
        self.button.on_click(lambda _: self.start())
        super().__init__([self.button, self.result])
        self.add_class(f"tpi-document-{kind}")

    def start(self):
        today = self.document_date()
        if today is None:  # the panel's date field says why
            self.result.value = tag("p", self.text("report.date_first"), "tpi-error")
            return
        self.button.disabled = True
        self.result.value = tag("p", self.text("report.building", document=self.name), "tpi-note")
        threading.Thread(target=self._build, args=(today, self.document_language()), daemon=True,
                         name=f"tpi-build-{self.kind}").start()

    def _build(self, today: str, language: str):
        try:
            built = self.build_documents(self.kind, today, language)
            lines = [built_links(b.title, b.subject, b.files) for b in built]
            notes = list(dict.fromkeys(n for b in built for n in b.notes))
            self.result.value = (tag("p", self.text("report.built", document=self.name)) + "".join(lines)
                                 + "".join(tag("p", self.text("report.no_pdf"), "tpi-note") for _ in notes[:1]))
        except Exception as exc:  # the build thread's outermost frame: an error not shown here is lost unseen
            self.result.value = tag("p", self.text("report.failed", reason=failure_reason(exc)), "tpi-error")
        finally:
            self.button.disabled = False


class DocumentPanel(w.VBox):
    """The date the documents carry (today by default, as `tpi report --date`), checked as it is
    typed, and their language (`languages`: [(name, code)], `language` chosen first, as `tpi
    report --language`) side by side; a button per document kind of the step, and the workshop
    pack's."""

    def __init__(self, kinds: tuple[str, ...], text: Callable, build_documents: Callable[[str, str, str], list],
                 languages: list[tuple[str, str]], language: str):
        self.text = text
        heading = w.HTML(tag("h3", text("report.download_heading")) + tag("p", text("report.download_intro")))
        self.date = w.Text(value=dt.date.today().isoformat(), description=text("report.date_label"),
                           placeholder="YYYY-MM-DD", style={"description_width": "initial"})
        self.date.add_class("tpi-document-date")
        codes = [code for _, code in languages]
        self.language = w.Dropdown(options=languages, value=language if language in codes else codes[0],
                                   description=text("report.language_label"),
                                   style={"description_width": "initial"}, layout=w.Layout(margin="2px 0 2px 1.5em"))
        self.language.add_class("tpi-document-language")
        self.date_problem = w.HTML()
        self.date.observe(lambda _: self._check_date(), "value")
        # the step's own documents, then the workshop pack: every document of the cycle at once, and
        # the partnership's workbook (every record of every cycle, for a data officer)
        buttons = [DocumentButton(kind, text, build_documents, self.document_date, lambda: self.language.value)
                   for kind in (*kinds, PACK_KIND, SHEETS_KIND)]
        choices = w.HBox([self.date, self.language], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([heading, choices, self.date_problem] + buttons)
        self.add_class("tpi-documents")

    def _check_date(self):
        wrong = self.document_date() is None
        self.date_problem.value = tag("p", self.text("validation.date"), "tpi-field-error") if wrong else ""

    def document_date(self) -> str | None:
        """The date typed, as YYYY-MM-DD; None while it is not a date."""
        value = self.date.value.strip()
        return value if value and date_problem(value) is None else None
