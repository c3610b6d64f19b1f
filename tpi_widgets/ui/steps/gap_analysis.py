"""Step 3, gap analysis: the items rated below target in Step 2 become gaps; the group writes
root causes, scores impact and feasibility, and dot-votes in a ranked list kept beside the
"votes left" line (one screen); a priority matrix follows live; the facilitator marks the chosen
focus areas, which Step 4 plans from."""

from __future__ import annotations


import ipywidgets as w

from tpi_widgets.core.records import BASELINE
from tpi_widgets.core.gaps import Gap, RankedGap, changed_vote, chosen_focus, find_gaps, rank_gaps, vote_count, vote_limit, votes_left
from tpi_widgets.ui.live import Binding, Key, failure_reason
from tpi_widgets.store import Participant
from tpi_widgets.core.charts import priority_matrix_png
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.core.records import FOCUS, GAPS, SETTINGS, VOTES
from tpi_widgets.ui.kit.gap_card import GapCard
from tpi_widgets.ui.kit.gap_ranking import GapRanking
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.content.model import item_code
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import esc, tag
from tpi_widgets.errors import TPIError
from tpi_widgets.ui.page import StepPage

LIMIT_KEY: Key = (SETTINGS, "voting", "votes_per_participant")


class GapAnalysisApp(StepPage):
    step_number = 3
    reads = (BASELINE,)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.content = ctx.pack.section("gaps")
        self.gaps: list[Gap] = []
        self.ranked: list[RankedGap] = []
        # Refreshes come from the kernel's thread (own saves) and the sync thread (others' saves).
        self._lock = self.rerun.lock

        look = self.kit.look
        # a card per gap, by item id, in Step 2's order, in a list per area; a gap that leaves
        # takes its card with it, its notes stay in the store for when it returns. An area's list
        # is built when it is first chosen (`open_area`); until then its place is an empty box
        self.gap_lists: dict[str, RecordList] = {}
        self.area_picker = w.ToggleButtons(options=[(a.short, a.id) for a in ctx.areas], style=look.tabs,
                                           layout=look.plain)
        self.area_picker.add_class("tpi-area-picker")
        if ctx.areas:
            self.open_area(ctx.areas[0].id)
        self.gap_list = w.Stack(self._area_boxes(), selected_index=0 if ctx.areas else None, layout=look.plain)
        self.gap_list.add_class("tpi-gap-list")
        w.jslink((self.area_picker, "index"), (self.gap_list, "selected_index"))
        self.area_picker.observe(lambda change: self.open_area(change["new"]), names="value")
        self.no_gaps = self.kit.html()  # "no gaps yet", empty once there are gaps
        self.votes_line = self.kit.html()
        self.votes_line.add_class("tpi-votes-left")
        self.vote_message = self.kit.html()
        self.vote_message.add_class("tpi-field-error")
        # The facilitator's vote limit control: built only for a facilitator (_set_limit_editing),
        # so a participant's kernel has no widget to send it a value through.
        self.limit_box = w.VBox(layout=look.plain)
        self.limit: w.BoundedIntText | None = None
        self.limit_status: RecordStatus | None = None
        self.limit_binding: Binding | None = None
        # the gaps in rank order, with the buttons to vote: under the votes left, one screen
        self.ranking = GapRanking(self.kit, self.vote)
        self.focus_summary = self.kit.html()
        self.focus_summary.add_class("tpi-focus-summary")
        self.chart = ChartPanel(lambda: priority_matrix_png(self.ranked, self.content, ctx.text),
                                ctx.text("gaps.chart_show"), ctx.text("gaps.chart_hide"), look=look)
        self.chart.add_class("tpi-gap-chart")
        scale = ctx.pack.scale
        # voting beside the details on a wide screen, above them on a phone (tpi-workshop.css)
        voting = w.VBox([self.kit.html(tag("h4", ctx.text("gaps.voting_heading"))
                                       + tag("p", ctx.text("gaps.voting_intro"))),
                         self.limit_box, self.votes_line, self.vote_message, self.ranking], layout=look.plain)
        voting.add_class("tpi-gap-voting-panel")
        details = w.VBox([self.no_gaps, self.area_picker, self.gap_list, self.focus_summary, self.chart],
                         layout=look.plain)
        details.add_class("tpi-gap-details")
        columns = w.VBox([voting, details], layout=look.plain)
        columns.add_class("tpi-gap-columns")
        return [self.kit.html(tag("h3", ctx.text("gaps.heading", cycle=ctx.cycle))
                              + tag("p", ctx.text("gaps.intro", target=scale.label(scale.target)))),
                columns]

    @property
    def cards(self) -> dict[str, GapCard]:
        """The gap cards built so far (of the areas opened), in Step 2's order."""
        return {item: card for area in self.context.areas if area.id in self.gap_lists
                for item, card in self.gap_lists[area.id].rows.items()}

    def open_area(self, area_id: str | None):
        """Build an area's list of gaps the first time it is chosen, and show its gaps."""
        with self.rerun.lock:  # not while the sync thread arranges the lists
            if area_id is None or area_id in self.gap_lists:
                return
            self.gap_lists[area_id] = RecordList(self.kit, GAPS, self._new_card, self.sync.save_many,
                                                 numbered=False)
            if hasattr(self, "gap_list"):  # chosen after the page was built
                self.gap_list.children = self._area_boxes()
                self.rerun()

    def _area_boxes(self) -> list[w.Widget]:
        return [self.gap_lists.get(area.id, self.kit.look.not_built) for area in self.context.areas]

    def start(self, participant: Participant):
        """Called at sign-in (and again if the participant changes who they are)."""
        with self._lock:
            self._set_limit_editing(self.facilitator)
            for card in self.cards.values():
                card.set_focus_editing(self.facilitator)
        self.rerun()

    # voting -------------------------------------------------------------------------------------
    @property
    def votes_per_participant(self) -> int:
        return vote_limit(self.sync.value(LIMIT_KEY), self.content.votes_per_participant,
                          self.content.max_votes_per_participant)

    def vote(self, item_id: str, delta: int) -> bool:
        """Place (+1) or take back (-1) one of the participant's votes; False when not allowed."""
        if self.signed_in_as is None:
            return False
        with self._lock:
            gap_ids = [g.item.id for g in self.gaps]
            new = changed_vote(self.sync.records(VOTES), self.signed_in_as.id, item_id, delta,
                               self.votes_per_participant, gap_ids)
            if new is None:
                return False
            try:
                self.sync.save((VOTES, str(self.signed_in_as.id), item_id), new)
            except TPIError as exc:  # refused, or the database is busy: say so, the participant clicks again
                self.vote_message.value = esc(self.context.text("gaps.vote_failed", reason=failure_reason(exc)))
                return False
            self.vote_message.value = ""
            return True

    def _set_limit_editing(self, enabled: bool):
        if enabled and self.limit_binding is None:
            text = self.context.text
            self.limit = w.BoundedIntText(description=text("gaps.votes_limit"), min=1,
                                          max=self.content.max_votes_per_participant,
                                          value=self.votes_per_participant, style=self.kit.look.choice_label)
            self.limit_status = self.kit.status()
            self.limit_box.children = (self.limit, self.limit_status)
            self.limit_binding = self.sync.bind(Binding(
                LIMIT_KEY, self.limit, to_store=int,
                from_store=lambda value: vote_limit(value, self.content.votes_per_participant,
                                                    self.content.max_votes_per_participant),
                on_status=self.limit_status.callback("votes_per_participant")))
        elif not enabled and self.limit_binding is not None:
            self.sync.unbind(LIMIT_KEY)
            self.limit_binding, self.limit, self.limit_status = None, None, None
            self.limit_box.children = ()

    # live view ----------------------------------------------------------------------------------
    def _new_card(self, item_id: str) -> GapCard:
        card = GapCard(self.kit, next(g for g in self.gaps if g.item.id == item_id), self.content)
        card.set_focus_editing(self.facilitator)
        return card

    def arrange(self):
        """Rebuild the view from the store: the gap list (cards come and go as ratings change),
        votes, ranking, chosen focus areas and the chart."""
        ctx, sync = self.context, self.sync
        self.gaps = find_gaps(ctx.areas, ctx.pack.scale, sync.records(BASELINE))
        gap_ids = [g.item.id for g in self.gaps]
        for area, gap_list in self.gap_lists.items():
            gap_list.arrange([g.item.id for g in self.gaps if g.area.id == area])
        cards = self.cards
        for gap in self.gaps:
            if gap.item.id in cards:
                cards[gap.item.id].show_gap(gap)
        self.no_gaps.value = "" if gap_ids else tag("p", ctx.text("gaps.none"), "tpi-note")

        votes, limit = sync.records(VOTES), self.votes_per_participant
        self.ranked = rank_gaps(self.gaps, votes, sync.records(GAPS), sync.records(FOCUS))
        me = self.signed_in_as.id if self.signed_in_as is not None else None
        mine = votes.get(str(me), {}) if me is not None else {}
        left = votes_left(limit, votes, me, gap_ids) if me is not None else limit
        my_votes = {r.gap.item.id: vote_count(mine.get(r.gap.item.id)) for r in self.ranked}
        for ranked in self.ranked:
            card = cards.get(ranked.gap.item.id)
            if card is None:  # its area is not opened
                continue
            card.show_votes(ranked.votes, my_votes[ranked.gap.item.id])
            card.show_focus(ranked.chosen, ranked.rationale)
        self.votes_line.value = esc(ctx.text("gaps.votes_left", left=left, limit=limit))
        self.ranking.arrange(self.ranked, my_votes, left, me is not None)
        self.focus_summary.value = tag("h3", ctx.text("gaps.priorities_heading")) + focus_summary(
            chosen_focus(self.ranked), ctx.text)
        if self.kit.names.learned:
            self.kit.names.learned = False
            for card in cards.values():
                card.refresh_statuses()
        self.chart.refresh()




# the chosen focus areas as HTML: participant text is escaped ----------------------------------
def focus_summary(chosen: list[RankedGap], text) -> str:
    if not chosen:
        return tag("h4", text("gaps.focus_heading")) + tag("p", text("gaps.focus_none"), "tpi-note")
    items = "".join(
        f'<li class="tpi-focus-chosen"><span class="tpi-item-code">{esc(item_code(r.gap.item.id))}</span> '
        f"{esc(r.gap.item.text)}" + (tag("div", r.rationale, "tpi-focus-rationale") if r.rationale.strip() else "")
        + "</li>" for r in chosen)
    return tag("h4", text("gaps.focus_heading")) + f"<ul>{items}</ul>"
