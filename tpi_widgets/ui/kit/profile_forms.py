"""Step 1's cards: the fields of one store record under a heading, with its save status line."""

from __future__ import annotations

import ipywidgets as w

from tpi_widgets.core.html import tag
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit


class RecordCard(w.VBox):
    """The fields of one record, e.g. ("profile", "focal-1"): each autosaved, typed text checked
    inline and kept as typed, one "saved by" line for the record."""

    def __init__(self, kit: PageKit, collection: str, record: str, heading: str, fields: list[Field]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-card")
        self.record = record
        self.fieldset = FieldSet(kit, collection, record, fields)
        # the field set's parts, as the card's own (the page's summary and tests read them here)
        self.inputs, self.checked, self.status = self.fieldset.inputs, self.fieldset.checked, self.fieldset.status
        self.children = [kit.html(tag("h4", heading)), *self.fieldset.widgets.values(), self.status]
