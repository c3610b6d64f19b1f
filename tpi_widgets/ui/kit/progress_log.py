"""Progress of one plan activity: its current progress (the latest update), a form to report a
new update, and the history of updates, newest first, each with who reported it and when."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import action_records as ar, validation
from tpi_widgets.content.model import Choice
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.core.records import PROGRESS
from tpi_widgets.core.text_limits import limit_of
from tpi_widgets.ui.kit.fields import ValidatedText
from tpi_widgets.ui.kit.length_limit import limit_length
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.status import clock
from tpi_widgets.core.html import esc, tag


class ProgressLog(w.VBox):
    """`report(activity, fields)` is the page's action that writes a new progress record."""

    def __init__(self, kit: PageKit, activity: str, labels: dict[str, str], statuses: tuple[Choice, ...],
                 report: Callable[[str, dict], bool]):
        text, look = kit.text, kit.look
        self.activity, self.text, self.labels, self.statuses, self.report = activity, text, labels, statuses, report
        self.number = None
        self.title = kit.html()
        self.title.add_class("tpi-progress-title")
        self.current = kit.html()
        self.status = w.Dropdown(options=[(text("action.no_choice"), "")] + [(s.label, s.id) for s in statuses],
                                 value="", style=look.choice_label, layout=look.wide)
        self.percent = ValidatedText("", text, ar.percent_problem, placeholder="0-100", style=look.text_label,
                                     layout=look.wide)
        self.date = ValidatedText("", text, validation.date, placeholder=text("action.date_placeholder"),
                                  style=look.text_label, layout=look.wide)
        self.comment = w.Textarea(rows=2, continuous_update=True, style=look.text_label, layout=look.wide)
        self.submit = w.Button(description=text("action.progress_add"), icon="check", button_style="primary",
                               layout=w.Layout(width="auto", max_width="100%"))
        self.submit.on_click(lambda _: self.send())
        self.message = kit.html()
        self.message.add_class("tpi-field-error")
        limit_length(self.comment, limit_of(kit.sync.limits, (PROGRESS, activity, "comment")),
                     lambda cut: setattr(self.message, "value", esc(text("limits.cut", limit=cut)) if cut else ""))
        self.history = kit.html()
        self.history.add_class("tpi-progress-history")
        form = w.VBox([self.status, self.percent, self.date, self.comment, self.submit, self.message],
                      layout=look.plain)
        form.add_class("tpi-progress-form")
        super().__init__([self.title, self.current, form, self.history], layout=look.plain)
        self.add_class("tpi-progress")

    def set_activity(self, activity: ar.Activity):
        if activity.number != self.number:
            self.number = activity.number
            prefix = self.text("action.activity_name", number=activity.number)
            for field, widget in (("status", self.status), ("percent", self.percent.input),
                                  ("date", self.date.input), ("comment", self.comment)):
                widget.description = self.text("action.field", record=prefix, label=self.labels[field])
            self.submit.tooltip = self.text("action.progress_add_tip", number=activity.number)
        self.title.value = esc(activity.label)

    def send(self) -> bool:
        """Write the form as a new update; the form empties once it is stored."""
        fields = {"status": self.status.value or None, "percent": self.percent.value.strip(),
                  "date": self.date.value.strip(), "comment": self.comment.value.strip()}
        if not any(fields.values()):
            self.message.value = esc(self.text("action.progress_empty"))
            return False
        if self.percent.validate() or self.date.validate():
            self.message.value = esc(self.text("action.progress_fix"))
            return False
        if not self.report(self.activity, fields):
            return False
        self.message.value = ""
        self.status.value, self.percent.input.value, self.date.input.value, self.comment.value = "", "", "", ""
        return True

    def show(self, updates: list[tuple[dict, str, str]]):
        """`updates`: (fields, who, when) newest first; the first is the current progress."""
        if not updates:
            self.current.value = tag("p", self.text("action.progress_none"), "tpi-note")
            self.history.value = ""
            return
        self.current.value = tag("p", self.text("action.progress_current", summary=self._summary(updates[0][0])),
                                 "tpi-progress-current")
        lines = "".join(f"<li>{esc(self.text('action.progress_line', name=who, time=when, summary=self._summary(f)))}"
                        + (f"<br><span class='tpi-progress-comment'>{esc(f.get('comment'))}</span>"
                           if f.get("comment") else "") + "</li>" for f, who, when in updates)
        self.history.value = tag("p", self.text("action.progress_history"), "tpi-hint") + f"<ol>{lines}</ol>"

    def _summary(self, fields: dict) -> str:
        parts = [choice_label(self.statuses, fields.get("status")) if fields.get("status") else "",
                 f"{str(fields.get('percent')).rstrip('%')}%" if fields.get("percent") else "",
                 str(fields.get("date") or "")]
        return " · ".join(p for p in parts if p) or "-"


def when(updated_at: str) -> str:
    """The day and time of a save, for the history: '2027-03-01 14:02'."""
    return f"{updated_at[:10]} {clock(updated_at)}"
