"""SQLAlchemy's errors turned into the project's own, so that callers of the store catch
TPIError and never need to know SQLAlchemy:

- a database that is busy, locked, gone or unreachable (an OperationalError, a file that is not
  or no longer a database, a dropped connection) raises StoreUnavailable: a later try may work;
- a write the database refuses (an IntegrityError: a participant that does not exist) raises
  StoreError.

Anything else (a value that is not JSON, a wrong query) is a bug and keeps its type and traceback.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from typing import Iterator, TypeVar

import sqlalchemy as sa

from tpi_widgets.errors import StoreError, StoreUnavailable

T = TypeVar("T", bound=type)


@contextmanager
def store_errors() -> Iterator[None]:
    try:
        yield
    except sa.exc.IntegrityError as exc:
        raise StoreError(f"the database refused the write ({database_reason(exc)})") from exc
    except sa.exc.DBAPIError as exc:
        if not unavailable(exc):
            raise
        raise StoreUnavailable(database_reason(exc)) from exc


def unavailable(exc: sa.exc.DBAPIError) -> bool:
    # The plain DatabaseError, not one of its subclasses, is SQLite's "file is not a database"
    # or "database disk image is malformed": the file is there but is no longer the store.
    return (isinstance(exc, sa.exc.OperationalError) or type(exc) is sa.exc.DatabaseError
            or exc.connection_invalidated)


def database_reason(exc: sa.exc.DBAPIError) -> str:
    """The driver's own first line ("database is locked"), without SQLAlchemy's SQL and links."""
    text = str(exc.orig).strip() if exc.orig is not None else ""
    return text.splitlines()[0] if text else type(exc).__name__


def raises_store_errors(cls: T) -> T:
    """Runs every public method of `cls` inside store_errors(): one place, so that a method
    added later cannot let a SQLAlchemy error out."""
    for name, member in list(vars(cls).items()):
        if inspect.isfunction(member) and not name.startswith("_"):
            setattr(cls, name, store_errors()(member))
    return cls
