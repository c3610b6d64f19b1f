"""Schema changes are Alembic migrations that Store.create()/upgrade() run: stores made by the
schema-1 and schema-2 code (before migrations, tables from tests/old_schemas/) upgrade to the
current schema with their data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
import multiprocessing

import pytest
import sqlalchemy as sa

from tests.postgres import both_backends
from tpi_widgets.core.records import BASELINE
from tpi_widgets.errors import StoreError
from tpi_widgets.store import Store
from tpi_widgets.store.engine import with_driver
from tpi_widgets.store.migrations import REVISION_OF_SCHEMA, current_revision
from tpi_widgets.store.schema import SCHEMA_VERSION, SCHEMA_VERSION_KEY


def make_old_store(url: str, version: int):
    """A store as the old code's Store.create() made it, with one partnership, participant and write."""
    old = importlib.import_module(f"tests.old_schemas.schema_v{version}")
    engine = sa.create_engine(with_driver(url))
    old.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(old.meta.insert().values(key="schema_version", value=str(old.SCHEMA_VERSION)))
        partnership = c.execute(old.partnerships.insert().values(
            slug="p", name="P", profile={"areas": ["ipc"]}, created_at="2026-01-01")).inserted_primary_key[0]
        person = c.execute(old.participants.insert().values(
            token="t", name="Ana", institution="Kossa", role="nurse", created_at="2026-01-01")).inserted_primary_key[0]
        change = c.execute(old.changes.insert().values(
            partnership_id=partnership, cycle=1, collection=BASELINE, record="ipc-01", field="rating", value=2,
            participant_id=person, at="2026-01-01")).inserted_primary_key[0]
        c.execute(old.entries.insert().values(
            partnership_id=partnership, cycle=1, collection=BASELINE, record="ipc-01", field="rating", value=2,
            participant_id=person, updated_at="2026-01-01", change_id=change))
    engine.dispose()


def revision_of(store: Store) -> str | None:
    with store.engine.connect() as c:
        return current_revision(c)


@pytest.fixture
def opened(store_url):
    opened = []
    yield lambda: opened.append(Store(store_url)) or opened[-1]
    for s in opened:
        s.close()


@both_backends
@pytest.mark.parametrize("version", [1, 2])
def test_a_store_made_by_old_code_upgrades_and_keeps_everything(store_url, opened, version):
    make_old_store(store_url, version)
    store = opened()
    assert store.schema_version() == version and revision_of(store) is None
    store.upgrade()
    assert store.schema_version() == SCHEMA_VERSION
    assert revision_of(store) == REVISION_OF_SCHEMA[SCHEMA_VERSION]
    partnership, person = store.partnership("p"), store.participant_by_token("t")
    assert partnership.areas == ["ipc"]
    old_entry = store.read(partnership.id, 1, BASELINE)["ipc-01"]["rating"]
    assert (old_entry.value, old_entry.participant_id) == (2, person.id)
    store.grant_facilitator(person.id)  # the schema-2 table works
    assert store.is_facilitator(person.id)
    new_change = store.write(partnership.id, 1, BASELINE, "ipc-02", "rating", 3, person.id)
    assert new_change > old_entry.change_id == store.changes_since(partnership.id, 0)[0].id


@both_backends
def test_a_new_store_is_at_the_newest_revision_and_creating_again_changes_nothing(store, ids):
    pid, person = ids
    store.write(pid, 1, BASELINE, "ipc-01", "rating", 1, person)
    assert (store.schema_version(), revision_of(store)) == (SCHEMA_VERSION, REVISION_OF_SCHEMA[SCHEMA_VERSION])
    store.create()
    store.upgrade()
    assert store.read(pid, 1, BASELINE)["ipc-01"]["rating"].value == 1
    assert revision_of(store) == REVISION_OF_SCHEMA[SCHEMA_VERSION]


def _create(url: str):
    store = Store(url)
    store.create()
    store.close()


@both_backends
def test_kernels_creating_one_store_at_the_same_moment_migrate_it_once(store_url, opened):
    context = multiprocessing.get_context("spawn")  # separate processes, as kernels are
    processes = [context.Process(target=_create, args=(store_url,)) for _ in range(4)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    store = opened()
    assert (store.schema_version(), revision_of(store)) == (SCHEMA_VERSION, REVISION_OF_SCHEMA[SCHEMA_VERSION])


@both_backends
def test_a_store_from_a_newer_version_is_refused_in_one_line(store_url, opened):
    make_old_store(store_url, 2)
    store = opened()
    store.set_meta(SCHEMA_VERSION_KEY, "99")
    with pytest.raises(StoreError, match="schema version 99, which this version of TPI Workbook does not know"):
        store.create()


@pytest.fixture
def ids(store):
    return store.add_partnership("p", "P", {}).id, store.add_participant("Ana", "Kossa", "nurse").id
