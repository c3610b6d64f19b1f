"""The store: SQLite (WAL) by default, PostgreSQL by URL, through SQLAlchemy Core."""

from .api import Change, Entry, Imported, Participant, Partnership, Store, Write, new_record_id

__all__ = ["Change", "Entry", "Imported", "Participant", "Partnership", "Store", "Write", "new_record_id"]
