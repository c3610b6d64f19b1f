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
    """`report(activity, fields)` is the page's action that writes a new progress record.

    What the log shows (title, current progress, history) is one HTML widget; the form to report
    an update is built when the participant opens it (`opener`), not with the page: a plan of a
    dozen activities would otherwise send the browser a dozen forms nobody has opened."""

    def __init__(self, kit: PageKit, activity: str, labels: dict[str, str], statuses: tuple[Choice, ...],
                 report: Callable[[str, dict], bool]):
        self.kit, self.text = kit, kit.text
        self.activity, self.labels, self.statuses, self.report = activity, labels, statuses, report
        self.number = None
        self.title = self.current = self.history = ""  # the HTML of each part of `summary`
        self.summary = kit.html()
        self.opener = kit.button(self.text("action.progress_open", number="?"), icon="plus", css="tpi-action-add")
        self.opener.on_click(lambda _: self.open_form())
        self.form: w.VBox | None = None
        super().__init__([self.summary, self.opener], layout=kit.look.plain)
        self.add_class("tpi-progress")

    def open_form(self):
        """Build the form to report an update, in place of its opener (once)."""
        if self.form is not None:
            return
        kit, text, look = self.kit, self.text, self.kit.look
        self.status = w.Dropdown(options=[(text("action.no_choice"), "")] + [(s.label, s.id) for s in self.statuses],
                                 value="", style=look.choice_label, layout=look.wide)
        self.percent = ValidatedText("", text, ar.percent_problem, placeholder="0-100", look=look)
        self.date = ValidatedText("", text, validation.date, placeholder=text("action.date_placeholder"), look=look)
        self.comment = w.Textarea(rows=2, continuous_update=True, style=look.text_label, layout=look.wide)
        self.submit = kit.button(text("action.progress_add"), icon="check", button_style="primary")
        self.submit.on_click(lambda _: self.send())
        self.message = kit.html()
        self.message.add_class("tpi-field-error")
        limit_length(self.comment, limit_of(kit.sync.limits, (PROGRESS, self.activity, "comment")),
                     lambda cut: setattr(self.message, "value", esc(text("limits.cut", limit=cut)) if cut else ""))
        self.form = w.VBox([self.status, self.percent, self.date, self.comment, self.submit, self.message],
                           layout=look.plain)
        self.form.add_class("tpi-progress-form")
        self._label_form()
        self.children = (self.summary, self.form)
        self.opener.close()

    def _label_form(self):
        if self.form is None or self.number is None:
            return
        prefix = self.text("action.activity_name", number=self.number)
        for field, widget in (("status", self.status), ("percent", self.percent.input),
                              ("date", self.date.input), ("comment", self.comment)):
            widget.description = self.text("action.field", record=prefix, label=self.labels[field])
        self.submit.tooltip = self.text("action.progress_add_tip", number=self.number)

    def set_activity(self, activity: ar.Activity):
        if activity.number != self.number:
            self.number = activity.number
            self.opener.description = self.text("action.progress_open", number=activity.number)
            self._label_form()
        self.title = tag("div", activity.label, "tpi-progress-title")
        self._render()

    def _render(self):
        self.summary.value = self.title + self.current + self.history

    def send(self) -> bool:
        """Write the form as a new update; the form empties once it is stored."""
        if self.form is None:  # not opened: nothing typed
            return False
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
            self.current = tag("p", self.text("action.progress_none"), "tpi-note")
            self.history = ""
            self._render()
            return
        self.current = tag("p", self.text("action.progress_current", summary=self._summary(updates[0][0])),
                           "tpi-progress-current")
        lines = "".join(f"<li>{esc(self.text('action.progress_line', name=who, time=when, summary=self._summary(f)))}"
                        + (f"<br><span class='tpi-progress-comment'>{esc(f.get('comment'))}</span>"
                           if f.get("comment") else "") + "</li>" for f, who, when in updates)
        self.history = ("<div class='tpi-progress-history'>" + tag("p", self.text("action.progress_history"), "tpi-hint")
                        + f"<ol>{lines}</ol></div>")
        self._render()

    def _summary(self, fields: dict) -> str:
        parts = [choice_label(self.statuses, fields.get("status")) if fields.get("status") else "",
                 f"{str(fields.get('percent')).rstrip('%')}%" if fields.get("percent") else "",
                 str(fields.get("date") or "")]
        return " · ".join(p for p in parts if p) or "-"


def when(updated_at: str) -> str:
    """The day and time of a save, for the history: '2027-03-01 14:02'."""
    return f"{updated_at[:10]} {clock(updated_at)}"
