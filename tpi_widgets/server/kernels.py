"""Our kernel manager: one kernel per open page, no more than the machine can hold.

It caps the kernels (a page over the cap gets the "server full" page), and it shuts down the
kernel of a page nobody is on any more (server/kernel_lifetime.py has the rule): a closed tab
whose beforeunload request never arrived, a killed browser, a phone that went to sleep.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.ioloop import PeriodicCallback
from traitlets import Integer, Unicode

from tpi_widgets.config import ServeConfig
from tpi_widgets.server.kernel_lifetime import KernelPresence, is_open, should_shut_down
from tpi_widgets.server.warm_kernels import WarmKernels

ORPHAN_CHECK_SECONDS = 10  # how often kernels are looked at (at most; sooner with a short timeout)
POOL_CHECK_SECONDS = 2  # how often the warm pools follow the room: a room moves on within seconds

# The kernels started while serving the current page request (server/pages.py NotebookPageHandler
# sets it; Voila's handler starts the kernel in the same asyncio task, so it sees the list).
PAGE_KERNELS: ContextVar[list[str] | None] = ContextVar("tpi_page_kernels", default=None)


@contextmanager
def rendering_page(kernel_manager):
    """Around the sending of one notebook page: its kernel counts as loading until the page is sent."""
    started: list[str] = []
    token = PAGE_KERNELS.set(started)
    try:
        yield started
    finally:
        PAGE_KERNELS.reset(token)
        kernel_manager.pages_sent(started)


class CappedKernelManager(WarmKernels, AsyncMappingKernelManager):
    """Refuses a new kernel once `max_kernels` pages are open: the page load then gets the
    "server full" page (templates/voila/tpi/503.html) instead of a kernel, and the machine keeps its
    memory for the participants already working. Kernels of pages nobody is on do not count: at the
    cap, the longest-deserted one is shut down to make room before anyone is refused. Concurrent
    starts may overshoot by the few in flight."""

    max_kernels = Integer(ServeConfig.max_kernels.default_value, config=True, help=ServeConfig.max_kernels.help)
    disconnected_kernel_seconds = Integer(ServeConfig.disconnected_kernel_seconds.default_value, config=True,
                                          help=ServeConfig.disconnected_kernel_seconds.help)
    full_title = Unicode(config=True, help="the 'server full' page's title (the pack's serve.full.title)")
    full_message = Unicode(config=True, help="the 'server full' page's message (the pack's serve.full.message)")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._presence: dict[str, KernelPresence] = {}
        self._orphan_check: PeriodicCallback | None = None
        self._pool_check: PeriodicCallback | None = None

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        kernel_id = await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        page = PAGE_KERNELS.get()
        if kernel_id not in self._presence:
            self._presence[kernel_id] = KernelPresence(started=time.monotonic(), rendering=page is not None)
        if page is not None:
            page.append(kernel_id)
            self.remember_page_notebook(kernel_id, kwargs.get("env"))
        self.start_watching()
        return kernel_id

    def pages_sent(self, kernel_ids: list[str]):
        """The pages of these kernels are sent: their browsers now have `disconnected_kernel_seconds`
        to connect."""
        for kernel_id in kernel_ids:
            if presence := self._presence.get(kernel_id):
                presence.rendering, presence.page_sent = False, time.monotonic()

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if presence := self._presence.get(kernel_id):
            presence.last_disconnect = time.monotonic()

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._presence.pop(kernel_id, None)
            self.forget_page_notebook(kernel_id)

    def kernels_set_aside(self) -> set[str]:
        """Kernels no page owns yet (the warm kernels waiting for a page load): never deserted nor
        counted as open pages; their clock starts when a page takes them."""
        return self.pooled_kernel_ids()

    def presence(self, kernel_id: str, set_aside: set[str] = frozenset()) -> KernelPresence:
        """What is known of the kernel's page now; connections as Jupyter's websocket handler counts
        them (it may count a closing socket twice: never below zero)."""
        now = time.monotonic()
        presence = self._presence.setdefault(kernel_id, KernelPresence(started=now))
        presence.connections = max(0, self._kernel_connections.get(kernel_id, 0))
        if kernel_id in set_aside:
            presence.started = now
        return presence

    def open_kernel_ids(self) -> list[str]:
        """The kernels of pages in use: connected, being sent, or just sent (server/kernel_lifetime.py)."""
        now, set_aside = time.monotonic(), self.kernels_set_aside()
        return [k for k in self.list_kernel_ids()
                if k not in set_aside and is_open(self.presence(k), now, self.disconnected_kernel_seconds)]

    async def admit_page(self):
        """Before a page load takes a kernel (a new one, or a warm one): refuse it with the "server
        full" page when `max_kernels` pages are open, or make room by shutting down kernels nobody
        is on. Warm kernels themselves are started without asking: they are bounded by
        `warm_kernels`, and count only once a page takes them."""
        kernel_ids = self.list_kernel_ids()
        if len(kernel_ids) < self.max_kernels:
            return
        open_pages = self.open_kernel_ids()
        if len(open_pages) >= self.max_kernels:
            self.log.warning("Refused a kernel: %d pages open, the cap is %d", len(open_pages), self.max_kernels)
            raise web.HTTPError(503, self.full_message.replace("%", "%%"), reason=self.full_title or None)
        # set-aside kernels go first (no participant loses anything), then the longest-deserted pages
        set_aside = self.kernels_set_aside()
        deserted = sorted((k for k in kernel_ids if k not in open_pages and k not in set_aside),
                          key=lambda k: self.presence(k).unattended_since())
        candidates = [k for k in kernel_ids if k in set_aside] + deserted
        for kernel_id in candidates[:len(kernel_ids) - self.max_kernels + 1]:
            self.log.info("Shutting down kernel %s, whose page nobody is on, to make room", kernel_id)
            await self._shut_down_quietly(kernel_id)

    def start_watching(self):
        """Start the periodic checks (once the server's loop runs): orphans, and the warm pools."""
        if self._orphan_check is None:
            interval = min(ORPHAN_CHECK_SECONDS, max(1, self.disconnected_kernel_seconds / 2))
            self._orphan_check = PeriodicCallback(self.shut_down_orphans, interval * 1000)
            self._orphan_check.start()
            if self.preheating:
                self._pool_check = PeriodicCallback(self.keep_pools, POOL_CHECK_SECONDS * 1000)
                self._pool_check.start()

    async def keep_pools(self):
        loading = any(presence.rendering for presence in self._presence.values())
        await self.rebalance_pools(self.open_kernel_ids(), pages_loading=loading)

    async def shut_down_orphans(self):
        """Shut down every kernel nobody has been on for `disconnected_kernel_seconds`."""
        now, set_aside = time.monotonic(), self.kernels_set_aside()
        running = set(self.list_kernel_ids())
        for kernel_id in set(self._presence) - running:  # ended some other way
            del self._presence[kernel_id]
        for kernel_id in sorted(running):
            presence = self.presence(kernel_id, set_aside)
            if kernel_id not in set_aside and should_shut_down(presence, now, self.disconnected_kernel_seconds):
                self.log.info("Shutting down kernel %s: no page connected for %d s", kernel_id,
                              now - presence.unattended_since())
                await self._shut_down_quietly(kernel_id)

    async def abandon(self, kernel_ids: list[str], why: str = "its page was left before it arrived"):
        """The browser left before its page arrived (a reload, a click away, a hundred reloads in a
        row), or the page could not be prepared: nobody will ever connect to these kernels, so
        they end now instead of holding a place under the cap for `disconnected_kernel_seconds`."""
        for kernel_id in kernel_ids:
            if kernel_id not in self:
                continue  # already ended (as the browser left, or by its page's own request)
            self.log.info("Shutting down kernel %s: %s", kernel_id, why)
            await self._shut_down_quietly(kernel_id)

    async def _shut_down_quietly(self, kernel_id: str):
        try:
            await self.shutdown_kernel(kernel_id)
        except (KeyError, web.HTTPError):  # it ended meanwhile (its page's beforeunload, say)
            self._presence.pop(kernel_id, None)
