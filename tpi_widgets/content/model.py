"""Typed, read-only views of a loaded content pack."""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter

from .limits import TextLimits


@dataclass(frozen=True)
class Objective:
    id: str
    number: int
    title: str
    summary: str


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: str
    purpose: str
    activities: tuple[str, ...]
    outputs: tuple[str, ...]
    objectives: tuple[str, ...]


def item_code(item_id: str) -> str:
    """An assessment item's code as pages and documents show it: "ipc-01" -> "IPC-01"."""
    return item_id.upper()


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    guidance: str = ""


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    short: str
    description: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Choice:
    """One option of a pack list (a level of care, a channel, a plan status): stored by id."""
    id: str
    label: str


NOT_APPLICABLE = "na"  # the stored rating for "not applicable"; null means not rated yet


@dataclass(frozen=True)
class Level:
    value: int | str  # an integer level, or NOT_APPLICABLE
    label: str
    description: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    title: str
    levels: tuple[Level, ...]
    not_applicable: Level
    target: int
    target_note: str = ""

    @property
    def choices(self) -> tuple[Level, ...]:
        """Every answer a participant can give, low to high, then not applicable."""
        return self.levels + (self.not_applicable,)

    def label(self, value: int | str) -> str:
        for level in self.choices:
            if level.value == value:
                return level.label
        raise KeyError(value)

    def is_gap(self, value: int | str | None) -> bool:
        """An item is a gap when it was rated (not n/a) below the target."""
        return isinstance(value, int) and value < self.target


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    description: str
    objectives: tuple[Objective, ...]
    steps: tuple[Step, ...]
    areas: tuple[Area, ...]
    scale: Scale
    strings: dict[str, dict[str, str]] = field(repr=False)  # language -> key -> text
    limits: TextLimits  # characters per kind of participant text (content/limits.py)
    default_language: str = "en"
    sections: dict[str, object] = field(default_factory=dict, repr=False)  # see content/sections
    content_language: str = "en"  # the language its content (areas, steps, ...) is in (content/translation.py)
    version: int = 1  # pack.yaml `version:`; a bundle moves only between workspaces of the same id and version

    def section(self, name: str):
        """A step's own content (partnership, gaps, plan): a dataclass from content/sections."""
        return self.sections[name]

    def step(self, number: int) -> Step:
        return next(s for s in self.steps if s.number == number)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    @property
    def area_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.areas)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.strings)

    def text(self, key: str, language: str | None = None, **values) -> str:
        """A UI string in `language`, falling back to the pack's default language."""
        table = self.strings.get(language or self.default_language, {})
        template = table.get(key) or self.strings[self.default_language][key]
        return template.format(**values) if values else template


def placeholders(template: str) -> set[str]:
    """The `{name}` fields a UI string expects."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}
