"""What importing a bundle changes in a store, worked out before anything is written.

Field by field: for each (cycle, collection, record, field) the newer write (updated_at) wins; a
tie keeps what is here. Nothing is taken out of the history: the bundle's rows are added to the
change log with their own authors and times, except rows already there (same field, time, value
and author's name), so importing the same bundle twice changes nothing the second time.
Participants are matched by account, else by (name, institution, role), else made.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tpi_widgets.core.records import CYCLES
from tpi_widgets.exchange.bundle_file import Bundle
from tpi_widgets.store import Imported, Partnership, Store
from tpi_widgets.store.api import NewParticipant

SHOWN_CHARACTERS = 60  # of a value, in a dry run's line


@dataclass(frozen=True)
class FieldChange:
    """One field whose current value the import replaces (old: None when it had none)."""
    row: Imported
    old: object
    author: str  # the new value's author's name ("" for none)


@dataclass
class MergePlan:
    bundle: Bundle
    partnership: Partnership | None  # None: the workspace does not hold it yet
    participants: dict[str, NewParticipant] = field(default_factory=dict)  # to make, by bundle key
    history: list[Imported] = field(default_factory=list)  # change rows to add
    current: list[Imported] = field(default_factory=list)  # fields whose value the bundle's replaces
    changed: list[FieldChange] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.bundle.partnership["slug"]

    def cycles(self) -> list[int]:
        """The bundle's cycles (cycle 1, and each one a CYCLES mark started)."""
        return sorted({1, *(e["cycle"] for e in self.bundle.entries if e["collection"] == CYCLES)})

    def counts(self) -> list[tuple[int, str, int, int]]:
        """(cycle, collection, fields changed, history rows added), in order."""
        fields = Counter((c.row.cycle, c.row.collection) for c in self.changed)
        rows = Counter((r.cycle, r.collection) for r in self.history)
        return [(cycle, collection, fields[cycle, collection], rows[cycle, collection])
                for cycle, collection in sorted(set(fields) | set(rows))]

    def summary(self) -> str:
        return (f"{len(self.changed)} field{'s' * (len(self.changed) != 1)} changed, "
                f"{len(self.history)} history row{'s' * (len(self.history) != 1)} added, "
                f"{len(self.participants)} participant{'s' * (len(self.participants) != 1)} added")

    def lines(self, fields: bool) -> list[str]:
        """One line per collection (and, with `fields`, one per field that changes)."""
        lines = [f"cycle {cycle} · {collection}: {changed} field{'s' * (changed != 1)} changed, "
                 f"{rows} history row{'s' * (rows != 1)} added" for cycle, collection, changed, rows in self.counts()]
        if fields:
            lines += [f"  cycle {c.row.cycle} · {c.row.collection} · {c.row.record} · {c.row.field}: "
                      f"{_shown(c.old)} → {_shown(c.row.value)} ({c.author or 'nobody'}, {c.row.at})"
                      for c in self.changed]
        return lines


def plan_merge(store: Store, bundle: Bundle) -> MergePlan:
    slug = bundle.partnership["slug"]
    partnership = next((p for p in store.partnerships() if p.slug == slug), None)
    plan = MergePlan(bundle, partnership)
    authors = _match_participants(store, bundle, plan)
    names = {p["key"]: p["name"] for p in bundle.participants}
    here_entries = store.entries_of(partnership.id) if partnership else {}
    here_history = store.changes_since(partnership.id, 0) if partnership else []
    local_names = store.participant_names(c.participant_id for c in here_history)
    logged = {_history_key(c.cycle, c.collection, c.record, c.field, c.at, c.value, local_names.get(c.participant_id, ""))
              for c in here_history}

    def imported(row: dict, at: str) -> Imported:
        author = authors[row["participant"]] if row["participant"] is not None else None
        return Imported(row["cycle"], row["collection"], row["record"], row["field"], row.get("value"), author, at)

    for row in bundle.changes:
        key = _history_key(row["cycle"], row["collection"], row["record"], row["field"], row["at"], row.get("value"),
                           names.get(row["participant"], ""))
        if key not in logged:
            logged.add(key)
            plan.history.append(imported(row, row["at"]))
    for row in bundle.entries:
        here = here_entries.get((row["cycle"], row["collection"], row["record"], row["field"]))
        if here is None or _newer(row["updated_at"], here.updated_at):
            new = imported(row, row["updated_at"])
            plan.current.append(new)
            plan.changed.append(FieldChange(new, None if here is None else here.value, names.get(row["participant"], "")))
    return plan


def _match_participants(store: Store, bundle: Bundle, plan: MergePlan) -> dict[str, int | str]:
    """{bundle key: a participant id here, or the key itself for one to make (plan.participants)}."""
    here = store.participants()
    by_account = {p.account: p.id for p in here if p.account}
    by_person: dict[tuple, int] = {}
    for p in here:
        by_person.setdefault((p.name, p.institution, p.role), p.id)
    authors: dict[str, int | str] = {}
    for p in bundle.participants:
        person = (p["name"], p["institution"], p["role"])
        found = by_account.get(p["account"]) if p["account"] else None
        if found is None and person in by_person:
            found = by_person[person]
        if found is None:
            plan.participants[p["key"]] = (*person, p["account"] if p["account"] not in by_account else None)
            authors[p["key"]] = p["key"]
        else:
            authors[p["key"]] = found
    return authors


def _history_key(cycle, collection, record, field_name, at, value, author: str) -> tuple:
    return (cycle, collection, record, field_name, at, json.dumps(value, sort_keys=True), author)


def _newer(at: str, than: str) -> bool:
    """Whether the time `at` is later than `than` (ISO times; text order when one does not parse)."""
    try:
        return datetime.fromisoformat(at) > datetime.fromisoformat(than)
    except (TypeError, ValueError):
        return at > than


def _shown(value) -> str:
    """A value on one line: JSON (so a text's line breaks and controls are escaped), shortened."""
    text = json.dumps(value, ensure_ascii=False) if value is not None else "(none)"
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS - 1] + "…"
