"""The parts of bound form fields: a text input with inline validation, and a set of checkboxes
stored as one list. A record's fields are built and bound together by kit/field_set.py.

    field = ValidatedText(text("profile.email"), text, validation.email)
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as w
import traitlets

from tpi_widgets.ui.kit.page_kit import PageKit, SharedLook
from tpi_widgets.core.html import esc, tag

TEXT_DEBOUNCE = 0.4  # seconds of quiet typing before a text field is saved


def text_from_store(value) -> str:
    return "" if value is None else str(value)


class ValidatedText(w.VBox):
    """A text input with the reason it is not acceptable shown beside it, as the participant types.

    `checks` return None or a UI string key (see tpi_widgets.validation). The text is never
    changed or discarded here: it is saved as typed, and the message says what to correct.
    With a page's `look`, its parts take the page's shared layouts and styles.
    """

    def __init__(self, description: str, text: Callable[..., str], *checks: Callable[[str], str | None],
                 placeholder: str = "", multiline: bool = False, style=None, layout=None, rows: int | None = None,
                 look: SharedLook | None = None):
        kind = w.Textarea if multiline else w.Text
        if look is not None:
            style, layout = style or look.text_label, layout or look.wide
        options = {"style": style} if style is not None else {"style": {"description_width": "initial"}}
        if multiline:
            options["rows"] = rows
        self.input = kind(description=description, placeholder=placeholder, continuous_update=True,
                          layout=layout or w.Layout(width="100%"), **options)
        shared = {"style": look.html, "layout": look.plain} if look is not None else {}
        self.message = w.HTML(**shared)
        self.message.add_class("tpi-field-error")
        self.text, self.checks = text, list(checks)
        super().__init__([self.input, self.message], **({"layout": look.plain} if look is not None else {}))
        self.add_class("tpi-field")
        self.input.observe(lambda change: self.validate(), names="value")

    @property
    def value(self) -> str:
        return self.input.value

    def add_check(self, check: Callable[[str], str | None]):
        self.checks.append(check)
        self.validate()

    def validate(self) -> str | None:
        """Show the first problem (or nothing); returns its UI string key."""
        for check in self.checks:
            problem = check(self.input.value)
            if problem:
                self.message.value = esc(self.text(problem))
                self.add_class("tpi-invalid")
                return problem
        self.message.value = ""
        self.remove_class("tpi-invalid")
        return None


class ChoiceSet(w.VBox):
    """Checkboxes whose `value` is the tuple of the checked ids, in the order given: bound like
    any widget (a "choices" field of kit/field_set.py)."""

    value = traitlets.Tuple()

    def __init__(self, kit: PageKit, heading: str, options: list[tuple[str, str]]):
        look = kit.look
        super().__init__(layout=look.plain)
        self.add_class("tpi-choice-set")
        self.ids = [choice_id for _, choice_id in options]
        self.boxes = {choice_id: w.Checkbox(description=label, indent=False, value=False, style=look.checkbox,
                                            layout=look.plain)
                      for label, choice_id in options}
        self.children = [kit.html(tag("div", heading, "tpi-label")), *self.boxes.values()]
        self._setting = False  # while `value` ticks the boxes, their changes are not new edits
        for box in self.boxes.values():
            box.observe(self._ticked, names="value")
        self.observe(self._set, names="value")

    def _ticked(self, change):
        if not self._setting:
            self.value = tuple(i for i in self.ids if self.boxes[i].value)

    def _set(self, change):
        chosen = set(change["new"])
        self._setting = True
        try:
            for choice_id, box in self.boxes.items():
                box.value = choice_id in chosen
        finally:
            self._setting = False
