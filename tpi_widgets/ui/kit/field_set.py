"""One record's fields, declared once and bound to the store: a `Field` says what a field is (name,
label, kind, options, checks), a `FieldSet` builds the widgets of one record's fields, binds each
to (collection, record, field) with one "saved by" line for the record, checks typed text inline
(kept as typed) and relabels the widgets when the record is renumbered ("Visit 2 purpose"). A field
can be bound to another key for a while, with writes going along (`rebind`: a rating box edits
the rater's own proposal, and the shared rating with it until the item is agreed).

    fields = FieldSet(kit, "visits", record, [Field("purpose", "purpose", "long"),
                                              Field("start", "first day", "date")])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import ipywidgets as w

from tpi_widgets.core import validation
from tpi_widgets.core.text_limits import limit_of
from tpi_widgets.ui.live import Binding, Key
from tpi_widgets.ui.kit.fields import TEXT_DEBOUNCE, ChoiceSet, ValidatedText, text_from_store
from tpi_widgets.ui.kit.length_limit import limit_length
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.read_only import NAVIGATES
from tpi_widgets.ui.kit.record_list import drop

NONE = ""  # a dropdown's "not chosen" value; stored as null

TYPED = ("text", "long", "date", "number", "email", "phone", "combo")  # kinds whose value is typed text
# the input a phone shows its keypad or date picker for, by kind: a class tpi-fields.js turns into
# the input's type (inputmode for a number: a number input would hide what the kernel must check)
DEVICE_INPUTS = {"email": "email", "phone": "tel", "date": "date", "number": "decimal"}

# the checks a kind of text field always has: a date as YYYY-MM-DD, a number
KIND_CHECKS = {"date": (validation.date,), "number": (validation.number,)}


@dataclass(frozen=True)
class Field:
    """`kind`: "text", "long" (several lines), "date", "number", "email", "phone" (text, checked), "choice" (a
    dropdown of `options`, (label, value) pairs; `unset` labels its "not chosen", stored as null),
    "multi" (several of `options`, which may change: the plan's activities; stored as a list), "combo" (text with `options` as suggestions)
    "choices" (checkboxes of `options`, stored as a list) or "check" (one checkbox, stored as
    true or false). `default` is shown until the store has a value (the institution's registered
    name) and is not written by itself. `required_if` = (a check field's name, UI string key):
    the text must not be empty while that box is ticked."""
    name: str
    label: str  # the widget's label, or what `relabel` builds on ("purpose" of "Visit 2 purpose")
    kind: str = "text"
    options: tuple = ()
    unset: str | None = None
    checks: tuple = ()  # checks of typed text besides the kind's: each gives None or a UI string key
    placeholder: str = ""
    default: str = ""
    rows: int | None = 2  # a long field's lines (None: the browser's default)
    tooltip: str = ""
    required_if: tuple = ()

    @property
    def text_checks(self) -> tuple:
        return KIND_CHECKS.get(self.kind, ()) + tuple(self.checks)


class FieldSet:
    """The widgets of one record's fields. `inputs`: the widget holding each field's value;
    `widgets`: what the page places for each (a checked field's input with its message);
    `checked`: the checked text fields; `status`: the record's "saved by" line."""

    def __init__(self, kit: PageKit, collection: str, record: str, fields: list[Field]):
        self.kit, self.collection, self.record = kit, collection, record
        self.fields = {f.name: f for f in fields}
        self.keys: dict[str, Key] = {}  # a field bound elsewhere than its own key (`rebind`)
        self.also: dict[str, Callable[[object], list]] = {}  # writes going with a rebound field's
        self.status = kit.status()
        self.inputs: dict[str, w.Widget] = {}
        self.checked: dict[str, ValidatedText] = {}
        self.widgets: dict[str, w.Widget] = {}
        for f in fields:
            self.inputs[f.name] = self._widget(f)
            if f.kind in DEVICE_INPUTS:
                self.inputs[f.name].add_class(f"tpi-input-{DEVICE_INPUTS[f.kind]}")
            if f.kind in TYPED:  # typed text is cut at its field's limit, and the status says so
                limit = limit_of(kit.sync.limits, (collection, record, f.name))
                limit_length(self.inputs[f.name], limit, lambda cut, name=f.name: self.status.cut(name, cut))
            self.widgets.setdefault(f.name, self.inputs[f.name])
            if f.tooltip:
                self.inputs[f.name].tooltip = f.tooltip
        for f in fields:
            if f.required_if:  # ticking or unticking the box checks the text again
                self.inputs[f.required_if[0]].observe(lambda change, box=self.checked[f.name]: box.validate(),
                                                      names="value")
        for name in self.inputs:
            self._bind(name)
        for box in self.checked.values():
            box.validate()  # a stored value was checked as it arrived; an empty one is checked here

    def _widget(self, f: Field) -> w.Widget:
        look = self.kit.look
        if f.kind == "choice":
            return w.Dropdown(description=f.label, options=self._choices(f, f.options),
                              value=f.default or self._empty(f), style=look.choice_label, layout=look.wide)
        if f.kind in ("multi", "choices"):  # a box per choice: a thumb ticks it, no Ctrl-click
            return ChoiceSet(self.kit, f.label, list(f.options))
        if f.kind == "combo":  # suggestions, not a closed list
            return w.Combobox(description=f.label, options=list(f.options), ensure_option=False,
                              continuous_update=True, style=look.text_label, layout=look.wide)
        if f.kind == "check":
            return w.Checkbox(description=f.label, value=False, indent=False, style=look.checkbox, layout=look.plain)
        checks = f.text_checks + ((self._required(f),) if f.required_if else ())
        if checks:
            box = self.checked[f.name] = self.widgets[f.name] = ValidatedText(
                f.label, self.kit.text, *checks, placeholder=f.placeholder, multiline=f.kind == "long",
                rows=f.rows, look=look)
            box.input.value = f.default
            return box.input
        if f.kind == "long":
            return w.Textarea(description=f.label, value=f.default, placeholder=f.placeholder, rows=f.rows,
                              continuous_update=True, style=look.text_label, layout=look.wide)
        return w.Text(description=f.label, value=f.default, placeholder=f.placeholder, continuous_update=True,
                      style=look.text_label, layout=look.wide)

    def _required(self, f: Field) -> Callable[[str], str | None]:
        flag, problem = f.required_if
        return lambda typed: problem if self.inputs[flag].value and not typed.strip() else None

    @staticmethod
    def _choices(f: Field, options) -> list:
        return ([(f.unset, NONE)] if f.unset is not None else []) + list(options)

    @staticmethod
    def _empty(f: Field):
        """A choice's value for "not chosen": its unset option, or no selection when it has none."""
        return NONE if f.unset is not None else None

    def key(self, name: str) -> Key:
        """Where the field is bound: its own (collection, record, field) unless rebound."""
        return self.keys.get(name, (self.collection, self.record, name))

    def rebind(self, name: str, key: Key | None = None, also: Callable[[object], list] | None = None):
        """Bind the field's widget to `key` instead (a rating box to the rater's own proposal), or
        back to its own key when None. `also(value)`: writes saved with each edit in the same
        transaction (the shared rating, until the item is agreed). The widget then shows what
        `key` holds, or nothing when it holds nothing yet."""
        if self.key(name) == (key or (self.collection, self.record, name)) and self.also.get(name) is also:
            return
        self.kit.sync.unbind(self.key(name))  # a pending edit is saved first, where it was made
        self.keys.pop(name, None)
        self.also.pop(name, None)
        if key is not None:
            self.keys[name] = key
        if also is not None:
            self.also[name] = also
        if self.key(name) not in self.kit.sync.entries:  # unbound: clearing it is no edit
            self.inputs[name].value = self._nothing(self.fields[name])
        self._bind(name)

    def _nothing(self, f: Field):
        """A widget's value when its key holds nothing."""
        if f.kind == "choice":
            return self._empty(f)
        return () if f.kind in ("multi", "choices") else False if f.kind == "check" else ""

    def _bind(self, name: str):
        f, widget, on_status = self.fields[name], self.inputs[name], self.status.callback(name)
        if f.kind == "choice":
            empty = self._empty(f)
            # a stored id the pack (or the plan) no longer has shows as no choice, instead of failing
            binding = Binding(self.key(name), widget, to_store=lambda v: None if v == empty else v,
                              from_store=lambda v: v if v in self._values(name) else empty, on_status=on_status)
        elif f.kind == "multi":
            binding = Binding(self.key(name), widget, to_store=list, on_status=on_status,
                              from_store=lambda v: tuple(x for x in (v or []) if x in self._values(name)))
        elif f.kind == "choices":  # ids the pack no longer offers are dropped on the next edit
            binding = Binding(self.key(name), widget, to_store=list, from_store=lambda v: tuple(v or ()),
                              on_status=on_status)
        elif f.kind == "check":
            binding = Binding(self.key(name), widget, to_store=bool, from_store=lambda v: v is True,
                              on_status=on_status)
        else:  # text, saved as typed after a short pause
            binding = Binding(self.key(name), widget, debounce=TEXT_DEBOUNCE, to_store=str,
                              from_store=text_from_store, on_status=on_status)
        if name in self.also:
            binding.also = self.also[name]
        self.kit.sync.bind(binding)

    def _values(self, name: str) -> list:
        return [value for _, value in self.inputs[name].options]

    def set_options(self, name: str, options: list[tuple[str, object]]):
        """New options for a choice (the plan's activities changed). Changing a selection's
        options clears its value: it is rebound around the change, so the clearing is not saved
        as an edit and the stored value is shown again."""
        widget, options = self.inputs[name], self._choices(self.fields[name], options)
        if tuple(options) == tuple(widget.options):
            return
        self.kit.sync.unbind(self.key(name))
        widget.options = options
        self._bind(name)

    def order_dates(self, start: str, end: str):
        """The `end` date must not come before the `start` date: checked as either is typed."""
        first, last = self.checked[start], self.checked[end]
        last.add_check(lambda value: validation.date_order(first.value, value))
        first.input.observe(lambda change: last.validate(), names="value")

    def relabel(self, label: Callable[[Field], str]):
        """Label every field anew (the record moved: "Visit 2 purpose"); labels stay unique on the page."""
        for name, widget in self.inputs.items():
            widget.description = label(self.fields[name])


def name_widgets(owner: object, fieldset: FieldSet, aliases: Mapping[str, str] = {}):
    """Make each field's widget (a checked field's with its message) an attribute of the card or
    row showing it, named after the field or its alias: `card.activity`, `row.principle`."""
    for name, widget in fieldset.widgets.items():
        setattr(owner, aliases.get(name, name), widget)


class ClosedForm:
    """A card shown closed (a line of what is saved and an "edit" button) whose bound fields are
    built the first time it is opened: a page of many cards sends the browser a few widgets per
    card instead of a form each. The card builds its form in `build_form` and lays it out in
    `show_form`."""

    fieldset: FieldSet | None = None

    def edit_button(self, kit, label: str, css: str) -> w.Button:
        button = kit.button(label, icon="pencil-alt", css=css)
        button.add_class(NAVIGATES)  # opening a card only shows it: usable on a read-only page too
        button.on_click(lambda _: self.open_form())
        return button

    @property
    def opened(self) -> bool:
        return self.fieldset is not None

    def open_form(self):
        """Build the fields, bound to the store, in place of the closed line (once)."""
        if self.opened:
            return
        self.fieldset = self.build_form()
        name_widgets(self, self.fieldset)
        self.show_form()

    def close_form(self):
        """Back to the closed line: the form's widgets stop saving (a pending edit is saved first,
        see record_list.drop) and are closed; opening the card again builds them anew."""
        if not self.opened:
            return
        form, names = tuple(self.children), list(self.fieldset.widgets)
        self.fieldset = None  # closed from here on: a redraw the saving below starts writes the line
        for name in names:  # `card.activity` and the like no longer exist
            vars(self).pop(name, None)
        self.show_closed()
        for part in form:
            drop(self.kit, part)
        self.form_closed()

    def build_form(self) -> FieldSet:
        raise NotImplementedError

    def show_form(self):
        raise NotImplementedError

    def show_closed(self):
        """The closed line again, in place of the form."""
        raise NotImplementedError

    def form_closed(self):
        """Once the form's widgets are gone (the page may redraw)."""
