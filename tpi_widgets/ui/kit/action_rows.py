"""Step 5's building blocks: an add/remove list of child records (a visit's team, a report's next
steps, an indicator's measurements), and the frame of a card titled by its position ("Visit 2"),
shown as one row until opened; each record's fields are labelled after it ("Visit 1 purpose"),
unique on the page."""

from __future__ import annotations

from typing import Callable, Mapping

import ipywidgets as w

from tpi_widgets.core import action_records as ar
from tpi_widgets.core.records import RECORDS
from tpi_widgets.ui.kit.field_set import ClosedForm, Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.read_only import NAVIGATES
from tpi_widgets.ui.kit.record_list import RecordList, drop
from tpi_widgets.core.html import attr, esc, tag


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


class NumberedCard(ClosedForm):
    """A visit or report card titled by its position ("Visit 2"): `name_key` is its UI string with
    {number}. Closed, it is one row, from the store: its name and what `summary` says of the record
    (two lines at most), and an "Edit Visit 2" button; opened (`open_form`: the participant's
    click, or a card they just added), it is the whole form under a header (its title, a Close
    button, and the delete button, a facilitator's only), laid out by `lay_out`; Close saves what
    is pending and returns it to its row. A page of many visits sends the browser a few widgets per
    visit instead of a form each. set_number renames the title, field labels and buttons when
    cards move."""

    name_key: str
    collection: str
    dates: tuple[str, str]  # its first and last day: the second may not come before the first

    def start_closed(self, kit: PageKit, record: str, remove: Callable[[], None], rearrange: Callable[[], None]):
        """The closed row. `remove` is the delete button's action; `rearrange()` the page's, run
        once the card opened or closed (it fills the form's lists, or the row)."""
        self.kit, self.text, self.record, self.number = kit, kit.text, record, None
        self.on_delete, self.rearrange = remove, rearrange
        self.add_class("tpi-action-card")
        self.show_row()

    def show_row(self):
        """The closed row's widgets (its text is written by `refresh`, its button named by `set_number`)."""
        self.line = self.kit.html()
        self.line.add_class("tpi-action-row-line")
        self.editor = self.edit_button(self.kit, "", "tpi-action-edit")
        self.closed_row = w.HBox([self.line, self.editor], layout=self.kit.look.plain)
        self.closed_row.add_class("tpi-action-row")
        self.children = (self.closed_row,)
        self.add_class("tpi-action-closed")

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def lay_out(self, header: w.HBox) -> list[w.Widget]:
        """The opened card's widgets, header first (its form's lists are filled by the page)."""
        raise NotImplementedError

    def summary(self, fields: Mapping[str, object], *facts) -> list[str]:
        """What the closed row says after the card's name, most telling first."""
        raise NotImplementedError

    def build_form(self) -> FieldSet:
        fieldset = FieldSet(self.kit, self.collection, self.record, self.fields())
        fieldset.order_dates(*self.dates)
        return fieldset

    def show_form(self):
        kit, look = self.kit, self.kit.look
        self.status_line = self.fieldset.status
        self.title = kit.html()
        self.title.add_class("tpi-action-card-title")
        self.closer = kit.button(kit.text("action.close"), css="tpi-action-close")
        self.closer.add_class(NAVIGATES)  # only shows less: usable on a read-only page too
        self.closer.on_click(lambda _: self.close_form())
        self.delete = kit.access.slot(self.on_delete, kit.text("action.delete"), css="tpi-action-delete",
                                      layout=look.plain)
        tools = w.HBox([self.closer, self.delete], layout=look.plain)
        tools.add_class("tpi-action-card-tools")
        header = w.HBox([self.title, tools], layout=look.plain)
        header.add_class("tpi-action-row-header")
        self.children = tuple(self.lay_out(header))
        self.remove_class("tpi-action-closed")
        drop(kit, self.closed_row)  # built again when the card closes
        number, self.number = self.number, None
        if number is not None:
            self.set_number(number)
        self.rearrange()

    def show_closed(self):
        self.show_row()
        number, self.number = self.number, None
        self.set_number(number)

    def form_closed(self):
        self.rearrange()

    @property
    def prefix(self) -> str:
        return self.text(self.name_key, number=self.number)

    def set_number(self, number: int):
        if number == self.number:
            return
        self.number = number
        if not self.opened:
            self.editor.description = self.editor.tooltip = self.text("action.edit", record=self.prefix)
            return
        self.title.value = esc(self.prefix)
        name_fields(self.fieldset, self.text, self.prefix)
        self.closer.tooltip = self.text("action.close_tip", record=self.prefix)
        self.delete.label(tooltip=self.text("action.delete_tip", record=self.prefix))

    def refresh(self, *facts):
        """The closed row, from the store as it is now (another participant's save included);
        `facts` are what the page knows beyond the record (a report's planned activities)."""
        if self.opened or self.number is None:
            return
        fields = self.kit.sync.records(self.collection).get(self.record, {})
        parts = [self.prefix] + [part for part in self.summary(fields, *facts) if part]
        period = self.period(fields)  # kept on one line: "2027-03-08 – 2027-" would break at its hyphen
        shown = [tag("b", parts[0], "tpi-action-row-name")] + \
            [tag("span", part, "tpi-action-row-period") if part == period else esc(part) for part in parts[1:]]
        self.line.value = (f'<div class="tpi-action-row-text" title="{attr(" · ".join(parts))}">'
                           + "\u00a0· ".join(shown) + "</div>")  # a line never starts with its separator

    def period(self, fields: Mapping[str, object]) -> str:
        """Its first and last day, as far as they are given."""
        return " – ".join(str(fields[day]).strip() for day in self.dates if fields.get(day))
