"""Step 1's add/remove lists (team members, working principles): one row per store record,
kept in step with the store as records are added or removed here or by other participants."""

from __future__ import annotations

import threading
from typing import Callable

import ipywidgets as w

from tpi_widgets.ui.live import Key, LiveSync
from tpi_widgets.core.partnership_profile import visible_records
from tpi_widgets.core.records import DELETED, creation_ids, new_record_writes
from tpi_widgets.store import new_record_id
from tpi_widgets.ui.kit.fields import bind_choice, bind_text
from tpi_widgets.ui.kit.profile_forms import UNSET
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import esc


class ListRow(w.VBox):
    """A row of a RecordList: bound inputs, a remove button (a facilitator's only, see roles.py),
    a "saved by" line. RecordList sets what the remove button does."""

    def __init__(self, record: str, look: SharedLook, text: Callable[..., str], names, access: DeleteAccess):
        super().__init__(layout=look.plain)
        self.add_class("tpi-list-row")
        self.record = record
        self.bound_keys: list[Key] = []
        self.status = RecordStatus(text, names, style=look.html, layout=look.plain)
        self.remove = access.slot(lambda: None, css="tpi-remove", layout=look.plain)

    def set_number(self, number: int):
        """Labels carry the row's position ("Member 2 name"), unique on the page."""


class RecordList(w.VBox):
    """The visible records of `collection` accepted by `keep`, oldest first, each shown by
    `make_row(record)`. Adding and removing are store writes (removal sets `deleted`), and the
    list is redrawn from the store after every settled change, so other participants' rows
    appear and disappear live."""

    def __init__(self, sync: LiveSync, collection: str, make_row: Callable[[str], ListRow],
                 keep: Callable[[str], bool], empty_text: str, look: SharedLook, prefix: str = ""):
        super().__init__(layout=look.plain)
        self.add_class("tpi-record-list")
        self.sync, self.collection, self.make_row, self.keep, self.prefix = sync, collection, make_row, keep, prefix
        self.rows: dict[str, ListRow] = {}
        self._lock = threading.RLock()  # refreshed from the kernel's thread and the sync thread
        self.empty = w.HTML(f"<p class='tpi-note'>{esc(empty_text)}</p>", style=look.html, layout=look.plain)
        sync.on_settled(self.refresh)
        self.refresh()

    def add(self, **fields) -> str:
        """A new record, written whole in one transaction (core/records.py dates it)."""
        record = new_record_id(self.prefix)
        self.sync.save_many(new_record_writes(self.collection, record, fields))
        return record

    def remove(self, record: str):
        self.sync.save((self.collection, record, DELETED), True)

    def refresh(self):
        with self._lock:
            self._refresh()

    def _refresh(self):
        records = self.sync.records(self.collection)
        shown = visible_records(records, self._created, self.keep)
        for record in [r for r in self.rows if r not in shown]:
            for key in self.rows.pop(record).bound_keys:
                self.sync.unbind(key)
        for record in shown:
            if record not in self.rows:
                row = self.make_row(record)
                row.remove.on_delete = lambda record=record: self.remove(record)
                self.rows[record] = row
        for number, record in enumerate(shown, start=1):
            self.rows[record].set_number(number)
        children = tuple(self.rows[r] for r in shown) or (self.empty,)
        if children != self.children:
            self.children = children

    def _created(self, record: str) -> int:
        return creation_ids(self.collection, self.sync.entries).get(record, 0)


class TeamRow(ListRow):
    """A team member: name, role and institution (stored as "institution-1|2")."""

    def __init__(self, sync: LiveSync, collection: str, record: str, institutions: list[tuple[str, str]],
                 text: Callable[..., str], names, look: SharedLook, access: DeleteAccess):
        super().__init__(record, look, text, names, access)
        self.text = text
        self.name = w.Text(continuous_update=True, style=look.text_label, layout=look.wide)
        self.role = w.Text(continuous_update=True, style=look.text_label, layout=look.wide)
        self.institution = w.Dropdown(options=((text("team.institution_unset"), UNSET), *institutions), value=UNSET,
                                      style=look.choice_label, layout=look.wide)
        for field, widget in (("name", self.name), ("role", self.role)):
            self.bound_keys.append(bind_text(sync, (collection, record, field), widget, self.status.callback(field)).key)
        self.bound_keys.append(bind_choice(sync, (collection, record, "institution"), self.institution,
                                     self.status.callback("institution"), empty=UNSET).key)
        self.children = [self.name, self.role, self.institution, w.HBox([self.remove, self.status])]

    def set_number(self, number: int):
        self.name.description = self.text("team.name", number=number)
        self.role.description = self.text("team.role", number=number)
        self.institution.description = self.text("team.institution", number=number)
        self.remove.label(self.text("team.remove", number=number))


class PrincipleRow(ListRow):
    """One working principle of the agreement, reworded freely."""

    def __init__(self, sync: LiveSync, collection: str, record: str, text: Callable[..., str], names,
                 look: SharedLook, access: DeleteAccess):
        super().__init__(record, look, text, names, access)
        self.text = text
        self.principle = w.Textarea(continuous_update=True, rows=2, style=look.text_label, layout=look.wide)
        self.bound_keys.append(bind_text(sync, (collection, record, "text"), self.principle,
                                   self.status.callback("text")).key)
        self.children = [self.principle, w.HBox([self.remove, self.status])]

    def set_number(self, number: int):
        self.principle.description = self.text("agreement.principle", number=number)
        self.remove.label(self.text("agreement.remove_principle", number=number))
