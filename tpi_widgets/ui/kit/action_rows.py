"""Step 5's building blocks: a record's fields bound to the store from a list of field specs
(labels from the pack, named after the record: "Visit 1 purpose"), and an add/remove list of
child records (a visit's team, a report's next steps, an indicator's measurements)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import ipywidgets as w

from tpi_widgets.core import records
from tpi_widgets.core import action_records as ar, validation
from tpi_widgets.ui.live import Binding, LiveSync
from tpi_widgets.ui.kit.fields import ValidatedText, bind_text
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.roles import DeleteAccess, DeleteSlot
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import esc

NONE = ""  # a dropdown's "not chosen" value; stored as null


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # from the pack
    kind: str = "text"  # text | long | choice | combo | multi
    checks: tuple = ()  # validation checks (text fields): the message shows next to the field
    options: tuple = ()  # (label, value) for choice and multi; suggestions for combo
    placeholder: str = ""


class FieldSet:
    """The widgets of one record's fields, bound to (collection, record, field)."""

    def __init__(self, collection: str, record: str, fields: list[Field], sync: LiveSync, text: Callable[..., str],
                 status: RecordStatus, look: SharedLook):
        self.collection, self.record, self.sync, self.text, self.status = collection, record, sync, text, status
        self.fields = {f.name: f for f in fields}
        self.inputs: dict[str, w.Widget] = {}
        self.checked: dict[str, ValidatedText] = {}
        self.widgets: dict[str, w.Widget] = {}  # what to place on the page for each field
        self.prefix = ""
        for f in fields:
            if f.kind in ("choice", "multi"):
                kind = w.Dropdown if f.kind == "choice" else w.SelectMultiple
                extra = {"rows": 4} if f.kind == "multi" else {}
                widget = kind(options=list(f.options), style=look.choice_label, layout=look.wide, **extra)
            elif f.kind == "combo":
                widget = w.Combobox(options=list(f.options), ensure_option=False, continuous_update=True,
                                    style=look.text_label, layout=look.wide)
            elif f.checks:
                box = ValidatedText("", text, *f.checks, placeholder=f.placeholder, multiline=f.kind == "long",
                                    style=look.text_label, layout=look.wide)
                self.checked[f.name], widget = box, box.input
                self.widgets[f.name] = box
            else:
                kind = w.Textarea if f.kind == "long" else w.Text
                extra = {"rows": 2} if f.kind == "long" else {}
                widget = kind(placeholder=f.placeholder, continuous_update=True, style=look.text_label,
                              layout=look.wide, **extra)
            self.inputs[f.name] = widget
            self.widgets.setdefault(f.name, widget)
        for name in self.inputs:
            self._bind(name)
        for box in self.checked.values():
            box.validate()

    def key(self, name: str):
        return (self.collection, self.record, name)

    def _bind(self, name: str):
        f, widget = self.fields[name], self.inputs[name]
        on_status = self.status.callback(name)
        if f.kind == "choice":
            # a stored id the pack (or the plan) no longer has shows as no choice, instead of failing
            self.sync.bind(Binding(self.key(name), widget, to_store=lambda v: None if v == NONE else v,
                                   from_store=lambda v: v if v in self._values(name) else NONE,
                                   on_status=on_status))
        elif f.kind == "multi":
            self.sync.bind(Binding(self.key(name), widget, to_store=list,
                                   from_store=lambda v: tuple(x for x in (v or []) if x in self._values(name)),
                                   on_status=on_status))
        else:
            bind_text(self.sync, self.key(name), widget, on_status)

    def _values(self, name: str) -> list:
        return [value for _, value in self.inputs[name].options]

    def set_options(self, name: str, options: list[tuple[str, object]]):
        """New options for a choice (the plan's activities changed); the stored value is shown again
        and never overwritten by the change."""
        widget = self.inputs[name]
        if tuple(options) == tuple(widget.options):
            return
        self.sync.unbind(self.key(name))
        widget.options = options
        self._bind(name)

    def name(self, prefix: str):
        """Label every field after its record ("Visit 2 purpose"): labels stay unique on the page."""
        if prefix == self.prefix:
            return
        self.prefix = prefix
        for name, widget in self.inputs.items():
            widget.description = self.text("action.field", record=prefix, label=self.fields[name].label)

    def unbind(self):
        for name in self.inputs:
            self.sync.unbind(self.key(name))


def close_tree(widget: w.Widget):
    """Close a removed card's widgets (their kernel-side models), not the shared styles."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


class ChildRow(w.VBox):
    def __init__(self, fieldset: FieldSet, status: RecordStatus, remove: DeleteSlot, title: w.HTML,
                 extra: list[w.Widget], look: SharedLook):
        self.fieldset, self.status_line, self.remove, self.title = fieldset, status, remove, title
        header = w.HBox([title, remove], layout=look.plain)
        header.add_class("tpi-action-row-header")
        super().__init__([header, *fieldset.widgets.values(), *extra, status], layout=look.plain)
        self.add_class("tpi-action-child")


class ChildList(w.VBox):
    """The live child records of one parent record, each with its fields and a Remove button (a
    facilitator's only: `access`), and an Add button. `save(writes)` is the page's button action
    (returns False when refused); `extra(record, row_prefix)` gives widgets placed under a row's fields."""

    def __init__(self, collection: str, parent: str, fields: list[Field], sync: LiveSync, text: Callable[..., str],
                 names: Callable, look: SharedLook, save: Callable[[list], bool], record_name: Callable[[int], str],
                 add_label: str, new_id: Callable[[], str], extra: Callable[[str], list[w.Widget]] | None = None,
                 *, access: DeleteAccess):
        self.access = access
        self.collection, self.parent, self.fields, self.sync, self.text, self.names = \
            collection, parent, fields, sync, text, names
        self.look, self.save, self.record_name, self.new_id, self.extra = look, save, record_name, new_id, extra
        self.rows: dict[str, ChildRow] = {}
        self.box = w.VBox(layout=look.plain)
        self.add = w.Button(description=add_label, icon="plus", layout=w.Layout(width="auto", max_width="100%"))
        self.add.add_class("tpi-action-add")
        self.add.on_click(lambda _: self.add_record())
        super().__init__([self.box, self.add], layout=look.plain)
        self.add_class("tpi-action-list")

    def add_record(self) -> str | None:
        record = self.new_id()
        fields = {"deleted": False, records.RECORDS.get(self.collection).parent: self.parent}
        return record if self.save(records.new_record_writes(self.collection, record, fields)) else None

    def remove_record(self, record: str):
        self.save([((self.collection, record, "deleted"), True)])

    def arrange(self, records, created):
        """Show the parent's live children, in creation order, numbered from 1."""
        live = ar.children(self.collection, records, self.parent, created)
        for record in set(self.rows) - set(live):
            row = self.rows.pop(record)
            row.fieldset.unbind()
            close_tree(row)
        rows = []
        for number, record in enumerate(live, 1):
            row = self.rows.get(record) or self._new_row(record)
            prefix = self.record_name(number)
            if row.fieldset.prefix != prefix:
                row.fieldset.name(prefix)
                row.title.value = f"<b>{esc(prefix)}</b>"
                row.remove.label(tooltip=self.text("action.remove_tip", record=prefix))
            rows.append(row)
        if tuple(self.box.children) != tuple(rows):
            self.box.children = rows

    def _new_row(self, record: str) -> ChildRow:
        status = RecordStatus(self.text, self.names, style=self.look.html, layout=self.look.plain)
        fieldset = FieldSet(self.collection, record, self.fields, self.sync, self.text, status, self.look)
        remove = self.access.slot(lambda: self.remove_record(record), self.text("action.remove"),
                                  css="tpi-action-remove", layout=self.look.plain)
        extra = self.extra(record) if self.extra else []
        row = ChildRow(fieldset, status, remove, w.HTML(style=self.look.html, layout=self.look.plain), extra,
                       self.look)
        self.rows[record] = row
        return row

    def unbind(self):
        for row in self.rows.values():
            row.fieldset.unbind()


class NumberedCard:
    """For a visit or report card titled by its position ("Visit 2"): `name_key` is its UI string
    with {number}; set_number renames the title, the field labels and the delete tooltip when
    cards move. `build_frame` makes the parts every such card has."""

    name_key: str

    def build_frame(self, collection: str, record: str, fields: list, sync: LiveSync, text: Callable[..., str],
                    names: Callable, look: SharedLook, dates: tuple[str, str],
                    on_delete: Callable[[str], None], access: DeleteAccess) -> w.HBox:
        """Its fields with one status line, the check that the second of `dates` does not come
        before the first, and the header (title and delete button), which is returned."""
        self.text, self.number = text, None
        self.status_line = RecordStatus(text, names, style=look.html, layout=look.plain)
        self.fieldset = FieldSet(collection, record, fields, sync, text, self.status_line, look)
        start, end = (self.fieldset.checked[name] for name in dates)
        end.add_check(lambda value: validation.date_order(start.value, value))
        start.input.observe(lambda change: end.validate(), names="value")
        self.title = w.HTML(style=look.html, layout=look.plain)
        self.title.add_class("tpi-action-card-title")
        self.delete = access.slot(lambda: on_delete(record), text("action.delete"), css="tpi-action-delete",
                                  layout=look.plain)
        header = w.HBox([self.title, self.delete], layout=look.plain)
        header.add_class("tpi-action-row-header")
        return header

    @property
    def prefix(self) -> str:
        return self.text(self.name_key, number=self.number)

    def set_number(self, number: int) -> bool:
        """Returns whether the number changed."""
        if number == self.number:
            return False
        self.number = number
        self.title.value = esc(self.prefix)
        self.fieldset.name(self.prefix)
        self.delete.label(tooltip=self.text("action.delete_tip", record=self.prefix))
        return True
