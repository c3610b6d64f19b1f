"""The sample partnership's records (sample_records.yaml): what two teams entered in Steps 1 to 6,
written into the store as the pages write them, so every page and annex document has content.

The file is data; this module checks it against the content pack (a typo in a choice id fails
with one line naming the place, before anything is written), adds its participants and saves
its groups in file order, each group one participant's transaction. A listed record (a plan
row, a visit) is written whole with `deleted: false`, as the pages write it (core/records.py), so creation ids
order the records as the file does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from tpi_widgets.core.records import FOCUS, PLAN, REPORTS, REPORT_ITEMS, STRENGTH_REVIEW
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.errors import TPIError
from tpi_widgets.core.partnership_profile import seed_records
from tpi_widgets.core.records import AGREEMENT
from tpi_widgets.core.records import GAPS, RECORDS, VOTES, new_record_writes
from tpi_widgets.store import Write

SAMPLE_RECORDS = Path(__file__).parent / "sample_records.yaml"
SAMPLE_SLUG = "kossa-valmont"

COLLECTIONS = {c.name for c in RECORDS}
PARTICIPANT_RECORD = "@"  # "@key": that participant's id (Step 3 stores votes per participant id)

# What a field's value must be: a named set of ids (see `_choices`); "*" means every field of the
# collection. References name the collection whose records (written earlier in the file) they point to.
FIELD_CHOICES = {
    ("profile", "level"): "level of care", ("team", "institution"): "team side",
    ("agreement", "channels"): "channel", ("agreement", "frequency"): "frequency",
    (BASELINE, "rating"): "rating", (FOLLOWUP, "rating"): "rating",
    ("strength", "*"): "strength level", (STRENGTH_REVIEW, "*"): "strength level",
    (GAPS, "impact"): "impact", (GAPS, "feasibility"): "feasibility",
    ("plan", "objective"): "objective", ("plan", "area"): "area", ("plan", "status"): "plan status",
    ("plan", "institution"): "institution", ("plan", "gaps"): "item",
    ("progress", "status"): "plan status", ("progress", "activity"): "plan",
    ("visits", "status"): "visit status", ("visits", "visiting_side"): "institution",
    ("visits", "host_side"): "institution", ("visits", "activities"): "plan", ("visit_team", "visit"): "visits",
    ("reports", "kind"): "report kind", ("reports", "visit"): "visits", ("reports", "activities"): "plan",
    ("report_items", "done"): "done level", ("next_steps", "report"): "reports", ("next_steps", "plan_row"): "plan",
    ("measurements", "activity"): "plan", ("evaluation", "decision"): "decision",
}
RECORD_CHOICES = {BASELINE: "item", FOLLOWUP: "item", GAPS: "item", FOCUS: "item",
                  "strength": "strength side", STRENGTH_REVIEW: "strength side"}
FIELD_NAME_CHOICES = {"strength": "domain", STRENGTH_REVIEW: "domain", VOTES: "item"}


def write_sample_records(workspace, slug: str = SAMPLE_SLUG, path: Path = SAMPLE_RECORDS) -> int:
    """Write the sample's participants and records into partnership `slug`; returns the number of
    records. Everything is checked first: a mistake in the file writes nothing."""
    store = workspace.store
    partnership = store.partnership(slug)
    data = _read(path)
    sample = _Sample(path.name, workspace.pack, partnership, data)
    groups = sample.groups()
    ids = {key: store.add_participant(p["name"], p["institution"], p["role"]).id
           for key, p in sample.participants.items()}
    for by, writes in groups:
        writes = [Write(w.collection, _record_id(w.record, ids), w.field, w.value) for w in writes]
        store.write_many(partnership.id, sample.cycle, writes, ids[by])
    return sum(len(records) for records in sample.written.values())


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TPIError(f"cannot read the sample records {path}: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise TPIError(f"{path.name}: expected a mapping with participants and writes")
    return data


def _record_id(record: str, ids: dict[str, int]) -> str:
    return str(ids[record[1:]]) if record.startswith(PARTICIPANT_RECORD) else record


class _Sample:
    """The file's contents, checked: participants, and per group the writes in store order."""

    def __init__(self, file: str, pack, partnership, data: dict):
        self.file, self.pack, self.partnership, self.data = file, pack, partnership, data
        self.cycle = data.get("cycle", 1)
        self.participants = data.get("participants") or {}
        self.choices = _choices(pack, partnership)
        self.written: dict[str, set[str]] = {}  # collection -> records written so far (for references)
        institutions = self.choices["institution"]
        for key, person in self.participants.items():
            if not isinstance(person, dict) or not all(isinstance(person.get(f), str) for f in ("name", "role")):
                self.fail(f"participants.{key}", "needs a name and a role")
            if person.get("institution") not in institutions:
                self.fail(f"participants.{key}.institution", f"{person.get('institution')!r} is not one of {sorted(institutions)}")

    def fail(self, place: str, problem: str):
        raise TPIError(f"sample records {self.file}: {place}: {problem}")

    def groups(self) -> list[tuple[str, list[Write]]]:
        result = []
        for number, group in enumerate(self.data.get("writes") or [], start=1):
            place = f"writes[{number}]"
            if not isinstance(group, dict) or not isinstance(group.get("records"), dict):
                self.fail(place, "expected a mapping with by, collection and records")
            by, collection = group.get("by"), group.get("collection")
            if by not in self.participants:
                self.fail(f"{place}.by", f"{by!r} is not one of the participants {sorted(self.participants)}")
            if collection not in COLLECTIONS:
                self.fail(f"{place}.collection", f"{collection!r} is not a store collection")
            writes = []
            if group.get("seed_principles") and collection == AGREEMENT:
                seeds = seed_records(self.pack.section("partnership").principles)
                writes += [Write(AGREEMENT, record, "text", text) for record, text in seeds.items()]
                self.written.setdefault(AGREEMENT, set()).update(seeds)
            for record, fields in group["records"].items():
                writes += self._record(f"{place} {collection} {record}", collection, str(record), fields)
            result.append((by, writes))
        return result

    def _record(self, place: str, collection: str, record: str, fields) -> list[Write]:
        if not isinstance(fields, dict) or not fields:
            self.fail(place, "expected a mapping of fields")
        if record.startswith(PARTICIPANT_RECORD):
            if record[1:] not in self.participants:
                self.fail(place, f"{record[1:]!r} is not one of the participants")
        elif collection in RECORD_CHOICES:
            self._check(place, RECORD_CHOICES[collection], record)
        elif collection == REPORT_ITEMS:  # "<report>:<plan row>"
            report, _, activity = record.partition(":")
            self._check(place, REPORTS, report)
            self._check(place, PLAN, activity)
        for field, value in fields.items():
            where = f"{place} {field}"
            if collection in FIELD_NAME_CHOICES:
                self._check(where, FIELD_NAME_CHOICES[collection], field)
            self._check_type(where, value)
            what = FIELD_CHOICES.get((collection, field)) or FIELD_CHOICES.get((collection, "*"))
            for each in (value if isinstance(value, list) else [value]):
                if what and each is not None:
                    self._check(where, what, each)
        self.written.setdefault(collection, set()).add(record)
        if RECORDS.get(collection).listed:  # made as a page makes it: whole, dated by `deleted`
            return [Write(*key, value) for key, value in new_record_writes(collection, record, fields)]
        return [Write(collection, record, field, value) for field, value in fields.items()]

    def _check_type(self, place: str, value):
        if isinstance(value, (dt.date, dt.datetime)):
            self.fail(place, f"write the date {value} in quotes: participants type dates as text")
        if isinstance(value, float):
            self.fail(place, f"write the number {value} in quotes: participants type it as text")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            self.fail(place, "a list holds ids only")
        if value is not None and not isinstance(value, (str, int, bool, list)):
            self.fail(place, f"unexpected {type(value).__name__} value")

    def _check(self, place: str, what: str, value):
        allowed = self.written.get(what, set()) if what in COLLECTIONS else self.choices[what]
        if isinstance(value, bool) or value not in allowed:  # True == 1 in Python: not a level
            known = f" (one of {', '.join(map(str, sorted(allowed, key=str)))})" if len(allowed) <= 12 else ""
            kind = f"{what} record written earlier" if what in COLLECTIONS else what
            self.fail(place, f"{value!r} is not a known {kind}{known}")


def _choices(pack, partnership) -> dict[str, set]:
    """Every named set of ids a sample value may take, from the pack and the registration."""
    profile, gaps = pack.section("partnership"), pack.section("gaps")
    plan_content, action, review = pack.section("plan"), pack.section("action"), pack.section("evaluation")
    ids = lambda choices: {c.id for c in choices}  # noqa: E731
    return {
        "level of care": ids(profile.levels_of_care), "channel": ids(profile.channels),
        "frequency": ids(profile.frequencies), "domain": {d.id for d in profile.domains},
        "strength level": {level.value for level in profile.scale},
        "team side": {"institution-1", "institution-2"}, "strength side": {"side-1", "side-2"},
        "rating": {level.value for level in pack.scale.choices},
        "item": {item.id for area in pack.areas if area.id in partnership.areas for item in area.items},
        "impact": {level.value for level in gaps.impact.levels},
        "feasibility": {level.value for level in gaps.feasibility.levels},
        "objective": {o.id for o in pack.objectives}, "area": set(partnership.areas),
        "plan status": ids(plan_content.statuses), "institution": {i["name"] for i in partnership.institutions},
        "visit status": ids(action.visit_statuses), "report kind": ids(action.report_kinds),
        "done level": ids(action.done_levels), "decision": ids(review.decisions),
    }
