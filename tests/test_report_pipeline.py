"""The pieces every document goes through, without a notebook: the document model's JSON, the
HTML renderer (escaping, page header), the DOCX writer, browser discovery and the option parsers."""

from __future__ import annotations

import io

import docx
import pytest

from tpi_widgets.core.html import FSI, PDI
from tpi_widgets.errors import ReportError
from tpi_widgets.reports import html
from tpi_widgets.reports.build import parse_formats, parse_kinds, writable_folder
from tpi_widgets.reports.document import Chart, Document, Facts, Header, Heading, PageBreak, Paragraph, SignOff, Table
from tpi_widgets.reports.docx_writer import write_docx
from tpi_widgets.reports.pdf import BROWSER_ENV, find_browser

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def seen(text: str) -> str:
    """Word text as a reader sees it: without the direction isolation marks around each value."""
    return text.replace(FSI, "").replace(PDI, "")


def tiny_png() -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    figure = Figure(figsize=(1, 1), dpi=20)
    FigureCanvasAgg(figure)
    figure.add_subplot().plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def sample_document(text: str = "Hôpital Régional de Kédougou") -> Document:
    header = Header("Kossa – São Tomé", ("Kossa District Hospital", text), "Cycle 1", "Prepared on 2026-11-27",
                    {"partnership": "Partnership", "institutions": "Institutions", "page": "Page"})
    blocks = (Heading("Section"), Paragraph(text), Paragraph("nothing yet", "empty"),
              Facts((("Dates", "2027-02-10 to 2027-02-14"), ("Host", text))),
              Table(("No.", "Activity"), (("1.1", text), ("1.2", "Hand hygiene audit")), "Plan", (1, 5)),
              Chart(tiny_png(), "A chart"), PageBreak(),
              SignOff(("Kossa District Hospital", text), ("Name", "Position", "Signature", "Date")))
    return Document("annex1", f"Annex 1 {text}", "en", header, blocks, "kossa-annex1-cycle1")


def test_html_escapes_participant_text_everywhere():
    page = html.render(sample_document(HOSTILE))
    assert "<script>" not in page and "<b>bold" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;") >= 6


def test_html_has_the_header_tables_chart_and_sign_off():
    page = html.render(sample_document())
    assert "<h1><bdi>Annex 1 Hôpital Régional de Kédougou</bdi></h1>" in page
    # each institution isolated for direction, so one cannot reorder the other
    assert '<td><bdi><bdi>Kossa District Hospital</bdi> / <bdi>Hôpital Régional de Kédougou</bdi></bdi></td>' in page
    assert '<th scope="col"><bdi>Activity</bdi></th>' in page and "<td><bdi>Hand hygiene audit</bdi></td>" in page
    assert 'src="data:image/png;base64,iVBOR' in page  # the chart travels inside the page
    assert page.count('class="tpi-sign-box"') == 2
    assert 'class="tpi-empty"' in page


def test_the_printed_page_header_cannot_break_out_of_its_css_string():
    document = sample_document()
    hostile = Document(document.kind, 'x";}</style><script>alert(1)</script>', "en", document.header)
    style = html.page_style(hostile)
    assert "</style><script>" not in style.removesuffix("</style>")
    assert style.count('"') == 6  # the three CSS strings' quotes, none from the text
    assert html.css_string("a\"b") == '"a\\22 b"'


def test_docx_has_word_headings_and_tables_with_the_text_as_typed(tmp_path):
    path = write_docx(sample_document(HOSTILE + "\x07 bell"), tmp_path / "d.docx")
    word = docx.Document(str(path))
    headings = [(p.style.name, seen(p.text)) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", f"Annex 1 {HOSTILE} bell")  # control character dropped, markup kept
    assert ("Heading 2", "Section") in headings
    cells = [seen(cell.text) for table in word.tables for row in table.rows for cell in row.cells]
    assert "Hand hygiene audit" in cells and f"{HOSTILE} bell" in cells
    assert word.inline_shapes and len(word.inline_shapes) == 1  # the chart, as a picture
    assert "Page" in word.sections[0].footer.paragraphs[0].text
    assert word.sections[0].page_height.cm == pytest.approx(29.7, abs=0.01)


def test_find_browser_follows_tpi_browser(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(BROWSER_ENV, str(fake))
    assert find_browser() == str(fake)
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "missing"))
    assert find_browser() is None  # a wrong path is not silently replaced by another browser


@pytest.mark.parametrize("text, expected", [("1", ("annex1",)), ("2,3", ("annex2", "annex3")),
                                            ("all", ("agreement", "baseline", "gaps", "annex1", "annex2", "annex3",
                                                     "evaluation")),
                                            ("evaluation,1", ("evaluation", "annex1")),
                                            ("Gaps, baseline,agreement", ("gaps", "baseline", "agreement"))])
def test_annex_option(text, expected):
    assert parse_kinds(text) == expected


def test_bad_options_are_named():
    with pytest.raises(ReportError, match="unknown document '4'"):
        parse_kinds("1,4")
    with pytest.raises(ReportError, match="unknown format odt"):
        parse_formats("pdf,odt")
    assert parse_formats("PDF, docx,pdf") == ("pdf", "docx")


def test_a_file_in_the_way_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportError, match="cannot write documents to"):
        writable_folder(tmp_path / "file" / "out")


def test_the_sign_off_is_one_section_with_the_heading_and_text_before_it():
    signatories = ("Kossa District Hospital", HOSTILE)
    document = Document("annex1", "Annex 1", "en", sample_document().header, (
        Heading("The plan"), Paragraph("Before"), Heading("Sign-off"), Paragraph("Signed for each side."),
        SignOff(signatories, ("Name", "Signature"))))
    page = html.render(document)
    section = page[page.index('<section class="tpi-sign-section">'):page.index("</section>")]
    assert "<bdi>Before</bdi>" not in section and "The plan" not in section
    assert section.startswith('<section class="tpi-sign-section"><h2><bdi>Sign-off</bdi></h2>'
                              '<p><bdi>Signed for each side.</bdi></p><div class="tpi-sign-off">')
    assert section.count('class="tpi-sign-box"') == 2 and "<script>" not in section
    assert page.count("<h2>") == 2 and page.count("tpi-sign-section") == 1
