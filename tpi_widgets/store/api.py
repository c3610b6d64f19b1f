"""The store API: the single source of truth that every widget, page and report reads.

One `Store` per process (kernel, CLI, server). Every write is committed before the call
returns, so a caller may show "saved" as soon as `write` returns.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

import sqlalchemy as sa

from ..errors import StoreError
from . import schema as t
from .engine import create_engine, migration_transaction, upsert, write_transaction
from .migrations import current_revision, migrate
from tpi_widgets.store.database_errors import raises_store_errors


def now() -> str:
    """UTC time as ISO text: sorts correctly and reads the same on every engine."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _seconds_between(earlier: str, later: str) -> float:
    """Seconds between two times written by now(); a time that does not parse counts as long ago."""
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except ValueError:
        return float("inf")


def new_record_id(prefix: str = "") -> str:
    """An id for a new record made on a page (a plan row, a visit): short, and unique enough that
    two participants adding at the same moment never collide."""
    return prefix + uuid.uuid4().hex[:8]


def _schema_version_on(c: sa.Connection) -> int | None:
    """The meta table's schema version; None for a database with no store in it."""
    if not sa.inspect(c).has_table(t.meta.name):
        return None
    value = c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == t.SCHEMA_VERSION_KEY)).scalar()
    return int(value) if value is not None else None


@dataclass(frozen=True)
class Partnership:
    id: int
    slug: str
    name: str
    profile: dict

    @property
    def institutions(self) -> list[dict]:
        return self.profile.get("institutions", [])

    @property
    def areas(self) -> list[str]:
        return self.profile.get("areas", [])

    @property
    def language(self) -> str:
        return self.profile.get("language", "en")


@dataclass(frozen=True)
class Participant:
    id: int
    token: str
    name: str
    institution: str  # "" for a hub user who has not chosen one yet
    role: str
    account: str | None = None  # their JupyterHub user name, under a hub


def _participant(row) -> Participant:
    return Participant(row.id, row.token, row.name, row.institution, row.role, row.account)


@dataclass(frozen=True)
class Entry:
    """The current value of one field, with who saved it and when."""
    value: Any
    participant_id: int | None
    updated_at: str
    change_id: int


@dataclass(frozen=True)
class Change:
    id: int
    cycle: int
    collection: str
    record: str
    field: str
    value: Any
    participant_id: int | None
    at: str


# A typing save replaces its author's previous typing save of the same field when that one is
# younger than this: ten minutes of typing in one note leave one history row, not 1,500 rows each
# repeating the whole text so far. A pause longer than this starts a new row.
TYPING_BURST_SECONDS = 30.0


@dataclass(frozen=True)
class Write:
    """One field to write; `write_many` applies a list of them all or nothing. `typing`: the text
    of a field being typed, saved at a pause (see TYPING_BURST_SECONDS). `kept`: the entry this
    write copies into another cycle, whose author and time the copy keeps (`Write.copy`)."""
    collection: str
    record: str
    field: str
    value: Any
    typing: bool = False
    kept: Entry | None = None

    @classmethod
    def copy(cls, collection: str, record: str, field: str, entry: Entry) -> "Write":
        """A copy of `entry`, still saved by whoever saved it and when."""
        return cls(collection, record, field, entry.value, kept=entry)


@dataclass(frozen=True)
class Imported:
    """A field's value written in another workspace (a bundle), with its author and time kept.
    `author`: a participant id, a key of the participants `import_history` makes, or None."""
    cycle: int
    collection: str
    record: str
    field: str
    value: Any
    author: int | str | None
    at: str


NewParticipant = tuple[str, str, str, "str | None"]  # name, institution, role, account


def _imported_key(row: Imported) -> tuple:
    """What makes two imported rows the same row of the log (values are JSON: lists and mappings)."""
    return (row.cycle, row.collection, row.record, row.field, row.at, row.author,
            json.dumps(row.value, sort_keys=True))


@raises_store_errors
class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url)

    def create(self):
        """Create the tables, or bring an existing store to this schema: the Alembic migrations
        (store/migrations/), all in one transaction that one process at a time runs."""
        with migration_transaction(self.engine) as c:
            migrate(c, _schema_version_on(c))

    def upgrade(self):
        """Bring an older store up to this schema (create() migrates it), or stamp a store made
        before migrations with its revision; a store already at the newest costs two reads."""
        if (self.schema_version() or 0) < t.SCHEMA_VERSION or self._revision() is None:
            self.create()

    def _revision(self) -> str | None:
        with self.engine.connect() as c:
            return current_revision(c)

    def schema_version(self) -> int | None:
        try:
            with self.engine.connect() as c:
                return _schema_version_on(c)
        except sa.exc.OperationalError:
            if self.engine.dialect.name != "sqlite":
                raise  # a database server down is StoreUnavailable, not "no store here"
            return None

    def close(self):
        self.engine.dispose()

    # partnerships ---------------------------------------------------------------------------
    def add_partnership(self, slug: str, name: str, profile: dict) -> Partnership:
        with write_transaction(self.engine) as c:
            if c.execute(sa.select(t.partnerships.c.id).where(t.partnerships.c.slug == slug)).first():
                raise StoreError(f"a partnership with slug {slug!r} already exists")
            result = c.execute(t.partnerships.insert().values(slug=slug, name=name, profile=profile, created_at=now()))
            return Partnership(result.inserted_primary_key[0], slug, name, profile)

    def partnership(self, slug: str) -> Partnership:
        with self.engine.connect() as c:
            row = c.execute(sa.select(t.partnerships).where(t.partnerships.c.slug == slug)).first()
        if row is None:
            raise StoreError(f"no partnership {slug!r} in this workspace")
        return Partnership(row.id, row.slug, row.name, row.profile)

    def partnerships(self) -> list[Partnership]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.partnerships).order_by(t.partnerships.c.name)).all()
        return [Partnership(r.id, r.slug, r.name, r.profile) for r in rows]

    # participants ---------------------------------------------------------------------------
    def add_participant(self, name: str, institution: str, role: str) -> Participant:
        token = secrets.token_urlsafe(24)
        with write_transaction(self.engine) as c:
            result = c.execute(t.participants.insert().values(
                token=token, name=name, institution=institution, role=role, created_at=now()))
        return Participant(result.inserted_primary_key[0], token, name, institution, role)

    def participant_by_token(self, token: str) -> Participant | None:
        if not token:
            return None
        with self.engine.connect() as c:
            row = c.execute(sa.select(t.participants).where(t.participants.c.token == token)).first()
        return _participant(row) if row else None

    def participant_of_account(self, account: str) -> Participant:
        """The participant a hub user is, made on their first visit: named by the hub, with no
        institution yet (their first page asks for it). Two first pages at once make one."""
        def find(c):
            return c.execute(sa.select(t.participants).where(t.participants.c.account == account)).first()

        with self.engine.connect() as c:
            row = find(c)
        if row is None:
            try:
                with write_transaction(self.engine) as c:
                    c.execute(t.participants.insert().values(token=secrets.token_urlsafe(24), name=account,
                                                             institution="", role="", account=account,
                                                             created_at=now()))
            except sa.exc.IntegrityError:
                pass  # another page of theirs made it a moment ago
            with self.engine.connect() as c:
                row = find(c)
        return _participant(row)

    def set_institution(self, participant_id: int, institution: str, role: str) -> Participant:
        """A hub user's institution and role, as they chose them on a page."""
        with write_transaction(self.engine) as c:
            c.execute(t.participants.update().where(t.participants.c.id == participant_id)
                      .values(institution=institution, role=role))
        with self.engine.connect() as c:
            return _participant(c.execute(sa.select(t.participants).where(t.participants.c.id == participant_id)).one())

    def participant_names(self, ids: Iterable[int]) -> dict[int, str]:
        return self._participant_column(ids, t.participants.c.name)

    def participant_roles(self, ids: Iterable[int]) -> dict[int, str]:
        """{id: the role they gave} (a sheet's import records its file there: core/records.py)."""
        return self._participant_column(ids, t.participants.c.role)

    def _participant_column(self, ids: Iterable[int], column) -> dict[int, str]:
        ids = {i for i in ids if i is not None}
        if not ids:
            return {}
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.participants.c.id, column).where(t.participants.c.id.in_(ids))).all()
        return {row[0]: row[1] for row in rows}

    def participants(self) -> list[Participant]:
        with self.engine.connect() as c:
            return [_participant(r) for r in c.execute(sa.select(t.participants).order_by(t.participants.c.id))]

    def grant_facilitator(self, participant_id: int):
        self._set_role(t.facilitators, participant_id, True)

    def set_facilitator(self, participant_id: int, facilitator: bool):
        """Under JupyterHub the hub's group says who is a facilitator: granted and taken away."""
        self._set_role(t.facilitators, participant_id, facilitator)

    def set_trainer(self, participant_id: int, trainer: bool):
        """Under JupyterHub the hub's trainer group says who is a trainer (server/hub_auth.py)."""
        self._set_role(t.trainers, participant_id, trainer)

    def is_trainer(self, participant_id: int | None) -> bool:
        return self._has_role(t.trainers, participant_id)

    def _set_role(self, table: sa.Table, participant_id: int, granted: bool):
        with write_transaction(self.engine) as c:
            if granted:
                c.execute(upsert(self.engine, table, ["participant_id"]),
                          {"participant_id": participant_id, "granted_at": now()})
            else:
                c.execute(table.delete().where(table.c.participant_id == participant_id))

    def _has_role(self, table: sa.Table, participant_id: int | None) -> bool:
        if participant_id is None:
            return False
        with self.engine.connect() as c:
            return c.execute(sa.select(table.c.participant_id)
                             .where(table.c.participant_id == participant_id)).first() is not None

    def is_facilitator(self, participant_id: int | None) -> bool:
        return self._has_role(t.facilitators, participant_id)

    # settings ---------------------------------------------------------------------------------
    def set_meta(self, key: str, value: str):
        with write_transaction(self.engine) as c:
            c.execute(upsert(self.engine, t.meta, ["key"]), {"key": key, "value": value})

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as c:
            return c.execute(sa.select(t.meta.c.value).where(t.meta.c.key == key)).scalar()

    # entries ----------------------------------------------------------------------------------
    def write(self, partnership_id: int, cycle: int, collection: str, record: str, field: str, value: Any,
              participant_id: int | None) -> int:
        """Save one field; returns the change id once the write is committed."""
        return self.write_many(partnership_id, cycle, [Write(collection, record, field, value)], participant_id)[-1]

    def write_many(self, partnership_id: int, cycle: int, writes: list[Write], participant_id: int | None) -> list[int]:
        """Save several fields in one transaction: all of them, or none. Returns their change ids.

        Each write appends a change row, whose new id is the counter other pages poll. A typing
        save's row replaces its author's previous row of the field within the burst, so the
        history keeps the burst's last text once; what was shown as saved is still there."""
        at = now()
        change_ids: list[int] = []
        with write_transaction(self.engine) as c:
            for w in writes:
                replaced = self._previous_typing(c, partnership_id, cycle, w, participant_id, at) if w.typing else None
                author, when = (w.kept.participant_id, w.kept.updated_at) if w.kept else (participant_id, at)
                change_id = c.execute(t.changes.insert().values(
                    partnership_id=partnership_id, cycle=cycle, collection=w.collection, record=w.record,
                    field=w.field, value=w.value, participant_id=author, at=when)).inserted_primary_key[0]
                if replaced is not None:
                    # deleted after the insert: SQLite gives a new row the highest id + 1, so
                    # deleting the highest row first would hand its id out again and the counter
                    # that other pages poll would not move
                    c.execute(t.changes.delete().where(t.changes.c.id == replaced))
                change_ids.append(change_id)
                c.execute(upsert(self.engine, t.entries, ["partnership_id", "cycle", "collection", "record", "field"]),
                          dict(partnership_id=partnership_id, cycle=cycle, collection=w.collection, record=w.record,
                               field=w.field, value=w.value, participant_id=author, updated_at=when,
                               change_id=change_id))
        return change_ids

    @staticmethod
    def _previous_typing(c: sa.Connection, partnership_id: int, cycle: int, w: Write, participant_id: int | None,
                         at: str) -> int | None:
        """The field's current change row when the same participant saved it as text less than
        TYPING_BURST_SECONDS ago (one burst of typing with this write, whose row replaces it)."""
        if participant_id is None:
            return None
        e = t.entries.c
        current = c.execute(sa.select(e.change_id, e.participant_id, e.updated_at, e.value).where(
            e.partnership_id == partnership_id, e.cycle == cycle, e.collection == w.collection,
            e.record == w.record, e.field == w.field)).first()
        if current is None or current.participant_id != participant_id or not isinstance(current.value, str):
            return None
        return current.change_id if _seconds_between(current.updated_at, at) < TYPING_BURST_SECONDS else None

    def read(self, partnership_id: int, cycle: int, collection: str) -> dict[str, dict[str, Entry]]:
        """Every field of a collection: {record: {field: Entry}}."""
        e = t.entries.c
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.entries).where(
                e.partnership_id == partnership_id, e.cycle == cycle, e.collection == collection)).all()
        result: dict[str, dict[str, Entry]] = {}
        for r in rows:
            result.setdefault(r.record, {})[r.field] = Entry(r.value, r.participant_id, r.updated_at, r.change_id)
        return result

    def entries_of(self, partnership_id: int) -> dict[tuple[int, str, str, str], Entry]:
        """Every field of a partnership, in every cycle: {(cycle, collection, record, field): Entry}."""
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.entries).where(t.entries.c.partnership_id == partnership_id)).all()
        return {(r.cycle, r.collection, r.record, r.field): Entry(r.value, r.participant_id, r.updated_at, r.change_id)
                for r in rows}

    def import_history(self, partnership: Partnership | tuple[str, str, dict], participants: dict[str, NewParticipant],
                       history: list[Imported], current: list[Imported]) -> Partnership:
        """Apply what another workspace wrote, all or nothing: the partnership (made from (slug,
        name, profile) when not a Partnership), `participants` made with new tokens ({key: ...},
        the keys `author` may name), `history` appended to the change log with its own authors
        and times, and each of `current` made its field's current value, pointing at its row of
        the log (a `history` row it equals, else a row already there, else a new one)."""
        with write_transaction(self.engine) as c:
            if not isinstance(partnership, Partnership):
                slug, name, profile = partnership
                if c.execute(sa.select(t.partnerships.c.id).where(t.partnerships.c.slug == slug)).first():
                    raise StoreError(f"a partnership with slug {slug!r} already exists")
                result = c.execute(t.partnerships.insert().values(slug=slug, name=name, profile=profile,
                                                                  created_at=now()))
                partnership = Partnership(result.inserted_primary_key[0], slug, name, profile)
            made = {key: c.execute(t.participants.insert().values(
                        token=secrets.token_urlsafe(24), name=name, institution=institution, role=role,
                        account=account, created_at=now())).inserted_primary_key[0]
                    for key, (name, institution, role, account) in participants.items()}
            author = lambda row: made[row.author] if isinstance(row.author, str) else row.author  # noqa: E731

            def log(row: Imported) -> int:
                return c.execute(t.changes.insert().values(
                    partnership_id=partnership.id, cycle=row.cycle, collection=row.collection, record=row.record,
                    field=row.field, value=row.value, participant_id=author(row), at=row.at)).inserted_primary_key[0]

            logged = {_imported_key(row): log(row) for row in history}
            for row in current:
                key = _imported_key(row)
                if key not in logged:
                    logged[key] = self._logged_change(c, partnership.id, row, author(row)) or log(row)
                c.execute(upsert(self.engine, t.entries, ["partnership_id", "cycle", "collection", "record", "field"]),
                          dict(partnership_id=partnership.id, cycle=row.cycle, collection=row.collection,
                               record=row.record, field=row.field, value=row.value, participant_id=author(row),
                               updated_at=row.at, change_id=logged[key]))
            self._restate_current_values(c, partnership.id, {k[:4]: i for k, i in sorted(logged.items(), key=lambda kv: kv[1])})
        return partnership

    @staticmethod
    def _restate_current_values(c: sa.Connection, partnership_id: int, newest: dict[tuple, int]):
        """Open pages take a field's latest change (by id) as its value. An import may log older
        values (the ones a newer local value beat) after the current one: each such field's
        current value is logged again after them, with its own author and time, so pages end on it."""
        e = t.entries.c
        for (cycle, collection, record, field), change_id in newest.items():
            entry = c.execute(sa.select(t.entries).where(
                e.partnership_id == partnership_id, e.cycle == cycle, e.collection == collection,
                e.record == record, e.field == field)).first()
            if entry is None or entry.change_id >= change_id:
                continue
            again = c.execute(t.changes.insert().values(
                partnership_id=partnership_id, cycle=cycle, collection=collection, record=record, field=field,
                value=entry.value, participant_id=entry.participant_id, at=entry.updated_at)).inserted_primary_key[0]
            c.execute(t.entries.update().where(e.partnership_id == partnership_id, e.cycle == cycle,
                                               e.collection == collection, e.record == record, e.field == field)
                      .values(change_id=again))

    @staticmethod
    def _logged_change(c: sa.Connection, partnership_id: int, row: Imported, participant_id: int | None) -> int | None:
        """The id of a change row already in the log with `row`'s field, value, author and time."""
        ch = t.changes.c
        found = c.execute(sa.select(ch.id, ch.value).where(
            ch.partnership_id == partnership_id, ch.cycle == row.cycle, ch.collection == row.collection,
            ch.record == row.record, ch.field == row.field, ch.at == row.at,
            ch.participant_id.is_(None) if participant_id is None else ch.participant_id == participant_id)).all()
        return next((r.id for r in found if r.value == row.value), None)

    def cycles_marked(self, partnership_id: int, collection: str) -> list[int]:
        """The cycles in which `collection` has any entry (a cycle's start is such a mark)."""
        e = t.entries.c
        with self.engine.connect() as c:
            rows = c.execute(sa.select(e.cycle).distinct().where(
                e.partnership_id == partnership_id, e.collection == collection).order_by(e.cycle)).all()
        return [r.cycle for r in rows]

    # change log -------------------------------------------------------------------------------
    def change_counter(self, partnership_id: int) -> int:
        """The id of the partnership's latest change: cheap enough to poll every second."""
        with self.engine.connect() as c:
            value = c.execute(sa.select(sa.func.max(t.changes.c.id))
                              .where(t.changes.c.partnership_id == partnership_id)).scalar()
        return value or 0

    def changes_since(self, partnership_id: int, after: int) -> list[Change]:
        ch = t.changes.c
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.changes).where(ch.partnership_id == partnership_id, ch.id > after)
                             .order_by(ch.id)).all()
        return [Change(r.id, r.cycle, r.collection, r.record, r.field, r.value, r.participant_id, r.at) for r in rows]

    def latest_collection_changed(self, partnership_id: int, cycle: int, collections: Iterable[str]) -> str | None:
        """The collection, among `collections`, of a partnership's latest change in a cycle (one row
        read, however long the history)."""
        ch = t.changes.c
        with self.engine.connect() as c:
            return c.execute(sa.select(ch.collection).where(
                ch.partnership_id == partnership_id, ch.cycle == cycle, ch.collection.in_(list(collections)))
                .order_by(ch.id.desc()).limit(1)).scalar()

    def change_counter_all(self) -> int:
        """The id of the latest change in any partnership: the room view polls it to know when
        anything at all was saved."""
        with self.engine.connect() as c:
            value = c.execute(sa.select(sa.func.max(t.changes.c.id))).scalar()
        return value or 0
