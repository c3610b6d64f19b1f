"""A workspace whose store is a PostgreSQL database: made by `tpi init --store`, its URL kept in an
environment variable, and a database restart that pages survive ("Not saved: reason", then saved)."""

from __future__ import annotations

import pytest

from playwright.sync_api import expect

from tests.support import (KOSSA, LIVE_TIMEOUT, Server, item_row, open_step, sign_in, signed_in_page, stored,
                           stored_entry, wait_for_store)
from tests.test_cli import assert_refused, tpi
from tpi_widgets.core.records import BASELINE
from tpi_widgets.errors import StoreUnavailable
from tpi_widgets.store import Store
from tpi_widgets.store.schema import SCHEMA_VERSION
from tpi_widgets.workspace import SETTINGS_FILE, Workspace

URL_VARIABLE = "TPI_STORE_URL"


@pytest.fixture
def database(postgres_server, monkeypatch) -> str:
    """A fresh database whose URL is in the environment variable the workspaces name."""
    url = postgres_server.new_database()
    monkeypatch.setenv(URL_VARIABLE, url)
    return url


@pytest.fixture
def pg_workspace(database, tmp_path, sample_config) -> Workspace:
    workspace = Workspace.init(tmp_path / "ws", store=f"env:{URL_VARIABLE}")
    workspace.add_partnership(sample_config)
    return workspace


@pytest.fixture
def server(postgres_server):
    """The session's server, for a test that stops it: running again afterwards, even on failure."""
    yield postgres_server
    if not postgres_server.running:
        postgres_server.start()


def test_tpi_init_makes_a_postgresql_store_whose_url_stays_in_the_environment(database, tmp_path):
    result = tpi("init", tmp_path / "w", "--store", f"env:{URL_VARIABLE}")
    assert result.returncode == 0, result.stderr
    settings = (tmp_path / "w" / SETTINGS_FILE).read_text(encoding="utf-8")
    assert f"store: env:{URL_VARIABLE}" in settings and database not in settings
    store = Workspace.open(tmp_path / "w").store
    assert store.engine.dialect.name == "postgresql" and store.schema_version() == SCHEMA_VERSION


def test_a_store_variable_that_is_not_set_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    assert_refused(tpi("init", tmp_path / "w", "--store", f"env:{URL_VARIABLE}"),
                   f"environment variable {URL_VARIABLE}, which is not set")
    assert not (tmp_path / "w").exists()


def test_a_write_while_the_database_restarts_is_unavailable_then_the_next_one_saves(database, server):
    store = Store(database)
    store.create()
    pid, person = store.add_partnership("p", "P", {}).id, store.add_participant("Ana", "Kossa", "nurse").id
    store.write(pid, 1, BASELINE, "ipc-01", "rating", 1, person)  # the pool now holds a connection
    server.stop()
    with pytest.raises(StoreUnavailable) as raised:
        store.write(pid, 1, BASELINE, "ipc-01", "rating", 2, person)
    assert "connection" in raised.value.reason and "\n" not in str(raised.value)
    assert str(raised.value).startswith("the database is busy or unreachable (")
    server.start()
    store.write(pid, 1, BASELINE, "ipc-01", "rating", 3, person)  # the dead pooled connection is replaced
    assert store.read(pid, 1, BASELINE)["ipc-01"]["rating"].value == 3
    store.close()


def test_a_page_keeps_the_edit_while_the_database_restarts_and_saves_it_after(pg_workspace, server):
    page = signed_in_page(pg_workspace, 2)
    row = page.rows["ipc-05"]
    server.stop()
    row.evidence.value = "kept"
    page.sync.flush()
    assert row.status.state == "failed" and "connection" in row.status.value
    assert row.evidence.value == "kept"
    server.start()
    page.sync.flush()  # the retry, as the sync thread makes it
    assert stored_entry(pg_workspace, BASELINE, "ipc-05", "evidence").value == "kept"
    assert row.status.state == "saved"


@pytest.mark.browser
def test_in_the_browser_a_database_restart_shows_not_saved_keeps_the_text_and_saves_after(
        pg_workspace, server, chromium, tmp_path):
    voila = Server.for_workspace(pg_workspace.root, tmp_path / "voila.log").start()
    context = chromium.new_context()
    try:
        page = open_step(context, voila, 2)
        sign_in(page, "Ana Kamara", KOSSA, "Nurse")
        evidence, row = page.get_by_label("IPC-05 evidence"), item_row(page, "IPC-05")
        evidence.fill("Gowns run out most months")
        row.locator(".tpi-status-saved").wait_for(timeout=LIVE_TIMEOUT)
        assert stored(pg_workspace, BASELINE, "ipc-05", "evidence") == "Gowns run out most months"
        server.stop()
        evidence.fill("Gowns run out most months; face shields too")
        expect(row.locator(".tpi-status-failed")).to_contain_text("Not saved", timeout=LIVE_TIMEOUT)
        expect(evidence).to_have_value("Gowns run out most months; face shields too")
        server.start()
        wait_for_store(pg_workspace, BASELINE, "ipc-05", "evidence", "Gowns run out most months; face shields too",
                       timeout=LIVE_TIMEOUT / 1000)
        expect(row.locator(".tpi-status-saved")).to_contain_text("Ana Kamara", timeout=LIVE_TIMEOUT)
        expect(evidence).to_have_value("Gowns run out most months; face shields too")
    finally:
        context.close()
        voila.stop()
