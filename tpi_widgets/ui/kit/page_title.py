"""The browser tab's title, set by the kernel (static/page_title.js): Voila names a page after its
notebook's file; every page of the workbook names where its reader is instead (core/page_titles.py
says what): the workbook, a step notebook, the room, the network."""

from __future__ import annotations

import anywidget
import traitlets

from tpi_widgets.ui.session import STATIC


class PageTitle(anywidget.AnyWidget):
    """Invisible: put it in the page's view and set `title` as the page changes."""

    _esm = STATIC / "page_title.js"
    title = traitlets.Unicode("").tag(sync=True)
