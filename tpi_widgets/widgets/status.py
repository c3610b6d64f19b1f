"""The "saving / saved / not saved" indicator next to a field, and the page-wide one."""

from __future__ import annotations

import ipywidgets as w

from .text import esc

STATES = ("saving", "saved", "failed", "idle")


class SaveStatus(w.HTML):
    """Shows one field's save state; the CSS class `tpi-status-<state>` lets tests and styles find it."""

    def __init__(self, **kwargs):
        super().__init__(value="", **kwargs)
        self.add_class("tpi-status")
        self.state = "idle"

    def show(self, state: str, text: str):
        for other in STATES:
            self.remove_class(f"tpi-status-{other}")
        self.add_class(f"tpi-status-{state}")
        self.state = state
        self.value = esc(text)
