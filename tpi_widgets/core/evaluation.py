"""Step 6's rules, without widgets: the follow-up compared with the baseline item by item and
area by area, the partnership-strength ratings of Step 6 compared with Step 1's, and a summary
of every cycle of a partnership.

Store layout (one partnership and cycle):
    assessment:followup  <item id> (rating, evidence, source), as the baseline (assessment.py)
    strength:review      side-1|2 (<domain id>: level), as Step 1's "strength"
    spread               <8 hex> (date, activity, reached, deleted)
    evaluation           followup (date), review (lessons, decision, decision_note)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from tpi_widgets.content.sections.evaluation import BETTER, NOT_RATED, SAME, WORSE
from tpi_widgets.core.partnership_profile import SIDES, strength_record

FOLLOWUP_RECORD, REVIEW_RECORD = "followup", "review"


def level(value) -> int | None:
    """A rating that counts as a level: an int (not n/a, not unrated, not a bool)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def change(before, after) -> str:
    """Better, worse or same when both are levels; "same" also when both are the same answer
    (both n/a); otherwise not rated (one side missing, or a level against n/a)."""
    a, b = level(before), level(after)
    if a is not None and b is not None:
        return BETTER if b > a else WORSE if b < a else SAME
    if before is not None and before == after:
        return SAME
    return NOT_RATED


def mean(values: Iterable) -> float | None:
    levels = [v for v in map(level, values) if v is not None]
    return round(sum(levels) / len(levels), 1) if levels else None


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    baseline: object  # a level, "na" or None
    followup: object

    @property
    def change(self) -> str:
        return change(self.baseline, self.followup)


@dataclass(frozen=True)
class AreaChange:
    area_id: str
    title: str  # the area's short name
    items: tuple[ItemChange, ...]

    @property
    def baseline_mean(self) -> float | None:
        return mean(i.baseline for i in self.items)

    @property
    def followup_mean(self) -> float | None:
        return mean(i.followup for i in self.items)

    @property
    def change(self) -> str:
        """The area's mean level moved up, down or not; not rated if either has no level."""
        if self.baseline_mean is None or self.followup_mean is None:
            return NOT_RATED
        return (BETTER if self.followup_mean > self.baseline_mean else
                WORSE if self.followup_mean < self.baseline_mean else SAME)

    def count(self, kind: str) -> int:
        return sum(i.change == kind for i in self.items)

    def level(self, side: int) -> float | None:
        """Side 1 the baseline, side 2 the follow-up: the shape charts.grouped_bars_png draws."""
        return self.baseline_mean if side == 1 else self.followup_mean


def ratings_of(records: dict[str, dict]) -> dict[str, object]:
    """{item id: rating} from an assessment collection's records."""
    return {record: fields.get("rating") for record, fields in records.items()}


def assessment_comparison(areas, baseline: dict[str, object], followup: dict[str, object]) -> list[AreaChange]:
    """One AreaChange per area (in the order given), each item's baseline and follow-up rating."""
    return [AreaChange(area.id, area.short, tuple(ItemChange(item.id, baseline.get(item.id), followup.get(item.id))
                                                  for item in area.items))
            for area in areas]


def rated_count(ratings: dict[str, object]) -> int:
    return sum(value is not None for value in ratings.values())


# partnership strength ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StrengthChange:
    title: str
    side: int
    before: int | None  # Step 1
    now: int | None  # Step 6

    @property
    def change(self) -> str:
        return change(self.before, self.now)


def strength_changes(domains, before: dict[str, dict], now: dict[str, dict]) -> list[StrengthChange]:
    """Per domain (pack order) and side: Step 1's level and Step 6's, from the two collections'
    records (side-1|2 -> {domain id: level})."""
    rows = []
    for domain in domains:
        for side in SIDES:
            record = strength_record(side)
            rows.append(StrengthChange(domain.title, side,
                                       level(before.get(record, {}).get(domain.id)),
                                       level(now.get(record, {}).get(domain.id))))
    return rows


def has_strength(records: dict[str, dict]) -> bool:
    return any(level(v) is not None for fields in records.values() for v in fields.values())


def earlier_strength(by_cycle: dict[int, dict[str, dict]], cycle: int) -> tuple[int | None, dict[str, dict]]:
    """Step 1's ratings to compare with: this cycle's if any were given, else the latest earlier
    cycle's (Step 1 is usually not repeated in later cycles). Returns (cycle, records)."""
    for each in sorted((c for c in by_cycle if c <= cycle), reverse=True):
        if has_strength(by_cycle[each]):
            return each, by_cycle[each]
    return None, {}


# cycles -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CycleSummary:
    cycle: int
    areas: tuple[AreaChange, ...]


def cycle_history(areas, assessments: dict[int, tuple[dict, dict]]) -> list[CycleSummary]:
    """Each cycle (ascending) with its baseline and follow-up per area; `assessments` maps a
    cycle to its (baseline ratings, follow-up ratings)."""
    return [CycleSummary(cycle, tuple(assessment_comparison(areas, *assessments[cycle])))
            for cycle in sorted(assessments)]
