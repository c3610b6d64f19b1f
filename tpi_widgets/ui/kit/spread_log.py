"""Step 6's log of spread activities (objective 3): one row per activity, with its date, what
was done and who else was reached, a row of a RecordList (kit/record_list.py)."""

from __future__ import annotations

from typing import Callable

from tpi_widgets.ui.kit.field_set import Field
from tpi_widgets.ui.kit.page_kit import PageKit
from tpi_widgets.ui.kit.partnership_lists import ListRow


class SpreadRow(ListRow):
    labels = {"date": "spread.date", "activity": "spread.activity", "reached": "spread.reached"}
    remove_label = "spread.remove"

    def __init__(self, kit: PageKit, collection: str, record: str, remove: Callable[[], None]):
        text = kit.text
        super().__init__(kit, collection, record, [
            Field("date", "", "date", placeholder=text("spread.date_placeholder")),
            Field("activity", "", "long", placeholder=text("spread.activity_placeholder")),
            Field("reached", "", placeholder=text("spread.reached_placeholder"))], remove)
