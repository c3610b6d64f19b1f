"""Step 1's part of the content pack (partnership.yaml): levels of care, the working principles
offered as a start for the agreement, communication channels and frequencies, and the
partnership-strength self-rating (domains and scale)."""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import Checker
from ..model import Choice, Level

FILE = "partnership.yaml"
OPTIONAL = False
MIN_DOMAINS = 5  # fewer would not describe a partnership well enough to discuss


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class PartnershipContent:
    levels_of_care: tuple[Choice, ...]
    principles: tuple[str, ...]
    channels: tuple[Choice, ...]
    frequencies: tuple[Choice, ...]
    domains: tuple[Domain, ...]
    scale_title: str
    scale: tuple[Level, ...]  # integer levels, low to high

    def label(self, choices: tuple[Choice, ...], choice_id: str) -> str:
        """The label of a stored id, or the id itself if the pack no longer has it."""
        return next((c.label for c in choices if c.id == choice_id), choice_id)


def load(c: Checker, data: dict, pack_parts: dict) -> PartnershipContent:
    strength = c.mapping(c.field(data, "strength", "", dict), "strength")
    raw_scale = c.mapping(c.field(strength, "scale", "strength", dict), "strength.scale")
    return PartnershipContent(
        levels_of_care=c.choices(data, "levels_of_care", ""),
        principles=c.texts(data, "principles", ""),
        channels=c.choices(data, "channels", ""),
        frequencies=c.choices(data, "frequencies", ""),
        domains=_domains(c, strength),
        scale_title=c.text(raw_scale, "title", "strength.scale"),
        scale=c.levels(raw_scale, "levels", "strength.scale"),
    )


def _domains(c: Checker, strength: dict) -> tuple[Domain, ...]:
    result = []
    for i, raw in enumerate(c.items(strength, "domains", "strength", min_count=MIN_DOMAINS)):
        place = f"strength.domains[{i}]"
        raw = c.mapping(raw, place)
        result.append(Domain(id=c.identifier(raw, "id", place), title=c.text(raw, "title", place),
                             description=c.text(raw, "description", place, required=False)))
    c.unique([d.id for d in result], "strength.domains", "domain id")
    return tuple(result)

