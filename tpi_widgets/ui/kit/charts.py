"""A chart panel for the step pages: a PNG drawn by tpi_widgets/core/charts.py, shown in an Image
widget only while someone has it open."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.ui.kit.page_kit import SharedLook

# The PNG drawing lives in tpi_widgets/core/charts.py (widget-free, for the annex documents too).


class ChartPanel(w.VBox):
    """A chart drawn only while someone has it open.

    Closed by default: a participant's kernel then never imports matplotlib (about 50 MiB and
    a second of start-up), and phones on a weak network are not sent a new image at every
    rating. Opened, it redraws whenever `refresh` is called.
    """

    def __init__(self, render: Callable[[], bytes], show_label: str, hide_label: str, open_: bool = False,
                 look: SharedLook | None = None):
        """With a page's `look`, the panel's parts take its shared layouts and styles. The image
        is built the first time the chart is opened (`image` is None until then)."""
        self.render, self.show_label, self.hide_label, self.look = render, show_label, hide_label, look
        shared = {"layout": look.plain} if look is not None else {}
        # tooltip "": ipywidgets writes a None tooltip as title="null", which screen readers read out
        self.toggle = w.ToggleButton(value=False, description=show_label, tooltip="",
                                     **({"style": look.toggle, **shared} if look is not None else {}))
        self.toggle.add_class("tpi-chart-toggle")
        self.image: w.Image | None = None
        super().__init__([self.toggle], **shared)
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
        if change["new"] and self.image is None:
            self.image = w.Image(format="png", **({"layout": self.look.plain} if self.look is not None else {}))
            self.image.add_class("tpi-chart")
        # closed, the image leaves the panel (kept, with its last drawing, for the next opening)
        self.children = (self.toggle, self.image) if change["new"] else (self.toggle,)
        self.refresh()
