"""Participant text is isolated for direction wherever it is shown (issue 11): a name holding a
RIGHT-TO-LEFT OVERRIDE (U+202E) or an Arabic institution name cannot reorder the text around it,
in a "Saved by … at HH:MM" line, in the pages' HTML, or in a document's header in HTML, PDF and
Word. Isolation is part of escaping (core/html.esc), so no call site can forget it."""

from __future__ import annotations

import re

import docx
import pytest
from pypdf import PdfReader

from tests.support import shown, signed_in_page
from tests.test_report_annex1 import source_for
from tpi_widgets.core.html import FSI, PDI, attr, balanced, esc, isolate, isolate_where_needed
from tpi_widgets.partnership_config import build_config
from tpi_widgets.reports import annex1, html
from tpi_widgets.reports.docx_writer import write_docx
from tpi_widgets.reports.pdf import PdfPrinter, find_browser
from tpi_widgets.workspace import Workspace

RLO = "\u202e"
EVE = RLO + "Eve"  # typed as her name: everything after it would read backwards
ARABIC = RLO + "مستشفى كوسا الحكومي"  # an Arabic institution name, with an override for good measure
VALMONT = "Hôpital Régional de Valmont"


def test_escaping_isolates_every_value_and_balances_its_own_isolates():
    assert esc("Eve") == "<bdi>Eve</bdi>"
    assert esc("") == "" and esc(None) == ""
    assert esc(f"Saved by {isolate(EVE)} at 23:00") == f"<bdi>Saved by <bdi>{EVE}</bdi> at 23:00</bdi>"
    assert esc("<b>&") == "<bdi>&lt;b&gt;&amp;</bdi>"
    # a stray close cannot end the isolation early; an open isolate is closed inside the value
    assert balanced(PDI + "a" + FSI + "b") == "a" + FSI + "b" + PDI
    assert isolate(PDI + RLO + "x") == FSI + RLO + "x" + PDI
    assert esc(PDI + "x" + FSI) == "<bdi>x<bdi></bdi></bdi>"
    assert attr('a"b' + FSI) == "a&quot;b" + FSI + PDI  # attributes: escaped, no element
    assert isolate_where_needed("Kossa – São Tomé 12") == "Kossa – São Tomé 12"
    assert isolate_where_needed("كوسا") == FSI + "كوسا" + PDI and isolate_where_needed(EVE) == FSI + EVE + PDI


def test_a_right_to_left_override_in_a_name_keeps_the_time_of_saved_by_in_order(workspace):
    eve = signed_in_page(workspace, 4, name=EVE, role="Manager")
    record = eve.add_row("partnership")
    card = eve.cards[record]
    card.activity.value = "Sign the agreement"
    eve.sync.flush()
    # the name is in an element of its own: " at HH:MM" after it keeps left-to-right order
    assert re.fullmatch(rf"<bdi>Saved by <bdi>{EVE}</bdi> at \d\d:\d\d</bdi>", card.status_line.value)
    assert f"<bdi>{EVE}</bdi>" in eve.gate.badge.value
    other = signed_in_page(workspace, 4, "Bo Lindqvist", "Hôpital Régional de Valmont")
    assert re.search(rf"Saved by <bdi>{EVE}</bdi> at \d\d:\d\d", other.cards[record].summary.value)  # closed
    other.cards[record].editor.click()
    assert re.search(rf"Saved by <bdi>{EVE}</bdi> at \d\d:\d\d", other.cards[record].status_line.value)
    assert shown(other.cards[record].status_line.value).startswith(f"Saved by {EVE} at ")


@pytest.fixture
def arabic_workspace(tmp_path, pack, sample_config) -> Workspace:
    ws = Workspace.init(tmp_path / "ws")
    data = {"name": "Kossa – Valmont", "slug": "kossa-valmont", "start": "2027-01-15", "areas": ["ipc"],
            "institutions": [{"name": ARABIC, "country": "Sierra Leone"}, {"name": VALMONT, "country": "Senegal"}]}
    ws.add_partnership(build_config(data, pack))
    return ws


def test_annex1_header_in_html_isolates_each_institution(arabic_workspace):
    page = html.render(annex1.build(source_for(arabic_workspace)))
    assert f"<td><bdi><bdi>{ARABIC}</bdi> / <bdi>{VALMONT}</bdi></bdi></td>" in page
    assert "\\2068 " in page.split("</style>")[0]  # the printed running header isolates the partnership too


def test_annex1_header_in_word_isolates_each_institution(arabic_workspace, tmp_path):
    word = docx.Document(str(write_docx(annex1.build(source_for(arabic_workspace)), tmp_path / "a1.docx")))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    # the name that can reorder its neighbours is isolated; left-to-right text needs no marks
    assert f"{FSI}{FSI}{ARABIC}{PDI} / {VALMONT}{PDI}" in cells
    signatories = [p.text for p in word.paragraphs if ARABIC in p.text or VALMONT in p.text]
    assert FSI + ARABIC + PDI in signatories and VALMONT in signatories  # the sign-off block


@pytest.mark.reports
def test_annex1_header_printed_to_pdf_keeps_the_other_institution_in_order(arabic_workspace, tmp_path):
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium-based browser to print with")
    page = tmp_path / "annex1.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    + html.render(annex1.build(source_for(arabic_workspace))) + "</body></html>", encoding="utf-8")
    with PdfPrinter(browser) as printer:
        printed = printer.print(page, tmp_path / "annex1.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(str(printed)).pages)
    assert VALMONT in text  # not reversed by the override in the other name
    assert VALMONT[::-1] not in text
