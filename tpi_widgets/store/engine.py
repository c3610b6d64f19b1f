"""Engines for a store URL: SQLite tuned for many writer processes, anything else as given.

SQLite runs in WAL mode so readers never wait for the writer. Writes open with
BEGIN IMMEDIATE: a deferred transaction that later upgrades to a write can fail at once with
"database is locked" when another kernel writes, while IMMEDIATE waits (busy_timeout) its turn.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa

BUSY_TIMEOUT_MS = 15_000


def create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT",
                                  connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        sa.event.listen(engine, "connect", _tune_sqlite)
        return engine
    # pre-ping: a connection the database dropped (a restart) is replaced before it is used
    return sa.create_engine(with_driver(url), pool_pre_ping=True)


def with_driver(url: str) -> str:
    """A plain postgresql:// URL means psycopg 3 (the `postgres` extra); SQLAlchemy's default
    would be psycopg2."""
    scheme, _, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else url


def _tune_sqlite(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before the page shows "saved", even if the machine loses power.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One all-or-nothing write: committed when the block ends, rolled back on any error."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")


# Any number: the key of PostgreSQL's advisory lock that migrating processes queue on.
MIGRATION_LOCK_KEY = 14_2026


@contextmanager
def migration_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction for schema migrations: kernels that open the store at the same moment
    migrate one after another (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock held until
    the transaction ends), and the second finds the work done."""
    with write_transaction(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        yield connection


def upsert(engine: sa.Engine, table: sa.Table, keys: list[str]):
    """An INSERT that updates the row when its key exists, in the engine's dialect."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    updated = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=keys, set_=updated)
