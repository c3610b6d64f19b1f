"""Hostile or careless text cannot hurt the room (issue 11): every field is held to its kind's
length from the pack (pack.yaml `limits:`), cut on the page with a message and refused in the
kernel, and typing keeps one history row per burst instead of one per pause."""

from __future__ import annotations

import pytest

from tests.support import KOSSA, SLUG, VALMONT, edit, error_for, shown, signed_in_page, step_page, stored_entry
from tpi_widgets.core.records import PLAN
from tpi_widgets.errors import ConfigError, Refused
from tpi_widgets.partnership_config import build_config

MEGABYTE = "Paste " + "x" * 1_000_000


def stored_bytes(workspace) -> int:
    """The store's size on disk once its write-ahead log is folded into the database."""
    with workspace.store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(path.stat().st_size for path in workspace.root.glob("store.sqlite*"))


def plan_card(page):
    record = page.add_row("partnership")
    return record, page.cards[record]


def test_the_pack_declares_a_limit_per_kind_of_text(pack):
    assert (pack.limits.name, pack.limits.line, pack.limits.note) == (120, 300, 4000)


def test_a_megabyte_pasted_into_an_activity_is_cut_at_the_limit_says_so_and_saves_the_rest(workspace, pack):
    page = signed_in_page(workspace, 4, role="Manager")
    record, card = plan_card(page)
    card.activity.value = MEGABYTE
    limit = pack.limits.note
    assert card.activity.value == MEGABYTE[:limit]  # the text up to the limit is kept on the page
    assert f"Only the first {limit} characters are kept." in shown(card.status_line.value)
    assert "tpi-status-cut" in card.status_line._dom_classes
    page.sync.flush()
    assert stored_entry(workspace, PLAN, record, "activity").value == MEGABYTE[:limit]
    assert "Saved by Ana Kamara" in shown(card.status_line.value)
    card.activity.value = "Shorter now"  # back under the limit: the message goes
    assert "Only the first" not in shown(card.status_line.value)


def test_a_hand_made_widget_message_is_cut_in_the_kernel_too(workspace, pack):
    page = signed_in_page(workspace, 4, role="Manager")
    record, card = plan_card(page)
    card.indicator.set_state({"value": "y" * 50_000})  # what a message sent by hand does to the model
    page.sync.flush()
    assert stored_entry(workspace, PLAN, record, "indicator").value == "y" * pack.limits.line


def test_the_kernel_refuses_a_write_over_the_limit_whole_with_a_reason(workspace, pack):
    page = signed_in_page(workspace, 4, role="Manager")
    record, _ = plan_card(page)
    with pytest.raises(Refused) as refused:
        page.sync.save((PLAN, record, "activity"), "z" * (pack.limits.note + 1))
    assert str(refused.value) == f"too long: at most {pack.limits.note} characters"
    with pytest.raises(Refused):  # a one-line field holds a line, not a note
        page.sync.save((PLAN, record, "indicator"), "z" * (pack.limits.line + 1))
    with pytest.raises(Refused):  # a list is held to its whole length
        page.sync.save((PLAN, record, "gaps"), ["ipc-01"] * 10_000)
    assert stored_entry(workspace, PLAN, record, "activity") is None
    assert stored_entry(workspace, PLAN, record, "gaps") is None
    # a page's button action says so in one line, no traceback
    page.save_actions([((PLAN, record, "activity"), "z" * (pack.limits.note + 1))], page.undo_text)
    assert shown(page.undo_text.value).startswith("Not saved: too long: at most 4000 characters.")
    page.sync.save((PLAN, record, "activity"), "z" * pack.limits.note)  # at the limit is fine
    assert len(stored_entry(workspace, PLAN, record, "activity").value) == pack.limits.note


def test_typing_for_many_pauses_keeps_one_history_row_and_others_still_see_each_save(workspace, pack):
    page = signed_in_page(workspace, 4, role="Manager")
    other = signed_in_page(workspace, 4, "Bo Lindqvist", VALMONT)
    record, card = plan_card(page)
    other.sync.poll()
    other.cards[record].editor.click()  # the other participant has the row open
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    before = store.change_counter(pid)
    size_before = stored_bytes(workspace)
    counters, typed_so_far = [], []
    note = ("Train every ward in hand hygiene; audit monthly. " * 100)[:pack.limits.note]
    for pause in range(1, 201):  # 200 pauses of typing, the note growing to the limit
        card.activity.value = note[: pause * pack.limits.note // 200]
        typed_so_far.append(card.activity.value)
        page.sync.flush()
        counters.append(store.change_counter(pid))
        if pause % 50 == 0:  # another page sees the text so far
            other.sync.poll()
            assert other.cards[record].activity.value == card.activity.value
    assert counters == sorted(set(counters)) and counters[0] > before  # the counter still rises at every save
    typed = [c.value for c in store.changes_since(pid, 0) if c.record == record and c.field == "activity"]
    assert typed == [note]  # one row for the burst: its last text, written once
    # the note in its entry and in one history row, and page slack (about 24 KB here), where a row
    # per pause held every text typed so far again (about 400 KB; benchmarks/bench_typing_history.py
    # measures 4 MB for ten minutes of typing)
    grown, typed_again = stored_bytes(workspace) - size_before, sum(len(text) for text in typed_so_far)
    assert grown < 8 * pack.limits.note < typed_again / 10
    assert stored_entry(workspace, PLAN, record, "activity").value == note


def test_a_pause_longer_than_a_burst_starts_a_new_history_row(workspace, monkeypatch):
    from tpi_widgets.store import api
    page = signed_in_page(workspace, 4, role="Manager")
    record, card = plan_card(page)
    card.activity.value = "First draft"
    page.sync.flush()
    monkeypatch.setattr(api, "TYPING_BURST_SECONDS", 0.0)  # as if the participant paused longer
    card.activity.value = "Second draft"
    page.sync.flush()
    pid = workspace.store.partnership(SLUG).id
    assert [c.value for c in workspace.store.changes_since(pid, 0) if c.record == record and c.field == "activity"] \
        == ["First draft", "Second draft"]


def test_another_participant_typing_the_same_field_keeps_the_first_ones_row(workspace):
    ana = signed_in_page(workspace, 4, role="Manager")
    bo = signed_in_page(workspace, 4, "Bo Lindqvist", VALMONT)
    record, card = plan_card(ana)
    card.activity.value = "Ana's words"
    ana.sync.flush()
    bo.sync.poll()
    bo.cards[record].editor.click()
    bo.cards[record].activity.value = "Bo's words"
    bo.sync.flush()
    pid = workspace.store.partnership(SLUG).id
    assert [c.value for c in workspace.store.changes_since(pid, 0) if c.record == record and c.field == "activity"] \
        == ["Ana's words", "Bo's words"]


def test_a_name_at_sign_in_is_cut_at_the_name_limit(workspace, pack):
    page = step_page(workspace, 4)
    gate = page.gate
    gate.name.value = "N" * 10_000
    assert gate.name.value == "N" * pack.limits.name
    assert "Only the first 120 characters are kept." in shown(gate.message.value)
    gate.institution.value, gate.role.value = KOSSA, "Nurse"
    participant = gate.submit()
    assert participant is not None and participant.name == "N" * pack.limits.name


def test_registration_refuses_an_institution_name_over_the_limit(pack):
    data = {"name": "Kossa – Valmont", "start": "2027-01-15", "areas": ["ipc"],
            "institutions": [{"name": "K" * (pack.limits.name + 1), "country": "Sierra Leone"},
                             {"name": "Valmont", "country": "Senegal"}]}
    with pytest.raises(ConfigError) as caught:
        build_config(data, pack)
    assert str(caught.value) == "institution 1 name is too long: 121 characters, at most 120"
    data["institutions"][0]["name"] = "K" * pack.limits.name
    assert build_config(data, pack).institutions[0].name == "K" * pack.limits.name


@pytest.mark.parametrize("change, place, problem", [
    (lambda d: d["limits"].update(note=0), "limits.note", "must be a number of characters from 1 to 100000, found 0"),
    (lambda d: d["limits"].update(line="long"), "limits.line", "expected a number, found a text"),
    (lambda d: d["limits"].update(title=80), "limits.title", "unknown kind of text (kinds: name, line, note)"),
    (lambda d: d["limits"].update(name=500), "limits",
     "a name must not be longer than a line, nor a line than a note (found {'name': 500, 'line': 300, 'note': 4000})"),
    (lambda d: d.pop("limits"), "limits", "missing required field"),
])
def test_the_pack_check_names_file_place_and_problem_of_a_bad_limit(broken, change, place, problem):
    edit(broken, "pack.yaml", change)
    err = error_for(broken)
    assert (err.file, err.place, err.problem) == ("pack.yaml", place, problem)
