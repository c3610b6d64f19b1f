"""Shared fixtures: a fresh workspace with the sample partnership, the content pack and a broken
copy of it; for the browser tests, Chromium and a Voila server on the workspace."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tpi_widgets.content import load_pack
from tpi_widgets.content.loader import PACKS_DIR
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.store import Store
from tpi_widgets.workspace import Workspace

pytest.register_assert_rewrite("tests.support")  # its helpers assert too: keep pytest's detailed messages
from tests.support import Server, chromium_path, launch_chromium  # noqa: E402


@pytest.fixture(scope="session")
def pack():
    return load_pack("recovery-2016")


@pytest.fixture
def sample_config(pack):
    return build_config(read_config_file(SAMPLE_CONFIG), pack)


@pytest.fixture
def workspace(tmp_path, sample_config, backend, request) -> Workspace:
    """On SQLite; on PostgreSQL too for a test marked tests.postgres.both_backends."""
    if backend == "sqlite":
        ws = Workspace.init(tmp_path / "ws")
    else:
        ws = Workspace.init(tmp_path / "ws", store=request.getfixturevalue("postgres_server").new_database())
    ws.add_partnership(sample_config)
    return ws


@pytest.fixture
def backend(request) -> str:
    """The store's database: "sqlite", or both for a test marked tests.postgres.both_backends."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server in a temporary folder, for the whole session (tests/postgres.py)."""
    from tests.postgres import PostgresServer, missing_postgres, postgres_binaries
    binaries = postgres_binaries()
    if binaries is None:
        missing_postgres("PostgreSQL is not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing_postgres("psycopg is not installed (pip install -e '.[postgres]')")
    server = PostgresServer(binaries)
    server.start()
    yield server
    server.stop()
    server.remove()


@pytest.fixture
def store_url(backend, tmp_path, request) -> str:
    """An empty store's URL: a SQLite file, or a fresh database on the test PostgreSQL server."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def store(store_url):
    """A fresh store of its own (no workspace around it), on the `backend` database."""
    s = Store(store_url)
    s.create()
    yield s
    s.close()


@pytest.fixture
def broken(tmp_path) -> Path:
    """A copy of the real content pack to break (tests.support.edit) and load (error_for)."""
    folder = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "recovery-2016", folder)
    return folder


@pytest.fixture(scope="module")
def chromium():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: .ci/run must install it (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, path)
        yield browser
        browser.close()


@pytest.fixture
def server(workspace, tmp_path):
    """`tpi serve` on the workspace, stopped after the test."""
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    yield server
    server.stop()


@pytest.fixture
def demo_workspace(workspace) -> Workspace:
    """A fresh workspace with the sample partnership and its sample records, as `tpi demo` writes
    them (tpi_widgets/demo/sample_records.yaml): every step and document has content."""
    from tpi_widgets.demo.records import write_sample_records
    write_sample_records(workspace)
    return workspace
