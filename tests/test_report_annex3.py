"""Annex 3, one action report, built from store data written here: the report's fields, planned
vs done with the pack's labels and each activity's progress as of the period's end (with its
comment), the indicators with the measurements of the period (with their notes), next steps and
whether they are in the plan, the empty and unknown-id cases, French titles, and participant
markup and right-to-left text kept as typed (read back from the HTML and the Word file)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import KOSSA, VALMONT
from tests.test_report_annex1 import ARABIC, html_rows, in_both, row_of
from tpi_widgets.core.records import (MEASUREMENTS, NEXT_STEPS, PLAN, PROGRESS, REPORTS, REPORT_ITEMS, VISITS,
                                      VISIT_TEAM)
from tpi_widgets.core import records
from tpi_widgets.errors import ReportError
from tpi_widgets.reports import annex3, html
from tpi_widgets.reports.document import Facts, Heading, Paragraph, SignOff, Table
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.context import StepContext
from tpi_widgets.store import Write

SLUG = "kossa-valmont"
HOSTILE = "<script>alert(1)</script>"


def source_for(workspace, slug: str = SLUG) -> ReportSource:
    return ReportSource(StepContext(workspace, workspace.store.partnership(slug), 1), dt.date(2026, 11, 27))


def write(workspace, collection: str, record: str, fields: dict, slug: str = SLUG):
    """A record created as Step 5 creates it: all its fields in one transaction."""
    store = workspace.store
    who = store.add_participant("Ana Kamara", KOSSA, "Nurse").id
    if collection == PLAN:
        writes = [((collection, record, f), v) for f, v in fields.items() if f != "objective"]
        writes.append(((collection, record, "objective"), fields["objective"]))
    elif records.RECORDS.get(collection).listed:
        writes = records.new_record_writes(collection, record, fields)
    else:  # report items: plain fields of a fixed record id
        writes = [((collection, record, f), v) for f, v in fields.items()]
    store.write_many(store.partnership(slug).id, 1, [Write(c, r, f, v) for (c, r, f), v in writes], who)


def seed_plan(workspace, slug: str = SLUG):
    write(workspace, PLAN, "p1", {"objective": "technical", "area": "ipc", "order": 1,
                                             "activity": "Train ward staff in hand hygiene", "deleted": False}, slug)
    write(workspace, PLAN, "p2", {"objective": "technical", "area": "ipc", "order": 2,
                                             "activity": "Audit the surgical wards", "deleted": False}, slug)


def seed_visit_report(workspace):
    seed_plan(workspace)
    write(workspace, VISITS, "v1", {"status": "done", "visiting_side": VALMONT, "host_side": KOSSA,
                                       "start": "2027-03-01", "end": "2027-03-12", "activities": ["p1", "p2"],
                                       "deleted": False})
    write(workspace, VISIT_TEAM, "t1", {"name": "Awa Diallo", "role": "IPC nurse",
                                     "institution": "Hôpital Régional de Kédougou", "visit": "v1"})
    write(workspace, PROGRESS, "g1", {"status": "in-progress", "percent": "40", "date": "2027-03-10",
                                         "activity": "p1"})
    write(workspace, REPORTS, "r1", {"kind": "visit", "visit": "v1", "period_start": "2027-03-01",
                                        "period_end": "2027-03-12", "participants": "Delegation from São Tomé",
                                        "results": f"Hand hygiene rose to 62%\n\n{HOSTILE}",
                                        "challenges": "Water cuts", "lessons": "Train trainers first",
                                        "spread": "District meeting", "spending": "4,200 of 5,000", "deleted": False})
    write(workspace, REPORT_ITEMS, "r1:p1", {"done": "done", "note": "All four wards"})
    write(workspace, REPORT_ITEMS, "r1:p2", {"done": "partly", "note": "Two wards left"})
    write(workspace, NEXT_STEPS, "s1", {"text": "Make hand rub locally", "owner": "Dr Sesay",
                                           "date": "2027-06-30", "plan_row": "p2", "report": "r1"})
    write(workspace, NEXT_STEPS, "s2", {"text": "Share the audit tool", "owner": "Awa Diallo",
                                           "date": "2027-07-15", "report": "r1"})


def blocks_of(document, kind):
    return [b for b in document.blocks if isinstance(b, kind)]


def facts(document) -> dict:
    return dict(row for block in blocks_of(document, Facts) for row in block.rows)


def test_spending_is_an_amount_in_the_packs_currency(workspace):
    seed_visit_report(workspace)
    write(workspace, REPORTS, "r1", {"spending": "7450.5"})
    assert facts(annex3.build(source_for(workspace), "r1"))["Spent (USD)"] == "7,450.50"


def test_a_visit_report_names_the_visit_and_compares_planned_with_done(workspace):
    seed_visit_report(workspace)
    source = source_for(workspace)
    assert annex3.records(source) == ["r1"]
    document = annex3.build(source, "r1")
    assert document.kind == "annex3" and document.title == "Annex 3: action report"
    assert document.file_stem == "kossa-valmont-annex3-cycle1-r1"
    known = facts(document)
    assert known["Type of report"] == "After a visit"
    assert known["Visit reported on"] == f"Visit 1: {VALMONT} visiting {KOSSA}"
    assert known["Dates of the visit"] == "1 March 2027 to 12 March 2027"
    assert "Awa Diallo · IPC nurse · Hôpital Régional de Kédougou" in known["Visit team"]
    assert known["Period covered"] == "1 March 2027 to 12 March 2027"

    planned = blocks_of(document, Table)[0]
    assert planned.columns[:2] == ("Activity (plan number)", "Done?")
    assert planned.rows == (("2.1.1 Train ward staff in hand hygiene", "Done", "All four wards", "40% · In progress · 2027-03-10"),
                            ("2.1.2 Audit the surgical wards", "Partly done", "Two wards left", "—"))
    steps = blocks_of(document, Table)[1]
    assert steps.rows == (("Make hand rub locally", "Dr Sesay", "2027-06-30", "Yes, activity 2.1.2"),
                          ("Share the audit tool", "Awa Diallo", "2027-07-15", "Not yet"))
    texts = [b.text for b in blocks_of(document, Paragraph)]
    assert "Delegation from São Tomé" in texts and "Water cuts" in texts
    assert known["Spent (USD)"] == "4,200 of 5,000"  # not a number: as typed (the page said so)
    assert texts.count("Hand hygiene rose to 62%") == 1  # one paragraph per line typed
    headings = [b.text for b in blocks_of(document, Heading)]
    assert headings[0] == "Action report 1" and headings[-1] == "Sign-off"
    assert headings.index("Results and indicator values") < headings.index("Next steps")
    assert isinstance(document.blocks[-1], SignOff)


def test_hostile_text_stays_text_and_is_escaped_in_html(workspace):
    seed_visit_report(workspace)
    document = annex3.build(source_for(workspace))
    assert HOSTILE in [b.text for b in blocks_of(document, Paragraph)]
    rendered = html.render(document)
    assert HOSTILE not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_latest_live_report_is_built_by_default_and_deleted_ones_are_unknown(workspace):
    seed_visit_report(workspace)
    write(workspace, REPORTS, "r2", {"kind": "periodic", "activities": ["p2", "gone"], "visit": None,
                                        "deleted": False})
    write(workspace, REPORTS, "r3", {"kind": "periodic", "activities": [], "deleted": False})
    workspace.store.write(workspace.store.partnership(SLUG).id, 1, REPORTS, "r3", "deleted", True, None)
    source = source_for(workspace)
    assert annex3.records(source) == ["r1", "r2"]
    document = annex3.build(source)
    assert document.file_stem.endswith("-r2")
    assert [b.text for b in blocks_of(document, Heading)][0] == "Action report 2"
    assert facts(document)["Type of report"] == "Periodic report" and "Visit reported on" not in facts(document)
    assert facts(document)["Period covered"] == "—"
    planned = blocks_of(document, Table)[0]
    assert [row[:2] for row in planned.rows] == [("2.1.2 Audit the surgical wards", "—"),
                                                 ("gone (no longer in the plan)", "—")]
    assert "No next steps were recorded in this report." in [b.text for b in blocks_of(document, Paragraph)
                                                              if b.style == "empty"]
    for unknown in ("r3", "nope"):
        with pytest.raises(ReportError, match=f"no action report '{unknown}' in kossa-valmont, cycle 1"):
            annex3.build(source, unknown)


def test_no_report_yet_gives_a_document_that_says_so(workspace):
    source = source_for(workspace)
    assert annex3.records(source) == [None]
    document = annex3.build(source, None)
    empty = [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"]
    assert empty and empty[0].startswith("No action report has been written yet")
    assert isinstance(document.blocks[-1], SignOff) and document.file_stem == "kossa-valmont-annex3-cycle1"


def test_a_report_without_kind_or_activities_says_what_is_missing(workspace):
    write(workspace, REPORTS, "r1", {"visit": None, "activities": [], "deleted": False})
    document = annex3.build(source_for(workspace))
    assert facts(document)["Type of report"] == "—"
    assert "The type of report is not chosen yet, so its planned activities are not known." in \
        [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"]


def test_french_partnership_gets_french_titles(workspace, pack):
    from tpi_widgets.partnership_config import build_config
    workspace.add_partnership(build_config({
        "name": "Kédougou – Lyon", "slug": "kedougou-lyon", "language": "fr", "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": "Hôpital Régional de Kédougou", "country": "Sénégal"},
                                                {"name": "HCL", "country": "France"}]}, pack))
    seed_plan(workspace, "kedougou-lyon")
    write(workspace, REPORTS, "r1", {"kind": "periodic", "activities": ["p1"], "period_start": "2027-04-01",
                                        "period_end": "2027-06-30", "deleted": False}, "kedougou-lyon")
    document = annex3.build(source_for(workspace, "kedougou-lyon"))
    assert document.title == "Annexe 3 : rapport d'action" and document.language == "fr"
    assert facts(document)["Période couverte"] == "du 1 avril 2027 au 30 juin 2027"
    assert blocks_of(document, Table)[0].columns[0] == "Activité (numéro du plan)"
    assert document.header.institutions[0] == "Hôpital Régional de Kédougou"


def test_progress_is_shown_as_of_the_end_of_the_period_with_its_comment(workspace, tmp_path):
    seed_visit_report(workspace)  # period 2027-03-01 to 2027-03-12; p1 was 40% on 2027-03-10
    write(workspace, PROGRESS, "g3", {"status": "in-progress", "percent": "50", "date": "2027-03-11",
                                      "comment": f"{ARABIC} {HOSTILE}", "activity": "p1"})
    write(workspace, PROGRESS, "g2", {"status": "done", "percent": "100", "date": "2027-04-20",
                                      "comment": "Finished after the period", "activity": "p1"})
    write(workspace, PROGRESS, "g4", {"status": "in-progress", "percent": "45", "date": "2027-03-09",  # back-dated
                                      "activity": "p1"})
    document = annex3.build(source_for(workspace), "r1")
    for rows in in_both(document, tmp_path):
        assert row_of(rows, "Activity (plan number)")[3] == "Progress as of 12 March 2027"
        assert row_of(rows, "2.1.1 Train ward staff in hand hygiene")[3] == \
            f"50% · In progress · 2027-03-11\n{ARABIC} {HOSTILE}"
        assert row_of(rows, "2.1.2 Audit the surgical wards")[3] == "—"
        assert not any("Finished after the period" in cell for row in rows for cell in row)
    page = html.render(document)
    assert f'<div class="tpi-cell-note"><bdi>{ARABIC} &lt;script&gt;' in page and HOSTILE not in page


def test_an_update_without_a_date_counts_from_the_day_it_was_saved(workspace, tmp_path):
    seed_plan(workspace)
    write(workspace, PROGRESS, "g1", {"status": "in-progress", "percent": "20", "date": "2025-01-15",
                                      "activity": "p1"})
    write(workspace, PROGRESS, "g2", {"status": "done", "percent": "100", "activity": "p1"})  # saved today
    write(workspace, PROGRESS, "g3", {"status": "delayed", "activity": "p2"})  # saved today
    write(workspace, REPORTS, "r1", {"kind": "periodic", "activities": ["p1", "p2"], "period_start": "2025-01-01",
                                     "period_end": "2025-01-31", "deleted": False})
    rows = html_rows(annex3.build(source_for(workspace), "r1"))
    assert row_of(rows, "2.1.1 Train ward staff in hand hygiene")[3] == "20% · In progress · 2025-01-15"
    assert row_of(rows, "2.1.2 Audit the surgical wards")[3] == "—"
    write(workspace, REPORTS, "r1", {"period_end": ""})  # no end: the latest update
    rows = html_rows(annex3.build(source_for(workspace), "r1"))
    assert row_of(rows, "Activity (plan number)")[3] == "Latest progress update"
    assert row_of(rows, "2.1.1 Train ward staff in hand hygiene")[3] == "100% · Done"


def test_indicators_of_the_reported_activities_with_measurements_by_the_period_end_and_notes(workspace, tmp_path):
    seed_visit_report(workspace)
    write(workspace, PLAN, "p1", {"objective": "technical", "indicator": "Hand hygiene compliance %",
                                  "baseline": "30", "target": "80"})
    write(workspace, MEASUREMENTS, "m1", {"date": "2027-03-05", "value": "45", "note": f"{ARABIC} {HOSTILE}",
                                          "activity": "p1"})
    write(workspace, MEASUREMENTS, "m2", {"date": "2027-02-20", "value": "38", "note": "", "activity": "p1"})
    write(workspace, MEASUREMENTS, "m3", {"date": "2027-04-30", "value": "70", "note": "Later", "activity": "p1"})
    document = annex3.build(source_for(workspace), "r1")
    assert "Indicators of these activities" in [b.text for b in blocks_of(document, Heading)]
    for rows in in_both(document, tmp_path):
        assert ("Activity (plan number)", "Indicator", "Baseline", "Target",
                "Measurements up to 12 March 2027 (date: value, note)") in rows
        assert [r for r in rows if r[1:2] == ("Hand hygiene compliance %",)] == [(
            "2.1.1 Train ward staff in hand hygiene", "Hand hygiene compliance %", "30", "80",
            f"2027-02-20: 38; 2027-03-05: 45 ({ARABIC} {HOSTILE})")]
    page = html.render(document)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and HOSTILE not in page
    assert f"<bdi>{ARABIC} &lt;script&gt;" in page  # the note set apart for direction inside its cell
