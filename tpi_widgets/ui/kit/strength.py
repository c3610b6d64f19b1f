"""Step 1's partnership-strength self-rating: each side rates the pack's domains for itself and
sees the other side's ratings read-only, beside a comparison table and a grouped bar chart."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.content.sections.partnership import PartnershipContent
from tpi_widgets.core.partnership_profile import SIDES, StrengthRow, strength_record
from tpi_widgets.core.records import STRENGTH
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import isolate_where_needed, tag
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.reports.tables import strength_table

class StrengthRatings(w.VBox):
    """One block per domain with a dropdown per side, both bound to the store; only the
    participant's own side can be changed (`set_side`). Each side's record is a FieldSet, one
    choice per domain, with its "saved by" line.
    Ratings go to `collection`: Step 1's "strength" unless given (Step 6 rates again in its own)."""

    def __init__(self, kit: PageKit, content: PartnershipContent, institutions: dict[int, str],
                 collection: str = STRENGTH):
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-strength")
        self.text = text
        levels = tuple((f"{level.value} · {level.label}", level.value) for level in content.scale)
        sides = {side: FieldSet(kit, collection, strength_record(side), [
            Field(domain.id, text("strength.rating", domain=domain.title, institution=isolate_where_needed(institutions[side])), "choice",
                  levels, unset=text("strength.unrated")) for domain in content.domains]) for side in SIDES}
        self.status = {side: sides[side].status for side in SIDES}
        self.dropdowns: dict[int, dict[str, w.Dropdown]] = {side: sides[side].inputs for side in SIDES}
        for dropdowns in self.dropdowns.values():
            for dropdown in dropdowns.values():
                dropdown.disabled = True  # until `set_side` opens the participant's own
        blocks = []
        for domain in content.domains:
            pair = [self.dropdowns[side][domain.id] for side in SIDES]
            header = kit.html(tag("div", domain.title, "tpi-item-text") +
                              tag("div", domain.description, "tpi-item-guidance"))
            block = w.VBox([header, *pair], layout=look.plain)
            block.add_class("tpi-item")
            blocks.append(block)
        self.statuses = w.VBox([self.status[side] for side in SIDES], layout=look.plain)
        self.children = [*blocks, self.statuses]
        self.side: int | None = None

    def set_side(self, side: int | None):
        """Open the participant's own side for rating; the other side (or both, for someone of
        neither institution) stays read-only."""
        self.side = side
        for each in SIDES:
            for dropdown in self.dropdowns[each].values():
                dropdown.disabled = each != side


def strength_table_html(rows: list[StrengthRow], institutions: dict[int, str], scale_labels: dict[int, str],
                        text: Callable[..., str]) -> str:
    """The table as HTML; every text escaped by the renderer."""
    return render_blocks(strength_table(rows, institutions, scale_labels, text))
