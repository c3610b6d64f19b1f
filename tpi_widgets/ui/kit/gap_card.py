"""One gap of Step 3: what Step 2 found, the group's root causes and scores, its votes (as
text: the buttons to vote are in the ranked list, kit/gap_ranking.py), and (for the facilitator) whether it is
chosen as a focus area and why."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core.records import FOCUS, GAPS
from tpi_widgets.content.sections.gaps import GapsContent, ScoreScale
from tpi_widgets.core.gaps import Gap
from tpi_widgets.ui.kit.field_set import ClosedForm, Field, FieldSet, name_widgets
from tpi_widgets.content.model import item_code
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.record_list import drop
from tpi_widgets.core.html import esc, tag
from tpi_widgets.ui.kit.status import clock

def score_field(name: str, scale: ScoreScale, code: str, text: Callable[..., str]) -> Field:
    """A score dropdown ("impact", "feasibility"): the scale's levels, its question as tooltip."""
    return Field(name, text("gaps.score", code=code, scale=scale.title.lower()), "choice",
                 tuple((f"{level.value} · {level.label}", level.value) for level in scale.levels),
                 unset=text("gaps.unscored"), tooltip=scale.question)


class GapCard(ClosedForm, w.VBox):
    """One gap: what Step 2 found, its votes (a line; the buttons are in the ranked list) and whether it is chosen.
    Closed, the group's notes (root causes, scores, who saved them) are a line of its header and an
    "edit" button opens them; opened (`open_form`: the participant's click), the card is bound to
    ("gaps", item id, root_causes|impact|feasibility) and, with focus editing on (a facilitator),
    to ("focus", item id, chosen|rationale): two FieldSets, their widgets the card's attributes
    (`card.root_causes`, `card.chosen`). A list of twenty gaps would otherwise send the browser
    twenty forms."""

    def __init__(self, kit: PageKit, gap: Gap, content: GapsContent):
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-item")
        self.add_class("tpi-gap")
        self.kit, self.item_id, self.text, self.content = kit, gap.item.id, text, content
        self.code = code = item_code(gap.item.id)
        self.header = kit.html()
        self.fieldset: FieldSet | None = None
        self.focusing = False  # whether the focus choice is edited here (a facilitator's), once opened
        self.gap_html = ""
        self.votes = kit.html()
        self.votes.add_class("tpi-gap-votes")
        self.focus_view = ""  # the read-only "chosen as a focus area" line (escaped), the header's last part
        self.focus_editor: w.VBox | None = None
        self.editor = self.edit_button(kit, text("gaps.edit", code=code), "tpi-gap-edit")
        self.children = [self.header, self.votes, self.editor]
        self.show_gap(gap)

    def build_form(self) -> FieldSet:
        """The gap's fields, in place of its notes line and button."""
        text, code = self.text, self.code
        return FieldSet(self.kit, GAPS, self.item_id, [
            Field("root_causes", text("gaps.root_causes", code=code), "long",
                  placeholder=text("gaps.root_causes_placeholder"), rows=3),
            score_field("impact", self.content.impact, code, text),
            score_field("feasibility", self.content.feasibility, code, text)])

    def show_form(self):
        self.status = self.fieldset.status
        self.children = [self.header, self.root_causes, self.impact, self.feasibility, self.status, self.votes]
        self.editor.close()
        self._render()
        if self.focusing:
            self._build_focus_editor()

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
        self.gap_html = html
        self._render()

    def _render(self):
        """The header: the gap, the notes line while closed, and the focus line."""
        html = (self.gap_html + ("" if self.opened else self._notes_html())
                + (f'<div class="tpi-focus-view">{self.focus_view}</div>' if self.focus_view else ""))
        if self.header.value != html:
            self.header.value = html

    def _notes_html(self) -> str:
        """The closed card's line of the group's notes, from the store as it is now."""
        text, sync = self.text, self.kit.sync
        row = sync.records(GAPS).get(self.item_id, {})
        causes = str(row.get("root_causes") or "").strip()
        scores = [f"{scale.title}: {row.get(name)} · {scale.label(row.get(name))}" for name, scale in
                  (("impact", self.content.impact), ("feasibility", self.content.feasibility))
                  if row.get(name) in scale.values]
        entries = [e for (c, r, _), e in list(sync.entries.items()) if c == GAPS and r == self.item_id]
        latest = max(entries, key=lambda e: e.change_id) if entries else None
        saved = text("app.saved_by", name=self.kit.names(latest.participant_id),
                     time=clock(latest.updated_at)) if latest is not None and latest.participant_id else ""
        if not (causes or scores):
            return tag("p", text("gaps.notes_none"), "tpi-note tpi-gap-notes")
        return ((tag("div", text("gaps.root_causes", code=self.code), "tpi-gap-label") + tag("div", causes, "tpi-gap-evidence")
                 if causes else "")
                + (tag("p", " · ".join(scores), "tpi-gap-notes") if scores else "")
                + (tag("p", saved, "tpi-status tpi-status-saved") if saved else ""))

    def show_votes(self, total: int, mine: int):
        html = esc(self.text("gaps.votes", total=total, mine=mine))
        if self.votes.value != html:
            self.votes.value = html

    def show_focus(self, chosen: bool, rationale: str):
        """The read-only line participants see; the facilitator edits the same values instead."""
        if not chosen or self.focus_editor is not None:
            html = ""
        elif rationale.strip():
            html = esc(self.text("gaps.focus_view", rationale=rationale))
        else:
            html = esc(self.text("gaps.focus_view_no_rationale"))
        if html != self.focus_view:
            self.focus_view = html
            self._render()
        if chosen:
            self.add_class("tpi-gap-chosen")
        else:
            self.remove_class("tpi-gap-chosen")

    # the facilitator's controls ----------------------------------------------------------------
    def set_focus_editing(self, enabled: bool):
        """Add (or remove) the checkbox and rationale bound to ("focus", item id, ...): on an
        opened card at once, on a closed one when it is opened."""
        self.focusing = enabled
        if enabled == (self.focus_editor is not None) or not self.opened:
            return
        if not enabled:
            self.children = tuple(c for c in self.children if c is not self.focus_editor)
            drop(self.kit, self.focus_editor)
            self.focus_editor = None
            return
        self._build_focus_editor()

    def _build_focus_editor(self):
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
        self.focus_view = ""
        self._render()
        self.children = (*self.children, self.focus_editor)

    def refresh_statuses(self):
        """Redraw the "saved by" lines (a saver's name became known after their save arrived)."""
        if not self.opened:
            self._render()
            return
        self.status.refresh()
        if self.focus_editor is not None:
            self.focus_status.refresh()
