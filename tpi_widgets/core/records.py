"""The records registry: every collection of the store and every meta key, declared once.

A collection holds records of one partnership and cycle, one store entry per field (see
store/schema.py). Each is declared here with the step whose page writes it, its fields, the
field naming its parent record, and whether only a facilitator may write it; the access rules,
the room, the demo records, the step registry and the reports read these declarations, never
literals. After papermill's engine registry: one class with `register` and `get`, one
module-level instance, the registrations at the bottom of the module.

One rule says whether a record exists, for every collection: it has a field and is not deleted.
A page makes a record in one transaction (`new_record_writes` through `LiveSync.save_many`), so
nobody ever sees half of one; `deleted: false` is written with it, and the change id of that
field dates the record (its creation order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from tpi_widgets.content.limits import LINE, NAME, NOTE
from tpi_widgets.core.registry import Registry
from tpi_widgets.errors import UnknownCollection

DELETED = "deleted"  # the field that removes a record (soft: its values stay in the history)


@dataclass(frozen=True)
class Collection:
    name: str
    step: int | None  # the step whose page writes it; None: no step's (locks, cycle marks)
    fields: tuple[str, ...] = ()  # its fields; empty when field names are ids (items, domains, participants)
    parent: str | None = None  # the field naming the parent record (a visit's team member: "visit")
    facilitator_only: bool = False  # participants' writes are refused (core/access.py)
    mirrors: str | None = None  # a copy of another collection's values (a rater's proposal of a rating)
    listed: bool = False  # records are made by an Add button (random ids) and shown in creation order
    # how long each field's text may be (pack.yaml `limits:`): notes are several lines, names a
    # person or an institution, every other field one line
    notes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def length_kind(self, field_name: str) -> str:
        """The kind of text a field holds, whose pack limit bounds it (content/limits.py)."""
        return NOTE if field_name in self.notes else NAME if field_name in self.names else LINE


class RecordsRegistry(Registry[str, Collection]):
    """Every collection, by name."""

    def __init__(self):
        super().__init__(key=lambda collection: collection.name, unknown=UnknownCollection)

    def declare(self, collection: Collection) -> str:
        """Register a collection; returns its name, the constant the code uses."""
        return self.register(collection).name

    def of_step(self, step: int) -> tuple[str, ...]:
        """The collections a step's page writes, in declaration order."""
        return tuple(c.name for c in self if c.step == step)

    def step_of(self, name: str) -> int | None:
        return self.get(name).step if name in self else None

    def length_kind(self, name: str, field_name: str) -> str:
        return self.get(name).length_kind(field_name)

    @property
    def facilitator_only(self) -> frozenset[str]:
        return frozenset(c.name for c in self if c.facilitator_only)

    @property
    def mirrors(self) -> frozenset[str]:
        return frozenset(c.name for c in self if c.mirrors)


RECORDS = RecordsRegistry()


# one rule for every record -------------------------------------------------------------------------
def is_live(fields: Mapping[str, object]) -> bool:
    """A record exists when it has a field and is not deleted."""
    return bool(fields) and fields.get(DELETED) is not True


def new_record_writes(collection: str, record: str, fields: Mapping[str, object]) -> list[tuple[tuple[str, str, str], object]]:
    """The writes that make a record, to be saved together (LiveSync.save_many): its fields and
    `deleted: false`, whose change id dates it."""
    RECORDS.get(collection)  # an unknown collection is a bug: fail before anything is written
    values = {**fields, DELETED: False}
    return [((collection, record, name), value) for name, value in values.items()]


def creation_ids(collection: str, entries: Mapping[tuple[str, str, str], object]) -> dict[str, int]:
    """{record: the change id that dates it} from keyed entries ({(collection, record, field):
    Entry}): the change id of its `deleted` field, written when the record was made (and again only
    when it is deleted or restored); a record made before that rule, by its oldest entry."""
    marked: dict[str, int] = {}
    oldest: dict[str, int] = {}
    for (name, record, field_name), entry in list(entries.items()):
        if name != collection:
            continue
        change_id = entry.change_id
        oldest[record] = min(oldest.get(record, change_id), change_id)
        if field_name == DELETED:
            marked[record] = change_id
    return {record: marked.get(record, first) for record, first in oldest.items()}


def in_creation_order(records: Mapping[str, Mapping[str, object]], created: Mapping[str, int]) -> list[str]:
    """The live records, oldest first."""
    return sorted((r for r, fields in records.items() if is_live(fields)), key=lambda r: (created.get(r, 0), r))


# meta keys: workspace-wide values of the store; the store itself keeps its schema version under
# store.schema.SCHEMA_VERSION_KEY --------------------------------------------------------------------
FACILITATOR_PASSCODE = "facilitator_passcode"  # the facilitator passcode's hash, never the passcode
COOKIE_SEED = "cookie_secret_seed"  # makes sign-in cookies outlive a server restart (server/app.py)
PARTICIPANT_URL = "participant_url"  # the address participants open, written by `tpi serve` for the room
# wrong facilitator passcodes in a row and until when guessing is refused (core/access.py,
# PasscodeGuesses): in the store, so a reload, another kernel or a restart does not reset them
PASSCODE_GUESSES = "facilitator_passcode_guesses"

# a participant made by `tpi import-sheet` (exchange/sheet_import.py) for the person who filled a
# spreadsheet offline: their role records the file, and "saved by" lines show them as imported
IMPORTED_ROLE = "imported from "


def imported_role(file_name: str) -> str:
    return IMPORTED_ROLE + file_name


def imported_from(role: str | None) -> str | None:
    """The file an imported participant's values came from; None for anyone else."""
    return role.removeprefix(IMPORTED_ROLE) if role and role.startswith(IMPORTED_ROLE) else None


# the collections ------------------------------------------------------------------------------------
_ = RECORDS.declare

# Step 1, partnership development (core/partnership_profile.py has the record layout)
PROFILE = _(Collection("profile", 1, ("name", "country", "level", "address", "role", "email", "phone", "start",
                                      "ministry", "district", "other_authorities"),
                      notes=("address",), names=("name", "country")))
TEAM = _(Collection("team", 1, ("name", "role", "institution", DELETED), listed=True, names=("name",)))
AGREEMENT = _(Collection("agreement", 1, ("goals", "channels", "frequency", "languages", "next_meeting", "text",
                                          DELETED), notes=("goals", "text")))
STRENGTH = _(Collection("strength", 1))  # side-1|2: {domain id: level}

# Step 2, needs assessment: record = item id
ASSESSMENT_FIELDS = ("rating", "evidence", "source")
BASELINE = _(Collection("assessment:baseline", 2, (*ASSESSMENT_FIELDS, "agreed"), notes=("evidence",)))
_(Collection("assessment:baseline:proposals", 2, mirrors=BASELINE))  # item: {participant id: level}; proposals_of()

# Step 3, gap analysis: record = item id (votes: record = participant id, field = item id)
GAPS = _(Collection("gaps", 3, ("root_causes", "impact", "feasibility"), notes=("root_causes",)))
VOTES = _(Collection("votes", 3))
FOCUS = _(Collection("focus", 3, ("chosen", "rationale"), facilitator_only=True, notes=("rationale",)))
SETTINGS = _(Collection("settings", 3, ("votes_per_participant",), facilitator_only=True))

# Step 4, action planning
PLAN = _(Collection("plan", 4, ("objective", "area", "order", "result", "activity", "responsible", "institution",
                                "start", "end", "resources", "budget", "funding", "indicator", "baseline", "target",
                                "verification", "status", "gaps", DELETED), listed=True,
                        notes=("result", "activity"), names=("responsible",)))

# Step 5, action
PROGRESS = _(Collection("progress", 5, ("activity", "status", "percent", "date", "comment", DELETED), parent="activity",
                        listed=True, notes=("comment",)))
VISITS = _(Collection("visits", 5, ("status", "visiting_side", "host_side", "start", "end", "duration", "host_contact",
                                    "activities", "purpose", "programme", "outcomes", "sharing", "budget", "payer",
                                    "logistics", "approvals", DELETED), listed=True,
                        notes=("purpose", "programme", "outcomes", "sharing", "logistics", "approvals")))
VISIT_TEAM = _(Collection("visit_team", 5, ("visit", "name", "role", "institution", "expertise", DELETED), parent="visit",
                          listed=True, names=("name", "institution")))
REPORTS = _(Collection("reports", 5, ("kind", "visit", "activities", "period_start", "period_end", "participants",
                                      "results", "challenges", "lessons", "spread", "spending", DELETED), listed=True,
                         notes=("participants", "results", "challenges", "lessons", "spread", "spending")))
REPORT_ITEMS = _(Collection("report_items", 5, ("done", "note")))  # record: "<report>:<plan row>"
NEXT_STEPS = _(Collection("next_steps", 5, ("report", "text", "owner", "date", "plan_row", DELETED), parent="report",
                          listed=True, notes=("text",), names=("owner",)))
MEASUREMENTS = _(Collection("measurements", 5, ("activity", "date", "value", "note", DELETED), parent="activity",
                            listed=True))

# Step 6, evaluation and review
FOLLOWUP = _(Collection("assessment:followup", 6, (*ASSESSMENT_FIELDS, "agreed"), notes=("evidence",)))
_(Collection("assessment:followup:proposals", 6, mirrors=FOLLOWUP))
STRENGTH_REVIEW = _(Collection("strength:review", 6))  # side-1|2: {domain id: level}, as Step 1's strength
SPREAD = _(Collection("spread", 6, ("date", "activity", "reached", DELETED), listed=True, notes=("activity",)))
EVALUATION = _(Collection("evaluation", 6, ("date", "lessons", "decision", "decision_note"),
                          notes=("lessons", "decision_note")))

# no step's: a facilitator's step locks (record "step-N", field "locked") and reopening of an
# earlier cycle (record "cycle", field "reopened": core/cycles.py), and cycle marks
LOCKS = _(Collection("locks", None, ("locked", "reopened"), facilitator_only=True))
CYCLES = _(Collection("cycle", None, ("started",)))
# a facilitator's "rate this area now" for the room, per assessment (record: the assessment's
# collection, field "area"): participants' pages open that area and say so (core/next_rating.py)
ROOM_FOCUS = _(Collection("room_focus", None, ("area",), facilitator_only=True))

del _


def proposals_of(assessment: str) -> str:
    """The collection keeping each rater's proposal of an assessment's ratings."""
    return next(c.name for c in RECORDS if c.mirrors == assessment)
