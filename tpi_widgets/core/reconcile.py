"""Reconciling several participants' ratings into the agreed one (widget-free).

Each participant's rating of an assessment item is their own proposal: collection
f"{collection}:proposals", record = item id, field = str(participant id), value = the level or
"n/a", as the rating is stored; a rater's rating box shows it, whatever others propose. Until
the facilitator agrees an item, a proposal also writes the shared rating (`collection`, item,
"rating"), as Steps 3-6 read it: the shared rating is then the latest proposal, and is shown as
such (`shared_rating_note`), never as agreed. Agreeing writes the shared rating and
(`collection`, item, "agreed") = True; from then on a participant's change writes only their
proposal.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Mapping

from tpi_widgets.core.records import proposals_of

Key = tuple[str, str, str]

RATING = "rating"
AGREED = "agreed"


def proposals_collection(collection: str) -> str:
    """The collection keeping each rater's proposal of `collection`'s ratings (core/records.py)."""
    return proposals_of(collection)


def proposal_distribution(proposals: dict[str, dict[str, object]]) -> dict[str, Counter]:
    """{item: Counter(level -> how many participants propose it)} from the proposals collection's
    records ({item: {participant id: level}}); a cleared proposal (None) counts for nothing."""
    return {item: Counter(value for value in by_participant.values() if value is not None)
            for item, by_participant in proposals.items()}


def proposers(by_participant: Mapping[str, object], names: Callable[[int | None], str]) -> dict[object, list[str]]:
    """{level: names of who propose it} for one item, names sorted."""
    result: dict[object, list[str]] = {}
    for participant, value in by_participant.items():
        if value is None:
            continue
        try:
            pid: int | None = int(participant)
        except ValueError:
            pid = None
        result.setdefault(value, []).append(names(pid))
    return {value: sorted(people) for value, people in result.items()}


def ordered(counts: Counter) -> list[tuple[object, int]]:
    """Most proposed first; ties in the scale's order (numbers, then "n/a")."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], (1, str(kv[0])) if isinstance(kv[0], str) else (0, kv[0])))


def distribution_text(counts: Counter, label: Callable[[object], str] = str) -> str:
    """"2 ×3, 1 ×2": each proposed level (as `label` names it) and how many propose it, most
    proposed first."""
    return ", ".join(f"{label(value)} ×{count}" for value, count in ordered(counts))


def is_agreed(records: Mapping[str, Mapping[str, object]], item: str) -> bool:
    return records.get(item, {}).get(AGREED) is True


def shared_rating_note(label: str, agreed: bool, proposer: str | None) -> tuple[str, dict[str, str]]:
    """How an item's shared rating (shown as `label`) reads, as a UI string key and its values:
    "agreed" only once the facilitator agreed it; until then it is the latest proposal, with who
    made it (`proposer`, the last to write it; None when unknown)."""
    if agreed:
        return "roles.agreed", {"value": label}
    if proposer is None:
        return "roles.proposed_latest_unknown", {"value": label}
    return "roles.proposed_latest", {"value": label, "name": proposer}


def shared_rating_writes(collection: str, item: str) -> Callable[[object], list[tuple[Key, object]]]:
    """What a rater's proposal writes with it until the item is agreed: the shared rating, which
    Steps 3-6 read."""
    return lambda value: [((collection, item, RATING), value)]


def agree_writes(collection: str, item: str, value) -> list[tuple[Key, object]]:
    """The facilitator's agreement: the shared rating, then the agreed flag."""
    return [((collection, item, RATING), value), ((collection, item, AGREED), True)]


def reopen_writes(collection: str, item: str) -> list[tuple[Key, object]]:
    """The facilitator reopens an item: participants' ratings write the shared one again."""
    return [((collection, item, AGREED), False)]
