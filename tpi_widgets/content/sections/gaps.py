"""Step 3's part of the pack (gaps.yaml): the impact and feasibility scales the group scores
each gap on, and how many votes each participant has for dot voting."""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import Checker
from ..model import Level

FILE = "gaps.yaml"
OPTIONAL = False


@dataclass(frozen=True)
class ScoreScale:
    """A small ordinal scale (for example 1 Low … 3 High) with a question asked about each gap."""
    title: str
    question: str
    levels: tuple[Level, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def label(self, value) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label
        raise KeyError(value)


@dataclass(frozen=True)
class GapsContent:
    impact: ScoreScale
    feasibility: ScoreScale
    votes_per_participant: int  # the default; the facilitator may change it on the page
    max_votes_per_participant: int  # the highest limit the facilitator can set


def load(c: Checker, data: dict, pack_parts: dict) -> GapsContent:
    impact, feasibility = _score_scale(c, data, "impact"), _score_scale(c, data, "feasibility")
    raw = c.mapping(c.field(data, "voting", "", dict), "voting")
    default = c.field(raw, "votes_per_participant", "voting", int)
    most = c.field(raw, "max_votes_per_participant", "voting", int)
    if most < 1:
        c.fail("voting.max_votes_per_participant", f"must be at least 1, found {most}")
    if not 1 <= default <= most:
        c.fail("voting.votes_per_participant", f"must be between 1 and max_votes_per_participant ({most}), "
                                               f"found {default}")
    return GapsContent(impact, feasibility, default, most)


def _score_scale(c: Checker, data: dict, key: str) -> ScoreScale:
    raw = c.mapping(c.field(data, key, "", dict), key)
    # impact × feasibility ranks gaps: a zero or negative level would upset it
    levels = c.levels(raw, "levels", key, min_value=1)
    return ScoreScale(title=c.text(raw, "title", key), question=c.text(raw, "question", key), levels=levels)
