"""Static matplotlib charts as PNG bytes: shown in an Image widget and reusable in reports.

Uses the object-oriented API (Figure + Agg canvas), not pyplot: no global figure state in a
kernel that redraws from a background thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

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
