"""Checks for what participants type. Each returns None when the text is acceptable, or the key of
the UI string that explains the problem. Widgets show that message next to the field; the text
itself is saved as typed, so nothing is lost while it is being corrected."""

from __future__ import annotations

import datetime as dt
import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,}[0-9]$")


def required(text: str) -> str | None:
    return None if (text or "").strip() else "validation.required"


def email(text: str) -> str | None:
    text = (text or "").strip()
    return None if not text or EMAIL.match(text) else "validation.email"


def phone(text: str) -> str | None:
    text = (text or "").strip()
    return None if not text or PHONE.match(text) else "validation.phone"


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def date(text: str) -> str | None:
    text = (text or "").strip()
    return None if not text or parse_date(text) else "validation.date"


def parse_number(text: str) -> float | None:
    """'1 200,50' or '1,200.50' or '1200.5' -> 1200.5; None when it is not a number."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def number(text: str) -> str | None:
    text = (text or "").strip()
    return None if not text or parse_number(text) is not None else "validation.number"


def date_order(start: str, end: str) -> str | None:
    """The end date must not come before the start date (both optional)."""
    first, last = parse_date(start), parse_date(end)
    return "validation.end_before_start" if first and last and last < first else None
