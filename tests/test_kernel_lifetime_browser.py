"""Kernels live as long as their pages, in Chromium: a page left or a tab closed shuts its kernel
down (its beforeunload request passes the _xsrf check, through the room passcode too); a killed
browser's kernel ends after the disconnected-kernel timeout; the kernel cap counts only open
pages; a normal walk through the steps leaves no error in the server's log."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time

import psutil
import pytest
from playwright.sync_api import expect

from tests.support import (CHROMIUM_FLAGS, KOSSA, LIVE_TIMEOUT, STEP2, VALMONT, Server, chromium_path, free_port,
                           item_row, new_page, sign_in, step_path, wait_for)
from tests.test_durability import CuttableProxy
from tpi_widgets.config import ServeConfig

pytestmark = pytest.mark.browser

PASSCODE = "walk-4242"
STEPS = range(1, 7)
KERNEL_END_TIMEOUT = 90  # s: the default disconnected-kernel timeout (60 s) plus a check's interval and slack
ERROR_LINE = re.compile(r"\b[45]\d\d (GET|POST|HEAD|PUT|PATCH|DELETE) ")
WARM_KERNELS = ServeConfig.warm_kernels.default_value
KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


def kernels(server: Server) -> list[psutil.Process]:
    """The server's running kernel processes (one that ended but is not yet reaped does not count),
    warm ones included."""
    running = []
    for process in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if process.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(process.cmdline()):
                running.append(process)
        except psutil.Error:  # it ended while we looked
            pass
    return running


def kernel_ids(server: Server) -> set[str]:
    """The ids of the server's running kernels, read from their connection files' names."""
    ids = set()
    for process in kernels(server):
        try:
            ids.update(KERNEL_FILE.findall(" ".join(process.cmdline())))
        except psutil.Error:
            pass
    return ids


def page_kernel(page) -> str:
    """The id of the kernel a page is connected to (Voila writes it into the page)."""
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def alive(server: Server, ids) -> set[str]:
    """Which of these kernels still run. Warm kernels, which no page has taken, are not among
    them: the server keeps a few ready for the next page loads (server/warm_kernels.py)."""
    return set(ids) & kernel_ids(server)


def visit(page, server: Server, number: int) -> str:
    """Open a step page as its step link does, wait until it knows the participant; its kernel's id."""
    response = page.goto(server.url + step_path(number))
    assert response.status == 200, f"step {number}: {response.status}"
    page.locator(".tpi-signed-in").wait_for()
    return page_kernel(page)


def log_errors(server: Server) -> list[str]:
    return [line for line in server.log_path.read_text(errors="replace").splitlines() if ERROR_LINE.search(line)]


def test_a_participant_who_walks_the_steps_then_closes_the_tab_leaves_no_kernel(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(server.address(step_path(1)))  # the participant URL signs the browser in
        sign_in(page, "Ana Kamara", KOSSA, "Nurse")
        assert any(cookie["name"] == "_xsrf" for cookie in context.cookies())
        visited = [page_kernel(page)] + [visit(page, server, number) for number in [2, 3, 4, 5, 6, 5, 4, 3, 2, 1]]
        assert len(set(visited)) == len(visited)  # a kernel per page load
        # every page left shut its kernel down at once (not the culler, a minute later)
        wait_for(lambda: alive(server, visited) == {visited[-1]},
                 lambda: f"only the open page's kernel; running {alive(server, visited)}", timeout=20)
        assert len(kernel_ids(server)) <= 1 + WARM_KERNELS  # the open page and the warm pool, no more
        page.close(run_before_unload=True)
        wait_for(lambda: not alive(server, visited), lambda: f"no kernel; running {alive(server, visited)}",
                 timeout=KERNEL_END_TIMEOUT)
        assert not [line for line in log_errors(server) if "/voila/api/shutdown/" in line]
    finally:
        context.close()
        server.stop()


def own_chromium(tmp_path):
    """A Chromium of the test's own, in its own process group, to be killed; and its CDP address."""
    port = free_port()
    process = subprocess.Popen([chromium_path(), "--headless", f"--remote-debugging-port={port}",
                                f"--user-data-dir={tmp_path / 'profile'}", *CHROMIUM_FLAGS, "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def listening():
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_for(listening, "Chromium's debugging port", timeout=30)
    return process, f"http://127.0.0.1:{port}"


def test_a_killed_browser_leaves_no_kernel_after_the_default_timeout(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    process, endpoint = own_chromium(tmp_path)
    try:
        browser = chromium.browser_type.connect_over_cdp(endpoint)
        page = new_page(browser.contexts[0])
        page.goto(server.url + step_path(2))
        sign_in(page, "Bo Lindqvist", VALMONT, "Surgeon")
        visited = [page_kernel(page), visit(page, server, 3)]
        wait_for(lambda: alive(server, visited) == {visited[-1]},
                 lambda: f"only the open page's kernel; running {alive(server, visited)}", timeout=20)
        killed_at = time.monotonic()
        os.killpg(process.pid, signal.SIGKILL)  # no beforeunload: only the server's rule can end the kernel
        process.wait(timeout=15)
        wait_for(lambda: not alive(server, visited), lambda: f"no kernel; running {alive(server, visited)}",
                 timeout=KERNEL_END_TIMEOUT, interval=1)
        assert time.monotonic() - killed_at >= 50  # the timeout's doing, not a page's own request
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        server.stop()


def test_the_cap_of_three_kernels_never_stops_one_participant_walking_the_steps(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", max_kernels=3).start()
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(server.url + step_path(1))
        sign_in(page, "Chidi Okafor", KOSSA, "Pharmacist")
        for _ in range(3):
            for number in STEPS:
                visit(page, server, number)
                assert "server is full" not in page.content()
        assert not [line for line in log_errors(server) if line.lstrip().startswith("503")]
    finally:
        context.close()
        server.stop()


def test_two_participants_walking_every_step_leave_no_error_in_the_log(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    contexts = [chromium.new_context(), chromium.new_context()]
    try:
        pages = [new_page(context) for context in contexts]
        for page, (name, institution) in zip(pages, [("Ana Kamara", KOSSA), ("Bo Lindqvist", VALMONT)]):
            page.goto(server.address(step_path(1)))
            sign_in(page, name, institution, "Nurse")
        visited = [page_kernel(page) for page in pages]
        for number in list(STEPS)[1:]:
            for page in pages:
                visited.append(visit(page, server, number))
        for page in pages:
            page.close(run_before_unload=True)
        wait_for(lambda: not alive(server, visited), lambda: f"no kernel; running {alive(server, visited)}",
                 timeout=30)
    finally:
        for context in contexts:
            context.close()
        server.stop()
    assert log_errors(server) == []


def test_a_cut_longer_than_the_timeout_offers_a_reload_only_once_the_kernel_is_gone(chromium, workspace, tmp_path):
    config = tmp_path / "room.json"
    config.write_text('{"ServeConfig": {"disconnected_kernel_seconds": 5}}')
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE)
    server.command += ["--config", str(config)]
    server.start()
    proxy = CuttableProxy(server.port)
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(f"http://127.0.0.1:{proxy.port}/{STEP2}?token={PASSCODE}")
        sign_in(page, "Ana Kamara", KOSSA, "Nurse")
        own = {page_kernel(page)}
        page.get_by_label("IPC-04 evidence").fill("Typed before the cut")
        item_row(page, "IPC-04").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
        banner, reload = page.locator(".tpi-connection"), page.locator(".tpi-connection-reload")

        proxy.cut()
        expect(banner).to_contain_text("Connection lost", timeout=10_000)
        page.get_by_label("IPC-05 evidence").fill("Typed during the cut")
        wait_for(lambda: not alive(server, own), "the deserted kernel shut down", timeout=30)
        assert not reload.is_visible()  # the server is out of reach: nothing says the kernel is gone yet

        proxy.restore()
        expect(reload).to_be_visible(timeout=30_000)
        expect(banner).to_contain_text("lost its session")
        expect(banner).to_contain_text("not saved")  # what was typed during the cut is not in the store
        expect(page.get_by_label("IPC-05 evidence")).to_have_value("Typed during the cut")  # but still on the page
        reload.click()
        expect(page.get_by_label("IPC-04 evidence")).to_have_value("Typed before the cut")
    finally:
        context.close()
        proxy.close()
        server.stop()


def test_a_hundred_reloads_by_one_participant_leave_the_room_usable(chromium, workspace, tmp_path):
    """Reloading one page a hundred times as fast as the browser goes (each load abandoned as it
    starts): abandoned loads end their kernels, the server stays below the cap, and another
    participant's page works."""
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    restless, other = chromium.new_context(), chromium.new_context()
    try:
        page = new_page(restless)
        page.goto(server.url + STEP2)
        sign_in(page, "Ana Kamara", KOSSA, "Nurse")
        peak = 0
        for _ in range(100):
            page.goto(server.url + STEP2, wait_until="commit")  # as the reload button, not waiting
            peak = max(peak, len(kernel_ids(server)))
        assert peak < ServeConfig.max_kernels.default_value
        calm = new_page(other)
        calm.goto(server.url + STEP2)
        sign_in(calm, "Bo Lindqvist", VALMONT, "Surgeon")
        calm.get_by_label("IPC-04 evidence").fill("Screening desk staffed in daytime only")
        item_row(calm, "IPC-04").get_by_text("Saved by Bo Lindqvist").wait_for(timeout=LIVE_TIMEOUT)
        page.locator(".tpi-signed-in").wait_for()  # the last reload is a working page too
        # what is left: the two open pages and the warm pool, once the abandoned loads have ended
        wait_for(lambda: len(kernel_ids(server)) <= 2 + WARM_KERNELS,
                 lambda: f"at most {2 + WARM_KERNELS} kernels; running {len(kernel_ids(server))}",
                 timeout=KERNEL_END_TIMEOUT)
    finally:
        restless.close()
        other.close()
        server.stop()
