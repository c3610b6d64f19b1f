"""A real PostgreSQL server for the tests: a throwaway cluster in a temporary folder, started once
per session, with a fresh database per test. PostgreSQL refuses to run as root, so when the tests
run as root its commands run as the `postgres` user (Debian's package creates it)."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support import free_port

# The store tests that run on both databases take the `backend` fixture through this mark.
both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

BINARY_FOLDERS = "/usr/lib/postgresql/*/bin"  # Debian's layout (apt-get install postgresql)


def postgres_binaries() -> Path | None:
    found = sorted(Path("/").glob(BINARY_FOLDERS.lstrip("/")), key=lambda p: int(p.parent.name), reverse=True)
    found = [folder for folder in found if (folder / "pg_ctl").is_file()]
    if found:
        return found[0]
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class PostgresServer:
    """initdb, pg_ctl start/stop and CREATE DATABASE on one cluster; `url(db)` connects to it."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.as_root = os.geteuid() == 0
        # in /tmp itself, not under pytest's root-only folder, which postgres could not enter
        self.folder = Path(tempfile.mkdtemp(prefix="tpi-postgres-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self.running = False
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def _run(self, program: str, *args):
        command = [str(self.binaries / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "-o", options, "start")
        self.running = True

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg
        name = f"store_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def missing_postgres(reason: str):
    """With CI=true a missing PostgreSQL fails the tests that need it; elsewhere they skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: .ci/run must install it (apt-get install -y postgresql)")
    pytest.skip(f"{reason} (apt-get install postgresql)")
