"""Step 1's add/remove lists' rows (team members, working principles; Step 6's spread log has
the same kind): a record's fields in a row of a RecordList (kit/record_list.py)."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.ui.kit.field_set import Field, FieldSet, name_widgets
from tpi_widgets.ui.kit.page_kit import PageKit


class ListRow(w.VBox):
    """A row of a RecordList: its record's fields, a remove button (a facilitator's only, see
    roles.py: `remove` is its action) and a "saved by" line. Labels carry the row's position
    ("Member 2 name"), unique on the page: `labels` gives each field's UI string key,
    `remove_label` the button's, each with {number}. Each field's widget is also the row's
    attribute (`row.name`, see name_widgets; `aliases` renames some)."""

    labels: dict[str, str]
    remove_label: str
    aliases: dict[str, str] = {}

    def __init__(self, kit: PageKit, collection: str, record: str, fields: list[Field], remove: Callable[[], None]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-list-row")
        self.record, self.text = record, kit.text
        self.fieldset = FieldSet(kit, collection, record, fields)
        name_widgets(self, self.fieldset, self.aliases)
        self.status = self.fieldset.status
        self.remove = kit.access.slot(remove, css="tpi-remove", layout=kit.look.plain)
        self.children = [*self.fieldset.widgets.values(), w.HBox([self.remove, self.status], layout=kit.look.plain)]

    def set_number(self, number: int):
        self.fieldset.relabel(lambda field: self.text(self.labels[field.name], number=number))
        self.remove.label(self.text(self.remove_label, number=number))


class TeamRow(ListRow):
    """A team member: name, role and institution (stored as "institution-1|2")."""

    labels = {"name": "team.name", "role": "team.role", "institution": "team.institution"}
    remove_label = "team.remove"

    def __init__(self, kit: PageKit, collection: str, record: str, institutions: list[tuple[str, str]],
                 remove: Callable[[], None]):
        super().__init__(kit, collection, record, [
            Field("name", ""), Field("role", ""),
            Field("institution", "", "choice", options=tuple(institutions), unset=kit.text("team.institution_unset"))],
            remove)


class PrincipleRow(ListRow):
    """One working principle of the agreement, reworded freely."""

    labels = {"text": "agreement.principle"}
    remove_label = "agreement.remove_principle"
    aliases = {"text": "principle"}  # `text` is the row's UI strings

    def __init__(self, kit: PageKit, collection: str, record: str, remove: Callable[[], None]):
        super().__init__(kit, collection, record, [Field("text", "", "long")], remove)
