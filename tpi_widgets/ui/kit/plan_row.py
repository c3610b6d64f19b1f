"""One row of the partnership plan as a card: every field of the row bound to the store,
labelled with the row's number, with move up/down and delete buttons and a "saved by" line."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import validation
from tpi_widgets.content.sections.plan import PlanContent
from tpi_widgets.ui.live import Binding, LiveSync
from tpi_widgets.core.plan import COLLECTION
from tpi_widgets.ui.kit.fields import ValidatedText, bind_choice, bind_text
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import esc

NO_INSTITUTION = ""  # the institution dropdown's value for "not chosen"; stored as null


class PlanRowCard(w.VBox):
    """The widgets of one plan record, bound to ("plan", record, field).

    `gap_label(item_id)` names an assessment item in the gaps chooser; `on_move(record, step)`
    and `on_delete(record)` are the page's button actions; `access` builds the delete button
    for a facilitator only."""

    def __init__(self, record: str, sync: LiveSync, text: Callable[..., str], names: Callable[[int | None], str],
                 content: PlanContent, institutions: list[str], look: SharedLook,
                 gap_label: Callable[[str], str], on_move: Callable[[str, int], None],
                 on_delete: Callable[[str], None], access: DeleteAccess):
        super().__init__(layout=look.plain)
        self.add_class("tpi-plan-row")
        self.record, self.sync, self.text, self.gap_label = record, sync, text, gap_label
        self.currency = content.currency
        self.number = ""
        self.status_line = RecordStatus(text, names, style=look.html, layout=look.plain)

        def text_input(multiline=False, placeholder=""):
            kind = w.Textarea if multiline else w.Text
            extra = {"rows": 2} if multiline else {}
            return kind(placeholder=placeholder, continuous_update=True, style=look.text_label, layout=look.wide,
                        **extra)

        def checked(*checks, placeholder=""):
            return ValidatedText("", text, *checks, placeholder=placeholder, style=look.text_label, layout=look.wide)

        self.result = text_input(multiline=True)
        self.activity = text_input(multiline=True)
        self.responsible = checked(validation.required)
        self.institution = w.Dropdown(options=[(text("plan.institution_none"), NO_INSTITUTION)] +
                                      [(name, name) for name in institutions], value=NO_INSTITUTION,
                                      style=look.choice_label, layout=look.wide)
        self.start = checked(validation.date, placeholder=text("plan.date_placeholder"))
        self.end = checked(validation.date, lambda end: validation.date_order(self.start.value, end),
                           placeholder=text("plan.date_placeholder"))
        self.start.input.observe(lambda change: self.end.validate(), names="value")  # the order check
        self.resources = text_input()
        self.budget = checked(validation.number, placeholder=text("plan.budget_placeholder"))
        # Suggestions, not a closed list: a row may be paid by a source the pack does not name.
        self.funding = w.Combobox(options=list(content.funding_sources), ensure_option=False,
                                  continuous_update=True, style=look.text_label, layout=look.wide)
        self.indicator = text_input()
        self.baseline = text_input()
        self.target = text_input()
        self.verification = text_input()
        self._status_ids = [s.id for s in content.statuses]
        self.status = w.Dropdown(options=[(s.label, s.id) for s in content.statuses], value=None,
                                 style=look.choice_label, layout=look.wide)
        self.gaps = w.SelectMultiple(options=[], rows=4, style=look.choice_label, layout=look.wide)
        self.gaps_hint = w.HTML(f'<span class="tpi-hint">{esc(text("plan.gaps_hint"))}</span>',
                                style=look.html, layout=look.plain)

        self.title = w.HTML(style=look.html, layout=look.plain)
        self.title.add_class("tpi-plan-row-title")
        self.up = w.Button(description=text("plan.move_up"), icon="arrow-up", layout=look.plain)
        self.down = w.Button(description=text("plan.move_down"), icon="arrow-down", layout=look.plain)
        # a facilitator's only (roles.py): empty on a participant's page
        self.delete = access.slot(lambda: on_delete(record), text("plan.delete"), css="tpi-plan-delete",
                                  layout=look.plain)
        self.up.on_click(lambda _: on_move(record, -1))
        self.down.on_click(lambda _: on_move(record, 1))
        tools = w.HBox([self.up, self.down, self.delete], layout=look.plain)
        tools.add_class("tpi-plan-row-tools")
        header = w.HBox([self.title, tools], layout=look.plain)
        header.add_class("tpi-plan-row-header")

        self.children = [header, self.result, self.activity, self.responsible, self.institution, self.start,
                         self.end, self.resources, self.budget, self.funding, self.indicator, self.baseline,
                         self.target, self.verification, self.status, self.gaps, self.gaps_hint, self.status_line]
        self._bind()
        for field in (self.responsible, self.start, self.end, self.budget):
            field.validate()  # a stored value was checked as it arrived; an empty one is checked here

    # the store ----------------------------------------------------------------------------------
    def inputs(self) -> dict[str, w.Widget]:
        """Each stored field and the widget showing it."""
        return {"result": self.result, "activity": self.activity, "responsible": self.responsible.input,
                "institution": self.institution, "start": self.start.input, "end": self.end.input,
                "resources": self.resources, "budget": self.budget.input, "funding": self.funding,
                "indicator": self.indicator, "baseline": self.baseline, "target": self.target,
                "verification": self.verification, "status": self.status, "gaps": self.gaps}

    def key(self, field: str):
        return (COLLECTION, self.record, field)

    def _bind(self):
        for field, widget in self.inputs().items():
            if field == "institution":
                bind_choice(self.sync, self.key(field), widget, self.status_line.callback(field), empty=NO_INSTITUTION)
            elif field == "status":
                # a status id the pack no longer has shows as no choice, instead of failing
                self.sync.bind(Binding(self.key(field), widget, to_store=lambda v: v,
                                       from_store=lambda v: v if v in self._status_ids else None,
                                       on_status=self.status_line.callback(field)))
            elif field == "gaps":
                self._bind_gaps()
            else:
                bind_text(self.sync, self.key(field), widget, self.status_line.callback(field))

    def _bind_gaps(self):
        self.sync.bind(Binding(self.key("gaps"), self.gaps, to_store=list,
                               from_store=lambda v: tuple(g for g in (v or []) if g in self.gaps_ids()),
                               on_status=self.status_line.callback("gaps")))

    def gaps_ids(self) -> list[str]:
        return [value for _, value in self.gaps.options]

    def set_gap_candidates(self, candidates: list[str]):
        """Offer `candidates`, plus any gap this row already names (kept, so nothing is lost)."""
        stored = self.sync.value(self.key("gaps")) or []
        ids = list(candidates) + [g for g in stored if g not in candidates]
        options = tuple((self.gap_label(i), i) for i in ids)
        if options == tuple(self.gaps.options):
            return
        # Changing a selection's options clears its value: rebind around the change, so the
        # clearing is not saved as an edit and the stored choice is shown again afterwards.
        self.sync.unbind(self.key("gaps"))
        self.gaps.options = options
        self._bind_gaps()

    def unbind(self):
        for field in self.inputs():
            self.sync.unbind(self.key(field))

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
        for field, widget in self.inputs().items():
            extra = {"currency": self.currency} if field == "budget" else {}
            widget.description = text(f"plan.field_{field}", number=number, **extra)
        self.up.tooltip = text("plan.move_up_tip", number=number)
        self.down.tooltip = text("plan.move_down_tip", number=number)
        self.delete.label(tooltip=text("plan.delete_tip", number=number))
