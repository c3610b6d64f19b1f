"""Widget-free helpers the document builders share: a stored value shown as typed (or a dash),
assessment items as "CODE text" and objectives as "2. Title", as the step pages show them.
(Choice ids -> labels: PlanContent.status_label and content.sections.action.choice_label.)"""

from __future__ import annotations

from typing import Iterable

from tpi_widgets.content import Pack
from tpi_widgets.content.model import item_code
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.reports.document import BLANK  # noqa: F401 (the one "no value" mark, declared there)


def shown(value) -> str:
    """A stored value as typed, or BLANK when there is none (lists are joined with "; ")."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value if str(v).strip())
    text = "" if value is None else str(value)
    return text if text.strip() else BLANK


def pack_items(pack: Pack) -> dict:
    """{item id: Item} over every area of the pack (a gap may name an area taken out of scope)."""
    return {item.id: item for area in pack.areas for item in area.items}


def item_label(items: dict, item_id: str) -> str:
    """"IPC-01 Hand hygiene is ..." (or the bare code when the pack no longer has the item)."""
    item = items.get(item_id)
    return f"{item_code(item_id)} {item.text}" if item is not None else item_code(str(item_id))


def objective_titles(pack: Pack) -> dict[str, str]:
    """{objective id: "2. Title"}: how Step 4's budget summary names an objective."""
    return {o.id: f"{o.number}. {o.title}" for o in pack.objectives}


def joined(parts: Iterable[str], separator: str = " · ") -> str:
    """Non-blank parts joined, or BLANK."""
    return shown(separator.join(p.strip() for p in parts if p and p.strip()))


# appended by the Annex 3 / evaluation builder -------------------------------------------------
def answer_label(scale, value, unrated: str) -> str:
    """A Step 2 / Step 6 rating as the pages show it: "3 · Mostly in place", the n/a label, or
    `unrated` when there is none; a value the pack no longer has is shown as stored."""
    if value is None:
        return unrated
    try:
        return f"{value} · {scale.label(value)}" if isinstance(value, int) else scale.label(value)
    except KeyError:
        return str(value)


def paragraph_texts(value) -> list[str]:
    """Long participant text (results, lessons) as its lines, blank lines dropped, so each line
    becomes its own paragraph in HTML and Word; [BLANK] when nothing was written."""
    lines = [line.strip() for line in ("" if value is None else str(value)).splitlines()]
    return [line for line in lines if line] or [BLANK]


def progress_summary(update, statuses) -> str:
    """A progress update as Step 5's log sums it up, "40% · In progress · 2027-03-10", or BLANK."""
    if not update:
        return BLANK
    percent = str(update.get("percent") or "").strip().rstrip("%")
    return joined([f"{percent}%" if percent else "", choice_label(statuses, update.get("status")),
                   isolate_where_needed(update.get("date") or "")])


def measurements_text(points) -> str:
    """Indicator measurements (action_records.Point) as "date: value (note)", joined by "; "; each
    typed part isolated for direction where it could reorder the others (a right-to-left note)."""
    def one(point) -> str:
        date, value = isolate_where_needed(point.date_text) or BLANK, isolate_where_needed(point.value_text) or BLANK
        note = point.note.strip()
        return f"{date}: {value}" + (f" ({isolate_where_needed(note)})" if note else "")
    return "; ".join(one(point) for point in points)
