"""Step 1 as participants use it: Voila serving a fresh workspace, Chromium driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import (KOSSA, LIVE_TIMEOUT, VALMONT, open_step, records_where, sign_in, stored_by,
                           wait_for)

pytestmark = pytest.mark.browser

COMMITMENT = "Commitment of leaders"


def section(page, name: str):
    """Choose a section of the page, as a participant does (each is built when first chosen)."""
    page.get_by_role("button", name=name, exact=True).click()


def test_participant_fills_the_profile_reloads_and_the_partner_sees_ratings_read_only(chromium, server, workspace):
    ana_context = chromium.new_context()
    page = open_step(ana_context, server, 1)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    # the profile starts from the registration
    expect(page.get_by_label("Institution 2 name")).to_have_value(VALMONT)
    page.get_by_label("Institution 1 address").fill("Hospital Road, Kossa")
    page.get_by_label("Focal point 1 name").fill("Ana Kamara")
    email = page.get_by_label("Focal point 1 email")
    email.fill("ana.kamara@")
    expect(page.locator(".tpi-field-error").filter(has_text="does not look like an email")).to_be_visible()
    expect(email).to_have_value("ana.kamara@")
    # a principle and a team member
    section(page, "Agreement")
    page.get_by_role("button", name="Add a principle").click()
    page.get_by_label("Principle 8").fill("Budgets are shared openly")
    section(page, "Team")
    page.get_by_role("button", name="Add a team member").click()
    page.get_by_label("Member 1 name").fill("Fatmata Sesay")
    page.get_by_label("Member 1 role").fill("Ward matron")
    # the strength rating for Ana's own side; the other side is read-only
    section(page, "Partnership strength")
    page.get_by_label(f"{COMMITMENT} ({KOSSA})").select_option(label="4 · Established")
    expect(page.get_by_label(f"{COMMITMENT} ({VALMONT})")).to_be_disabled()

    assert wait_for(lambda: stored_by(workspace, "profile", "focal-1", "email"), "email saved") == \
        ("ana.kamara@", "Ana Kamara")
    wait_for(lambda: stored_by(workspace, "profile", "institution-1", "address"), "address saved")
    wait_for(lambda: records_where(workspace, "agreement", "text", "Budgets are shared openly"), "principle saved")
    wait_for(lambda: records_where(workspace, "team", "role", "Ward matron"), "team member saved")
    assert wait_for(lambda: stored_by(workspace, "strength", "side-1", "commitment"), "rating saved")[0] == 4
    expect(page.locator(".tpi-strength-summary td").first).to_have_text("4")

    page.reload()
    page.get_by_label("Focal point 1 email").wait_for()
    assert page.get_by_label("Your name").count() == 0
    expect(page.get_by_label("Focal point 1 email")).to_have_value("ana.kamara@")
    expect(page.locator(".tpi-field-error").filter(has_text="does not look like an email")).to_be_visible()
    expect(page.get_by_label("Institution 1 address")).to_have_value("Hospital Road, Kossa")
    section(page, "Agreement")
    expect(page.get_by_label("Principle 8")).to_have_value("Budgets are shared openly")
    expect(page.get_by_label("Principle 1")).not_to_have_value("")  # seeded from the pack
    section(page, "Team")
    expect(page.get_by_label("Member 1 name")).to_have_value("Fatmata Sesay")
    section(page, "Partnership strength")
    expect(page.get_by_label(f"{COMMITMENT} ({KOSSA})")).to_have_value("4 · Established")

    # a participant of the other institution sees Kossa's rating, read-only, and rates their own side
    bo_context = chromium.new_context()
    bo = open_step(bo_context, server, 1)
    sign_in(bo, "Bo Lindqvist", VALMONT, "Surgeon")
    section(bo, "Partnership strength")
    kossa_rating = bo.get_by_label(f"{COMMITMENT} ({KOSSA})")
    expect(kossa_rating).to_have_value("4 · Established")
    expect(kossa_rating).to_be_disabled()
    expect(bo.get_by_label(f"{COMMITMENT} ({VALMONT})")).to_be_enabled()
    bo.get_by_label(f"{COMMITMENT} ({VALMONT})").select_option(label="2 · Beginning")
    # Ana sees it arrive, read-only, and the table shows the difference
    expect(page.get_by_label(f"{COMMITMENT} ({VALMONT})")).to_have_value("2 · Beginning", timeout=LIVE_TIMEOUT)
    expect(page.locator(".tpi-strength-gap")).to_contain_text("+2", timeout=LIVE_TIMEOUT)
    assert stored_by(workspace, "strength", "side-2", "commitment") == (2, "Bo Lindqvist")
    ana_context.close()
    bo_context.close()
