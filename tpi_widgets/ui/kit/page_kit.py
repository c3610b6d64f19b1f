"""What every widget of a step page shares, built once by the page (ui/page.py) and passed to
each card, row and form as its first argument: the live sync, the page's UI strings, the
participants' names for "saved by" lines, the shared look and the delete access."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.ui.live import LiveSync
from tpi_widgets.ui.session import ParticipantNames


class SharedLook:
    """One style and layout object per page, shared by every row: each would otherwise be its
    own widget model, and a page of 29 items sent the browser about 550 models instead of 230."""

    def __init__(self):
        self.choice_label = DescriptionStyle(description_width="initial")
        self.text_label = TextStyle(description_width="initial")
        self.html = HTMLStyle()
        self.plain = w.Layout()
        self.wide = w.Layout(width="100%")

    @cached_property
    def checkbox(self) -> CheckboxStyle:
        """Built when a page first shows a checkbox ("check" field), not on every page."""
        return CheckboxStyle(description_width="initial")


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
