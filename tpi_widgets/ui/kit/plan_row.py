"""One row of the partnership plan: closed, one line of a table (number, activity, responsible,
dates, status, an edit button); opened, a card of every field of the row bound to the store,
labelled with the row's number, with move up/down, delete and close buttons and a "saved by" line;
a row added from a Step 5 action report says which report."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import validation
from tpi_widgets.content.sections.plan import PlanContent
from tpi_widgets.core.records import PLAN as COLLECTION
from tpi_widgets.ui.kit.field_set import ClosedForm, Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import attr, esc, tag
from tpi_widgets.ui.kit.read_only import NAVIGATES
from tpi_widgets.ui.kit.status import clock


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


class PlanRowCard(ClosedForm, w.VBox):
    """One plan record, bound to ("plan", record, field). Closed, it is one line of its group's
    table (`table_head` gives the headings): number, activity, responsible, dates, status (who saved
    it for a screen reader and as the status's tooltip) and an "Edit row" icon button; opened
    (`open_form`: the participant's click, or a row they just added), every field's widget is built
    and bound, and also the card's attribute (`card.activity`, `card.budget`, see name_widgets), with
    the move, delete and close buttons and a "saved by" line; `close_form` goes back to the line.
    A plan of a dozen rows would otherwise send the browser a dozen forms of fifteen fields.

    `gap_label(item_id)` names an assessment item in the gaps chooser; `on_move(record, step)`
    and `on_delete(record)` are the page's button actions; the delete button is built for a
    facilitator only."""

    def __init__(self, kit: PageKit, record: str, content: PlanContent, institutions: list[str],
                 gap_label: Callable[[str], str], on_move: Callable[[str, int], None],
                 on_delete: Callable[[str], None]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-plan-row")
        self.kit, self.record, self.sync, self.text, self.gap_label = kit, record, kit.sync, kit.text, gap_label
        self.content, self.institutions, self.on_move, self.on_delete = content, institutions, on_move, on_delete
        self.currency = content.currency
        self.number, self.first, self.last = "", True, True
        self.origin = ""  # "From action report 2: …" for a row added from a report (`set_origin`)
        self.candidates: list[str] = []
        self.fieldset: FieldSet | None = None
        self.show_line()

    def show_line(self):
        """The closed row: its line and the button opening it (its label, the row's number, is
        given by `set_place`)."""
        self.summary = self.kit.html()
        self.summary.add_class("tpi-plan-row-summary")
        self.editor = self.edit_button(self.kit, self.text("plan.edit_row", number=self.number or "?"),
                                       "tpi-plan-edit")
        self.add_class("tpi-plan-closed")
        self.children = [self.summary, self.editor]

    def build_form(self) -> FieldSet:
        """The row's fields, in place of its summary."""
        fieldset = FieldSet(self.kit, COLLECTION, self.record, plan_fields(self.content, self.text, self.institutions))
        fieldset.order_dates("start", "end")
        return fieldset

    def show_form(self):
        kit, text, look, record = self.kit, self.text, self.kit.look, self.record
        self.status_line = self.fieldset.status
        self.gaps_hint = kit.html(f'<span class="tpi-hint">{esc(text("plan.gaps_hint"))}</span>')
        self.title = kit.html()
        self.title.add_class("tpi-plan-row-title")
        self.up = w.Button(description=text("plan.move_up"), icon="arrow-up", layout=look.plain,
                           style=look.button_style)
        self.down = w.Button(description=text("plan.move_down"), icon="arrow-down", layout=look.plain,
                             style=look.button_style)
        # a facilitator's only (roles.py): empty on a participant's page
        self.delete = kit.access.slot(lambda: self.on_delete(record), text("plan.delete"), css="tpi-plan-delete",
                                      layout=look.plain)
        self.up.on_click(lambda _: self.on_move(record, -1))
        self.down.on_click(lambda _: self.on_move(record, 1))
        tools = w.HBox([self.up, self.down, self.delete], layout=look.plain)
        tools.add_class("tpi-plan-row-tools")
        # closing only shows the line again: usable on a read-only page too, and outside the tools a
        # locked step greys out
        self.closer = kit.button(text("plan.close_row"), css="tpi-plan-close")
        self.closer.add_class(NAVIGATES)
        self.closer.on_click(lambda _: self.close_form())
        header = w.HBox([self.title, tools, self.closer], layout=look.plain)
        header.add_class("tpi-plan-row-header")
        self.origin_line = kit.html(self._origin_html())
        self.remove_class("tpi-plan-closed")
        self.children = [header, self.origin_line, *self.fieldset.widgets.values(), self.gaps_hint, self.status_line]
        for widget in (self.summary, self.editor):
            widget.close()
        number, self.number = self.number, ""
        self.set_place(number, self.first, self.last)
        self.set_gap_candidates(self.candidates)

    def show_closed(self):
        self.show_line()
        number, self.number = self.number, ""
        self.set_place(number, self.first, self.last)  # labels the button and writes the line

    def set_gap_candidates(self, candidates: list[str]):
        """Offer `candidates`, plus any gap this row already names (kept, so nothing is lost)."""
        self.candidates = candidates
        if not self.opened:
            return
        stored = self.sync.value(self.fieldset.key("gaps")) or []
        ids = list(candidates) + [g for g in stored if g not in candidates]
        self.fieldset.set_options("gaps", [(self.gap_label(i), i) for i in ids])

    def refresh(self):
        """The closed row's line, from the store as it is now: a cell per column (an empty cell
        stays empty, for the phone's layout to leave it out); the activity is cut to the line
        with its whole text as its tooltip, the report it came from under it."""
        if self.opened:
            return
        text, row = self.text, self.sync.records(COLLECTION).get(self.record, {})
        value = lambda field: str(row.get(field) or "").strip()  # noqa: E731
        status = {s.id: s.label for s in self.content.statuses}.get(value("status"), "")
        dates = " – ".join(d for d in (value("start"), value("end")) if d)
        activity = value("activity")
        entries = [e for (c, r, _), e in list(self.sync.entries.items()) if c == COLLECTION and r == self.record]
        latest = max(entries, key=lambda e: e.change_id) if entries else None
        saved = text("app.saved_by", name=self.kit.names(latest.participant_id),
                     time=clock(latest.updated_at)) if latest is not None and latest.participant_id else ""
        shown = (f'<span class="tpi-plan-activity" title="{attr(activity)}">{esc(activity)}</span>' if activity
                 else tag("span", text("plan.activity_none"), "tpi-plan-activity tpi-plan-activity-none"))
        # responsible, dates and status: three columns of the table, one line of their own on a phone
        meta = (tag("span", value("responsible"), "tpi-plan-cell tpi-plan-responsible")
                + tag("span", dates, "tpi-plan-cell tpi-plan-dates")
                + f'<span class="tpi-plan-cell tpi-plan-status" title="{attr(saved)}">{esc(status)}</span>')
        self.summary.value = (
            '<div class="tpi-plan-line">' + tag("span", self.number, "tpi-plan-cell tpi-plan-number")
            + f'<span class="tpi-plan-cell tpi-plan-activity-cell">{shown}{self._origin_html("span")}</span>'
            + f'<span class="tpi-plan-meta">{meta}</span>'
            + (tag("span", saved, "tpi-plan-saved") if saved else "") + "</div>")

    def set_origin(self, origin: str):
        """Say which action report the row was added from ("" for a row written in Step 4)."""
        if origin == self.origin:
            return
        self.origin = origin
        if self.opened:
            self.origin_line.value = self._origin_html()
        else:
            self.refresh()

    def _origin_html(self, element: str = "p") -> str:
        return tag(element, self.origin, "tpi-plan-row-origin") if self.origin else ""

    # numbering ----------------------------------------------------------------------------------
    def set_place(self, number: str, first: bool, last: bool):
        """Name every field after the row's number ("Row 2.1.3 activity"); at the ends of its
        group, the move button that cannot move is disabled."""
        self.first, self.last = first, last
        if self.opened:
            self.up.disabled, self.down.disabled = first, last
        if number == self.number:
            return
        self.number = number
        text = self.text
        if not self.opened:
            self.editor.description = self.editor.tooltip = text("plan.edit_row", number=number)
            self.refresh()
            return
        self.closer.tooltip = text("plan.close_row_tip", number=number)
        self.title.value = esc(text("plan.row_title", number=number))
        self.fieldset.relabel(lambda field: text(f"plan.field_{field.name}", number=number, currency=self.currency))
        self.up.tooltip = text("plan.move_up_tip", number=number)
        self.down.tooltip = text("plan.move_down_tip", number=number)
        self.delete.label(tooltip=text("plan.delete_tip", number=number))


TABLE_COLUMNS = ("number", "activity", "responsible", "dates", "status")  # the cells of a closed row's line


def table_head(text: Callable[..., str]) -> str:
    """The column headings of a group's lines, shown once above them. Hidden from screen readers,
    which read each line as a row of text: headings apart from their cells would only be noise."""
    cells = "".join(tag("span", text(f"plan.col_{column}"), "tpi-plan-cell") for column in TABLE_COLUMNS)
    return f'<div class="tpi-plan-line tpi-plan-head" aria-hidden="true">{cells}</div>'
