"""The facilitator's reconciling panel under one assessment item: who proposed which rating, and
the control that makes one of them (or any level) the agreed rating. Built for a facilitator only."""

from __future__ import annotations

from collections import Counter
from typing import Callable

import ipywidgets as w

from tpi_widgets.core import reconcile
from tpi_widgets.content import Item
from tpi_widgets.content.model import item_code
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.rating import UNRATED
from tpi_widgets.core.html import attr, esc


class AgreePanel(w.VBox):
    """`agree(item, value)` and `reopen(item)` are the page's actions (they check the role again)."""

    def __init__(self, kit: PageKit, item: Item, options: list[tuple[str, object]],
                 agree: Callable[[str, object], bool], reopen: Callable[[str], bool]):
        text, look = kit.text, kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-agree")
        self.item, self.text = item, text
        code = item_code(item.id)
        self.labels = {value: label for label, value in options}
        # short names in the distribution: the level's number, or the label of "not applicable"
        self.short = lambda value: str(value) if isinstance(value, int) else self.labels.get(value, str(value))
        self.proposals = kit.html()
        self.proposals.add_class("tpi-agree-proposals")
        self.choice = w.Dropdown(description=text("roles.agree_choice", code=code), options=options, value=UNRATED,
                                 style=look.choice_label, layout=look.wide)
        self.agree_button = w.Button(description=text("roles.agree", code=code), icon="check", layout=look.plain)
        self.agree_button.add_class("tpi-agree-button")
        self.agree_button.on_click(lambda _: agree(item.id, self.choice.value))
        self.reopen_button = w.Button(description=text("roles.reopen", code=code), icon="undo", layout=look.plain)
        self.reopen_button.add_class("tpi-reopen-button")
        self.reopen_button.on_click(lambda _: reopen(item.id))
        self.children = [self.proposals, self.choice, w.HBox([self.agree_button, self.reopen_button],
                                                              layout=look.plain)]
        self._shown: tuple | None = None

    def show(self, counts: Counter, people: dict[object, list[str]], agreed: bool, rating):
        """The distribution ("2 ×3, 1 ×2"), who proposed what (also as the hover title), and the
        agree control preset to the most proposed level (or the current rating once agreed)."""
        shown = (tuple(reconcile.ordered(counts)), tuple(sorted((str(k), tuple(v)) for k, v in people.items())),
                 agreed, rating)
        if shown == self._shown:
            return
        self._shown = shown
        ordered = reconcile.ordered(counts)
        if ordered:
            who = "; ".join(self.text("roles.proposed_by", value=self.short(value),
                                      names=", ".join(people.get(value, []))) for value, _ in ordered)
            summary = self.text("roles.proposals", summary=reconcile.distribution_text(counts, self.short))
            self.proposals.value = (f'<span title="{attr(who)}">{esc(summary)}</span>'
                                    f'<br><span class="tpi-agree-who">{esc(who)}</span>')
        else:
            self.proposals.value = f'<span class="tpi-note">{esc(self.text("roles.no_proposals"))}</span>'
        preset = rating if agreed else (ordered[0][0] if ordered else rating)
        if preset in self.labels:
            self.choice.value = preset
        self.reopen_button.disabled = not agreed
        if agreed:
            self.add_class("tpi-agreed")
        else:
            self.remove_class("tpi-agreed")
