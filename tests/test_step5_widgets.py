"""Step 5 without a browser: progress updates, visit proposals, action reports and measurements
write the store, and other participants' records reach the page."""

from __future__ import annotations

import pytest

from tests.support import KOSSA, VALMONT, Other, records, shown, signed_in_page, stored_by
from tpi_widgets.ui.steps.action import ActionApp

PLAN = {"activity": "Train ward staff on hand hygiene", "indicator": "Hand hygiene compliance (%)",
        "baseline": "30", "target": "80", "objective": "technical", "area": "ipc", "order": 1, "deleted": False}


def seed_plan(workspace, record="aaaa1111", **fields):
    """A Step 4 plan row, written to the store directly."""
    store = workspace.store
    pid, who = store.partnership("kossa-valmont").id, store.add_participant("Planner", KOSSA, "Manager").id
    values = {**PLAN, **fields}
    objective = values.pop("objective")
    for field, value in [*values.items(), ("objective", objective)]:
        store.write(pid, 1, "plan", record, field, value, who)
    return record


@pytest.fixture
def page(workspace):
    seed_plan(workspace)
    return signed_in_page(workspace, 5, role="Manager")


def test_every_plan_activity_gets_a_progress_log_and_updates_are_kept_newest_first(page, workspace):
    assert isinstance(page, ActionApp)
    log = page.logs["aaaa1111"]
    assert log.opener.description == "Report progress on activity 2.1.1"
    log.opener.click()  # the form is built when opened
    assert log.status.description == "Activity 2.1.1 status"
    log.status.value, log.percent.input.value, log.comment.value = "in-progress", "40", "Two wards done"
    assert log.send()
    log.percent.input.value = "140"
    assert not log.send() and "0 to 100" in log.percent.message.value
    log.percent.input.value, log.date.input.value = "70", "2027-03-01"
    assert log.send()
    updates = records(workspace, "progress")
    assert sorted(u["percent"] for u in updates.values()) == ["40", "70"]
    assert all(u["activity"] == "aaaa1111" for u in updates.values())
    assert "Current progress: 70% · 2027-03-01" in log.current  # the latest update, not a merge
    assert log.history.index("70%") < log.history.index("40%") and "Ana Kamara" in log.history
    assert log.summary.value == log.title + log.current + log.history


def test_a_visit_proposal_links_activities_and_its_team(workspace):
    seed_plan(workspace)
    page = signed_in_page(workspace, 5, role="Manager", facilitator=True)  # removing is a facilitator's
    visit = page.add_visit()
    card = page.visits[visit]
    assert card.fieldset.inputs["status"].value == "draft"
    inputs = card.fieldset.inputs
    assert inputs["purpose"].description == "Visit 1 purpose"
    inputs["activities"].value = ("aaaa1111",)
    inputs["visiting_side"].value = "Hôpital Régional de Valmont"
    inputs["start"].value, inputs["end"].value = "2027-03-10", "2027-03-01"
    assert "before the start" in card.fieldset.checked["end"].message.value
    card.team.add_record()
    member = next(iter(card.team.rows.values()))
    assert member.fieldset.inputs["expertise"].description == "Visit 1 member 1 expertise"
    member.fieldset.inputs["name"].value = "Dr Claire Martin"
    page.sync.flush()
    assert stored_by(workspace, "visits", visit, "activities") == (["aaaa1111"], "Ana Kamara")
    assert stored_by(workspace, "visits", visit, "end")[0] == "2027-03-01"  # kept as typed
    team = records(workspace, "visit_team")
    assert [(t["visit"], t["name"]) for t in team.values()] == [(visit, "Dr Claire Martin")]
    member.remove.click()
    assert card.team.rows == {} and list(records(workspace, "visit_team").values())[0]["deleted"] is True


def test_a_visit_report_lists_the_visits_activities_and_a_next_step_joins_the_plan(page, workspace):
    visit = page.add_visit()
    page.visits[visit].fieldset.inputs["activities"].value = ("aaaa1111",)
    report = page.add_report()
    card = page.reports[report]
    card.fieldset.inputs["kind"].value = "visit"
    page.sync.flush()
    assert card.fieldset.widgets["visit"].layout.display is None
    assert card.fieldset.widgets["activities"].layout.display == "none"
    card.fieldset.inputs["visit"].value = visit
    page.sync.flush()
    assert list(card.items_box.rows) == [f"{report}:aaaa1111"]
    item = card.items_box.rows[f"{report}:aaaa1111"]
    assert "2.1.1 Train ward staff" in item.title.value
    item.fieldset.inputs["done"].value = "partly"
    page.sync.flush()
    assert stored_by(workspace, "report_items", f"{report}:aaaa1111", "done") == ("partly", "Ana Kamara")
    assert "Reported in: Report 1" in page.visits[visit].links.value

    step = card.next_steps.add_record()
    fields = card.next_steps.rows[step].fieldset.inputs
    fields["text"].value, fields["owner"].value, fields["date"].value = "Make hand rub locally", "Dr Sesay", "2027-06-30"
    page.sync.flush()
    choice, button = card.plan_controls[step]
    choice.value = "technical:ipc"
    button.click()
    row_id = records(workspace, "next_steps")[step]["plan_row"]
    row = records(workspace, "plan")[row_id]
    assert (row["activity"], row["responsible"], row["end"], row["status"], row["area"], row["objective"]) == \
        ("Make hand rub locally", "Dr Sesay", "2027-06-30", "planned", "ipc", "technical")
    assert button.description == "In the plan" and button.disabled
    assert row_id in page.logs  # the new activity has its own progress log at once
    button.click()  # a second click adds nothing
    assert len(records(workspace, "plan")) == 2


def test_measurements_make_a_series_and_text_values_are_listed(page, workspace):
    assert page.indicators == {}  # built when the participant opens the section
    page.tabs.value = "indicators"
    panel = page.indicators["aaaa1111"]
    values = page.indicators["aaaa1111"].measurements
    for date, value in (("2027-02-01", "45"), ("2027-03-01", "about half")):
        record = values.add_record()
        inputs = values.rows[record].fieldset.inputs
        inputs["date"].value, inputs["value"].value = date, value
    page.sync.flush()
    assert "baseline 30" in panel.heading.value and "target 80" in panel.heading.value
    assert "about half" in panel.not_plotted.value
    assert panel.chart.image is None  # closed: nothing drawn, not even built
    panel.chart.toggle.value = True
    assert panel.chart.image.value[:4] == b"\x89PNG"


def test_other_participants_records_appear_live(page, workspace):
    page.tabs.value = "visits"
    other = Other(workspace)
    other.write("visits", "v9", "status", "submitted")
    other.write("visits", "v9", "activities", ["aaaa1111"])
    other.write("visits", "v9", "deleted", False)
    other.write("progress", "p9", "percent", "25")
    other.write("progress", "p9", "activity", "aaaa1111")
    seed_plan(workspace, "bbbb2222", activity="Set up <script> audits", order=2)
    page.sync.poll()
    card = page.visits["v9"]
    assert "Submitted for approval" in card.line.value  # another participant's visit: its row, closed
    card.editor.click()
    assert card.fieldset.inputs["status"].value == "submitted"
    assert "Bo Lindqvist" in page.logs["aaaa1111"].history
    assert "&lt;script&gt;" in page.logs["bbbb2222"].title
    other.write("visits", "v9", "deleted", True)
    page.sync.poll()
    assert "v9" not in page.visits and page.visit_box.children == ()


# a visit's duration, budgets and spending; a report's period and participants from its visit ------
def add_visit_with_team(page, start="2027-02-01", end="2027-02-12"):
    visit = page.add_visit()
    card = page.visits[visit]
    card.fieldset.inputs["start"].value, card.fieldset.inputs["end"].value = start, end
    for name, role, institution in (("Marie Dubois", "IPC nurse", "Hôpital Régional de Valmont"),
                                    ("João Santos", "", "")):
        member = card.team.rows[card.team.add_record()].fieldset.inputs
        member["name"].value, member["role"].value, member["institution"].value = name, role, institution
    page.sync.flush()
    return visit


def test_a_visits_duration_is_computed_from_its_dates_not_typed(page):
    visit = page.add_visit()
    card = page.visits[visit]
    assert "duration" not in card.fieldset.inputs  # nothing to type
    inputs = card.fieldset.inputs
    assert "Visit 1 duration: counted from the first and last day" in card.duration.value
    inputs["start"].value, inputs["end"].value = "2027-02-01", "2027-02-12"
    assert "Visit 1 duration: 12 days" in card.duration.value  # both days counted
    inputs["end"].value = "2027-02-01"
    assert "Visit 1 duration: 1 day" in card.duration.value
    inputs["end"].value = "2027-01-30"  # before the first day: no duration, and the date check says so
    assert "counted from the first" in card.duration.value
    assert "before the start" in card.fieldset.checked["end"].message.value


def test_budgets_and_spending_are_numbers_in_the_packs_currency_kept_as_typed(page, workspace, pack):
    currency = pack.section("plan").currency
    visit = page.visits[page.add_visit()]
    report = page.reports[page.add_report()]
    budget, spending = visit.fieldset.checked["budget"], report.fieldset.checked["spending"]
    assert budget.input.description == f"Visit 1 budget ({currency})"
    assert spending.input.description == f"Report 1 spending against budget ({currency})"
    budget.input.value, spending.input.value = "about 300", "most of it"
    assert "Write a number" in budget.message.value and "Write a number" in spending.message.value
    page.sync.flush()
    assert stored_by(workspace, "visits", visit.record, "budget")[0] == "about 300"  # nothing lost
    assert stored_by(workspace, "reports", report.record, "spending")[0] == "most of it"
    budget.input.value, spending.input.value = "4 200", "3950.50"
    assert budget.message.value == "" and spending.message.value == ""


def test_choosing_the_visit_fills_the_reports_period_and_participants_still_editable(page, workspace):
    visit = add_visit_with_team(page)
    other_page = signed_in_page(workspace, 5, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    record = page.add_report()
    card = page.reports[record]
    inputs = card.fieldset.inputs
    inputs["kind"].value = "visit"
    page.sync.flush()
    inputs["visit"].value = visit
    page.sync.flush()
    team = "Marie Dubois, IPC nurse (Hôpital Régional de Valmont)\nJoão Santos"
    assert (inputs["period_start"].value, inputs["period_end"].value) == ("2027-02-01", "2027-02-12")
    assert inputs["participants"].value == team
    assert stored_by(workspace, "reports", record, "participants") == (team, "Ana Kamara")
    other_page.tabs.value = "reports"
    other_page.sync.poll()
    other_page.reports[record].open_form()
    assert other_page.reports[record].fieldset.inputs["period_end"].value == "2027-02-12"
    inputs["participants"].value = team + "\nIbrahim Koroma (host)"  # still editable
    page.sync.flush()
    assert records(workspace, "reports")[record]["participants"].endswith("Ibrahim Koroma (host)")


def test_what_was_typed_in_a_report_is_not_overwritten_by_the_visit(page, workspace):
    visit = add_visit_with_team(page)
    record = page.add_report()
    inputs = page.reports[record].fieldset.inputs
    inputs["kind"].value = "visit"
    inputs["participants"].value = "The whole IPC committee"
    page.sync.flush()
    inputs["period_start"].value = "2027-02-03"  # typed, not saved yet
    inputs["visit"].value = visit
    page.sync.flush()
    fields = records(workspace, "reports")[record]
    assert (fields["period_start"], fields["period_end"]) == ("2027-02-03", "2027-02-12")
    assert fields["participants"] == "The whole IPC committee"
    assert inputs["period_start"].value == "2027-02-03" and inputs["participants"].value == "The whole IPC committee"


# visits and reports as one row each, opened in place --------------------------------------------
def seed_visit_and_report(workspace):
    """Another participant's visit (Valmont visiting Kossa) and their report after it, the seeded
    plan activity marked done."""
    other = Other(workspace)
    for field, value in (("status", "submitted"), ("visiting_side", VALMONT), ("host_side", KOSSA),
                         ("start", "2027-03-10"), ("end", "2027-03-19"), ("purpose", "Coach the <b>wards</b>"),
                         ("activities", ["aaaa1111"]), ("deleted", False)):
        other.write("visits", "v1", field, value)
    for field, value in (("kind", "visit"), ("visit", "v1"), ("deleted", False)):
        other.write("reports", "r1", field, value)
    other.write("report_items", "r1:aaaa1111", "done", "done")
    return other


def row_text(card) -> str:
    """What a closed card's row reads (its separators kept with the part before them)."""
    return shown(card.line.value).replace("\u00a0", " ")


def test_visits_and_reports_are_closed_rows_saying_what_the_store_holds(page, workspace):
    seed_visit_and_report(workspace)
    page.sync.poll()
    page.tabs.value = "visits"
    page.tabs.value = "reports"
    visit, report = page.visits["v1"], page.reports["r1"]
    assert not visit.opened and not report.opened  # no form built, nothing bound
    assert ("visits", "v1", "purpose") not in page.sync._bindings and not hasattr(visit, "purpose")
    assert visit.children == (visit.closed_row,)
    assert row_text(visit) == \
        f"Visit 1 · Submitted for approval · 2027-03-10 – 2027-03-19 · {VALMONT} → {KOSSA}"
    assert visit.editor.description == "Edit Visit 1"
    assert 'class="tpi-action-row-period"><bdi>2027-03-10 – 2027-03-19</bdi>' in visit.line.value  # one piece
    assert row_text(report) == \
        f"Report 1 · After a visit · Planned activities done: 1 of 1 · Visit 1: {KOSSA}, 2027-03-10"
    assert report.editor.description == "Edit Report 1"


def test_a_closed_row_follows_another_participants_save(page, workspace):
    other = seed_visit_and_report(workspace)
    page.sync.poll()
    page.tabs.value = "visits"
    page.tabs.value = "reports"
    other.write("visits", "v1", "status", "approved")
    other.write("visits", "v1", "host_side", "<i>Annex</i> ward")
    other.write("report_items", "r1:aaaa1111", "done", "partly")
    page.sync.poll()
    row = page.visits["v1"]
    assert "Approved" in row_text(row) and f"{VALMONT} → <i>Annex</i> ward" in row_text(row)
    assert "<i>" not in row.line.value  # a participant's text is escaped
    assert "Planned activities done: 0 of 1" in row_text(page.reports["r1"])


def test_a_row_opens_to_its_card_in_place_and_closes_back_saving_what_was_typed(workspace):
    seed_plan(workspace)
    seed_visit_and_report(workspace)
    page = signed_in_page(workspace, 5, role="Manager", facilitator=True)
    page.tabs.value = "visits"
    card = page.visits["v1"]
    row = card.closed_row
    card.editor.click()
    assert card.opened and page.visit_box.children == (card,)  # the same card, in its place
    assert row.comm is None and card.line.comm is None  # the row's widgets closed, built again on closing
    assert card.purpose.value == "Coach the <b>wards</b>" and card.purpose.description == "Visit 1 purpose"
    assert card.title.value == "<bdi>Visit 1</bdi>" and card.delete.button is not None
    assert card.closer.tooltip == "Close Visit 1: back to its one-line row"
    assert card.fieldset.inputs["activities"].value == ("aaaa1111",)  # the page filled its lists once opened
    assert "Reported in: Report 1" in card.links.value
    card.purpose.value = "Coach the ward teams"  # typed, not saved yet
    purpose = card.purpose
    card.closer.click()
    assert stored_by(workspace, "visits", "v1", "purpose") == ("Coach the ward teams", "Ana Kamara")
    assert not card.opened and card.children == (card.closed_row,) and purpose.comm is None
    assert ("visits", "v1", "purpose") not in page.sync._bindings
    assert "Submitted for approval" in row_text(card) and card.editor.description == "Edit Visit 1"
    card.editor.click()  # and opens again
    assert card.purpose.value == "Coach the ward teams"


def test_a_visit_or_report_just_added_opens_for_who_added_it_only(page, workspace):
    other_page = signed_in_page(workspace, 5, "Bo Lindqvist", VALMONT, "Surgeon")
    visit, report = page.add_visit(), page.add_report()
    assert page.visits[visit].opened and page.reports[report].opened
    assert page.visits[visit].fieldset.inputs["status"].value == "draft"
    other_page.tabs.value = "visits"
    other_page.tabs.value = "reports"
    other_page.sync.poll()
    assert not other_page.visits[visit].opened and not other_page.reports[report].opened
    assert row_text(other_page.visits[visit]) == "Visit 1 · Draft"
    assert row_text(other_page.reports[report]) == "Report 1"
