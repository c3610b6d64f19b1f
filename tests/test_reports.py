"""`tpi report`: every document of the demo partnership built through its builder, nbconvert's
report template, a headless Chromium print and the DOCX writer, then read back (pypdf,
python-docx) to find what participants entered; the workshop pack of them all. Also: hostile
text, an empty plan, no browser, bad input, and a whole network with one failure."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tpi_widgets.cli import main
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.core.locale_format import format_date_long
from tpi_widgets.core.records import is_live
from tpi_widgets.reports import KINDS
from tpi_widgets.reports.pdf import BROWSER_ENV
from tpi_widgets.store import Write
from tpi_widgets.workspace import Workspace
from tests.support import SLUG, libreoffice, records, word_to_pdf

pytestmark = pytest.mark.reports
DATE = "2026-11-27"
HOSTILE = '<script>alert("owned")</script><img src=x onerror=alert(2)>'
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?!data:|#)[a-z]+:|url\(\s*["']?(?!data:)[a-z]+:|@import""", re.I)


def flat(text: str) -> str:
    return " ".join(text.split())


def unbroken(text: str) -> str:
    """Text with a line break after a hyphen joined again, as a reader sees it."""
    return re.sub(r"-\s+", "-", text)


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def docx_text(path: Path) -> str:
    word = docx.Document(str(path))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return flat(" ".join(parts))


def report(*args: str) -> int:
    return main(["report", *args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory, pack):
    from tpi_widgets.demo import SAMPLE_CONFIG
    from tpi_widgets.partnership_config import build_config, read_config_file
    workspace = Workspace.init(tmp_path_factory.mktemp("demo") / "ws")
    workspace.add_partnership(build_config(read_config_file(SAMPLE_CONFIG), pack))
    write_sample_records(workspace, SLUG)
    return workspace


@pytest.fixture(scope="module")
def documents(demo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("documents")
    assert report(str(demo.root), SLUG, "--out", str(out), "--date", DATE) == 0
    return out


def files(out: Path, kind: str, suffix: str) -> list[Path]:
    return sorted(out.glob(f"{SLUG}-{kind}-cycle1*{suffix}"))


def test_every_document_is_built_in_every_format(documents):
    # one agreement, one plan, one document per visit proposal (2) and action report (1), one evaluation
    for kind, count in (("agreement", 1), ("baseline", 1), ("gaps", 1), ("annex1", 1), ("annex2", 2), ("annex3", 1), ("evaluation", 1)):
        for suffix in (".html", ".pdf", ".docx"):
            assert len(files(documents, kind, suffix)) == count, (kind, suffix)
    for pdf in documents.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF")


def test_the_workshop_pack_holds_every_document_and_their_pdfs_as_one(documents):
    documents_built = [p for p in sorted(documents.iterdir()) if "workshop-pack" not in p.name]
    zipped = zipfile.ZipFile(documents / f"{SLUG}-cycle1-workshop-pack.zip")
    assert sorted(zipped.namelist()) == [p.name for p in documents_built]
    assert zipped.read(documents_built[0].name) == documents_built[0].read_bytes()
    combined = PdfReader(str(documents / f"{SLUG}-cycle1-workshop-pack.pdf"))
    in_step_order = [p for kind in KINDS for p in files(documents, kind, ".pdf")]
    assert len(combined.pages) == sum(len(PdfReader(str(p)).pages) for p in in_step_order)
    titles = [item.title for item in combined.outline]
    assert len(titles) == len(in_step_order) and titles[0] == "Partnership profile and agreement"
    assert titles[4].startswith("Annex 2: exchange visit proposal — Visit 1: ")  # which visit, as the page names it
    assert combined.metadata.title == "Workshop pack: Kossa – Valmont twinning partnership, cycle 1"


def test_only_every_document_makes_a_pack(workspace, tmp_path):
    assert report(str(workspace.root), SLUG, "--annex", "1,2,3", "--format", "html", "--out", str(tmp_path)) == 0
    assert not list(tmp_path.glob("*workshop-pack*"))


def test_annex1_holds_every_plan_activity(demo, documents):
    activities = [flat(row["activity"]) for row in records(demo, "plan").values() if is_live(row) and row.get("activity")]
    assert len(activities) >= 8
    for text in (pdf_text(files(documents, "annex1", ".pdf")[0]), docx_text(files(documents, "annex1", ".docx")[0])):
        missing = [a for a in activities if a not in text]
        assert not missing
        assert "Kossa District Hospital" in text and "Hôpital Régional de Valmont" in text


CHOICE_FIELDS = {"level": "levels_of_care", "channels": "channels", "frequency": "frequencies"}


def step1_values(workspace, pack) -> list[str]:
    """Every value entered in Step 1 as a document shows it: typed text as typed, choices by label."""
    content = pack.section("partnership")
    values = []
    for collection in ("profile", "team", "agreement"):
        for fields in records(workspace, collection).values():
            if not is_live(fields):
                continue
            for field, value in fields.items():
                if field in CHOICE_FIELDS:
                    choices = getattr(content, CHOICE_FIELDS[field])
                    values += [content.label(choices, v) for v in (value if isinstance(value, list) else [value])]
                elif field in ("start", "next_meeting"):  # dates, as the document's language writes them
                    values.append(format_date_long(value, "en"))
                elif isinstance(value, str) and field not in ("institution", "deleted") and value.strip():
                    values.append(flat(value))
    return values


def test_the_agreement_holds_every_step1_value_and_both_strength_ratings(demo, documents, pack):
    values = step1_values(demo, pack)
    assert len(values) >= 30
    strength = records(demo, "strength")
    levels = {str(level) for side in strength.values() for level in side.values()}
    for text in (pdf_text(files(documents, "agreement", ".pdf")[0]),
                 docx_text(files(documents, "agreement", ".docx")[0])):
        missing = [v for v in values if v not in text]
        assert not missing
        assert "Where the two views differ most" in text and "Sign-off" in text
        for domain in pack.section("partnership").domains:
            assert domain.title in text
        assert levels <= set(text.split())


def test_the_baseline_holds_every_item_with_its_rating_evidence_and_source(demo, documents, pack):
    baseline = records(demo, "assessment:baseline")
    typed = [flat(str(fields[f])) for fields in baseline.values() for f in ("evidence", "source") if fields.get(f)]
    assert len(typed) >= 20
    codes = [item.id.upper() for area in pack.areas for item in area.items]
    for text in (pdf_text(files(documents, "baseline", ".pdf")[0]), docx_text(files(documents, "baseline", ".docx")[0])):
        # a narrow column breaks "walk-through" after its hyphen; the words stay in order
        assert not [v for v in typed if unbroken(v) not in unbroken(text)]
        assert not [c for c in codes if c not in text]
        assert "Strengths to build on" in text and "Progress by technical area" in text
        assert "(agreed)" not in text  # nothing was agreed in the demo: every rating says it is a proposal
        assert text.count("Proposed, not agreed yet") >= len(baseline) // 2


def test_the_gap_list_holds_every_gap_its_scores_root_causes_and_the_chosen_focus(demo, documents):
    notes = records(demo, "gaps")
    focus = records(demo, "focus")
    causes = [flat(fields["root_causes"]) for fields in notes.values() if fields.get("root_causes")]
    rationales = [flat(fields["rationale"]) for fields in focus.values() if fields.get("rationale")]
    assert causes and rationales
    for text in (pdf_text(files(documents, "gaps", ".pdf")[0]), docx_text(files(documents, "gaps", ".docx")[0])):
        assert not [c for c in causes if c not in text]
        assert not [r for r in rationales if r not in text]
        assert not [code for code in (item.upper() for item in notes) if code not in text]
        assert "Chosen focus areas" in text and "Each gap in detail" in text
    word = docx.Document(str(files(documents, "gaps", ".docx")[0]))
    assert len(word.inline_shapes) == 1  # the priority matrix


def test_only_an_agreed_rating_is_shown_as_agreed(workspace, tmp_path):
    partnership = workspace.store.partnership(SLUG)
    workspace.store.write_many(partnership.id, 1, [
        Write("assessment:baseline", "ipc-01", "rating", 3), Write("assessment:baseline", "ipc-01", "agreed", True),
        Write("assessment:baseline", "ipc-02", "rating", 1),
        Write("assessment:baseline:proposals", "ipc-02", "7", 1), Write("assessment:baseline:proposals", "ipc-02", "8", 2),
    ], None)
    out = tmp_path / "out"
    assert report(str(workspace.root), SLUG, "--annex", "baseline", "--format", "docx", "--out", str(out)) == 0
    text = docx_text(next(out.glob("*.docx")))
    assert "3 · Mostly in place (agreed)" in text
    assert ("Proposed, not agreed yet: 1 · Planned or started (all proposals: 1 · Planned or started ×1, "
            "2 · Partly in place ×1)") in text


def test_a_visit_and_a_report_are_chosen_by_the_number_the_page_shows(demo, documents, tmp_path):
    by_number = tmp_path / "by-number"
    assert report(str(demo.root), SLUG, "--annex", "2", "--visit", "2", "--format", "html", "--date", DATE,
                  "--out", str(by_number)) == 0
    assert report(str(demo.root), SLUG, "--annex", "3", "--action-report", "1", "--format", "html", "--date", DATE,
                  "--out", str(by_number)) == 0
    built = sorted(p.name for p in by_number.iterdir())
    annex2 = files(documents, "annex2", ".html")  # in the order of their ids, not of their numbers
    assert len(built) == 2 and built[0] in [p.name for p in annex2] and built[1] == files(documents, "annex3", ".html")[0].name
    second = (by_number / built[0]).read_text(encoding="utf-8")
    assert "Visit 2 of 2" in second


def test_annex2_holds_the_visit_dates_and_team(documents):
    done_visit = [p for p in files(documents, "annex2", ".pdf") if "8 March 2027" in pdf_text(p)]
    assert len(done_visit) == 1
    docx_file = done_visit[0].with_suffix(".docx")
    for text in (pdf_text(done_visit[0]), docx_text(docx_file)):
        for value in ("19 March 2027", "Dr Ousmane Diallo", "Hôpital Régional de Kédougou", "São Tomé",
                      "Partnership grant"):
            assert value in text


def test_annex3_holds_results_planned_vs_done_and_next_steps(documents):
    for text in (pdf_text(files(documents, "annex3", ".pdf")[0]), docx_text(files(documents, "annex3", ".docx")[0])):
        assert "120 litres of hand rub made in the first batch" in text
        assert "Marc Lefèvre" in text and "Autoclave part missing" in text


def test_the_evaluation_report_has_its_charts(documents):
    word = docx.Document(str(files(documents, "evaluation", ".docx")[0]))
    assert len(word.inline_shapes) >= 2  # baseline vs follow-up, partnership strength
    html = files(documents, "evaluation", ".html")[0].read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') >= 2


def test_every_word_document_opens_in_libreoffice(documents, tmp_path):
    soffice = libreoffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    word_files = sorted(documents.glob("*.docx"))
    word_to_pdf(soffice, word_files, tmp_path)
    for word in word_files:
        laid_out = pdf_text(tmp_path / word.with_suffix(".pdf").name)
        assert "Kossa District Hospital" in laid_out and "Page 1 /" in laid_out, word.name
    annex2 = [tmp_path / w.with_suffix(".pdf").name for w in word_files if "-annex2-" in w.name]
    assert any("Hôpital Régional de Kédougou" in pdf_text(p) for p in annex2)


def test_documents_have_the_header_page_numbers_and_real_headings(documents):
    pdf = files(documents, "annex1", ".pdf")[0]
    first_page = flat(PdfReader(str(pdf)).pages[0].extract_text())
    assert "Page 1 /" in first_page and "Cycle 1" in first_page and "Prepared on 27 November 2026" in first_page
    word = docx.Document(str(pdf.with_suffix(".docx")))
    styles = {p.style.name for p in word.paragraphs if p.text.strip()}
    assert {"Heading 1", "Heading 2"} <= styles
    assert word.tables, "tables must be Word tables, not pictures"


def test_no_document_needs_the_network(documents):
    for page in documents.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not EXTERNAL.findall(html), page.name
        assert "<script" not in html  # not even our own: documents are static


def test_participant_markup_stays_text_in_every_format(workspace, tmp_path):
    partnership = workspace.store.partnership(SLUG)
    workspace.store.write_many(partnership.id, 1, [
        Write("plan", "a0000001", field, value) for field, value in
        (("activity", HOSTILE), ("responsible", "Zoë <b>N'Diaye</b>"), ("order", 1), ("objective", "partnership"))
    ], None)
    out = tmp_path / "out"
    assert report(str(workspace.root), SLUG, "--annex", "1", "--out", str(out)) == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    # (nbconvert re-serialises the page with BeautifulSoup, which writes quotes in text as they are)
    assert '&lt;script&gt;alert("owned")&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;' in html
    assert "<script" not in html and "<img src=x" not in html and "<b>N" not in html
    assert flat(HOSTILE) in pdf_text(next(out.glob("*.pdf")))
    assert HOSTILE in docx_text(next(out.glob("*.docx"))) and "Zoë <b>N'Diaye</b>" in docx_text(next(out.glob("*.docx")))


def test_an_empty_plan_gives_a_document_that_says_so(workspace, tmp_path, pack):
    out = tmp_path / "out"
    assert report(str(workspace.root), SLUG, "--annex", "all", "--format", "html,docx", "--out", str(out)) == 0
    for kind, key in (("annex1", "annex1.empty"), ("annex2", "annex2.none"), ("annex3", "annex3.none"),
                      ("agreement", "agreement_doc.team_empty"), ("agreement", "agreement_doc.principles_empty"),
                      ("agreement", "agreement_doc.strength_none"), ("baseline", "baseline_doc.strengths_none"),
                      ("gaps", "gaps_doc.none"), ("gaps", "gaps.focus_none")):
        message = flat(pack.text(key, "en"))
        assert message in flat(next(out.glob(f"*-{kind}-*.html")).read_text(encoding="utf-8")), kind
        assert message in docx_text(next(out.glob(f"*-{kind}-*.docx"))), kind


def test_a_good_build_prints_only_its_files_and_summary(workspace, tmp_path, capfd):
    """No kernel's or library's log line (once "[IPKernelApp] ERROR | KeyboardInterrupt caught in
    kernel.") reaches a user's terminal after a good build."""
    assert report(str(workspace.root), SLUG, "--annex", "1", "--format", "html", "--out", str(tmp_path / "out")) == 0
    captured = capfd.readouterr()
    assert "IPKernelApp" not in captured.err and "KeyboardInterrupt" not in captured.err
    assert [line for line in captured.err.splitlines() if line.strip() and "%|" not in line] == [f"Built 1 document in {tmp_path / 'out'}"]
    assert captured.out.splitlines() == [str(tmp_path / "out" / f"{SLUG}-annex1-cycle1.html")]


def test_without_a_browser_html_and_docx_are_still_written(workspace, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-browser"))
    out = tmp_path / "out"
    assert report(str(workspace.root), SLUG, "--annex", "1", "--out", str(out)) == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".html"]
    notes = [line for line in capsys.readouterr().err.splitlines() if "PDF" in line]
    assert len(notes) == 1 and "install chromium" in notes[0] and BROWSER_ENV in notes[0]


@pytest.mark.parametrize("args, message", [
    (["nope"], "no partnership 'nope'"),
    ([SLUG, "--annex", "2", "--visit", "v-unknown"], "no visit proposal 'v-unknown'"),
    ([SLUG, "--annex", "3", "--action-report", "r-unknown"], "no action report 'r-unknown'"),
    ([SLUG, "--annex", "5"], "unknown document '5'"),
    ([SLUG, "--format", "odt"], "unknown format odt"),
    ([SLUG, "--date", "27/11/2026"], "is not a date"),
    ([], "name one partnership or give --all-partnerships"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(workspace, tmp_path, capsys, args, message):
    out = tmp_path / "out"
    assert report(str(workspace.root), *args, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not out.exists()


def test_an_unwritable_output_folder_exits_2(workspace, tmp_path, capsys):
    (tmp_path / "a-file").write_text("in the way")
    assert report(str(workspace.root), SLUG, "--out", str(tmp_path / "a-file" / "out")) == 2
    err = capsys.readouterr().err
    assert err.startswith("tpi: cannot write documents to") and err.count("\n") == 1


def test_a_whole_network_builds_in_parallel_and_one_failure_does_not_stop_the_rest(demo, tmp_path, capsys, pack):
    from dataclasses import replace
    from tpi_widgets.demo import SAMPLE_CONFIG
    from tpi_widgets.partnership_config import build_config, read_config_file
    config = build_config(read_config_file(SAMPLE_CONFIG), pack)
    workspace = Workspace.init(tmp_path / "network")
    slugs = ["north", "south", "west"]
    for slug in slugs:
        workspace.add_partnership(replace(config, slug=slug, name=f"Partnership {slug}"))
    out = tmp_path / "out"
    (out / "south-annex1-cycle1.html").mkdir(parents=True)  # a folder where south's document must go
    code = report(str(workspace.root), "--all-partnerships", "--annex", "1", "--format", "html,docx", "--out", str(out))
    err = capsys.readouterr().err
    assert code == 1
    assert (out / "north-annex1-cycle1.html").is_file() and (out / "west-annex1-cycle1.docx").is_file()
    assert "1 failed:" in err and "south annex1:" in err
    assert "3/3" in err  # the progress bar reached the end


def test_a_pdf_only_build_leaves_the_html_built_there_before(workspace, tmp_path):
    out = tmp_path / "out"
    assert report(str(workspace.root), SLUG, "--annex", "1", "--format", "html", "--out", str(out)) == 0
    html_before = (out / f"{SLUG}-annex1-cycle1.html").read_bytes()
    assert report(str(workspace.root), SLUG, "--annex", "1", "--format", "pdf", "--out", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{SLUG}-annex1-cycle1.html", f"{SLUG}-annex1-cycle1.pdf"]
    assert (out / f"{SLUG}-annex1-cycle1.html").read_bytes() == html_before
