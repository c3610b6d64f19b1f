"""Build documents for one partnership: run the document's report notebook with papermill,
render it with nbconvert through templates/report (HTML), print the HTML (PDF), and write the
displayed document as Word (DOCX).

`plan_documents` checks everything a user can get wrong (partnership, record ids, formats,
output folder) before anything is built, so a mistake writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.errors import ReportError, project_error
from tpi_widgets.workspace import NOTEBOOKS_DIR, Workspace
from tpi_widgets.reports import KINDS, kind_module
from tpi_widgets.reports.document import Document
from tpi_widgets.reports.notebook_output import document_from_notebook
from tpi_widgets.reports.source import ReportSource

REPORT_NOTEBOOKS_DIR = NOTEBOOKS_DIR / "reports"
TEMPLATES_DIR = NOTEBOOKS_DIR.parent / "templates"
FORMATS = ("html", "pdf", "docx")
RECORD_NOUNS = {"annex2": "visit proposal", "annex3": "action report"}


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


@dataclass
class Built:
    job: Job
    title: str = ""
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. how to get PDF when no browser is found


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ReportError(f"unknown format {', '.join(unknown) or repr(text)} (choose from {', '.join(FORMATS)})")
    return formats


def parse_kinds(annex: str) -> tuple[str, ...]:
    """--annex 1|2|3|evaluation|all, also as a comma-separated list."""
    names = {"1": "annex1", "2": "annex2", "3": "annex3", "evaluation": "evaluation", "all": None}
    kinds: list[str] = []
    for part in (p.strip().lower() for p in annex.split(",") if p.strip()):
        if part not in names and part not in KINDS:
            raise ReportError(f"unknown document {part!r} (choose from 1, 2, 3, evaluation, all)")
        kinds.extend(KINDS if names.get(part, part) is None else [names.get(part, part)])
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
        record = chosen.get(kind)
        if record and record not in records:
            raise ReportError(f"no {RECORD_NOUNS[kind]} {record!r} in {slug}, cycle {cycle}")
        for each in ([record] if record else records):
            jobs.append(Job(str(workspace.root), slug, cycle, kind, each, formats, str(out),
                            today or dt.date.today().isoformat()))
    writable_folder(out)
    return jobs


def documents_folder(workspace: Workspace) -> Path:
    return workspace.root / "documents"


def build_kind(workspace: Workspace, partnership: str, cycle: int, kind: str) -> list[Built]:
    """Every document of one kind for a partnership's cycle, in every format (the apps' button)."""
    jobs = plan_documents(workspace, partnership, (kind,), FORMATS, documents_folder(workspace), cycle)
    return [build(job) for job in jobs]


def _context(workspace: Workspace, slug: str, cycle: int):
    from tpi_widgets.context import StepContext
    return StepContext(workspace, workspace.store.partnership(slug), cycle)


def build(job: Job, browser: str | None = None) -> Built:
    """Build one document in every asked format. Raises ReportError with a one-line reason."""
    from tpi_widgets.reports.pdf import HOW_TO_GET_PDF, find_browser, print_pdf
    out = Path(job.out)
    with tempfile.TemporaryDirectory(prefix="tpi-report-") as work:
        nb = execute_report_notebook(job, Path(work))
    document = document_from_notebook(nb)
    html = render_html(nb, document)
    built = Built(job, document.title)
    stem = out / (document.file_stem or f"{job.partnership}-{job.kind}")
    html_file = stem.with_suffix(".html")
    if "html" in job.formats or "pdf" in job.formats:
        html_file.write_text(html, encoding="utf-8")
    if "html" in job.formats:
        built.files.append(html_file)
    if "pdf" in job.formats:
        browser = browser or find_browser()
        if browser:
            built.files.append(print_pdf(html_file, stem.with_suffix(".pdf"), browser))
        else:
            built.notes.append(HOW_TO_GET_PDF)
        if "html" not in job.formats:
            html_file.unlink(missing_ok=True)
    if "docx" in job.formats:
        from tpi_widgets.reports.docx_writer import write_docx
        built.files.append(write_docx(document, stem.with_suffix(".docx")))
    return built


def execute_report_notebook(job: Job, work: Path):
    import papermill
    from papermill.exceptions import PapermillExecutionError
    source = REPORT_NOTEBOOKS_DIR / f"{job.kind}.ipynb"
    try:
        return papermill.execute_notebook(
            str(source), str(work / source.name), kernel_name="python3", progress_bar=False, cwd=str(work),
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no kernel start-up warnings in a user's terminal
            parameters={"workspace": os.path.abspath(job.workspace), "partnership": job.partnership,
                        "cycle": job.cycle, "record": job.record or "", "today": job.today})
    except PapermillExecutionError as exc:
        if project_error(exc.ename) is not None:  # a user's mistake: its own message says which
            raise ReportError(exc.evalue) from None
        raise ReportError(f"the {job.kind} notebook failed: {exc.ename}: {exc.evalue}") from None


def render_html(nb, document: Document) -> str:
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES_DIR)])
    html, _ = exporter.from_notebook_node(nb, resources={"tpi": {"title": document.title,
                                                                  "language": document.language}})
    return html
