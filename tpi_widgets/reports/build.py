"""Build documents from the store, in this process: each document kind's builder makes a Document
(reports/<kind>.py), nbconvert renders it through templates/report (HTML), one browser prints
the HTML (PDF) while the next document is built, and the same Document is written as Word (DOCX).

`plan_documents` checks everything a user can get wrong (partnership, record ids, formats,
output folder) before anything is built, so a mistake writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import sys
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tpi_widgets.errors import ReportError
from tpi_widgets.workspace import NOTEBOOKS_DIR, Workspace
from tpi_widgets.reports import KINDS, kind_module
from tpi_widgets.reports.document import Document
from tpi_widgets.reports.source import ReportSource

TEMPLATES_DIR = NOTEBOOKS_DIR.parent / "templates"
FORMATS = ("html", "pdf", "docx")
RECORD_NOUNS = {"annex2": "visit proposal", "annex3": "action report"}
CHOICES = "agreement, baseline, gaps, 1, 2, 3, evaluation, all"  # what --annex takes


@dataclass(frozen=True)
class Job:
    """One document to build: picklable, so a process pool can take it."""
    workspace: str
    partnership: str
    cycle: int
    kind: str
    record: str | None
    formats: tuple[str, ...]
    out: str
    today: str
    language: str  # one of the pack's languages; the partnership's unless asked for another

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.partnership, self.kind, self.record) if part)

    @property
    def run(self) -> tuple:
        """What a source of documents is opened for (reports/source.py): jobs alike in this share one."""
        return self.workspace, self.partnership, self.cycle, self.today, self.language


@dataclass
class Built:
    job: Job
    title: str = ""
    subject: str = ""  # which one of several of its kind (Document.subject)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. how to get PDF when no browser is found


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ReportError(f"unknown format {', '.join(unknown) or repr(text)} (choose from {', '.join(FORMATS)})")
    return formats


KIND_NAMES = {"1": "annex1", "2": "annex2", "3": "annex3"}  # --annex's short names; the other kinds by their own


def parse_kinds(annex: str) -> tuple[str, ...]:
    """--annex agreement|baseline|gaps|1|2|3|evaluation|all, also as a comma-separated list."""
    kinds: list[str] = []
    for part in (p.strip().lower() for p in annex.split(",") if p.strip()):
        if part == "all":
            kinds.extend(KINDS)
        elif KIND_NAMES.get(part, part) in KINDS:
            kinds.append(KIND_NAMES.get(part, part))
        else:
            raise ReportError(f"unknown document {part!r} (choose from {CHOICES})")
    return tuple(dict.fromkeys(kinds)) or KINDS


def writable_folder(folder: Path) -> Path:
    """Create `folder` if needed and prove it takes a file, or say in one line why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tpi-write-test-"):
            pass
    except OSError as exc:
        raise ReportError(f"cannot write documents to {folder}: {exc.strerror or exc}") from None
    return folder


def document_language(workspace: Workspace, language: str | None) -> str | None:
    """`language` when the pack has it (None: each partnership's own), or say in one line which
    languages the pack has."""
    languages = workspace.pack.languages
    if language is not None and language not in languages:
        raise ReportError(f"--language {language!r} is not a language of the content pack "
                          f"(it has {', '.join(languages)})")
    return language


def plan_documents(workspace: Workspace, partnership: str, kinds: tuple[str, ...], formats: tuple[str, ...],
                   out: Path, cycle: int | None = None, visit: str | None = None, report: str | None = None,
                   today: str | None = None, language: str | None = None) -> list[Job]:
    """The jobs of a partnership's documents; in `language` (one of the pack's) or, when None,
    in the partnership's."""
    known = workspace.store.partnership(partnership)  # an unknown partnership stops here
    slug, language = known.slug, document_language(workspace, language) or known.language
    cycle = cycle or workspace.cycles(slug)[-1]
    if cycle not in workspace.cycles(slug):
        raise ReportError(f"{slug} has no cycle {cycle} (it has {', '.join(map(str, workspace.cycles(slug)))})")
    chosen = {"annex2": visit, "annex3": report}
    for kind, option in (("annex2", "--visit"), ("annex3", "--action-report")):
        if chosen[kind] and kind not in kinds:
            raise ReportError(f"{option} goes with --annex {kind[-1]}")
    source = ReportSource(_context(workspace, slug, cycle))
    jobs = []
    for kind in kinds:
        records = kind_module(kind).records(source)
        record = numbered_record(records, chosen.get(kind))
        if record and record not in records:
            raise ReportError(f"no {RECORD_NOUNS[kind]} {record!r} in {slug}, cycle {cycle}")
        for each in ([record] if record else records):
            jobs.append(Job(str(workspace.root), slug, cycle, kind, each, formats, str(out),
                            today or dt.date.today().isoformat(), language))
    writable_folder(out)
    return jobs


def numbered_record(records: list[str | None], asked: str | None) -> str | None:
    """--visit and --action-report take a record's id or the number the page shows on its card
    (1 is the oldest, as Step 5 numbers them)."""
    live = [record for record in records if record]
    if asked and asked.strip().isdigit() and 1 <= int(asked) <= len(live):
        return live[int(asked) - 1]
    return asked


def documents_folder(workspace: Workspace) -> Path:
    return workspace.root / "documents"


def build_kind(workspace: Workspace, partnership: str, cycle: int, kind: str, today: str | None = None,
               language: str | None = None) -> list[Built]:
    """Every document of one kind for a partnership's cycle, in every format, dated `today`
    (YYYY-MM-DD; None: today), in `language` (None: the partnership's): the pages' button."""
    jobs = plan_documents(workspace, partnership, (kind,), FORMATS, documents_folder(workspace), cycle, today=today,
                          language=language)
    built = []
    for _job, done, reason in build_groups(group_jobs(jobs), workspace=workspace):
        if done is None:
            raise ReportError(reason)
        built.append(done)
    return built


def _context(workspace: Workspace, slug: str, cycle: int, language: str | None = None):
    from tpi_widgets.context import StepContext
    return StepContext(workspace, workspace.store.partnership(slug), cycle).in_language(language)


def group_jobs(jobs: list[Job]) -> list[list[Job]]:
    """The jobs by partnership, cycle, date and language (Job.run), in the order given: one source each."""
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.run, []).append(job)
    return list(groups.values())


Result = tuple[Job, "Built | None", str]  # (job, what was built or None, the reason it failed)


def build_groups(groups: list[list[Job]], done: Callable[[Job], None] = lambda job: None,
                 workspace: Workspace | None = None) -> list[Result]:
    """Build groups of jobs (group_jobs) in this process, each document in its formats, every PDF
    of every group in one browser. The browser starts while the first documents are built and
    prints while the next ones are written. `done(job)` as each document is finished (printed, if
    it has a PDF). One document failing does not stop the others. `workspace`: the jobs' workspace
    when the caller has it open (a page)."""
    from tpi_widgets.reports.pdf import PdfPrinter, find_browser
    browser = find_browser() if any("pdf" in job.formats for jobs in groups for job in jobs) else None
    with PdfPrinter(browser) if browser else nullcontext() as printer:
        writer = DocumentWriter(printer, done, workspace)
        for jobs in groups:
            writer.write_group(jobs)
        return writer.results()


class DocumentWriter:
    """Writes each document's files as it is built: HTML through nbconvert's report template,
    the PDF printed from that HTML (in the printer's thread, meanwhile), the Word file."""

    def __init__(self, printer, done: Callable[[Job], None], workspace: Workspace | None = None):
        self.printer, self.done = printer, done
        self._results: list[list] = []  # [job, Built or None, reason, the PDF's future or None]
        # the HTML of a document asked without HTML is printed from here, not from the output
        # folder: a page built there before with its HTML keeps it
        self._scratch = Path(tempfile.mkdtemp(prefix="tpi-print-"))
        # each workspace opened once (its pack read once) for all its partnerships
        self._workspaces: dict[str, Workspace] = {str(workspace.root): workspace} if workspace else {}

    def write_group(self, jobs: list[Job]):
        from tpi_widgets.errors import TPIError
        try:
            source = self._source(jobs[0])
        except TPIError as exc:
            for job in jobs:
                self._finish([job, None, str(exc), None])
            return
        for job in jobs:
            try:
                document = kind_module(job.kind).build(source, job.record)
            except TPIError as exc:  # an unknown record, say: this document only
                self._finish([job, None, str(exc), None])
                continue
            self._write(job, document)

    def _source(self, job: Job) -> ReportSource:
        workspace = self._workspaces.get(job.workspace) or Workspace.open(job.workspace)
        self._workspaces[job.workspace] = workspace
        return ReportSource(_context(workspace, job.partnership, job.cycle, job.language),
                            dt.date.fromisoformat(job.today))

    def _write(self, job: Job, document: Document):
        from tpi_widgets.reports.pdf import HOW_TO_GET_PDF
        built = Built(job, document.title, document.subject)
        stem = Path(job.out) / (document.file_stem or f"{job.partnership}-{job.kind}")
        result = [job, built, "", None]
        page = stem.with_suffix(".html") if "html" in job.formats else self._scratch / f"{stem.name}.html"
        try:
            if "html" in job.formats or "pdf" in job.formats:  # the browser prints the HTML
                page.write_text(render_html(document), encoding="utf-8")
            if "pdf" in job.formats and self.printer is not None:
                result[3] = self.printer.submit(page, stem.with_suffix(".pdf"))
            elif "pdf" in job.formats:
                built.notes.append(HOW_TO_GET_PDF)
            if "docx" in job.formats:
                from tpi_widgets.reports.docx_writer import write_docx
                write_docx(document, stem.with_suffix(".docx"))
        except OSError as exc:  # a folder or a read-only file in the way: this document only
            result[1:3] = None, f"cannot write {exc.filename or job.out}: {exc.strerror or exc}"
        built.files = [stem.with_suffix(f".{kind}") for kind in FORMATS
                       if kind in job.formats and (kind != "pdf" or self.printer is not None)]
        self._finish(result)

    def _finish(self, result: list):
        self._results.append(result)
        printing = result[3]
        if printing is None:
            self.done(result[0])
        else:
            printing.add_done_callback(lambda _: self.done(result[0]))

    def results(self) -> list[Result]:
        """Every document's outcome, once its PDF is printed (or failed to be)."""
        outcomes = []
        for job, built, reason, printing in self._results:
            if printing is not None:
                try:
                    printing.result()
                except ReportError as exc:
                    built, reason = None, str(exc)
            outcomes.append((job, built, reason))
        shutil.rmtree(self._scratch, ignore_errors=True)
        return outcomes


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
