"""One gap of Step 3: what Step 2 found, the group's root causes and scores, its votes, and
(for the facilitator) whether it is chosen as a focus area and why."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core.records import FOCUS, GAPS
from tpi_widgets.content.sections.gaps import GapsContent, ScoreScale
from tpi_widgets.core.gaps import Gap
from tpi_widgets.ui.kit.field_set import Field, FieldSet, name_widgets
from tpi_widgets.content.model import item_code
from tpi_widgets.ui.kit.page_kit import PageKit, SharedLook
from tpi_widgets.ui.kit.record_list import drop
from tpi_widgets.core.html import esc, tag

class GapLook(SharedLook):
    """SharedLook plus the vote buttons' style and layout, shared by every card."""

    def __init__(self):
        super().__init__()
        self.button = w.ButtonStyle()
        self.narrow = w.Layout(width="auto")


def score_field(name: str, scale: ScoreScale, code: str, text: Callable[..., str]) -> Field:
    """A score dropdown ("impact", "feasibility"): the scale's levels, its question as tooltip."""
    return Field(name, text("gaps.score", code=code, scale=scale.title.lower()), "choice",
                 tuple((f"{level.value} · {level.label}", level.value) for level in scale.levels),
                 unset=text("gaps.unscored"), tooltip=scale.question)


class GapCard(w.VBox):
    """Bound to ("gaps", item id, root_causes|impact|feasibility); with focus editing on, also to
    ("focus", item id, chosen|rationale): two FieldSets, their widgets the card's attributes
    (`card.root_causes`, `card.chosen`). `on_vote(item_id, +1 or -1)` places or takes back a vote."""

    def __init__(self, kit: PageKit, gap: Gap, content: GapsContent, on_vote: Callable[[str, int], None]):
        """`kit.look` is a GapLook."""
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-item")
        self.add_class("tpi-gap")
        self.kit, self.item_id, self.text = kit, gap.item.id, text
        self.code = code = item_code(gap.item.id)
        self.header = kit.html()
        self.fieldset = FieldSet(kit, GAPS, self.item_id, [
            Field("root_causes", text("gaps.root_causes", code=code), "long",
                  placeholder=text("gaps.root_causes_placeholder"), rows=3),
            score_field("impact", content.impact, code, text),
            score_field("feasibility", content.feasibility, code, text)])
        name_widgets(self, self.fieldset)
        self.status = self.fieldset.status
        self.votes = kit.html()
        self.votes.add_class("tpi-gap-votes")
        self.add_vote = w.Button(description=text("gaps.vote_add", code=code), icon="plus",
                                 style=look.button, layout=look.narrow)
        self.remove_vote = w.Button(description=text("gaps.vote_remove", code=code), icon="minus",
                                    style=look.button, layout=look.narrow)
        self.add_vote.on_click(lambda _: on_vote(self.item_id, +1))
        self.remove_vote.on_click(lambda _: on_vote(self.item_id, -1))
        voting = w.HBox([self.votes, self.add_vote, self.remove_vote], layout=look.plain)
        voting.add_class("tpi-gap-voting")
        self.focus_view = kit.html()
        self.focus_view.add_class("tpi-focus-view")
        self.focus_editor: w.VBox | None = None
        self.children = [self.header, self.root_causes, self.impact, self.feasibility, self.status, voting,
                         self.focus_view]
        self.show_gap(gap)

    # what the page shows, refreshed from the store ---------------------------------------------
    def show_gap(self, gap: Gap):
        """Area, item, and Step 2's rating and evidence (they may change while the page is open)."""
        text = self.text
        evidence = (tag("div", text("gaps.evidence"), "tpi-gap-label") + tag("div", gap.evidence, "tpi-gap-evidence")
                    if gap.evidence.strip() else tag("div", text("gaps.no_evidence"), "tpi-gap-evidence tpi-muted"))
        html = (tag("div", gap.area.short, "tpi-gap-area")
                + f'<div class="tpi-item-text"><span class="tpi-item-code">{esc(self.code)}</span> '
                  f"{esc(gap.item.text)}</div>"
                + tag("div", text("gaps.rating", rating=f"{gap.rating} · {gap.rating_label}"), "tpi-gap-rating")
                + evidence)
        if self.header.value != html:
            self.header.value = html

    def show_votes(self, total: int, mine: int, can_add: bool, signed_in: bool):
        self.votes.value = esc(self.text("gaps.votes", total=total, mine=mine))
        self.add_vote.disabled = not (signed_in and can_add)
        self.remove_vote.disabled = not (signed_in and mine > 0)

    def show_focus(self, chosen: bool, rationale: str):
        """The read-only line participants see; the facilitator edits the same values instead."""
        if not chosen or self.focus_editor is not None:
            html = ""
        elif rationale.strip():
            html = esc(self.text("gaps.focus_view", rationale=rationale))
        else:
            html = esc(self.text("gaps.focus_view_no_rationale"))
        self.focus_view.value = html
        if chosen:
            self.add_class("tpi-gap-chosen")
        else:
            self.remove_class("tpi-gap-chosen")

    # the facilitator's controls ----------------------------------------------------------------
    def set_focus_editing(self, enabled: bool):
        """Add (or remove) the checkbox and rationale bound to ("focus", item id, ...)."""
        if enabled == (self.focus_editor is not None):
            return
        if not enabled:
            self.children = tuple(c for c in self.children if c is not self.focus_editor)
            drop(self.kit, self.focus_editor)
            self.focus_editor = None
            return
        text = self.text
        focus = FieldSet(self.kit, FOCUS, self.item_id, [
            Field("chosen", text("gaps.focus_choose", code=self.code), "check"),
            Field("rationale", text("gaps.focus_rationale", code=self.code), "long",
                  placeholder=text("gaps.rationale_placeholder"), rows=None,
                  required_if=("chosen", "gaps.rationale_required"))])
        name_widgets(self, focus)  # card.chosen, card.rationale (the text with its message)
        self.focus_status = focus.status
        self.focus_editor = w.VBox([self.chosen, self.rationale, self.focus_status], layout=self.kit.look.plain)
        self.focus_editor.add_class("tpi-focus-editor")
        self.focus_view.value = ""
        self.children = (*self.children, self.focus_editor)

    def refresh_statuses(self):
        """Redraw the "saved by" lines (a saver's name became known after their save arrived)."""
        self.status.refresh()
        if self.focus_editor is not None:
            self.focus_status.refresh()
