"""Collect the UI-string keys the code uses, reading source as text (nothing is imported).

A key counts as used when it appears as
- the first argument of a call to `text(...)`, `_text(...)` or `<anything>.text(...)`, in Python
  code, notebooks' code cells and Jinja templates;
- any other string literal shaped like a key whose first part is one of the catalogue's
  namespaces, e.g. `Refused("access.step_locked")` or `banner = "roles.locked_facilitator"`
  (except file names such as "plan.yaml", and inside the content-pack reader, tpi_widgets/content/,
  whose dotted literals name places in the pack's YAML files);
- an f-string shaped like a key, e.g. f"action.section_{s}": when `s` is the variable of a loop or
  comprehension over a literal tuple (or a module-level tuple of texts), each key it gives; else a
  pattern, one `[a-z0-9_]+` per unknown part, that any catalogue key may match.

`problems(catalogue, uses)` lists the keys used but missing from the catalogue, and the catalogue's
keys nothing uses (dead).
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "tpi_widgets", ROOT / "templates", ROOT / "notebooks")
TEXT_CALLS = {"text", "_text"}  # functions (or methods) whose first argument is a UI-string key
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
FILE_SUFFIXES = {"yaml", "yml", "json", "ipynb", "py", "html", "css", "js", "j2", "sqlite", "db", "pdf",
                 "docx", "png", "svg", "csv", "txt", "md", "toml", "log", "lock", "zip"}
UNKNOWN_PART = "[a-z0-9_]+"
TEMPLATE_TEXT_CALL = re.compile(r"(?<![\w.])(?:[\w.]*\.)?_?text\(\s*(['\"])([^'\"]+)\1")
TEMPLATE_LITERAL = re.compile(r"(['\"])([a-z][a-z0-9_.]*)\1")


@dataclass
class Uses:
    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # key -> where used
    patterns: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # regex -> where
    checked_patterns: set[str] = field(default_factory=set)  # patterns given to text(): must match a key
    literals: set[str] = field(default_factory=set)  # every other text literal (a key equal to one is used)


def collect(catalogue: Iterable[str], sources: Iterable[Path] = SOURCES) -> Uses:
    """Every use of a key in the Python files, notebooks and templates under `sources`."""
    namespaces = {key.split(".")[0] for key in catalogue}
    uses = Uses()
    for root in sources:
        for path in sorted(root.rglob("*")):
            where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            if path.suffix == ".py":
                collect_python(path.read_text(encoding="utf-8"), where, namespaces, uses)
            elif path.suffix == ".ipynb":
                collect_notebook(path.read_text(encoding="utf-8"), where, namespaces, uses)
            elif path.suffix in (".j2", ".html"):
                collect_template(path.read_text(encoding="utf-8"), where, uses)
    return uses


def problems(catalogue: Iterable[str], uses: Uses) -> tuple[list[str], list[str]]:
    """(keys used but not in the catalogue, catalogue keys nothing uses), each 'key  (where)'."""
    catalogue = set(catalogue)
    missing = [f"{key}  ({', '.join(sorted(uses.keys[key]))})" for key in sorted(uses.keys) if key not in catalogue]
    compiled = {pattern: re.compile(pattern) for pattern in uses.patterns}
    missing += [f"{pattern}  ({', '.join(sorted(uses.patterns[pattern]))})" for pattern in sorted(uses.checked_patterns)
                if not any(compiled[pattern].fullmatch(key) for key in catalogue)]
    dead = sorted(key for key in catalogue if key not in uses.keys and key not in uses.literals
                  and not any(regex.fullmatch(key) for regex in compiled.values()))
    return missing, dead


def collect_notebook(source: str, where: str, namespaces: set[str], uses: Uses):
    for i, cell in enumerate(json.loads(source).get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        code = "".join(cell.get("source", []))
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
        collect_python(code, f"{where}[cell {i}]", namespaces, uses)


def collect_template(source: str, where: str, uses: Uses):
    for match in TEMPLATE_TEXT_CALL.finditer(source):
        uses.keys[match.group(2)].add(f"{where}:{source.count(chr(10), 0, match.start()) + 1}")
    uses.literals.update(match.group(2) for match in TEMPLATE_LITERAL.finditer(source))


def collect_python(source: str, where: str, namespaces: set[str], uses: Uses):
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    module_texts = _module_texts(tree)
    content_reader = "content" in Path(where).parts
    fstring_parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        place = f"{where}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in fstring_parts:
            if _is_text_key_argument(node, parents):
                uses.keys[node.value].add(place)
            elif _looks_like_key(node.value, namespaces) and not content_reader:
                uses.keys[node.value].add(place)
            else:
                uses.literals.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            checked = _is_text_key_argument(node, parents)
            if not checked and not _fstring_looks_like_key(node):
                continue
            keys, pattern = _expand(node, parents, module_texts)
            if pattern is None:
                for key in keys:
                    if checked or not content_reader:
                        uses.keys[key].add(place)
                    else:
                        uses.literals.add(key)
            else:
                uses.patterns[pattern].add(place)
                if checked:
                    uses.checked_patterns.add(pattern)


def _is_text_key_argument(node: ast.AST, parents: dict) -> bool:
    call = parents.get(node)
    if not isinstance(call, ast.Call) or not call.args or call.args[0] is not node:
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in TEXT_CALLS


def _looks_like_key(value: str, namespaces: set[str]) -> bool:
    return (KEY_SHAPE.fullmatch(value) is not None and value.split(".")[0] in namespaces
            and value.rsplit(".", 1)[-1] not in FILE_SUFFIXES)


def _fstring_looks_like_key(node: ast.JoinedStr) -> bool:
    first = node.values[0] if node.values else None
    if not (isinstance(first, ast.Constant) and re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z0-9_.]*", first.value)):
        return False
    return all(re.fullmatch(r"[a-z0-9_.]*", part.value) for part in node.values if isinstance(part, ast.Constant))


def _expand(node: ast.JoinedStr, parents: dict, module_texts: dict) -> tuple[list[str], str | None]:
    """The keys an f-string gives, or (with no keys) a regex when a part cannot be known."""
    choices: list[list[str] | None] = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            choices.append([part.value])
        else:
            choices.append(_loop_values(part, parents, module_texts))
    if all(c is not None for c in choices):
        return ["".join(combination) for combination in itertools.product(*choices)], None
    pattern = "".join(UNKNOWN_PART if c is None else "(?:" + "|".join(map(re.escape, c)) + ")" for c in choices)
    return [], pattern


def _loop_values(part: ast.FormattedValue, parents: dict, module_texts: dict) -> list[str] | None:
    """The texts `{name}` takes when `name` is the variable of an enclosing loop or comprehension
    over a literal tuple of texts (or a module-level one); None when they cannot be known."""
    if not isinstance(part.value, ast.Name) or part.format_spec is not None or part.conversion != -1:
        return None
    name, node = part.value.id, part
    while node in parents:
        node = parents[node]
        loops = node.generators if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) \
            else [node] if isinstance(node, ast.For) else []
        for loop in loops:
            values = _bound_values(loop.target, name, loop.iter, module_texts)
            if values is not False:
                return values
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
    return None


def _bound_values(target: ast.AST, name: str, iterable: ast.AST, module_texts: dict):
    """The texts `name` takes in `for target in iterable`; False when the loop does not bind it."""
    if isinstance(target, ast.Name):
        if target.id != name:
            return False
        index = None
    elif isinstance(target, ast.Tuple) and any(isinstance(t, ast.Name) and t.id == name for t in target.elts):
        index = next(i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == name)
    else:
        return False
    items = module_texts.get(iterable.id) if isinstance(iterable, ast.Name) else _literal(iterable)
    if not isinstance(items, (tuple, list)):
        return None
    values = [item if index is None else item[index] if isinstance(item, tuple) and len(item) > index else None
              for item in items]
    return values if all(isinstance(v, str) for v in values) else None


def _module_texts(tree: ast.Module) -> dict[str, object]:
    """Module-level `NAME = <literal>` assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = _literal(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found[node.target.id] = _literal(node.value)
    return found


def _literal(node: ast.AST):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
