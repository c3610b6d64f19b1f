"""Typed text held to its field's length limit on the page (pack.yaml `limits:`, core/text_limits.py)."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core.text_limits import cut


def limit_length(widget: w.Widget, limit: int, on_cut: Callable[[int | None], None]):
    """Cut the widget's text at `limit` characters as it arrives (typed, pasted or sent by hand),
    keeping the text up to it, which is what gets saved. `on_cut(limit)` when text was cut,
    `on_cut(None)` once the text is shorter than the limit again: the page says so inline.

    The cut happens in the kernel as the value arrives, before the debounced save reads it, so a
    1 MB paste never reaches the store, the history or the other pages."""
    def check(change):
        value = change["new"] or ""
        if len(value) > limit:
            widget.value = cut(value, limit)
            on_cut(limit)
        elif len(value) < limit:
            on_cut(None)
    widget.observe(check, names="value")
