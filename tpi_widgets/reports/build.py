"""What to build: the documents asked of a partnership (`plan_documents`, one Job each), grouped
by partnership (`group_jobs`); reports/writer.py builds and writes them.

`plan_documents` checks everything a user can get wrong (partnership, record ids, formats,
output folder) before anything is built, so a mistake writes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.errors import ReportError
from tpi_widgets.workspace import Workspace
from tpi_widgets.reports import KINDS, kind_module
from tpi_widgets.reports.source import ReportSource
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


Result = tuple[Job, "Built | None", str]  # (job, what was built or None, the reason it failed)


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
    source = ReportSource(context_of(workspace, slug, cycle))
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


def context_of(workspace: Workspace, slug: str, cycle: int, language: str | None = None):
    from tpi_widgets.context import StepContext
    return StepContext(workspace, workspace.store.partnership(slug), cycle).in_language(language)


def group_jobs(jobs: list[Job]) -> list[list[Job]]:
    """The jobs by partnership, cycle, date and language (Job.run), in the order given: one source each."""
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.run, []).append(job)
    return list(groups.values())
