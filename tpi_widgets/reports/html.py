"""A Document as an HTML fragment: what nbconvert's report
template (templates/report) wraps into a printable page. Step pages show their tables through
the same code (render_blocks), so a table looks and escapes alike on a page and in a document.

Every text is escaped and isolated for direction (core/html.esc): participant text in a document
is untrusted, and a right-to-left name must not reorder its neighbours (the other institution). The page header and
number printed on each PDF page come from CSS @page rules, whose strings are CSS-escaped too.
"""

from __future__ import annotations

import base64
import re

from tpi_widgets.core.html import attr, esc, isolate, isolate_where_needed
from tpi_widgets.reports.document import Cell, Chart, Document, Facts, Heading, PageBreak, Paragraph, SignOff, Table


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cell_html(value) -> str:
    """A table cell's content; an ISO date never breaks at its hyphens in a narrow column; a
    Cell's item code is set apart before its text and its note goes on a line of its own."""
    if isinstance(value, Cell) and (value.code or value.note):
        code = f'<span class="tpi-item-code">{esc(value.code)}</span> ' if value.code else ""
        note = f'<div class="tpi-cell-note">{esc(value.note)}</div>' if value.note else ""
        return code + cell_html(value.text) + note
    text = esc(value)
    return f'<span class="tpi-nowrap">{text}</span>' if ISO_DATE.fullmatch(str(value or "")) else text


# a page's table of this many columns or more is a card per row on a phone (tpi-table-cards);
# one or two columns fit a phone as they are
CARDS_FROM_COLUMNS = 3


def render_blocks(blocks) -> str:
    """One block or a list of them as an HTML fragment: what a page shows inside a widget, drawn
    by the same code as the documents. A table's data cells carry their column's heading
    (data-label): on a phone the page's CSS makes each row of a table of CARDS_FROM_COLUMNS or more
    columns a card that names every cell
    (templates/voila/tpi/static/tpi-workshop.css); a document's tables stay as they were."""
    if not isinstance(blocks, (list, tuple)):
        blocks = [blocks]
    return "".join(table_html(block, labelled=True) if isinstance(block, Table) else block_html(block)
                   for block in blocks)


def render(document: Document) -> str:
    parts = [page_style(document), header_html(document)]
    parts += body_html(document.blocks)
    return f'<article class="tpi-report tpi-report-{attr(document.kind)}" lang="{attr(document.language)}">' \
        + "\n".join(parts) + "</article>"


def body_html(blocks) -> list[str]:
    """Each block's HTML, a sign-off together with the heading and paragraphs just before it in
    one section that a printed page keeps whole: signatures are never cut off from the text they
    sign under (report.css, .tpi-sign-section)."""
    blocks, parts, start = list(blocks), [], 0
    for end, block in enumerate(blocks):
        if not isinstance(block, SignOff):
            continue
        first = end
        while first > start and isinstance(blocks[first - 1], Paragraph):
            first -= 1
        if first > start and isinstance(blocks[first - 1], Heading):
            first -= 1
        parts += [block_html(b) for b in blocks[start:first]]
        parts.append('<section class="tpi-sign-section">' + "".join(block_html(b) for b in blocks[first:end + 1])
                     + "</section>")
        start = end + 1
    return parts + [block_html(b) for b in blocks[start:]]


def header_html(document: Document) -> str:
    h = document.header
    labels = h.labels
    return (
        '<header class="tpi-report-header">'
        f'<p class="tpi-report-cycle">{esc(h.cycle_label)} · {esc(h.date_label)}</p>'
        f"<h1>{esc(document.title)}</h1>"
        '<table class="tpi-facts"><tbody>'
        f'<tr><th scope="row">{esc(labels.get("partnership", ""))}</th><td>{esc(h.partnership)}</td></tr>'
        f'<tr><th scope="row">{esc(labels.get("institutions", ""))}</th><td>{esc(" / ".join(isolate(name) for name in h.institutions))}</td></tr>'
        "</tbody></table></header>"
    )


def block_html(block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 4)
        return f"<h{level}>{esc(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        css = f' class="tpi-{attr(block.style)}"' if block.style else ""
        return f"<p{css}>{esc(block.text)}</p>"
    if isinstance(block, Facts):
        rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(value)}</td></tr>' for label, value in block.rows)
        return f'<table class="tpi-facts"><tbody>{rows}</tbody></table>'
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Chart):
        data = base64.b64encode(block.png).decode("ascii")
        return (f'<figure class="tpi-chart"><img src="data:image/png;base64,{data}" alt="{attr(block.caption)}" '
                f'style="width:{block.width_cm:.1f}cm;max-width:100%"><figcaption>{esc(block.caption)}</figcaption></figure>')
    if isinstance(block, SignOff):
        return sign_off_html(block)
    if isinstance(block, PageBreak):
        return '<div class="tpi-page-break"></div>'
    raise TypeError(f"not a report block: {block!r}")


def table_html(table: Table, labelled: bool = False) -> str:
    total = sum(table.widths) if table.widths else 0
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths) if total else ""
    head = "".join(_cell_tag("th", c, _column_css(table, i), ' scope="col"') for i, c in enumerate(table.columns))
    row_css = tuple(table.row_css) + ("",) * (len(table.rows) - len(table.row_css))
    body = "".join(_row_html(table, row, css, labelled) for row, css in zip(table.rows, row_css))
    caption = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
    cards = labelled and len(table.columns) >= CARDS_FROM_COLUMNS
    css = " ".join(c for c in ("tpi-table", table.css, "tpi-table-cards" if cards else "") if c)
    return (f'<table class="{attr(css)}">{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _column_css(table: Table, index: int) -> str:
    return table.column_css[index] if index < len(table.column_css) else ""


def _row_html(table: Table, row, css: str, labelled: bool = False) -> str:
    """A row; its first cell is the row's header when the table says so. A cell spanning
    columns moves the next cells' column classes along; `labelled`: each data cell names its
    column (data-label)."""
    cells, column = [], 0
    for index, cell in enumerate(row):
        header = table.row_headers and index == 0
        label = _column_label(table, column) if labelled and not header else ""
        cells.append(_cell_tag("th" if header else "td", cell, _column_css(table, column),
                               ' scope="row"' if header else "", label))
        column += cell.span if isinstance(cell, Cell) else 1
    attribute = f' class="{attr(css)}"' if css else ""
    return f"<tr{attribute}>{''.join(cells)}</tr>"


def _column_label(table: Table, column: int) -> str:
    return str(table.columns[column]) if column < len(table.columns) else ""


def _cell_tag(name: str, cell, column_css: str, attributes: str = "", label: str = "") -> str:
    css = " ".join(c for c in (column_css, cell.css if isinstance(cell, Cell) else "") if c)
    if css:
        attributes += f' class="{attr(css)}"'
    if isinstance(cell, Cell):
        if cell.title:
            attributes += f' title="{attr(cell.title)}"'
        if cell.span != 1:
            attributes += f' colspan="{int(cell.span)}"'
    if label:  # a heading may be a participant's text (an institution): isolated when it could reorder
        attributes += f' data-label="{attr(isolate_where_needed(label))}"'
    return f"<{name}{attributes}>{cell_html(cell)}</{name}>"


def sign_off_html(block: SignOff) -> str:
    boxes = []
    for signatory in block.signatories:
        lines = "".join(f'<tr><th scope="row">{esc(label)}</th><td></td></tr>' for label in block.labels)
        boxes.append(f'<div class="tpi-sign-box"><p class="tpi-sign-for">{esc(signatory)}</p>'
                     f'<table class="tpi-sign-lines"><tbody>{lines}</tbody></table></div>')
    return f'<div class="tpi-sign-off">{"".join(boxes)}</div>'


def css_string(text: str) -> str:
    """A CSS string literal that no text can break out of: everything but letters, digits and
    spaces as a hex escape."""
    return '"' + "".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'


def page_style(document: Document) -> str:
    """Running header and page numbers on every printed page (Chromium supports @page margin boxes)."""
    h = document.header
    top = css_string(f"{isolate(h.partnership)} · {document.title}")
    page = css_string(f"{h.labels.get('page', 'Page')} ")
    return ("<style>@page{"
            f"@top-left{{content:{top};font-size:8pt;color:#555}}"
            f'@bottom-right{{content:{page} counter(page) " / " counter(pages);font-size:8pt;color:#555}}'
            "}</style>")
