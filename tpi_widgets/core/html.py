"""Safe HTML for widgets: every text from participants or packs is escaped here."""

from __future__ import annotations

from html import escape


def esc(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def tag(name: str, text, css_class: str = "") -> str:
    attribute = f' class="{esc(css_class)}"' if css_class else ""
    return f"<{name}{attribute}>{esc(text)}</{name}>"


def bullet_list(items, css_class: str = "") -> str:
    attribute = f' class="{esc(css_class)}"' if css_class else ""
    return f"<ul{attribute}>" + "".join(tag("li", item) for item in items) + "</ul>"
