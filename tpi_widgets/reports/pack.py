"""The workshop pack: every document of a partnership's cycle, for the facilitator to hand out at
the end of the day, as one ZIP (each document in each of its formats) and one PDF (every
document's PDF in step order, a bookmark for each). Built by the pack button of a step page's
document panel and by `tpi report --annex all` (the default).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tpi_widgets.errors import ReportError
from tpi_widgets.reports import KINDS
from tpi_widgets.reports.source import copy_language
from tpi_widgets.reports.build import FORMATS, Built, documents_folder, plan_documents
from tpi_widgets.reports.writer import build_or_stop
from tpi_widgets.workspace import Workspace

PACK_KIND = "pack"  # the document panel's name for it (strings report.name_pack)


@dataclass
class Downloads:
    """Files offered together as one document's are (ui/kit/document_downloads.py): the
    workshop pack's, or the partnership's spreadsheet (exchange/sheets.py)."""
    title: str
    files: list[Path]
    subject: str = ""
    notes: list[str] = field(default_factory=list)


def pack_stem(workspace: Workspace, out: Path, partnership: str, cycle: int, language: str | None = None) -> Path:
    """<slug>-cycle1-workshop-pack, ending with the language (-fr) when it is not the
    partnership's, as each document's file does (ReportSource.file_stem)."""
    copy = copy_language(workspace.store.partnership(partnership), language)
    return Path(out) / f"{partnership}-cycle{cycle}-workshop-pack{'-' + copy if copy else ''}"


def bookmark(built: Built) -> str:
    return f"{built.title} — {built.subject}" if built.subject else built.title


def write_pack(built: list[Built], stem: Path, title: str) -> list[Path]:
    """The ZIP of every file of `built` (in order) and, when there are PDFs, the one PDF of them
    all titled `title`; returns the files written."""
    from pypdf import PdfWriter
    archive = stem.with_suffix(".zip")
    try:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for document in built:
                for file in document.files:
                    zipped.write(file, file.name)
        pdfs = [(document, file) for document in built for file in document.files if file.suffix == ".pdf"]
        if not pdfs:
            return [archive]
        combined = PdfWriter()
        for document, file in pdfs:
            combined.append(str(file), outline_item=bookmark(document))
        combined.add_metadata({"/Title": title})
        with open(stem.with_suffix(".pdf"), "wb") as out:
            combined.write(out)
    except OSError as exc:
        raise ReportError(f"cannot write the workshop pack {exc.filename or stem}: {exc.strerror or exc}") from None
    return [archive, stem.with_suffix(".pdf")]


def pack_title(workspace: Workspace, partnership: str, cycle: int, language: str | None = None) -> str:
    """"Workshop pack: <partnership>, cycle N", in `language` (None: the partnership's)."""
    known = workspace.store.partnership(partnership)
    return workspace.pack.text("report.pack_title", language or known.language, partnership=known.name, cycle=cycle)


def build_pack(workspace: Workspace, partnership: str, cycle: int, today: str | None = None,
               language: str | None = None) -> list[Downloads]:
    """Every document of the partnership's cycle in every format, in `language` (None: the
    partnership's), then the pack of them: the page's pack button. A document that cannot be
    built stops the pack, saying which and why."""
    jobs = plan_documents(workspace, partnership, KINDS, FORMATS, documents_folder(workspace), cycle, today=today,
                          language=language)
    return [pack_of(workspace, build_or_stop(jobs, workspace, say_which=True), documents_folder(workspace))]


def pack_of(workspace: Workspace, built: list[Built], out: Path) -> Downloads:
    """The workshop pack of one partnership's built documents (one Job.run), written to `out`."""
    job = built[0].job
    title = pack_title(workspace, job.partnership, job.cycle, job.language)
    files = write_pack(built, pack_stem(workspace, out, job.partnership, job.cycle, job.language), title)
    return Downloads(title, files, notes=list(dict.fromkeys(n for b in built for n in b.notes)))
