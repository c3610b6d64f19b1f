"""Safe HTML for widgets and documents: every text from participants or packs is escaped here,
and isolated for direction here, so no call site can forget either.

Isolation: a participant's text may be right-to-left (Arabic, Hebrew) or hold a direction control
(U+202E RIGHT-TO-LEFT OVERRIDE). Shown as it is, it reorders the text around it: "Saved by Eve at
23:00" reads "Saved by 00:32 ta evE". Each value is therefore set apart: in HTML a <bdi> element
(`esc`), in plain text (Word, status messages) FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
(`isolate`), which Word, LibreOffice and browsers honour. A value's own isolates are balanced first,
so a stray one cannot end the isolation early or leave it open.
"""

from __future__ import annotations

import unicodedata
from html import escape

FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE
OPENERS = "\u2066\u2067\u2068"  # LEFT-TO-RIGHT, RIGHT-TO-LEFT and FIRST STRONG ISOLATE
# bidirectional classes that can reorder text beyond their own: right-to-left letters and the
# embedding, override and isolate controls
REORDERING = {"R", "AL", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def balanced(text: str) -> str:
    """The text with every isolate it opens closed, and any close with nothing open dropped (an
    unmatched close does nothing where it stands, but would end an isolation around the text)."""
    out, open_count = [], 0
    for ch in text:
        if ch in OPENERS:
            open_count += 1
        elif ch == PDI:
            if not open_count:
                continue
            open_count -= 1
        out.append(ch)
    return "".join(out) + PDI * open_count


def isolate(value) -> str:
    """Plain text set apart for direction: FSI + text + PDI ("" stays "")."""
    text = "" if value is None else str(value)
    return FSI + balanced(text) + PDI if text else ""


def can_reorder(text: str) -> bool:
    """Whether the text holds a right-to-left letter or a direction control."""
    return any(unicodedata.bidirectional(ch) in REORDERING for ch in text)


def isolate_where_needed(value) -> str:
    """Plain text for a left-to-right document (Word): isolated only when it can reorder its
    neighbours (`can_reorder`); left-to-right text cannot, and stays free of invisible marks, which
    LibreOffice's PDF export would otherwise extract in place of the spaces sharing their blank glyph."""
    text = "" if value is None else str(value)
    return isolate(text) if can_reorder(text) else text


def esc(value) -> str:
    """Text as element content: escaped, and isolated in a <bdi> element; the isolates inside it
    (values isolated into a message, "Saved by ⁨Eve⁩ at 23:00") become <bdi> elements too."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    return "<bdi>" + _isolates_as_elements(escape(balanced(text), quote=True)) + "</bdi>"


def attr(value) -> str:
    """Text as an attribute value (a title, a class, a file name): escaped; an attribute cannot
    hold an element, so isolation stays as characters."""
    return escape("" if value is None else balanced(str(value)), quote=True)


def _isolates_as_elements(text: str) -> str:
    """FSI … PDI pairs of a balanced text as <bdi> … </bdi>; other isolates stay characters."""
    if FSI not in text:
        return text
    out, stack = [], []
    for ch in text:
        if ch in OPENERS:
            stack.append(ch)
            out.append("<bdi>" if ch == FSI else ch)
        elif ch == PDI:
            out.append("</bdi>" if stack.pop() == FSI else ch)
        else:
            out.append(ch)
    return "".join(out)


def tag(name: str, text, css_class: str = "") -> str:
    attribute = f' class="{attr(css_class)}"' if css_class else ""
    return f"<{name}{attribute}>{esc(text)}</{name}>"


def bullet_list(items, css_class: str = "") -> str:
    attribute = f' class="{attr(css_class)}"' if css_class else ""
    return f"<ul{attribute}>" + "".join(tag("li", item) for item in items) + "</ul>"
