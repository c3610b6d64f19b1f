"""Step 5's building blocks: an add/remove list of child records (a visit's team, a report's next
steps, an indicator's measurements), and the frame of a card titled by its position ("Visit 2");
each record's fields are labelled after it ("Visit 1 purpose"), unique on the page."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import action_records as ar
from tpi_widgets.core.records import RECORDS
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.core.html import esc


def name_fields(fieldset: FieldSet, text: Callable[..., str], record_name: str):
    """Label every field after its record: "Visit 2 purpose"."""
    fieldset.relabel(lambda field: text("action.field", record=record_name, label=field.label))


class ChildRow(w.VBox):
    """One child record: its title and Remove button (a facilitator's only), its fields, the
    `extra` widgets and its "saved by" line. `record_name(number)` names it by its position."""

    def __init__(self, kit: PageKit, collection: str, record: str, fields: list[Field],
                 record_name: Callable[[int], str], remove: Callable[[], None], extra: list[w.Widget]):
        look = kit.look
        self.text, self.record_name, self.prefix = kit.text, record_name, None
        self.fieldset = FieldSet(kit, collection, record, fields)
        self.remove = kit.access.slot(remove, kit.text("action.remove"), css="tpi-action-remove", layout=look.plain)
        self.title = kit.html()
        header = w.HBox([self.title, self.remove], layout=look.plain)
        header.add_class("tpi-action-row-header")
        super().__init__([header, *self.fieldset.widgets.values(), *extra, self.fieldset.status], layout=look.plain)
        self.add_class("tpi-action-child")

    def set_number(self, number: int):
        prefix = self.record_name(number)
        if prefix == self.prefix:
            return
        self.prefix = prefix
        name_fields(self.fieldset, self.text, prefix)
        self.title.value = f"<b>{esc(prefix)}</b>"
        self.remove.label(tooltip=self.text("action.remove_tip", record=prefix))


class ChildList(w.VBox):
    """The live child records of one parent record (a RecordList: each with its fields and a
    Remove button, a facilitator's only), and an Add button. `save(writes)` is the page's button
    action (returns False when refused); `extra(record)` gives widgets placed under a row's fields."""

    def __init__(self, kit: PageKit, collection: str, parent: str, fields: list[Field], save: Callable[[list], bool],
                 record_name: Callable[[int], str], add_label: str,
                 extra: Callable[[str], list[w.Widget]] | None = None):
        self.collection, self.parent = collection, parent
        self.record_list = RecordList(kit, collection, lambda record: ChildRow(
            kit, collection, record, fields, record_name, lambda: self.record_list.remove(record),
            extra(record) if extra else []), save)
        self.rows = self.record_list.rows
        self.add = w.Button(description=add_label, icon="plus", layout=w.Layout(width="auto", max_width="100%"))
        self.add.add_class("tpi-action-add")
        self.add.on_click(lambda _: self.add_record())
        super().__init__([self.record_list, self.add], layout=kit.look.plain)
        self.add_class("tpi-action-list")

    def add_record(self) -> str | None:
        return self.record_list.add(**{RECORDS.get(self.collection).parent: self.parent})

    def arrange(self, records, created):
        """Show the parent's live children, in creation order, numbered from 1."""
        self.record_list.arrange(ar.children(self.collection, records, self.parent, created))


class NumberedCard:
    """For a visit or report card titled by its position ("Visit 2"): `name_key` is its UI string
    with {number}; set_number renames the title, the field labels and the delete tooltip when
    cards move. `build_frame` makes the parts every such card has."""

    name_key: str

    def build_frame(self, kit: PageKit, collection: str, record: str, fields: list[Field], dates: tuple[str, str],
                    remove: Callable[[], None]) -> w.HBox:
        """Its fields with one status line, the check that the second of `dates` does not come
        before the first, and the header (title and delete button, doing `remove`), which is
        returned."""
        self.text, self.number = kit.text, None
        self.fieldset = FieldSet(kit, collection, record, fields)
        self.status_line = self.fieldset.status
        self.fieldset.order_dates(*dates)
        self.title = kit.html()
        self.title.add_class("tpi-action-card-title")
        self.delete = kit.access.slot(remove, kit.text("action.delete"), css="tpi-action-delete",
                                      layout=kit.look.plain)
        header = w.HBox([self.title, self.delete], layout=kit.look.plain)
        header.add_class("tpi-action-row-header")
        return header

    @property
    def prefix(self) -> str:
        return self.text(self.name_key, number=self.number)

    def set_number(self, number: int):
        if number == self.number:
            return
        self.number = number
        self.title.value = esc(self.prefix)
        name_fields(self.fieldset, self.text, self.prefix)
        self.delete.label(tooltip=self.text("action.delete_tip", record=self.prefix))
