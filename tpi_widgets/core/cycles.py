"""A partnership's cycles: which exist, which is current, what the next one starts from, and
whether an earlier one may still be changed.

Cycle 1 always exists; each later one exists once Step 6 started it (a mark in CYCLES). The
latest cycle is where the partnership works now. An earlier cycle is closed (read-only) once a
later one exists, so what the partnership recorded then stays as it was; a facilitator may reopen
it (LOCKS, record "cycle", field "reopened"), which is kept in the store like a step's lock.
"""

from __future__ import annotations

from tpi_widgets.core.partnership_profile import COLLECTIONS as STEP1_COLLECTIONS
from tpi_widgets.core.records import CYCLES, LOCKS
from tpi_widgets.store import Store, Write

CYCLE_RECORD = "cycle"  # the record of a cycle's own marks (CYCLES: "started"; LOCKS: "reopened")
STARTED, REOPENED = "started", "reopened"
REOPEN_KEY = (LOCKS, CYCLE_RECORD, REOPENED)  # (collection, record, field) of an earlier cycle's reopening


def cycles_of(store: Store, partnership_id: int) -> list[int]:
    """Every cycle of the partnership, oldest first."""
    return sorted({1, *store.cycles_marked(partnership_id, CYCLES)})


def latest_cycle(store: Store, partnership_id: int) -> int:
    return cycles_of(store, partnership_id)[-1]


def is_reopened(store: Store, partnership_id: int, cycle: int) -> bool:
    entry = store.read(partnership_id, cycle, LOCKS).get(CYCLE_RECORD, {}).get(REOPENED)
    return entry is not None and entry.value is True


def is_closed(store: Store, partnership_id: int, cycle: int) -> bool:
    """Whether a later cycle exists and no facilitator reopened this one: then nobody changes it."""
    return cycle < latest_cycle(store, partnership_id) and not is_reopened(store, partnership_id, cycle)


def carried_over_writes(store: Store, partnership_id: int, cycle: int) -> list[Write]:
    """Step 1 of `cycle` copied whole into the next cycle as its starting point: the profile, team,
    agreement with its working principles and communication plan, and strength self-rating.

    Each value keeps who saved it and when: the partnership's words stay theirs, and a value the
    new cycle changes is then its changer's. Deleted records are copied deleted (a seeded principle
    deleted before is not seeded again). In the order they were saved, so lists keep their order."""
    copies = [(entry.change_id, Write.copy(collection, record, field, entry))
              for collection in STEP1_COLLECTIONS
              for record, fields in store.read(partnership_id, cycle, collection).items()
              for field, entry in fields.items()]
    return [write for _, write in sorted(copies, key=lambda pair: pair[0])]
