"""A visit proposal (Annex 2) as a card: which side visits and hosts, dates (its duration computed
from them, not typed), the visiting team (an add/remove list), the plan activities it serves,
programme, outcomes, sharing, budget (a number, in the pack's currency), logistics and risks,
approvals and its status; every field bound to ("visits", record, field)."""

from __future__ import annotations

from typing import Callable, Mapping

import ipywidgets as w

from tpi_widgets.core.records import VISITS, VISIT_TEAM
from tpi_widgets.core import action_records as ar
from tpi_widgets.content.sections.action import ActionContent, choice_label
from tpi_widgets.ui.kit.action_rows import ChildList, NumberedCard
from tpi_widgets.ui.kit.field_set import Field
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import tag


def visit_fields(content: ActionContent, text: Callable[..., str], institutions: list[str],
                 currency: str) -> list[Field]:
    label = lambda field: content.label("visit", field)  # noqa: E731
    sides, unset = tuple((name, name) for name in institutions), text("action.no_choice")
    date = text("action.date_placeholder")
    return [
        Field("status", label("status"), "choice", options=tuple((s.label, s.id) for s in content.visit_statuses)),
        Field("visiting_side", label("visiting_side"), "choice", options=sides, unset=unset),
        Field("host_side", label("host_side"), "choice", options=sides, unset=unset),
        Field("start", label("start"), "date", placeholder=date),
        Field("end", label("end"), "date", placeholder=date),
        Field("host_contact", label("host_contact")),
        Field("activities", label("activities"), "multi"),
        Field("purpose", label("purpose"), "long"),
        Field("programme", label("programme"), "long"),
        Field("outcomes", label("outcomes"), "long"),
        Field("sharing", label("sharing"), "long"),
        Field("budget", text("action.amount", label=label("budget"), currency=currency), "number",
              placeholder=text("plan.budget_placeholder")),
        Field("payer", label("payer"), "combo", options=content.payers),
        Field("logistics", label("logistics"), "long"),
        Field("approvals", label("approvals"), "long"),
    ]


def team_fields(content: ActionContent, institutions: list[str], text: Callable[..., str]) -> list[Field]:
    label = lambda field: content.label("team", field)  # noqa: E731
    return [Field("name", label("name")), Field("role", label("role")),
            Field("institution", label("institution"), "combo", options=tuple(institutions)),
            Field("expertise", label("expertise"))]


class VisitCard(NumberedCard, w.VBox):
    """Closed, its row says the visit's status, dates and who visits whom (NumberedCard)."""

    name_key, collection, dates = "action.visit_name", VISITS, ("start", "end")

    def __init__(self, kit: PageKit, record: str, content: ActionContent, institutions: list[str],
                 save: Callable[[list], bool], remove: Callable[[], None], currency: str,
                 rearrange: Callable[[], None]):
        super().__init__(layout=kit.look.plain)
        self.content, self.institutions, self.save, self.currency = content, institutions, save, currency
        self.start_closed(kit, record, remove, rearrange)
        self.add_class("tpi-visit")

    def fields(self) -> list[Field]:
        return visit_fields(self.content, self.text, self.institutions, self.currency)

    def lay_out(self, header: w.HBox) -> list[w.Widget]:
        kit, text = self.kit, self.text
        self.duration = kit.html()
        self.duration.add_class("tpi-visit-duration")
        for day in self.dates:  # follows the dates as they are typed or arrive
            self.fieldset.inputs[day].observe(lambda _: self.show_duration(), names="value")
        self.team = ChildList(kit, VISIT_TEAM, self.record, team_fields(self.content, self.institutions, text),
                              self.save, lambda n: text("action.member_name", record=self.prefix, number=n),
                              text("action.team_add"))
        self.links = kit.html()
        self.links.add_class("tpi-action-links")
        widgets = self.fieldset.widgets
        parts = [header, self.links] + [widgets[f] for f in ("status", "visiting_side", "host_side", "start", "end")]
        parts += [self.duration, widgets["host_contact"]]
        parts += [kit.html(tag("h5", text("action.team_heading"))), self.team]
        parts += [widgets[f] for f in ("activities", "purpose", "programme", "outcomes", "sharing", "budget", "payer",
                                       "logistics", "approvals")]
        return parts + [self.status_line]

    def summary(self, fields: Mapping[str, object]) -> list[str]:
        status = choice_label(self.content.visit_statuses, fields.get("status"))
        sides = [str(fields.get(side) or "").strip() for side in ("visiting_side", "host_side")]
        return [status, self.period(fields), " → ".join(side or "?" for side in sides) if any(sides) else ""]

    def show_duration(self):
        """The visit's duration from its first and last day, as shown: "Visit 1 duration: 12 days"."""
        inputs, text = self.fieldset.inputs, self.text
        key, values = ar.duration_text(inputs["start"].value, inputs["end"].value) or ("action.duration_unknown", {})
        name = text("action.field", record=self.prefix, label=self.content.label("visit", "duration"))
        self.duration.value = tag("p", text("action.value_line", label=name, value=text(key, **values)), "tpi-hint")

    def set_number(self, number: int):
        super().set_number(number)
        if self.opened:
            self.show_duration()  # named after the card

    def set_activities(self, activities: list[ar.Activity]):
        self.fieldset.set_options("activities", [(a.label, a.record) for a in activities])

    def show_links(self, report_names: list[str]):
        self.links.value = tag("p", self.text("action.visit_reports", reports=", ".join(report_names)), "tpi-hint") \
            if report_names else ""
