"""The store on a real SQLite file and a real PostgreSQL server: writes, the change log,
all-or-nothing, many processes."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from tests.postgres import both_backends
from tpi_widgets.errors import StoreError
from tpi_widgets.store import Store, Write

BASELINE = "assessment:baseline"


@pytest.fixture
def ids(store):
    partnership = store.add_partnership("p", "P", {"areas": ["ipc"]})
    participant = store.add_participant("Ana", "Kossa District Hospital", "nurse")
    return partnership.id, participant.id


def test_sqlite_store_runs_in_wal_mode(store, tmp_path):
    with sqlite3.connect(tmp_path / "store.sqlite") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@both_backends
def test_write_then_read_records_who_and_when(store, ids):
    pid, person = ids
    change = store.write(pid, 1, BASELINE, "ipc-01", "rating", 2, person)
    entry = store.read(pid, 1, BASELINE)["ipc-01"]["rating"]
    assert (entry.value, entry.participant_id, entry.change_id) == (2, person, change)
    assert entry.updated_at.startswith("20")


@both_backends
def test_latest_write_wins_and_every_write_is_in_the_change_log(store, ids):
    pid, person = ids
    store.write(pid, 1, BASELINE, "ipc-01", "evidence", "first", person)
    store.write(pid, 1, BASELINE, "ipc-01", "evidence", "second", person)
    assert store.read(pid, 1, BASELINE)["ipc-01"]["evidence"].value == "second"
    assert [c.value for c in store.changes_since(pid, 0)] == ["first", "second"]
    assert store.change_counter(pid) == store.changes_since(pid, 0)[-1].id


@both_backends
def test_cycles_and_collections_are_kept_apart(store, ids):
    pid, person = ids
    store.write(pid, 1, BASELINE, "ipc-01", "rating", 1, person)
    store.write(pid, 2, BASELINE, "ipc-01", "rating", 3, person)
    store.write(pid, 1, "assessment:followup", "ipc-01", "rating", 4, person)
    assert store.read(pid, 1, BASELINE)["ipc-01"]["rating"].value == 1
    assert store.read(pid, 2, BASELINE)["ipc-01"]["rating"].value == 3


@both_backends
def test_write_many_is_all_or_nothing(store, ids):
    pid, person = ids
    writes = [Write(BASELINE, "ipc-01", "rating", 3), Write(BASELINE, "ipc-02", "rating", object())]
    with pytest.raises(Exception):
        store.write_many(pid, 1, writes, person)  # the second value cannot be stored as JSON
    assert store.read(pid, 1, BASELINE) == {}
    assert store.change_counter(pid) == 0


@both_backends
def test_duplicate_partnership_slug_is_refused(store, ids):
    with pytest.raises(StoreError, match="already exists"):
        store.add_partnership("p", "Another", {})


@both_backends
def test_participant_is_found_by_token_only(store):
    ana = store.add_participant("Ana", "Kossa District Hospital", "nurse")
    assert store.participant_by_token(ana.token) == ana
    assert store.participant_by_token("") is None
    assert store.participant_by_token("forged") is None


@both_backends
def test_reopening_finds_everything(tmp_path, ids, store):
    pid, person = ids
    store.write(pid, 1, BASELINE, "ipc-03", "source", "ward audit", person)
    store.close()
    again = Store(store.url)
    assert again.read(pid, 1, BASELINE)["ipc-03"]["source"].value == "ward audit"
    assert again.partnership("p").id == pid


def _writer(url: str, partnership_id: int, worker: int, count: int):
    store = Store(url)
    person = store.add_participant(f"writer {worker}", "Kossa District Hospital", "tester").id
    for i in range(count):
        store.write(partnership_id, 1, BASELINE, f"item-{worker}-{i % 5}", "evidence", f"{worker}:{i}", person)
    store.close()


@both_backends
def test_thirty_writer_processes_at_once_lose_nothing(store, ids):
    pid, _ = ids
    workers, count = 30, 20  # a room's thirty kernels writing one partnership
    # separate processes, as kernels are (forked: thirty fresh interpreters would take a minute to start)
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_writer, args=(store.url, pid, w, count)) for w in range(workers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    changes = store.changes_since(pid, 0)
    assert len(changes) == workers * count
    assert len({c.id for c in changes}) == workers * count
    final = store.read(pid, 1, BASELINE)
    for w in range(workers):
        for slot in range(5):
            # each item's value is the last write of its writer to it
            last = max(i for i in range(count) if i % 5 == slot)
            assert final[f"item-{w}-{slot}"]["evidence"].value == f"{w}:{last}"
