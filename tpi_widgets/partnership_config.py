"""A partnership's registration: read from a YAML file and/or command-line flags, then checked
against the workspace's content pack before anything is written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tpi_widgets.content import Pack
from tpi_widgets.errors import ConfigError

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
KNOWN_FIELDS = {"name", "slug", "institutions", "areas", "language", "start"}


@dataclass(frozen=True)
class Institution:
    name: str
    country: str


@dataclass(frozen=True)
class PartnershipConfig:
    name: str
    slug: str
    institutions: tuple[Institution, Institution]
    areas: tuple[str, ...]
    language: str
    start: str  # ISO date of the cycle start
    extra: dict = field(default_factory=dict)

    def profile(self) -> dict:
        """What the store keeps about the partnership (JSON)."""
        return {"institutions": [{"name": i.name, "country": i.country} for i in self.institutions],
                "areas": list(self.areas), "language": self.language, "start": self.start}


def slugify(text: str) -> str:
    """'Kenema – Lyon (2026)' -> 'kenema-lyon-2026': ASCII, lower case, dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64]


def read_config_file(path: str | Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"config file {path} is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must be a mapping of fields (name, institutions, areas, ...)")
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise ConfigError(f"config file {path} has an unknown field {unknown[0]!r} "
                          f"(known: {', '.join(sorted(KNOWN_FIELDS))})")
    return data


def parse_institution_flag(text: str) -> dict:
    """'Kenema Government Hospital|Sierra Leone' -> {'name': ..., 'country': ...}."""
    name, sep, country = text.partition("|")
    if not sep:
        raise ConfigError(f"--institution {text!r} must be written as 'NAME|COUNTRY'")
    return {"name": name.strip(), "country": country.strip()}


def build_config(data: dict, pack: Pack) -> PartnershipConfig:
    """Check every field against the pack; the first problem is raised as one line."""
    limits = pack.limits  # names are held to the pack's limits, as on the pages (content/limits.py)
    name = _text(data, "name", limit=limits.line)
    slug = str(data.get("slug") or slugify(name))
    if not SLUG_PATTERN.match(slug):
        raise ConfigError(f"slug {slug!r} must be lower-case letters, digits and '-' (at most 64)")
    institutions = data.get("institutions")
    if not isinstance(institutions, list) or len(institutions) != 2:
        raise ConfigError("institutions: exactly two institutions are required, each with a name and a country")
    parsed = []
    for i, inst in enumerate(institutions, start=1):
        if not isinstance(inst, dict):
            raise ConfigError(f"institution {i} must have a name and a country")
        parsed.append(Institution(_text(inst, "name", f"institution {i} name", limits.name),
                                  _text(inst, "country", f"institution {i} country", limits.name)))
    if parsed[0].name.casefold() == parsed[1].name.casefold():
        raise ConfigError("the two institutions must have different names")
    areas = data.get("areas")
    if isinstance(areas, str):
        areas = [a.strip() for a in areas.split(",") if a.strip()]
    if not areas or not isinstance(areas, list):
        raise ConfigError(f"areas: at least one technical area is required (known: {', '.join(pack.area_ids)})")
    for area in areas:
        if area not in pack.area_ids:
            raise ConfigError(f"unknown technical area {area!r} (known: {', '.join(pack.area_ids)})")
    language = str(data.get("language") or pack.default_language)
    if language not in pack.languages:
        raise ConfigError(f"language {language!r} has no UI strings in pack {pack.id} "
                          f"(available: {', '.join(pack.languages)})")
    return PartnershipConfig(name=name, slug=slug, institutions=(parsed[0], parsed[1]),
                             areas=tuple(dict.fromkeys(areas)), language=language, start=_date(data.get("start")))


def _text(data: dict, key: str, label: str | None = None, limit: int | None = None) -> str:
    value = data.get(key)
    if value is None or not str(value).strip():
        raise ConfigError(f"missing required field: {label or key}")
    text = str(value).strip()
    if limit is not None and len(text) > limit:
        raise ConfigError(f"{label or key} is too long: {len(text)} characters, at most {limit}")
    return text


def _date(value) -> str:
    if value is None or value == "":
        raise ConfigError("missing required field: start (the cycle start date, YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ConfigError(f"start {value!r} is not a date written as YYYY-MM-DD") from None
