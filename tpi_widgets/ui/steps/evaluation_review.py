"""Step 6, evaluation and review: the follow-up assessment (Step 2's form on its own collection),
its comparison with the baseline, the partnership-strength rating again compared with Step 1,
the log of spread activities, lessons and the decision to continue, adjust or close, and the
start of the next cycle with a history of every cycle."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.core.steps import STEPS
from tpi_widgets.errors import StoreUnavailable, TPIError
from tpi_widgets.core.evaluation import FOLLOWUP_RECORD, REVIEW_RECORD, assessment_comparison, cycle_history, earlier_strength, ratings_of, rated_count, strength_changes
from tpi_widgets.core.records import EVALUATION, SPREAD, STRENGTH_REVIEW
from tpi_widgets.ui.live import failure_reason
from tpi_widgets.core.partnership_profile import side_of
from tpi_widgets.core.records import ROOM_FOCUS, STRENGTH
from tpi_widgets.reports.labels import answer_label
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.evaluation_tables import areas_table_html, history_html, items_table_html, strength_changes_html
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.ui.kit.spread_log import SpreadRow
from tpi_widgets.core.charts import grouped_bars_png
from tpi_widgets.ui.kit.strength import StrengthRatings
from tpi_widgets.ui.kit.sections import LazySections
from tpi_widgets.core.html import attr, esc, isolate, tag
from tpi_widgets.ui.steps.needs_assessment import AssessmentForm
from tpi_widgets.ui.page import StepPage


SECTIONS = ("followup", "compare", "strength", "spread", "review", "cycles")  # UI strings eval.section_<name>


class EvaluationReviewApp(StepPage):
    step_number = 6
    # the follow-up is shown beside the baseline, the strength beside Step 1's; the room's focus
    # says which area the facilitator asks the room to rate
    reads = (BASELINE, STRENGTH, ROOM_FOCUS)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.content = ctx.pack.section("evaluation")
        self.strength_content = ctx.pack.section("partnership")  # its strength domains and scale
        self.institutions = {side: inst["name"] for side, inst in enumerate(ctx.partnership.institutions[:2], 1)}
        self._earlier_cycles: dict[int, tuple[dict, dict]] = {}
        self._earlier_strength: dict[int, dict] = {}
        self._read_other_cycles()
        look = self.kit.look
        # each section is built when first chosen, not with the page (kit/sections.py)
        self.sections = LazySections(look, SECTIONS, [ctx.text(f"eval.section_{name}") for name in SECTIONS],
                                     self._build_section, self.rerun.lock, self._section_built, css="tpi-eval-section")
        self.section_picker, self.open_section = self.sections.picker, self.sections.open
        heading = self.kit.html(tag("h3", ctx.text("eval.heading", cycle=ctx.cycle)) + tag("p", ctx.text("eval.intro")))
        return [heading, self.section_picker, self.sections.view]

    @property
    def opened(self) -> set[str]:
        return self.sections.opened

    def _build_section(self, name: str) -> list[w.Widget]:
        return {"followup": self._build_followup, "compare": self._build_compare, "strength": self._build_strength,
                "spread": self._build_spread, "review": self._build_review, "cycles": self._build_cycles}[name]()

    def _section_built(self, name: str):
        """A section opened once the page was built: what sign-in sets up in it, then arranged."""
        if self.signed_in_as is not None:
            self._start_section(name)
        self.rerun()

    def _start_section(self, name: str):
        """What sign-in sets up in a section, once it is built (now or when it is opened)."""
        if name == "strength":
            side = side_of(self.context.partnership.institutions, self.signed_in_as.institution)
            self.strength.set_side(side)
            self.side_note.value = esc(self.context.text("strength.no_side") if side is None else
                                       self.context.text("strength.your_side",
                                                         institution=isolate(self.institutions[side]),
                                                         other=isolate(self.institutions[3 - side])))
        elif name == "cycles":
            self._offer_next_cycle(self.facilitator)

    def start(self, participant: Participant):
        for name in list(self.opened):
            self._start_section(name)
        self.form.start(participant, self.facilitator)
        self.rerun()  # a rating already there may need the follow-up date now that we can save

    # sections -----------------------------------------------------------------------------------
    def _build_followup(self) -> list[w.Widget]:
        ctx, text = self.context, self.context.text
        dated = FieldSet(self.kit, EVALUATION, FOLLOWUP_RECORD,
                         [Field("date", text("followup.date"), "date", placeholder=text("followup.date_placeholder"))])
        self.followup_date, self.date_status = dated.checked["date"], dated.status
        intro = text("followup.intro", target=ctx.pack.scale.label(ctx.pack.scale.target))
        header = [self.kit.html(tag("h3", text("followup.heading", cycle=ctx.cycle)) + tag("p", intro)),
                  self.followup_date, self.date_status]
        self.form = AssessmentForm(self.kit, ctx, FOLLOWUP, header)
        return [self.form]

    def _build_compare(self) -> list[w.Widget]:
        text, kit = self.context.text, self.kit
        self.compare_note, self.areas_table, self.items_table = kit.html(), kit.html(), kit.html()
        self.chart = ChartPanel(self.chart_png, text("compare.chart_show"), text("compare.chart_hide"), look=kit.look)
        return [kit.html(tag("h3", text("compare.heading")) + tag("p", text("compare.intro"))),
                self.compare_note, self.areas_table, self.chart, kit.html(tag("h4", text("compare.by_item"))),
                self.items_table]

    def _build_strength(self) -> list[w.Widget]:
        text, kit = self.context.text, self.kit
        scale = ", ".join(f"{level.value} {level.label}" for level in self.strength_content.scale)
        self.strength = StrengthRatings(self.kit, self.strength_content, self.institutions,
                                        collection=STRENGTH_REVIEW)
        self.side_note = kit.html()
        self.side_note.add_class("tpi-note")
        self.strength_note, self.strength_table = kit.html(), kit.html()
        return [kit.html(tag("h3", text("review_strength.heading")) + tag("p", text("review_strength.intro", scale=scale))),
                self.strength_note, self.strength_table, self.side_note, self.strength]

    def _build_spread(self) -> list[w.Widget]:
        text, kit = self.context.text, self.kit
        self.spread_message = kit.html()
        self.spread_message.add_class("tpi-field-error")
        self.spread = RecordList(self.kit, SPREAD, lambda record: SpreadRow(self.kit, SPREAD, record,
                                                                            lambda: self.spread.remove(record)),
                                 lambda writes: self.save_actions(writes, self.spread_message),
                                 empty_text=text("spread.empty"))
        self.add_spread = kit.button(text("spread.add"), icon="plus")
        self.add_spread.on_click(lambda _: self.spread.add(date=dt.date.today().isoformat()))
        return [kit.html(tag("h3", text("spread.heading")) + tag("p", text("spread.intro"))),
                self.spread, self.add_spread, self.spread_message]

    def _build_review(self) -> list[w.Widget]:
        text = self.context.text
        review = FieldSet(self.kit, EVALUATION, REVIEW_RECORD, [
            Field("lessons", text("review.lessons"), "long", placeholder=text("review.lessons_placeholder"), rows=5),
            Field("decision", text("review.decision"), "choice",
                  options=tuple((d.label, d.id) for d in self.content.decisions), unset=text("review.decision_unset")),
            Field("decision_note", text("review.decision_note"), "long",
                  placeholder=text("review.decision_note_placeholder"), rows=3)])
        self.lessons, self.decision, self.decision_note = (review.inputs[f] for f in ("lessons", "decision",
                                                                                       "decision_note"))
        self.review_status = review.status
        return [self.kit.html(tag("h3", text("review.heading")) + tag("p", text("review.intro"))),
                self.lessons, self.decision, self.decision_note, self.review_status]

    def _build_cycles(self) -> list[w.Widget]:
        text, kit = self.context.text, self.kit
        self.history = kit.html()
        # the facilitator's "start the next cycle": built at sign-in for a facilitator only
        # (_offer_next_cycle), so a participant's kernel has no button to send a click to
        self.start_button: w.Button | None = None
        self.cycle_message = kit.html()
        self.cycle_message.add_class("tpi-field-error")
        self.start_box = w.VBox(layout=kit.look.plain)
        self.next_links = kit.html()
        self._show_next_links()
        return [kit.html(tag("h3", text("cycles.heading")) + tag("p", text("cycles.intro"))),
                self.history, self.next_links, self.start_box]

    def _offer_next_cycle(self, facilitator: bool):
        if not facilitator:
            self.start_button, self.start_box.children = None, ()
            return
        text, new = self.context.text, self.context.cycle + 1
        self.start_button = self.kit.button(text("cycles.start", cycle=new), icon="forward", button_style="primary",
                                            disabled=new in self.cycles)  # already started: see the links
        self.start_button.on_click(lambda _: self.start_next_cycle())
        self.start_box.children = (self.kit.html(tag("p", text("cycles.start_intro", cycle=new))), self.start_button,
                                   self.cycle_message)

    # actions ------------------------------------------------------------------------------------
    def start_next_cycle(self) -> int | None:
        """The facilitator starts cycle N+1 from this cycle's follow-up; a refusal is one line."""
        ctx = self.context
        if not ctx.is_facilitator(self.signed_in_as):
            return None
        self.open_section("cycles")  # its button's section: where the outcome is shown
        self.sync.flush()  # a rating typed a moment ago belongs to the follow-up being copied
        try:
            new = ctx.workspace.start_next_cycle(ctx.partnership.slug, self.signed_in_as.id)
        except (StoreUnavailable, OSError) as exc:  # the store is busy or gone, or the disk refused the notebooks
            self.cycle_message.value = esc(ctx.text("app.save_failed", reason=failure_reason(exc)))
            return None
        except TPIError as exc:
            self.cycle_message.value = esc(exc)
            return None
        self.cycle_message.value = ""
        self.refresh_cycle()  # this cycle is now an earlier one: read-only, with its notice and the new cycle
        return new

    def refresh_cycle(self):
        """Also when another page started the next cycle after this one was built (a warm
        kernel builds a page before anyone opens it): that cycle's figures, links and history."""
        super().refresh_cycle()
        if hasattr(self, "_earlier_cycles"):  # the body is built
            self._read_other_cycles()
            self._show_next_links()
            self.rerun()

    # reading other cycles -----------------------------------------------------------------------
    def _read_other_cycles(self):
        """Every other cycle's assessments and Step 1 strength ratings, read once (they change
        rarely; this cycle's come live from the sync)."""
        ctx = self.context
        store, pid = ctx.store, ctx.partnership.id
        self.cycles = ctx.workspace.cycles(ctx.partnership.slug)

        def values(cycle, collection):
            return {record: {field: entry.value for field, entry in fields.items()}
                    for record, fields in store.read(pid, cycle, collection).items()}

        for cycle in self.cycles:
            if cycle != ctx.cycle:
                self._earlier_cycles[cycle] = (ratings_of(values(cycle, BASELINE)), ratings_of(values(cycle, FOLLOWUP)))
                if cycle < ctx.cycle:
                    self._earlier_strength[cycle] = values(cycle, STRENGTH)

    def _show_next_links(self):
        """Links to the next cycle's step pages, once it exists (relative to this page's folder)."""
        if "cycles" not in self.opened:
            return
        ctx = self.context
        slug, new = ctx.partnership.slug, ctx.cycle + 1
        if new not in self.cycles:
            self.next_links.value = ""
            return
        links = "".join(f"<li><a href='{attr(ctx.workspace.step_href(slug, new, n, ctx.cycle))}' target='_self'>"
                        f"{esc(ctx.text('step.heading', number=n, title=ctx.pack.step(n).title))}</a></li>"
                        for n in STEPS.numbers)
        self.next_links.value = (f"<div class='tpi-eval-next'>{tag('p', ctx.text('cycles.started', cycle=new))}"
                                 f"<ul>{links}</ul></div>")
        if self.start_button is not None:
            self.start_button.disabled = True

    # live view ----------------------------------------------------------------------------------
    def arrange(self):
        """The sections built so far (a section not opened yet has nothing to show)."""
        opened = getattr(self, "opened", ())
        if "spread" in opened:
            self.spread.arrange()
        if "followup" in opened:
            self._date_on_first_rating()
        if "compare" in opened:
            self._show_comparison()
        if "strength" in opened:
            self._show_strength()
        if "cycles" in opened:
            self._show_history()

    def _date_on_first_rating(self):
        """The follow-up is dated the day its first rating is saved (editable afterwards)."""
        key = (EVALUATION, FOLLOWUP_RECORD, "date")
        if self.sync.participant_id is None or self.sync.value(key) is not None or \
                not rated_count(self.form.ratings()):
            return
        try:
            self.sync.save(key, dt.date.today().isoformat())
        except TPIError as exc:  # shown on the date's status line; the next change tries again
            self.date_status.show("failed", self.context.text("app.save_failed", reason=failure_reason(exc)))

    def comparison(self):
        return assessment_comparison(self.context.areas, ratings_of(self.sync.records(BASELINE)),
                                     self.form.ratings())

    def _show_comparison(self):
        text, labels = self.context.text, self.content.changes
        areas = self.comparison()
        self.compare_note.value = "" if rated_count(self.form.ratings()) else \
            tag("p", text("compare.nothing"), "tpi-note")
        self.areas_table.value = areas_table_html(areas, labels, text)
        items = {item.id: item.text for area in self.context.areas for item in area.items}
        self.items_table.value = items_table_html(areas, items, self._answer, labels, text)
        self.chart.refresh()

    def _answer(self, value) -> str:
        return answer_label(self.context.pack.scale, value, self.context.text("assessment.unrated"))

    def chart_png(self) -> bytes:
        text = self.context.text
        levels = [level.value for level in self.context.pack.scale.levels]
        return grouped_bars_png(self.comparison(), {1: text("compare.baseline"), 2: text("compare.followup")},
                                levels, text("compare.chart_title"))

    def _show_strength(self):
        text = self.context.text
        by_cycle = {**self._earlier_strength, self.context.cycle: self.sync.records(STRENGTH)}
        cycle, before = earlier_strength(by_cycle, self.context.cycle)
        self.strength_note.value = tag("p", text("review_strength.no_step1") if cycle is None else
                                       text("review_strength.compared_with", cycle=cycle), "tpi-note")
        rows = strength_changes(self.strength_content.domains, before, self.sync.records(STRENGTH_REVIEW))
        self.strength_table.value = strength_changes_html(rows, self.institutions, self.content.changes, text)

    def _show_history(self):
        current = (ratings_of(self.sync.records(BASELINE)), self.form.ratings())
        assessments = {**self._earlier_cycles, self.context.cycle: current}
        history = cycle_history(self.context.areas, assessments)
        self.history.value = history_html(history, self.content.changes, self.context.text)
