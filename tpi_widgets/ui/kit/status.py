"""The "saving / saved / not saved" indicator next to a field, and the page-wide one."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

import ipywidgets as w

from tpi_widgets.store import Entry
from tpi_widgets.core.html import esc

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


class RecordStatus(SaveStatus):
    """One status line for a record of several fields: "saving" while any field is pending,
    "not saved" if any failed, else who saved the latest field and when.

    Use `callback(field)` as the `on_status` of each field's Binding.
    """

    def __init__(self, text: Callable[..., str], names: Callable[[int | None], str], **kwargs):
        super().__init__(**kwargs)
        self.text, self.names = text, names
        self._states: dict[str, tuple[str, Entry | None, str]] = {}
        self._cut: dict[str, int] = {}  # fields whose text was cut at their limit: the limit

    def cut(self, field: str, limit: int | None):
        """Say that a field's text was cut at `limit` characters (None: it fits again)."""
        if limit is None:
            if self._cut.pop(field, None) is None:
                return
        else:
            self._cut[field] = limit
        if self._cut:
            self.add_class("tpi-status-cut")
        else:
            self.remove_class("tpi-status-cut")
        self.refresh()

    def callback(self, field: str):
        def report(state: str, entry: Entry | None, detail: str):
            self._states[field] = (state, entry, detail)
            self.refresh()
        return report

    def refresh(self):
        states = list(self._states.values())
        failed = [s for s in states if s[0] == "failed"]
        if failed:
            self.show("failed", self._with_cut(self.text("app.save_failed", reason=failed[0][2])))
        elif any(s[0] == "saving" for s in states):
            self.show("saving", self._with_cut(self.text("app.saving")))
        else:
            entries = [s[1] for s in states if s[1] is not None]
            if entries:
                latest = max(entries, key=lambda e: e.change_id)
                self.show("saved", self._with_cut(self.text("app.saved_by", name=self.names(latest.participant_id),
                                                            time=clock(latest.updated_at))))
            elif self._cut:
                self.show("idle", self._with_cut(""))

    def _with_cut(self, line: str) -> str:
        """The line, after what was cut: "Only the first 4000 characters are kept." first."""
        if not self._cut:
            return line
        return " ".join(part for part in (self.text("limits.cut", limit=max(self._cut.values())), line) if part)


def clock(iso_time: str) -> str:
    """'2026-11-27T14:02:11.123+00:00' -> '14:02' in the machine's local time."""
    try:
        return datetime.fromisoformat(iso_time).astimezone().strftime("%H:%M")
    except ValueError:
        return iso_time
