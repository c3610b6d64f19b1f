"""The content of a pack in other languages: every text a participant reads or a document prints
(step guidance, technical areas, items and their guidance, the scale, levels of care, principles,
strength domains, scales of impact and feasibility, statuses, funding sources, ...), translated as
data beside the source.

Each text of a content file is known by a key made from its place in the YAML: the file's name,
then the path, naming a list entry by its `id` (or `value`, or `number`) and a plain list's entry
by its position: `areas:areas.ipc.items.ipc-01.text`, `pack:steps.1.activities.0`. A language's
translations live in `translations/<language>.yaml`, one entry per key with the source text it
was made from, so a changed source is noticed (stale) rather than silently mistranslated:

    areas:areas.ipc.title:
      source: Infection prevention and control and patient safety
      text: Prévention et contrôle des infections et sécurité des patients

The loader applies a language's translations to the parsed YAML before reading it (a text with
no translation stays in the source language), so every part of the code that reads the pack reads
it in the language asked for. Identifiers and codes (NOT_TEXT) are never translated.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from ..errors import ContentError, TPIError
from .checks import parse_yaml

TRANSLATIONS_DIR = "translations"
# fields that hold identifiers or codes, not words: never translated. "list.field" is the field
# of an entry of that list only: a step's `objectives` are ids, the pack's `objectives` are texts.
NOT_TEXT = frozenset({"id", "steps.objectives", "default_language", "default_status", "default_visit_status",
                      "currency"})
ENTRY_NAMES = ("id", "value", "number")  # what names a list entry in a key, in this order
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*")  # en, pt, pt_BR, pt-BR, a trainer's xx


@dataclass(frozen=True)
class Translation:
    text: str
    source: str  # the source text it translates, as it was then

    def is_stale(self, source: str) -> bool:
        return " ".join(self.source.split()) != " ".join(source.split())


def _entry_name(entry, position: int) -> str:
    if isinstance(entry, dict):
        for name in ENTRY_NAMES:
            if isinstance(entry.get(name), (str, int)) and not isinstance(entry.get(name), bool):
                return str(entry[name])
    return str(position)


def texts(data, file: str) -> Iterator[tuple[str, str]]:
    """(key, text) of every translatable text of one content file's parsed YAML, in file order."""
    stem = Path(file).stem
    for path, text in _walk(data, ()):
        yield f"{stem}:{'.'.join(path)}", text


def is_text_field(path: tuple[str, ...], name) -> bool:
    """Whether field `name` of the mapping at `path` holds words (see NOT_TEXT)."""
    return name not in NOT_TEXT and not (len(path) >= 2 and f"{path[-2]}.{name}" in NOT_TEXT)


def check_language_code(language: str) -> str:
    """`language` if it can name a language's files (strings/<part>.<language>.yaml)."""
    if not LANGUAGE_CODE.fullmatch(language or ""):
        raise TPIError(f"{language!r} is not a language code (letters, then parts after _ or -: pt, pt_BR, xx)")
    return language


def _walk(data, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(data, dict):
        for name, value in data.items():
            if is_text_field(path, name):
                yield from _walk(value, (*path, str(name)))
    elif isinstance(data, list):
        for position, entry in enumerate(data):
            yield from _walk(entry, (*path, _entry_name(entry, position)))
    elif isinstance(data, str) and data.strip():
        yield path, data


def translated(data, file: str, table: dict[str, Translation]):
    """A copy of a content file's parsed YAML with each text that `table` translates replaced."""
    if not table:
        return data
    data = copy.deepcopy(data)
    stem = Path(file).stem
    _replace(data, (), stem, table)
    return data


def _replace(data, path: tuple[str, ...], stem: str, table: dict[str, Translation]):
    children = (((name, value) for name, value in data.items() if is_text_field(path, name)) if isinstance(data, dict)
                else ((position, entry) for position, entry in enumerate(data)) if isinstance(data, list) else ())
    for place, value in children:
        step = str(place) if isinstance(data, dict) else _entry_name(value, place)
        if isinstance(value, str):
            found = table.get(f"{stem}:{'.'.join((*path, step))}")
            if found is not None:
                data[place] = found.text
        else:
            _replace(value, (*path, step), stem, table)


def translations_file(folder: Path, language: str) -> Path:
    return folder / TRANSLATIONS_DIR / f"{language}.yaml"


def read_translations(folder: Path, language: str) -> dict[str, Translation]:
    """translations/<language>.yaml, checked ({} when the language has none)."""
    path = translations_file(folder, language)
    name = f"{TRANSLATIONS_DIR}/{path.name}"
    if not path.is_file():
        return {}
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(name, f"line {mark.line + 1}" if mark else "",
                           f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise ContentError(name, "top level", "expected a mapping of text keys to translations")
    return {str(key): parse_translation(name, str(key), entry) for key, entry in data.items()}


def parse_translation(file: str, key: str, entry) -> Translation:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
        raise ContentError(file, key, "expected a translation with a non-empty `text` (and its `source`)")
    source = entry.get("source", "")
    if not isinstance(source, str):
        raise ContentError(file, f"{key}.source", "expected the source text it translates")
    return Translation(entry["text"].strip(), source.strip())


def write_translations(folder: Path, language: str, table: dict[str, Translation]):
    """translations/<language>.yaml with `table`, in key order (the file a translator edits)."""
    path = translations_file(folder, language)
    path.parent.mkdir(exist_ok=True)
    data = {key: {"source": t.source, "text": t.text} for key, t in sorted(table.items())}
    path.write_text(f"# {language}: translations of this pack's content; `source` is the text each translates\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
