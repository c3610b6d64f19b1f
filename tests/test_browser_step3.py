"""Step 3 as participants use it: Voila serving a workspace whose Step 2 ratings are seeded in
the store, Chromium driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import (BASELINE, KOSSA, LIVE_TIMEOUT, VALMONT, Other, become_facilitator, open_step, records, seed_ratings,
                           sign_in, wait_for_store)

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace(workspace):
    """Step 2 has rated four items below target (one with evidence), one on target, one n/a:
    written before the shared `server` fixture starts Voila on this workspace."""
    seed_ratings(workspace, {"ipc-02": 1, "ipc-03": 3, "ipc-05": "na", "ipc-06": 0, "workforce-01": 2, "ipc-08": 2},
                 {"ipc-02": "Audit of 3 wards: 41% compliance"})
    return workspace


def gap_card(page, code: str):
    """A gap's card, closed or opened: it shows its item code."""
    return page.locator(".tpi-gap").filter(has=page.get_by_text(code, exact=True))


def open_gap(page, code: str):
    """Open a gap's notes, as a participant does: a closed card shows them as one line."""
    page.get_by_role("button", name=f"Root causes and scores of {code}").click()
    page.get_by_label(f"{code} root causes").wait_for()


def test_participant_fills_votes_reloads_and_finds_everything(chromium, server, workspace):
    context = chromium.new_context(viewport={"width": 360, "height": 740})  # a phone
    page = open_step(context, server, 3)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    # only the items below target are gaps, with Step 2's rating and evidence, by area
    expect(page.locator(".tpi-gap")).to_have_count(3)
    page.get_by_role("button", name="Health workforce").click()
    expect(page.locator(".tpi-gap")).to_have_count(1)
    expect(page.locator(".tpi-gap")).to_contain_text("WORKFORCE-01")
    page.get_by_role("button", name="IPC and patient safety").click()
    expect(page.locator(".tpi-gap")).to_have_count(3)
    open_gap(page, "IPC-02")
    card = gap_card(page, "IPC-02")
    expect(card).to_contain_text("1 · Planned or started")
    expect(card).to_contain_text("Audit of 3 wards: 41% compliance")
    assert page.get_by_label("IPC-03 root causes").count() == 0  # on target: not a gap
    assert page.get_by_label("IPC-05 root causes").count() == 0  # not applicable: not a gap
    causes = "No audit lead; forms <b>never</b> printed"
    page.get_by_label("IPC-02 root causes").fill(causes)
    page.get_by_label("IPC-02 impact").select_option(label="3 · High")
    page.get_by_label("IPC-02 feasibility").select_option(label="2 · Possible")
    page.get_by_role("button", name="Vote for IPC-02").click()
    expect(card.locator(".tpi-gap-votes")).to_have_text("Votes: 1 (yours: 1)")
    page.get_by_role("button", name="Vote for IPC-02").click()
    page.get_by_role("button", name="Vote for IPC-06").click()
    expect(page.locator(".tpi-votes-left")).to_have_text("You have 2 of 5 votes left.")
    card.locator(".tpi-status-saved").wait_for()
    wait_for_store(workspace, "gaps", "ipc-02", "root_causes", causes)
    wait_for_store(workspace, "gaps", "ipc-02", "impact", 3)
    wait_for_store(workspace, "gaps", "ipc-02", "feasibility", 2)
    expect(page.locator(".tpi-ranked-gap").first).to_contain_text("IPC-02")  # the ranked list, votes inline
    expect(page.locator(".tpi-ranked-gap").first).to_contain_text("Votes: 2 (yours: 2)")

    page.reload()
    page.locator(".tpi-signed-in").wait_for()
    expect(page.locator(".tpi-gap").filter(has_text="IPC-02")).to_contain_text(causes)  # closed: its notes line
    open_gap(page, "IPC-02")
    assert page.get_by_label("Your name").count() == 0  # the browser session remembers the participant
    expect(page.get_by_label("IPC-02 root causes")).to_have_value(causes)
    expect(page.get_by_label("IPC-02 impact")).to_have_value("3 · High")
    expect(page.get_by_label("IPC-02 feasibility")).to_have_value("2 · Possible")
    expect(gap_card(page, "IPC-02").locator(".tpi-gap-votes")).to_have_text("Votes: 2 (yours: 2)")
    expect(page.locator(".tpi-votes-left")).to_have_text("You have 2 of 5 votes left.")
    # a second tab of the same browser is the same participant: their votes count once
    other_tab = open_step(context, server, 3)
    expect(other_tab.locator(".tpi-votes-left")).to_have_text("You have 2 of 5 votes left.")
    expect(gap_card(other_tab, "IPC-06").locator(".tpi-gap-votes")).to_have_text("Votes: 1 (yours: 1)")
    context.close()


def test_two_participants_voting_at_the_same_moment_both_count(chromium, server, workspace):
    ana, bo = chromium.new_context(), chromium.new_context()
    ana_page, bo_page = open_step(ana, server, 3), open_step(bo, server, 3)
    sign_in(ana_page, "Ana Kamara", KOSSA, "IPC focal person")
    sign_in(bo_page, "Bo Lindqvist", VALMONT, "Surgeon")
    ana_button = ana_page.get_by_role("button", name="Vote for IPC-06")
    bo_button = bo_page.get_by_role("button", name="Vote for IPC-06")
    ana_button.wait_for()
    bo_button.wait_for()
    # both click before either page has polled the other's vote
    ana_button.click()
    bo_button.click()
    ana_button.click()
    for page in (ana_page, bo_page):
        expect(page.locator(".tpi-ranked-gap").first).to_contain_text("IPC-06", timeout=LIVE_TIMEOUT)
    expect(gap_card(ana_page, "IPC-06").locator(".tpi-gap-votes")).to_have_text("Votes: 3 (yours: 2)",
                                                                               timeout=LIVE_TIMEOUT)
    expect(gap_card(bo_page, "IPC-06").locator(".tpi-gap-votes")).to_have_text("Votes: 3 (yours: 1)",
                                                                              timeout=LIVE_TIMEOUT)
    votes = records(workspace, "votes")
    assert sorted(fields["ipc-06"] for fields in votes.values()) == [1, 2]  # one record per participant
    ana.close()
    bo.close()


def test_facilitator_choice_is_visible_to_a_participant_without_reloading(chromium, server, workspace):
    ana, fatou = chromium.new_context(), chromium.new_context()
    ana_page, fatou_page = open_step(ana, server, 3), open_step(fatou, server, 3)
    sign_in(ana_page, "Ana Kamara", KOSSA, "IPC focal person")
    sign_in(fatou_page, "Fatou Sesay", KOSSA, "Facilitator")
    become_facilitator(fatou_page, workspace, "Fatou Sesay")
    open_gap(ana_page, "IPC-06")
    assert ana_page.get_by_label("IPC-06 chosen as a focus area").count() == 0  # participants only read
    expect(ana_page.locator(".tpi-focus-summary")).to_contain_text("not chosen any focus area")
    open_gap(fatou_page, "IPC-06")
    fatou_page.get_by_label("IPC-06 chosen as a focus area").check()
    rationale = "Waste piles up behind ward 3 <img src=x onerror=window.pwned=1>"
    fatou_page.get_by_label("IPC-06 rationale").fill(rationale)
    wait_for_store(workspace, "focus", "ipc-06", "chosen", True)
    wait_for_store(workspace, "focus", "ipc-06", "rationale", rationale)
    expect(ana_page.locator(".tpi-focus-summary .tpi-focus-chosen")).to_contain_text("IPC-06", timeout=LIVE_TIMEOUT)
    expect(ana_page.locator(".tpi-focus-summary")).to_contain_text(rationale, timeout=LIVE_TIMEOUT)
    expect(gap_card(ana_page, "IPC-06").locator(".tpi-focus-view")).to_contain_text("Chosen as a focus area",
                                                                                   timeout=LIVE_TIMEOUT)
    assert ana_page.evaluate("window.pwned") is None  # the rationale is shown as text
    ana.close()
    fatou.close()


def test_a_step2_re_rating_updates_the_gap_list_live_and_keeps_notes(chromium, server, workspace):
    context = chromium.new_context()
    page = open_step(context, server, 3)
    sign_in(page, "Ana Kamara", KOSSA, "IPC focal person")
    open_gap(page, "IPC-06")
    page.get_by_label("IPC-06 root causes").fill("Incinerator broken since March")
    gap_card(page, "IPC-06").locator(".tpi-status-saved").wait_for()
    bo = Other(workspace)
    bo.write(BASELINE, "ipc-06", "rating", 4)  # re-rated in Step 2: no longer a gap
    bo.write(BASELINE, "ipc-03", "rating", 1)  # a new gap
    expect(page.get_by_label("IPC-06 root causes")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(page.get_by_role("button", name="Root causes and scores of IPC-03")).to_be_visible(timeout=LIVE_TIMEOUT)
    open_gap(page, "IPC-03")
    expect(gap_card(page, "IPC-03")).to_contain_text("1 · Planned or started")
    bo.write(BASELINE, "ipc-06", "rating", 2)  # and back: its notes come back with it
    expect(page.locator(".tpi-gap").filter(has_text="IPC-06")).to_contain_text("Incinerator broken since March",
                                                                               timeout=LIVE_TIMEOUT)
    open_gap(page, "IPC-06")
    expect(page.get_by_label("IPC-06 root causes")).to_have_value("Incinerator broken since March")
    expect(gap_card(page, "IPC-06")).to_contain_text("2 · Partly in place")
    context.close()
