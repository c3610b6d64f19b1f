"""The package's import graph read from its source (AST), lazy imports inside functions included.

Used by tests/test_architecture.py; run as a script it prints the circles and the longest chain:

    python tests/import_graph.py
"""

from __future__ import annotations

import ast
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = "tpi_widgets"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def imports_of(name: str, modules: dict[str, Path]) -> set[str]:
    """The package modules `name` imports, at any depth of its code (TYPE_CHECKING blocks aside:
    they never run)."""
    tree = ast.parse(modules[name].read_text(encoding="utf-8"))
    base = name if _is_package(name, modules) else name.rpartition(".")[0]
    found: set[str] = set()

    def resolve(module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        parts = base.split(".")
        anchor = ".".join(parts[: len(parts) - (level - 1)])
        return f"{anchor}.{module}" if module else anchor

    def add(target: str):
        # the longest prefix that is a module of the package
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    def visit(node: ast.AST):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit_node(other)
                continue
            visit_node(child)

    def visit_node(node: ast.AST):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = resolve(node.module, node.level)
            if target.split(".")[0] == PACKAGE:
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    add(full if full in modules else target)
        elif isinstance(node, ast.Call) and _is_import_module(node):
            target = _literal_target(node, base)
            if target and target.split(".")[0] == PACKAGE:
                add(target)
        visit(node)

    visit(tree)
    return found


def _is_type_checking(test: ast.AST) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
           (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _is_import_module(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or \
           (isinstance(func, ast.Name) and func.id == "import_module")


def _literal_target(node: ast.Call, base: str) -> str | None:
    """importlib.import_module("x.y") or ("..x", __package__): the literal part, when there is one."""
    if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
        return None
    target = node.args[0].value
    if target.startswith("."):
        level = len(target) - len(target.lstrip("."))
        parts = base.split(".")
        anchor = ".".join(parts[: len(parts) - (level - 1)])
        rest = target.lstrip(".")
        return f"{anchor}.{rest}" if rest else anchor
    return target


@lru_cache(maxsize=1)
def graph() -> dict[str, frozenset[str]]:
    modules = module_files()
    return {name: frozenset(imports_of(name, modules)) for name in modules}


def package_of(module: str) -> str:
    """The sub-package a module belongs to: tpi_widgets.ui.kit.fields -> tpi_widgets.ui;
    a module directly in the package is its own unit."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def package_graph() -> dict[str, frozenset[str]]:
    """Imports between sub-packages (and top-level modules), a package's own imports left out."""
    result: dict[str, set[str]] = {}
    for module, targets in graph().items():
        unit = package_of(module)
        result.setdefault(unit, set())
        for target in targets:
            if package_of(target) != unit and target != PACKAGE:
                result[unit].add(package_of(target))
    return {k: frozenset(v) for k, v in result.items()}


def circles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def strong(v: str):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return sorted(found)


def longest_chain(edges: dict[str, frozenset[str]]) -> list[str]:
    """The longest import chain (valid when there is no circle)."""
    @lru_cache(maxsize=None)
    def chain(v: str) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for w in edges.get(v, ()):
            candidate = chain(w)
            if len(candidate) > len(best):
                best = candidate
        return (v, *best)

    if circles(edges):
        return []
    return list(max((chain(v) for v in edges), key=len, default=()))


if __name__ == "__main__":
    for label, edges in (("modules", graph()), ("sub-packages", package_graph())):
        found = circles(edges)
        print(f"{label}: {len(edges)} nodes, {sum(len(t) for t in edges.values())} imports, {len(found)} circles")
        for component in found:
            print("  circle:", " ".join(component))
        chain = longest_chain(edges)
        if chain:
            print(f"  longest chain ({len(chain)}): " + " -> ".join(chain))
