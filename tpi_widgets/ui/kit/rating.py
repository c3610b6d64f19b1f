"""One assessment item: its rating on the pack's scale, an evidence note and its source."""

from __future__ import annotations

import ipywidgets as w

from tpi_widgets.content import Item, Scale
from tpi_widgets.content.model import NOT_APPLICABLE, item_code
from tpi_widgets.ui.kit.field_set import Field, FieldSet, name_widgets
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import esc

UNRATED = ""  # the dropdown's value for "not rated yet"; stored as null


def scale_options(scale: Scale) -> list[tuple[str, object]]:
    """The scale's levels and "not applicable", without "not rated yet"."""
    return [(f"{level.value} · {level.label}", level.value) for level in scale.levels] + [
        (scale.not_applicable.label, NOT_APPLICABLE)]


def rating_options(scale: Scale, unrated_label: str) -> list[tuple[str, object]]:
    return [(unrated_label, UNRATED)] + scale_options(scale)


def rating_to_store(value):
    return None if value == UNRATED else value


class RatingRow(w.VBox):
    """The widgets for one item, bound to (collection, item id, rating|evidence|source): a
    FieldSet (`row.fieldset`), its widgets the row's attributes (`row.rating`, `row.evidence`)."""

    def __init__(self, kit: PageKit, item: Item, scale: Scale, collection: str):
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-item")
        self.item = item
        code = item_code(item.id)
        self.fieldset = FieldSet(kit, collection, item.id, [
            Field("rating", f"{code} {text('assessment.rating').lower()}", "choice", tuple(scale_options(scale)),
                  unset=text("assessment.unrated")),
            Field("evidence", f"{code} {text('assessment.evidence').lower()}", "long",
                  placeholder=text("assessment.evidence_placeholder"), rows=3),
            Field("source", f"{code} {text('assessment.source').lower()}",
                  placeholder=text("assessment.source_placeholder"))])
        name_widgets(self, self.fieldset)
        self.status = self.fieldset.status
        guidance = f'<div class="tpi-item-guidance">{esc(item.guidance)}</div>' if item.guidance else ""
        self.header_html = (f'<div class="tpi-item-text"><span class="tpi-item-code">{esc(code)}</span> '
                            f"{esc(item.text)}</div>{guidance}")
        self.header = kit.html(self.header_html)
        self.children = [self.header, self.rating, self.evidence, self.source, self.status]

    def show_shared(self, note: str, agreed: bool):
        """Under the item's text: the group's shared rating, agreed or only proposed so far
        (escaped here), or nothing."""
        css = "tpi-agreed-note" if agreed else "tpi-proposed-note"
        value = self.header_html + (f'<div class="{css}">{esc(note)}</div>' if note else "")
        if self.header.value != value:
            self.header.value = value

