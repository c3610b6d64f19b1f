"""Step 2, needs assessment: every item of the areas in scope rated with evidence and source,
progress per area, and a chart of ratings by area that follows the ratings as they arrive.

The assessment itself (`AssessmentForm`) works on any assessment collection: Step 6 shows the
same form for the follow-up."""

from __future__ import annotations

from collections import Counter
from typing import Callable

import ipywidgets as w

from tpi_widgets.core import reconcile
from tpi_widgets.core.next_rating import NextRating, next_rating, rated_by, room_focus_key
from tpi_widgets.content.model import item_code
from tpi_widgets.core.records import BASELINE, ROOM_FOCUS
from tpi_widgets.ui.live import failure_reason
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.agree_panel import AgreePanel
from tpi_widgets.ui.kit.now_panel import NowPanel
from tpi_widgets.core.charts import assessment_png
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.rating import UNRATED, RatingRow, rating_options, rating_to_store
from tpi_widgets.core.html import esc, tag
from tpi_widgets.errors import TPIError
from tpi_widgets.context import StepContext
from tpi_widgets.ui.page import StepPage


class AssessmentForm(w.VBox):
    """Every item of the areas in scope, bound to (collection, item id, rating|evidence|source):
    an overview line, a chart (drawn when opened), an area picker and per area its progress and
    rows. Redraws its summary after every settled change of the page's sync.

    An area's rows are built when it is first chosen (`open_area`), not with the page: `rows`
    holds the rows built so far, the first area's from the start. A page of 29 items would
    otherwise send the browser 29 rows where a participant sees 7.

    Ratings are reconciled (reconcile.py): a signed-in rater's rating box is their own proposal
    (it keeps what they chose whatever others choose) and, until the item is agreed, also writes
    the shared rating. Under each item the shared rating reads as agreed once the facilitator
    agreed it, and until then as the latest proposal with who made it. The facilitator sees the
    proposals per item and agrees the rating. The sync must read the proposals collection too
    (`reconcile.proposals_collection(collection)`) and the room's focus (`ROOM_FOCUS`).

    First comes what the rater is asked to do now (core/next_rating.py): the area the
    facilitator asked the room to rate, or the next item left, with a button that goes there. A
    participant's page opens the asked area when the facilitator asks for it (not again while
    the ask stays the same: they may look at another area)."""

    def __init__(self, kit: PageKit, context: StepContext, collection: str, header: w.Widget | list[w.Widget]):
        """`header`: what the form shows first (a widget, or several)."""
        look = kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-assessment")
        self.kit, self.sync, self.context, self.collection = kit, kit.sync, context, collection
        self.proposals = reconcile.proposals_collection(collection)
        self.participant: Participant | None = None
        self.facilitator = False
        self.panels: dict[str, AgreePanel] = {}  # the facilitator's, per item
        self.shared_writes: dict[str, Callable[[object], list]] = {}  # per item: written with a proposal until agreed
        self.labels = {value: label for label, value in rating_options(context.pack.scale,
                                                                        context.text("assessment.unrated"))}
        self.items = [item.id for area in context.areas for item in area.items]  # every item, built or not
        self.rows: dict[str, RatingRow] = {}
        self.progress: dict[str, w.HTML] = {}
        self.sections: dict[str, w.VBox] = {}  # the areas built so far
        if context.areas:
            self.open_area(context.areas[0].id)
        self.area_picker = w.ToggleButtons(options=[(a.short, a.id) for a in context.areas],
                                           style=look.tabs, layout=look.plain)
        self.area_picker.add_class("tpi-area-picker")
        self.areas_view = w.Stack(self._area_boxes(), selected_index=0 if self.sections else None,
                                  layout=look.plain)
        w.jslink((self.area_picker, "index"), (self.areas_view, "selected_index"))
        self.area_picker.observe(lambda change: self.open_area(change["new"]), names="value")
        # the facilitator's "ask the room" names the area they show
        self.area_picker.observe(lambda change: self._show_ask(self.sync.value(self.focus_key)), names="value")
        self.overview = kit.html()
        self.overview.add_class("tpi-overview")
        self.focus_key = room_focus_key(collection)
        self.next: NextRating | None = None
        self.now = NowPanel(kit, self.go_to_next)
        self.followed_focus: str | None = None  # the room's focus this page last opened
        self.ask_box = w.HBox(layout=look.plain)  # the facilitator's "ask the room", built at sign-in
        self.ask_button: w.Button | None = None
        self.chart = ChartPanel(lambda: self.chart_png(self.ratings()), context.text("chart.show"),
                                context.text("chart.hide"), look=kit.look)
        kit.sync.on_settled(self.refresh_summary)
        self.refresh_summary()
        self.children = [self.now, *(header if isinstance(header, list) else [header]), self.overview, self.chart,
                         self.area_picker, self.ask_box, self.areas_view]

    def open_area(self, area_id: str | None):
        """Build an area's rows the first time it is chosen (bound to the store, with the
        facilitator's agree panels), then show its progress and agreed items."""
        if area_id is None or area_id in self.progress:
            return
        kit, scale = self.kit, self.context.pack.scale
        area = next(a for a in self.context.areas if a.id == area_id)
        rows = [RatingRow(kit, item, scale, self.collection) for item in area.items]
        self.rows.update((row.item.id, row) for row in rows)
        self.shared_writes.update((item.id, reconcile.shared_rating_writes(self.collection, item.id))
                                  for item in area.items)
        self.progress[area.id] = kit.html()
        self.progress[area.id].add_class("tpi-progress")
        self.sections[area.id] = w.VBox([kit.html(tag("h3", area.title) + tag("p", area.description,
                                                                              "tpi-area-description")),
                                         self.progress[area.id], *rows], layout=kit.look.plain)
        self.sections[area.id].add_class("tpi-area")
        if self.participant is not None:
            self._add_panels()
        if hasattr(self, "chart"):  # opened after the form was built
            self.areas_view.children = self._area_boxes()
            self.refresh_summary()

    def _area_boxes(self) -> list[w.Widget]:
        return [self.sections.get(area.id, self.kit.look.not_built) for area in self.context.areas]

    def ratings(self) -> dict[str, object]:
        return {record: self.sync.value((self.collection, record, "rating")) for record in self.items}

    # reconciling --------------------------------------------------------------------------------
    def start(self, participant: Participant, facilitator: bool):
        """Once signed in (the page decided the role): a facilitator gets the agree panels; every
        page shows agreed items."""
        self.participant, self.facilitator = participant, facilitator
        self._add_panels()
        if facilitator and self.ask_button is None:
            self.ask_button = self.kit.button("", icon="share", css="tpi-ask-room")
            self.ask_button.on_click(lambda _: self.ask_room())
            self.ask_box.children = (self.ask_button,)
        self.refresh_summary()

    def _add_panels(self):
        """A facilitator's agree panel under every row built so far."""
        if not self.facilitator:
            return
        options = rating_options(self.context.pack.scale, self.context.text("assessment.unrated"))
        for item, row in self.rows.items():
            if item not in self.panels:
                self.panels[item] = AgreePanel(self.kit, row.item, options, self.agree, self.reopen)
                row.children = (*row.children, self.panels[item])

    def agree(self, item: str, value) -> bool:
        """The facilitator makes `value` the item's agreed rating. Never written for a participant."""
        if not (self.facilitator and self.context.is_facilitator(self.participant)):
            return False
        return self._save_agreement(item, reconcile.agree_writes(self.collection, item, rating_to_store(value)))

    def reopen(self, item: str) -> bool:
        if not (self.facilitator and self.context.is_facilitator(self.participant)):
            return False
        return self._save_agreement(item, reconcile.reopen_writes(self.collection, item))

    def _save_agreement(self, item: str, writes) -> bool:
        try:
            self.sync.save_many(writes)
        except TPIError as exc:  # refused, or the store is busy or gone: one line on the item
            self.rows[item].status.show("failed", self.context.text("app.save_failed", reason=failure_reason(exc)))
            return False
        return True

    def _show_agreement(self):
        records = self.sync.records(self.collection)
        proposals = self.sync.records(self.proposals) if self.panels else {}
        counts = reconcile.proposal_distribution(proposals)
        for item, row in list(self.rows.items()):  # an area may be opened meanwhile
            agreed = reconcile.is_agreed(records, item)
            rating = records.get(item, {}).get(reconcile.RATING)
            row.show_shared(self.shared_note(item, rating, agreed), agreed)
            if self.participant is not None:
                self._bind_rating(row, agreed)
            panel = self.panels.get(item)
            if panel is not None:
                panel.show(counts.get(item, Counter()), reconcile.proposers(proposals.get(item, {}), self.kit.names),
                           agreed, rating)

    def shared_note(self, item: str, rating, agreed: bool) -> str:
        """The shared rating under the item: "Agreed by the group: 3 · …", or until then "Proposed:
        3 · … (by Ana, not agreed yet)"; nothing while it is not rated (and not agreed)."""
        if rating is None and not agreed:
            return ""
        entry = self.sync.entries.get((self.collection, item, reconcile.RATING))
        proposer = None if entry is None or entry.participant_id is None else self.kit.names(entry.participant_id)
        key, values = reconcile.shared_rating_note(self.labels.get(UNRATED if rating is None else rating, str(rating)),
                                                   agreed, proposer)
        return self.context.text(key, **values)

    def _bind_rating(self, row: RatingRow, agreed: bool):
        """A signed-in rater's dropdown is their own proposal, and writes the shared rating with it
        until the item is agreed (again if the facilitator reopens it)."""
        item = row.item.id
        row.fieldset.rebind("rating", (self.proposals, item, str(self.participant.id)),
                            also=None if agreed else self.shared_writes[item])

    def refresh_summary(self):
        """Progress per area (in each area and in the overview line), the chart, if open, and
        the agreed items (with the facilitator's proposals)."""
        self._show_agreement()
        ratings = self.ratings()
        overview = []
        for area in self.context.areas:
            done = sum(ratings[i.id] is not None for i in area.items)
            progress = self.context.text("assessment.progress", done=done, total=len(area.items))
            if area.id in self.progress:  # built
                self.progress[area.id].value = esc(progress)
            overview.append(f"<span><b>{esc(area.short)}</b> {esc(progress)}</span>")
        self.overview.value = " ".join(overview)
        self._show_next()
        self.chart.refresh()

    # what to do now -----------------------------------------------------------------------------
    def _show_next(self):
        """The line of what to do now; a participant's page opens the area the room is asked to
        rate when that ask is new."""
        asked = self.sync.value(self.focus_key)
        if asked != self.followed_focus:
            self.followed_focus = asked
            in_scope = any(area.id == asked for area in self.context.areas)
            if in_scope and not self.facilitator and self.area_picker.value != asked:
                self.area_picker.value = asked  # opens it (open_area)
        self.next = self._find_next(asked)
        text, names = self.context.text, {a.id: a.short for a in self.context.areas}
        nxt = self.next
        if nxt is None:
            line, go = text("now.all_rated"), None
        else:
            area, code = names[nxt.area], item_code(nxt.item) if nxt.item else ""
            if nxt.asked:
                line = (text("now.asked", area=area, left=nxt.left) if nxt.item is not None
                        else text("now.asked_done", area=area))
            else:
                line = text("now.next", area=area, left=nxt.left)
            go = text("now.go", code=code) if nxt.item is not None else None
        self.now.show(line, go)
        self._show_ask(asked)

    def _find_next(self, asked: str | None) -> NextRating | None:
        records = self.sync.records(self.collection)
        rater = None if self.facilitator or self.participant is None else self.participant.id
        done = rated_by(records, self.sync.records(self.proposals), rater)
        return next_rating([(a.id, [i.id for i in a.items]) for a in self.context.areas], done, asked)

    def go_to_next(self):
        """Open the next item's area and put the focus in its rating box (the browser scrolls to it)."""
        nxt = self.next
        if nxt is None or nxt.item is None:
            return
        self.area_picker.value = nxt.area  # opens it (open_area) if it was not
        self.rows[nxt.item].rating.focus()

    def _show_ask(self, asked: str | None):
        """The facilitator's button asks the room to rate the area they show, or stops asking."""
        if self.ask_button is None:
            return
        shown = self.area_picker.value
        area = next((a.short for a in self.context.areas if a.id == shown), "")
        key = "now.stop_asking" if asked == shown else "now.ask_area"
        self.ask_button.description = self.context.text(key, area=area)

    def ask_room(self) -> bool:
        """A facilitator asks the room to rate the area they show (again: stops asking)."""
        if not (self.facilitator and self.context.is_facilitator(self.participant)):
            return False
        shown = self.area_picker.value
        value = None if self.sync.value(self.focus_key) == shown else shown
        try:
            self.sync.save(self.focus_key, value)
        except TPIError as exc:  # refused, or the store is busy: said on the overview line
            self.now.show(self.context.text("app.save_failed", reason=failure_reason(exc)), None)
            return False
        return True  # the save redrew the form (its settled listener)

    def chart_png(self, ratings: dict[str, object]) -> bytes:
        ctx = self.context
        return assessment_png(ctx.areas, ctx.pack.scale, ratings, ctx.text("assessment.unrated"),
                              ctx.text("chart.title"), ctx.text("chart.items"))


class NeedsAssessmentApp(StepPage):
    step_number = 2

    def __init__(self, context: StepContext, collection: str = BASELINE, gate=None, on_language=None):
        self.collection = collection
        super().__init__(context, gate, on_language)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        intro = ctx.text("assessment.intro", target=ctx.pack.scale.label(ctx.pack.scale.target))
        header = self.kit.html(tag("h3", ctx.text("assessment.heading", cycle=ctx.cycle)) + tag("p", intro))
        self.form = AssessmentForm(self.kit, ctx, self.collection, header)
        # the form's parts, as the page's own (tests and summaries read them here)
        self.rows, self.progress, self.overview, self.chart = (self.form.rows, self.form.progress,
                                                               self.form.overview, self.form.chart)
        return [self.form]

    @property
    def collections(self) -> tuple[str, ...]:
        """The assessment this page rates (the baseline; the follow-up in tests) and its proposals."""
        return (self.collection, reconcile.proposals_collection(self.collection), ROOM_FOCUS)

    def start(self, participant: Participant):
        self.form.start(participant, self.facilitator)

    def ratings(self) -> dict[str, object]:
        return self.form.ratings()

    def refresh_summary(self):
        self.form.refresh_summary()

    def chart_png(self, ratings: dict[str, object]) -> bytes:
        return self.form.chart_png(ratings)
