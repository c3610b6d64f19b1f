"""Step 6's log of spread activities (objective 3): one row per activity, with its date, what
was done and who else was reached. Listed, added and removed by Step 1's RecordList."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import validation
from tpi_widgets.ui.live import LiveSync
from tpi_widgets.ui.kit.fields import ValidatedText, bind_text
from tpi_widgets.ui.kit.partnership_lists import ListRow
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.roles import DeleteAccess


class SpreadRow(ListRow):
    def __init__(self, sync: LiveSync, collection: str, record: str, text: Callable[..., str], names,
                 look: SharedLook, access: DeleteAccess):
        super().__init__(record, look, text, names, access)
        self.text = text
        self.date = ValidatedText("", text, validation.date, placeholder=text("spread.date_placeholder"),
                                  style=look.text_label, layout=look.wide)
        self.activity = w.Textarea(continuous_update=True, rows=2, placeholder=text("spread.activity_placeholder"),
                                   style=look.text_label, layout=look.wide)
        self.reached = w.Text(continuous_update=True, placeholder=text("spread.reached_placeholder"),
                              style=look.text_label, layout=look.wide)
        for field, widget in (("date", self.date.input), ("activity", self.activity), ("reached", self.reached)):
            self.bound_keys.append(bind_text(sync, (collection, record, field), widget,
                                             self.status.callback(field)).key)
        self.children = [self.date, self.activity, self.reached, w.HBox([self.remove, self.status])]

    def set_number(self, number: int):
        self.date.input.description = self.text("spread.date", number=number)
        self.activity.description = self.text("spread.activity", number=number)
        self.reached.description = self.text("spread.reached", number=number)
        self.remove.label(self.text("spread.remove", number=number))
