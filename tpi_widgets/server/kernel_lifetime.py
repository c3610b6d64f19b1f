"""When a page's kernel is still wanted: the rule of our kernel culler and of the kernel cap, with
no server in it (times are plain seconds, say time.monotonic()).

A kernel belongs to one page. The page is open while its browser holds a websocket to the kernel.
Before that, the page is loading: the server is still running its notebook and sending the HTML,
then the browser fetches the scripts and connects. Once the page has nobody connected (the tab was
closed, the browser killed, the phone asleep, the Wi-Fi gone) for `timeout` seconds, the kernel is
an orphan and is shut down, however busy it keeps itself: a page's polling thread makes output,
so Jupyter's idle culler never reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class KernelPresence:
    """What the server knows of one kernel's page."""
    started: float
    rendering: bool = False  # the server is still running the notebook and sending the page
    page_sent: float | None = None  # when the server finished sending the page
    connections: int = 0  # open websockets
    last_disconnect: float | None = None

    def unattended_since(self) -> float:
        """Since when nobody has been on the page: the later of its start, the end of its sending
        and its last disconnection."""
        return max(t for t in (self.started, self.page_sent, self.last_disconnect) if t is not None)


def is_open(presence: KernelPresence, now: float, timeout: float) -> bool:
    """A page in use: connected, still being rendered, or sent less than `timeout` ago and not yet
    connected (its browser is still loading the scripts). Counts against the kernel cap."""
    if presence.connections > 0 or presence.rendering:
        return True
    never_connected = presence.last_disconnect is None
    return never_connected and now - presence.unattended_since() < timeout


def should_shut_down(presence: KernelPresence, now: float, timeout: float) -> bool:
    """Nobody on the page for `timeout` seconds (a page still being rendered is kept)."""
    if presence.connections > 0 or presence.rendering:
        return False
    return now - presence.unattended_since() >= timeout
