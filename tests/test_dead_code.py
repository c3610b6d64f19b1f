"""No dead code: vulture reads the package, with the notebooks' code cells (they call show_step,
show_reports and show_room) and tests/vulture_allowlist.py (the few names only a library, the
browser or a string uses). The tests are not read: a name only a test calls is dead code.

Run by hand (without the notebooks):
    python -m vulture tpi_widgets tests/vulture_allowlist.py --min-confidence 60 \
        --ignore-decorators @validate,@observe,@default
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tpi_widgets"
ALLOWLIST = ROOT / "tests" / "vulture_allowlist.py"
# vulture's confidence for an unused function, class, method, property, attribute or variable is
# 60%; imports are 90%, arguments and unreachable code 100%. Below 60 it reports nothing more.
MIN_CONFIDENCE = 60
# traitlets calls the methods these decorate (a trait's validator, observer, default)
IGNORE_DECORATORS = "@validate,@observe,@default"
REPORT = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.+) \((?P<confidence>\d+)% confidence")


def notebook_code(folder: Path) -> Path:
    """The notebooks' code cells as one module (shell and magic lines left out)."""
    cells = []
    for notebook in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                cells.append("\n".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))
    target = folder / "notebook_cells.py"
    target.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    return target


def dead_code(*paths: Path) -> list[str]:
    """vulture's findings, "file:line: unused function 'name' (60% confidence)" each."""
    result = subprocess.run([sys.executable, "-m", "vulture", *map(str, paths), "--min-confidence",
                             str(MIN_CONFIDENCE), "--ignore-decorators", IGNORE_DECORATORS],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 3), result.stderr  # 3: dead code found; anything else: vulture failed
    return [line for line in result.stdout.splitlines() if REPORT.match(line)]


def test_the_package_has_no_dead_code(tmp_path):
    dead = dead_code(PACKAGE, notebook_code(tmp_path), ALLOWLIST)
    assert not dead, ("dead code (delete it; or, if a library, the browser or a string uses it, add it to "
                      "tests/vulture_allowlist.py with the reason):\n" + "\n".join(dead))


def test_the_check_finds_an_unused_function(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def used():\n    return 1\n\n\ndef never_called():\n    return 2\n\n\nprint(used())\n")
    dead = dead_code(module)
    assert len(dead) == 1 and "unused function 'never_called'" in dead[0]


def test_every_allowlisted_name_is_still_in_the_package():
    """An allowlist entry whose name left the package would hide the next dead code of that name."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    names = {node.attr if isinstance(node, ast.Attribute) else node.id
             for node in ast.walk(ast.parse(ALLOWLIST.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) or (isinstance(node, ast.Name) and node.id != "_")}
    assert names and not {n for n in names if not re.search(rf"\b{re.escape(n)}\b", source)}
