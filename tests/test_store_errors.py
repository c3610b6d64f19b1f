"""A database that is busy, locked, gone or broken raises the store's own errors, never
SQLAlchemy's, and a page keeps what was typed and says why it is not saved."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager

import pytest

from tests.postgres import both_backends
from tests.support import stored_entry, signed_in_page
from tpi_widgets.core.records import BASELINE
from tpi_widgets.errors import StoreError, StoreUnavailable
from tpi_widgets.store import Store, engine


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    """A writer waits 0.1 s for the lock instead of 15 s: the tests need not wait. Autouse, so it
    is in place before the `store` fixture (conftest.py) opens its engine."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def ids(store):
    return store.add_partnership("p", "P", {}).id, store.add_participant("Ana", "Kossa", "nurse").id


@contextmanager
def locked(path):
    """Another process's connection holding the write lock, as a kernel stuck mid-write does."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_write_to_a_locked_database_raises_store_unavailable_in_one_line(store, ids, tmp_path):
    pid, person = ids
    with locked(tmp_path / "store.sqlite"), pytest.raises(StoreUnavailable) as raised:
        store.write(pid, 1, BASELINE, "ipc-01", "rating", 2, person)
    assert raised.value.reason == "database is locked"
    assert str(raised.value) == "the database is busy or unreachable (database is locked)"
    assert store.read(pid, 1, BASELINE) == {}  # readers are never blocked (WAL)
    store.write(pid, 1, BASELINE, "ipc-01", "rating", 2, person)  # once released, the write goes through


def test_a_database_whose_folder_is_gone_raises_store_unavailable(store, ids, tmp_path):
    pid, person = ids
    store.close()  # a new connection must open the file again
    shutil.rmtree(tmp_path)
    with pytest.raises(StoreUnavailable, match="unable to open database file"):
        store.read(pid, 1, BASELINE)


def test_a_file_that_is_not_a_database_raises_store_unavailable(tmp_path, short_busy_timeout):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"not a database " * 512)
    with pytest.raises(StoreUnavailable, match="file is not a database"):
        Store(f"sqlite:///{path}").partnerships()


@both_backends
def test_a_write_the_database_refuses_raises_store_error(store, ids):
    pid, _ = ids
    with pytest.raises(StoreError, match="(?i)refused the write .*FOREIGN KEY") as raised:
        store.write(pid, 1, BASELINE, "ipc-01", "rating", 2, 10_000)  # no such participant
    assert not isinstance(raised.value, StoreUnavailable)


def test_a_locked_database_keeps_the_edit_says_why_and_saves_it_later(workspace, short_busy_timeout):
    page = signed_in_page(workspace, 2)
    row = page.rows["ipc-05"]
    with locked(workspace.root / workspace.settings.store):
        row.evidence.value = "kept"
        page.sync.flush()
        assert row.status.state == "failed" and "database is locked" in row.status.value
        assert row.evidence.value == "kept"
    assert stored_entry(workspace, BASELINE, "ipc-05", "evidence") is None
    page.sync.flush()  # the retry, as the sync thread makes it
    assert stored_entry(workspace, BASELINE, "ipc-05", "evidence").value == "kept"
    assert row.status.state == "saved"
