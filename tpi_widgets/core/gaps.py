"""Step 3's derivations, free of widgets: which items are gaps, how votes add up, how many a
participant has left, and the order of priority. The page calls these with what the store holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from tpi_widgets.content import Area, Item, Scale

Records = Mapping[str, Mapping[str, object]]  # {record: {field: value}}, as LiveSync.records gives


@dataclass(frozen=True)
class Gap:
    """An assessment item rated below the target, with what Step 2 recorded about it."""
    area: Area
    item: Item
    rating: int
    rating_label: str
    evidence: str


def find_gaps(areas: Iterable[Area], scale: Scale, baseline: Records) -> list[Gap]:
    """The items of `areas` whose baseline rating is below the scale's target, in pack order.
    Unrated and not-applicable items are not gaps, nor is a value that is not on the scale."""
    levels = {level.value for level in scale.levels}
    gaps = []
    for area in areas:
        for item in area.items:
            fields = baseline.get(item.id, {})
            rating = fields.get("rating")
            if not isinstance(rating, bool) and rating in levels and scale.is_gap(rating):
                evidence = fields.get("evidence")
                gaps.append(Gap(area, item, rating, scale.label(rating), "" if evidence is None else str(evidence)))
    return gaps


def vote_count(value) -> int:
    """A stored vote count; anything that is not a positive whole number counts as none."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def vote_totals(votes: Records, gap_ids: Iterable[str]) -> dict[str, int]:
    """Votes per gap, summed over participants. Votes are stored per participant (record = their
    id), so each participant's votes count once whatever number of pages they have open, and
    two participants voting together write different records and never overwrite each other."""
    totals = {item_id: 0 for item_id in gap_ids}
    for fields in votes.values():
        for item_id, value in fields.items():
            if item_id in totals:
                totals[item_id] += vote_count(value)
    return totals


def votes_used(votes: Records, participant_id: int, gap_ids: Iterable[str]) -> int:
    """The votes a participant has placed on current gaps (votes on an item that is no longer a
    gap stay in the store but free up, and count again if the gap comes back)."""
    mine = votes.get(str(participant_id), {})
    return sum(vote_count(mine.get(item_id)) for item_id in set(gap_ids))


def votes_left(limit: int, votes: Records, participant_id: int, gap_ids: Iterable[str]) -> int:
    return max(0, limit - votes_used(votes, participant_id, gap_ids))


def vote_limit(stored, default: int, most: int) -> int:
    """The facilitator's setting when it is a usable number, else the pack's default."""
    if isinstance(stored, int) and not isinstance(stored, bool) and 1 <= stored <= most:
        return stored
    return default


def changed_vote(votes: Records, participant_id: int, item_id: str, delta: int, limit: int,
                 gap_ids: Iterable[str]) -> int | None:
    """The participant's new vote count on `item_id` after adding (+1) or taking back (-1) a
    vote, or None when that is not allowed (no votes left, none to take back, not a gap)."""
    gap_ids = list(gap_ids)
    if item_id not in gap_ids:
        return None
    current = vote_count(votes.get(str(participant_id), {}).get(item_id))
    if delta > 0 and votes_left(limit, votes, participant_id, gap_ids) < delta:
        return None
    if current + delta < 0:
        return None
    return current + delta


def score(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def priority(notes: Mapping[str, object]) -> int | None:
    """Impact × feasibility of one gap, or None until both are scored."""
    impact, feasibility = score(notes.get("impact")), score(notes.get("feasibility"))
    return impact * feasibility if impact is not None and feasibility is not None else None


@dataclass(frozen=True)
class RankedGap:
    gap: Gap
    votes: int
    impact: int | None
    feasibility: int | None
    priority: int | None  # impact × feasibility
    chosen: bool
    rationale: str


def rank_gaps(gaps: list[Gap], votes: Records, notes: Records, focus: Records) -> list[RankedGap]:
    """Most votes first; ties go to the higher impact × feasibility (unscored last), then pack order."""
    totals = vote_totals(votes, [g.item.id for g in gaps])
    ranked = []
    for gap in gaps:
        gap_notes, gap_focus = notes.get(gap.item.id, {}), focus.get(gap.item.id, {})
        rationale = gap_focus.get("rationale")
        ranked.append(RankedGap(gap, totals[gap.item.id], score(gap_notes.get("impact")),
                                score(gap_notes.get("feasibility")), priority(gap_notes),
                                gap_focus.get("chosen") is True, "" if rationale is None else str(rationale)))
    order = {g.item.id: i for i, g in enumerate(gaps)}
    return sorted(ranked, key=lambda r: (-r.votes, -(r.priority if r.priority is not None else -1),
                                         order[r.gap.item.id]))


def chosen_focus(ranked: list[RankedGap]) -> list[RankedGap]:
    """The gaps the facilitator marked as focus areas, in rank order."""
    return [r for r in ranked if r.chosen]
