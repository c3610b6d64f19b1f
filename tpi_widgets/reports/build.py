"""Build documents for one partnership: run the report notebook with papermill (one kernel builds
every document asked of a partnership's cycle), render each document with nbconvert through
templates/report (HTML), print the HTML (PDF, every one in the same browser), and write the
displayed document as Word (DOCX).

`plan_documents` checks everything a user can get wrong (partnership, record ids, formats,
output folder) before anything is built, so a mistake writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.errors import ReportError, project_error
from tpi_widgets.workspace import NOTEBOOKS_DIR, Workspace
from tpi_widgets.reports import DOCUMENT_KEY, KINDS, kind_module
from tpi_widgets.reports.document import Document
from tpi_widgets.reports.notebook_output import document_outputs, missing_document
from tpi_widgets.reports.source import ReportSource

REPORT_NOTEBOOK = NOTEBOOKS_DIR / "reports" / "documents.ipynb"
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

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.partnership, self.kind, self.record) if part)

    @property
    def asked(self) -> str:
        """The document as the report notebook's `documents` parameter names it."""
        return f"{self.kind}:{self.record}" if self.record else self.kind

    @property
    def run(self) -> tuple:
        """What one report notebook run shares: jobs alike in this are built in one kernel."""
        return self.workspace, self.partnership, self.cycle, self.today


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


def plan_documents(workspace: Workspace, partnership: str, kinds: tuple[str, ...], formats: tuple[str, ...],
                   out: Path, cycle: int | None = None, visit: str | None = None, report: str | None = None,
                   today: str | None = None) -> list[Job]:
    slug = workspace.store.partnership(partnership).slug  # an unknown partnership stops here
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
                            today or dt.date.today().isoformat()))
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


def build_kind(workspace: Workspace, partnership: str, cycle: int, kind: str, today: str | None = None) -> list[Built]:
    """Every document of one kind for a partnership's cycle, in every format, dated `today`
    (YYYY-MM-DD; None: today): the pages' button."""
    jobs = plan_documents(workspace, partnership, (kind,), FORMATS, documents_folder(workspace), cycle, today=today)
    built = []
    for _job, done, reason in build_group(jobs):
        if done is None:
            raise ReportError(reason)
        built.append(done)
    return built


def _context(workspace: Workspace, slug: str, cycle: int):
    from tpi_widgets.context import StepContext
    return StepContext(workspace, workspace.store.partnership(slug), cycle)


def group_jobs(jobs: list[Job]) -> list[list[Job]]:
    """The jobs by report notebook run (Job.run), in the order given."""
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.run, []).append(job)
    return list(groups.values())


def build_group(jobs: list[Job]) -> list[tuple[Job, Built | None, str]]:
    """Build jobs of one run (Job.run) in one report notebook's kernel, each in its formats, every
    PDF in one browser. The browser starts while the kernel builds, and prints each document while
    the next one's Word file is written. Returns (job, Built or None, the reason it failed): one
    document failing does not stop the others."""
    from tpi_widgets.reports.pdf import HOW_TO_GET_PDF, PdfPrinter, find_browser
    browser = find_browser() if any("pdf" in job.formats for job in jobs) else None
    with PdfPrinter(browser) if browser else nullcontext() as printer:
        with tempfile.TemporaryDirectory(prefix="tpi-report-") as work:
            try:
                nb = execute_report_notebook(jobs[0], [job.asked for job in jobs], Path(work))
            except ReportError as exc:
                return [(job, None, str(exc)) for job in jobs]
        outputs = document_outputs(nb, DOCUMENT_KEY)
        results, printing, stems = [], [], {}
        for job in jobs:
            output, document, reason = outputs.get(job.asked, (None, None, missing_document(job.asked)))
            if document is None:
                results.append((job, None, reason))
                continue
            built = Built(job, document.title, document.subject)
            stem = stems[id(built)] = Path(job.out) / (document.file_stem or f"{job.partnership}-{job.kind}")
            try:
                if "html" in job.formats or "pdf" in job.formats:  # the browser prints the HTML
                    stem.with_suffix(".html").write_text(render_html(nb, output, document), encoding="utf-8")
                if "pdf" in job.formats and printer is not None:
                    printing.append((built, printer.submit(stem.with_suffix(".html"), stem.with_suffix(".pdf"))))
                elif "pdf" in job.formats:
                    built.notes.append(HOW_TO_GET_PDF)
                if "docx" in job.formats:
                    from tpi_widgets.reports.docx_writer import write_docx
                    write_docx(document, stem.with_suffix(".docx"))
            except OSError as exc:  # a folder or a read-only file in the way: this document only
                results.append((job, None, f"cannot write {exc.filename or job.out}: {exc.strerror or exc}"))
                continue
            results.append((job, built, ""))
        failed = {}
        for built, printed in printing:
            try:
                printed.result()
            except ReportError as exc:
                failed[id(built)] = str(exc)
    for job, built, _ in results:
        if built is not None:
            printed = printer is not None and id(built) not in failed
            built.files = written_files(job.formats, stems[id(built)], printed)
    return [(job, None, failed[id(built)]) if built is not None and id(built) in failed else (job, built, reason)
            for job, built, reason in results]


def written_files(formats: tuple[str, ...], stem: Path, printed: bool) -> list[Path]:
    """A document's files in the order offered (HTML, PDF, Word); the HTML written only for the
    browser to print is removed."""
    if "html" not in formats:
        stem.with_suffix(".html").unlink(missing_ok=True)
    return [stem.with_suffix(f".{kind}") for kind in FORMATS
            if kind in formats and (kind != "pdf" or printed)]


def execute_report_notebook(job: Job, documents: list[str], work: Path):
    """The report notebook run once for `job`'s partnership and cycle, displaying `documents`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from tpi_widgets.lean_kernel import LeanKernelManager
    try:
        return papermill.execute_notebook(
            str(REPORT_NOTEBOOK), str(work / REPORT_NOTEBOOK.name), kernel_name="python3", progress_bar=False,
            cwd=str(work), kernel_manager_class=LeanKernelManager,
            # nothing of the kernel's own in a user's terminal: not its start-up warnings, nor the
            # "KeyboardInterrupt caught in kernel" it logs as papermill stops it after a good run
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            parameters={"workspace": os.path.abspath(job.workspace), "partnership": job.partnership,
                        "cycle": job.cycle, "documents": documents, "today": job.today})
    except PapermillExecutionError as exc:
        if project_error(exc.ename) is not None:  # a user's mistake: its own message says which
            raise ReportError(exc.evalue) from None
        raise ReportError(f"the report notebook failed: {exc.ename}: {exc.evalue}") from None


def render_html(nb, output: dict, document: Document) -> str:
    """The document's page: nbconvert's report template over the one output that holds it."""
    import copy

    import nbformat
    page = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    page.cells.append(nbformat.v4.new_code_cell(outputs=[nbformat.from_dict(output)]))
    html, _ = report_exporter().from_notebook_node(page, resources={"tpi": {"title": document.title,
                                                                             "language": document.language}})
    return html


@functools.lru_cache(maxsize=1)
def report_exporter():
    """nbconvert's exporter with the report template, loaded once for all of a build's documents."""
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES_DIR)])
