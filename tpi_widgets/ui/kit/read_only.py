"""A page held read-only: every input and button disabled, the page's own wishes kept for later.

A closed earlier cycle (core/cycles.py) is shown as it was, with nothing to change. `ReadOnly`
disables every widget under the page's roots that edits or acts, also those a page builds later (a
card opened, a row arriving live) and those the page enables again meanwhile (a move button at a
row's new place); on `release` each gets back what the page last asked for. What only shows
something stays usable: section and area pickers, chart toggles, and controls marked NAVIGATES
(the button opening a card to read it). The write guard refuses writes anyway (core/access.py).
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable

import ipywidgets as w

NAVIGATES = "tpi-navigates"  # the CSS class of a control that only shows something


def navigates(widget: w.Widget) -> bool:
    return isinstance(widget, (w.ToggleButtons, w.ToggleButton)) or NAVIGATES in getattr(widget, "_dom_classes", ())


class ReadOnly:
    def __init__(self, roots: Callable[[], Iterable[w.Widget]]):
        """`roots()`: the widgets whose trees are held (the page's body without its documents)."""
        self.roots = roots
        self.held = False
        self._lock = threading.RLock()
        self._local = threading.local()  # set while this holder changes a widget, per thread
        self._wanted: dict[int, tuple[w.Widget, bool]] = {}  # id -> (widget, the page's own `disabled`)
        self._boxes: dict[int, w.Widget] = {}  # id -> a box whose new children are held too

    def hold(self):
        with self._lock:
            self.held = True
            for root in self.roots():
                self._cover(root)

    def release(self):
        with self._lock:
            self.held = False
            for box in self._boxes.values():
                box.unobserve(self._children_changed, names="children")
            for widget, wanted in self._wanted.values():
                widget.unobserve(self._disabled_changed, names="disabled")
                if widget.comm is not None:  # still on the page
                    self._set(widget, wanted)
            self._boxes, self._wanted = {}, {}

    def _cover(self, widget: w.Widget):
        if widget.comm is None:  # closed: no longer on the page
            return
        if isinstance(widget, w.Box):
            if id(widget) not in self._boxes:
                self._boxes[id(widget)] = widget
                widget.observe(self._children_changed, names="children")
            for child in widget.children:
                self._cover(child)
        elif widget.has_trait("disabled") and not navigates(widget) and id(widget) not in self._wanted:
            self._wanted[id(widget)] = (widget, widget.disabled)
            widget.observe(self._disabled_changed, names="disabled")
            self._set(widget, True)

    def _children_changed(self, change):
        with self._lock:
            if self.held:
                for child in change["new"]:
                    self._cover(child)

    def _disabled_changed(self, change):
        """The page set `disabled` itself: remembered for `release`, and held disabled meanwhile."""
        if getattr(self._local, "setting", False):
            return
        widget = change["owner"]
        with self._lock:
            if not self.held or id(widget) not in self._wanted:
                return
            self._wanted[id(widget)] = (widget, change["new"])
            self._set(widget, True)

    def _set(self, widget: w.Widget, disabled: bool):
        self._local.setting = True
        try:
            widget.disabled = disabled
        finally:
            self._local.setting = False
