"""One renderer for tables: a step page shows Table blocks drawn by the documents' renderer, and
where a page and a document show the same table (Step 4's budget and Annex 1's, Step 6's
partnership strength and cycle history and the evaluation report's) one builder makes it, so
the same data gives the same HTML. The Cell parts a page uses are escaped, survive the JSON
trip and reach Word as text."""

from __future__ import annotations

import dataclasses
import pickle

import docx

from tests.support import KOSSA, signed_in_page
from tests.test_report_annex1 import source_for as annex1_source
from tests.test_report_evaluation import seed_evaluation, table_with
from tests.test_report_annex3 import SLUG, source_for as evaluation_source
from tests.test_report_pipeline import sample_document, seen
from tpi_widgets.reports import annex1, evaluation
from tpi_widgets.reports.document import BLANK, Cell, Document, Table
from tpi_widgets.reports.docx_writer import write_docx
from tpi_widgets.reports.html import render, render_blocks, table_html

HOSTILE = '<script>alert("x")</script>'


def test_step4_budget_is_annex1_budget_drawn_the_same(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    first = page.cards[page.add_row("partnership")]
    second = page.cards[page.add_row("technical", "ipc")]
    first.budget.input.value = "1 200"
    first.funding.value = f"{HOSTILE} Fund"
    second.budget.input.value = "800.5"
    page.sync.flush()
    document = annex1.build(annex1_source(workspace))
    tables = [b for b in document.blocks if isinstance(b, Table) and "tpi-plan-budget-table" in b.css]
    assert [t.rows[-1] for t in tables] == [("Total", "2,000.50")] * 2
    for table in tables:
        # the same HTML, byte for byte, but for the page's column names on each cell (cards on a phone)
        assert table_html(table) in render(document) and table_html(table, labelled=True) in page.budget.value
    assert "<script>" not in page.budget.value and "&lt;script&gt;" in page.budget.value
    assert 'class="tpi-amount"' in page.budget.value and 'class="tpi-total"' in page.budget.value


def test_step6_strength_and_history_are_the_evaluation_reports_tables(workspace):
    seed_evaluation(workspace)
    who = workspace.store.add_participant("Fay", KOSSA, "Facilitator").id
    assert workspace.start_next_cycle(SLUG, who) == 2
    document = evaluation.build(evaluation_source(workspace))
    page = signed_in_page(workspace, 6)
    page.section_picker.value = "cycles"
    page.section_picker.value = "strength"
    history = table_with(document, "Cycle 2")
    assert table_html(history, labelled=True) in page.history.value and table_html(history) in render(document)
    strength = table_with(document, "Rated by")
    columns = tuple(page.context.text(k) for k in ("strength.domain", "review_strength.side", "review_strength.step1",
                                                   "review_strength.now", "compare.change"))
    assert columns != strength.columns  # the page's own labels ("Side" where the report says "Rated by") ...
    assert table_html(dataclasses.replace(strength, columns=columns), labelled=True) in page.strength_table.value  # ... else the same


def test_the_empty_mark_is_one_for_pages_and_documents(workspace):
    from tpi_widgets.reports.labels import BLANK as DOCUMENT_BLANK
    from tpi_widgets.ui.kit.strength import strength_table
    assert BLANK == DOCUMENT_BLANK == "—"
    page = signed_in_page(workspace, 1)
    table = strength_table([], {1: "A", 2: "B"}, {}, page.context.text)
    assert table.rows[-1][1:3] == (BLANK, BLANK)  # the averages of nothing rated


def test_a_pages_data_cells_name_their_column_and_a_documents_do_not():
    arabic = "مستشفى"
    table = Table(("Area", HOSTILE, arabic, ""), (("IPC", Cell("2", span=2), "4"),
                                                   ("HR", "1", "3", "")), row_headers=True)
    page = render_blocks([table])
    # a row's header needs no name; a cell spanning columns moves the next one's name along
    assert '<th scope="row"><bdi>IPC</bdi></th><td colspan="2" data-label="&lt;script&gt;alert(&quot;x&quot;)' \
           '&lt;/script&gt;"><bdi>2</bdi></td><td><bdi>4</bdi></td>' in page  # the unnamed column: no label
    assert f'<td data-label="\u2068{arabic}\u2069"><bdi>3</bdi></td>' in page  # isolated: it could reorder
    assert "data-label" not in table_html(table)
    document = sample_document()
    document = Document(document.kind, document.title, document.language, document.header, (table,), document.file_stem)
    assert "data-label" not in render(document)  # a document's tables look and read as before


def test_a_pages_table_of_three_columns_or_more_is_marked_to_become_cards_on_a_phone():
    two, four = Table(("Objective", "Amount"), (("1", "600"),)), Table(("a", "b", "c", "d"), (("1", "2", "3", "4"),))
    assert "tpi-table-cards" not in render_blocks([two])  # fits a phone as it is
    assert '<table class="tpi-table tpi-table-cards">' in render_blocks([four])
    assert "tpi-table-cards" not in table_html(four)  # a document's table stays a table


def test_cell_parts_are_escaped_and_survive_a_copy_and_word(tmp_path):
    cell = Cell(HOSTILE, css='x" onclick="y', title=HOSTILE, code="<b>C</b>", note=HOSTILE)
    table = Table(("<i>a</i>", "b"), ((cell, "2027-01-10"), (Cell("group", span=2),)), css="tpi-x <y>",
                  column_css=("", "tpi-amount"), row_css=("tpi-total", "g"), row_headers=True)
    fragment = render_blocks([table])
    assert "<script>" not in fragment and "<b>" not in fragment and "<i>" not in fragment and 'onclick="' not in fragment
    assert '<span class="tpi-item-code"><bdi>&lt;b&gt;C&lt;/b&gt;</bdi></span> <bdi>&lt;script&gt;' in fragment
    assert '<th scope="row" class="x&quot; onclick=&quot;y" title="&lt;script&gt;' in fragment
    assert '<td class="tpi-amount" data-label="b"><span class="tpi-nowrap"><bdi>2027-01-10</bdi></span></td>' in fragment
    assert '<th scope="row" colspan="2"><bdi>group</bdi></th>' in fragment and '<tr class="tpi-total">' in fragment
    assert cell == f"<b>C</b> {HOSTILE}\n{HOSTILE}"  # as a str: the text a document reads

    base = sample_document()
    document = Document(base.kind, base.title, base.language, base.header, base.blocks + (table,), base.file_stem)
    again = pickle.loads(pickle.dumps(document))  # a Cell keeps its parts through a copy or a pickle
    assert again == document and render(again) == render(document)  # every part back, not only the text
    assert again.blocks[-1].rows[0][0].title == HOSTILE and again.blocks[-1].rows[1][0].span == 2

    word = docx.Document(str(write_docx(document, tmp_path / "d.docx")))
    grid = next(t for t in word.tables if seen(t.rows[0].cells[0].text) == "<i>a</i>")
    assert [[seen(c.text) for c in row.cells] for row in grid.rows[1:]] == [
        [f"<b>C</b> {HOSTILE}\n{HOSTILE}", "2027-01-10"], ["group", "group"]]  # the group row's cells merged
