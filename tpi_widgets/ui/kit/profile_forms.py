"""Step 1's forms: a card of fields bound to one store record (with its save status line), and a
set of checkboxes stored as one list field (the communication channels)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import ipywidgets as w
import traitlets

from tpi_widgets.ui.live import Binding, LiveSync
from tpi_widgets.core.partnership_profile import FIELD_CHECKS
from tpi_widgets.ui.kit.fields import ValidatedText, bind_choice, bind_text
from tpi_widgets.ui.kit.rating import SharedLook
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.html import tag

UNSET = ""  # a dropdown's "not chosen yet"; stored as null


@dataclass(frozen=True)
class FieldSpec:
    """One field of a card. `kind`: "text", "long" (several lines) or "choice" (`options`:
    (label, id) pairs). `default` is shown until the store has a value (for example the
    institution's name from the registration) and is not written by itself."""
    name: str
    label: str
    kind: str = "text"
    options: tuple[tuple[str, str], ...] = ()
    unset_label: str = ""
    default: str = ""
    placeholder: str = ""


class RecordCard(w.VBox):
    """The fields of one record, e.g. ("profile", "focal-1"): each autosaved, typed text checked
    inline (FIELD_CHECKS, by field name) and kept as typed, one "saved by" line for the record."""

    def __init__(self, sync: LiveSync, collection: str, record: str, heading: str, fields: list[FieldSpec],
                 text: Callable[..., str], names: Callable[[int | None], str], look: SharedLook):
        super().__init__(layout=look.plain)
        self.add_class("tpi-card")
        self.record = record
        self.status = RecordStatus(text, names, style=look.html, layout=look.plain)
        self.inputs: dict[str, w.Widget] = {}
        self.validated: dict[str, ValidatedText] = {}
        shown = [w.HTML(tag("h4", heading), style=look.html, layout=look.plain)]
        for spec in fields:
            key, report = (collection, record, spec.name), self.status.callback(spec.name)
            if spec.kind == "choice":
                widget = w.Dropdown(description=spec.label, options=((spec.unset_label, UNSET),) + spec.options,
                                    value=UNSET, style=look.choice_label, layout=look.wide)
                if spec.default:
                    widget.value = spec.default
                bind_choice(sync, key, widget, report, empty=UNSET)
                shown.append(widget)
            else:
                checks = FIELD_CHECKS.get(spec.name, ())
                field = ValidatedText(spec.label, text, *checks, placeholder=spec.placeholder,
                                      multiline=spec.kind == "long", style=look.text_label, layout=look.wide)
                widget = field.input
                widget.value = spec.default
                bind_text(sync, key, widget, report)
                self.validated[spec.name] = field
                shown.append(field)
            self.inputs[spec.name] = widget
        self.children = shown + [self.status]


class ChoiceSet(w.VBox):
    """Checkboxes whose `value` is the tuple of the checked ids, in the order given: bind it like
    any widget (`bind_choice_set`)."""

    value = traitlets.Tuple()

    def __init__(self, heading: str, options: list[tuple[str, str]], look: SharedLook):
        super().__init__(layout=look.plain)
        self.add_class("tpi-choice-set")
        self.ids = [choice_id for _, choice_id in options]
        self.boxes = {choice_id: w.Checkbox(description=label, indent=False, value=False, layout=look.plain)
                      for label, choice_id in options}
        self.children = [w.HTML(tag("div", heading, "tpi-label"), style=look.html, layout=look.plain),
                         *self.boxes.values()]
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


def bind_choice_set(sync: LiveSync, key, widget: ChoiceSet, on_status=None) -> Binding:
    """Stored as a list of ids, saved at once; ids the pack no longer offers are dropped on the next edit."""
    return sync.bind(Binding(key, widget, debounce=0.0, to_store=list,
                             from_store=lambda value: tuple(value or ()), on_status=on_status))
