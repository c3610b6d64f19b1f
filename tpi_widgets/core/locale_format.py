"""Dates and numbers as a language writes them, from Babel's locale data: a document's date as
"15 August 2016", "15 août 2016" or "15 de agosto de 2016", an amount as "1,500.50",
"1 500,50" or "1.500,50".

A language Babel does not know (a trainer's own pack language) is written as the pack's default
language is (`default`), and failing that as English: formatting never stops a document.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from tpi_widgets.core.validation import parse_date

LAST_RESORT = "en"  # the language of the workbook's own code and of Babel's root data
# a bare language written as one region writes it: English documents date as "15 August 2016"
# (day, month, year, as WHO's English does), not as Babel's plain "en" (US) would; Portuguese as
# Portugal writes it ("1500,50"), as the built-in pack's Portuguese is Portugal's, not Brazil's
REGIONS = {"en": "en_GB", "pt": "pt_PT"}


@lru_cache(maxsize=32)
def babel_locale(language: str | None, default: str = LAST_RESORT):
    """Babel's Locale for `language` ("fr", "pt-BR"), else for `default`, else English."""
    from babel import Locale, UnknownLocaleError
    for candidate in (language, default, LAST_RESORT):
        try:
            code = str(candidate or "").replace("-", "_")
            return Locale.parse(REGIONS.get(code, code))
        except (UnknownLocaleError, ValueError):
            continue


def as_date(value) -> dt.date | None:
    """A date, or a stored value that is one ("2016-08-15"); None for anything else."""
    if isinstance(value, dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def format_date_long(value, language: str | None, default: str = LAST_RESORT) -> str:
    """"2016-08-15" (or a date) as "15 août 2016" in French; a value that is not a date is
    returned as given (an ISO-looking typo stays what was typed), None as ""."""
    from babel.dates import format_date
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return format_date(day, format="long", locale=babel_locale(language, default))


def format_date_ticks(days: list[dt.date], language: str | None, default: str = LAST_RESORT) -> list[str]:
    """A chart's date axis, short: months ("sept.", "oct.") when every tick is a month's first
    day, else days ("15 août"); the year on the first tick and where it changes."""
    from babel.dates import format_skeleton
    locale = babel_locale(language, default)
    months = all(day.day == 1 for day in days)
    labels = []
    for index, day in enumerate(days):
        with_year = index == 0 or day.year != days[index - 1].year
        skeleton = ("yMMM" if with_year else "MMM") if months else ("yMMMd" if with_year else "MMMd")
        labels.append(format_skeleton(skeleton, day, locale=locale))
    return labels


def format_amount(number: float, language: str | None, default: str = LAST_RESORT) -> str:
    """A sum of money: 1500 -> "1,500" (en), 1500.5 -> "1 500,50" (fr): cents only when there
    are any, as Step 4's budget summary shows them."""
    return format_number(number, language, default, places=0 if number == int(number) else 2)


def format_number(number: float, language: str | None, default: str = LAST_RESORT, places: int = 0,
                  up_to: int = 0) -> str:
    """`number` with `places` decimals, or up to `up_to` when it has them, and the language's
    separators: a mean level 2.5 -> "2,5" in French, a chart's tick 0.25 -> "0,25"."""
    from babel.numbers import format_decimal
    decimals = "0" * places + "#" * max(up_to - places, 0)
    pattern = "#,##0" + ("." + decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=babel_locale(language, default))
