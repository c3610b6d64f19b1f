"""Step 5's part of the pack (action.yaml): the Annex 2 and Annex 3 field labels, the statuses a
visit proposal goes through, the kinds of action report, how far a planned activity was done,
and the payers suggested for a visit's budget."""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import Checker
from ..model import Choice

FILE = "action.yaml"
OPTIONAL = False

# The report kinds the page treats differently (a visit report follows one visit proposal; a
# periodic one lists the activities chosen for it): a pack names them, it cannot add others.
REPORT_KINDS = ("visit", "periodic")

# The fields of each record kind whose label the pack gives (see widgets for where each shows).
LABELS: dict[str, tuple[str, ...]] = {
    "progress": ("status", "percent", "date", "comment"),
    "visit": ("status", "visiting_side", "host_side", "start", "end", "duration", "host_contact", "activities",
              "purpose", "programme", "outcomes", "sharing", "budget", "payer", "logistics", "approvals"),
    "team": ("name", "role", "institution", "expertise"),
    "report": ("kind", "visit", "period_start", "period_end", "participants", "activities", "results",
               "challenges", "lessons", "spread", "spending"),
    "item": ("done", "note"),
    "next_step": ("text", "owner", "date", "objective"),
    "measurement": ("date", "value", "note"),
}


@dataclass(frozen=True)
class ActionContent:
    labels: dict[str, dict[str, str]]  # record kind -> field -> label
    visit_statuses: tuple[Choice, ...]
    default_visit_status: str  # the status of a new visit proposal
    report_kinds: tuple[Choice, ...]  # ids exactly REPORT_KINDS
    done_levels: tuple[Choice, ...]  # how far a planned activity was done (done, partly, not done)
    payers: tuple[str, ...]  # suggestions only

    def label(self, kind: str, field: str) -> str:
        return self.labels[kind][field]

    @property
    def fully_done(self) -> str:
        """The done level of an activity done in full: the first of `done_levels`."""
        return self.done_levels[0].id


def choice_label(choices: tuple[Choice, ...], choice_id) -> str:
    """The label of a stored id, or the id itself if the pack no longer has it."""
    return next((c.label for c in choices if c.id == choice_id), "" if choice_id is None else str(choice_id))


def load(c: Checker, data: dict, pack_parts: dict) -> ActionContent:
    visit_statuses = c.choices(data, "visit_statuses", "", min_count=2, what="status id")
    default_status = c.text(data, "default_visit_status", "")
    if default_status not in [s.id for s in visit_statuses]:
        c.fail("default_visit_status", f"{default_status!r} is not one of the visit_statuses "
                                        f"{[s.id for s in visit_statuses]}")
    kinds = c.choices(data, "report_kinds", "", min_count=2, what="report kind")
    if sorted(k.id for k in kinds) != sorted(REPORT_KINDS):
        c.fail("report_kinds", f"must be exactly the kinds {list(REPORT_KINDS)}, found {[k.id for k in kinds]}")
    payers = c.texts(data, "payers", "")
    c.unique(list(payers), "payers", "payer")
    return ActionContent(labels=_labels(c, data), visit_statuses=visit_statuses, default_visit_status=default_status,
                         report_kinds=kinds, done_levels=c.choices(data, "done_levels", "", min_count=2),
                         payers=payers)


def _labels(c: Checker, data: dict) -> dict[str, dict[str, str]]:
    raw = c.mapping(c.field(data, "labels", "", dict), "labels")
    labels = {}
    for kind, fields in LABELS.items():
        place = f"labels.{kind}"
        section = c.mapping(c.field(raw, kind, "labels", dict), place)
        labels[kind] = {field: c.text(section, field, place) for field in fields}
    return labels
