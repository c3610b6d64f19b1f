"""One plan indicator over time: its measurements (date, value as typed, note; an add/remove
list), the values that cannot be drawn, and a run chart against the row's baseline and target."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from .. import action_records as ar
from .charts import ChartPanel
from .text import esc, tag


class IndicatorPanel(w.VBox):
    def __init__(self, activity: str, measurements: w.Widget, text: Callable[..., str],
                 render: Callable[[str], bytes], look):
        self.activity, self.text, self.measurements = activity, text, measurements
        self.heading = w.HTML(style=look.html, layout=look.plain)
        self.not_plotted = w.HTML(style=look.html, layout=look.plain)
        self.not_plotted.add_class("tpi-not-plotted")
        self.chart = ChartPanel(lambda: render(activity), text("action.chart_show"), text("action.chart_hide"))
        super().__init__([self.heading, measurements, self.not_plotted, self.chart], layout=look.plain)
        self.add_class("tpi-indicator")

    def show(self, activity: ar.Activity, row: dict, series: ar.Series):
        text = self.text
        self.heading.value = tag("h4", activity.label) + tag(
            "p", text("action.indicator_line", indicator=str(row.get("indicator") or ""),
                      baseline=str(row.get("baseline") or "-"), target=str(row.get("target") or "-")),
            "tpi-indicator-line")
        if series.not_plotted:
            items = "".join(f"<li>{esc(p.date_text or '-')}: {esc(p.value_text or '-')}</li>" for p in series.not_plotted)
            self.not_plotted.value = tag("p", text("action.not_plotted", count=len(series.not_plotted)),
                                         "tpi-hint") + f"<ul>{items}</ul>"
        else:
            self.not_plotted.value = ""
        self.chart.refresh()


def run_chart_png(series: ar.Series, title: str, baseline_label: str, target_label: str, empty_note: str) -> bytes:
    """The measured values by date, with the baseline and target as horizontal lines."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    from ..steps.action_planning import chart_text

    figure = Figure(figsize=(6.5, 3.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if series.plotted:
        dates = [p.date for p in series.plotted]
        axes.plot(dates, [p.value for p in series.plotted], marker="o", color="#0b4f6c")
        locator = AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    else:
        axes.text(0.5, 0.5, chart_text(empty_note, 80), ha="center", va="center", transform=axes.transAxes,
                  color="#555")
    for value, label, colour, style in ((series.baseline, baseline_label, "#c0392b", "--"),
                                        (series.target, target_label, "#1e8449", ":")):
        if value is not None:
            axes.axhline(value, color=colour, linestyle=style, linewidth=1.2, label=chart_text(label, 40))
    if series.baseline is not None or series.target is not None:
        axes.legend(fontsize=8, frameon=False, loc="best")
    axes.set_title(chart_text(title, 70), loc="left", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
