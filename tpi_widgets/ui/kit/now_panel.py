"""The first thing an assessment page shows its rater (issue 16): what they are asked to do now,
in one line, and a button that takes them there (opens the area, puts the focus in the item's
rating box). On a phone it saves scrolling through a form of thirty items to find the next one."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core.html import esc
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.read_only import NAVIGATES


class NowPanel(w.VBox):
    """`show(line, go_label)`: the line (plain text, escaped here) and the button's label, or no
    button (None). `on_go()` is the button's action."""

    def __init__(self, kit: PageKit, on_go: Callable[[], None]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-now")
        self.line = kit.html()
        self.line.add_class("tpi-now-line")
        self.go = kit.button("", icon="forward", css="tpi-now-go")
        self.go.add_class(NAVIGATES)  # going to an item only shows it: usable on a locked page too
        self.go.on_click(lambda _: on_go())
        self.children = [self.line]

    def show(self, line: str, go_label: str | None):
        html = f'<p role="status" aria-live="polite">{esc(line)}</p>'
        if self.line.value != html:
            self.line.value = html
        if go_label is not None and self.go.description != go_label:
            self.go.description = go_label
        children = (self.line, self.go) if go_label is not None else (self.line,)
        if tuple(self.children) != children:
            self.children = children
