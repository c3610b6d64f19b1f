"""A report as plain data: a header and a list of blocks (headings, paragraphs, tables, charts,
a sign-off). The builders (annex1, annex2, annex3, evaluation) make one from the store; the
HTML renderer (for nbconvert and PDF) and the DOCX writer turn the same blocks into files, so
every format has the same structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLANK = "—"  # the one mark for "no value": a field nobody filled in, a mean of nothing rated (pages and documents)


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


class Cell(str):
    """A table cell that a page shows with more than its text: a CSS class (a change's colour),
    a tooltip, an item code set apart before the text, a second line under it (an area's name),
    a span over several columns (a group's title row).

    As a str it is its plain text ("CODE text", then the note on its own line), so Word, a
    comparison in a test and anything else that reads a table's rows read it as any cell; the
    HTML renderer reads the parts. Every part is escaped by the renderer."""

    def __new__(cls, text="", css: str = "", title: str = "", code: str = "", note: str = "", span: int = 1):
        text = "" if text is None else str(text)
        cell = super().__new__(cls, " ".join(p for p in (code, text) if p) + (f"\n{note}" if note else ""))
        cell.text, cell.css, cell.title, cell.code, cell.note, cell.span = text, css, title, code, note, span
        return cell

    def __reduce__(self):  # copy and pickle with every part
        return (_cell, (self.text, self.css, self.title, self.code, self.note, self.span))


def _cell(*parts) -> Cell:
    return Cell(*parts)


@dataclass(frozen=True)
class Table:
    """Columns and rows; a cell is a str or a Cell.

    How a page (or the HTML document) shows it, ignored by Word: `css` classes on the table,
    `column_css` a class per column on every cell of it (e.g. "tpi-amount": right-aligned),
    `row_css` a class per row (e.g. "tpi-total"), `row_headers` the first cell of each row as
    its header."""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    css: str = ""
    column_css: tuple[str, ...] = ()
    row_css: tuple[str, ...] = ()
    row_headers: bool = False


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
    kind: str  # one of reports.KINDS
    title: str
    language: str
    header: Header
    blocks: tuple = ()
    file_stem: str = ""  # output file name without extension, e.g. "kossa-valmont-annex1-cycle1"
    subject: str = ""  # which one of several of its kind, e.g. "Visit 2: Valmont to Kossa, 8–19 March"
