"""How long a participant's text may be (pack.yaml `limits:`): characters per kind of text.

Each field declares its kind once (core/records.py); the page cuts typed or pasted text at the
limit and says so, and the kernel refuses a longer write (core/text_limits.py), so one careless
paste cannot fill the store, the change history, every page load and every printed document.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME, LINE, NOTE = "name", "line", "note"  # a person or institution, one line of text, several lines
KINDS = (NAME, LINE, NOTE)
MOST = 100_000  # no limit above this: a note that long would already stall a page


@dataclass(frozen=True)
class TextLimits:
    """Characters allowed per kind of text, from the pack."""
    name: int
    line: int
    note: int

    def of(self, kind: str) -> int:
        return getattr(self, kind)

    @property
    def longest(self) -> int:
        return max(self.name, self.line, self.note)
