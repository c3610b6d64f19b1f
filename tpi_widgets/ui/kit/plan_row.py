"""One row of the partnership plan as a card: every field of the row bound to the store,
labelled with the row's number, with move up/down and delete buttons and a "saved by" line."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import validation
from tpi_widgets.content.sections.plan import PlanContent
from tpi_widgets.core.records import PLAN as COLLECTION
from tpi_widgets.ui.kit.field_set import Field, FieldSet, name_widgets
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import esc


def plan_fields(content: PlanContent, text: Callable[..., str], institutions: list[str]) -> list[Field]:
    """A plan row's fields, in Annex 1's order; labelled by the row's number once placed."""
    date = text("plan.date_placeholder")
    return [
        Field("result", "", "long"), Field("activity", "", "long"),
        Field("responsible", "", checks=(validation.required,)),
        Field("institution", "", "choice", options=tuple((name, name) for name in institutions),
              unset=text("plan.institution_none")),
        Field("start", "", "date", placeholder=date), Field("end", "", "date", placeholder=date),
        Field("resources", ""), Field("budget", "", "number", placeholder=text("plan.budget_placeholder")),
        # suggestions, not a closed list: a row may be paid by a source the pack does not name
        Field("funding", "", "combo", options=content.funding_sources),
        Field("indicator", ""), Field("baseline", ""), Field("target", ""), Field("verification", ""),
        Field("status", "", "choice", options=tuple((s.label, s.id) for s in content.statuses)),
        Field("gaps", "", "multi"),
    ]


class PlanRowCard(w.VBox):
    """The widgets of one plan record, bound to ("plan", record, field); each field's widget is
    also the card's attribute (`card.activity`, `card.budget`, see name_widgets).

    `gap_label(item_id)` names an assessment item in the gaps chooser; `on_move(record, step)`
    and `on_delete(record)` are the page's button actions; the delete button is built for a
    facilitator only."""

    def __init__(self, kit: PageKit, record: str, content: PlanContent, institutions: list[str],
                 gap_label: Callable[[str], str], on_move: Callable[[str, int], None],
                 on_delete: Callable[[str], None]):
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-plan-row")
        self.record, self.sync, self.text, self.gap_label = record, kit.sync, text, gap_label
        self.currency = content.currency
        self.number = ""
        self.fieldset = FieldSet(kit, COLLECTION, record, plan_fields(content, text, institutions))
        self.fieldset.order_dates("start", "end")
        name_widgets(self, self.fieldset)
        self.status_line = self.fieldset.status
        self.gaps_hint = kit.html(f'<span class="tpi-hint">{esc(text("plan.gaps_hint"))}</span>')

        self.title = kit.html()
        self.title.add_class("tpi-plan-row-title")
        self.up = w.Button(description=text("plan.move_up"), icon="arrow-up", layout=look.plain)
        self.down = w.Button(description=text("plan.move_down"), icon="arrow-down", layout=look.plain)
        # a facilitator's only (roles.py): empty on a participant's page
        self.delete = kit.access.slot(lambda: on_delete(record), text("plan.delete"), css="tpi-plan-delete",
                                      layout=look.plain)
        self.up.on_click(lambda _: on_move(record, -1))
        self.down.on_click(lambda _: on_move(record, 1))
        tools = w.HBox([self.up, self.down, self.delete], layout=look.plain)
        tools.add_class("tpi-plan-row-tools")
        header = w.HBox([self.title, tools], layout=look.plain)
        header.add_class("tpi-plan-row-header")
        self.children = [header, *self.fieldset.widgets.values(), self.gaps_hint, self.status_line]

    def set_gap_candidates(self, candidates: list[str]):
        """Offer `candidates`, plus any gap this row already names (kept, so nothing is lost)."""
        stored = self.sync.value(self.fieldset.key("gaps")) or []
        ids = list(candidates) + [g for g in stored if g not in candidates]
        self.fieldset.set_options("gaps", [(self.gap_label(i), i) for i in ids])

    # numbering ----------------------------------------------------------------------------------
    def set_place(self, number: str, first: bool, last: bool):
        """Name every field after the row's number ("Row 2.1.3 activity"); at the ends of its
        group, the move button that cannot move is disabled."""
        self.up.disabled, self.down.disabled = first, last
        if number == self.number:
            return
        self.number = number
        text = self.text
        self.title.value = esc(text("plan.row_title", number=number))
        self.fieldset.relabel(lambda field: text(f"plan.field_{field.name}", number=number, currency=self.currency))
        self.up.tooltip = text("plan.move_up_tip", number=number)
        self.down.tooltip = text("plan.move_down_tip", number=number)
        self.delete.label(tooltip=text("plan.delete_tip", number=number))
