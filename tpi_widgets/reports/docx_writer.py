"""A Document as an editable Word file (python-docx): real headings, real tables, charts as
pictures, the same order as the HTML. nbconvert has no DOCX exporter; this reads the same
Document the HTML is rendered from.

Word's XML cannot hold control characters: they are dropped from participant text here, and
everything else appears literally (python-docx escapes markup). Every text that could reorder its
neighbours (a right-to-left institution name, a direction control) is isolated for direction
(FSI … PDI, core/html.isolate_where_needed), which Word honours.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports.document import Chart, Document, Facts, Heading, PageBreak, Paragraph, SignOff, Table

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
A4 = (21.0, 29.7)  # cm
MARGIN_CM = 1.6
NOTE_GREY = (0x55, 0x55, 0x55)
EMPTY_BROWN = (0x7A, 0x4B, 0x00)


def plain(text) -> str:
    """Text Word's XML can hold: control characters dropped."""
    return NOT_XML.sub("", "" if text is None else str(text))


def clean(text) -> str:
    """Text for the document's body: Word's XML can hold it, and it is isolated for direction."""
    return isolate_where_needed(plain(text))


def write_docx(document: Document, path: Path) -> Path:
    from docx import Document as WordDocument
    from docx.shared import Cm

    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    word.core_properties.title = plain(document.title)
    word.core_properties.language = document.language
    _page_header_and_footer(word, document)
    _document_header(word, document)
    for block, following in zip(document.blocks, (*document.blocks[1:], None)):
        _add_block(word, block)
        if isinstance(block, Paragraph) and isinstance(following, SignOff):
            word.paragraphs[-1].paragraph_format.keep_with_next = True  # the sign-off's words stay with it
    word.save(str(path))
    return path


def _page_header_and_footer(word, document: Document):
    section = word.sections[0]
    section.header.paragraphs[0].text = f"{clean(document.header.partnership)} · {clean(document.title)}"
    footer = section.footer.paragraphs[0]
    footer.add_run(clean(document.header.labels.get("page", "Page")) + " ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _field(paragraph, instruction: str):
    """A Word field (page number, page count) that Word and LibreOffice fill in when they lay out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _document_header(word, document: Document):
    h = document.header
    _styled(word.add_paragraph(), f"{h.cycle_label} · {h.date_label}", NOTE_GREY)
    word.add_paragraph(clean(document.title), style=_style(word, "Heading 1"))
    _facts(word, ((h.labels.get("partnership", ""), h.partnership),
                  (h.labels.get("institutions", ""), " / ".join(clean(name) for name in h.institutions))))


def _add_block(word, block):
    if isinstance(block, Heading):
        word.add_paragraph(clean(block.text), style=_style(word, f"Heading {min(max(block.level, 2), 4)}"))
    elif isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        colour = {"note": NOTE_GREY, "empty": EMPTY_BROWN}.get(block.style)
        _styled(paragraph, block.text, colour, italic=block.style == "empty")
    elif isinstance(block, Facts):
        _facts(word, block.rows)
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Chart):
        _chart(word, block)
    elif isinstance(block, SignOff):
        _sign_off(word, block)
    elif isinstance(block, PageBreak):
        word.add_page_break()
    else:
        raise TypeError(f"not a report block: {block!r}")


def _style(word, name: str):
    """A style of the document by name, looked up once per document (python-docx searches every
    style for a name each time it is given one)."""
    found = word.__dict__.setdefault("_tpi_styles", {})
    if name not in found:
        found[name] = word.styles[name]
    return found[name]


def _styled(paragraph, text, colour=None, italic=False):
    from docx.shared import Pt, RGBColor
    run = paragraph.add_run(clean(text))
    if colour:
        run.font.color.rgb = RGBColor(*colour)
        run.font.size = Pt(9)
    run.italic = italic
    return run


def _facts(word, rows):
    table = word.add_table(rows=0, cols=2, style=_style(word, "Table Grid"))
    for label, value in rows:
        row = table.add_row()
        cells = row.cells
        cells[0].paragraphs[0].add_run(clean(label)).bold = True
        cells[1].text = clean(value)
        _unsplit(row)
    _column_widths(table, (1, 2))  # labels narrow, values wide, as in the HTML
    word.add_paragraph()


def _table(word, block: Table):
    if block.caption:
        word.add_paragraph(clean(block.caption), style=_style(word, "Caption"))
    table = word.add_table(rows=1, cols=len(block.columns), style=_style(word, "Table Grid"))
    for cell, name in zip(table.rows[0].cells, block.columns):
        cell.paragraphs[0].add_run(clean(name)).bold = True
    _repeat_as_header(table.rows[0])
    for row in block.rows:
        added = table.add_row()
        _fill_row(added.cells, row)
        _unsplit(added)
    if block.widths:
        _column_widths(table, block.widths)
    word.add_paragraph()


def _fill_row(cells, row):
    """A row's values into its Word cells; a Cell spanning columns merges them."""
    column = 0
    for value in row:
        if column >= len(cells):
            break
        span = max(1, getattr(value, "span", 1))
        cell = cells[column]
        if span > 1:
            cell = cell.merge(cells[min(column + span, len(cells)) - 1])
        cell.text = clean(value)
        column += span


def _unsplit(row):
    """Word and LibreOffice move a row that would break across pages to the next page whole."""
    from docx.oxml import OxmlElement
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row):
    """Word repeats this row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _column_widths(table, widths):
    from docx.shared import Cm
    usable = A4[0] - 2 * MARGIN_CM
    total = sum(widths)
    table.autofit = False
    sizes = [Cm(usable * width / total) for width in widths]
    for column, size in zip(table.columns, sizes):
        column.width = size  # the grid: what LibreOffice lays out by
    for row in table.rows:  # row by row: a column's cells are found by searching the whole table
        for cell, size in zip(row.cells, sizes):
            cell.width = size  # the cells: what Word lays out by


def _chart(word, block: Chart):
    from docx.shared import Cm
    word.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, A4[0] - 2 * MARGIN_CM)))
    word.add_paragraph(clean(block.caption), style=_style(word, "Caption"))


def _sign_off(word, block: SignOff):
    """Each institution's name and signature table, all kept on one page (every paragraph but the
    last keeps with the next, as the PDF's CSS keeps the sign-off whole)."""
    kept = []
    for signatory in block.signatories:
        name = word.add_paragraph()
        name.add_run(clean(signatory)).bold = True
        table = word.add_table(rows=0, cols=2, style=_style(word, "Table Grid"))
        for label in block.labels:
            row = table.add_row()
            row.cells[0].text = clean(label)
            _unsplit(row)
        _column_widths(table, (1, 3))
        kept += [name, *(p for row in table.rows for cell in row.cells for p in cell.paragraphs), word.add_paragraph()]
    for paragraph in kept[:-1]:
        paragraph.paragraph_format.keep_with_next = True
