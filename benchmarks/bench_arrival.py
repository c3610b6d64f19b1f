"""A room arriving at once: 30 participants (3 partnerships × 10, the demo's records) open Step 2
in the same second on one `tpi serve` with its default settings (60 kernels at most, 6 warm
kernels), beside 30 plain Voila notebooks with the same widgets (plain_step2.py) opened at once
in the same run; then the server restarts and the 30 signed-in pages reload in the same instant.

- **arrival**: 30 new Chromium contexts navigate at once (Playwright's async API: the 30
  navigations are sent together and started by the browser process, whatever their pages' state);
  a page counts as usable when its form is shown and enabled (a new participant: the widgets'
  sign-in form, not the one in the page's HTML, which would hide a page whose widgets never came); seconds until each is usable, until the last one is, how many never were within
  USABLE_WITHIN_SECONDS and how many of those stayed blank (no widget rendered), with what they
  showed;
- **restart_reload**: every participant then signs in; the server stops and starts again on the
  same workspace and port, and the 30 pages reload at once, until each shows its signed-in Step 2
  page (bench_room.INTERACTIVE: the first control enabled and saved values shown);
- **plain_arrival**: the same 30-at-once arrival for the plain notebook, until its first rating
  list is enabled (the anchor; on the restarted server once its warm kernels are back);
- each with kernels alive (max), the server's RSS (Voila and every kernel, max), the CPU seconds
  spent by the server, its kernels, the browser and the rest of the machine, what the server's
  log says of kernels and errors, and where each page's time went (page_phases: HTML, static
  files, websocket, widget rendering).

All 30 browsers run on the server's own two cores, as the other browser benchmarks do: their CPU
seconds are reported apart, since in a room each participant's device does that work.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench_live import PARTNERSHIPS, PER_PARTNERSHIP, make_workspace, summary
from bench_room import WARM_UP_SECONDS, Watch
from bench_step2_page import kernel_pids, plain_notebook, required_chromium
from page_phases import CpuMeter, ServerLog, Stamps, page_state_async, phase_medians, phases
from tests.support import KOSSA, VALMONT, Server, launch_chromium, step_path

USABLE_WITHIN_SECONDS = 300  # a page not usable 5 minutes after it was opened counts as never
WARM_KERNELS = 6  # tpi serve's default (tpi_widgets.config.ServeConfig.warm_kernels)


def run() -> dict:
    executable = required_chromium()
    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", with_records=True)
        plain_path = plain_notebook(workspace.root)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log").start()  # default settings
        try:
            result = asyncio.run(room(executable, server, slugs, plain_path))
        finally:
            server.stop()
    tpi, reload, plain = result["arrival"], result["restart_reload"], result["plain_arrival"]
    if tpi["last_usable_seconds"] and plain["last_usable_seconds"]:
        result["last_usable_ratio_to_plain"] = round(tpi["last_usable_seconds"] / plain["last_usable_seconds"], 2)
    result["targets"] = {
        "arrival: every page usable within 5 min": tpi["never_usable"] == 0,
        "arrival: no page left blank": tpi["blank"] == 0,
        "restart: every page usable again within 5 min": reload["never_usable"] == 0,
        "restart: no page left blank": reload["blank"] == 0,
        "arrival: no worse than the plain notebook (as many pages usable, median no later)":
            tpi["usable"] >= plain["usable"] and (plain["seconds"] is None or (
                tpi["seconds"] is not None and tpi["seconds"]["median"] <= plain["seconds"]["median"])),
    }
    result["setup"] = (f"{PARTNERSHIPS} partnerships × {PER_PARTNERSHIP} participants with the demo's records, "
                       f"each a new Chromium context opening Step 2 at once (async Playwright); tpi serve with "
                       f"default settings ({WARM_KERNELS} warm kernels, 60 kernels at most); the plain "
                       f"notebook's 30 at once in the same run; browsers on the server's own cores")
    return result


async def room(executable: str, server: Server, slugs: list[str], plain_path: str) -> dict:
    from playwright.async_api import async_playwright

    result: dict = {}
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, executable)  # with the async API: a coroutine
        await asyncio.sleep(WARM_UP_SECONDS)  # the warm kernels of the morning are ready
        await warm_disk_cache(browser, server, plain_path)
        people = [(slug, m) for m in range(PER_PARTNERSHIP) for slug in slugs]
        stamps = Stamps(poll_ms=100)
        pages = await new_pages(browser, stamps, len(people), "widget_sign_in_form")
        result["arrival"] = await crowd(server, stamps, pages, "widget_sign_in_form", [
            lambda page, slug=slug: page.goto(server.url + step_path(2, slug), wait_until="commit")
            for slug, _ in people])
        report("arrival", result["arrival"])
        result["reloaded_by_hand_to_sign_in"] = await sign_in_everyone(pages, people)
        stopped = time.perf_counter()
        server.stop()
        server.start()  # the same workspace and port
        result["restart_seconds"] = round(time.perf_counter() - stopped, 2)
        for page in pages:
            for call in stamps.expect(page.context, "interactive"):
                await call
        result["restart_reload"] = await crowd(server, stamps, pages, "interactive", [
            lambda page: page.reload(wait_until="commit")] * len(pages))
        report("restart_reload", result["restart_reload"])
        await close_all(server, pages)
        await asyncio.sleep(WARM_UP_SECONDS)
        plain_stamps = Stamps(poll_ms=100)
        plain_pages = await new_pages(browser, plain_stamps, len(people), "plain")
        result["plain_arrival"] = await crowd(server, plain_stamps, plain_pages, "plain", [
            lambda page: page.goto(server.url + plain_path, wait_until="commit")] * len(plain_pages))
        report("plain_arrival", result["plain_arrival"])
        await close_all(server, plain_pages)
        await browser.close()
    return result


def report(name: str, crowd_result: dict):
    """The phase's result on stderr as soon as it is known (a long run's later failure keeps it)."""
    keys = ("usable", "never_usable", "blank", "last_usable_seconds", "pages_that_loaded_again", "kernels_alive_max")
    print(f"{name}:", ", ".join(f"{key} {crowd_result[key]}" for key in keys), file=sys.stderr, flush=True)
    print(json.dumps(crowd_result), file=sys.stderr, flush=True)


async def new_pages(browser, stamps: Stamps, count: int, expect: str) -> list:
    pages = []
    for _ in range(count):
        context = await browser.new_context()
        for call in stamps.install(context, expect=expect):
            await call
        page = await context.new_page()
        page.set_default_timeout(USABLE_WITHIN_SECONDS * 1000)
        pages.append(page)
    return pages


async def warm_disk_cache(browser, server: Server, plain_path: str):
    """One plain notebook page (not a step page: the warm pools do not follow it), so that the
    first crowd does not pay for reading the libraries from disk."""
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(USABLE_WITHIN_SECONDS * 1000)
    await page.goto(server.url + plain_path)
    await page.get_by_label("IPC-01 rating").wait_for()
    await context.close()


async def crowd(server: Server, stamps: Stamps, pages: list, kind: str, navigations: list) -> dict:
    """Start every page's navigation at once (`navigations[i](page)`: a coroutine); wait until each
    page's report of `kind` arrives or USABLE_WITHIN_SECONDS have passed."""
    log = ServerLog(server)
    log.mark()
    with Watch(server) as watch, CpuMeter(server) as cpu:
        watch.open_pages = len(pages)
        start = time.time()
        started = [asyncio.ensure_future(navigate(page)) for navigate, page in zip(navigations, pages)]
        deadline = start + USABLE_WITHIN_SECONDS
        while time.time() < deadline and not all(stamps.usable_since(page, start, kind) for page in pages):
            await asyncio.sleep(0.25)
        elapsed = time.time() - start
    navigation_errors = [str(outcome).splitlines()[0] for outcome in
                         await asyncio.gather(*started, return_exceptions=True) if isinstance(outcome, Exception)]
    seconds, timelines, missing = [], [], []
    for n, page in enumerate(pages):
        found = stamps.usable_since(page, start, kind)
        if found is None:
            state = await page_state_async(page, start)
            missing.append({"page": n, **state, **cpu.kernel_fate(state.get("kernel_id"), start)})
            continue
        timeline = phases(found, start)
        seconds.append(timeline["usable"])
        timelines.append(timeline)
    starts = [docs[0] for page in pages if (docs := stamps.documents_since(page, start))]
    slowest = max(timelines, key=lambda t: t["usable"]) if timelines else None
    return {
        "pages": len(pages),
        "usable": len(seconds),
        "never_usable": len(missing),
        "blank": sum(1 for state in missing if state["blank"]),
        "seconds": summary(seconds) if seconds else None,
        "last_usable_seconds": round(max(seconds), 2) if len(seconds) == len(pages) else None,
        "watched_seconds": round(elapsed, 1),
        # when each page's document started, counted from the moment the navigations were sent
        "navigation_starts_seconds": {"first": round(min(starts) - start, 3), "last": round(max(starts) - start, 3)}
        if starts else None,
        # tpi-connection.js loads again a page whose widgets came too late
        "pages_that_loaded_again": sum(1 for page in pages if len(stamps.documents_since(page, start)) > 1),
        "navigation_errors": navigation_errors,
        "phases_median_seconds": phase_medians(timelines),
        "phases_of_the_last_page": slowest,
        "kernels_alive_max": watch.kernels_max,
        "server_rss_mib_max": round(watch.rss_max, 1),
        "cpu_seconds": cpu.seconds(),
        "server_log": log.since_mark(),
        "not_usable_pages": missing,
        "all_usable_seconds": sorted(seconds),
    }


async def sign_in_everyone(pages: list, people: list) -> int:
    """Every participant signs in (as tests.support.sign_in does, with the async API); a page still
    without its form is reloaded by hand first, as a participant would. Returns how many were."""
    reloaded = 0
    for page, (slug, m) in zip(pages, people):
        if not await page.locator(".tpi-participant-form").get_by_label("Your name").is_visible():
            reloaded += 1
            await page.reload()
        await page.get_by_label("Your name").fill(f"P{m:02d} {slug}")
        await page.get_by_label("Your institution").select_option(KOSSA if m % 2 == 0 else VALMONT)
        await page.get_by_label("Your role").fill("Nurse")
        await page.get_by_role("button", name="Start").click()
        await page.locator(".tpi-signed-in").wait_for()
    return reloaded


async def close_all(server: Server, pages: list):
    """Close every page (its kernel is shut down) and wait until only the warm kernels are left."""
    for page in pages:
        await page.close(run_before_unload=True)
    for page in pages:
        await page.context.close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if len(kernel_pids(server)) <= WARM_KERNELS:
                break
        except psutil.Error:  # a kernel ending as we look
            pass
        await asyncio.sleep(1.0)
