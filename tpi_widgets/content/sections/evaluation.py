"""Content of Step 6, evaluation and review (evaluation.yaml): the decisions a partnership can
take at the end of a cycle, and the words for how a rating moved since the baseline."""

from __future__ import annotations

from dataclasses import dataclass

from tpi_widgets.content.model import Choice

FILE = "evaluation.yaml"
OPTIONAL = False

# How a rating moved from the baseline (or Step 1) to now: the ids the pack labels; the rules
# that pick one live in core/evaluation.py.
BETTER, WORSE, SAME, NOT_RATED = "better", "worse", "same", "not-rated"
CHANGES = (BETTER, WORSE, SAME, NOT_RATED)


@dataclass(frozen=True)
class EvaluationContent:
    decisions: tuple[Choice, ...]  # continue, adjust, close... stored by id
    changes: dict[str, str]  # better|worse|same|not-rated -> label

    def decision_label(self, decision_id: str | None) -> str:
        return next((d.label for d in self.decisions if d.id == decision_id), decision_id or "")


def load(checker, data: dict, pack_parts: dict) -> EvaluationContent:
    c = checker
    decisions = c.choices(data, "decisions", "", min_count=2, what="decision id")
    changes = c.mapping(c.field(data, "changes", "", dict), "changes")
    labels = {}
    for kind in CHANGES:
        labels[kind] = c.text(changes, kind, "changes")
    unknown = sorted(set(changes) - set(CHANGES))
    if unknown:
        c.fail("changes", f"unknown change {unknown[0]!r}; expected {', '.join(CHANGES)}")
    return EvaluationContent(decisions=decisions, changes=labels)
