"""Load a content pack folder and validate it; every error names file, place and problem.

A pack is a folder with pack.yaml (objectives and steps), areas.yaml (technical areas and
their assessment items), scale.yaml (rating scale and target) and strings/<language>.yaml
(UI strings). Built-in packs live in packs/; a trainer's pack can be any folder.

The UI strings' catalogue is the default-language strings of the built-in pack CATALOGUE_PACK
(tests/test_string_catalogue.py keeps it equal to the keys the code uses). Any other pack's
default language must define the same keys with the same {placeholders}; within a pack, every
other language uses only keys of its default language, with the same placeholders, and may leave
keys out (they fall back to the default language).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ContentError
from .checks import Checker, parse_yaml
from .limits import KINDS as TEXT_KINDS, MOST as MOST_CHARACTERS, NAME, LINE, NOTE, TextLimits
from .model import NOT_APPLICABLE, Area, Item, Level, Objective, Pack, Scale, Step, placeholders
from .sections import SECTIONS
from .translation import parse_translation, read_translations, translated

PACKS_DIR = Path(__file__).parent / "packs"
BUILTIN_PACK = "recovery-2016"  # the pack a workspace uses unless told otherwise
CATALOGUE_PACK = BUILTIN_PACK  # its default-language strings are the UI strings the code uses
OBJECTIVE_IDS = ("partnership", "technical", "spread")
STEP_NUMBERS = (1, 2, 3, 4, 5, 6)
CONTENT_FILES = ["pack.yaml", "areas.yaml", "scale.yaml"]  # then each section's file (sections/)


def builtin_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").is_file())


def resolve_pack_dir(name_or_path: str | Path, base: Path | None = None) -> Path:
    """A built-in pack name, or a folder path (relative to `base` when given)."""
    candidate = Path(name_or_path)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if candidate.is_dir():
        return candidate.resolve()
    builtin = PACKS_DIR / str(name_or_path)
    if builtin.is_dir():
        return builtin
    raise ContentError(str(name_or_path), "", f"no such content pack (built-in packs: {', '.join(builtin_packs())})")


def load_pack(name_or_path: str | Path = BUILTIN_PACK, base: Path | None = None, language: str | None = None) -> Pack:
    """The pack, its content in `language` (content/translation.py; None: the pack's default
    language). A language the pack does not have gives its default language's content."""
    return _load(resolve_pack_dir(name_or_path, base), language)


def forget_loaded_packs():
    """Read packs from their files again (after a pack's files changed)."""
    _load.cache_clear()


def content_files(folder: Path) -> list[str]:
    """The pack's content files (what content/translation.py translates), in reading order."""
    sections = [importlib.import_module(f"{__package__}.sections.{name}") for name in SECTIONS]
    return CONTENT_FILES + [m.FILE for m in sections if not m.OPTIONAL or (folder / m.FILE).is_file()]


@lru_cache(maxsize=32)
def _load(folder: Path, language: str | None = None) -> Pack:
    strings, files, _ = read_strings(folder)
    default_language = default_language_of(folder)
    content_language = language if language in strings else default_language
    table = read_translations(folder, content_language) if content_language != default_language else {}
    read = lambda name: translated(read_yaml_file(folder, name), name, table)  # noqa: E731 (one line: read, then translate)
    pack_file, areas_file, scale_file = read("pack.yaml"), read("areas.yaml"), read("scale.yaml")

    c = Checker("pack.yaml")
    pack_id = c.identifier(pack_file, "id", "")
    objectives, steps = _objectives(c, pack_file), _steps(c, pack_file)
    areas, scale = _areas(Checker("areas.yaml"), areas_file), _scale(Checker("scale.yaml"), scale_file)
    parts = {"objectives": objectives, "steps": steps, "areas": areas, "scale": scale}
    if default_language not in strings:
        c.fail("default_language", f"no strings/{default_language}.yaml for the default language")
    _check_strings(folder, strings, files, default_language)
    pack = Pack(
        id=pack_id,
        title=c.text(pack_file, "title", ""),
        description=c.text(pack_file, "description", "", required=False),
        objectives=objectives,
        steps=steps,
        areas=areas,
        scale=scale,
        strings=strings,
        limits=_limits(c, pack_file),
        default_language=default_language,
        sections=_sections(folder, parts, read),
        content_language=content_language,
        version=_version(c, pack_file),
    )
    _check_step_objectives(c, pack)
    return pack


def _version(c: Checker, data: dict) -> int:
    """pack.yaml `version:` (default 1): a whole number from 1."""
    version = c.field(data, "version", "", int, required=False, default=1)
    if version < 1:
        c.fail("version", f"must be a whole number from 1, found {version}")
    return version


def _limits(c: Checker, data: dict) -> TextLimits:
    """pack.yaml `limits:` (content/limits.py): characters per kind of participant text."""
    raw = c.mapping(c.field(data, "limits", "", dict), "limits")
    for key in raw:
        if key not in TEXT_KINDS:
            c.fail(f"limits.{key}", f"unknown kind of text (kinds: {', '.join(TEXT_KINDS)})")
    values = {}
    for kind in TEXT_KINDS:
        value = c.field(raw, kind, "limits", int)
        if not 1 <= value <= MOST_CHARACTERS:
            c.fail(f"limits.{kind}", f"must be a number of characters from 1 to {MOST_CHARACTERS}, found {value}")
        values[kind] = value
    if not values[NAME] <= values[LINE] <= values[NOTE]:
        c.fail("limits", f"a name must not be longer than a line, nor a line than a note (found {values})")
    return TextLimits(**values)


def _sections(folder: Path, parts: dict, read) -> dict[str, object]:
    """Each step's own part of the pack (see sections/__init__.py), its file read by `read`."""
    loaded = {}
    for name in SECTIONS:
        module = importlib.import_module(f"{__package__}.sections.{name}")
        if module.OPTIONAL and not (folder / module.FILE).is_file():
            continue
        loaded[name] = module.load(Checker(module.FILE), read(module.FILE), parts)
    return loaded


def default_language_of(folder: Path) -> str:
    pack_file = read_yaml_file(folder, "pack.yaml")
    return Checker("pack.yaml").text(pack_file, "default_language", "", required=False) or "en"


def read_yaml_file(folder: Path, name: str) -> dict:
    path = folder / name
    if not path.is_file():
        raise ContentError(name, "", f"file missing from pack folder {folder}")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else ""
        raise ContentError(name, place, f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return Checker(name).mapping(data, "top level")


def _objectives(c: Checker, data: dict) -> tuple[Objective, ...]:
    result = []
    for i, raw in enumerate(c.items(data, "objectives", "")):
        place = f"objectives[{i}]"
        raw = c.mapping(raw, place)
        result.append(Objective(
            id=c.identifier(raw, "id", place), number=c.field(raw, "number", place, int),
            title=c.text(raw, "title", place), summary=c.text(raw, "summary", place)))
    if tuple(o.id for o in result) != OBJECTIVE_IDS:
        c.fail("objectives", f"must be the three objectives {', '.join(OBJECTIVE_IDS)} in that order")
    return tuple(result)


def _steps(c: Checker, data: dict) -> tuple[Step, ...]:
    result = []
    for i, raw in enumerate(c.items(data, "steps", "")):
        place = f"steps[{i}]"
        raw = c.mapping(raw, place)
        result.append(Step(
            number=c.field(raw, "number", place, int), id=c.identifier(raw, "id", place),
            title=c.text(raw, "title", place), purpose=c.text(raw, "purpose", place),
            activities=c.texts(raw, "activities", place), outputs=c.texts(raw, "outputs", place),
            objectives=c.texts(raw, "objectives", place)))
    if tuple(s.number for s in result) != STEP_NUMBERS:
        c.fail("steps", "must be the six steps numbered 1 to 6, in order")
    return tuple(result)


def _check_step_objectives(c: Checker, pack: Pack):
    known = {o.id for o in pack.objectives}
    for i, step in enumerate(pack.steps):
        for j, objective in enumerate(step.objectives):
            if objective not in known:
                c.fail(f"steps[{i}].objectives[{j}]", f"unknown objective {objective!r}")


def _areas(c: Checker, data: dict) -> tuple[Area, ...]:
    areas, item_ids = [], []
    for i, raw in enumerate(c.items(data, "areas", "")):
        place = f"areas[{i}]"
        raw = c.mapping(raw, place)
        items = []
        for j, raw_item in enumerate(c.items(raw, "items", place)):
            item_place = f"{place}.items[{j}]"
            raw_item = c.mapping(raw_item, item_place)
            items.append(Item(id=c.identifier(raw_item, "id", item_place), text=c.text(raw_item, "text", item_place),
                              guidance=c.text(raw_item, "guidance", item_place, required=False)))
            item_ids.append(items[-1].id)
        areas.append(Area(id=c.identifier(raw, "id", place), title=c.text(raw, "title", place),
                          short=c.text(raw, "short", place, required=False) or c.text(raw, "title", place),
                          description=c.text(raw, "description", place, required=False), items=tuple(items)))
    c.unique([a.id for a in areas], "areas", "area id")
    c.unique(item_ids, "areas[*].items", "item id")
    return tuple(areas)


def _scale(c: Checker, data: dict) -> Scale:
    raw = c.mapping(c.field(data, "scale", "", dict), "scale")
    levels = c.levels(raw, "levels", "scale")
    values = [level.value for level in levels]
    raw_na = c.mapping(c.field(raw, "not_applicable", "scale", dict), "scale.not_applicable")
    not_applicable = Level(value=NOT_APPLICABLE, label=c.text(raw_na, "label", "scale.not_applicable"),
                           description=c.text(raw_na, "description", "scale.not_applicable", required=False))
    target = c.field(raw, "target", "scale", int)
    if target not in values:
        c.fail("scale.target", f"{target} is not one of the scale's values {values}")
    return Scale(id=c.identifier(raw, "id", "scale"), title=c.text(raw, "title", "scale"), levels=tuple(levels),
                 not_applicable=not_applicable, target=target,
                 target_note=c.text(raw, "target_note", "scale", required=False))


def read_strings(folder: Path) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str],
                                         dict[tuple[str, str], str]]:
    """strings/<language>.yaml and strings/<part>.<language>.yaml, merged per language; the file
    each (language, key) comes from; and the source text each translation recorded (a value
    written as `{text: ..., source: ...}`), by (language, key)."""
    strings: dict[str, dict[str, str]] = {}
    files: dict[tuple[str, str], str] = {}
    sources: dict[tuple[str, str], str] = {}
    for path in sorted((folder / "strings").glob("*.yaml")):
        name = f"strings/{path.name}"
        c = Checker(name)
        data = c.mapping(read_yaml_file(folder, name), "")
        language = path.stem.split(".")[-1]
        table = strings.setdefault(language, {})
        for key, value in data.items():
            if key in table:
                c.fail(str(key), "defined twice for this language")
            if isinstance(value, dict):  # a translation with the source it was made from (tpi pack import-strings)
                translation = parse_translation(name, str(key), value)
                value = data[key] = translation.text
                sources[language, key] = translation.source
            if not isinstance(value, str) or not value.strip():
                c.fail(str(key), "expected a non-empty text")
            try:
                placeholders(value)
            except ValueError as exc:
                c.fail(str(key), f"not a valid text with {{placeholders}} ({exc}; write {{{{ or }}}} for a brace)")
            files[language, key] = name
        table.update(data)
    if not strings:
        raise ContentError("strings/", "", f"no UI strings files in {folder / 'strings'}")
    return strings, files, sources


def _check_strings(folder: Path, strings: dict[str, dict[str, str]], files: dict[tuple[str, str], str],
                   default_language: str):
    """The default language against the catalogue, then every other language against the default."""
    default = strings[default_language]
    catalogue_folder = (PACKS_DIR / CATALOGUE_PACK).resolve()
    if folder.resolve() != catalogue_folder:
        catalogue, catalogue_files = _catalogue(catalogue_folder)
        for key, value in default.items():
            c = Checker(files[default_language, key])
            if key not in catalogue:
                c.fail(str(key), "unknown UI string (a typo, or a string the code does not use)")
            _same_placeholders(c, key, value, catalogue[key], "")
        missing = [key for key in catalogue if key not in default]
        if missing:
            part = catalogue_files[missing[0]].removeprefix("strings/").split(".")[:-2]  # step4.en.yaml -> step4
            raise ContentError(f"strings/{'.'.join(part + [default_language])}.yaml", missing[0],
                               "missing required UI string")
    for language, table in strings.items():
        if language == default_language:
            continue
        for key, value in table.items():
            c = Checker(files[language, key])
            if key not in default:
                c.fail(str(key), f"unknown UI string (not in the default language {default_language})")
            _same_placeholders(c, key, value, default[key], f" of the default language {default_language}")


def _same_placeholders(c: Checker, key: str, value: str, reference: str, whose: str):
    expected, found = placeholders(reference), placeholders(value)
    if found != expected:
        c.fail(str(key), f"must use exactly the placeholders{whose} {sorted(expected) or 'none'}, "
                    f"found {sorted(found) or 'none'}")


@lru_cache(maxsize=1)
def _catalogue(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The catalogue pack's default-language strings, and the file each key is in."""
    pack_file = Checker("pack.yaml").mapping(read_yaml_file(folder, "pack.yaml"), "")
    language = pack_file.get("default_language") or "en"
    strings, files, _ = read_strings(folder)
    return strings[language], {key: files[language, key] for key in strings[language]}
