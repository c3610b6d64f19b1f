"""Widget state without its defaults: what the browser is sent for each standard widget.

ipywidgets sends a widget's whole state when the browser first meets it (`Widget.open`'s comm
message, and the "request_states" answer a Voila page asks for when it connects), defaults
included: an empty Layout alone is about 1 KB, and a step page is a few hundred models. The
browser's models for the standard widgets (@jupyter-widgets/base and /controls) start from the
same defaults, which is why ipywidgets' own HTML embedding drops them (`drop_defaults=True`); we
do the same for those two modules on the live page. Changes (`send_state(key)`) are still sent
whole, a change back to a default included; custom widgets (anywidget: its `_esm` is a default)
are sent whole. The `_model_*`/`_view_*` names are always kept: the browser reads them from the
state to pick the model's class.
"""

from __future__ import annotations

from ipywidgets import Widget

LEAN_MODULES = frozenset({"@jupyter-widgets/base", "@jupyter-widgets/controls"})
ALWAYS_SENT = ("_model_name", "_model_module", "_model_module_version", "_view_name", "_view_module",
               "_view_module_version")

_full_state = Widget.get_state


def _lean_get_state(self, key=None, drop_defaults=False):
    if key is not None or self._model_module not in LEAN_MODULES:
        return _full_state(self, key, drop_defaults)
    state = _full_state(self, None, drop_defaults=True)
    for name in ALWAYS_SENT:
        if name in self.keys and name not in state:
            state[name] = getattr(self, name)
    return state


def send_lean_widget_state():
    """From now on, this kernel sends standard widgets without their default values (idempotent)."""
    Widget.get_state = _lean_get_state
