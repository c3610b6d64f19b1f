"""The one way a page shows a list of store records (team members, principles, plan rows, visits,
reports, their children, spread activities): one row per record, redrawn from the store, so
records added or removed here or by other participants appear and disappear live."""

from __future__ import annotations

from typing import Callable, Iterator, Mapping

import ipywidgets as w

from tpi_widgets.core.html import tag
from tpi_widgets.core.records import DELETED, creation_ids, in_creation_order, new_record_writes
from tpi_widgets.store import new_record_id
from tpi_widgets.ui.kit.page_kit import PageKit

Order = Callable[[Mapping[str, Mapping[str, object]], Mapping[str, int]], list[str]]  # (records, creation ids)


class RecordList(w.VBox):
    """The records of `collection` that `order(records, creation ids)` gives (by default the live
    ones, oldest first), each shown by the row `make_row(record)` builds, numbered from 1 when
    `numbered` (`row.set_number`). The page calls `arrange` after every settled change, with the
    records to show when it has them at hand (the plan's rows of a group, in their `order`).

    A new record is written whole, a removal sets `deleted`, both through `save(writes)`: the
    page's button action, all or none (LiveSync.save_many), falsy or raising when refused."""

    def __init__(self, kit: PageKit, collection: str, make_row: Callable[[str], w.Widget],
                 save: Callable[[list], object], *, order: Order = in_creation_order, empty_text: str = "",
                 prefix: str = "", numbered: bool = True):
        super().__init__(layout=kit.look.plain)
        self.add_class("tpi-record-list")
        self.kit, self.collection, self.make_row, self.save, self.order = kit, collection, make_row, save, order
        self.prefix, self.numbered = prefix, numbered
        self.rows: dict[str, w.Widget] = {}
        self.empty_text = empty_text
        self.empty: w.HTML | None = None  # the "nothing yet" note, built the first time the list is empty

    def add(self, **fields) -> str | None:
        """A new record (its id starts with `prefix`), written in one transaction; None when refused."""
        record = new_record_id(self.prefix)
        return record if self.save(new_record_writes(self.collection, record, fields)) else None

    def remove(self, record: str):
        self.save([((self.collection, record, DELETED), True)])

    def arrange(self, shown: list[str] | None = None) -> list[str]:
        """Show `shown` (by default what `order` gives), build the new rows, drop the others;
        returns the records shown, in order."""
        sync = self.kit.sync
        if shown is None:
            shown = self.order(sync.records(self.collection), creation_ids(self.collection, sync.entries))
        for record in [r for r in self.rows if r not in shown]:
            drop(self.kit, self.rows.pop(record))
        for number, record in enumerate(shown, start=1):
            row = self.rows.get(record)
            if row is None:
                row = self.rows[record] = self.make_row(record)
            if self.numbered:
                row.set_number(number)
        if not shown and self.empty_text and self.empty is None:
            self.empty = self.kit.html(tag("p", self.empty_text, "tpi-note"))
        children = tuple(self.rows[r] for r in shown) or ((self.empty,) if self.empty is not None else ())
        if children != tuple(self.children):
            self.children = children
        return shown


def drop(kit: PageKit, row: w.Widget):
    """A row (or a part of one) leaves the page: its widgets stop saving (pending edits are saved
    first) and are closed (their kernel-side models), not the shared styles."""
    widgets = list(widget_tree(row))
    kit.sync.unbind_widgets(widgets)
    for widget in widgets:
        widget.close()


def widget_tree(widget: w.Widget) -> Iterator[w.Widget]:
    for child in getattr(widget, "children", ()):
        yield from widget_tree(child)
    yield widget
