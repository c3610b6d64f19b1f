"""Annex 2 (one visit proposal) built from the store: every field and the visiting team, the
linked plan activities numbered as in the plan, which proposal is built, no proposal yet,
unknown ids, French strings and hostile text."""

from __future__ import annotations

import datetime as dt

import pytest

from tpi_widgets.core.records import VISITS, VISIT_TEAM
from tpi_widgets.core import records
from tpi_widgets.errors import ReportError
from tpi_widgets.partnership_config import build_config
from tpi_widgets.reports import annex2
from tpi_widgets.reports.document import Heading, Paragraph, SignOff
from tpi_widgets.reports.html import render
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.context import StepContext
from tpi_widgets.store import Write

SLUG = "kossa-valmont"
KOSSA, VALMONT = "Kossa District Hospital", "Hôpital Régional de Valmont"
KEDOUGOU = "Hôpital Régional de Kédougou"
HOSTILE = "<script>alert(1)</script>"


def source_for(workspace, slug: str = SLUG) -> ReportSource:
    return ReportSource(StepContext(workspace, workspace.store.partnership(slug), 1), dt.date(2026, 11, 27))


def write(workspace, writes, slug: str = SLUG):
    """One transaction, as one button click on Step 5 saves; `writes` are ((collection, record, field), value)."""
    store = workspace.store
    who = store.add_participant("Aminata Sesay", KOSSA, "Nurse").id
    store.write_many(store.partnership(slug).id, 1, [Write(*key, value) for key, value in writes], who)


def add_visit(workspace, record: str, slug: str = SLUG, **fields):
    write(workspace, records.new_record_writes(VISITS, record, {"status": "draft", "activities": [], **fields,
                                                               "deleted": False}), slug)


def add_member(workspace, record: str, visit: str, **fields):
    write(workspace, records.new_record_writes(VISIT_TEAM, record, {**fields, "visit": visit}))


def add_plan_row(workspace, record: str, objective: str, order: int, area: str | None = None, **fields):
    values = {"order": order, "status": "planned", "deleted": False, **fields, **({"area": area} if area else {})}
    write(workspace, [(("plan", record, f), v) for f, v in values.items()] + [(("plan", record, "objective"), objective)])


def blocks_of(document, kind):
    return [b for b in document.blocks if isinstance(b, kind)]


def headings(document) -> list[str]:
    return [b.text for b in blocks_of(document, Heading)]


def after(document, heading: str):
    """The block right after a heading."""
    blocks = list(document.blocks)
    index = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    return blocks[index + 1]


FULL_VISIT = dict(status="submitted", visiting_side=VALMONT, host_side=KOSSA, start="2027-02-01", end="2027-02-12",
                  duration="12 days", host_contact="Dr Ibrahim Kamara, +232 76 123456",
                  purpose="Set up surgical site infection surveillance", programme="Day 1: ward rounds\nDay 2: audit",
                  outcomes="An agreed surveillance protocol", sharing="Presentation to the district team",
                  budget="4200", payer="Partnership grant", logistics="Visas take three weeks; malaria prophylaxis",
                  approvals="Hospital director approved; ministry pending")


def test_every_field_of_the_latest_visit_proposal(workspace):
    add_plan_row(workspace, "p1", "partnership", 1, activity="Agree the MoU")
    add_plan_row(workspace, "b1", "technical", 1, "ipc", activity="Train ward staff")
    add_plan_row(workspace, "b2", "technical", 2, "ipc", activity="Audit wards")
    add_visit(workspace, "v1", purpose="First visit")
    add_visit(workspace, "v2", activities=["b2", "p1"], **FULL_VISIT)
    add_member(workspace, "m1", "v2", name="Marie Dubois", role="IPC nurse", institution=VALMONT, expertise="Audit")
    add_member(workspace, "m2", "v2", name="João Santos", role="Surgeon", institution="Hospital de São Tomé",
               expertise="Surgical site infections")
    add_member(workspace, "m3", "v1", name="Someone else")
    document = annex2.build(source_for(workspace))

    assert document.kind == "annex2" and document.title == "Annex 2: exchange visit proposal"
    assert document.file_stem == "kossa-valmont-annex2-cycle1-v2"
    overview = dict(after(document, "The visit").rows)
    assert overview == {"Proposal": "Visit 2 of 2", "Status": "Submitted for approval", "Visiting institution": VALMONT,
                        "Host institution": KOSSA, "First day": "1 February 2027", "Last day": "12 February 2027",
                        "Duration": "12 days", "Host contact person": "Dr Ibrahim Kamara, +232 76 123456"}
    assert after(document, "Purpose").text == "Set up surgical site infection surveillance"
    activities = after(document, "Plan activities the visit serves")
    assert activities.rows == (("1.1", "Agree the MoU"), ("2.1.2", "Audit wards"))  # plan order, plan numbers
    team = after(document, "Visiting team")
    assert team.columns == ("Name", "Role", "Institution", "Expertise")
    assert team.rows == (("Marie Dubois", "IPC nurse", VALMONT, "Audit"),
                         ("João Santos", "Surgeon", "Hospital de São Tomé", "Surgical site infections"))
    assert after(document, "Draft programme").text == "Day 1: ward rounds\nDay 2: audit"
    assert after(document, "Expected outcomes").text == "An agreed surveillance protocol"
    assert after(document, "How the results will be shared").text == "Presentation to the district team"
    assert dict(after(document, "Budget").rows) == {"Amount (USD)": "4,200", "Paid by": "Partnership grant"}
    assert after(document, "Logistics and risks").text.startswith("Visas take three weeks")
    assert after(document, "Approvals").text == "Hospital director approved; ministry pending"
    assert headings(document)[-1] == "Sign-off" and isinstance(document.blocks[-1], SignOff)


def test_records_are_live_proposals_in_creation_order_and_each_can_be_built(workspace):
    add_visit(workspace, "zz", purpose="Oldest")
    add_visit(workspace, "aa", purpose="Removed")
    add_visit(workspace, "mm", purpose="Newest", host_side=KEDOUGOU)
    write(workspace, [(("visits", "aa", "deleted"), True)])
    source = source_for(workspace)
    assert annex2.records(source) == ["zz", "mm"]
    oldest = annex2.build(source, "zz")
    assert after(oldest, "Purpose").text == "Oldest" and dict(after(oldest, "The visit").rows)["Proposal"] == "Visit 1 of 2"
    latest = annex2.build(source)
    assert dict(after(latest, "The visit").rows)["Host institution"] == KEDOUGOU
    assert latest.file_stem.endswith("-mm")


def test_unknown_or_deleted_visit_id_raises_a_one_line_report_error(workspace):
    add_visit(workspace, "v1")
    add_visit(workspace, "gone")
    write(workspace, [(("visits", "gone", "deleted"), True)])
    for record in ("nope", "gone"):
        with pytest.raises(ReportError) as error:
            annex2.build(source_for(workspace), record)
        assert str(error.value) == f"no visit proposal '{record}' in kossa-valmont, cycle 1"


def test_no_visit_proposal_yet_gives_a_document_that_says_so(workspace):
    source = source_for(workspace)
    assert annex2.records(source) == [None]
    document = annex2.build(source)
    assert document.file_stem == "kossa-valmont-annex2-cycle1"
    assert [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"] == \
        ["No visit proposal has been written yet. Add one in Step 5 under Visits."]
    assert isinstance(document.blocks[-1], SignOff) and document.header.institutions == (KOSSA, VALMONT)


def test_empty_proposal_shows_dashes_and_says_what_is_missing(workspace):
    add_plan_row(workspace, "p1", "partnership", 1, activity="Agree the MoU")
    add_visit(workspace, "v1", activities=["p1", "deleted-row"])
    write(workspace, [(("plan", "p1", "deleted"), True)])
    document = annex2.build(source_for(workspace))
    overview = dict(after(document, "The visit").rows)
    assert overview["Status"] == "Draft" and overview["First day"] == "—" and overview["Visiting institution"] == "—"
    assert after(document, "Purpose").text == "—"
    assert after(document, "Visiting team").text == "No member of the visiting team is listed yet."
    # linked rows deleted from the plan since are still named, not silently dropped
    assert after(document, "Plan activities the visit serves").rows == (
        ("—", "Activity p1, removed from the plan since"), ("—", "Activity deleted-row, removed from the plan since"))


def test_hostile_text_stays_text_and_is_escaped_in_html(workspace):
    add_visit(workspace, "v1", purpose=HOSTILE)
    add_member(workspace, "m1", "v1", name="<img src=x onerror=alert(1)>")
    document = annex2.build(source_for(workspace))
    assert after(document, "Purpose").text == HOSTILE
    assert after(document, "Visiting team").rows[0][0] == "<img src=x onerror=alert(1)>"
    html = render(document)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "<img src=x" not in html


def test_french_partnership_gets_french_titles(workspace, pack):
    workspace.add_partnership(build_config({
        "name": "Kédougou – São Tomé", "slug": "kedougou-saotome", "language": "fr", "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": KEDOUGOU, "country": "Sénégal"},
                                                {"name": "Hospital Ayres de Menezes", "country": "São Tomé"}]}, pack))
    nothing = annex2.build(source_for(workspace, "kedougou-saotome"))
    assert [b.text for b in blocks_of(nothing, Paragraph) if b.style == "empty"][0].startswith("Aucune proposition")
    add_visit(workspace, "v1", "kedougou-saotome", host_side=KEDOUGOU, start="2027-03-01")
    document = annex2.build(source_for(workspace, "kedougou-saotome"))
    assert document.title == "Annexe 2 : proposition de visite d'échange" and document.language == "fr"
    assert "Équipe en visite" in headings(document) and headings(document)[-1] == "Signatures"
    overview = dict(after(document, "La visite").rows)
    assert overview["Établissement d'accueil"] == KEDOUGOU and overview["Proposition"] == "Visite 1 sur 1"
    assert after(document, "Activités du plan servies par la visite").text == \
        "Aucune activité du plan n'est encore liée à cette visite."
