"""The demo partnership's sample records, read through the domain modules as the step pages and
the annex documents read them; and `tpi demo` writing them once."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import KOSSA, shown_problems, signed_in_page
from tpi_widgets.core.records import EVALUATION, FOCUS, MEASUREMENTS, NEXT_STEPS, PLAN, PROGRESS, REPORTS, REPORT_ITEMS, SPREAD, STRENGTH_REVIEW, VISITS, VISIT_TEAM
from tpi_widgets.core import records
from tpi_widgets.core import action_records as ar, evaluation, gaps, plan
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.cli import main
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.errors import TPIError
from tpi_widgets.core.partnership_profile import profile_problems, strength_comparison
from tpi_widgets.core.records import AGREEMENT, PROFILE, STRENGTH, TEAM
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.context import StepContext
from tpi_widgets.workspace import Workspace

SLUG = "kossa-valmont"


@pytest.fixture
def source(demo_workspace) -> ReportSource:
    ctx = StepContext(demo_workspace, demo_workspace.store.partnership(SLUG), 1)
    return ReportSource(ctx, dt.date(2026, 11, 27))


def objectives(source):
    return [(o.id, o.number) for o in source.ctx.pack.objectives]


def areas(source):
    return [a.id for a in source.ctx.areas]


def created(source, collection):
    return records.creation_ids(collection, source.keyed_entries(collection))


def test_step1_profile_team_agreement_and_both_strength_sides(source):
    profile = source.rows(PROFILE)
    assert profile["institution-1"]["level"] == "district-hospital"
    assert profile["focal-2"]["email"].endswith(".example")
    assert profile_problems(profile, source.rows(AGREEMENT), source.ctx.partnership.profile) == []
    team = source.rows(TEAM)
    assert {m["institution"] for m in team.values()} == {"institution-1", "institution-2"}
    agreement = source.rows(AGREEMENT)
    assert len([r for r in agreement if r.startswith("seed-")]) == len(source.ctx.pack.section("partnership").principles)
    assert agreement["seed-6"]["deleted"] is True and agreement["principle-d0000001"]["text"]
    rows = strength_comparison(source.ctx.pack.section("partnership").domains, source.rows(STRENGTH))
    assert rows and all(r.side_1 is not None and r.side_2 is not None for r in rows)


def test_baseline_rates_every_item_with_evidence_and_some_not_applicable(source):
    baseline = source.rows(BASELINE)
    items = [item.id for area in source.ctx.areas for item in area.items]
    assert len(items) == 29 and set(baseline) == set(items)
    assert all(baseline[i].get("rating") is not None for i in items)
    assert sum(baseline[i]["rating"] == "na" for i in items) >= 2
    assert sum(bool(baseline[i].get("evidence")) and bool(baseline[i].get("source")) for i in items) >= 5


def test_gaps_are_found_ranked_and_focus_is_chosen(source):
    pack = source.ctx.pack
    found = gaps.find_gaps(source.ctx.areas, pack.scale, source.rows(BASELINE))
    assert found
    ranked = gaps.rank_gaps(found, source.rows("votes"), source.rows("gaps"), source.rows(FOCUS))
    chosen = gaps.chosen_focus(ranked)
    assert len(chosen) == 4 and all(r.rationale for r in chosen)
    assert ranked[0].gap.item.id == "ipc-03" and ranked[0].votes == 5
    # every vote is stored under a participant of the sample, within the pack's limit
    names = source.ctx.store.participant_names(int(r) for r in source.rows("votes"))
    assert len(names) == 4
    limit = pack.section("gaps").votes_per_participant
    assert all(gaps.votes_used(source.rows("votes"), int(p), [g.item.id for g in found]) <= limit for p in names)


def test_plan_has_rows_in_each_objective_and_only_the_intended_problem(source, demo_workspace):
    rows = source.rows(PLAN)
    groups = plan.plan_groups(rows, objectives(source), areas(source))
    for objective, _ in objectives(source):
        assert sum(len(g.rows) for g in groups if g.objective == objective) >= 1, objective
    live = [r for g in groups for r in g.rows]
    assert 8 <= len(live) <= 12
    assert len({g.area for g in groups if g.rows and g.area}) >= 3
    cards = signed_in_page(demo_workspace, 4, role="Manager").cards  # the rows as Step 4 shows them
    for card in cards.values():
        card.editor.click()  # each row's form, as a participant opens it
    problems = {r: shown_problems(cards[r]) for r in live}
    assert {r: p for r, p in problems.items() if p} == {"a1000005": {"budget": "validation.number"}}
    summary = plan.budget_summary(rows, [o for o, _ in objectives(source)])
    assert summary.not_a_number == 1 and summary.total > 0
    filled = [r for r in live if all(plan.text(rows[r], f).strip() for f in cards[r].fieldset.inputs if f != "gaps")]
    assert len(filled) > len(live) / 2
    chosen = plan.chosen_focus(source.rows(FOCUS), [i.id for a in source.ctx.areas for i in a.items])
    assert plan.uncovered_focus(rows, chosen) == []


def test_action_report_compares_planned_with_done(source):
    rows = source.rows(PLAN)
    activities = ar.plan_activities(rows, objectives(source), areas(source))
    reports, visits = source.rows(REPORTS), source.rows(VISITS)
    order = records.in_creation_order(reports, created(source, REPORTS))
    assert order == ["e5000001"]
    items = ar.planned_vs_done(order[0], reports, visits, source.rows(REPORT_ITEMS), activities)
    assert {i.done for i in items} == {"done", "partly", "not-done"}
    assert all(i.in_plan and i.note for i in items)
    assert ar.reports_for_visit(reports, created(source, REPORTS), "c3000001") == ["e5000001"]


def test_visits_one_done_with_a_team_of_three_and_one_draft(source):
    visits = source.rows(VISITS)
    order = records.in_creation_order(visits, created(source, VISITS))
    assert [visits[v]["status"] for v in order] == ["done", "draft"]
    team = source.rows(VISIT_TEAM)
    members = ar.children(VISIT_TEAM, team, order[0], created(source, VISIT_TEAM))
    assert len(members) == 3
    assert any(team[m]["institution"] == "Hôpital Régional de Kédougou" for m in members)
    assert any("São Tomé" in " ".join(str(v) for v in team[m].values()) for m in members)


def test_next_step_added_to_the_plan_as_the_action_page_does(source):
    steps, rows = source.rows(NEXT_STEPS), source.rows(PLAN)
    report_steps = ar.children(NEXT_STEPS, steps, "e5000001", created(source, NEXT_STEPS))
    added = [s for s in report_steps if ar.in_plan(steps[s], rows)]
    assert len(report_steps) == 2 and added == ["f6000002"]
    new = steps["f6000002"]["plan_row"]
    before = {r: f for r, f in rows.items() if r != new}
    writes = ar.next_step_to_plan("f6000002", steps["f6000002"], "technical", "ipc", before, new, "planned",
                                  objectives(source), areas(source))
    assert {key[2]: value for key, value in writes if key[0] == PLAN} == rows[new]


def test_progress_and_measurements_only_for_rows_with_indicators(source):
    rows = source.rows(PLAN)
    activities = ar.plan_activities(rows, objectives(source), areas(source))
    latest = ar.latest_progress(source.rows(PROGRESS), created(source, PROGRESS))
    assert source.rows(PROGRESS)[latest["a1000003"]]["percent"] == "75"  # the newest of three updates
    measured = {m["activity"] for m in source.rows(MEASUREMENTS).values()}
    assert measured <= {a.record for a in ar.indicator_activities(rows, activities)}
    series = ar.measurement_series(source.rows(MEASUREMENTS), created(source, MEASUREMENTS), "a1000003",
                                   rows["a1000003"])
    assert [p.value for p in series.plotted] == [35, 55, 82, 88] and series.target == 90


def test_followup_compares_with_baseline_and_strength_review(source):
    compared = evaluation.assessment_comparison(source.ctx.areas, evaluation.ratings_of(source.rows(BASELINE)),
                                                evaluation.ratings_of(source.rows(FOLLOWUP)))
    changes = [i.change for area in compared for i in area.items]
    assert evaluation.BETTER in changes and evaluation.SAME in changes and evaluation.NOT_RATED not in changes
    domains = source.ctx.pack.section("partnership").domains
    strength = evaluation.strength_changes(domains, source.rows(STRENGTH), source.rows(STRENGTH_REVIEW))
    assert all(s.before is not None and s.now is not None for s in strength)
    review = source.rows(EVALUATION)
    assert review["review"]["decision"] == "adjust" and review["followup"]["date"] == "2027-11-15"
    assert len(source.rows(SPREAD)) == 2


def test_records_carry_who_wrote_them(source, demo_workspace):
    entry = source.entries(FOCUS)["ipc-03"]["chosen"]
    names = demo_workspace.store.participant_names([entry.participant_id])
    assert names[entry.participant_id] == "Fatmata Bangura"


def test_a_typo_in_the_sample_fails_in_one_line_and_writes_nothing(workspace, tmp_path):
    from tpi_widgets.demo.records import SAMPLE_RECORDS
    broken = tmp_path / "sample.yaml"
    broken.write_text(SAMPLE_RECORDS.read_text(encoding="utf-8").replace("status: delayed", "status: late", 1),
                      encoding="utf-8")
    pid = workspace.store.partnership(SLUG).id
    with pytest.raises(TPIError) as error:
        write_sample_records(workspace, path=broken)
    message = str(error.value)
    assert "\n" not in message and "a1000005 status" in message and "'late'" in message
    assert workspace.store.change_counter(pid) == 0
    assert workspace.store.participant_names(range(1, 50)) == {}


def test_an_unquoted_date_is_refused(workspace, tmp_path):
    from tpi_widgets.demo.records import SAMPLE_RECORDS
    broken = tmp_path / "sample.yaml"
    broken.write_text(SAMPLE_RECORDS.read_text(encoding="utf-8").replace('next_meeting: "2027-01-12"',
                                                                         "next_meeting: 2027-01-12"), encoding="utf-8")
    with pytest.raises(TPIError, match="agreement next_meeting: write the date 2027-01-12 in quotes"):
        write_sample_records(workspace, path=broken)


def test_tpi_demo_writes_the_sample_once(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--no-serve"]) == 0
    assert "sample records" in capsys.readouterr().out
    workspace = Workspace.open(folder)
    pid = workspace.store.partnership(SLUG).id
    counter = workspace.store.change_counter(pid)
    plan_rows = len(workspace.store.read(pid, 1, PLAN))
    assert counter > 0 and plan_rows == 12
    assert main(["demo", str(folder), "--no-serve"]) == 0
    assert "sample records" not in capsys.readouterr().out
    assert workspace.store.change_counter(pid) == counter
    assert len(workspace.store.read(pid, 1, PLAN)) == plan_rows
    assert KOSSA in {i["name"] for i in workspace.store.partnership(SLUG).institutions}


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_every_step_page_opens_on_the_sample(demo_workspace, number):
    from tests.support import signed_in_page
    page = signed_in_page(demo_workspace, number)
    assert page.sync.entries, "the page read no sample records"
    if number == 5:
        page.tabs.value = "visits"  # each section is built when opened
        page.tabs.value = "reports"
        assert len(page.visits) == 2 and len(page.reports) == 1
