"""The length rule for what participants type, checked in the kernel before every write.

A field's kind of text is declared once (core/records.py) and its limit comes from the pack
(pack.yaml `limits:`). The page cuts text at the limit as it is typed or pasted (ui/kit/fields.py);
this check catches what did not come through a page's text box (a hand-made widget message, a
button's write): such a value is refused whole, with a reason, and nothing of it is written.
"""

from __future__ import annotations

import json

from tpi_widgets.content.limits import TextLimits
from tpi_widgets.core.records import RECORDS
from tpi_widgets.errors import Refused

TOO_LONG = "limits.too_long"  # the UI string that says why a write was refused


def limit_of(limits: TextLimits, key: tuple[str, str, str]) -> int:
    """How many characters the field at (collection, record, field) may hold."""
    collection, _, field_name = key
    return limits.of(RECORDS.length_kind(collection, field_name))


def length_of(value) -> int:
    """A text's length; a list or mapping (chosen ids, a side's ratings) by its JSON text, so no
    value of any shape escapes the rule."""
    if value is None or isinstance(value, (bool, int, float)):
        return 0
    if isinstance(value, str):
        return len(value)
    return len(json.dumps(value, ensure_ascii=False, default=str))


def check_length(limits: TextLimits, key: tuple[str, str, str], value, text) -> None:
    """Raise Refused when `value` is longer than its field may hold. Texts are held to their
    field's kind; other values (lists, mappings) to the longest kind."""
    limit = limit_of(limits, key) if isinstance(value, str) else limits.longest
    if length_of(value) > limit:
        raise Refused(TOO_LONG, text(TOO_LONG, limit=limit))


def cut(text: str, limit: int) -> str:
    """The text up to the limit: what a page keeps of a longer paste."""
    return text if len(text) <= limit else text[:limit]
