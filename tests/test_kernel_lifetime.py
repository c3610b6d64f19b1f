"""The rule of our kernel culler and kernel cap (server/kernel_lifetime.py), without a server: a
kernel nobody is connected to for the timeout is shut down; a connected one, a just-started one and
one whose page is still being rendered are kept; only open pages count against the cap. Then the
kernel manager (server/kernels.py) applying it, with its bookkeeping set by hand, and the option."""

from __future__ import annotations

import asyncio
import time

import pytest

from tpi_widgets.server.kernel_lifetime import KernelPresence, is_open, should_shut_down

TIMEOUT = 60


def test_no_connection_for_the_timeout_is_shut_down():
    left = KernelPresence(started=0, page_sent=5, last_disconnect=100)
    assert not should_shut_down(left, now=159, timeout=TIMEOUT)
    assert should_shut_down(left, now=160, timeout=TIMEOUT)
    assert not is_open(left, now=101, timeout=TIMEOUT)  # a deserted page does not count against the cap


def test_a_page_that_never_connected_counts_from_when_it_was_sent():
    never = KernelPresence(started=0, page_sent=20)
    assert not should_shut_down(never, now=79, timeout=TIMEOUT) and is_open(never, now=79, timeout=TIMEOUT)
    assert should_shut_down(never, now=80, timeout=TIMEOUT) and not is_open(never, now=80, timeout=TIMEOUT)
    started_elsewhere = KernelPresence(started=0)  # no page of ours sent it: from its start
    assert should_shut_down(started_elsewhere, now=60, timeout=TIMEOUT)


def test_a_connected_kernel_is_kept_however_long():
    connected = KernelPresence(started=0, page_sent=5, connections=1, last_disconnect=10)
    assert not should_shut_down(connected, now=10_000, timeout=TIMEOUT)
    assert is_open(connected, now=10_000, timeout=TIMEOUT)


def test_a_just_started_kernel_is_kept_and_counts_as_open():
    just = KernelPresence(started=100)
    assert not should_shut_down(just, now=101, timeout=TIMEOUT) and is_open(just, now=101, timeout=TIMEOUT)


def test_a_page_still_being_rendered_is_kept_however_long_it_takes():
    rendering = KernelPresence(started=0, rendering=True)
    assert not should_shut_down(rendering, now=500, timeout=TIMEOUT) and is_open(rendering, now=500, timeout=TIMEOUT)


def test_a_reconnection_after_a_cut_counts_from_the_last_disconnection():
    back_and_gone = KernelPresence(started=0, page_sent=5, last_disconnect=300)
    assert back_and_gone.unattended_since() == 300
    assert not should_shut_down(back_and_gone, now=350, timeout=TIMEOUT)


# the kernel manager applying the rule (no kernel started: its bookkeeping is set by hand) ---------
def manager_with(pages: dict[str, KernelPresence], max_kernels: int):
    from tpi_widgets.server.kernels import CappedKernelManager
    manager = CappedKernelManager(max_kernels=max_kernels, disconnected_kernel_seconds=TIMEOUT)
    manager._presence = dict(pages)
    manager._kernel_connections = {kernel_id: presence.connections for kernel_id, presence in pages.items()}
    manager.list_kernel_ids = lambda: list(manager._presence)
    manager.shut_down = []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        manager.shut_down.append(kernel_id)
        manager._presence.pop(kernel_id)

    manager.shutdown_kernel = shutdown_kernel
    return manager


def load_a_page(manager):
    """What a page load asks of the manager before taking a kernel: room under the cap."""
    asyncio.run(manager.admit_page())


def test_at_the_cap_the_longest_deserted_kernel_makes_room():
    now = time.monotonic()
    manager = manager_with({"open": KernelPresence(started=now - 100, connections=1),
                            "left-long-ago": KernelPresence(started=now - 100, last_disconnect=now - 40),
                            "left-just-now": KernelPresence(started=now - 100, last_disconnect=now - 1)},
                           max_kernels=3)
    load_a_page(manager)
    assert manager.shut_down == ["left-long-ago"]


def test_at_the_cap_a_kernel_set_aside_goes_before_any_page():
    now = time.monotonic()
    manager = manager_with({"open": KernelPresence(started=now - 100, connections=1),
                            "left": KernelPresence(started=now - 100, last_disconnect=now - 40),
                            "warm": KernelPresence(started=now - 100)}, max_kernels=3)
    manager.kernels_set_aside = lambda: {"warm"}
    load_a_page(manager)
    assert manager.shut_down == ["warm"]


def test_at_the_cap_with_every_page_open_the_next_is_refused():
    from tornado.web import HTTPError
    now = time.monotonic()
    manager = manager_with({"open": KernelPresence(started=now - 100, connections=1),
                            "loading": KernelPresence(started=now - 100, rendering=True),
                            "sent": KernelPresence(started=now - 10, page_sent=now - 5)}, max_kernels=3)
    with pytest.raises(HTTPError) as refused:
        load_a_page(manager)
    assert refused.value.status_code == 503 and manager.shut_down == []


def test_the_culler_shuts_down_only_the_deserted():
    now = time.monotonic()
    manager = manager_with({"open": KernelPresence(started=now - 500, connections=1),
                            "deserted": KernelPresence(started=now - 500, last_disconnect=now - TIMEOUT - 1),
                            "just-started": KernelPresence(started=now - 1)}, max_kernels=10)
    asyncio.run(manager.shut_down_orphans())
    assert manager.shut_down == ["deserted"]


def test_the_timeout_is_a_serve_option_handed_to_the_kernel_manager(workspace, tmp_path):
    from tpi_widgets.config import ServeConfig, configure, read_config_file
    from tpi_widgets.server.app import ServeOptions, voila_config
    assert ServeConfig().disconnected_kernel_seconds == 60
    (tmp_path / "room.json").write_text('{"ServeConfig": {"disconnected_kernel_seconds": 5}}')
    config = configure(ServeConfig, read_config_file(tmp_path / "room.json"), {})
    voila = voila_config(workspace, ServeOptions(config, "127.0.0.1"))
    assert voila.CappedKernelManager.disconnected_kernel_seconds == 5
