"""What a page's title says (the browser's tab, a bookmark, the first words a screen reader says):
where the reader is — a step and its partnership, the room and its workspace, the network — then
the app's name, in the page's language (strings/page-titles.*.yaml). The kernel sets it
(ui/kit/page_title.py): Voila would otherwise name the page after its notebook's file."""

from __future__ import annotations

from tpi_widgets.core.html import isolate_where_needed


def step_page_title(pack, language: str | None, number: int, partnership: str) -> str:
    """"Step 2: Needs assessment – <partnership> – TPI Workbook" (a workbook or a step notebook)."""
    step = pack.text("step.heading", language, number=number, title=pack.step(number).title)
    return pack.text("page_title.step", language, step=step, partnership=isolate_where_needed(partnership),
                     app=pack.text("app.title", language))


def room_page_title(pack, language: str | None, workspace: str) -> str:
    """"Room – <workspace> – TPI Workbook": `workspace` is the workspace folder's name."""
    return pack.text("page_title.room", language, workspace=isolate_where_needed(workspace),
                     app=pack.text("app.title", language))


def network_page_title(pack, language: str | None) -> str:
    return pack.text("page_title.network", language, app=pack.text("app.title", language))
