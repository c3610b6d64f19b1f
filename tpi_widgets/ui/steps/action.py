"""Step 5, action: progress on every plan activity, visit proposals (Annex 2), action reports
(Annex 3) whose next steps can become plan activities, and indicator measurements over time,
in four sections. Every value is a store field, saved as typed and shown live to the table."""

from __future__ import annotations


import ipywidgets as w

from tpi_widgets.core.records import MEASUREMENTS, NEXT_STEPS, PLAN, PROGRESS, REPORTS, REPORT_ITEMS, VISITS, VISIT_TEAM
from tpi_widgets.core import records
from tpi_widgets.core import action_records as ar
from tpi_widgets.ui.live import Key
from tpi_widgets.store import new_record_id
from tpi_widgets.ui.kit.action_rows import ChildList
from tpi_widgets.ui.kit.field_set import Field
from tpi_widgets.core.charts import run_chart_png
from tpi_widgets.ui.kit.measurements import IndicatorPanel
from tpi_widgets.ui.kit.progress_log import ProgressLog, when
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.ui.kit.report_card import ReportCard
from tpi_widgets.core.html import tag
from tpi_widgets.ui.kit.visit_card import VisitCard
from tpi_widgets.ui.page import StepPage

SECTIONS = ("progress", "visits", "reports", "indicators")


class ActionApp(StepPage):
    step_number = 5
    reads = (PLAN,)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.content = ctx.pack.section("action")
        self.plan_content = ctx.pack.section("plan")
        self.objectives = [(o.id, o.number) for o in ctx.pack.objectives]
        self.area_ids = [a.id for a in ctx.areas]
        self.institutions = [i["name"] for i in ctx.partnership.institutions]
        self.groups = self._group_choices()
        self._numbers: dict[str, str] = {}  # plan record -> row number, for measurement labels

        self.message = self.kit.html()
        self.message.add_class("tpi-field-error")
        self.tabs = w.ToggleButtons(options=[(ctx.text(f"action.section_{s}"), s) for s in SECTIONS],
                                    value=SECTIONS[0], style={"button_width": "auto"}, layout=self.kit.look.plain)
        self.tabs.add_class("tpi-action-tabs")
        # a progress log and an indicator panel per plan activity; the visit and report cards
        self.progress_box = RecordList(self.kit, PLAN, self._new_log, self.save_all, numbered=False)
        self.visit_box = RecordList(self.kit, VISITS, self._new_visit, self.save_all)
        self.report_box = RecordList(self.kit, REPORTS, self._new_report, self.save_all)
        self.indicator_box = RecordList(self.kit, PLAN, self._new_indicator, self.save_all,
                                        numbered=False)
        self.logs, self.visits = self.progress_box.rows, self.visit_box.rows
        self.reports, self.indicators = self.report_box.rows, self.indicator_box.rows
        # each section is built when first opened (its tab chosen), not with the page: the page
        # sends the browser the progress section, and what a participant opens after
        self.pages = {name: w.VBox(layout=self.kit.look.plain) for name in SECTIONS}
        for name, page in self.pages.items():
            page.add_class(f"tpi-action-{name}")
        self.opened: set[str] = set()
        self.open_section(SECTIONS[0])
        self.stack = w.Stack(list(self.pages.values()), selected_index=0, layout=self.kit.look.plain)
        self.tabs.observe(lambda change: self.open_section(change["new"]), names="value")
        heading = self.kit.html(tag("h3", ctx.text("action.heading", cycle=ctx.cycle)) + tag("p", ctx.text("action.intro")))
        return [heading, self.message, self.tabs, self.stack]

    def open_section(self, name: str):
        """Show section `name`, building it the first time; its records are then arranged."""
        if name not in self.opened:
            ctx = self.context
            self.pages[name].children = [self.kit.html(tag("p", ctx.text(f"action.{name}_intro"), "tpi-note")),
                                         *self._section_parts(name)]
            self.opened.add(name)
            if hasattr(self, "stack"):  # opened after the page was built: arrange what it shows now
                self.rerun()
        if hasattr(self, "stack"):
            self.stack.selected_index = SECTIONS.index(name)

    def _section_parts(self, name: str) -> list[w.Widget]:
        text = self.context.text
        if name == "progress":
            self.progress_note = self.kit.html()
            return [self.progress_note, self.progress_box]
        if name == "indicators":
            self.indicator_note = self.kit.html()
            return [self.indicator_note, self.indicator_box]
        box, label, add = ((self.visit_box, "action.visit_add", self.add_visit) if name == "visits"
                           else (self.report_box, "action.report_add", self.add_report))
        button = self.kit.button(text(label), icon="plus", css="tpi-action-add")
        button.on_click(lambda _: add())
        return [box, button]

    def _group_choices(self) -> list[tuple[str, str]]:
        ctx = self.context
        titles = {o.id: f"{o.number}. {o.title}" for o in ctx.pack.objectives}
        return [(titles[objective] + (f" – {ctx.pack.area(area).short}" if area else ""), choice)
                for choice, objective, area in ar.plan_group_choices(self.objectives, self.area_ids)]

    # the records as data ------------------------------------------------------------------------
    def created(self, collection: str) -> dict[str, int]:
        return records.creation_ids(collection, self.sync.entries)

    def activities(self, rows=None) -> list[ar.Activity]:
        return ar.plan_activities(self.sync.records(PLAN) if rows is None else rows, self.objectives,
                                  self.area_ids)

    # button actions -----------------------------------------------------------------------------
    def save_all(self, writes: list[tuple[Key, object]]) -> bool:
        return self.save_actions(writes, self.message)

    def report_progress(self, activity: str, fields: dict) -> str | None:
        record = new_record_id()
        ok = self.save_all(records.new_record_writes(PROGRESS, record, {**fields, "activity": activity}))
        return record if ok else None

    def add_visit(self) -> str | None:
        self.tabs.value = "visits"  # its section is shown (built the first time)
        return self._opened(self.visit_box, self.visit_box.add(status=self.content.default_visit_status,
                                                               activities=[]))

    def add_report(self) -> str | None:
        self.tabs.value = "reports"
        return self._opened(self.report_box, self.report_box.add(visit=None, activities=[]))

    @staticmethod
    def _opened(box: RecordList, record: str | None) -> str | None:
        """The participant who added a visit or report fills it in: its card opens at once."""
        if record is not None and record in box.rows:
            box.rows[record].open_form()
        return record

    def add_to_plan(self, step: str, group_choice: str) -> str | None:
        """Make a next step a new plan row (Step 4's format) in the chosen objective, and link it."""
        steps = self.sync.records(NEXT_STEPS)
        if ar.in_plan(steps.get(step, {}), self.sync.records(PLAN)):
            return None
        objective, _, area = group_choice.partition(":")
        record = new_record_id()
        writes = ar.next_step_to_plan(step, steps.get(step, {}), objective, area or None,
                                      self.sync.records(PLAN), record, self.plan_content.default_status,
                                      self.objectives, self.area_ids)
        return record if self.save_all(writes) else None

    # live view ----------------------------------------------------------------------------------
    def arrange(self):
        rows = self.sync.records(PLAN)
        activities = self.activities(rows)
        self._arrange_progress(activities)
        if "visits" in self.opened:  # a section not opened yet has nothing to arrange
            self._arrange_visits(activities)
        if "reports" in self.opened:
            self._arrange_reports(activities, rows)
        if "indicators" in self.opened:
            self._arrange_indicators(activities, rows)
        if self.kit.names.learned:
            self.kit.names.learned = False

    def _arrange_progress(self, activities: list[ar.Activity]):
        progress = self.sync.records(PROGRESS)
        history = ar.progress_history(progress, self.created(PROGRESS))
        self.progress_box.arrange([a.record for a in activities])
        for activity in activities:
            log = self.logs[activity.record]
            log.set_activity(activity)
            log.show([(progress[r], self.kit.names(self._entry(PROGRESS, r, "activity").participant_id),
                       when(self._entry(PROGRESS, r, "activity").updated_at)) for r in history.get(activity.record, [])])
        self.progress_note.value = "" if activities else tag("p", self.context.text("action.no_plan"), "tpi-note")

    def _new_log(self, activity: str) -> ProgressLog:
        return ProgressLog(self.kit, activity, self.content.labels["progress"], self.plan_content.statuses,
                           self.report_progress)

    def _entry(self, collection: str, record: str, field: str):
        return self.sync.entries[(collection, record, field)]

    def _arrange_visits(self, activities):
        reports, report_order = self.sync.records(REPORTS), self.report_order()
        team, team_created = self.sync.records(VISIT_TEAM), self.created(VISIT_TEAM)
        for record in self.visit_box.arrange():
            card = self.visits[record]
            card.refresh()
            if not card.opened:  # a closed card is its row: nothing more to fill in
                continue
            card.set_activities(activities)
            card.team.arrange(team, team_created)
            card.show_links([self.context.text("action.report_name", number=report_order.index(r) + 1)
                             for r in ar.reports_for_visit(reports, self.created(REPORTS), record)])

    def _new_visit(self, record: str) -> VisitCard:
        return VisitCard(self.kit, record, self.content, self.institutions, self.save_all,
                         lambda: self.visit_box.remove(record), self.plan_content.currency, self.rerun)

    def report_order(self) -> list[str]:
        return records.in_creation_order(self.sync.records(REPORTS), self.created(REPORTS))

    def visit_label(self, number: int, fields: dict) -> str:
        return self.context.text("action.visit_option", number=number, host=str(fields.get("host_side") or "?"),
                                 start=str(fields.get("start") or "?"))

    def _arrange_reports(self, activities, rows):
        reports, visits = self.sync.records(REPORTS), self.sync.records(VISITS)
        visit_order = records.in_creation_order(visits, self.created(VISITS))
        visit_options = [(self.visit_label(n, visits[v]), v) for n, v in enumerate(visit_order, 1)]
        items, steps, steps_created = self.sync.records(REPORT_ITEMS), self.sync.records(NEXT_STEPS), self.created(NEXT_STEPS)
        visit_names = {visit: name for name, visit in visit_options}
        for record in self.report_box.arrange():
            card, kind = self.reports[record], reports[record].get("kind")
            planned = ar.planned_vs_done(record, reports, visits, items, activities)
            card.refresh(planned, visit_names.get(str(reports[record].get("visit")), ""))
            if not card.opened:
                continue
            card.set_options(visit_options, activities)
            card.show_kind(kind)
            card.arrange_items(planned, kind)
            card.arrange_next_steps(steps, steps_created, rows)

    def _new_report(self, record: str) -> ReportCard:
        return ReportCard(self.kit, record, self.content, self.save_all, lambda: self.report_box.remove(record),
                          self.groups, self.add_to_plan, self.plan_content.currency, self.picked_from_visit,
                          self.rerun)

    def picked_from_visit(self, report: str, visit) -> list[tuple[Key, object]]:
        """Saved with a report's choice of visit, in the same transaction: the visit's dates as the
        report's period and its team as participants, where the report shows nothing yet (what is
        typed there, saved or not, is kept)."""
        card = self.reports.get(report)
        if not visit or card is None or not card.opened:
            return []
        shown = {field: card.fieldset.inputs[field].value for field in (*ar.PICKED_FROM_VISIT, ar.PARTICIPANTS)}
        team = ar.team_participants(self.sync.records(VISIT_TEAM), self.created(VISIT_TEAM), str(visit))
        fields = ar.picked_from_visit(self.sync.records(VISITS).get(str(visit), {}), team, shown)
        return [((REPORTS, report, field), value) for field, value in fields.items()]

    def _arrange_indicators(self, activities, rows):
        measured = ar.indicator_activities(rows, activities)
        measurements, created = self.sync.records(MEASUREMENTS), self.created(MEASUREMENTS)
        self._numbers = {a.record: a.number for a in activities}
        self.indicator_box.arrange([a.record for a in measured])
        for activity in measured:
            panel = self.indicators[activity.record]
            panel.measurements.add.description = self.context.text("action.measurement_add", number=activity.number)
            panel.measurements.arrange(measurements, created)
            panel.show(activity, rows[activity.record], self._series(activity.record))
        self.indicator_note.value = "" if measured else tag("p", self.context.text("action.no_indicators"), "tpi-note")

    def _new_indicator(self, activity: str) -> IndicatorPanel:
        text, labels = self.context.text, self.content.labels["measurement"]
        fields = [Field("date", labels["date"], "date", placeholder=text("action.date_placeholder")),
                  Field("value", labels["value"]), Field("note", labels["note"])]
        measurements = ChildList(self.kit, MEASUREMENTS, activity, fields, self.save_all,
                                 lambda n: text("action.measurement_name", number=self._numbers.get(activity, "?"),
                                                count=n),
                                 text("action.measurement_add", number=self._numbers.get(activity, "?")))
        return IndicatorPanel(self.kit, activity, measurements, self.chart_png)

    def _series(self, activity: str) -> ar.Series:
        return ar.measurement_series(self.sync.records(MEASUREMENTS), self.created(MEASUREMENTS), activity,
                                     self.sync.records(PLAN).get(activity, {}))

    def chart_png(self, activity: str) -> bytes:
        ctx = self.context
        text = ctx.text
        row = self.sync.records(PLAN).get(activity, {})
        return run_chart_png(self._series(activity), str(row.get("indicator") or ""), text("action.chart_baseline"),
                             text("action.chart_target"), text("action.chart_empty"), ctx.language,
                             ctx.pack.default_language)
