"""The network view (core/network.py has the figures, reports/network.py the tables and charts
the network document shows too): every partnership the store holds, for the network's
coordinator, with filters by area, country and cycle.

Signed in as the room view is (ui/room_view.py): nothing of the workspace is built before the
facilitator passcode, or under JupyterHub before the hub's facilitator group names this user.
Once signed in, one background thread polls the store's global change counter and redraws when
it moves.
"""

from __future__ import annotations

import threading

import ipywidgets as w

from tpi_widgets.core.html import isolate, tag
from tpi_widgets.core.network import Network, NetworkFilter, filter_choices
from tpi_widgets.core.page_titles import network_page_title
from tpi_widgets.errors import TPIError
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.reports.network import NetworkWords, network_blocks
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.facilitator_sign_in import FacilitatorSignIn, facilitator_entry
from tpi_widgets.ui.room_view import POLL_SECONDS
from tpi_widgets.ui.kit.page_title import PageTitle
from tpi_widgets.ui.kit.polling import Polling
from tpi_widgets.ui.kit.workspace_view import show_workspace_view
from tpi_widgets.ui.session import BrowserSession



class NetworkView(w.VBox):
    """The network page: the passcode form, then the network live."""

    def __init__(self, workspace, poll_seconds: float = POLL_SECONDS, start_thread: bool = True):
        super().__init__()
        self.add_class("tpi-network")
        self.workspace, self.store, self.pack = workspace, workspace.store, workspace.pack
        self.language = self.pack.content_language
        self.poll_seconds, self.start_thread = poll_seconds, start_thread
        self.facilitator: Participant | None = None
        self.network: Network | None = None
        self._filling = False  # the filters' options being set: not a choice to redraw for
        self._lock = threading.RLock()
        self.polling = Polling(self.tick, poll_seconds, "tpi-network-view")
        self.browser = BrowserSession()
        self.browser.observe(self._browser_ready, names="ready")
        self.sign_in: FacilitatorSignIn | None = None  # built once the browser says its language
        self.heading = w.HTML(tag("h1", self.text("network.title")))
        self.page_title = PageTitle(title=network_page_title(self.pack, self.language))
        self.children = [self.browser, self.page_title, self.heading, w.HTML("…")]

    def text(self, key: str, **values) -> str:
        return self.pack.text(key, self.language, **values)

    # signing in, as the room view -------------------------------------------------------------
    def _browser_ready(self, change):
        if not change["new"] or self.facilitator is not None:
            return
        if self.browser.language in self.pack.languages:
            self.pack = self.workspace.pack_in(self.browser.language)
            self.language = self.browser.language
            self.heading.value = tag("h1", self.text("network.title"))
            self.page_title.title = network_page_title(self.pack, self.language)
        shown = facilitator_entry(self.store, self.browser, self.text, self.pack.limits, self._signed_in,
                                  trainers_too=True)
        if shown is not None:
            self.sign_in = shown if isinstance(shown, FacilitatorSignIn) else None
            self.children = [self.browser, self.page_title, self.heading, shown]

    def _signed_in(self, participant: Participant):
        self.facilitator = participant
        self.network = Network(self.store, self.pack)
        badge = w.HTML(tag("p", self.text("room.signed_in", name=isolate(participant.name)), "tpi-room-badge"))
        whole = dict(style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%"))
        self.area = w.Dropdown(description=self.text("network.filter_area"), **whole)
        self.country = w.Dropdown(description=self.text("network.filter_country"), **whole)
        self.cycle = w.Dropdown(description=self.text("network.filter_cycle"), **whole)
        for dropdown in (self.area, self.country, self.cycle):
            dropdown.observe(lambda _: self._filter_changed(), names="value")
        filters = w.HBox([self.area, self.country, self.cycle])
        filters.add_class("tpi-room-selectors")
        self.summary = w.HTML()
        self.summary.add_class("tpi-network-summary")
        top = w.HBox([self.heading, badge])
        top.add_class("tpi-room-top")
        self.children = [self.browser, self.page_title, top, filters, self.summary]
        self.tick()
        if self.start_thread:
            self.polling.start()

    # refreshing -------------------------------------------------------------------------------
    def stop(self):
        self.polling.stop()

    def tick(self) -> bool:
        """Read what changed in the store and redraw; True when it did."""
        with self._lock:
            if not self.network.refresh():
                return False
            self._offer_choices()
            self.redraw()
            return True

    def _offer_choices(self):
        """The filters' options: the areas, countries and cycles the partnerships have; a choice
        no partnership has any more goes back to "all"."""
        choices = filter_choices(self.pack, self.network.latest())
        every = self.text("network.any")
        self._filling = True
        try:
            for dropdown, options in ((self.area, [(every, None), *((t, a) for a, t in choices.areas)]),
                                      (self.country, [(every, None), *((c, c) for c in choices.countries)]),
                                      (self.cycle, [(self.text("network.latest_cycle"), None),
                                                    *((str(c), c) for c in choices.cycles)])):
                if list(dropdown.options) != options:
                    kept = dropdown.value
                    dropdown.options = options
                    dropdown.value = kept if kept in [v for _, v in options] else None
        finally:
            self._filling = False

    def _filter_changed(self):
        if self._filling:
            return
        with self._lock:
            self.redraw()

    def redraw(self):
        network = self.network
        network.keep = NetworkFilter(self.area.value, self.country.value, self.cycle.value)
        try:
            summaries = network.summaries()
        except TPIError as exc:  # the store is busy: say so, the next change redraws
            self.summary.value = tag("p", str(exc), "tpi-field-error")
            return
        self.summary.value = render_blocks(network_blocks(NetworkWords(self.pack, self.language), summaries,
                                                          network.keep.area))


# the network page --------------------------------------------------------------------------------
def show_network(workspace: str = "."):
    """Display the network view for the workspace folder; a problem is shown as one readable line."""
    return show_workspace_view(NetworkView, workspace)
