"""The records and step registries: each collection and step declared once, and what the code
writes matches what is declared."""

from __future__ import annotations

import pytest

from tpi_widgets.core import records
from tpi_widgets.core.access import WriteGuard
from tpi_widgets.core.records import RECORDS
from tpi_widgets.core.steps import STEPS
from tpi_widgets.demo.records import SAMPLE_SLUG, write_sample_records
from tpi_widgets.errors import Refused, UnknownCollection, UnknownStep
from tpi_widgets.store import Write


def test_every_collection_belongs_to_at_most_one_step_and_steps_are_the_cycle():
    assert STEPS.numbers == (1, 2, 3, 4, 5, 6)
    owned = [name for step in STEPS for name in step.collections]
    assert len(owned) == len(set(owned))
    assert {c.name for c in RECORDS if c.step is None} == {records.LOCKS, records.CYCLES, records.ROOM_FOCUS}


def test_a_registry_refuses_what_it_does_not_know():
    with pytest.raises(UnknownCollection):
        RECORDS.get("plans")
    with pytest.raises(UnknownStep):
        STEPS.get(7)
    with pytest.raises(ValueError):
        RECORDS.register(records.Collection("plan", 4))


def test_every_field_the_demo_writes_is_declared(workspace):
    write_sample_records(workspace, SAMPLE_SLUG)
    partnership = workspace.store.partnership(SAMPLE_SLUG)
    undeclared = set()
    for collection in RECORDS:
        for record, fields in workspace.store.read(partnership.id, 1, collection.name).items():
            if collection.fields:  # field names that are ids (items, domains, participants) are not listed
                undeclared |= {(collection.name, f) for f in fields if f not in collection.fields}
    assert undeclared == set()


def test_the_facilitator_only_collections_are_the_registrys(workspace):
    p = workspace.store.partnership(SAMPLE_SLUG)
    guard = WriteGuard(workspace.store, p.id, 1, 3)
    assert RECORDS.facilitator_only == {records.FOCUS, records.SETTINGS, records.LOCKS, records.ROOM_FOCUS}
    for name in RECORDS.facilitator_only:
        with pytest.raises(Refused):
            guard((name, "r", "f"), 1)
    guard((records.VOTES, "1", "ipc-01"), 1)  # a participant's own collection passes


def test_a_list_record_is_written_whole_and_dated_by_its_deleted_field(workspace):
    store = workspace.store
    p = store.partnership(SAMPLE_SLUG)
    who = store.add_participant("Ana", "x", "y").id
    first = records.new_record_writes(records.SPREAD, "s1", {"activity": "Talk", "date": "2027-01-01"})
    second = records.new_record_writes(records.SPREAD, "s0", {"activity": "Poster"})
    for writes in (first, second):
        store.write_many(p.id, 1, [Write(*key, value) for key, value in writes], who)
    entries = {(records.SPREAD, r, f): e for r, fields in store.read(p.id, 1, records.SPREAD).items()
               for f, e in fields.items()}
    created = records.creation_ids(records.SPREAD, entries)
    rows = {r: {f: e.value for f, e in fields.items()} for r, fields in store.read(p.id, 1, records.SPREAD).items()}
    assert records.in_creation_order(rows, created) == ["s1", "s0"]  # file order, not id order
