"""Under JupyterHub (server/hub_auth.py) a hub user is one participant, named by the hub: their
first page asks only for the institution and role, once; the hub's facilitator group, not a
passcode, makes facilitators. The kernel's side, without a browser or a hub (the hub's side is in
test_hub_server.py)."""

from __future__ import annotations

from tests.support import KOSSA, VALMONT, step_page
from tests.test_room import room_view, texts
from tpi_widgets.core.access import passcode_makes_facilitators


def opened_by(workspace, account: str, number: int = 2):
    """Step `number`'s page in a browser whose participant cookie the hub set for `account`."""
    participant = workspace.store.participant_of_account(account)
    page = step_page(workspace, number)
    page.gate.browser.token = participant.token
    page.gate.browser.ready = True  # as the browser does once it has read its cookie
    return page


def test_a_hub_user_is_one_participant_named_by_the_hub_with_no_institution_yet(workspace):
    store = workspace.store
    first = store.participant_of_account("ana.k")
    assert (first.name, first.institution, first.account) == ("ana.k", "", "ana.k")
    assert store.participant_of_account("ana.k") == first
    assert store.participant_of_account("bo") != first


def test_the_first_page_asks_only_the_institution_and_keeps_the_hubs_name(workspace):
    page = opened_by(workspace, "ana.k")
    gate = page.gate
    assert gate.participant is None and gate.form in gate.children
    assert gate.name.value == "ana.k" and gate.name.disabled
    gate.name.value = "Somebody else"  # a browser sending it anyway changes nothing
    gate.institution.value, gate.role.value = KOSSA, "IPC nurse"
    signed = gate.submit()
    assert (signed.name, signed.institution, signed.role) == ("ana.k", KOSSA, "IPC nurse")
    assert signed.id == workspace.store.participant_of_account("ana.k").id  # the same participant, not a new one
    assert workspace.store.participant_by_token(signed.token).institution == KOSSA


def test_once_chosen_the_institution_is_not_asked_again(workspace):
    first = opened_by(workspace, "ana.k")
    first.gate.institution.value = VALMONT
    first.gate.submit()
    again = opened_by(workspace, "ana.k", number=3)
    assert again.gate.participant is not None and again.gate.participant.institution == VALMONT
    assert again.gate.form not in again.gate.children


def test_an_institution_is_still_needed(workspace):
    gate = opened_by(workspace, "ana.k").gate
    assert gate.submit() is None and "institution" in gate.message.value
    assert workspace.store.participant_of_account("ana.k").institution == ""


def test_under_the_hub_no_page_offers_the_facilitator_passcode(workspace):
    workspace.set_facilitator_passcode(None)  # as `tpi serve --hub` does
    assert not passcode_makes_facilitators(workspace.store)
    page = opened_by(workspace, "ana.k")
    assert page.gate.facilitator_entry not in page.gate.facilitator_box.children
    view = room_view(workspace, workspace.store.participant_of_account("ana.k").token)
    assert view.room is None and view.sign_in is None
    assert "administrator names the facilitators" in texts(view) and "Kossa" not in texts(view)


def test_a_member_of_the_facilitator_group_goes_straight_to_the_room(workspace):
    workspace.set_facilitator_passcode(None)
    store = workspace.store
    fatou = store.participant_of_account("fatou")
    store.set_facilitator(fatou.id, True)  # as the hub's group says (server/hub_auth.py)
    assert room_view(workspace, fatou.token).room is not None
    store.set_facilitator(fatou.id, False)  # taken out of the group
    assert room_view(workspace, fatou.token).room is None


def test_a_room_server_still_offers_the_passcode(workspace):
    workspace.set_facilitator_passcode("room-2468")
    page = opened_by(workspace, "ana.k")
    assert page.gate.facilitator_entry in page.gate.facilitator_box.children
