"""Content of Step 4, action planning (plan.yaml): the statuses a plan row can have, the
funding sources suggested when a budget line is written, and the currency the budget is in."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Choice

FILE = "plan.yaml"
OPTIONAL = False


@dataclass(frozen=True)
class PlanContent:
    currency: str  # shown next to budgets, e.g. "USD"; budgets are typed as plain numbers
    statuses: tuple[Choice, ...]
    default_status: str  # the status of a newly added row
    funding_sources: tuple[str, ...]  # suggestions only: participants may type another source

    def status_label(self, status_id: str | None) -> str:
        return next((s.label for s in self.statuses if s.id == status_id), status_id or "")


def load(checker, data: dict, pack_parts: dict) -> PlanContent:
    c = checker
    statuses = c.choices(data, "statuses", "", min_count=2, what="status id")
    ids = [s.id for s in statuses]
    default_status = c.text(data, "default_status", "")
    if default_status not in ids:
        c.fail("default_status", f"{default_status!r} is not one of the statuses {ids}")
    funding_sources = c.texts(data, "funding_sources", "")
    c.unique(list(funding_sources), "funding_sources", "funding source")
    return PlanContent(currency=c.text(data, "currency", ""), statuses=statuses,
                       default_status=default_status, funding_sources=funding_sources)
