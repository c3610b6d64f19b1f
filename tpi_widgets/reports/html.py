"""A Document as an HTML fragment: what the report notebook shows and nbconvert's report
template (templates/report) wraps into a printable page.

Every text is escaped: participant text in a document is untrusted. The page header and
number printed on each PDF page come from CSS @page rules, whose strings are CSS-escaped too.
"""

from __future__ import annotations

import base64
import re

from tpi_widgets.core.html import esc
from tpi_widgets.reports.document import Chart, Document, Facts, Heading, PageBreak, Paragraph, SignOff, Table


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cell_html(value) -> str:
    """A table cell's text; an ISO date never breaks at its hyphens in a narrow column."""
    text = esc(value)
    return f'<span class="tpi-nowrap">{text}</span>' if ISO_DATE.fullmatch(str(value or "")) else text


def render(document: Document) -> str:
    parts = [page_style(document), header_html(document)]
    parts += [block_html(block) for block in document.blocks]
    return f'<article class="tpi-report tpi-report-{esc(document.kind)}" lang="{esc(document.language)}">' \
        + "\n".join(parts) + "</article>"


def header_html(document: Document) -> str:
    h = document.header
    labels = h.labels
    return (
        '<header class="tpi-report-header">'
        f'<p class="tpi-report-cycle">{esc(h.cycle_label)} · {esc(h.date_label)}</p>'
        f"<h1>{esc(document.title)}</h1>"
        '<table class="tpi-facts"><tbody>'
        f'<tr><th scope="row">{esc(labels.get("partnership", ""))}</th><td>{esc(h.partnership)}</td></tr>'
        f'<tr><th scope="row">{esc(labels.get("institutions", ""))}</th><td>{esc(" / ".join(h.institutions))}</td></tr>'
        "</tbody></table></header>"
    )


def block_html(block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 4)
        return f"<h{level}>{esc(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        css = f' class="tpi-{esc(block.style)}"' if block.style else ""
        return f"<p{css}>{esc(block.text)}</p>"
    if isinstance(block, Facts):
        rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(value)}</td></tr>' for label, value in block.rows)
        return f'<table class="tpi-facts"><tbody>{rows}</tbody></table>'
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Chart):
        data = base64.b64encode(block.png).decode("ascii")
        return (f'<figure class="tpi-chart"><img src="data:image/png;base64,{data}" alt="{esc(block.caption)}" '
                f'style="width:{block.width_cm:.1f}cm;max-width:100%"><figcaption>{esc(block.caption)}</figcaption></figure>')
    if isinstance(block, SignOff):
        return sign_off_html(block)
    if isinstance(block, PageBreak):
        return '<div class="tpi-page-break"></div>'
    raise TypeError(f"not a report block: {block!r}")


def table_html(table: Table) -> str:
    total = sum(table.widths) if table.widths else 0
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths) if total else ""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{cell_html(cell)}</td>" for cell in row) + "</tr>" for row in table.rows)
    caption = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
    return f'<table class="tpi-table">{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
    top = css_string(f"{h.partnership} · {document.title}")
    page = css_string(f"{h.labels.get('page', 'Page')} ")
    return ("<style>@page{"
            f"@top-left{{content:{top};font-size:8pt;color:#555}}"
            f'@bottom-right{{content:{page} counter(page) " / " counter(pages);font-size:8pt;color:#555}}'
            "}</style>")
