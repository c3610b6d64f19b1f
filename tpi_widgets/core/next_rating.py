"""What a rater is asked to do now on an assessment page (Steps 2 and 6), widget-free: the area
the facilitator asked the room to rate, or else the first area with an item left, and in it the
first item the rater has not rated yet. A phone shows this first, not the whole form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from tpi_widgets.core import reconcile
from tpi_widgets.core.records import ROOM_FOCUS

FOCUS_FIELD = "area"  # (ROOM_FOCUS, assessment collection, "area"): the area the room is asked to rate


def room_focus_key(collection: str) -> tuple[str, str, str]:
    """Where the facilitator's "rate this area now" is kept: one per assessment, for the cycle."""
    return (ROOM_FOCUS, collection, FOCUS_FIELD)


@dataclass(frozen=True)
class NextRating:
    area: str  # the area to open
    item: str | None  # the first item left to rate in it (None: every item of it is rated)
    left: int  # items left to rate in the area
    asked: bool  # the facilitator asked the room to rate this area


def rated_by(records: Mapping[str, Mapping[str, object]], proposals: Mapping[str, Mapping[str, object]],
             participant_id: int | None) -> Callable[[str], bool]:
    """Whether an item needs nothing more from this rater: agreed by the group, or proposed by
    them; without a rater (a facilitator watching), whether the group has rated it at all."""
    def done(item: str) -> bool:
        if reconcile.is_agreed(records, item):
            return True
        if participant_id is None:
            return records.get(item, {}).get(reconcile.RATING) is not None
        return proposals.get(item, {}).get(str(participant_id)) is not None
    return done


def next_rating(areas: Sequence[tuple[str, Sequence[str]]], done: Callable[[str], bool],
                asked_area: str | None) -> NextRating | None:
    """`areas`: (area id, its item ids) in the page's order. The asked area whatever is left in
    it; otherwise the first area with an item left; None when every item is done."""
    for area, items in areas:
        if area == asked_area:
            left = [item for item in items if not done(item)]
            return NextRating(area, left[0] if left else None, len(left), True)
    for area, items in areas:
        left = [item for item in items if not done(item)]
        if left:
            return NextRating(area, left[0], len(left), False)
    return None
