"""Documents in another of the pack's languages (issue 13): every document of the demo partnership
built in French and in Portuguese through `tpi report --language` (HTML and Word, one PDF each),
read back, holds no English text of the pack (UI strings and content), its charts' text
included; its dates and amounts are written as the language writes them. Also: the locale
formatting itself, `--language` checked and file names, and the facilitator's document panel
building in the language chosen."""

from __future__ import annotations

import html
import re
import threading
from pathlib import Path

import docx
import matplotlib.text
import pytest
from pypdf import PdfReader

from tpi_widgets.cli import main
from tpi_widgets.content.loader import resolve_pack_dir
from tpi_widgets.content.translation_files import PackTexts
from tpi_widgets.core.locale_format import format_amount, format_date_long, format_date_ticks, format_number
from tpi_widgets.reports import KINDS
from tests.support import SLUG, signed_in_page
from tests.test_reports import demo  # noqa: F401 (the demo partnership with its sample records: a fixture)

pytestmark = pytest.mark.reports
DATE = "2026-11-27"
LANGUAGES = ("fr", "pt")
PIECE = 12  # characters: a shorter literal piece of an English text could be a name, a code, a word
PREPARED = {"fr": "Établi le 27 novembre 2026", "pt": "Elaborado em 27 de novembro de 2026"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def flat(text: str) -> str:
    return " ".join(str(text).split())


def html_text(path: Path) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def docx_text(path: Path) -> str:
    """The body (paragraphs and tables), and every page header and footer."""
    word = docx.Document(str(path))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for section in word.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return flat(" ".join(parts))


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def english_pieces(language: str) -> set[str]:
    """The literal pieces (PIECE characters or more, split at the {placeholders}) of every English
    text of the pack, UI string or content, of two words or more whose `language` translation
    differs from it: none may be left in a document in `language`."""
    texts = PackTexts.read(resolve_pack_dir("recovery-2016"))
    translated = texts.translations(language)
    pieces = set()
    for key, source in texts.all_sources().items():
        translation = translated.get(key)
        if len(source.split()) < 2 or (translation is not None and flat(translation.text) == flat(source)):
            continue
        pieces |= {flat(piece) for piece in PLACEHOLDER.split(source) if len(flat(piece)) >= PIECE}
    return pieces


def entered_text(workspace) -> str:
    """Everything the partnership's participants ever entered (every value of the store's
    history) and its registration: English sample text that a document prints as typed."""
    store = workspace.store
    partnership = store.partnership(SLUG)
    values: list[str] = [partnership.name]

    def collect(value):
        if isinstance(value, dict):
            for each in value.values():
                collect(each)
        elif isinstance(value, (list, tuple)):
            for each in value:
                collect(each)
        elif isinstance(value, str):
            values.append(value)

    collect(partnership.profile)
    for change in store.changes_since(partnership.id, 0):
        collect(change.value)
    return flat(" \n ".join(values))


def english_left(text: str, language: str, entered: str) -> list[str]:
    """The pack's English pieces found in `text`; a piece that participants' text also holds is
    left out of the check (the document prints participants' text as typed)."""
    return sorted(piece for piece in english_pieces(language) if piece in text and piece not in entered)


@pytest.fixture(scope="module")
def built(demo, tmp_path_factory):  # noqa: F811 (the imported fixture)
    """{language: (the output folder, the text every chart drew)}: every document in HTML and
    Word, and the agreement as PDF; matplotlib's text drawing is watched (not replaced) to read
    what the charts say."""
    out, charts = {}, {}
    for language in LANGUAGES:
        folder = tmp_path_factory.mktemp(f"documents-{language}")
        drawn: list[str] = []
        draw = matplotlib.text.Text.draw

        def watched(self, renderer, _draw=draw, _drawn=drawn):
            _drawn.append(self.get_text())
            return _draw(self, renderer)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matplotlib.text.Text, "draw", watched)
            assert main(["report", str(demo.root), SLUG, "--language", language, "--format", "html,docx",
                         "--date", DATE, "--out", str(folder)]) == 0
        assert main(["report", str(demo.root), SLUG, "--annex", "agreement", "--language", language,
                     "--format", "pdf", "--date", DATE, "--out", str(folder / "pdf")]) == 0
        out[language], charts[language] = folder, flat(" ".join(drawn))
    return out, charts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_document_holds_no_english_text_of_the_pack(demo, built, language):  # noqa: F811
    folder = built[0][language]
    entered = entered_text(demo)
    documents = sorted(folder.glob(f"{SLUG}-*-{language}.html"))
    assert {name.name.split("-cycle1")[0].removeprefix(f"{SLUG}-") for name in documents} == set(KINDS)
    assert len(documents) == 8  # one of each kind, two visit proposals
    for page in documents:
        for text in (html_text(page), docx_text(page.with_suffix(".docx"))):
            assert PREPARED[language] in text, page.name
            assert english_left(text, language, entered) == [], page.name
    pdf = folder / "pdf" / f"{SLUG}-agreement-cycle1-{language}.pdf"
    text = pdf_text(pdf)
    assert PREPARED[language] in text and english_left(text, language, entered) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_charts_are_in_the_documents_language(demo, built, language):  # noqa: F811
    drawn = built[1][language]
    assert len(drawn) > 500  # the strength, baseline, priority, follow-up and run charts were drawn
    assert english_left(drawn, language, entered_text(demo)) == []
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", drawn)  # run charts' dates


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_amounts_are_written_as_the_language_writes_them(built, language):
    folder = built[0][language]
    agreement = html_text(folder / f"{SLUG}-agreement-cycle1-{language}.html")
    start = format_date_long("2026-12-01", language)  # the partnership's start (the demo's registration)
    assert start in agreement and "2026-12-01" not in agreement
    annex1 = html_text(folder / f"{SLUG}-annex1-cycle1-{language}.html")
    assert flat(format_amount(4200, language)) in annex1 and "4,200" not in annex1  # a plan activity's budget
    visits = " ".join(html_text(page) for page in folder.glob(f"{SLUG}-annex2-*-{language}.html"))
    assert format_date_long("2027-03-08", language) in visits and "2027-03-08" not in visits


def test_the_check_finds_english_text_where_it_is_left(demo, built):  # noqa: F811
    """The check itself: an English document holds the pieces it looks for."""
    out = built[0]["fr"]
    assert main(["report", str(demo.root), SLUG, "--annex", "gaps", "--format", "html", "--date", DATE,
                 "--out", str(out)]) == 0
    own = out / f"{SLUG}-gaps-cycle1.html"  # the partnership's own language: no suffix, the French copy kept
    assert own.is_file() and (out / f"{SLUG}-gaps-cycle1-fr.html").is_file()
    assert len(english_left(html_text(own), "fr", entered_text(demo))) > 20


def test_an_unknown_language_exits_2_naming_the_packs(demo, capsys, tmp_path):  # noqa: F811
    assert main(["report", str(demo.root), SLUG, "--language", "xx", "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "'xx'" in error and "en, fr, pt" in error
    assert not (tmp_path / "out").exists()


# the formatting -------------------------------------------------------------------------------------
@pytest.mark.parametrize("language, day, amount, cents, mean", [
    ("en", "15 August 2016", "1,500", "1,500.50", "2.5"),
    ("fr", "15 août 2016", "1\u202f500", "1\u202f500,50", "2,5"),
    ("pt", "15 de agosto de 2016", "1\xa0500", "1\xa0500,50", "2,5"),  # Portugal's, as the pack's Portuguese
])
def test_dates_and_numbers_by_language(language, day, amount, cents, mean):
    assert format_date_long("2016-08-15", language) == day
    assert format_amount(1500.0, language) == amount and format_amount(1500.5, language) == cents
    assert format_number(2.5, language, places=1) == mean


def test_a_language_babel_does_not_know_is_written_as_the_packs_default():
    assert format_date_long("2016-08-15", "xx-trainer") == "15 August 2016"
    assert format_date_long("2016-08-15", "xx-trainer", default="fr") == "15 août 2016"
    assert format_amount(1500.5, "xx-trainer", default="fr") == "1\u202f500,50"
    assert format_date_long("2016-02-30", "fr") == "2016-02-30"  # not a date: as typed
    assert format_date_long(None, "fr") == ""


def test_chart_dates_are_short_with_the_year_where_it_changes():
    import datetime as dt
    months = [dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)]
    assert format_date_ticks(months, "fr") == ["nov. 2026", "déc.", "janv. 2027"]
    assert format_date_ticks([dt.date(2027, 3, 1), dt.date(2027, 3, 8)], "en") == ["1 Mar 2027", "8 Mar"]


# the facilitator's document panel -------------------------------------------------------------------
def test_the_document_panel_builds_in_the_language_chosen(workspace):
    from tpi_widgets.ui.kit.document_downloads import DocumentButton
    page = signed_in_page(workspace, 1, "Fatmata Bangura", facilitator=True)
    panel = page.documents_box.children[0]
    assert panel.language.options == (("English", "en"), ("Français", "fr"), ("Português", "pt"))
    assert panel.language.value == "en"  # the partnership's
    panel.language.value = "fr"
    button = next(c for c in panel.children if isinstance(c, DocumentButton) and c.kind == "agreement")
    button.start()
    for thread in threading.enumerate():
        if thread.name == "tpi-build-agreement":
            thread.join(timeout=120)
    assert "Profil et accord de partenariat" in button.result.value
    built = workspace.root / "documents" / f"{SLUG}-agreement-cycle1-fr.html"
    page_text = built.read_text(encoding="utf-8")
    assert '<html lang="fr"' in page_text and "<title>Profil et accord de partenariat</title>" in page_text
    assert not (workspace.root / "documents" / f"{SLUG}-agreement-cycle1.html").exists()
