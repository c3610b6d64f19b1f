"""What every widget of a step page shares, built once by the page (ui/page.py) and passed to
each card, row and form as its first argument: the live sync, the page's UI strings, the
participants' names for "saved by" lines, the shared look and the delete access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import ipywidgets as w

from tpi_widgets.ui.kit.look import SharedLook
from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.ui.live import LiveSync
from tpi_widgets.ui.session import ParticipantNames


@dataclass(frozen=True)
class PageKit:
    sync: LiveSync
    text: Callable[..., str]
    names: ParticipantNames
    look: SharedLook
    access: DeleteAccess  # builds a facilitator's delete buttons (kit/roles.py)

    def status(self) -> RecordStatus:
        """A record's "saved by" line, in the page's look."""
        return RecordStatus(self.text, self.names, style=self.look.html, layout=self.look.plain)

    def html(self, value: str = "") -> w.HTML:
        """An HTML line (a title, a note) in the page's look."""
        return w.HTML(value, style=self.look.html, layout=self.look.plain)

    def button(self, description: str, icon: str = "", css: str = "", **options) -> w.Button:
        """A button in the page's look: its layout and style are the page's, not one more model each."""
        button = w.Button(description=description, icon=icon, layout=self.look.button, style=self.look.button_style,
                          **options)
        if css:
            button.add_class(css)
        return button
