"""Warm kernels: our pool policy (server/warm_pool.py) applied to Voila's pools of pre-executed
kernels.

With `preheat_kernel` on, Voila builds its kernel manager as a subclass of ours
(voila/voila_kernel_manager.py's VoilaKernelManager) that keeps `_pools` (notebook path -> tasks
each giving a pre-executed kernel), refills a notebook's pool to `kernel_pools_config` after each
use, and hands the first pooled kernel to the next page load of that notebook. Voila's defaults
would warm every notebook under the workspace and refill a pool the moment a page takes from it;
we keep every pool's configured size at 0 and start each warm kernel ourselves
(`WarmKernels.rebalance_pools`, every two seconds), after where pages are open and where each
partnership's first page of the day opens, and only when no page is being opened.
"""

from __future__ import annotations

import time
from collections import Counter

from traitlets import Integer
from traitlets.config import LoggingConfigurable

from tpi_widgets.config import ServeConfig
from tpi_widgets.core.room import latest_cycle
from tpi_widgets.core.steps import WORKBOOK_NOTEBOOK
from tpi_widgets.server.warm_pool import warm_targets
from tpi_widgets.workspace import Workspace

REST_REFRESH_SECONDS = 30  # how often the partnerships' latest cycles are read again from the store


class FirstPages:
    """For each partnership of a workspace, the notebook its first page of the day opens: the
    workbook of its latest cycle (which opens on the step the partnership is on)."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self._notebooks: list[str] = []
        self._read_at = float("-inf")

    def notebooks(self) -> list[str]:
        if time.monotonic() - self._read_at >= REST_REFRESH_SECONDS:
            self._notebooks, self._read_at = self._read(), time.monotonic()
        return self._notebooks

    def _read(self) -> list[str]:
        store, root = self.workspace.store, self.workspace.root
        return [(self.workspace.cycle_dir(p.slug, latest_cycle(store, p.id)).relative_to(root) / WORKBOOK_NOTEBOOK)
                .as_posix() for p in store.partnerships()]


def pool_entry(task) -> dict | None:
    """What a pool's task gave once it is done and did not fail: {"kernel_id", "task" (the
    notebook's run), "renderer"}; None while it runs, or when it failed or was cancelled."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    return task.result()


class WarmKernels(LoggingConfigurable):
    """The pool-keeping half of our kernel manager (server/kernels.py mixes it in). It works only
    when Voila's preheating subclass is around it (`_pools`, `fill_if_needed`,
    `kernel_pools_config`, `notebook_data`); with `warm_kernels = 0` nothing is warmed."""

    warm_kernels = Integer(ServeConfig.warm_kernels.default_value, config=True, help=ServeConfig.warm_kernels.help)

    resting: FirstPages | None = None  # set by the app once it knows its workspace

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._page_notebooks: dict[str, str] = {}  # kernel id -> notebook, for kernels started by a page load

    @property
    def preheating(self) -> bool:
        return hasattr(self, "_pools")

    def pooled_kernel_ids(self) -> set[str]:
        """Kernels waiting in a pool, pre-executed, for a page load."""
        if not self.preheating:
            return set()
        return {ready["kernel_id"] for pool in self._pools.values() for task in pool
                if (ready := pool_entry(task)) is not None}

    def notebook_of(self, kernel_id: str) -> str | None:
        """The notebook (path under the workspace) whose page the kernel serves."""
        for notebook, data in getattr(self, "notebook_data", {}).items():
            if kernel_id in data["kernel_ids"]:
                return notebook
        return self._page_notebooks.get(kernel_id)

    def remember_page_notebook(self, kernel_id: str, env: dict | None):
        """A kernel started for a page load: its notebook, from the request path Voila puts in the
        kernel's environment (SCRIPT_NAME, /voila/render/<notebook>)."""
        script = (env or {}).get("SCRIPT_NAME", "")
        marker = "/voila/render/"
        if marker in script:
            self._page_notebooks[kernel_id] = script.split(marker, 1)[1]

    def forget_page_notebook(self, kernel_id: str):
        self._page_notebooks.pop(kernel_id, None)

    async def rebalance_pools(self, open_kernel_ids: list[str], pages_loading: bool):
        """Size every pool after where the pages `open_kernel_ids` are and the steps partnerships
        are on, within `warm_kernels` and the room left under the kernel cap.

        Warming never competes with a page being opened: on two cores a kernel's start takes a
        second of CPU, and a room arriving at once needs all of it. So a warm kernel is started only
        while no page is loading and no other warm kernel is still starting or running its
        notebook, one at a time, where the pool lacks most; a pool above its size shrinks at once."""
        if not self.preheating:
            return
        open_pages = Counter(notebook for k in open_kernel_ids if (notebook := self.notebook_of(k)))
        budget = min(self.warm_kernels, max(0, self.max_kernels - len(open_kernel_ids)))
        resting = self.resting.notebooks() if self.resting else []
        targets = warm_targets(open_pages, resting, budget)
        for notebook, pool in list(self._pools.items()):  # a page load may add a pool meanwhile
            while len(pool) > targets.get(notebook, 0) and pool[-1].done():
                if (surplus := pool_entry(pool.pop())) is not None:
                    await self._shut_down_quietly(surplus["kernel_id"])
        lacking = {notebook: size - len(self._pools.get(notebook, [])) for notebook, size in targets.items()}
        lacking = {notebook: count for notebook, count in lacking.items() if count > 0}
        if lacking and not pages_loading and not self._warming():
            self._warm_one(max(lacking, key=lacking.get))

    def _warming(self) -> bool:
        """A warm kernel is starting, or running its notebook."""
        for pool in self._pools.values():
            for task in pool:
                if not task.done():
                    return True
                if (ready := pool_entry(task)) is not None and not ready["task"].done():
                    return True
        return False

    def _warm_one(self, notebook: str):
        """One more pre-executed kernel for `notebook`. Voila fills a pool up to its configured size
        now and again after every page load takes a kernel; the size stays 0 between our calls, so
        every kernel start is ours to time."""
        self.kernel_pools_config[notebook] = {"pool_size": len(self._pools.get(notebook, [])) + 1}
        try:
            self.fill_if_needed(delay=0, notebook_name=notebook)
        finally:
            self.kernel_pools_config[notebook] = {"pool_size": 0}
