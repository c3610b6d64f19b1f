"""Participants choosing their language on one (English) partnership: one French, one Portuguese.
Each sees the workbook in their own language (the sign-in, the page's widgets and content, the
header the server makes), a returning participant's page opens in it at once, and both see each
other's entries as typed. The server's own pages follow the choice too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, LOAD_TIMEOUT, VALMONT, new_page, stored_by, wait_for, workbook_path

pytestmark = pytest.mark.browser
ADDRESS = "Route de l'hôpital, Kossa — près du marché"


def open_in(chromium, server, pack, language: str, name: str, institution: str):
    """A new participant's Step 1: the sign-in form (in the partnership's English) offers the
    languages; choosing one loads the page again in it; then they sign in, in that language."""
    text = lambda key, **values: pack.text(key, language, **values)  # noqa: E731
    page = new_page(chromium.new_context())
    page.goto(server.url + workbook_path(1))
    page.locator(".tpi-participant-form").get_by_label(pack.text("participant.language", "en")).select_option(
        label=pack.text("app.language_name", language))
    form = page.locator(".tpi-participant-form")
    expect(form.locator("h3")).to_have_text(text("participant.heading"), timeout=LOAD_TIMEOUT)  # loaded again
    form.get_by_label(text("participant.name")).fill(name)
    form.get_by_label(text("participant.institution")).select_option(institution)
    form.get_by_label(text("participant.role")).fill("Nurse")
    form.get_by_role("button", name=text("participant.start")).click()
    page.locator(".tpi-signed-in").wait_for()
    return page


def test_a_french_and_a_portuguese_participant_each_read_their_language_and_see_each_others_entries(
        chromium, server, workspace, pack):
    fr = open_in(chromium, server, pack, "fr", "Awa Diallo", KOSSA)
    pt = open_in(chromium, server, pack, "pt", "João Gomes", VALMONT)
    for page, language in ((fr, "fr"), (pt, "pt")):
        content = workspace.pack_in(language)
        expect(page.locator(".tpi-steps")).to_contain_text(content.step(2).title)  # the server's header
        expect(page.locator(".tpi-step-1")).to_contain_text(pack.text("profile.heading", language))
        expect(page.locator(".tpi-guidance").first).to_contain_text(content.step(1).purpose[:40])
    # what one types reaches the other as typed, never translated
    fr.get_by_label(pack.text("profile.institution_address", "fr", number=1)).fill(ADDRESS)
    wait_for(lambda: stored_by(workspace, "profile", "institution-1", "address"), "the French participant's address")
    address_pt = pt.get_by_label(pack.text("profile.institution_address", "pt", number=1))
    expect(address_pt).to_have_value(ADDRESS)
    # a returning participant's page opens in their language, without choosing again
    pt.reload()
    expect(pt.locator(".tpi-signed-in")).to_contain_text("João Gomes")
    expect(pt.locator(".tpi-steps")).to_contain_text(workspace.pack_in("pt").step(2).title)
    expect(address_pt).to_have_value(ADDRESS)
    # the server's landing page follows the choice; its language links switch it
    pt.goto(server.url)
    expect(pt.locator(".tpi-cycle-links h3").first).to_have_text(pack.text("landing.cycle", "pt", cycle=1))
    pt.get_by_role("link", name=pack.text("app.language_name", "en")).click()
    expect(pt.locator(".tpi-cycle-links h3").first).to_have_text(pack.text("landing.cycle", "en", cycle=1))
