"""A pack's translations as a translator receives them, and what is left to translate.

- `check_translations`: per language, the texts with no translation (missing), those whose source
  changed since they were translated (stale) and translations of texts the pack no longer has
  (obsolete): the content (content/translation.py) and the UI strings alike. `tpi pack check`.
- `export_po`: every text of the pack, source and (if any) translation, as a gettext PO file
  (Babel): the message context is the text's key, a stale translation is marked fuzzy.
  `tpi pack export-strings`.
- `import_po`: a PO file's translations back into the pack, all or nothing: every message is
  checked (known key; a UI string keeps the {placeholders} of its source), the pack is loaded with
  them in a copy, and only then are its files replaced. A fuzzy message is left out, and so is an
  empty one: it means "not translated in this file" and leaves the pack's translation as it was.
  `tpi pack import-strings`.

UI strings are keyed `strings:<key>` in a PO file; content texts by their own key (`areas:...`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path

import yaml

from ..errors import ContentError
from .loader import content_files, default_language_of, forget_loaded_packs, load_pack, read_strings, read_yaml_file
from .model import placeholders
from .translation import (TRANSLATIONS_DIR, Translation, check_language_code, read_translations, texts,
                          write_translations)

UI_PREFIX = "strings:"


@dataclass
class LanguageCheck:
    language: str
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)


@dataclass
class PackTexts:
    """Every text of a pack in its default language, and every language's translations."""
    folder: Path
    default_language: str
    content: dict[str, str]  # key -> source text
    ui: dict[str, str]  # UI string key -> source text
    ui_files: dict[str, str]  # UI string key -> its default-language file (strings/step4.en.yaml)
    string_files: dict[tuple[str, str], str]  # (language, key) -> the file that defines it, every language
    strings: dict[str, dict[str, str]]  # language -> key -> translation
    string_sources: dict[tuple[str, str], str]  # (language, key) -> the source it was translated from

    @classmethod
    def read(cls, folder: Path) -> "PackTexts":
        load_pack(folder)  # a pack that does not load stops here, with its error
        default = default_language_of(folder)
        content = {key: text for name in content_files(folder)
                   for key, text in texts(read_yaml_file(folder, name), name)}
        strings, files, sources = read_strings(folder)
        return cls(folder, default, content, strings[default],
                   {key: files[default, key] for key in strings[default]}, files, strings, sources)

    @property
    def languages(self) -> list[str]:
        """Every language with UI strings or content translations, the default one first."""
        found = set(self.strings) | {p.stem for p in (self.folder / TRANSLATIONS_DIR).glob("*.yaml")}
        return [self.default_language] + sorted(found - {self.default_language})

    def source(self, key: str) -> str | None:
        return self.ui.get(key.removeprefix(UI_PREFIX)) if key.startswith(UI_PREFIX) else self.content.get(key)

    def translations(self, language: str) -> dict[str, Translation]:
        """Every translation of `language`, content and UI strings, by PO key. A UI string with no
        recorded source counts as made from today's source (it was written beside it)."""
        found = dict(read_translations(self.folder, language))
        for key, text in self.strings.get(language, {}).items():
            found[UI_PREFIX + key] = Translation(text, self.string_sources.get((language, key), self.ui.get(key, "")))
        return found

    def all_sources(self) -> dict[str, str]:
        return {**self.content, **{UI_PREFIX + key: text for key, text in self.ui.items()}}


def check_translations(folder: Path) -> list[LanguageCheck]:
    """What each language other than the default one lacks, in key order."""
    pack = PackTexts.read(folder)
    sources = pack.all_sources()
    checks = []
    for language in pack.languages[1:]:
        done = pack.translations(language)
        checks.append(LanguageCheck(
            language,
            missing=[key for key in sources if key not in done],
            stale=[key for key, t in done.items() if key in sources and t.is_stale(sources[key])],
            obsolete=sorted(key for key in done if key not in sources),
            total=len(sources)))
    return checks


def export_po(folder: Path, language: str, out: Path) -> int:
    """Write `out`, a PO file of every text of the pack for `language`; returns the number of texts."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po
    check_language_code(language)
    pack = PackTexts.read(folder)
    if language == pack.default_language:
        raise ContentError(str(out), "", f"{language} is the pack's own language: export another one")
    catalog = Catalog(locale=_babel_locale(language), project=folder.name, fuzzy=False,
                      header_comment=f"# {language}: the texts of the TPI Workbook content pack {folder.name}.\n"
                                     "# msgctxt: where the text is; msgid: the source; msgstr: the translation.")
    done = pack.translations(language)
    for key, source in pack.all_sources().items():
        translation = done.get(key)
        stale = translation is not None and translation.is_stale(source)
        where = pack.ui_files.get(key.removeprefix(UI_PREFIX)) if key.startswith(UI_PREFIX) else key.split(":")[0] + ".yaml"
        notes = [f"in {where}"] + ([f"stale: translated from {translation.source!r}"] if stale else [])
        catalog.add(source, translation.text if translation else "", context=key, auto_comments=notes,
                    flags=("fuzzy",) if stale else ())
    try:
        with open(out, "wb") as file:
            write_po(file, catalog, width=100, include_previous=False)
    except OSError as exc:
        raise ContentError(str(out), "", f"cannot write: {exc.strerror or exc}") from None
    return len(catalog)


def _babel_locale(language: str):
    """Babel's locale for `language`; for one Babel does not know (a trainer's own), the code alone
    (the file's Language header still names it); None for a code Babel cannot read (pt-BR)."""
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(language)
    except UnknownLocaleError:
        return language
    except ValueError:
        return None


def _same_language(header: str | None, language: str) -> bool:
    """Whether a PO file's Language header (none: any) names `language` (pt_BR and pt-BR alike)."""
    return not header or header.replace("-", "_").casefold() == language.replace("-", "_").casefold()


def import_po(folder: Path, language: str, po_file: Path) -> int:
    """Read `po_file`'s translations into the pack's files for `language`, all or nothing;
    returns the number of translations taken."""
    check_language_code(language)
    pack = PackTexts.read(folder)
    messages = _po_messages(po_file, language)
    if language == pack.default_language:
        raise ContentError(str(po_file), "", f"{language} is the pack's own language: import another one")
    content, ui = {}, {}
    for key, source, text, line in messages:
        current = pack.source(key)
        if current is None:
            raise ContentError(po_file.name, f"line {line}", f"unknown text {key!r} (not in this pack)")
        if key.startswith(UI_PREFIX):
            _check_placeholders(po_file.name, line, key, text, current)
            ui[key.removeprefix(UI_PREFIX)] = Translation(text, source)
        else:
            content[key] = Translation(text, source)
    _replace_files(folder, language, lambda copy: _write_language(copy, pack, language, content, ui))
    return len(messages)


def _check_placeholders(po_name: str, line: int, key: str, text: str, source: str):
    """A UI string's translation fills the same {placeholders} as its source (content texts are
    shown as written: a brace there is only a brace)."""
    where = f"line {line}"
    try:
        found = placeholders(text)
    except ValueError as exc:
        raise ContentError(po_name, where, f"{key}: not a valid text with {{placeholders}} ({exc}; "
                                           "write {{ or }} for a brace)") from None
    if found != placeholders(source):
        raise ContentError(po_name, where, f"{key}: must use exactly the placeholders "
                                           f"{sorted(placeholders(source)) or 'none'}, found {sorted(found) or 'none'}")


def _po_messages(po_file: Path, language: str) -> list[tuple[str, str, str, int]]:
    """(key, source, translation, line) of each translated, non-fuzzy message of a PO file for
    `language`."""
    from babel.messages.pofile import PoFileError, read_po
    try:
        with open(po_file, "rb") as file:
            catalog = read_po(file, abort_invalid=True)
    except OSError as exc:
        raise ContentError(str(po_file), "", f"cannot read: {exc.strerror or exc}") from None
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise ContentError(po_file.name, "", f"not a valid PO file ({exc})") from None
    if not _same_language(catalog.locale_identifier, language):
        raise ContentError(po_file.name, "Language", f"the file is for {catalog.locale_identifier}, not {language}")
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        if not message.context:
            raise ContentError(po_file.name, f"line {message.lineno or 0}",
                               "no msgctxt: the context names where a text goes (export the file again)")
        if isinstance(message.string, str) and message.string.strip() and not message.fuzzy:
            line = message.lineno or 0
            found.append((message.context, message.id, message.string.strip(), line))
    return found


def _write_language(folder: Path, pack: PackTexts, language: str, content: dict[str, Translation],
                    ui: dict[str, Translation]):
    """The translations taken into `folder`'s files; each text not taken stays as it was."""
    if content:
        write_translations(folder, language, {**read_translations(folder, language), **content})
    by_file: dict[str, dict[str, Translation]] = {}
    for key, translation in ui.items():
        by_file.setdefault(_strings_file(pack, language, key), {})[key] = translation
    for name, translations in by_file.items():
        path = folder / name
        data = dict((yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None) or {})
        data.update({key: {"source": t.source, "text": t.text} for key, t in translations.items()})
        path.write_text(_opening_comment(path, f"# {language}: interface strings (`source`: the text a "
                                                 "translation was made from)\n")
                        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _strings_file(pack: PackTexts, language: str, key: str) -> str:
    """The file that defines UI string `key` in `language`, or the one beside its default-language
    file (strings/step4.en.yaml -> strings/step4.pt.yaml)."""
    if (language, key) in pack.string_files:
        return pack.string_files[language, key]
    stem = pack.ui_files[key].removeprefix("strings/").removesuffix(".yaml").split(".")
    return "strings/" + ".".join(stem[:-1] + [language]) + ".yaml"


def _opening_comment(path: Path, default: str) -> str:
    """The comment lines a file opens with (a translator's notes), kept when it is written again."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
    return "".join(takewhile(lambda line: line.startswith("#"), lines)) or default


def _replace_files(folder: Path, language: str, write):
    """Write into a copy of the pack, load the copy (every check of the loader), then move the
    changed files into the pack: a mistake leaves the pack as it was."""
    with tempfile.TemporaryDirectory(prefix="tpi-pack-") as work:
        copy = Path(work) / folder.name
        shutil.copytree(folder, copy)
        write(copy)
        load_pack(copy, language=language)  # raises ContentError naming the file and place
        changed = [p.relative_to(copy) for p in copy.rglob("*.yaml")
                   if not (folder / p.relative_to(copy)).is_file()
                   or (folder / p.relative_to(copy)).read_bytes() != p.read_bytes()]
        for relative in changed:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            staged = folder / relative.with_name(f".{relative.name}.new")
            shutil.copyfile(copy / relative, staged)
            os.replace(staged, folder / relative)
    forget_loaded_packs()
