"""Step 4, action planning: the partnership plan (Annex 1) written together, one row per activity
under each objective (technical ones by area: a table of one-line rows, each opened in place to
edit), with the focus gaps still lacking an
activity, a budget summary and a timeline that follow every participant's edits."""

from __future__ import annotations

from collections import ChainMap

import ipywidgets as w

from tpi_widgets.core import plan
from tpi_widgets.core.records import BASELINE
from tpi_widgets.content.model import item_code
from tpi_widgets.ui.live import Key
from tpi_widgets.core.plan import Group
from tpi_widgets.core.records import PLAN as COLLECTION, FOCUS
from tpi_widgets.core.records import DELETED, NEXT_STEPS, REPORTS, creation_ids
from tpi_widgets.core import action_records as ar
from tpi_widgets.store import Participant
from tpi_widgets.core.charts import plan_timeline_png
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.plan_row import PlanRowCard, table_head
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.core.html import esc, isolate, tag
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.reports.labels import objective_titles
from tpi_widgets.core.locale_format import format_amount
from tpi_widgets.reports.tables import budget_tables
from tpi_widgets.ui.page import StepPage

GAP_TEXT_CHARS = 70  # an item's text in the gaps chooser is cut here: a phone shows one line


class ActionPlanningApp(StepPage):
    step_number = 4
    reads = (FOCUS, BASELINE, NEXT_STEPS, REPORTS)  # the reports: which one a row was added from

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.content = ctx.pack.section("plan")
        self.items = {item.id: item for area in ctx.areas for item in area.items}
        self.objectives = [(o.id, o.number) for o in ctx.pack.objectives]
        self.institutions = [i["name"] for i in ctx.partnership.institutions]
        self._chosen: set[str] = set()  # the focus items chosen in Step 3, as of the last refresh

        kit = self.kit
        self.focus_note = kit.html()
        self.focus_note.add_class("tpi-plan-focus")
        self.message = kit.html()
        self.message.add_class("tpi-field-error")
        self.undo_text = kit.html()
        # deleting and undoing are a facilitator's: the Undo button is built for them only (roles.py)
        self.undo_button = kit.access.slot(self.undo_delete, ctx.text("plan.undo"), icon="undo",
                                           layout=kit.look.button)
        self.undo_bar = w.HBox([self.undo_text, self.undo_button])  # its own layout: hidden until a deletion
        self.undo_bar.add_class("tpi-plan-undo")
        self.undo_bar.layout.display = "none"
        self.budget = kit.html()
        self.budget.add_class("tpi-plan-budget")
        self.chart = ChartPanel(self.chart_png, ctx.text("plan.chart_show"), ctx.text("plan.chart_hide"),
                                look=self.kit.look)
        self.group_boxes: dict[tuple, RecordList] = {}  # each group's cards, in the plan's order
        self.group_heads: dict[tuple, w.HTML] = {}  # each group's column headings, shown while it has rows
        self.add_buttons: dict[tuple, w.Button] = {}
        sections = [self._objective_section(o) for o in ctx.pack.objectives]
        # every card shown, by record: a live view of the groups' lists
        self.cards: ChainMap[str, PlanRowCard] = ChainMap(*(box.rows for box in self.group_boxes.values()))

        heading = kit.html(tag("h3", ctx.text("plan.heading", cycle=ctx.cycle)) + tag("p", ctx.text("plan.intro")))
        return [heading, self.focus_note, self.message, self.undo_bar, self.budget, self.chart, *sections]

    def _objective_section(self, objective) -> w.VBox:
        ctx = self.context
        parts = [self.kit.html(tag("h3", ctx.text("plan.objective_heading", number=objective.number,
                                                  title=objective.title))
                               + tag("p", objective.summary, "tpi-area-description"))]
        for group in self.groups():
            if group.objective != objective.id:
                continue
            name = objective.title
            if group.area is not None:
                area = ctx.pack.area(group.area)
                name = area.short
                parts.append(self.kit.html(tag("h4", ctx.text("plan.area_heading", number=group.number, title=area.title))))
            self.group_boxes[group.key] = box = RecordList(self.kit, COLLECTION, self._new_card, self._save_all,
                                                           empty_text=ctx.text("plan.empty_group"), numbered=False)
            box.add_class("tpi-plan-group")
            # its own layout, not the page's shared one: hidden while its group is empty
            self.group_heads[group.key] = head = w.HTML(table_head(ctx.text), style=self.kit.look.html,
                                                        layout=w.Layout(display="none"))
            head.add_class("tpi-plan-table-head")
            add = self.kit.button(ctx.text("plan.add_row", group=name), icon="plus", css="tpi-plan-add")
            add.on_click(lambda _, key=group.key: self.add_row(*key))
            self.add_buttons[group.key] = add
            parts += [head, box, add]
        section = w.VBox(parts, layout=self.kit.look.plain)
        section.add_class("tpi-plan-objective")
        return section

    def start(self, participant: Participant):
        self.rerun()  # the undo bar is a facilitator's

    # the plan as data ---------------------------------------------------------------------------
    def rows(self) -> dict[str, dict[str, object]]:
        return self.sync.records(COLLECTION)

    def groups(self, rows=None) -> list[Group]:
        return plan.plan_groups(self.rows() if rows is None else rows, self.objectives,
                                [a.id for a in self.context.areas])

    def chosen(self) -> list[str]:
        return plan.chosen_focus(self.sync.records(FOCUS), list(self.items))

    def candidates(self, chosen: list[str]) -> list[str]:
        ratings = {item: fields.get("rating") for item, fields in self.sync.records(BASELINE).items()}
        return plan.gap_candidates(ratings, self.context.pack.scale.is_gap, chosen, list(self.items))

    # button actions -----------------------------------------------------------------------------
    def add_row(self, objective: str, area: str | None = None) -> str | None:
        """A new empty row at the end of its group; returns its record id."""
        group = next(g for g in self.groups() if g.key == (objective, area))
        fields = {"objective": objective, "order": plan.next_order(self.rows(), group),
                  "status": self.content.default_status}
        if area is not None:
            fields["area"] = area
        record = self.group_boxes[group.key].add(**fields)
        if record is not None and record in self.cards:  # the participant who added a row fills it in
            self.cards[record].open_form()
        return record

    def move(self, record: str, step: int):
        rows = self.rows()
        group = next((g for g in self.groups(rows) if record in g.rows), None)
        if group is not None:
            changes = plan.reorder(rows, group, record, step)
            self._save_all([((COLLECTION, r, "order"), n) for r, n in changes.items()])

    def delete(self, record: str):
        self._save_all([((COLLECTION, record, DELETED), True)])

    def latest_deleted(self) -> str | None:
        return plan.latest_deleted({record: entry for (collection, record, field), entry in list(self.sync.entries.items())
                                    if collection == COLLECTION and field == DELETED})

    def undo_delete(self):
        record = self.latest_deleted()
        if record is not None:
            self._save_all([((COLLECTION, record, DELETED), False)])

    def _save_all(self, writes: list[tuple[Key, object]]) -> bool:
        return self.save_actions(writes, self.message)

    # live view ----------------------------------------------------------------------------------
    def arrange(self):
        """Rearrange the cards after any change (local or remote), then the summaries."""
        rows = self.rows()
        origins = ar.plan_row_origins(self.sync.records(NEXT_STEPS), self.sync.records(REPORTS),
                                      creation_ids(REPORTS, self.sync.entries))
        for group in self.groups(rows):
            box = self.group_boxes[group.key]
            shown = box.arrange(list(group.rows))
            self.group_heads[group.key].layout.display = None if shown else "none"
            for index, record in enumerate(shown):
                box.rows[record].set_place(group.row_number(record), index == 0, index == len(shown) - 1)
                box.rows[record].set_origin(self.origin_text(origins.get(record)))
                box.rows[record].refresh()
        chosen = self.chosen()
        self._chosen = set(chosen)  # read by gap_label for every option of every card
        candidates = self.candidates(chosen)
        for card in self.cards.values():
            card.set_gap_candidates(candidates)
        self._show_focus(rows, chosen)
        self._show_budget(rows)
        self._show_undo(rows)
        self.chart.refresh()

    def origin_text(self, origin: ar.ReportOrigin | None) -> str:
        """"From action report 2: 2027-03-08 to 2027-03-19", numbered as Step 5 numbers reports."""
        if origin is None:
            return ""
        if not (origin.start or origin.end):
            return self.context.text("plan.from_report_undated", number=origin.number)
        return self.context.text("plan.from_report", number=origin.number, start=isolate(origin.start or "?"),
                                 end=isolate(origin.end or "?"))

    def _new_card(self, record: str) -> PlanRowCard:
        return PlanRowCard(self.kit, record, self.content, self.institutions, self.gap_label, self.move, self.delete)

    def gap_label(self, item_id: str) -> str:
        item = self.items.get(item_id)
        if item is None:  # an item no longer in scope: its id is all there is to show
            return item_id
        short = item.text if len(item.text) <= GAP_TEXT_CHARS else item.text[:GAP_TEXT_CHARS - 1] + "…"
        key = "plan.focus_option" if item_id in self._chosen else "plan.gap_option"
        return self.context.text(key, code=item_code(item_id), text=short)

    def _show_focus(self, rows, chosen: list[str]):
        text = self.context.text
        uncovered = plan.uncovered_focus(rows, chosen)
        if not chosen:
            self.focus_note.value = tag("p", text("plan.no_focus"), "tpi-note")
        elif not uncovered:
            self.focus_note.value = tag("p", text("plan.all_covered"), "tpi-plan-covered")
        else:
            items = "".join(f"<li><b>{esc(item_code(i))}</b> {esc(self.items[i].text)}</li>" for i in uncovered)
            self.focus_note.value = (f'<div class="tpi-plan-uncovered">{tag("p", text("plan.uncovered", count=len(uncovered)))}'
                                     f"<ul>{items}</ul></div>")

    def _money(self, amount: float) -> str:
        """A budget sum as the page's language writes it ("1 500,50" in French)."""
        ctx = self.context
        return format_amount(amount, ctx.language, ctx.pack.default_language)

    def _show_budget(self, rows):
        text = self.context.text
        summary = plan.budget_summary(rows, [o.id for o in self.context.pack.objectives])
        tables = budget_tables(summary, objective_titles(self.context.pack), objective=text("plan.budget_objective"),
                               funding=text("plan.budget_funding"), amount=text("plan.budget_amount"),
                               total=text("plan.budget_total"), not_given=text("plan.funding_not_given"),
                               money=self._money)
        html = tag("h4", text("plan.budget_heading", currency=self.content.currency))
        html += f'<div class="tpi-plan-budget-tables">{render_blocks(tables)}</div>'
        if summary.not_a_number:
            html += tag("p", text("plan.not_a_number", count=summary.not_a_number), "tpi-plan-not-a-number")
        self.budget.value = html

    def _show_undo(self, rows):
        record = self.latest_deleted()
        if record is None or not self.kit.access.allowed:
            self.undo_bar.layout.display = "none"
            return
        deleted_by = self.kit.names(self.sync.entries[(COLLECTION, record, DELETED)].participant_id)
        activity = plan.text(rows.get(record, {}), "activity")
        self.undo_text.value = esc(self.context.text("plan.deleted", name=deleted_by, activity=isolate(activity)))
        self.undo_bar.layout.display = None

    def chart_png(self) -> bytes:
        ctx = self.context
        rows = self.rows()
        return plan_timeline_png(rows, self.groups(rows), ctx.pack.objectives, ctx.text, ctx.language,
                                 ctx.pack.default_language)
