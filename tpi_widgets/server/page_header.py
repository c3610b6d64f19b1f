"""What a step page shows before its kernel answers (title, header, step links, connection banner),
computed when the page is served from the store and the pack as they are now: a step renamed in
the pack, or a partnership renamed in the store, shows on the next page load. The stamped
notebook carries only papermill's parameters (partnership, cycle); its file name says the step.
"""

from __future__ import annotations

import json
from pathlib import Path

from tpi_widgets.core.page_titles import step_page_title
from tpi_widgets.core.steps import STEPS, WORKBOOK_NOTEBOOK
from tpi_widgets.errors import StoreError

CONNECTION_TEXTS = ("lost", "reload", "unsent", "reload_button", "retry", "busy")  # serve.banner.<key>: tpi-connection.js reads them


def notebook_parameters(path: Path) -> dict:
    """The papermill parameters a notebook was stamped with; {} for any other notebook."""
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return {}
    parameters = metadata.get("papermill", {}).get("parameters", {})
    return parameters if isinstance(parameters, dict) else {}


def page_header(workspace, notebook: Path) -> dict | None:
    """The header of a step notebook's page or of the workbook, in every language of the pack
    (`languages`, the partnership's first): the page shows the participant's (the template's
    script reads their choice from the `tpi_language` cookie), as the page may be made before
    anyone asks for it (a warm kernel). None for a notebook that is neither (the room page). The
    workbook's step links are "#step-N": its page switches steps in place (ui/workbook.py), and
    marks the current one itself."""
    workbook = notebook.name == WORKBOOK_NOTEBOOK
    step = next((s.number for s in STEPS if s.notebook == notebook.name), None)
    parameters = notebook_parameters(notebook) if step is not None or workbook else {}
    slug = parameters.get("partnership")
    if not slug:
        return None
    try:
        partnership = workspace.store.partnership(str(slug))
    except StoreError:
        return None
    cycle = int(parameters.get("cycle") or 1)
    languages = [partnership.language] + [code for code in workspace.pack.languages if code != partnership.language]
    return {"partnership": partnership.name, "cycle": cycle, "step": step, "workbook": workbook,
            "language": partnership.language,
            "languages": [header_texts(workspace.pack_in(code), code, cycle, step, workbook, partnership.name)
                          for code in languages]}


def header_texts(pack, language: str, cycle: int, step: int | None, workbook: bool, partnership: str) -> dict:
    """The words of a page's header in `language` (`pack` is in it); a step notebook's page
    title as its kernel sets it (ui/kit/page_title.py; the workbook's kernel knows its step)."""
    def heading(number: int) -> str:
        return pack.text("step.heading", language, number=number, title=pack.step(number).title)

    return {"code": language, "title": heading(step) if step else pack.text("app.title", language),
            "page_title": step_page_title(pack, language, step, partnership) if step else "",
            "home": pack.text("app.title", language), "cycle_label": pack.text("landing.cycle", language, cycle=cycle),
            "skip": pack.text("page.skip", language),
            "steps": [{"number": s.number, "title": pack.step(s.number).title, "heading": heading(s.number),
                       "href": f"#step-{s.number}" if workbook else s.notebook} for s in STEPS]}


def page_config_hook(workspace):
    """A Voila page_config hook: the page's header (`tpiHeader`, read by templates/voila/tpi), the
    connection banner's texts in every language (`tpiConnection`: {language: texts}, the page's
    first; tpi-connection.js shows the participant's), and where Voila's scripts are fetched from
    (`fullStaticUrl`)."""

    def hook(page_config, notebook_path=None, settings=None, **_):
        tag = (settings or {}).get("tpi_front_end_tag")
        if tag:  # Voila's main script and chunks (static_files.py): kept by the browser, not asked about again
            page_config["fullStaticUrl"] = f"{page_config['fullStaticUrl']}/v-{tag}"
        header = page_header(workspace, workspace.root / notebook_path) if notebook_path else None
        page_config["tpiHeader"] = header or {}
        first = header["language"] if header else workspace.pack.default_language
        page_config["tpiConnection"] = {code: connection_texts(workspace.pack, code)
                                        for code in [first, *(c for c in workspace.pack.languages if c != first)]}
        return page_config

    return hook


def connection_texts(pack, language: str | None) -> dict[str, str]:
    """The connection banner's texts (tpi-connection.js) in `language`."""
    return {key: pack.text(f"serve.banner.{key}", language) for key in CONNECTION_TEXTS}
