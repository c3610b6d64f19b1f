"""An action report (Annex 3) as a card: its type (after a visit, linked to that visit proposal,
or periodic) and period, participants, planned vs done (the linked plan activities listed by
themselves, each with done / partly / not done and a note), results, challenges, lessons,
spread, next steps (each can become a plan activity) and spending (a number, in the pack's
currency). Choosing the visit a report follows fills in its period and participants from that
visit, where the report has none yet."""

from __future__ import annotations

from typing import Callable, Mapping

import ipywidgets as w

from tpi_widgets.core.records import NEXT_STEPS, REPORTS, REPORT_ITEMS
from tpi_widgets.core import action_records as ar
from tpi_widgets.content.sections.action import ActionContent, choice_label
from tpi_widgets.ui.kit.action_rows import ChildList, NumberedCard, name_fields
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.core.html import esc, tag


def report_fields(content: ActionContent, text: Callable[..., str], currency: str) -> list[Field]:
    label = lambda field: content.label("report", field)  # noqa: E731
    date, unset = text("action.date_placeholder"), text("action.no_choice")
    return [
        Field("kind", label("kind"), "choice", options=tuple((k.label, k.id) for k in content.report_kinds),
              unset=unset),
        Field("visit", label("visit"), "choice", unset=unset),
        Field("activities", label("activities"), "multi"),
        Field("period_start", label("period_start"), "date", placeholder=date),
        Field("period_end", label("period_end"), "date", placeholder=date),
        Field("participants", label("participants"), "long"),
        Field("results", label("results"), "long"),
        Field("challenges", label("challenges"), "long"),
        Field("lessons", label("lessons"), "long"),
        Field("spread", label("spread"), "long"),
        Field("spending", text("action.amount", label=label("spending"), currency=currency), "number",
              placeholder=text("plan.budget_placeholder")),
    ]


class ReportCard(NumberedCard, w.VBox):
    """`add_to_plan(step, group_choice)` is the page's action making a next step a plan row;
    `groups` are the plan groups offered for it: (choice id, label). `picked_up(record, visit)`
    gives the writes saved with a choice of visit (the period and participants it fills in).
    Closed, its row says the report's type, how many planned activities are done, and the visit
    or period it reports on (NumberedCard)."""

    name_key, collection, dates = "action.report_name", REPORTS, ("period_start", "period_end")

    def __init__(self, kit: PageKit, record: str, content: ActionContent, save: Callable[[list], bool],
                 remove: Callable[[], None], groups: list[tuple[str, str]],
                 add_to_plan: Callable[[str, str], None], currency: str,
                 picked_up: Callable[[str, object], list], rearrange: Callable[[], None]):
        super().__init__(layout=kit.look.plain)
        self.content, self.save, self.currency, self.picked_up = content, save, currency, picked_up
        self.groups, self.add_to_plan = groups, add_to_plan
        self.start_closed(kit, record, remove, rearrange)
        self.add_class("tpi-report")

    def fields(self) -> list[Field]:
        return report_fields(self.content, self.text, self.currency)

    def lay_out(self, header: w.HBox) -> list[w.Widget]:
        kit, text, content, record = self.kit, self.text, self.content, self.record
        # the period and participants the chosen visit gives, saved with the choice
        self.fieldset.rebind("visit", also=lambda visit: self.picked_up(record, visit))
        # one row per planned activity, record "<report>:<plan row>" (core.action_records.item_record)
        self.items_box = RecordList(kit, REPORT_ITEMS, lambda item: ReportItem(kit, item, content), self.save,
                                    numbered=False)
        self.items_box.add_class("tpi-report-items")
        self.items_note = kit.html()
        self.plan_controls: dict[str, tuple[w.Dropdown, w.Button]] = {}
        label = lambda field: content.label("next_step", field)  # noqa: E731
        self.next_steps = ChildList(
            kit, NEXT_STEPS, record,
            [Field("text", label("text"), "long"), Field("owner", label("owner")),
             Field("date", label("date"), "date", placeholder=text("action.date_placeholder"))],
            self.save, lambda n: text("action.step_name", record=self.prefix, number=n),
            text("action.next_step_add"), extra=self._plan_control)
        widgets = self.fieldset.widgets
        for field in ("visit", "activities"):  # shown by kind: their own layout, not the shared one
            widgets[field].layout = w.Layout(width="100%")
        heading = lambda key: kit.html(tag("h5", text(key)))  # noqa: E731
        parts = [header] + [widgets[f] for f in ("kind", "visit", "activities", "period_start", "period_end",
                                                  "participants")]
        parts += [heading("action.planned_heading"), self.items_note, self.items_box]
        parts += [widgets[f] for f in ("results", "challenges", "lessons", "spread")]
        return parts + [heading("action.next_steps_heading"), self.next_steps, widgets["spending"], self.status_line]

    def summary(self, fields: Mapping[str, object], items: list[ar.PlannedItem], visit_name: str) -> list[str]:
        """`items`: its planned activities; `visit_name`: the visit it reports on, as the page names it."""
        kind = fields.get("kind")
        done = sum(item.done == self.content.fully_done for item in items)
        return [choice_label(self.content.report_kinds, kind),
                self.text("action.planned_done", done=done, total=len(items)) if items else "",
                visit_name if kind == ar.VISIT_REPORT else self.period(fields)]

    def set_options(self, visits: list[tuple[str, str]], activities: list[ar.Activity]):
        self.fieldset.set_options("visit", visits)
        self.fieldset.set_options("activities", [(a.label, a.record) for a in activities])

    def show_kind(self, kind: str | None):
        """The visit chooser for a visit report, the activities chooser for a periodic one."""
        widgets = self.fieldset.widgets
        widgets["visit"].layout.display = None if kind == ar.VISIT_REPORT else "none"
        widgets["activities"].layout.display = None if kind == ar.PERIODIC_REPORT else "none"

    # planned vs done ----------------------------------------------------------------------------
    def arrange_items(self, items: list[ar.PlannedItem], kind: str | None):
        shown = self.items_box.arrange([ar.item_record(self.record, item.activity) for item in items])
        for item, record in zip(items, shown):
            self.items_box.rows[record].show(item, self.prefix)
        key = "action.planned_none_visit" if kind == ar.VISIT_REPORT else \
            "action.planned_none_periodic" if kind == ar.PERIODIC_REPORT else "action.planned_no_kind"
        self.items_note.value = "" if items else tag("p", self.text(key), "tpi-note")

    # next steps -> plan -------------------------------------------------------------------------
    def _plan_control(self, step: str) -> list[w.Widget]:
        choice = w.Dropdown(options=self.groups, value=self.groups[0][1] if self.groups else None,
                            style=self.kit.look.choice_label, layout=w.Layout(width="100%"))  # hidden once added
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
            choice.description = self.text("action.field", record=row.prefix,
                                           label=self.content.label("next_step", "objective"))
            added = ar.in_plan(steps.get(step, {}), plan_rows)
            button.description = self.text("action.in_plan") if added else self.text("action.add_to_plan")
            button.icon = "check" if added else "share"
            button.disabled = added
            button.tooltip = self.text("action.add_to_plan_tip", record=row.prefix)
            choice.layout.display = "none" if added else None


class ReportItem(w.VBox):
    """One planned activity of a report: done, partly or not done, and a note."""

    def __init__(self, kit: PageKit, record: str, content: ActionContent):
        self.text = kit.text
        label = lambda field: content.label("item", field)  # noqa: E731
        self.fieldset = FieldSet(kit, REPORT_ITEMS, record, [
            Field("done", label("done"), "choice", options=tuple((d.label, d.id) for d in content.done_levels),
                  unset=kit.text("action.no_choice")),
            Field("note", label("note"))])
        self.title = kit.html()
        super().__init__([self.title, *self.fieldset.widgets.values(), self.fieldset.status], layout=kit.look.plain)
        self.add_class("tpi-report-item")

    def show(self, item: ar.PlannedItem, report_name: str):
        text = self.text
        self.title.value = f"<b>{esc(item.label)}</b>" + \
            ("" if item.in_plan else f" <i>{esc(text('action.not_in_plan'))}</i>")
        name_fields(self.fieldset, text, text("action.item_name", record=report_name,
                                              activity=item.label.split(" ")[0]))
