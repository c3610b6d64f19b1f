"""Step 3's ranked list: one line per gap in rank order (rank, code, the item's text cut short,
its votes and the participant's own) with the buttons to vote inline, so the "votes left" line
and the ranking fit one screen. The only place on the page where a participant votes."""

from __future__ import annotations

from typing import Callable, Mapping

import ipywidgets as w

from tpi_widgets.content.model import item_code
from tpi_widgets.core.gaps import RankedGap
from tpi_widgets.core.html import attr, esc, tag
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.record_list import drop

CHOSEN_CSS = "tpi-gap-chosen"  # also the chosen card's class (kit/gap_card.py): the same green mark


class RankedGapRow(w.HBox):
    """One gap of the ranking: its line and its + / − buttons. The buttons show an icon only;
    their tooltips ("Vote for IPC-02") name the gap, for a screen reader too (the button's title)."""

    def __init__(self, kit: PageKit, item_id: str, on_vote: Callable[[str, int], object]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-ranked-gap")
        self.kit, self.item_id = kit, item_id
        code = item_code(item_id)
        self.line = kit.html()
        self.line.add_class("tpi-ranked-gap-line")
        self.add_vote = kit.button("", icon="plus", css="tpi-vote-add", tooltip=kit.text("gaps.vote_add", code=code))
        self.remove_vote = kit.button("", icon="minus", css="tpi-vote-remove",
                                      tooltip=kit.text("gaps.vote_remove", code=code))
        self.add_vote.on_click(lambda _: on_vote(item_id, +1))
        self.remove_vote.on_click(lambda _: on_vote(item_id, -1))
        self.children = (self.line, self.add_vote, self.remove_vote)

    def show(self, rank: int, ranked: RankedGap, mine: int, can_add: bool, signed_in: bool):
        """Redraw from the ranking; a widget's value is sent to the browser only when it changed."""
        text, item = self.kit.text, ranked.gap.item
        html = (f'<div class="tpi-ranked-gap-title"><span class="tpi-rank">{rank}</span> '
                f'<span class="tpi-item-code">{esc(item_code(item.id))}</span> '
                # cut short by the CSS (one line); the full text stays in the page and its title
                f'<span class="tpi-ranked-gap-text" title="{attr(item.text)}">{esc(item.text)}</span></div>'
                + '<div class="tpi-ranked-gap-votes">' + esc(text("gaps.votes", total=ranked.votes, mine=mine))
                + (" " + tag("span", "★ " + text("gaps.chosen"), "tpi-ranked-gap-chosen") if ranked.chosen else "")
                + "</div>")
        if self.line.value != html:
            self.line.value = html
        add_disabled, remove_disabled = not (signed_in and can_add), not (signed_in and mine > 0)
        if self.add_vote.disabled != add_disabled:
            self.add_vote.disabled = add_disabled
        if self.remove_vote.disabled != remove_disabled:
            self.remove_vote.disabled = remove_disabled
        if ranked.chosen:
            self.add_class(CHOSEN_CSS)
        else:
            self.remove_class(CHOSEN_CSS)


class GapRanking(w.VBox):
    """The gaps in rank order, a row per gap kept by item id (a gap's row is built once, moved
    as the ranking changes, dropped when it stops being a gap). The page calls `arrange` after
    every settled change. `on_vote(item_id, +1 or -1)` places or takes back a vote."""

    def __init__(self, kit: PageKit, on_vote: Callable[[str, int], object]):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-gap-ranking")
        self.kit, self.on_vote = kit, on_vote
        self.heading = kit.html()
        self.rows: dict[str, RankedGapRow] = {}

    def arrange(self, ranked: list[RankedGap], mine: Mapping[str, int], left: int, signed_in: bool):
        """Show `ranked` in its order: each gap's votes, the participant's own (`mine`, by item
        id) and whether they can place one more (`left` votes) or take one back."""
        shown = [r.gap.item.id for r in ranked]
        for item_id in [i for i in self.rows if i not in shown]:
            drop(self.kit, self.rows.pop(item_id))
        for rank, gap in enumerate(ranked, start=1):
            item_id = gap.gap.item.id
            row = self.rows.get(item_id)
            if row is None:
                row = self.rows[item_id] = RankedGapRow(self.kit, item_id, self.on_vote)
            row.show(rank, gap, mine.get(item_id, 0), left > 0, signed_in)
        if ranked and not self.heading.value:
            text = self.kit.text
            self.heading.value = tag("h4", text("gap_ranking.heading")) + tag("p", text("gap_ranking.order"),
                                                                             "tpi-note")
        children = ((self.heading,) if ranked else ()) + tuple(self.rows[i] for i in shown)
        if children != tuple(self.children):
            self.children = children
