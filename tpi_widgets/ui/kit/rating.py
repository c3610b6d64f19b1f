"""One assessment item: its rating on the pack's scale, an evidence note and its source."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from tpi_widgets.content import Item, Scale
from tpi_widgets.content.model import NOT_APPLICABLE, item_code
from tpi_widgets.ui.live import Binding, LiveSync
from tpi_widgets.ui.kit.status import RecordStatus
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


class SharedLook:
    """One style and layout object per page, shared by every row: each would otherwise be its
    own widget model, and a page of 29 items sent the browser about 550 models instead of 230."""

    def __init__(self):
        self.choice_label = DescriptionStyle(description_width="initial")
        self.text_label = TextStyle(description_width="initial")
        self.html = HTMLStyle()
        self.plain = w.Layout()
        self.wide = w.Layout(width="100%")


class RatingRow(w.VBox):
    """The widgets for one item, bound to (collection, item id, rating|evidence|source)."""

    FIELDS = ("rating", "evidence", "source")

    def __init__(self, item: Item, scale: Scale, collection: str, sync: LiveSync, text: Callable[..., str],
                 names: Callable[[int | None], str], look: SharedLook,
                 rating_also: Callable[[object], list] = lambda value: []):
        """`rating_also(value)`: writes saved with the rating in one transaction (the rater's
        proposal, when ratings are reconciled)."""
        super().__init__(layout=look.plain)
        self.add_class("tpi-item")
        self.item, self.text, self.names = item, text, names
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
        self.status = RecordStatus(text, names, style=look.html, layout=look.plain)
        guidance = f'<div class="tpi-item-guidance">{esc(item.guidance)}</div>' if item.guidance else ""
        self.header_html = (f'<div class="tpi-item-text"><span class="tpi-item-code">{esc(code)}</span> '
                            f"{esc(item.text)}</div>{guidance}")
        self.header = w.HTML(self.header_html, style=look.html, layout=look.plain)
        self.children = [self.header, self.rating, self.evidence, self.source, self.status]
        for name, widget, debounce, convert in (
                ("rating", self.rating, 0.0, (rating_to_store, rating_from_store)),
                ("evidence", self.evidence, 0.4, (str, _text_from_store)),
                ("source", self.source, 0.4, (str, _text_from_store))):
            sync.bind(Binding((collection, item.id, name), widget, debounce=debounce, to_store=convert[0],
                              from_store=convert[1], on_status=self.status.callback(name),
                              also=rating_also if name == "rating" else Binding.also))

    def show_agreed(self, note: str):
        """Under the item's text: the group's agreed rating (escaped here), or nothing."""
        value = self.header_html + (f'<div class="tpi-agreed-note">{esc(note)}</div>' if note else "")
        if self.header.value != value:
            self.header.value = value


def _text_from_store(value) -> str:
    return "" if value is None else str(value)

