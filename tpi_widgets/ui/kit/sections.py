"""A page's sections behind a row of toggle buttons, each built the first time it is chosen: the
page sends the browser the first section, and those a participant opens after; until then a
section's place in the view is the shared look's one empty box (SharedLook.not_built)."""

from __future__ import annotations

from typing import Callable, Sequence

import ipywidgets as w

from tpi_widgets.ui.kit.look import SharedLook


class LazySections:
    def __init__(self, look: SharedLook, names: Sequence[str], labels: Sequence[str],
                 build: Callable[[str], list[w.Widget]], lock, on_built: Callable[[str], None], css: str = ""):
        """`build(name)`: the section's widgets; `on_built(name)`: called once a section is built
        and in the view (not for the first, built with the page); `lock`: the page's, so its
        sync thread arranges a section only once it is whole."""
        self.look, self.names, self._build, self._lock, self._on_built, self.css = look, names, build, lock, on_built, css
        self.pages: dict[str, w.VBox] = {}
        self.opened: set[str] = set()
        self.view: w.Stack | None = None
        self.open(names[0])
        self.picker = w.ToggleButtons(options=list(zip(labels, names)), value=names[0], style=look.tabs,
                                      layout=look.plain)
        self.picker.add_class("tpi-section-picker")
        self.view = w.Stack(self._boxes(), selected_index=0, layout=look.plain)
        w.jslink((self.picker, "index"), (self.view, "selected_index"))
        self.picker.observe(lambda change: self.open(change["new"]), names="value")

    def open(self, name: str):
        """Build section `name` if it is not yet (the picker shows it)."""
        with self._lock:
            if name in self.opened:
                return
            self.pages[name] = w.VBox(self._build(name), layout=self.look.plain)
            if self.css:
                self.pages[name].add_class(self.css)
            self.opened.add(name)
            if self.view is not None:
                self.view.children = self._boxes()
                self._on_built(name)

    def _boxes(self) -> list[w.Widget]:
        return [self.pages.get(name, self.look.not_built) for name in self.names]
