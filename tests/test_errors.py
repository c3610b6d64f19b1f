"""The project's exceptions: all in errors.py under one root, and caught by type. Only the
outermost boundaries (the CLI, a notebook's entry point, a background thread's loop, a build
worker) may catch every exception, and each says why in a comment."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from tpi_widgets import errors
from tpi_widgets.errors import TPIError

PACKAGE = Path(errors.__file__).resolve().parent
ERRORS_FILE = PACKAGE / "errors.py"

# The places allowed to catch everything: what they do not catch is lost or ends the program.
BOUNDARIES = {
    "cli.py",  # the `tpi` command's main
    "ui/steps/__init__.py",  # show_step, a step notebook's entry point
    "ui/room_view.py",  # show_room
    "ui/kit/polling.py",  # the room and network views' polling thread
    "ui/live.py",  # LiveSync's background thread
    "ui/kit/document_downloads.py",  # the document-build thread
    "reports/batch.py",  # a build worker process
    "config.py",  # runs a user's Python config file: user code can fail in any way
    "server/page_renderer.py",  # a page's rendering: a failure not caught there leaves the page half-sent
}
PROJECT_ERRORS = {name for name, member in vars(errors).items()
                  if inspect.isclass(member) and issubclass(member, BaseException)}


def sources() -> dict[str, tuple[ast.Module, list[str]]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found[path.relative_to(PACKAGE).as_posix()] = (ast.parse(text), text.splitlines())
    return found


def catches_everything(handler: ast.ExceptHandler) -> bool:
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(t is None or (isinstance(t, ast.Name) and t.id in {"Exception", "BaseException"}
                             and not reraises(handler)) for t in caught)


def reraises(handler: ast.ExceptHandler) -> bool:
    """`except BaseException: clean up; raise`: a rollback, not a catch."""
    return isinstance(handler.body[-1], ast.Raise) and handler.body[-1].exc is None


def has_comment(lines: list[str], lineno: int) -> bool:
    line, before = lines[lineno - 1], lines[lineno - 2].strip() if lineno > 1 else ""
    return "#" in line.split(":", 1)[-1] or before.startswith("#")


def test_only_the_outermost_boundaries_catch_every_exception_and_each_says_why():
    wrong = []
    for file, (tree, lines) in sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and catches_everything(node):
                if file not in BOUNDARIES:
                    wrong.append(f"{file}:{node.lineno}: catches everything outside a boundary")
                elif not has_comment(lines, node.lineno):
                    wrong.append(f"{file}:{node.lineno}: catches everything without a comment saying why")
    assert not wrong, "\n".join(wrong)


def base_names(node: ast.ClassDef) -> list[str]:
    return [b.id if isinstance(b, ast.Name) else b.attr for b in node.bases if isinstance(b, (ast.Name, ast.Attribute))]


def test_every_exception_class_is_defined_in_errors_py():
    elsewhere = []
    for file, (tree, _) in sources().items():
        if file == "errors.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    name.endswith(("Error", "Exception")) or name in PROJECT_ERRORS for name in base_names(node)):
                elsewhere.append(f"{file}:{node.lineno}: class {node.name}")
    assert not elsewhere, "exception classes belong in tpi_widgets/errors.py:\n" + "\n".join(elsewhere)


def test_every_exception_in_errors_py_derives_from_tpi_error_and_has_a_unique_name():
    classes = [getattr(errors, name) for name in PROJECT_ERRORS]
    assert classes and all(issubclass(cls, TPIError) for cls in classes)
    assert all(cls.__module__ == "tpi_widgets.errors" for cls in classes)
    tree = ast.parse(ERRORS_FILE.read_text(encoding="utf-8"))
    defined = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(defined) == len(set(defined)) == len(PROJECT_ERRORS)
