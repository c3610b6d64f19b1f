"""How the pages fit the devices people hold (issue 16): every step of the demo partnership's workbook
(its records written), signed in as a participant and as a facilitator, on a phone (Playwright's
Galaxy S8: 360×740, touch) and on a projector (1280×720), measured in Chromium:

- **height_px**: the page's full height once its widgets are shown (document scrollHeight);
- **sideways_px**: how far the page scrolls sideways (scrollWidth − the viewport's width; 0 is right);
- **controls**, **small_controls**: visible buttons, inputs, selects, textareas and links, and
  how many are smaller than 44×44 px (WCAG 2.5.5);
- **title**: the page's title.

No time is measured: layout only, so a busy machine gives the same figures.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench_live import FACILITATOR_PASSCODE, make_workspace
from bench_step2_page import required_chromium
from tests.layout import PHONE, PROJECTOR, measure, settled
from tests.support import KOSSA, Server, become_facilitator, launch_chromium, new_page, sign_in, workbook_path
from tpi_widgets.core.steps import STEPS

WIDGETS_SHOWN = ".tpi-signed-in"


def measure_pages(browser, server: Server, workspace, slug: str, device: dict, facilitator: bool) -> dict:
    context = browser.new_context(**device)
    try:
        page = new_page(context)
        page.goto(server.url + workbook_path(1, slug))
        sign_in(page, "Fatou Diallo" if facilitator else "Ana Kamara", KOSSA, "Nurse")
        if facilitator:
            become_facilitator(page, workspace, "Fatou Diallo")
        measured = {}
        for step in STEPS:
            page.goto("about:blank")  # then a full load of the step's page, not a switch inside the last one
            page.goto(server.url + workbook_path(step.number, slug))  # the pages the landing page links to
            page.locator(WIDGETS_SHOWN).wait_for()
            page.wait_for_function(f"document.title.includes('Step {step.number}:')")
            settled(page)
            measured[f"step{step.number}"] = measure(page)
        return measured
    finally:
        context.close()


def run() -> dict:
    executable = required_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workspace, slugs = make_workspace(Path(tmp) / "ws", with_records=True, partnerships=1)
        server = Server.for_workspace(workspace.root, Path(tmp) / "voila.log",
                                      facilitator_passcode=FACILITATOR_PASSCODE).start()
        result: dict = {}
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, executable)
                for device_name, device in (("phone", PHONE), ("projector", PROJECTOR)):
                    for role, facilitator in (("participant", False), ("facilitator", True)):
                        result[f"{device_name}_{role}"] = measure_pages(browser, server, workspace, slugs[0],
                                                                        device, facilitator)
                browser.close()
        finally:
            server.stop()
    result["setup"] = ("the demo partnership's step pages with its records, signed in; phone 360×740 touch, "
                       "projector 1280×720; controls: visible buttons, inputs, selects, textareas, links")
    return result
