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
    any widget (a "choices" or "multi" field of kit/field_set.py). A box per choice, which a
    thumb ticks, rather than a list where several are chosen with Ctrl held. `options` ((label,
    id) pairs) may change (the plan's activities): the boxes follow, the ids still offered stay
    ticked."""

    value = traitlets.Tuple()
    options = traitlets.List()

    def __init__(self, kit: PageKit, heading: str, options: list[tuple[str, str]]):
        self.look = kit.look
        super().__init__(layout=self.look.plain)
        self.add_class("tpi-choice-set")
        self.heading = kit.html("")
        self.description = heading
        self.ids: list = []
        self.boxes: dict = {}
        self._setting = False  # while `value` ticks the boxes, their changes are not new edits
        self.observe(self._set, names="value")
        self.observe(self._offered, names="options")
        self.options = list(options)

    @property
    def description(self) -> str:
        return self._description

    @description.setter
    def description(self, label: str):
        """Its heading, named as a field's label is (FieldSet.relabel: "Visit 2 activities")."""
        self._description = label
        self.heading.value = tag("div", label, "tpi-label")

    def _offered(self, change):
        kept = {choice_id: box for choice_id, box in self.boxes.items()}
        self.ids = [choice_id for _, choice_id in change["new"]]
        self.boxes = {}
        for label, choice_id in change["new"]:
            box = kept.pop(choice_id, None)
            if box is None:
                box = w.Checkbox(indent=False, value=choice_id in self.value, style=self.look.checkbox,
                                 layout=self.look.plain)
                box.observe(self._ticked, names="value")
            box.description = label
            self.boxes[choice_id] = box
        self.children = [self.heading, *self.boxes.values()]
        for box in kept.values():  # choices no longer offered
            box.close()
        self.value = tuple(i for i in self.value if i in self.boxes)

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
