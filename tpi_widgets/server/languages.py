"""The language a browser asked for: the server's own pages (the landing and room sign-in pages)
follow it, as a step page does (its header, guidance and banner by the template's script, its
widgets by ui/session.py). A participant chooses it in the sign-in form (kept in the
`tpi_language` cookie, ui/static/browser_session.js) or with a language link of the landing or
sign-in page (`?language=pt`, which sets the cookie). None: nothing chosen, the pack's own.
"""

from __future__ import annotations

import html
import urllib.parse

LANGUAGE_COOKIE = "tpi_language"
LANGUAGE_ARGUMENT = "language"
A_YEAR_IN_DAYS = 365


def chosen_language(handler, languages) -> str | None:
    """The request's language: `?language=` (then kept in the cookie) or the cookie; None when
    neither names one of `languages`."""
    asked = handler.get_argument(LANGUAGE_ARGUMENT, None)
    if asked in languages:
        handler.set_cookie(LANGUAGE_COOKIE, asked, path="/", expires_days=A_YEAR_IN_DAYS, samesite="Strict")
        return asked
    kept = handler.get_cookie(LANGUAGE_COOKIE)
    return kept if kept in languages else None


def language_links(names: dict[str, str], current: str, url: str) -> str:
    """"English · Français · Português": the page at `url` in each language, the current one marked."""
    links = []
    for code, name in names.items():
        if code == current:
            links.append(f'<strong lang="{html.escape(code)}">{html.escape(name)}</strong>')
        else:
            split = urllib.parse.urlsplit(url)
            query = urllib.parse.urlencode([*urllib.parse.parse_qsl(split.query), (LANGUAGE_ARGUMENT, code)])
            href = urllib.parse.urlunsplit(split._replace(query=query))
            links.append(f'<a lang="{html.escape(code)}" hreflang="{html.escape(code)}" '
                         f'href="{html.escape(href)}">{html.escape(name)}</a>')
    return f'<nav class="tpi-languages">{" · ".join(links)}</nav>' if len(names) > 1 else ""
