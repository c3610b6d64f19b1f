"""A notebook page that could not be prepared ends, saying so, instead of staying half-sent.

Voila sends a page as it renders it: the head and our header first, then the kernel's start
(`kernel_start` in the template waits for the kernel to answer, at most nbclient's
`startup_timeout`), then the cells. When that start fails (a crowded server right after a restart:
thirty kernels starting on two cores, one of them not answering in time, or a kernel that died),
Voila's page handler waits for the rest forever: the rendering runs in a task whose exception
nobody reads, and the handler keeps the response open with heartbeats. The browser shows the
header and a spinner for good, and a reload is the only way out, which a participant cannot know.

`PageRenderer` (Voila's NotebookRenderer, which both its page handler and its warm-kernel pools
build) ends such a page with a script that has tpi-connection.js say so and load the page again
(a few times, then ask to wait and reload), and tells the page handler, which ends the kernel at
once. Nothing typed is lost: nothing could be typed yet.
"""

from __future__ import annotations

import json
import logging

from voila.notebook_renderer import NotebookRenderer


def not_prepared_script(connection_texts: dict | None) -> str:
    """The page's last bytes when it could not be prepared: tpi-connection.js's retry, with the
    banner's texts in the page's language (the page's config, which carries them, may not have
    been sent yet). JSON inside a script element: no "<" may close it early."""
    texts = json.dumps(connection_texts or {}).replace("<", "\\u003c")
    return f"<script>window.tpiPageNotPrepared && window.tpiPageNotPrepared({texts});</script>\n"


class PageRenderer(NotebookRenderer):
    """Voila's renderer whose page, when its kernel fails to start or to run the notebook, ends
    with `not_prepared_script` instead of leaving the page unfinished."""

    # the server's log (use_page_renderer): Voila's renderers log to traitlets' silent fallback
    server_log = logging.getLogger("tpi_widgets.server")

    async def _ended_when_failed(self, snippets, kernel_id):
        try:
            async for snippet in snippets:
                yield snippet
        except Exception as error:  # any failure of the kernel's start or run: the page must end
            handler = getattr(self, "request_handler", None)  # None: a warm kernel's render
            self.server_log.warning("The page of %s could not be prepared (%s %s): %s", self.notebook_path,
                                    "kernel" if handler else "warm kernel", kernel_id,
                                    str(error).strip() or type(error).__name__)
            if handler:
                handler.page_failed = True
            yield not_prepared_script(self.page_config.get("tpiConnection")), None

    def generate_content_generator(self, kernel_id=None, kernel_future=None):
        return self._ended_when_failed(super().generate_content_generator(kernel_id, kernel_future), kernel_id)


def use_page_renderer(server_log: logging.Logger):
    """Voila's page handler and its warm-kernel pools build their renderer by the module name
    `NotebookRenderer`: both now build ours (pinned Voila 0.5.13; test_browser_arrival's page whose kernel
    cannot start fails if the handler stops doing so)."""
    import voila.handler
    import voila.voila_kernel_manager
    PageRenderer.server_log = server_log
    voila.handler.NotebookRenderer = PageRenderer
    voila.voila_kernel_manager.NotebookRenderer = PageRenderer
