"""Step 1's rules, without widgets: where each part of the partnership profile lives in the store,
which side a participant is on, the working principles seeded from the pack, the comparison of
the two sides' strength ratings, and what in the profile still needs correcting.

Store layout (one partnership and cycle):
    profile    institution-1|2 (name, country, level, address), focal-1|2 (name, role, email, phone),
               partnership (start, ministry, district, other_authorities)
    team       <8 hex> (name, role, institution = "institution-1|2", deleted)
    agreement  agreement (goals, channels, frequency, languages, next_meeting),
               seed-<n> and principle-<8 hex> (text, deleted)
    strength   side-1|2 (<domain id>: level)
Side n is institution n of the partnership's registration (index + 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from tpi_widgets.core import validation
from tpi_widgets.core.records import AGREEMENT, PROFILE, RECORDS, is_live

COLLECTIONS = RECORDS.of_step(1)
SIDES = (1, 2)
PARTNERSHIP_RECORD = "partnership"
AGREEMENT_RECORD = "agreement"
SEED_PREFIX, PRINCIPLE_PREFIX = "seed-", "principle-"

# The checks each typed field must pass; widgets show the message, `profile_problems` lists them.
FIELD_CHECKS: dict[str, tuple[Callable[[str], str | None], ...]] = {
    "email": (validation.email,),
    "phone": (validation.phone,),
    "start": (validation.date,),
    "next_meeting": (validation.date,),
}


def institution_record(side: int) -> str:
    return f"institution-{side}"


def focal_record(side: int) -> str:
    return f"focal-{side}"


def strength_record(side: int) -> str:
    return f"side-{side}"


def side_of(institutions: list[dict], institution_name: str | None) -> int | None:
    """The side (1 or 2) of a participant's institution as registered, or None (not a partner)."""
    for index, institution in enumerate(institutions[:len(SIDES)]):
        if institution.get("name") == institution_name:
            return index + 1
    return None


# registration defaults -------------------------------------------------------------------------
def registered_defaults(profile: dict) -> dict[tuple[str, str], str]:
    """What the profile shows until someone edits it: institution names and countries, start date."""
    defaults = {}
    for side, institution in zip(SIDES, profile.get("institutions", [])):
        defaults[(institution_record(side), "name")] = institution.get("name", "")
        defaults[(institution_record(side), "country")] = institution.get("country", "")
    defaults[(PARTNERSHIP_RECORD, "start")] = str(profile.get("start") or "")
    return defaults


def profile_value(records: dict[str, dict], profile: dict, record: str, field: str):
    """A profile field as it stands: the stored value, else the registration's."""
    stored = records.get(record, {}).get(field)
    return stored if stored is not None else registered_defaults(profile).get((record, field))


def institution_names(records: dict[str, dict], profile: dict) -> dict[int, str]:
    """Side -> the institution's current name (as edited in the profile, else as registered)."""
    return {side: profile_value(records, profile, institution_record(side), "name") or "" for side in SIDES}


# working principles -----------------------------------------------------------------------------
def seed_records(principles: Iterable[str]) -> dict[str, str]:
    """The pack's principles as records seed-1..seed-N: the same ids on every page, so two pages
    seeding at once write the same records instead of adding duplicates."""
    return {f"{SEED_PREFIX}{n}": text for n, text in enumerate(principles, start=1)}


def missing_seeds(records: dict[str, dict], principles: Iterable[str]) -> dict[str, str]:
    """Seed records not in the store yet. A seed someone edited or deleted is never written again."""
    return {record: text for record, text in seed_records(principles).items() if not records.get(record)}


def is_principle(record: str) -> bool:
    return record.startswith((SEED_PREFIX, PRINCIPLE_PREFIX))


def visible_records(records: dict[str, dict], created: Callable[[str], int],
                    keep: Callable[[str], bool] = lambda record: True) -> list[str]:
    """Records not deleted, in the order they were created (`created(record)`: a sortable number;
    seeds come first, in pack order)."""
    def order(record: str):
        if record.startswith(SEED_PREFIX) and record[len(SEED_PREFIX):].isdigit():
            return (0, int(record[len(SEED_PREFIX):]), record)
        return (1, created(record), record)
    shown = [r for r, fields in records.items() if keep(r) and is_live(fields)]
    return sorted(shown, key=order)


# strength self-rating ---------------------------------------------------------------------------
WIDE_DIFFERENCE = 2  # levels apart at which the two sides' views of a domain are worth discussing


@dataclass(frozen=True)
class StrengthRow:
    title: str
    side_1: int | None
    side_2: int | None

    @property
    def difference(self) -> int | None:
        """Side 1 minus side 2 when both rated: a large gap is worth discussing."""
        if self.side_1 is None or self.side_2 is None:
            return None
        return self.side_1 - self.side_2

    @property
    def worth_discussing(self) -> bool:
        return self.difference is not None and abs(self.difference) >= WIDE_DIFFERENCE

    def level(self, side: int) -> int | None:
        return self.side_1 if side == 1 else self.side_2


def _level(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def strength_comparison(domains, records: dict[str, dict]) -> list[StrengthRow]:
    """One row per pack domain (in pack order) with each side's level, None where not rated."""
    sides = [records.get(strength_record(side), {}) for side in SIDES]
    return [StrengthRow(d.title, _level(sides[0].get(d.id)), _level(sides[1].get(d.id))) for d in domains]


def side_average(rows: list[StrengthRow], side: int) -> float | None:
    levels = [row.level(side) for row in rows if row.level(side) is not None]
    return round(sum(levels) / len(levels), 1) if levels else None


def rated_count(rows: list[StrengthRow], side: int) -> int:
    return sum(row.level(side) is not None for row in rows)


# checking the profile ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    collection: str
    record: str
    field: str
    message_key: str  # a UI string key from tpi_widgets.validation


def field_problem(field: str, text) -> str | None:
    for check in FIELD_CHECKS.get(field, ()):
        problem = check("" if text is None else str(text))
        if problem:
            return problem
    return None


def profile_problems(profile_records: dict[str, dict], agreement_records: dict[str, dict],
                     registration: dict | None = None) -> list[Problem]:
    """Every typed value that does not pass its check (emails, phones, dates), in page order,
    and the next meeting when it comes before the partnership's start."""
    problems = []
    for record in [institution_record(s) for s in SIDES] + [focal_record(s) for s in SIDES] + [PARTNERSHIP_RECORD]:
        for field, value in profile_records.get(record, {}).items():
            key = field_problem(field, value)
            if key:
                problems.append(Problem(PROFILE, record, field, key))
    next_meeting = agreement_records.get(AGREEMENT_RECORD, {}).get("next_meeting")
    key = field_problem("next_meeting", next_meeting) or meeting_before_start(
        profile_value(profile_records, registration or {}, PARTNERSHIP_RECORD, "start"), next_meeting)
    if key:
        problems.append(Problem(AGREEMENT, AGREEMENT_RECORD, "next_meeting", key))
    return problems


def meeting_before_start(start, next_meeting) -> str | None:
    """A next meeting dated before the partnership starts is most likely a typo."""
    wrong = validation.date_order(str(start or ""), str(next_meeting or ""))
    return "agreement.meeting_before_start" if wrong else None
