"""One plan indicator over time: its measurements (date, value as typed, note; an add/remove
list), the values that cannot be drawn, and a run chart against the row's baseline and target."""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from tpi_widgets.core import action_records as ar
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.core.html import esc, tag


class IndicatorPanel(w.VBox):
    def __init__(self, kit: PageKit, activity: str, measurements: w.Widget, render: Callable[[str], bytes]):
        text, look = kit.text, kit.look
        self.activity, self.text, self.measurements = activity, text, measurements
        self.heading = kit.html()
        self.not_plotted = kit.html()
        self.not_plotted.add_class("tpi-not-plotted")
        self.chart = ChartPanel(lambda: render(activity), text("action.chart_show"), text("action.chart_hide"),
                                look=look)
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
