"""How the documents fall on printed pages. A long partnership (the demo's records, long
institution names, a plan of twice the demo's length) gets every document from `tpi report` as a
PDF, read back page by page with pypdf and compared with the same documents built in-process:
no page ends on a heading (alone or with the note under it), the sign-off heading is on the page
of the signature boxes, no column head is broken inside a word ("Baselin/e"), and no table row is
split between two pages (report.css). The Word files, laid out by LibreOffice, keep the sign-off
on one page and their rows whole too (docx_writer.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from tests.support import SLUG, libreoffice, word_to_pdf
from tpi_widgets.cli import main
from tpi_widgets.context import StepContext
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.reports import KINDS, kind_module
from tpi_widgets.reports.document import BLANK, Facts, Heading, Paragraph, SignOff, Table
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.store import Write
from tpi_widgets.workspace import Workspace

pytestmark = pytest.mark.reports
DATE = "2026-11-27"
LONG_NAMES = ("Kossa District Hospital and Maternal Health Referral Centre of the Northern Province",
              "Centre Hospitalier Régional Universitaire de Valmont et des Hauts-Plateaux")
GROUPS = (("partnership", None), ("technical", "ipc"), ("technical", "workforce"), ("technical", "surveillance"),
          ("technical", "services"), ("spread", None))
PAGE_NUMBER = re.compile(r"^Page \d+ / \d+$")


def flat(text: str) -> str:
    """Text as read, whatever the line breaks: one space between words, a hyphen at a line's end
    joined to the next word."""
    return re.sub(r"-\s+", "-", " ".join(str(text).split()))


def extra_rows(count: int) -> list[Write]:
    """Plan rows of varied lengths in every group, so page breaks fall at many places."""
    writes = []
    for n in range(count):
        objective, area = GROUPS[n % len(GROUPS)]
        record = f"e{n:07d}"
        fields = {"order": 10 + n, "status": "in-progress", "deleted": False,
                  "activity": f"Extra activity {n}: " + "coach the ward teams on the revised procedure " * (1 + n % 3),
                  "result": "Every ward follows the procedure on every shift " * (1 + n % 4),
                  "responsible": "Dr Mohamed Sesay", "institution": LONG_NAMES[n % 2],
                  "start": "2027-02-01", "end": "2027-09-30", "resources": "Trainers, printed job aids " * (1 + n % 2),
                  "budget": str(100 * (n + 1)), "funding": "Partnership grant", "indicator": f"Wards coached ({n})",
                  "baseline": "0", "target": "6", "verification": "Coaching log signed by the ward manager"}
        if area:
            fields["area"] = area
        fields["objective"] = objective  # last: Step 4 counts a row from then on
        writes += [Write("plan", record, field, value) for field, value in fields.items()]
    return writes


@pytest.fixture(scope="module")
def built(tmp_path_factory, pack) -> tuple:
    """The folder of every document of the long partnership (PDF and Word) and the documents."""
    from tpi_widgets.demo import SAMPLE_CONFIG
    from tpi_widgets.partnership_config import build_config, read_config_file
    workspace = Workspace.init(tmp_path_factory.mktemp("long") / "ws")
    workspace.add_partnership(build_config(read_config_file(SAMPLE_CONFIG), pack))
    write_sample_records(workspace, SLUG)
    store = workspace.store
    partnership = store.partnership(SLUG)
    names = [Write("profile", f"institution-{side}", "name", name) for side, name in enumerate(LONG_NAMES, 1)]
    store.write_many(partnership.id, 1, names + extra_rows(14), None)
    out = tmp_path_factory.mktemp("pdf")
    assert main(["report", str(workspace.root), SLUG, "--format", "pdf,docx", "--date", DATE, "--out", str(out)]) == 0
    source = ReportSource(StepContext(workspace, partnership, 1), dt.date.fromisoformat(DATE))
    documents = [kind_module(kind).build(source, record)
                 for kind in KINDS for record in kind_module(kind).records(source)]
    return out, documents


@pytest.fixture(scope="module")
def printed(built) -> list[tuple]:
    """(document, its PDF's pages as lines of body text) for every document of the long partnership."""
    out, documents = built
    return [(document, body_lines(out / f"{document.file_stem}.pdf", document)) for document in documents]


@pytest.fixture(scope="module")
def laid_out_by_word(built, tmp_path_factory) -> list[tuple]:
    """The same, from the Word files as LibreOffice lays them out."""
    soffice = libreoffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    out, documents = built
    word = tmp_path_factory.mktemp("word")
    word_to_pdf(soffice, [out / f"{d.file_stem}.docx" for d in documents], word)
    return [(document, body_lines(word / f"{document.file_stem}.pdf", document)) for document in documents]


def body_lines(pdf, document) -> list[list[str]]:
    """Each page's lines, without the running header and the page number (report.css @page)."""
    header = flat(f"{document.header.partnership} · {document.title}")
    return [[line for line in page.extract_text().splitlines()
             if line.strip() and not PAGE_NUMBER.match(line.strip()) and flat(line) != header]
            for page in PdfReader(str(pdf)).pages]


def test_the_long_partnership_fills_many_pages(printed):
    pages = {document.kind: len(lines) for document, lines in printed}
    assert pages["annex1"] >= 8 and pages["evaluation"] >= 8 and pages["agreement"] >= 3


def heading_leads(document) -> set[str]:
    """What a page must not end on: a heading, or a heading and the paragraph under it."""
    leads, blocks = set(), document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            leads.add(flat(block.text))
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(after, Paragraph):
                leads.add(flat(f"{block.text} {after.text}"))
    return leads


def test_no_page_ends_on_a_heading(printed):
    stranded = []
    for document, pages in printed:
        leads = heading_leads(document)
        for number, lines in enumerate(pages[:-1], start=1):
            end = flat(" ".join(lines))
            stranded += [(document.file_stem, number, lead) for lead in leads if end.endswith(lead)]
    assert not stranded


@pytest.mark.parametrize("layout", ["printed", "laid_out_by_word"])
def test_the_sign_off_heading_is_on_the_page_of_the_signature_boxes(layout, request):
    signed = [(document, pages) for document, pages in request.getfixturevalue(layout)
              if isinstance(document.blocks[-1], SignOff)]
    assert {document.kind for document, _ in signed} == {"agreement", "annex1", "annex2", "annex3", "evaluation"}
    for document, pages in signed:
        sign_off = document.blocks[-1]
        heading = flat(next(b.text for b in reversed(document.blocks) if isinstance(b, Heading)))
        page = [flat(" ".join(lines)) for lines in pages if heading in flat(" ".join(lines))][-1]
        below = page.rsplit(heading, 1)[1]
        assert all(flat(name) in below for name in sign_off.signatories), document.file_stem
        assert below.count(sign_off.labels[2]) == len(sign_off.signatories), document.file_stem  # "Signature"


def cut_heads(lines: list[str], heads: set[str]) -> list[str]:
    """The column heads that a line break cuts inside a word: a line ends on the head's text up to
    the cut (from the head's start, or from a word's start four letters or more before the cut)
    and the next line goes on with the rest of that word. After a hyphen a line may break."""
    found = []
    for head in heads:
        starts = [0] + [m.end() for m in re.finditer(r"\s+", head)]
        for cut in range(1, len(head)):
            if head[cut - 1] in " -" or head[cut] == " ":
                continue
            rest = head[cut:].split(" ", 1)[0]
            before = [head[j:cut] for j in starts if j == 0 or 4 <= cut - j]
            if any(below.lstrip().startswith(rest) and any(above.rstrip().endswith(b) for b in before)
                   for above, below in zip(lines, lines[1:])):
                found.append(f"{head[:cut]}/{head[cut:]}")
    return found


def test_no_column_head_is_broken_inside_a_word(printed):
    broken = []
    for document, pages in printed:
        heads = {column for block in document.blocks if isinstance(block, Table) for column in block.columns}
        broken += [(document.file_stem, number, cut) for number, lines in enumerate(pages, start=1)
                   for cut in cut_heads(lines, heads)]
    assert not broken


def long_cells(block) -> list[tuple[str, ...]]:
    """The rows of a table or a list of facts as their cells worth finding (long and not blank)."""
    rows = block.rows
    return [tuple(flat(cell) for cell in row if len(str(cell)) >= 25 and cell != BLANK) for row in rows]


@pytest.mark.parametrize("layout", ["printed", "laid_out_by_word"])
def test_no_table_row_is_split_between_pages(layout, request):
    split = []
    for document, pages in request.getfixturevalue(layout):
        texts = [flat(" ".join(lines)) for lines in pages]
        for block in (b for b in document.blocks if isinstance(b, (Table, Facts))):
            for cells in long_cells(block):
                if cells and not any(all(cell in text for cell in cells) for text in texts):
                    split.append((document.file_stem, cells[0][:60]))
    assert not split
