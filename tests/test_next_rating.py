"""What an assessment page asks its rater to do now (issue 16): the area the facilitator asked the
room to rate, or the next item left; a participant's page opens the asked area as it is asked."""

from __future__ import annotations

import pytest

from tests.support import shown, signed_in_page, stored_entry
from tpi_widgets.core.next_rating import NextRating, next_rating, rated_by, room_focus_key
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.errors import Refused

AREAS = [("ipc", ["ipc-01", "ipc-02"]), ("wash", ["wash-01", "wash-02"])]


def test_the_next_item_is_the_first_left_in_the_first_area_with_one():
    done = {"ipc-01", "ipc-02", "wash-01"}.__contains__
    assert next_rating(AREAS, done, None) == NextRating("wash", "wash-02", 1, False)
    assert next_rating(AREAS, lambda item: True, None) is None


def test_the_asked_area_comes_first_even_when_all_of_it_is_rated():
    assert next_rating(AREAS, lambda item: False, "wash") == NextRating("wash", "wash-01", 2, True)
    assert next_rating(AREAS, {"wash-01", "wash-02"}.__contains__, "wash") == NextRating("wash", None, 0, True)
    assert next_rating(AREAS, lambda item: False, "gone") == NextRating("ipc", "ipc-01", 2, False)  # out of scope


def test_a_rater_is_done_with_what_they_proposed_or_the_group_agreed():
    records = {"a": {"rating": 2, "agreed": True}, "b": {"rating": 1}, "c": {}}
    proposals = {"b": {"7": 1}, "c": {"8": 3}}
    mine = rated_by(records, proposals, 7)
    assert [mine(i) for i in "abc"] == [True, True, False]
    group = rated_by(records, proposals, None)  # a facilitator watching: rated at all
    assert [group(i) for i in "abc"] == [True, True, False]


def test_a_participant_sees_first_the_next_item_and_goes_to_it(workspace, pack):
    page = signed_in_page(workspace, 2)
    form = page.form
    assert form.children[0] is form.now  # before the whole form
    first = pack.areas[0].items[0].id
    assert form.now.go.description == f"Go to {first.upper()}"
    assert f"{len(pack.areas[0].items)} left to rate" in shown(form.now.line.value)
    form.rows[first].rating.value = 2
    page.sync.flush()
    second = pack.areas[0].items[1].id
    assert form.now.go.description == f"Go to {second.upper()}"
    form.area_picker.value = pack.areas[1].id  # browsing elsewhere, then going back to the next item
    form.go_to_next()
    assert form.area_picker.value == pack.areas[0].id


def test_the_facilitators_ask_opens_the_area_on_participants_pages(workspace, pack):
    participant = signed_in_page(workspace, 2)
    facilitator = signed_in_page(workspace, 2, "Fatou Diallo", facilitator=True)
    wanted = pack.areas[2]
    facilitator.form.area_picker.value = wanted.id
    ask = facilitator.form.ask_button
    assert ask.description == f"Ask the room to rate {wanted.short}"
    assert facilitator.form.ask_room()
    assert stored_entry(workspace, *room_focus_key(BASELINE)).value == wanted.id
    assert ask.description == f"Stop asking the room to rate {wanted.short}"
    participant.sync.poll()
    assert participant.form.area_picker.value == wanted.id  # their page went there
    assert f"The facilitator asks the room to rate {wanted.short}" in shown(participant.form.now.line.value)
    participant.form.area_picker.value = pack.areas[0].id  # they may still look elsewhere
    participant.sync.poll()
    assert participant.form.area_picker.value == pack.areas[0].id
    assert facilitator.form.ask_room()  # again: stops asking
    participant.sync.poll()
    assert "asks the room" not in shown(participant.form.now.line.value)


def test_a_participant_cannot_ask_the_room(workspace, pack):
    page = signed_in_page(workspace, 2)
    assert page.form.ask_button is None and not page.form.ask_room()
    with pytest.raises(Refused):  # the write guard, in the kernel, whatever the page offers
        page.sync.save(room_focus_key(BASELINE), pack.areas[1].id)
    assert stored_entry(workspace, *room_focus_key(BASELINE)) is None


def test_step_6_asks_the_room_to_rate_its_follow_up(workspace, pack):
    participant = signed_in_page(workspace, 6)
    facilitator = signed_in_page(workspace, 6, "Fatou Diallo", facilitator=True)
    wanted = pack.areas[1]
    facilitator.form.area_picker.value = wanted.id
    assert facilitator.form.ask_room()
    assert stored_entry(workspace, *room_focus_key(FOLLOWUP)).value == wanted.id
    assert stored_entry(workspace, *room_focus_key(BASELINE)) is None  # Step 2's ask is its own
    participant.sync.poll()
    assert participant.form.area_picker.value == wanted.id
