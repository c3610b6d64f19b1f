"""What a report builder reads: one partnership's store, in one cycle, as plain values, plus the
pieces every document shares (header, sign-off, file name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from tpi_widgets.core.locale_format import as_date, format_amount, format_date_long, format_number
from tpi_widgets.core.partnership_profile import institution_names
from tpi_widgets.core.validation import parse_number
from tpi_widgets.core.records import PROFILE
from tpi_widgets.context import StepContext
from tpi_widgets.reports.document import BLANK, Header, SignOff
from tpi_widgets.reports.labels import shown


def copy_language(partnership, language: str | None) -> str | None:
    """The language a document's file name ends with ("-fr"): None for the partnership's own, so
    a copy in another language never overwrites the partnership's document."""
    return language if language and language != partnership.language else None


@dataclass
class ReportSource:
    ctx: StepContext
    today: dt.date = field(default_factory=dt.date.today)

    @classmethod
    def open(cls, workspace: str, partnership: str, cycle: int = 1, today: str | None = None) -> "ReportSource":
        day = dt.date.fromisoformat(today) if today else dt.date.today()
        return cls(StepContext.open(workspace, partnership, cycle), day)

    # the store, read once per collection ----------------------------------------------------
    def entries(self, collection: str, cycle: int | None = None):
        """{record: {field: Entry}} (value, who, when, change id)."""
        ctx = self.ctx
        return ctx.store.read(ctx.partnership.id, ctx.cycle if cycle is None else cycle, collection)

    def rows(self, collection: str, cycle: int | None = None) -> dict[str, dict[str, object]]:
        """{record: {field: value}}: the shape the domain modules (plan, action_records, ...) take."""
        return {record: {name: entry.value for name, entry in fields.items()}
                for record, fields in self.entries(collection, cycle).items()}

    def keyed_entries(self, collection: str, cycle: int | None = None):
        """{(collection, record, field): Entry}: the shape of LiveSync.entries, which
        action_records.creation_ids takes."""
        return {(collection, record, name): entry
                for record, fields in self.entries(collection, cycle).items() for name, entry in fields.items()}

    def saved_at(self, collection: str) -> dict[str, str]:
        """{record: when its first field still stored was saved (ISO time)}: the day of a progress
        update or measurement whose date was left empty (action_records.day_of)."""
        return {record: min(entry.updated_at for entry in fields.values())
                for record, fields in self.entries(collection).items() if fields}

    # shared pieces ----------------------------------------------------------------------------
    def text(self, key: str, **values) -> str:
        return self.ctx.text(key, **values)

    # dates and numbers as the document's language writes them (core/locale_format.py) ---------
    def date(self, value) -> str:
        """A date, or a stored value that is one, as "15 août 2016"; any other value as typed, or
        BLANK when there is none (what a page showed stays readable)."""
        if as_date(value) is None:
            return shown(value)
        return format_date_long(value, self.ctx.language, self.ctx.pack.default_language)

    def amount(self, value) -> str:
        """A budget or a spending: a number as "1 500,50" (or a sum the code made), anything else
        as typed (a page takes a non-number, saying so, rather than lose it), or BLANK."""
        number = parse_number(str(value)) if value is not None else None
        if number is None:
            return shown(value)
        return format_amount(number, self.ctx.language, self.ctx.pack.default_language)

    def number(self, value) -> str:
        """A level (3) or a mean level, rounded to one decimal (2.5 -> "2,5" in French), or BLANK
        when nothing was rated (reports/tables.mean_text, in the document's language)."""
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return BLANK if value is None else str(value)
        places = 0 if isinstance(value, int) else 1
        return format_number(value, self.ctx.language, self.ctx.pack.default_language, places)

    @cached_property
    def institutions(self) -> tuple[str, ...]:
        """Both institutions' names as Step 1 has them (the registration's until edited)."""
        names = institution_names(self.rows(PROFILE), self.ctx.partnership.profile)
        return tuple(names[side] for side in sorted(names))

    def header(self) -> Header:
        return Header(
            partnership=self.ctx.partnership.name,
            institutions=self.institutions,
            cycle_label=self.text("report.cycle", cycle=self.ctx.cycle),
            date_label=self.text("report.built_on", date=self.date(self.today)),
            labels={"partnership": self.text("report.partnership"),
                    "institutions": self.text("report.institutions"),
                    "page": self.text("report.page")},
        )

    def sign_off(self) -> SignOff:
        return SignOff(signatories=self.institutions,
                       labels=(self.text("report.sign_name"), self.text("report.sign_position"),
                               self.text("report.sign_signature"), self.text("report.sign_date")))

    def file_stem(self, kind: str, record: str | None = None) -> str:
        """kossa-valmont-annex2-cycle1-v1a2b3c4d: unique per document, safe on every file system;
        ending with the language when not the partnership's (copy_language)."""
        ctx = self.ctx
        language = copy_language(ctx.partnership, ctx.language)
        parts = [ctx.partnership.slug, kind, f"cycle{ctx.cycle}"] + [part for part in (record, language) if part]
        return "-".join("".join(ch if ch.isalnum() or ch == "-" else "_" for ch in part) for part in parts)
