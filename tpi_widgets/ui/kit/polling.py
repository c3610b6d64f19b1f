"""A view's background refresh (the room view, the network view): `tick` every few seconds until
stopped, in a daemon thread, so the view follows the store while the kernel waits for the browser."""

from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)


class Polling:
    def __init__(self, tick: Callable[[], object], seconds: float, name: str):
        self.tick, self.seconds, self.name = tick, seconds, name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()

    def _run(self):
        while not self._stop.wait(self.seconds):
            try:
                self.tick()
            except Exception:  # the thread's outermost loop: a failed refresh (a busy store) must not end it
                log.exception("%s: refresh failed", self.name)
