"""Static matplotlib charts as PNG bytes: shown in an Image widget and reusable in reports.

Uses the object-oriented API (Figure + Agg canvas), not pyplot: no global figure state in a
kernel that redraws from a background thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import ipywidgets as w

SCALE_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#7dbb5a", "#1e8449"]  # low -> high
NOT_APPLICABLE_COLOUR = "#95a5a6"
UNRATED_COLOUR = "#e5e8e8"


@dataclass(frozen=True)
class Segment:
    label: str
    colour: str


def scale_colours(count: int) -> list[str]:
    """`count` colours spread from red to green."""
    if count <= 1:
        return SCALE_COLOURS[-1:]
    step = (len(SCALE_COLOURS) - 1) / (count - 1)
    return [SCALE_COLOURS[round(i * step)] for i in range(count)]


def stacked_bars_png(rows: list[str], segments: list[Segment], counts: list[list[int]], title: str,
                     xlabel: str, width: float = 7.5) -> bytes:
    """A horizontal stacked bar per row; counts[row][segment]."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 1.2 + 0.45 * max(len(rows), 1)
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    left = [0] * len(rows)
    for index, segment in enumerate(segments):
        values = [row[index] for row in counts]
        axes.barh(positions, values, left=left, color=segment.colour, label=segment.label, edgecolor="white")
        left = [a + b for a, b in zip(left, values)]
    axes.set_yticks(positions, rows)
    axes.set_xlabel(xlabel)
    axes.set_title(title, loc="left", fontsize=11)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="lower center", ncols=min(len(segments), 4), fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.08 + 0.06 * (len(segments) > 4), 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


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
