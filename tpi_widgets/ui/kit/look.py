"""The shared look of a page's widgets: one style and layout object per kind, shared by every
widget of the page (the step page's kit, kit/page_kit.py, and its sign-in gate, ui/session.py)."""

from __future__ import annotations

from functools import cached_property

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle


class SharedLook:
    """One style and layout object per page, shared by every row: each would otherwise be its
    own widget model, and a page of 29 items sent the browser about 550 models instead of 230."""

    def __init__(self):
        self.choice_label = DescriptionStyle(description_width="initial")
        self.text_label = TextStyle(description_width="initial")
        self.html = HTMLStyle()
        self.plain = w.Layout()

    @cached_property
    def wide(self) -> w.Layout:
        """A field as wide as the page; built when a page first shows one."""
        return w.Layout(width="100%")

    @cached_property
    def checkbox(self) -> CheckboxStyle:
        """Built when a page first shows a checkbox ("check" field), not on every page."""
        return CheckboxStyle(description_width="initial")

    @cached_property
    def button(self) -> w.Layout:
        """A button as wide as its label, never wider than the page."""
        return w.Layout(width="auto", max_width="100%")

    @cached_property
    def button_style(self) -> w.ButtonStyle:
        """Every button's style (their colour comes from `button_style` and the page's CSS)."""
        return w.ButtonStyle()

    @cached_property
    def not_built(self) -> w.VBox:
        """An empty box: the place, in a Stack, of every section or area not built yet."""
        return w.VBox(layout=self.plain)

    @cached_property
    def tabs(self) -> w.ToggleButtonsStyle:
        """A row of section or area buttons (ToggleButtons), each as wide as its label."""
        return w.ToggleButtonsStyle(button_width="auto")

    @cached_property
    def toggle(self) -> ToggleButtonStyle:
        """A show/hide toggle's style (a chart's)."""
        return ToggleButtonStyle()
