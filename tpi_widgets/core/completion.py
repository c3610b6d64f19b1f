"""How complete each step of a partnership's cycle is, for the room view: one rule per step,
named in the step registry (core/steps.py). Widget-free; reads a `Snapshot` of the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from tpi_widgets.core.records import PLAN, PROFILE
from tpi_widgets.content import Item, Pack
from tpi_widgets.core import partnership_profile as profile
from tpi_widgets.core import plan
from tpi_widgets.core.gaps import find_gaps, vote_totals
from tpi_widgets.core.records import BASELINE, FOCUS, FOLLOWUP, PROGRESS, VOTES, is_live
from tpi_widgets.store import Entry, Partnership, Store

# Step 1's profile: the fields counted as "filled in" (partnership_profile.py's layout).
PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    *((profile.institution_record(s), f) for s in profile.SIDES for f in ("name", "country", "level", "address")),
    *((profile.focal_record(s), f) for s in profile.SIDES for f in ("name", "role", "email", "phone")),
    *((profile.PARTNERSHIP_RECORD, f) for f in ("start", "ministry", "district", "other_authorities")),
)

Records = Mapping[str, Mapping[str, object]]


# reading a partnership's records ----------------------------------------------------------------
class Snapshot:
    """A partnership's records in one cycle, each collection read once, as {record: {field: value}}."""

    def __init__(self, store: Store, partnership: Partnership, cycle: int):
        self.store, self.partnership, self.cycle = store, partnership, cycle
        self._entries: dict[str, dict[str, dict[str, Entry]]] = {}
        self._read: dict[str, dict[str, dict[str, object]]] = {}

    def entries(self, collection: str) -> dict[str, dict[str, Entry]]:
        """{record: {field: Entry}}: the values with who saved them."""
        if collection not in self._entries:
            self._entries[collection] = self.store.read(self.partnership.id, self.cycle, collection)
        return self._entries[collection]

    def records(self, collection: str) -> dict[str, dict[str, object]]:
        if collection not in self._read:
            self._read[collection] = {record: {name: e.value for name, e in fields.items()}
                                      for record, fields in self.entries(collection).items()}
        return self._read[collection]


def areas_in_scope(pack: Pack, partnership: Partnership):
    return [a for a in pack.areas if a.id in partnership.areas]


def items_in_scope(pack: Pack, partnership: Partnership) -> list[Item]:
    return [item for area in areas_in_scope(pack, partnership) for item in area.items]


# how complete each step is ----------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    """One count of a step's progress; `key` is the UI string, filled with done (and total)."""
    key: str
    done: int
    total: int | None = None

    @property
    def values(self) -> dict[str, int]:
        return {"done": self.done} if self.total is None else {"done": self.done, "total": self.total}


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _rated(records: Records, items: list[Item]) -> int:
    return sum(records.get(i.id, {}).get("rating") is not None for i in items)


def profile_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    records = snap.records(PROFILE)
    filled = sum(_filled(profile.profile_value(records, snap.partnership.profile, record, name))
                 for record, name in PROFILE_FIELDS)
    return (Measure("room.measure.profile", filled, len(PROFILE_FIELDS)),)


def baseline_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    items = items_in_scope(pack, snap.partnership)
    return (Measure("room.measure.rated", _rated(snap.records(BASELINE), items), len(items)),)


def gaps_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    items = items_in_scope(pack, snap.partnership)
    gap_ids = [g.item.id for g in find_gaps(areas_in_scope(pack, snap.partnership), pack.scale, snap.records(BASELINE))]
    votes = sum(vote_totals(snap.records(VOTES), gap_ids).values())
    chosen = len(plan.chosen_focus(snap.records(FOCUS), [i.id for i in items]))
    return (Measure("room.measure.votes", votes, len(gap_ids)), Measure("room.measure.focus", chosen))


def plan_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    rows = live_plan_rows(snap)
    chosen = plan.chosen_focus(snap.records(FOCUS), [i.id for i in items_in_scope(pack, snap.partnership)])
    covered = len(chosen) - len(plan.uncovered_focus(rows, chosen))
    return (Measure("room.measure.plan_rows", len(rows)), Measure("room.measure.focus_covered", covered, len(chosen)))


def action_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    rows = live_plan_rows(snap)
    progressed = {str(fields.get("activity")) for fields in snap.records(PROGRESS).values() if is_live(fields)}
    return (Measure("room.measure.progress", len(progressed & set(rows)), len(rows)),)


def followup_completion(snap: Snapshot, pack: Pack) -> tuple[Measure, ...]:
    items = items_in_scope(pack, snap.partnership)
    return (Measure("room.measure.followup", _rated(snap.records(FOLLOWUP), items), len(items)),)


def live_plan_rows(snap: Snapshot) -> dict[str, dict[str, object]]:
    return {record: fields for record, fields in snap.records(PLAN).items() if is_live(fields)}
