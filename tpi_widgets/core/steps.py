"""The step registry: what the code knows of each step of the cycle, declared once.

Each step has its number, the notebook a partnership gets for it, the page class that notebook
shows ("module:Class" under tpi_widgets.ui.steps, imported only by the page that needs it, so a
kernel holds one step's code), the collections its page writes (core/records.py), the documents
a facilitator builds on it, and the rule that says how complete it is (core/completion.py). The
room, workspace stamping, the landing page and the step pages read it. Titles and guidance are
content: they live in the pack. After papermill's engine registry: one class with `register` and
`get`, one module-level instance, the registrations at the bottom of the module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tpi_widgets.core import completion
from tpi_widgets.core.records import RECORDS
from tpi_widgets.core.registry import Registry
from tpi_widgets.errors import UnknownStep


@dataclass(frozen=True)
class StepSpec:
    number: int
    notebook: str  # file name in notebooks/, stamped per partnership and cycle
    page: str  # "module:Class" in tpi_widgets.ui.steps
    documents: tuple[str, ...]  # document kinds (tpi_widgets.reports) a facilitator builds on its page
    completion: Callable[[completion.Snapshot, object], tuple[completion.Measure, ...]]

    @property
    def collections(self) -> tuple[str, ...]:
        """The collections this step's page writes."""
        return RECORDS.of_step(self.number)


class StepRegistry(Registry[int, StepSpec]):
    def __init__(self):
        super().__init__(key=lambda step: step.number, unknown=UnknownStep)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(s.number for s in self)

    @property
    def notebooks(self) -> dict[int, str]:
        """Step number -> notebook file name, in step order."""
        return {s.number: s.notebook for s in self}


STEPS = StepRegistry()

# The workbook: one page whose six steps switch inside one kernel (ui/workbook.py), stamped beside
# the step notebooks for each partnership and cycle; the landing page links to it.
WORKBOOK_NOTEBOOK = "workbook.ipynb"

STEPS.register(StepSpec(1, "01_partnership_development.ipynb", "partnership_development:PartnershipDevelopmentApp",
                        ("agreement",), completion.profile_completion))
STEPS.register(StepSpec(2, "02_needs_assessment.ipynb", "needs_assessment:NeedsAssessmentApp",
                        ("baseline",), completion.baseline_completion))
STEPS.register(StepSpec(3, "03_gap_analysis.ipynb", "gap_analysis:GapAnalysisApp", ("gaps",),
                        completion.gaps_completion))
STEPS.register(StepSpec(4, "04_action_planning.ipynb", "action_planning:ActionPlanningApp", ("annex1",),
                        completion.plan_completion))
STEPS.register(StepSpec(5, "05_action.ipynb", "action:ActionApp", ("annex2", "annex3"), completion.action_completion))
STEPS.register(StepSpec(6, "06_evaluation_review.ipynb", "evaluation_review:EvaluationReviewApp", ("evaluation",),
                        completion.followup_completion))
