"""The facilitator's room view without a browser: aggregates (room.py), the facilitator passcode
form, the room page before and after it, live refresh from another participant's store, locks,
and the "Facilitator? Sign in" entry of the step pages."""

from __future__ import annotations

import ipywidgets as w
import pytest

from tests.support import KOSSA, SLUG, Other, seed_ratings, signed_in_page, step_page, stored_entry
from tpi_widgets.core import access, room
from tpi_widgets.core.access import lock_record, step_locked
from tpi_widgets.core.records import LOCKS
from tpi_widgets.core.records import BASELINE, ROOM_FOCUS
from tpi_widgets.core.reconcile import proposals_collection
from tpi_widgets.errors import Refused
from tpi_widgets.store import Change
from tpi_widgets.ui.kit import facilitator_sign_in as fsi
from tpi_widgets.ui.room_view import RoomView
from tpi_widgets.workspace import ROOM_NOTEBOOK

PASSCODE = "2468-1357"
HOSTILE = "<img src=x onerror=alert(1)>Eve"


@pytest.fixture
def guarded(workspace):
    workspace.set_facilitator_passcode(PASSCODE)
    return workspace


@pytest.fixture
def no_wait(monkeypatch):
    """Wrong passcodes cost no real second in tests; the delays asked for are recorded."""
    slept: list[float] = []
    monkeypatch.setattr(fsi.time, "sleep", slept.append)
    return slept


def texts(widget) -> str:
    """Every text a widget tree would send to the browser (values, descriptions, options)."""
    found = []
    for attr in ("value", "description", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            found.append(value)
    found += [str(o) for o in getattr(widget, "options", ())]
    for child in getattr(widget, "children", ()):
        found.append(texts(child))
    return "\n".join(found)


def room_view(workspace, token: str = "") -> RoomView:
    view = RoomView(workspace, start_thread=False)
    view.browser.token = token
    view.browser.ready = True  # as the browser does once it has read its cookie
    return view


def sign_in(view: RoomView, name: str = "Fatou Diallo", passcode: str = PASSCODE):
    view.sign_in.name.value, view.sign_in.passcode.value = name, passcode
    return view.sign_in.submit()


def first_item(workspace) -> str:
    pack = workspace.pack
    partnership = workspace.store.partnership(SLUG)
    return room.items_in_scope(pack, partnership)[0].id


# the change log and the aggregates --------------------------------------------------------------
def change(id, collection, participant=1, cycle=1):
    return Change(id, cycle, collection, "r", "f", 1, participant, "now")


def test_the_step_a_partnership_is_on_is_that_of_its_latest_change_and_locks_do_not_move_it():
    log = room.ChangeLog()
    assert log.current_step(1) is None
    assert log.feed([change(1, "profile"), change(2, BASELINE), change(3, "votes", participant=2)])
    assert log.current_step(1) == 3
    log.feed([change(4, LOCKS, participant=9), change(5, "cycle")])
    assert log.current_step(1) == 3
    assert log.contributors(1) == {1: 2, 2: 1}  # the facilitator's lock is no contribution
    assert not log.feed([change(3, "plan")]), "a change read before is not read twice"
    log.feed([change(6, "plan", cycle=2)])
    assert (log.current_step(1), log.current_step(2)) == (3, 4)


def test_every_collection_of_the_step_pages_maps_to_its_step():
    from tpi_widgets.core import action_records, partnership_profile
    from tpi_widgets.core.records import FOCUS, GAPS, SETTINGS, VOTES
    from tpi_widgets.core.steps import STEPS
    from tpi_widgets.ui.steps.evaluation_review import EvaluationReviewApp
    STEP6 = STEPS.get(6).collections + EvaluationReviewApp.reads
    assert {room.step_of(c) for c in partnership_profile.COLLECTIONS} == {1}
    assert {room.step_of(c) for c in (GAPS, FOCUS, VOTES, SETTINGS)} == {3}
    assert room.step_of("plan") == 4
    assert {room.step_of(c) for c in action_records.COLLECTIONS if c != "plan"} == {5}
    assert {room.step_of(c) for c in STEP6 if c not in (BASELINE, "strength", ROOM_FOCUS)} == {6}
    assert room.step_of(LOCKS) is None


def test_completion_counts_each_step_from_the_store(workspace):
    item = first_item(workspace)
    other = Other(workspace)
    view = room.Room(workspace.store, workspace.pack)
    view.refresh()
    pid = workspace.store.partnership(SLUG).id
    before = view.status[pid]
    assert before.current_step is None
    total = len(room.items_in_scope(workspace.pack, workspace.store.partnership(SLUG)))
    assert before.completion[2] == (room.Measure("room.measure.rated", 0, total),)
    # registration fills the institution names, countries and the start date
    assert before.completion[1][0].done == 5 and before.completion[1][0].total == 20

    other.write(BASELINE, item, "rating", 1)  # below target: a gap
    other.write("votes", str(other.person.id), item, 2)
    other.write("focus", item, "chosen", True)
    other.write("plan", "abcd1234", "activity", "Hand rub stations")
    other.write("plan", "abcd1234", "gaps", [item])
    other.write("plan", "abcd1234", "objective", "technical")
    other.write("progress", "p1", "activity", "abcd1234")
    assert view.refresh() == {pid}
    after = view.status[pid]
    assert after.current_step == 5
    assert after.completion[2][0].done == 1
    assert after.completion[3] == (room.Measure("room.measure.votes", 2, 1), room.Measure("room.measure.focus", 1))
    assert after.completion[4] == (room.Measure("room.measure.plan_rows", 1),
                                   room.Measure("room.measure.focus_covered", 1, 1))
    assert after.completion[5] == (room.Measure("room.measure.progress", 1, 1),)
    assert after.completion[6][0].done == 0
    assert view.refresh() == set(), "nothing new: nothing recomputed"


def test_rating_distribution_counts_each_participants_proposal(workspace):
    item = first_item(workspace)
    other = Other(workspace)
    for participant, rating in (("1", 2), ("2", 2), ("3", 4), ("4", None)):
        other.write(proposals_collection(BASELINE), item, participant, rating)
    other.write(BASELINE, item, "rating", 2)
    partnership = workspace.store.partnership(SLUG)
    rows = room.rating_distribution(room.Snapshot(workspace.store, partnership, 1), workspace.pack)
    first = rows[0]
    assert first.item.id == item and first.rating == 2 and first.proposed == {2: 2, 4: 1}
    assert not first.agreed and first.proposer == "Bo Lindqvist"  # the latest proposal, not an agreed rating
    assert all(r.rating is None and not r.agreed and not r.proposed for r in rows[1:])


def test_gap_votes_are_summed_over_participants_most_first(workspace):
    items = room.items_in_scope(workspace.pack, workspace.store.partnership(SLUG))
    seed_ratings(workspace, {items[0].id: 1, items[1].id: 0, items[2].id: 4})
    other = Other(workspace)
    other.write("votes", "1", items[1].id, 2)
    other.write("votes", "2", items[1].id, 1)
    other.write("votes", "2", items[0].id, 1)
    other.write("votes", "2", items[2].id, 3)  # not a gap: not counted
    snap = room.Snapshot(workspace.store, workspace.store.partnership(SLUG), 1)
    assert [(g.item.id, g.votes) for g in room.gap_votes(snap, workspace.pack)] == [(items[1].id, 3), (items[0].id, 1)]


def test_change_counter_all_follows_every_partnership(workspace):
    store = workspace.store
    start = store.change_counter_all()
    Other(workspace).write(BASELINE, "x", "rating", 1)
    assert store.change_counter_all() == start + 1 == store.change_counter(store.partnership(SLUG).id)


# the passcode form --------------------------------------------------------------------------------
def test_the_room_page_shows_only_the_passcode_form_before_the_passcode(guarded, no_wait):
    view = room_view(guarded)
    shown = texts(view)
    assert "Facilitator passcode" in shown
    assert "Kossa" not in shown and "Valmont" not in shown
    assert view.room is None, "nothing of the workspace is read before the passcode"


def test_a_wrong_passcode_says_so_slows_down_and_grants_nothing(guarded, no_wait):
    view = room_view(guarded)
    assert sign_in(view, passcode="1111-2222") is None
    assert "not right" in view.sign_in.message.value
    assert no_wait == [fsi.WRONG_DELAY_SECONDS]
    assert view.sign_in.passcode.value == ""
    assert view.room is None and "Kossa" not in texts(view)
    assert view.browser.token == "", "no participant made for a wrong passcode"


def test_after_five_wrong_passcodes_even_the_right_one_waits(guarded, no_wait):
    clock = [100.0]
    view = room_view(guarded)
    view.sign_in.clock = lambda: clock[0]
    for _ in range(access.MAX_WRONG):
        sign_in(view, passcode="0000-0000")
    assert "Try again in 30 seconds" in view.sign_in.message.value
    clock[0] += 10
    assert sign_in(view) is None
    assert "Try again in 20 seconds" in view.sign_in.message.value
    clock[0] += 21
    assert sign_in(view) is not None


def test_a_name_is_needed_when_the_browser_has_no_participant(guarded, no_wait):
    view = room_view(guarded)
    assert sign_in(view, name=" ") is None
    assert "your name" in view.sign_in.message.value
    assert no_wait == []


def test_no_passcode_set_is_said_plainly(workspace, no_wait):
    view = room_view(workspace)
    assert sign_in(view) is None
    assert "No facilitator passcode" in view.sign_in.message.value


def test_the_right_passcode_makes_a_facilitator_and_shows_the_room(guarded, no_wait):
    view = room_view(guarded)
    person = sign_in(view)
    store = guarded.store
    assert person is not None and store.is_facilitator(person.id)
    assert person.role == "Facilitator" and view.browser.token == person.token
    shown = texts(view)
    assert "Kossa" in shown and "Signed in as facilitator: <bdi>Fatou Diallo</bdi>" in shown
    assert len(view.sections) == 1


def test_a_browser_known_as_a_participant_becomes_that_facilitator(guarded, no_wait):
    known = guarded.store.add_participant("Ana Kamara", KOSSA, "Nurse")
    view = room_view(guarded, token=known.token)
    assert view.sign_in.name not in view.sign_in.children, "the name is known already"
    view.sign_in.passcode.value = PASSCODE
    assert view.sign_in.submit().id == known.id
    assert guarded.store.is_facilitator(known.id)


def test_a_browser_already_facilitator_goes_straight_to_the_room(guarded, no_wait):
    person = guarded.store.add_participant("Fatou", "", "Facilitator")
    guarded.store.grant_facilitator(person.id)
    view = room_view(guarded, token=person.token)
    assert view.room is not None and "Kossa" in texts(view)


# the room view -----------------------------------------------------------------------------------
def test_the_view_picks_up_another_participants_save_and_escapes_names(guarded, no_wait):
    view = room_view(guarded)
    sign_in(view)
    item = first_item(guarded)
    other = Other(guarded, name=HOSTILE)
    pid = other.pid
    assert view.tick() == set()
    other.write(BASELINE, item, "rating", 3)
    other.write(proposals_collection(BASELINE), item, str(other.person.id), 3)
    assert view.tick() == {pid}
    section = view.sections[pid].summary.value
    assert "On step 2" in section and "1 of" in section
    detail = view.detail.value  # the detail follows the step the partnership is on
    assert "Mostly in place ×1" in detail
    assert HOSTILE not in detail and "<bdi>&lt;img src=x onerror=alert(1)&gt;Eve</bdi> (1)" in detail  # a rating and its proposal count once


def test_a_rating_not_agreed_shows_as_the_latest_proposal_and_only_an_agreed_one_as_agreed(guarded, no_wait):
    view = room_view(guarded)
    sign_in(view)
    first, second = room.items_in_scope(guarded.pack, guarded.store.partnership(SLUG))[:2]
    ana, eve = Other(guarded, name="Ana Kamara"), Other(guarded, name=HOSTILE)
    ana.write(BASELINE, first.id, "rating", 3)
    eve.write(BASELINE, second.id, "rating", 1)
    view.tick()
    detail = view.detail.value
    assert "Agreed" not in detail and "Retenue" not in detail
    assert "Proposed: Mostly in place (by <bdi>Ana Kamara</bdi>, not agreed yet)" in detail
    assert "(by <bdi>&lt;img src=x onerror=alert(1)&gt;Eve</bdi>, not agreed yet)" in detail and "<img" not in detail
    facilitator = guarded.store.add_participant("Mira Osei", KOSSA, "Facilitator")
    guarded.store.write(ana.pid, 1, BASELINE, first.id, "agreed", True, facilitator.id)
    view.tick()
    assert "Agreed by the group: Mostly in place" in view.detail.value
    assert "(by <bdi>Ana Kamara</bdi>" not in view.detail.value


def test_the_background_thread_redraws_within_two_seconds(guarded, no_wait):
    from tests.support import wait_for
    view = RoomView(guarded, poll_seconds=0.2)
    view.browser.ready = True
    sign_in(view)
    try:
        Other(guarded).write(BASELINE, first_item(guarded), "rating", 2)
        wait_for(lambda: "On step 2" in view.sections[Other(guarded).pid].summary.value, "the room redrawn", timeout=2)
    finally:
        view.stop()


def test_the_step_selector_shows_any_step_in_detail(guarded, no_wait):
    view = room_view(guarded)
    sign_in(view)
    Other(guarded).write("plan", "r1", "activity", "<b>Train</b> the ward")
    Other(guarded).write("plan", "r1", "objective", "technical")
    view.tick()
    view.show_step.value = 4
    assert "&lt;b&gt;Train&lt;/b&gt; the ward" in view.detail.value
    view.show_step.value = 3
    assert "No gaps yet" in view.detail.value


def test_the_plan_activities_carry_the_plans_own_numbers(guarded, no_wait):
    view = room_view(guarded)
    sign_in(view)
    other = Other(guarded)
    for record, activity, objective, area, order in (("r1", "Second IPC", "technical", "ipc", 2),
                                                     ("r2", "First IPC", "technical", "ipc", 1),
                                                     ("r3", "Sign the <agreement>", "partnership", None, 1),
                                                     ("r4", "Roster review", "technical", "workforce", 1)):
        fields = {"activity": activity, "order": order, **({"area": area} if area else {}), "objective": objective}
        for field, value in fields.items():
            other.write("plan", record, field, value)
    view.tick()
    view.show_step.value = 4
    detail = view.detail.value
    assert "<ol" not in detail, "list positions are not the plan's numbers"
    numbered = [("1.1", "Sign the &lt;agreement&gt;"), ("2.1.1", "First IPC"), ("2.1.2", "Second IPC"),
                ("2.2.1", "Roster review")]
    lines = [f'<span class="tpi-room-number"><bdi>{number}</bdi></span> <bdi>{activity}</bdi>'
             for number, activity in numbered]
    assert all(line in detail for line in lines)
    assert [detail.index(line) for line in lines] == sorted(detail.index(line) for line in lines)


def test_the_selectors_show_whole_names(guarded, no_wait):
    long_name = "Kossa District Hospital and Hôpital Régional de Valmont, maternal and newborn care"
    with guarded.store.engine.begin() as c:
        from tpi_widgets.store import schema
        c.execute(schema.partnerships.update().values(name=long_name))
    view = room_view(guarded)
    sign_in(view)
    assert view.show_partnership.options[0][0] == long_name
    for selector in (view.show_partnership, view.show_step):  # not the widgets' fixed width, which cuts them
        assert selector.layout.width == "auto" and selector.layout.max_width == "100%"


def test_the_facilitator_locks_and_unlocks_the_current_step(guarded, no_wait):
    view = room_view(guarded)
    facilitator = sign_in(view)
    other = Other(guarded)
    other.write("votes", "1", "x", 1)
    view.tick()
    section = view.sections[other.pid]
    assert section.lock.description == "Lock step 3"
    section.lock.click()
    store = guarded.store
    assert step_locked(store, other.pid, 1, 3)
    assert stored_entry(guarded, LOCKS, lock_record(3), "locked").participant_id == facilitator.id
    assert section.lock.description == "Unlock step 3" and "locked" in section.summary.value
    section.lock.click()
    assert not step_locked(store, other.pid, 1, 3)


def test_a_lock_is_refused_for_someone_not_a_facilitator(guarded):
    store = guarded.store
    person = store.add_participant("Bo", KOSSA, "Nurse")
    view = room.Room(store, guarded.pack)
    view.refresh()
    with pytest.raises(Refused, match="only a facilitator"):
        view.set_locked(store.partnership(SLUG).id, 2, True, person.id)
    assert not step_locked(store, store.partnership(SLUG).id, 1, 2)


def test_the_participant_url_is_shown_with_its_qr_code(guarded, no_wait):
    guarded.store.set_meta("participant_url", "http://10.0.0.5:8866/?token=abc&x=<1>")
    view = room_view(guarded)
    sign_in(view)
    assert "http://10.0.0.5:8866/?token=abc&amp;x=&lt;1&gt;" in view.join.value
    assert 'src="data:image/svg+xml;base64,' in view.join.value


def test_no_participant_url_no_qr_code(guarded, no_wait):
    view = room_view(guarded)
    sign_in(view)
    assert view.join.value == ""


# the room notebook ---------------------------------------------------------------------------------
def test_the_room_notebook_is_in_every_workspace(workspace):
    target = workspace.root / ROOM_NOTEBOOK
    assert target.is_file()
    target.unlink()
    assert workspace.stamp_room_notebook() == target and target.is_file()
    target.write_text("old")
    workspace.stamp_room_notebook()
    assert "show_room" in target.read_text()


# the step pages' "Facilitator? Sign in" ----------------------------------------------------------
def test_a_step_page_offers_the_facilitator_sign_in_and_signs_in_as_facilitator(guarded, no_wait):
    page = step_page(guarded, 3)
    page.gate.browser.ready = True  # a browser with no participant yet: the form
    assert page.gate.facilitator_entry in page.gate.facilitator_box.children
    assert not hasattr(page.gate, "facilitator_form"), "the passcode form is built only when asked for"
    page.gate.facilitator_entry.click()
    form = page.gate.facilitator_form
    form.name.value, form.passcode.value = "Fatou Diallo", PASSCODE
    person = form.submit()
    assert page.gate.participant == person and guarded.store.is_facilitator(person.id)
    assert page.gate.browser.token == person.token
    assert page.facilitator, "the page was started as a facilitator's (its facilitator controls are built)"
    assert page.gate.facilitator_box.children == ()


def test_a_signed_in_participant_who_gives_the_passcode_gets_a_reload(guarded, no_wait, monkeypatch):
    page = signed_in_page(guarded, 3)
    sent = []
    monkeypatch.setattr(page.gate.browser, "send", lambda content, buffers=None: sent.append(content))
    page.gate.facilitator_entry.click()
    page.gate.facilitator_form.passcode.value = PASSCODE
    person = page.gate.facilitator_form.submit()
    assert person.id == page.gate.participant.id and guarded.store.is_facilitator(person.id)
    assert sent == [{"reload": True}]
    assert "reloads" in texts(page.gate.facilitator_box)


def test_a_wrong_passcode_on_a_step_page_changes_nothing(guarded, no_wait):
    page = signed_in_page(guarded, 3)
    page.gate.facilitator_entry.click()
    page.gate.facilitator_form.passcode.value = "nope-nope"
    assert page.gate.facilitator_form.submit() is None
    assert not guarded.store.is_facilitator(page.gate.participant.id)
    assert isinstance(page.gate.facilitator_form.message, w.HTML) and "not right" in page.gate.facilitator_form.message.value


def test_the_step_on_read_from_the_store_is_that_of_the_change_log(workspace):
    """step_on reads one row, whatever the history's length: the same step as the whole log read."""
    store = workspace.store
    partnership = store.partnerships()[0].id

    def from_the_whole_log(cycle):
        log = room.ChangeLog()
        log.feed(store.changes_since(partnership, 0))
        return log.current_step(cycle) or 1

    assert room.step_on(store, partnership, 1) == 1  # nothing saved yet: the first step
    for cycle, collection, expected in ((1, BASELINE, 2), (1, "plan", 4), (1, LOCKS, 4), (2, "votes", 3),
                                        (1, "profile", 1)):
        store.write(partnership, cycle, collection, "r", "x", "value", None)
        assert room.step_on(store, partnership, cycle) == expected == from_the_whole_log(cycle)
    assert room.step_on(store, partnership, 2) == 3


def test_the_room_follows_the_language_its_browser_chose(workspace, pack):
    view = RoomView(workspace, start_thread=False)
    view.browser.language = "pt"
    view.browser.ready = True  # as the browser does once it has read its cookies
    assert pack.text("room.title", "pt") in view.heading.value
    assert view.sign_in.passcode.description == pack.text("facilitator.passcode", "pt")
    unknown = RoomView(workspace, start_thread=False)
    unknown.browser.language = "xx"  # not a language of the pack: the pack's own
    unknown.browser.ready = True
    assert pack.text("room.title", "en") in unknown.heading.value
