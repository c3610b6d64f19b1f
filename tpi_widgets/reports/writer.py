"""Building the planned documents (reports/build.py) from the store, in this process, and writing
their files: HTML through nbconvert's report template, the PDF printed from that HTML
(PdfPrinter, in its own thread, while the next document is built), the Word file (WordWriter,
here or in a second process). `build_groups` for the CLI and batches, `build_kind` for a page."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Callable

from tpi_widgets.errors import ReportError, TPIError
from tpi_widgets.reports import kind_module
from tpi_widgets.reports.build import (FORMATS, Built, Job, Result, context_of, documents_folder, group_jobs,
                                       plan_documents)
from tpi_widgets.reports.document import Document
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.workspace import NOTEBOOKS_DIR, Workspace

TEMPLATES_DIR = NOTEBOOKS_DIR.parent / "templates"


def build_groups(groups: list[list[Job]], done: Callable[[Job], None] = lambda job: None,
                 workspace: Workspace | None = None) -> list[Result]:
    """Build groups of jobs (group_jobs) in this process, each document in its formats, every PDF
    of every group in one browser. The browser starts while the first documents are built and
    prints while the next ones are written. `done(job)` as each document is finished (printed, if
    it has a PDF). One document failing does not stop the others. `workspace`: the jobs' workspace
    when the caller has it open (a page)."""
    from tpi_widgets.reports.pdf import PdfPrinter, find_browser
    jobs = [job for group in groups for job in group]
    browser = find_browser() if any("pdf" in job.formats for job in jobs) else None
    with PdfPrinter(browser) if browser else nullcontext() as printer:
        writer = DocumentWriter(printer, done, workspace)
        for group in groups:
            writer.write_group(group)
        return writer.results()


def build_kind(workspace: Workspace, partnership: str, cycle: int, kind: str, today: str | None = None,
               language: str | None = None) -> list[Built]:
    """Every document of one kind for a partnership's cycle, in every format, dated `today`
    (YYYY-MM-DD; None: today), in `language` (None: the partnership's): the pages' button."""
    jobs = plan_documents(workspace, partnership, (kind,), FORMATS, documents_folder(workspace), cycle, today=today,
                          language=language)
    return build_or_stop(jobs, workspace)


def build_or_stop(jobs: list[Job], workspace: Workspace, say_which: bool = False) -> list[Built]:
    """Every document of `jobs` built, or ReportError with the reason the first one failed (its
    name first, with `say_which`): a page's button shows one line."""
    built = []
    for job, done, reason in build_groups(group_jobs(jobs), workspace=workspace):
        if done is None:
            raise ReportError(f"{job.name}: {reason}" if say_which else reason)
        built.append(done)
    return built


# the documents whose PDFs take longest (their charts and pages) are built first: they print while
# the short ones are built, instead of last, when nothing else is left to do (a partnership's
# documents: 5.4 s -> 4.8 s)
PRINT_LONGEST = ("evaluation", "agreement", "gaps", "baseline", "annex1")


def build_order(job: Job) -> int:
    return PRINT_LONGEST.index(job.kind) if job.kind in PRINT_LONGEST else len(PRINT_LONGEST)


class DocumentWriter:
    """Writes each document's files as it is built: HTML through nbconvert's report template,
    the PDF printed from that HTML (in the printer's thread, meanwhile), the Word file."""

    def __init__(self, printer, done: Callable[[Job], None], workspace: Workspace | None = None):
        self.printer, self.done = printer, done
        self._results: list[list] = []  # [job, Built or None, reason, the future of its PDF if printed]
        self._asked: dict[Job, int] = {}  # each job's place in the order asked
        # the HTML of a document asked without HTML is printed from here, not from the output
        # folder: a page built there before with its HTML keeps it
        self._scratch = Path(tempfile.mkdtemp(prefix="tpi-print-"))
        # each workspace opened once (its pack read once) for all its partnerships
        self._workspaces: dict[str, Workspace] = {str(workspace.root): workspace} if workspace else {}

    def write_group(self, jobs: list[Job]):
        self._asked.update((job, len(self._asked)) for job in jobs)
        try:
            source = self._source(jobs[0])
        except TPIError as exc:
            for job in jobs:
                self._finish([job, None, str(exc), []])
            return
        for job in sorted(jobs, key=build_order):
            try:
                document = kind_module(job.kind).build(source, job.record)
            except TPIError as exc:  # an unknown record, say: this document only
                self._finish([job, None, str(exc), []])
                continue
            self._write(job, document)

    def _source(self, job: Job) -> ReportSource:
        workspace = self._workspaces.get(job.workspace) or Workspace.open(job.workspace)
        self._workspaces[job.workspace] = workspace
        return ReportSource(context_of(workspace, job.partnership, job.cycle, job.language),
                            dt.date.fromisoformat(job.today))

    def _write(self, job: Job, document: Document):
        from tpi_widgets.reports.pdf import HOW_TO_GET_PDF
        built = Built(job, document.title, document.subject)
        stem = Path(job.out) / (document.file_stem or f"{job.partnership}-{job.kind}")
        result = [job, built, "", []]
        page = stem.with_suffix(".html") if "html" in job.formats else self._scratch / f"{stem.name}.html"
        try:
            if "html" in job.formats or "pdf" in job.formats:  # the browser prints the HTML
                page.write_text(render_html(document), encoding="utf-8")
            if "pdf" in job.formats and self.printer is not None:
                result[3].append(self.printer.submit(page, stem.with_suffix(".pdf")))
            elif "pdf" in job.formats:
                built.notes.append(HOW_TO_GET_PDF)
            if "docx" in job.formats:
                from tpi_widgets.reports.docx_writer import write_docx
                write_docx(document, stem.with_suffix(".docx"))
        except OSError as exc:  # a folder or a read-only file in the way: this document only
            result[1:3] = None, cannot_write(exc, job)
        built.files = [stem.with_suffix(f".{kind}") for kind in FORMATS
                       if kind in job.formats and (kind != "pdf" or self.printer is not None)]
        self._finish(result)

    def _finish(self, result: list):
        """`done(job)` now, or once its PDF is printed."""
        self._results.append(result)
        job, printing = result[0], result[3]
        if printing:
            printing[0].add_done_callback(lambda _: self.done(job))
        else:
            self.done(job)

    def results(self) -> list[Result]:
        """Every document's outcome, once its PDF is printed (or failed to be), in the order asked."""
        outcomes = []
        for job, built, reason, printing in self._results:
            for future in printing:
                try:
                    future.result()
                except ReportError as exc:
                    built, reason = None, str(exc)
            outcomes.append((job, built, reason))
        shutil.rmtree(self._scratch, ignore_errors=True)
        return sorted(outcomes, key=lambda outcome: self._asked[outcome[0]])


def cannot_write(exc: OSError, job: Job) -> str:
    return f"cannot write {exc.filename or job.out}: {exc.strerror or exc}"


def render_html(document: Document) -> str:
    """The document's page: nbconvert's report template over a notebook whose one output holds
    the document's HTML."""
    without_iri_grammar()
    import nbformat

    from tpi_widgets.reports.html import render
    page = nbformat.v4.new_notebook()
    page.cells.append(nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": render(document)})]))
    html, _ = report_exporter().from_notebook_node(page, resources={"tpi": {"title": document.title,
                                                                             "language": document.language}})
    return html


def without_iri_grammar():
    """nbformat imports jsonschema, which compiles rfc3987_syntax's IRI grammars (about 2 s) when
    that package is installed, only to check "iri" formats no notebook here uses: marked absent,
    jsonschema goes without it, as where it is not installed."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


@functools.lru_cache(maxsize=1)
def report_exporter():
    """nbconvert's exporter with the report template, loaded once for all of a build's documents."""
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES_DIR)])
