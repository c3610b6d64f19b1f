"""Each step's current result as report blocks, for the projector view (ui/projector.py) and the
room's projector mode: tables and static charts only, nothing to fill in. The blocks are the
documents' own (agreement, baseline, gaps, annex 1 to 3, evaluation): one home per rendering,
here only chosen per step and without a document's per-item details."""

from __future__ import annotations

from typing import Callable

from tpi_widgets.core import plan
from tpi_widgets.core.charts import plan_timeline_png
from tpi_widgets.core.records import PLAN, REPORTS, VISITS
from tpi_widgets.content.sections.action import choice_label
from tpi_widgets.reports import agreement, annex1, annex2, annex3, baseline, evaluation, gaps
from tpi_widgets.reports.document import Chart, Paragraph, Table
from tpi_widgets.reports.labels import shown
from tpi_widgets.reports.source import ReportSource


def partnership_result(source: ReportSource) -> list:
    """Step 1: both institutions, the team, the agreement and the strength self-ratings compared."""
    return (agreement.partner_blocks(source) + agreement.team_blocks(source) + agreement.agreement_blocks(source)
            + agreement.strength_blocks(source))


def assessment_result(source: ReportSource) -> list:
    """Step 2: the ratings by area and the chart."""
    return baseline.Assessment(source).progress_blocks()


def gaps_result(source: ReportSource) -> list:
    """Step 3: the ranked gaps, the priority matrix and the focus areas chosen."""
    ranked = gaps.ranked_gaps(source)
    return gaps.ranking_blocks(source, ranked) + gaps.focus_blocks(source, ranked)


def plan_result(source: ReportSource) -> list:
    """Step 4: the plan's tables by objective, then its timeline."""
    ctx = source.ctx
    rows = source.rows(PLAN)
    groups = plan.plan_groups(rows, [(o.id, o.number) for o in ctx.pack.objectives], [a.id for a in ctx.areas])
    if not any(group.rows for group in groups):
        return [Paragraph(source.text("annex1.empty"), "empty")]
    png = plan_timeline_png(rows, groups, ctx.pack.objectives, source.text, ctx.language, ctx.pack.default_language)
    return annex1.plan_blocks(source, rows, groups, details=False) + [Chart(png, source.text("plan.chart_title"))]


def action_result(source: ReportSource) -> list:
    """Step 5: one row per visit proposal and per action report, named as Step 5 numbers them,
    then each activity's latest progress."""
    text, content = source.text, source.ctx.pack.section("action")
    visits, order = source.rows(VISITS), annex2.visit_order(source)
    blocks = [Table((text("action.section_visits"), text("annex2.status")),
                    tuple((annex2.visit_subject(source, v, order), shown(choice_label(content.visit_statuses,
                                                                                      visits[v].get("status"))))
                          for v in order))
              if order else Paragraph(text("annex2.none"), "empty")]
    reports, report_order = source.rows(REPORTS), annex3.report_order(source)
    blocks.append(Table((text("action.section_reports"), text("annex3.kind")),
                        tuple((annex3.report_subject(source, r, n), shown(choice_label(content.report_kinds,
                                                                                       reports[r].get("kind"))))
                              for n, r in enumerate(report_order, start=1)))
                  if report_order else Paragraph(text("annex3.none"), "empty"))
    return blocks + evaluation.EvaluationBlocks(source).progress_blocks()


def review_result(source: ReportSource) -> list:
    """Step 6: the follow-up against the baseline by area and the strength ratings then and now."""
    review = evaluation.EvaluationBlocks(source)
    return review.followup_blocks(items=False) + review.strength_blocks()


STEP_RESULTS: dict[int, Callable[[ReportSource], list]] = {
    1: partnership_result, 2: assessment_result, 3: gaps_result, 4: plan_result, 5: action_result,
    6: review_result,
}


def step_result(source: ReportSource, step: int) -> list:
    """The blocks of a step's current result (core/steps.py numbers)."""
    return STEP_RESULTS[step](source)
