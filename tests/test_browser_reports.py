"""Documents from the apps: a facilitator builds Annex 1 on the Step 4 page and downloads the
PDF and the Word file, then the workshop pack (every document, one ZIP and one PDF); Step 5 offers one Annex 2 per visit proposal, each named by its visit;
Step 1's agreement carries the date the facilitator chose; a participant sees no build button. Voila serving the demo sample records, Chromium driven by Playwright."""

from __future__ import annotations

import zipfile

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.support import KOSSA, VALMONT, Server, become_facilitator, open_step, records, sign_in
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.core.locale_format import format_date_long
from tpi_widgets.core.records import is_live
from tpi_widgets.reports import KINDS

pytestmark = [pytest.mark.browser, pytest.mark.reports]
BUILD_TIMEOUT = 180_000  # ms: the builders, nbconvert and browser prints on a busy machine


@pytest.fixture
def demo_server(workspace, tmp_path):
    write_sample_records(workspace, "kossa-valmont")
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    yield server
    server.stop()


def download(page, link, folder):
    with page.expect_download() as info:
        link.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_facilitator_builds_and_downloads_annex1_and_the_workshop_pack(chromium, demo_server, workspace, tmp_path):
    context = chromium.new_context(accept_downloads=True)
    page = open_step(context, demo_server, 4)
    sign_in(page, "Fatmata Bangura", KOSSA, "Facilitator")
    become_facilitator(page, workspace, "Fatmata Bangura")
    page.get_by_role("button", name="Build Annex 1 (plan)").click()
    links = page.locator(".tpi-document-links")
    links.get_by_role("link", name="PDF").wait_for(timeout=BUILD_TIMEOUT)
    expect(links).to_have_count(1)
    expect(links).to_contain_text("Annex 1")

    pdf = download(page, links.get_by_role("link", name="PDF"), tmp_path)
    assert pdf.name == "kossa-valmont-annex1-cycle1.pdf" and pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    activities = [" ".join(row["activity"].split()) for row in records(workspace, "plan").values()
                  if is_live(row) and row.get("activity")]
    assert activities and all(a in text for a in activities)
    word = download(page, links.get_by_role("link", name="Word"), tmp_path)
    assert word.suffix == ".docx" and docx.Document(str(word)).tables
    assert (workspace.root / "documents" / "kossa-valmont-annex1-cycle1.docx").is_file()  # kept on the server too

    page.get_by_role("button", name="Build the workshop pack").click()
    pack = links.filter(has_text="Workshop pack")
    pack.get_by_role("link", name="ZIP").wait_for(timeout=BUILD_TIMEOUT)
    zipped = download(page, pack.get_by_role("link", name="ZIP"), tmp_path)
    names = zipfile.ZipFile(zipped).namelist()
    assert {n.rsplit(".", 1)[1] for n in names} == {"html", "pdf", "docx"}
    assert {n.split("-cycle1")[0].removeprefix("kossa-valmont-") for n in names} == set(KINDS)
    combined = PdfReader(str(download(page, pack.get_by_role("link", name="PDF"), tmp_path)))
    assert [item.title for item in combined.outline][:3] == ["Partnership profile and agreement",
                                                             "Baseline assessment", "Prioritised gap list"]
    context.close()


def test_step5_offers_one_annex2_per_visit_proposal(chromium, demo_server, workspace):
    context = chromium.new_context(accept_downloads=True)
    page = open_step(context, demo_server, 5)
    sign_in(page, "Fatmata Bangura", KOSSA, "Facilitator")
    become_facilitator(page, workspace, "Fatmata Bangura")
    expect(page.get_by_role("button", name="Build Annex 3 (action reports)")).to_be_visible()
    page.get_by_role("button", name="Build Annex 2 (visit proposals)").click()
    links = page.locator(".tpi-document-links")
    expect(links).to_have_count(2, timeout=BUILD_TIMEOUT)
    expect(links.get_by_role("link", name="HTML")).to_have_count(2)
    # each download says which visit: its number on the cards, the sides and the dates
    visits = [v for v in records(workspace, "visits").values() if is_live(v)]
    for number in (1, 2):
        expect(links.filter(has_text=f"Visit {number}: ")).to_have_count(1)
    for visit in visits:  # dates as the partnership's language writes them
        start, end = (format_date_long(visit[day], "en") for day in ("start", "end"))
        expect(links.filter(has_text=f"{start} to {end}")).to_have_count(1)
    context.close()


def test_step1_agreement_carries_the_date_the_facilitator_chose(chromium, demo_server, workspace, tmp_path):
    context = chromium.new_context(accept_downloads=True)
    page = open_step(context, demo_server, 1)
    sign_in(page, "Fatmata Bangura", KOSSA, "Facilitator")
    become_facilitator(page, workspace, "Fatmata Bangura")
    date = page.get_by_label("Date on the documents")
    date.fill("15/01/2027")  # not a date: said at once, and nothing is built
    expect(page.locator(".tpi-documents .tpi-field-error")).to_contain_text("YYYY-MM-DD")
    build = page.get_by_role("button", name="Build the partnership profile and agreement")
    build.click()
    expect(page.locator(".tpi-document-agreement .tpi-document-result")).to_contain_text(
        "Write the date the documents carry first")
    date.fill("2027-01-15")
    expect(page.locator(".tpi-documents .tpi-field-error")).to_have_count(0)
    build.click()
    links = page.locator(".tpi-document-links")
    links.get_by_role("link", name="HTML").wait_for(timeout=BUILD_TIMEOUT)
    expect(links).to_contain_text("Partnership profile and agreement")
    html = download(page, links.get_by_role("link", name="HTML"), tmp_path).read_text(encoding="utf-8")
    assert "Prepared on 15 January 2027" in html and "Hospital Road, Kossa Town" in html
    context.close()


def test_a_participant_has_no_build_button_even_calling_themselves_facilitator(chromium, demo_server):
    context = chromium.new_context()
    page = open_step(context, demo_server, 6)
    sign_in(page, "Élodie Marchand", VALMONT, "Facilitator")  # a role typed is not the passcode
    page.get_by_text("Documents").or_(page.locator(".tpi-step-body")).first.wait_for()
    expect(page.locator(".tpi-documents")).to_have_count(0)
    expect(page.get_by_role("button", name="Build the evaluation report")).to_have_count(0)
    context.close()
