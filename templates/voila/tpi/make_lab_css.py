"""Build static/tpi-lab.css: the part of JupyterLab's stylesheet (nbconvert's lab template,
static/index.css, 240 KB) that a workshop page uses: the page, its cells and their outputs, the
HTML the steps display. The rest (file browser, dialogs, command palette, code editors, icons
as data URIs: ~80% of it) styles JupyterLab's own application, which a Voila page never shows.

    .venv/bin/python templates/voila/tpi/make_lab_css.py

Run it again after upgrading nbconvert; tests/test_static_compression.py fails when the file
differs from what this script makes of the installed stylesheet.
"""

from __future__ import annotations

import re
from pathlib import Path

OUT = Path(__file__).parent / "static" / "tpi-lab.css"
# the classes of what a page shows; a rule is kept when one of its selectors uses only these
PAGE_CLASSES = re.compile(r"(jp-(Cell|CodeCell|Notebook|OutputArea|OutputPrompt|RenderedHTML|RenderedText|"
                          r"RenderedMarkdown|LabShell|Collapser|mod-trusted|mod-noOutputs|mod-noInput|"
                          r"mod-outputsScrolled|mod-hidden|mod-dark|mod-light)|lm-(Widget|Panel|BoxPanel|mod-hidden)"
                          r"|theme-light)[\w-]*")
HEAD = """/* JupyterLab's page styles, only what a workshop page uses: made by
   templates/voila/tpi/make_lab_css.py from nbconvert's lab template stylesheet.
   Copyright (c) Jupyter Development Team; Modified BSD License. */
"""


def installed_stylesheet() -> Path:
    from jupyter_core.paths import jupyter_path

    for root in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(root) / "index.css").exists():
            return Path(root) / "index.css"
    raise SystemExit("nbconvert's lab template is not installed")


def blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a stylesheet without comments."""
    out, depth, start, prelude = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:i].strip()))
                start = i + 1
    return out


def declarations_of(body: str) -> list[str]:
    """A rule's declarations: split at the semicolons outside parentheses (data URIs hold some)."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(body + ";"):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth == 0:
            if body[start:i].strip():
                out.append(body[start:i].strip())
            start = i + 1
    return out


def page_selector(selector: str) -> bool:
    classes = re.findall(r"\.([\w-]+)", selector)
    if any(not PAGE_CLASSES.fullmatch(name) for name in classes):
        return False
    # element-only selectors (body, a, :root) and the page's classes; no attribute or id tricks
    return "[" not in selector and "#" not in selector


def page_rules(css: str) -> list[str]:
    kept = []
    for prelude, body in blocks(css):
        if prelude.startswith("@media"):
            inner = page_rules(body)
            if inner:
                kept.append(f"{prelude} {{\n" + "\n".join(inner) + "\n}")
        elif prelude.startswith("@"):
            continue  # keyframes and font faces of the application's spinners and editors
        elif prelude == ":root":
            declarations = [d for d in declarations_of(body) if not d.startswith("--jp-icon")]
            if not declarations:
                continue
            kept.append(":root {\n  " + ";\n  ".join(declarations) + ";\n}")
        else:
            selectors = [s.strip() for s in prelude.split(",") if page_selector(s.strip())]
            if selectors:
                kept.append(",\n".join(selectors) + " {\n  " + body + "\n}")
    return kept


def page_stylesheet(source: Path) -> str:
    css = re.sub(r"/\*.*?\*/", "", source.read_text(encoding="utf-8"), flags=re.S)
    return HEAD + "\n".join(page_rules(css)) + "\n"


if __name__ == "__main__":
    OUT.write_text(page_stylesheet(installed_stylesheet()), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
