"""One assessment item: its rating on the pack's scale, an evidence note and its source."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.content import Item, Scale
from tpi_widgets.content.model import NOT_APPLICABLE, item_code
from tpi_widgets.ui.live import Binding
from tpi_widgets.ui.kit.fields import TEXT_DEBOUNCE, text_from_store
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import esc

UNRATED = ""  # the dropdown's value for "not rated yet"; stored as null


def rating_options(scale: Scale, unrated_label: str) -> list[tuple[str, object]]:
    options = [(unrated_label, UNRATED)]
    options += [(f"{level.value} · {level.label}", level.value) for level in scale.levels]
    options.append((scale.not_applicable.label, NOT_APPLICABLE))
    return options


def rating_to_store(value):
    return None if value == UNRATED else value


def rating_from_store(value):
    return UNRATED if value is None else value


class RatingRow(w.VBox):
    """The widgets for one item, bound to (collection, item id, rating|evidence|source)."""

    FIELDS = ("rating", "evidence", "source")

    def __init__(self, kit: PageKit, item: Item, scale: Scale, collection: str,
                 rating_also: Callable[[object], list] = lambda value: []):
        """`rating_also(value)`: writes saved with the rating in one transaction (the rater's
        proposal, when ratings are reconciled)."""
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-item")
        self.item = item
        code = item_code(item.id)
        self.rating = w.Dropdown(description=f"{code} {text('assessment.rating').lower()}",
                                 options=rating_options(scale, text("assessment.unrated")), value=UNRATED,
                                 style=look.choice_label, layout=look.wide)
        self.evidence = w.Textarea(description=f"{code} {text('assessment.evidence').lower()}",
                                   placeholder=text("assessment.evidence_placeholder"), continuous_update=True,
                                   rows=3, style=look.text_label, layout=look.wide)
        self.source = w.Text(description=f"{code} {text('assessment.source').lower()}",
                             placeholder=text("assessment.source_placeholder"), continuous_update=True,
                             style=look.text_label, layout=look.wide)
        self.status = kit.status()
        guidance = f'<div class="tpi-item-guidance">{esc(item.guidance)}</div>' if item.guidance else ""
        self.header_html = (f'<div class="tpi-item-text"><span class="tpi-item-code">{esc(code)}</span> '
                            f"{esc(item.text)}</div>{guidance}")
        self.header = kit.html(self.header_html)
        self.children = [self.header, self.rating, self.evidence, self.source, self.status]
        for name, widget, debounce, convert in (
                ("rating", self.rating, 0.0, (rating_to_store, rating_from_store)),
                ("evidence", self.evidence, TEXT_DEBOUNCE, (str, text_from_store)),
                ("source", self.source, TEXT_DEBOUNCE, (str, text_from_store))):
            kit.sync.bind(Binding((collection, item.id, name), widget, debounce=debounce, to_store=convert[0],
                                  from_store=convert[1], on_status=self.status.callback(name),
                                  also=rating_also if name == "rating" else Binding.also))

    def show_agreed(self, note: str):
        """Under the item's text: the group's agreed rating (escaped here), or nothing."""
        value = self.header_html + (f'<div class="tpi-agreed-note">{esc(note)}</div>' if note else "")
        if self.header.value != value:
            self.header.value = value

