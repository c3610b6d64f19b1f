"""A room arriving at once: ten pages opened in the same instant, and ten returning participants
reloading together after a server restart, all become usable. On two cores the kernels of such a
crowd take many seconds to send their first output; a page must wait for it, never stay blank."""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect

from tests.support import KOSSA, LOAD_TIMEOUT, STEP2, Server, sign_in

pytestmark = pytest.mark.browser
CROWD = 10


def open_together(pages, url: str):
    """Start every page's navigation without waiting for any: the requests leave in one instant."""
    for page in pages:
        page.evaluate(f"location.href = {url!r}")


def wait_all(pages, locate, timeout_s: float = 240) -> list[float]:
    """Seconds until `locate(page)` is visible on every page; fails naming the pages left blank."""
    start = time.monotonic()
    shown: dict[int, float] = {}
    while len(shown) < len(pages) and time.monotonic() - start < timeout_s:
        for i, page in enumerate(pages):
            if i not in shown and locate(page).is_visible():
                shown[i] = time.monotonic() - start
        time.sleep(0.25)
    blank = [i for i in range(len(pages)) if i not in shown]
    assert not blank, f"pages {blank} still without their form after {timeout_s} s"
    return sorted(shown.values())


def test_ten_pages_opened_at_once_all_show_the_sign_in_form(chromium, server):
    contexts = [chromium.new_context() for _ in range(CROWD)]
    pages = [context.new_page() for context in contexts]
    open_together(pages, server.url + STEP2)
    # the widgets' form: the page's own HTML has one at once (it hands over to the widgets')
    wait_all(pages, lambda page: page.locator(".tpi-participant-form").get_by_label("Your name"))
    for context in contexts:
        context.close()


def test_ten_reloads_at_once_after_a_restart_all_show_the_page(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    contexts = [chromium.new_context() for _ in range(CROWD)]
    try:
        pages = []
        for n, context in enumerate(contexts):  # they arrived one by one in the morning
            page = context.new_page()
            page.set_default_timeout(LOAD_TIMEOUT)
            page.goto(server.url + STEP2)
            sign_in(page, f"Participant {n}", KOSSA, "Nurse")
            pages.append(page)
        server.stop()
        server.start()  # the same workspace and port
        for page in pages:  # everyone reloads in the same instant
            page.evaluate("location.reload()")
        wait_all(pages, lambda page: page.get_by_label("IPC-01 rating"))
        for page in pages:  # remembered by their browser: no second sign-in
            assert page.get_by_label("Your name").count() == 0
    finally:
        for context in contexts:
            context.close()
        server.stop()


FAILED_WIDGET = """document.addEventListener('DOMContentLoaded', () => {
  const node = document.createElement('div');
  node.className = 'jupyter-widgets';
  node.textContent = 'Error displaying widget: model not found';
  document.body.appendChild(node);
})"""


def test_a_page_whose_widgets_did_not_load_says_so_and_retries_a_few_times(chromium, server):
    """What Voila's widget manager shows when the kernel's widget state came too late (it waits 4 s),
    here at every load: the page says so and loads again, three times, then asks to wait and reload."""
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    context.add_init_script(FAILED_WIDGET)
    page.goto(server.url + STEP2)
    banner = page.locator(".tpi-connection")
    expect(banner).to_contain_text("still busy", timeout=LOAD_TIMEOUT)
    page.wait_for_load_state("load")  # the banner shows before the fourth load's event arrives
    assert len(loads) == 4  # the first load and three tries
    expect(page.locator(".tpi-connection-reload")).to_be_visible()
    page.wait_for_timeout(5000)
    assert len(loads) == 4  # and no more
    context.close()


def test_a_page_whose_kernel_ended_before_its_scripts_connected_loads_again(chromium, workspace, tmp_path):
    """A crowded room's phone still loading the scripts when the server ends the kernel nobody
    connected to: the widget manager finds no kernel and gives up; the page loads again by itself
    and shows its widget form, never stays without it."""
    config = tmp_path / "room.py"
    config.write_text("c.ServeConfig.disconnected_kernel_seconds = 2\n")
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log")
    server.command += ["--config", str(config)]
    server.start()
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT)
        loads, held = [], []

        def slow_first_load(route):
            if not held:  # Voila's script, on the first load, takes longer than the server waits
                held.append(route.request.url)
                time.sleep(6)
            route.continue_()

        page.route(re.compile(r"/voila/static/v-[0-9a-f]+/voila\.js"), slow_first_load)  # under its tag
        page.on("load", lambda: loads.append(page.url))
        page.goto(server.url + STEP2)
        page.locator(".tpi-participant-form").get_by_label("Your name").wait_for()
        assert held and len(loads) == 2, "the page loaded again once, by itself"
    finally:
        context.close()
        server.stop()


# every kernel the server starts ends as it starts (a kernel that died, or one that did not answer
# in time on a crowded server: the page cannot be prepared either way); the server itself runs
DYING_KERNEL = """import os, sys
if "kernelapp" in " ".join(getattr(sys, "orig_argv", [])):
    os._exit(3)
"""


def test_a_page_whose_kernel_cannot_start_says_so_and_loads_again(chromium, workspace, tmp_path):
    """Seen with thirty reloads after a restart: one page's kernel never answered, and Voila kept its
    page half-sent (the header and a spinner) for good. The page now ends, says so and loads again
    a few times, then asks to wait and reload; the server ends each such kernel at once and logs
    one line for it, no traceback."""
    dying = tmp_path / "dying"
    dying.mkdir()
    (dying / "sitecustomize.py").write_text(DYING_KERNEL)
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log")
    server.env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(dying), os.environ.get("PYTHONPATH")]))}
    server.start()
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT)
        loads = []
        page.on("load", lambda: loads.append(page.url))
        page.goto(server.url + STEP2)
        expect(page.locator(".tpi-connection")).to_contain_text("still busy", timeout=LOAD_TIMEOUT)
        assert len(loads) == 4  # the first load and three tries, each one a finished page
        expect(page.locator(".tpi-connection-reload")).to_be_visible()
        log = (tmp_path / "voila.log").read_text()
        page_kernels = re.findall(r"02_needs_assessment.ipynb could not be prepared \(kernel ([0-9a-f-]+)\)", log)
        assert len(page_kernels) == 4
        assert "workbook.ipynb could not be prepared (warm kernel" in log  # Voila's warm pools too
        assert "Traceback" not in log and "Task exception was never retrieved" not in log
        for kernel in page_kernels:  # each page's kernel ended as its page did
            assert context.request.get(f"{server.url}api/kernels/{kernel}").status == 404
    finally:
        context.close()
        server.stop()
