"""A chart panel for the step pages: a PNG drawn by tpi_widgets/core/charts.py, shown in an Image
widget only while someone has it open."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

# The PNG drawing lives in tpi_widgets/core/charts.py (widget-free, for the annex documents too).


class ChartPanel(w.VBox):
    """A chart drawn only while someone has it open.

    Closed by default: a participant's kernel then never imports matplotlib (about 50 MiB and
    a second of start-up), and phones on a weak network are not sent a new image at every
    rating. Opened, it redraws whenever `refresh` is called.
    """

    def __init__(self, render: Callable[[], bytes], show_label: str, hide_label: str, open_: bool = False):
        self.render, self.show_label, self.hide_label = render, show_label, hide_label
        self.toggle = w.ToggleButton(value=False, description=show_label)
        self.toggle.add_class("tpi-chart-toggle")
        self.image = w.Image(format="png")
        self.image.add_class("tpi-chart")
        self.image.layout.display = "none"
        super().__init__([self.toggle, self.image])
        self.toggle.observe(self._toggled, names="value")
        self.toggle.value = open_

    @property
    def is_open(self) -> bool:
        return self.toggle.value

    def refresh(self):
        if self.is_open:
            self.image.value = self.render()

    def _toggled(self, change):
        self.toggle.description = self.hide_label if change["new"] else self.show_label
        self.image.layout.display = None if change["new"] else "none"
        self.refresh()
