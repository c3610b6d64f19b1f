"""A report as plain data: a header and a list of blocks (headings, paragraphs, tables, charts,
a sign-off). The builders (annex1, annex2, annex3, evaluation) make one from the store; the
HTML renderer (for nbconvert and PDF) and the DOCX writer turn the same blocks into files, so
every format has the same structure.

A document travels from the report notebook's kernel to the `tpi report` process as JSON in a
notebook output (MIME_TYPE); charts travel as base64 PNG.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field

MIME_TYPE = "application/vnd.tpi.report+json"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2 = section, 3 = subsection (1 is the document title)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "note" (smaller, grey) | "empty" (says a section has nothing yet)


@dataclass(frozen=True)
class Facts:
    """Label/value pairs shown as a two-column table (a visit's dates, a report's period)."""
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    width_cm: float = 16.0


@dataclass(frozen=True)
class SignOff:
    """One signature box per signatory (usually each institution): name, position, signature, date."""
    signatories: tuple[str, ...]
    labels: tuple[str, ...]  # the lines of each box, e.g. ("Name", "Position", "Signature", "Date")


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Facts | Table | Chart | SignOff | PageBreak
BLOCK_TYPES = {cls.__name__: cls for cls in (Heading, Paragraph, Facts, Table, Chart, SignOff, PageBreak)}


@dataclass(frozen=True)
class Header:
    """What the top of every page of every document names."""
    partnership: str
    institutions: tuple[str, ...]
    cycle_label: str  # e.g. "Cycle 1", in the partnership's language
    date_label: str  # e.g. "Built on 2026-11-27"
    labels: dict = field(default_factory=dict)  # {"partnership": "Partnership", "institutions": ..., ...}


@dataclass(frozen=True)
class Document:
    kind: str  # annex1 | annex2 | annex3 | evaluation
    title: str
    language: str
    header: Header
    blocks: tuple = ()
    file_stem: str = ""  # output file name without extension, e.g. "kossa-valmont-annex1-cycle1"

    # JSON (notebook output) ----------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "kind": self.kind, "title": self.title, "language": self.language, "file_stem": self.file_stem,
            "header": asdict(self.header),
            "blocks": [_block_to_json(b) for b in self.blocks],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Document":
        header = data["header"]
        return cls(
            kind=data["kind"], title=data["title"], language=data["language"], file_stem=data.get("file_stem", ""),
            header=Header(header["partnership"], tuple(header["institutions"]), header["cycle_label"],
                          header["date_label"], dict(header.get("labels", {}))),
            blocks=tuple(_block_from_json(b) for b in data["blocks"]),
        )


def _block_to_json(block) -> dict:
    data = asdict(block)
    if isinstance(block, Chart):
        data["png"] = base64.b64encode(block.png).decode("ascii")
    return {"type": type(block).__name__, **data}


def _block_from_json(data: dict):
    data = dict(data)
    cls = BLOCK_TYPES[data.pop("type")]
    if cls is Chart:
        data["png"] = base64.b64decode(data["png"])
    for key, value in data.items():  # JSON lists back to the tuples the dataclasses hold
        if isinstance(value, list):
            data[key] = tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return cls(**data)
