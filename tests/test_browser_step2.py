"""Step 2 as participants use it: Voila serving a fresh workspace, Chromium driven by Playwright."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import (BASELINE, KOSSA, LIVE_TIMEOUT, LOAD_TIMEOUT, VALMONT, Server, item_row, new_page,
                           open_step, sign_in, step_path, wait_for_store)

pytestmark = pytest.mark.browser


def rate(page, code: str, label: str):
    page.get_by_label(f"{code} rating").select_option(label=label)


def test_participant_fills_reloads_and_finds_everything(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step(context, server, 2, record_outside=True)
    sign_in(page, "Ana <b>Kamara</b>", KOSSA, "IPC focal person")
    rate(page, "IPC-01", "1 · Planned or started")
    rate(page, "IPC-02", "3 · Mostly in place")
    rate(page, "IPC-03", "Not applicable")
    evidence = "Hand-rub audit: 4 of 9 wards <script>alert('x')</script>"
    page.get_by_label("IPC-02 evidence").fill(evidence)
    page.get_by_label("IPC-02 source").fill("Ward audit sheet, November")
    for code in ("IPC-01", "IPC-02", "IPC-03"):
        item_row(page, code).locator(".tpi-status-saved").wait_for()
    # "saved" is only shown after the commit: the store has every value, with who saved it
    assert wait_for_store(workspace, BASELINE, "ipc-02", "evidence", evidence)[1] == "Ana <b>Kamara</b>"
    wait_for_store(workspace, BASELINE, "ipc-02", "source", "Ward audit sheet, November")
    wait_for_store(workspace, BASELINE, "ipc-03", "rating", "na")
    # participant text is shown as text, never as markup
    assert page.locator(".tpi-signed-in b").count() == 0
    assert "Ana <b>Kamara</b>" in page.locator(".tpi-signed-in").inner_text()
    assert page.locator(".tpi-progress").first.inner_text() == "3 of 8 rated"

    page.reload()
    page.get_by_label("IPC-02 evidence").wait_for()
    assert page.get_by_label("Your name").count() == 0  # the browser session remembers the participant
    expect(page.get_by_label("IPC-01 rating")).to_have_value("1 · Planned or started")
    expect(page.get_by_label("IPC-02 rating")).to_have_value("3 · Mostly in place")
    expect(page.get_by_label("IPC-03 rating")).to_have_value("Not applicable")
    expect(page.get_by_label("IPC-02 evidence")).to_have_value(evidence)
    expect(page.get_by_label("IPC-02 source")).to_have_value("Ward audit sheet, November")
    assert page.outside_requests == []  # works offline: nothing loaded from outside the server
    context.close()


def test_second_participant_sees_ratings_arrive_without_reloading(chromium, server, workspace):
    ana = chromium.new_context()
    bo = chromium.new_context()
    ana_page = open_step(ana, server, 2)
    bo_page = open_step(bo, server, 2)
    sign_in(ana_page, "Ana Kamara", KOSSA, "IPC focal person")
    sign_in(bo_page, "Bo Lindqvist", VALMONT, "Surgeon")
    rate(ana_page, "IPC-04", "2 · Partly in place")
    ana_page.get_by_label("IPC-04 evidence").fill("Screening desk staffed in daytime only")
    # Ana's rating reaches Bo as her proposal, not agreed; his own box stays his
    expect(item_row(bo_page, "IPC-04").locator(".tpi-proposed-note")).to_have_text(
        "Proposed: 2 · Partly in place (by Ana Kamara, not agreed yet)", timeout=LIVE_TIMEOUT)
    expect(bo_page.get_by_label("IPC-04 rating")).to_have_value("Not rated yet")
    expect(bo_page.get_by_label("IPC-04 evidence")).to_have_value("Screening desk staffed in daytime only",
                                                                  timeout=LIVE_TIMEOUT)
    item_row(bo_page, "IPC-04").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
    # and the other way round
    rate(bo_page, "IPC-05", "4 · Fully in place")
    expect(item_row(ana_page, "IPC-05").locator(".tpi-proposed-note")).to_contain_text(
        "(by Bo Lindqvist, not agreed yet)", timeout=LIVE_TIMEOUT)
    ana.close()
    bo.close()


def test_values_survive_a_server_restart(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    context = chromium.new_context()
    try:
        page = open_step(context, server, 2)
        sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
        page.get_by_role("button", name="Health workforce").click()
        rate(page, "WORKFORCE-01", "0 · Not in place")
        page.get_by_label("WORKFORCE-01 evidence").fill("Two nurses for 60 beds at night")
        item_row(page, "WORKFORCE-01").locator(".tpi-status-saved").wait_for()
        wait_for_store(workspace, BASELINE, "workforce-01", "evidence", "Two nurses for 60 beds at night")
    finally:
        server.stop()
    # the facilitator restarts the server on the same port; the participant reloads the page
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", port=server.port).start()
    try:
        page.reload()
        page.locator(".tpi-signed-in").wait_for()
        page.get_by_role("button", name="Health workforce").click()
        expect(page.get_by_label("WORKFORCE-01 rating")).to_have_value("0 · Not in place")
        expect(page.get_by_label("WORKFORCE-01 evidence")).to_have_value("Two nurses for 60 beds at night")
    finally:
        context.close()
        server.stop()


def test_landing_page_lists_partnerships_and_their_steps(chromium, server):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(server.url)
    assert page.get_by_role("heading", name="Kossa – Valmont twinning partnership").is_visible()
    page.get_by_role("link", name="2. Needs assessment").click()
    # the header is in the page once per language until its script keeps the chosen one: the shown one counts
    expect(page.locator(".tpi-header .tpi-partnership:visible")).to_have_text("Kossa – Valmont twinning partnership",
                                                                            timeout=LOAD_TIMEOUT)
    expect(page.locator(".tpi-steps a.tpi-current:visible")).to_have_text(re.compile(r"^\s*2\b"))
    context.close()


def test_hostile_partnership_name_stays_text_and_french_partnership_gets_french_labels(chromium, workspace,
                                                                                        tmp_path, pack):
    from tpi_widgets.partnership_config import build_config
    hostile = "<script>window.pwned = 1</script> Kédougou – Lyon"
    workspace.add_partnership(build_config({
        "name": hostile, "slug": "kedougou-lyon", "language": "fr", "areas": ["ipc"], "start": "2027-02-01",
        "institutions": [{"name": "Hôpital Régional de Kédougou", "country": "Sénégal"},
                         {"name": "<img src=x onerror='window.pwned=2'>", "country": "France"}]}, pack))
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(server.url)
        page.get_by_role("heading", name=hostile).wait_for()
        page.goto(server.url + step_path(2, "kedougou-lyon"))
        page.get_by_label("Votre nom").wait_for()
        expect(page.locator(".tpi-partnership")).to_have_text(hostile)
        expect(page.locator(".tpi-cycle")).to_contain_text("Cycle 1")
        expect(page.get_by_label("Votre institution").locator("option").nth(1)).to_have_text(
            "<img src=x onerror='window.pwned=2'>")
        assert page.evaluate("window.pwned") is None
    finally:
        context.close()
        server.stop()
