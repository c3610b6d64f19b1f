"""Small checks for YAML data that report file, place and problem (see ContentError)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import ContentError
from .model import Choice, Level

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed: much faster
    """yaml.safe_load's loader, but a key given twice in one mapping is an error: plain YAML keeps
    the last one silently, and a translation or a string written twice would be lost unseen."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults` may be overridden, as YAML means it to be
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int)) and key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"found the key {key!r} twice",
                                                        key_node.start_mark)
            if isinstance(key, (str, int)):
                seen.add(key)
        return super().construct_mapping(node, deep)


def parse_yaml(text: str):
    """A YAML file's text parsed as safe_load does, refusing a key given twice (UniqueKeyLoader)."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 (a SafeLoader)


class Checker:
    """Reads values out of one parsed YAML file, raising ContentError naming file and place."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, place: str, problem: str):
        raise ContentError(self.file, place, problem)

    def mapping(self, value: Any, place: str) -> dict:
        if not isinstance(value, dict):
            self.fail(place, f"expected a mapping, found {_kind(value)}")
        return value

    def field(self, data: dict, key: str, place: str, kind: type | tuple, *, required: bool = True,
              default: Any = None) -> Any:
        where = f"{place}.{key}" if place else key
        if key not in data or data[key] is None:
            if required:
                self.fail(where, "missing required field")
            return default
        value = data[key]
        # bool is an int in Python; a YAML `yes` must not pass as a number.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(where, f"expected {_names(kind)}, found {_kind(value)}")
        if isinstance(value, str) and not value.strip():
            self.fail(where, "must not be empty")
        return value

    def text(self, data: dict, key: str, place: str, *, required: bool = True) -> str:
        value = self.field(data, key, place, str, required=required, default="")
        return value.strip()

    def identifier(self, data: dict, key: str, place: str) -> str:
        value = self.text(data, key, place)
        if not ID_PATTERN.match(value):
            self.fail(f"{place}.{key}", f"{value!r} is not a valid id (lower-case letters, digits and '-')")
        return value

    def items(self, data: dict, key: str, place: str, *, min_count: int = 1) -> list:
        where = f"{place}.{key}" if place else key
        value = self.field(data, key, place, list)
        if len(value) < min_count:
            self.fail(where, f"needs at least {min_count} entries, found {len(value)}")
        return value

    def texts(self, data: dict, key: str, place: str) -> tuple[str, ...]:
        where = f"{place}.{key}" if place else key
        values = self.items(data, key, place)
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{where}[{i}]", "expected a non-empty text")
        return tuple(v.strip() for v in values)

    def levels(self, data: dict, key: str, place: str, *, min_value: int | None = None) -> tuple[Level, ...]:
        """An ordered scale under data[key]: entries with an integer value (distinct, increasing),
        a label and an optional description."""
        where = f"{place}.{key}" if place else key
        levels = []
        for i, raw in enumerate(self.items(data, key, place, min_count=2)):
            entry = f"{where}[{i}]"
            raw = self.mapping(raw, entry)
            value = self.field(raw, "value", entry, int)
            if min_value is not None and value < min_value:
                self.fail(f"{entry}.value", f"must be {min_value} or more, found {value}")
            levels.append(Level(value=value, label=self.text(raw, "label", entry),
                                description=self.text(raw, "description", entry, required=False)))
        values = [level.value for level in levels]
        if values != sorted(set(values)):
            self.fail(where, "values must be distinct and in increasing order")
        return tuple(levels)

    def choices(self, data: dict, key: str, place: str, *, min_count: int = 1, what: str = "id") -> tuple[Choice, ...]:
        """A list of options under data[key], each with a unique id and a label."""
        where = f"{place}.{key}" if place else key
        result = []
        for i, raw in enumerate(self.items(data, key, place, min_count=min_count)):
            entry = f"{where}[{i}]"
            raw = self.mapping(raw, entry)
            result.append(Choice(id=self.identifier(raw, "id", entry), label=self.text(raw, "label", entry)))
        self.unique([choice.id for choice in result], where, what)
        return tuple(result)

    def unique(self, ids: list[str], place: str, what: str):
        seen = set()
        for i, value in enumerate(ids):
            if value in seen:
                self.fail(f"{place}[{i}]", f"duplicate {what} {value!r}")
            seen.add(value)


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a text", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _names(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_kind(k()) if k is not type(None) else "nothing" for k in kinds)
