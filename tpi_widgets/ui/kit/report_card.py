"""An action report (Annex 3) as a card: its type (after a visit, linked to that visit proposal,
or periodic) and period, participants, planned vs done (the linked plan activities listed by
themselves, each with done / partly / not done and a note), results, challenges, lessons,
spread, next steps (each can become a plan activity) and spending."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import action_records as ar, validation
from tpi_widgets.content.sections.action import ActionContent
from tpi_widgets.ui.live import LiveSync
from tpi_widgets.ui.kit.action_rows import NONE, ChildList, Field, FieldSet, NumberedCard, close_tree
from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import esc, tag


def report_fields(content: ActionContent, text: Callable[..., str]) -> list[Field]:
    label = lambda field: content.label("report", field)  # noqa: E731
    date = text("action.date_placeholder")
    return [
        Field("kind", label("kind"), "choice",
              options=((text("action.no_choice"), NONE),) + tuple((k.label, k.id) for k in content.report_kinds)),
        Field("visit", label("visit"), "choice", options=((text("action.no_choice"), NONE),)),
        Field("activities", label("activities"), "multi"),
        Field("period_start", label("period_start"), checks=(validation.date,), placeholder=date),
        Field("period_end", label("period_end"), checks=(validation.date,), placeholder=date),
        Field("participants", label("participants"), "long"),
        Field("results", label("results"), "long"),
        Field("challenges", label("challenges"), "long"),
        Field("lessons", label("lessons"), "long"),
        Field("spread", label("spread"), "long"),
        Field("spending", label("spending"), "long"),
    ]


class ReportCard(NumberedCard, w.VBox):
    """`add_to_plan(step, group_choice)` is the page's action making a next step a plan row;
    `groups` are the plan groups offered for it: (choice id, label)."""

    name_key = "action.report_name"

    def __init__(self, record: str, sync: LiveSync, text: Callable[..., str], names: Callable, look: SharedLook,
                 content: ActionContent, save: Callable[[list], bool], new_id: Callable[[], str],
                 on_delete: Callable[[str], None], groups: list[tuple[str, str]],
                 add_to_plan: Callable[[str, str], None], access: DeleteAccess):
        self.record, self.sync, self.text, self.names, self.look, self.content = record, sync, text, names, look, content
        self.groups, self.add_to_plan = groups, add_to_plan
        header = self.build_frame(ar.REPORTS, record, report_fields(content, text), sync, text, names, look,
                                  ("period_start", "period_end"), on_delete, access)
        self.items: dict[str, tuple[w.VBox, FieldSet, w.HTML]] = {}
        self.items_box = w.VBox(layout=look.plain)
        self.items_box.add_class("tpi-report-items")
        self.items_note = w.HTML(style=look.html, layout=look.plain)
        self.plan_controls: dict[str, tuple[w.Dropdown, w.Button]] = {}
        label = lambda field: content.label("next_step", field)  # noqa: E731
        self.next_steps = ChildList(
            ar.NEXT_STEPS, record,
            [Field("text", label("text"), "long"), Field("owner", label("owner")),
             Field("date", label("date"), checks=(validation.date,), placeholder=text("action.date_placeholder"))],
            sync, text, names, look, save, lambda n: text("action.step_name", record=self.prefix, number=n),
            text("action.next_step_add"), new_id, extra=self._plan_control, access=access)
        widgets = self.fieldset.widgets
        for field in ("visit", "activities"):  # shown by kind: their own layout, not the shared one
            widgets[field].layout = w.Layout(width="100%")
        heading = lambda key: w.HTML(tag("h5", text(key)), style=look.html, layout=look.plain)  # noqa: E731
        parts = [header] + [widgets[f] for f in ("kind", "visit", "activities", "period_start", "period_end",
                                                  "participants")]
        parts += [heading("action.planned_heading"), self.items_note, self.items_box]
        parts += [widgets[f] for f in ("results", "challenges", "lessons", "spread")]
        parts += [heading("action.next_steps_heading"), self.next_steps, widgets["spending"], self.status_line]
        super().__init__(parts, layout=look.plain)
        self.add_class("tpi-action-card")
        self.add_class("tpi-report")

    def set_number(self, number: int) -> bool:
        changed = super().set_number(number)
        if changed:
            for item in self.items.values():
                item[1].prefix = ""  # renamed at the next arrange
        return changed

    def set_options(self, visits: list[tuple[str, str]], activities: list[ar.Activity]):
        self.fieldset.set_options("visit", [(self.text("action.no_choice"), NONE)] + visits)
        self.fieldset.set_options("activities", [(a.label, a.record) for a in activities])

    def show_kind(self, kind: str | None):
        """The visit chooser for a visit report, the activities chooser for a periodic one."""
        widgets = self.fieldset.widgets
        widgets["visit"].layout.display = None if kind == ar.VISIT_REPORT else "none"
        widgets["activities"].layout.display = None if kind == ar.PERIODIC_REPORT else "none"

    # planned vs done ----------------------------------------------------------------------------
    def arrange_items(self, items: list[ar.PlannedItem], kind: str | None):
        for activity in set(self.items) - {i.activity for i in items}:
            box, fieldset, _ = self.items.pop(activity)
            fieldset.unbind()
            close_tree(box)
        rows = []
        for item in items:
            if item.activity not in self.items:
                self.items[item.activity] = self._new_item(item.activity)
            box, fieldset, title = self.items[item.activity]
            title.value = f"<b>{esc(item.label)}</b>" + \
                ("" if item.in_plan else f" <i>{esc(self.text('action.not_in_plan'))}</i>")
            fieldset.name(self.text("action.item_name", record=self.prefix, activity=item.label.split(" ")[0]))
            rows.append(box)
        if tuple(self.items_box.children) != tuple(rows):
            self.items_box.children = rows
        key = "action.planned_none_visit" if kind == ar.VISIT_REPORT else \
            "action.planned_none_periodic" if kind == ar.PERIODIC_REPORT else "action.planned_no_kind"
        self.items_note.value = "" if items else tag("p", self.text(key), "tpi-note")

    def _new_item(self, activity: str):
        label = lambda field: self.content.label("item", field)  # noqa: E731
        status = RecordStatus(self.text, self.names, style=self.look.html, layout=self.look.plain)
        levels = ((self.text("action.no_choice"), NONE),) + tuple((d.label, d.id) for d in self.content.done_levels)
        fieldset = FieldSet(ar.REPORT_ITEMS, ar.item_record(self.record, activity),
                            [Field("done", label("done"), "choice", options=levels), Field("note", label("note"))],
                            self.sync, self.text, status, self.look)
        title = w.HTML(style=self.look.html, layout=self.look.plain)
        box = w.VBox([title, *fieldset.widgets.values(), status], layout=self.look.plain)
        box.add_class("tpi-report-item")
        return box, fieldset, title

    # next steps -> plan -------------------------------------------------------------------------
    def _plan_control(self, step: str) -> list[w.Widget]:
        choice = w.Dropdown(options=self.groups, value=self.groups[0][1] if self.groups else None,
                            style=self.look.choice_label, layout=w.Layout(width="100%"))  # hidden once added
        button = w.Button(description=self.text("action.add_to_plan"), icon="share",
                          layout=w.Layout(width="auto", max_width="100%"))
        button.add_class("tpi-add-to-plan")
        button.on_click(lambda _: self.add_to_plan(step, choice.value))
        self.plan_controls[step] = (choice, button)
        return [choice, button]

    def arrange_next_steps(self, steps, created, plan_rows):
        self.next_steps.arrange(steps, created)
        for step in set(self.plan_controls) - set(self.next_steps.rows):
            del self.plan_controls[step]
        for step, (choice, button) in self.plan_controls.items():
            row = self.next_steps.rows[step]
            choice.description = self.text("action.field", record=row.fieldset.prefix,
                                           label=self.content.label("next_step", "objective"))
            added = ar.in_plan(steps.get(step, {}), plan_rows)
            button.description = self.text("action.in_plan") if added else self.text("action.add_to_plan")
            button.icon = "check" if added else "share"
            button.disabled = added
            button.tooltip = self.text("action.add_to_plan_tip", record=row.fieldset.prefix)
            choice.layout.display = "none" if added else None

    def unbind(self):
        self.fieldset.unbind()
        self.next_steps.unbind()
        for _, fieldset, _ in self.items.values():
            fieldset.unbind()
