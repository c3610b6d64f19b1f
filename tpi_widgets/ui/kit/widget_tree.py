"""A page's widgets as a tree: what a view still reaches, and closing what it no longer does (a
page left or built again closes its widgets, so neither the kernel nor the browser keeps them)."""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget import _instances


def reachable(root: w.Widget) -> set[str]:
    """Model ids of `root` and of every widget its synced traits refer to (children, layout,
    style...), however deep."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        widget = todo.pop()
        if widget.model_id is None or widget.model_id in seen:
            continue
        seen.add(widget.model_id)
        for name in widget.keys:
            value = getattr(widget, name, None)
            values = value if isinstance(value, (list, tuple)) else (value,)
            todo.extend(v for v in values if isinstance(v, w.Widget))
    return seen


def close_unreached(model_ids: set[str], root: w.Widget):
    """Close each widget of `model_ids` that `root` no longer reaches."""
    for model_id in model_ids - reachable(root):
        widget = _instances.get(model_id)
        if widget is not None:
            widget.close()
