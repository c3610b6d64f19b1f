"""The facilitator's room view, without widgets: for every partnership, the step it is on, how
complete each step is, and the live aggregates of a step (ratings per item, votes per gap, plan
rows, who has contributed).

The change log is read incrementally (one cursor per partnership), so a refresh after a save
reads only the new changes and recomputes only the partnership that changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from tpi_widgets.core.records import FOCUS, RECORDS, VOTES
from tpi_widgets.core import action_records, plan
from tpi_widgets.core.action_records import Activity
from tpi_widgets.core.access import LOCKED, lock_record
from tpi_widgets.core.cycles import latest_cycle  # the room and the warm kernels follow the latest cycle
from tpi_widgets.core.records import LOCKS
from tpi_widgets.errors import Refused
from tpi_widgets.core.records import BASELINE
from tpi_widgets.content import Item, Pack
from tpi_widgets.core.gaps import find_gaps, vote_totals
from tpi_widgets.core.reconcile import RATING, is_agreed, proposal_distribution, proposals_collection
from tpi_widgets.core.completion import (Measure, Snapshot, areas_in_scope, items_in_scope,
                                        live_plan_rows)
from tpi_widgets.core.steps import STEPS
from tpi_widgets.store import Change, Partnership, Store



def step_of(collection: str) -> int | None:
    """A partnership is on the step of its latest change. Locks and cycle marks belong to no step:
    a facilitator's lock does not move the room along."""
    return RECORDS.step_of(collection)


# the change log ---------------------------------------------------------------------------------
@dataclass
class ChangeLog:
    """One partnership's change log as read so far: per cycle, the step of the latest change and
    how many values each participant saved."""
    after: int = 0  # the last change id read
    latest: dict[int, tuple[int, int]] = field(default_factory=dict)  # cycle -> (change id, step)
    contributions: dict[int, Counter] = field(default_factory=dict)  # cycle -> Counter(participant id)

    def feed(self, changes: Iterable[Change]) -> bool:
        """Take in changes (oldest first); True when there was any."""
        any_new = False
        for change in changes:
            if change.id <= self.after:
                continue
            any_new = True
            self.after = change.id
            step = step_of(change.collection)
            if step is None:
                continue
            self.latest[change.cycle] = (change.id, step)
            # a rating also writes its rater's proposal (reconcile.py): count the rating once
            if change.participant_id is not None and change.collection not in RECORDS.mirrors:
                self.contributions.setdefault(change.cycle, Counter())[change.participant_id] += 1
        return any_new

    def current_step(self, cycle: int) -> int | None:
        latest = self.latest.get(cycle)
        return latest[1] if latest else None

    def contributors(self, cycle: int) -> Counter:
        return self.contributions.get(cycle, Counter())


def step_on(store: Store, partnership_id: int, cycle: int) -> int:
    """The step a partnership is on in a cycle: that of its latest change; the first before any.
    (ChangeLog.current_step says the same for a log already read.)"""
    collection = store.latest_collection_changed(partnership_id, cycle,
                                                 (c.name for c in RECORDS if c.step is not None))
    return step_of(collection) if collection else STEPS.numbers[0]


def locked_steps(snapshot: Snapshot) -> frozenset[int]:
    locks = snapshot.records(LOCKS)
    return frozenset(s for s in STEPS.numbers if locks.get(lock_record(s), {}).get(LOCKED) is True)


# a step in detail --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemRatings:
    item: Item
    rating: object  # the shared rating in the assessment (None: not rated yet)
    agreed: bool  # the facilitator agreed it; until then it is only the latest proposal
    proposer: str | None  # who last wrote the shared rating: the latest proposal's author
    proposed: Counter  # rating -> how many participants proposed it


def rating_distribution(snap: Snapshot, pack: Pack, assessment: str = BASELINE) -> list[ItemRatings]:
    """Per item in scope: the shared rating, whether it is agreed and who proposed it last, and
    how many participants proposed each rating."""
    records, entries = snap.records(assessment), snap.entries(assessment)
    distribution = proposal_distribution(snap.records(proposals_collection(assessment)))
    items = items_in_scope(pack, snap.partnership)
    authors = {item.id: entry.participant_id for item in items
               if (entry := entries.get(item.id, {}).get(RATING)) is not None}
    names = snap.store.participant_names(authors.values())
    return [ItemRatings(item, records.get(item.id, {}).get(RATING), is_agreed(records, item.id),
                        names.get(authors.get(item.id)), distribution.get(item.id, Counter()))
            for item in items]


@dataclass(frozen=True)
class GapVotes:
    item: Item
    votes: int
    chosen: bool


def gap_votes(snap: Snapshot, pack: Pack) -> list[GapVotes]:
    """Every gap with its vote total, most votes first (pack order among equals)."""
    gaps = find_gaps(areas_in_scope(pack, snap.partnership), pack.scale, snap.records(BASELINE))
    totals = vote_totals(snap.records(VOTES), [g.item.id for g in gaps])
    focus = snap.records(FOCUS)
    rows = [GapVotes(g.item, totals[g.item.id], focus.get(g.item.id, {}).get("chosen") is True)
            for g in gaps]
    return sorted(rows, key=lambda g: -g.votes)


def plan_activities(snap: Snapshot, pack: Pack) -> list[Activity]:
    """The live plan rows numbered as Step 4 and Annex 1 number them ("2.1.3"), in plan order;
    after them, unnumbered, any row of a group the plan no longer shows (its area out of scope)."""
    rows = live_plan_rows(snap)
    numbered = action_records.plan_activities(rows, [(o.id, o.number) for o in pack.objectives],
                                              [a.id for a in areas_in_scope(pack, snap.partnership)])
    placed = {a.record for a in numbered}
    return numbered + [Activity(r, "", plan.text(rows[r], "activity")) for r in sorted(rows) if r not in placed]


def contributors(log: ChangeLog, cycle: int, names: Mapping[int, str]) -> list[tuple[str, int]]:
    """(name, values saved) for everyone who saved in the cycle, most first."""
    return [(names.get(pid, "?"), count) for pid, count in log.contributors(cycle).most_common()]


# the whole room ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnershipStatus:
    partnership: Partnership
    cycle: int
    current_step: int | None  # None: nothing saved in this cycle yet
    completion: dict[int, tuple[Measure, ...]]
    locked: frozenset[int]


class Room:
    """Every partnership of a workspace, kept up to date by `refresh` (call it often: it costs
    one query when nothing changed)."""

    def __init__(self, store: Store, pack: Pack):
        self.store, self.pack = store, pack
        self.counter = -1
        self.partnerships: list[Partnership] = []
        self.logs: dict[int, ChangeLog] = {}
        self.status: dict[int, PartnershipStatus] = {}

    def refresh(self) -> set[int]:
        """Read what changed since the last call; returns the ids of the partnerships that changed."""
        counter = self.store.change_counter_all()
        if counter == self.counter:
            return set()
        self.counter = counter
        self.partnerships = self.store.partnerships()
        changed = set()
        for p in self.partnerships:
            log = self.logs.setdefault(p.id, ChangeLog())
            if log.feed(self.store.changes_since(p.id, log.after)) or p.id not in self.status:
                self.status[p.id] = self._status(p, log)
                changed.add(p.id)
        return changed

    def _status(self, partnership: Partnership, log: ChangeLog) -> PartnershipStatus:
        cycle = latest_cycle(self.store, partnership.id)
        snap = Snapshot(self.store, partnership, cycle)
        return PartnershipStatus(partnership, cycle, log.current_step(cycle),
                                 {step.number: step.completion(snap, self.pack) for step in STEPS}, locked_steps(snap))

    def snapshot(self, partnership_id: int) -> Snapshot:
        status = self.status[partnership_id]
        return Snapshot(self.store, status.partnership, status.cycle)

    def contributors(self, partnership_id: int) -> list[tuple[str, int]]:
        log, cycle = self.logs[partnership_id], self.status[partnership_id].cycle
        return contributors(log, cycle, self.store.participant_names(log.contributors(cycle)))

    def set_locked(self, partnership_id: int, step: int, locked: bool, facilitator_id: int):
        """Lock or unlock a step of the partnership's latest cycle, as the facilitator."""
        if not self.store.is_facilitator(facilitator_id):
            raise Refused("access.facilitator_only", "only a facilitator can lock a step")
        cycle = self.status[partnership_id].cycle if partnership_id in self.status \
            else latest_cycle(self.store, partnership_id)
        self.store.write(partnership_id, cycle, LOCKS, lock_record(step), LOCKED, locked, facilitator_id)
