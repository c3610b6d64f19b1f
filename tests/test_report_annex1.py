"""Annex 1 (the partnership planning template) built from the store: the partnership section,
the plan grouped and numbered as Step 4 shows it, every field of a row, the budget summary,
the empty plan, French strings and hostile text."""

from __future__ import annotations

import datetime as dt

from tpi_widgets.partnership_config import build_config
from tpi_widgets.reports import annex1
from tpi_widgets.reports.document import Facts, Heading, Paragraph, SignOff, Table
from tpi_widgets.reports.html import render
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.context import StepContext
from tpi_widgets.store import Write

SLUG = "kossa-valmont"
KEDOUGOU = "Hôpital Régional de Kédougou"
HOSTILE = "<script>alert(1)</script>"


def source_for(workspace, slug: str = SLUG) -> ReportSource:
    return ReportSource(StepContext(workspace, workspace.store.partnership(slug), 1), dt.date(2026, 11, 27))


def write(workspace, writes: list[tuple[str, str, str, object]], slug: str = SLUG):
    store = workspace.store
    who = store.add_participant("Aminata Sesay", "Kossa District Hospital", "Nurse").id
    store.write_many(store.partnership(slug).id, 1, [Write(*w) for w in writes], who)


def plan_row(record: str, objective: str, order: int, area: str | None = None, **fields) -> list[tuple]:
    """A row as Step 4 writes it: its fields, then the objective last."""
    values = {"order": order, "status": "planned", "deleted": False, **fields}
    if area:
        values["area"] = area
    return [("plan", record, f, v) for f, v in values.items()] + [("plan", record, "objective", objective)]


def blocks_of(document, kind):
    return [b for b in document.blocks if isinstance(b, kind)]


def headings(document) -> list[str]:
    return [b.text for b in blocks_of(document, Heading)]


def fact(block: Facts, label: str) -> str:
    return dict(block.rows)[label]


def details_for(document, number: str) -> Facts:
    return next(b for b in blocks_of(document, Facts) if b.rows[0][0] == f"Activity {number}")


FULL_ROW = dict(result="Fewer surgical site infections", activity="Train ward staff in hand hygiene",
                responsible="Dr Fatou Diallo", institution=KEDOUGOU, start="2027-01-10", end="2027-03-31",
                resources="Trainers from São Tomé, hand rub", budget="1500", funding="Partnership grant",
                indicator="Hand hygiene compliance", baseline="30%", target="80%",
                verification="Monthly audit sheets", status="in-progress", gaps=["ipc-01", "ipc-02"])


def test_plan_is_grouped_by_objective_and_area_with_step4_numbers(workspace):
    write(workspace, plan_row("b2", "technical", 2, "ipc", activity="Audit wards")
          + plan_row("b1", "technical", 1, "ipc", **FULL_ROW)
          + plan_row("w1", "technical", 1, "workforce", activity="Mentor midwives")
          + plan_row("p1", "partnership", 1, activity="Agree the MoU")
          + plan_row("s1", "spread", 1, activity="Share with the district")
          + plan_row("gone", "partnership", 2, activity="Deleted row") + [("plan", "gone", "deleted", True)])
    document = annex1.build(source_for(workspace))

    assert document.kind == "annex1" and document.title == "Annex 1: partnership planning template"
    assert document.file_stem == "kossa-valmont-annex1-cycle1"
    names = headings(document)
    order = ["Objective 1: Partnership development", "Objective 2: Technical improvement",
             "2.1 Infection prevention and control and patient safety", "2.2 Health workforce", "Objective 3: Spread"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)
    tables = [t for t in blocks_of(document, Table) if t.columns[0] == "No."]
    numbered = [row[:2] for t in tables for row in t.rows]
    assert numbered == [("1.1", "Agree the MoU"), ("2.1.1", "Train ward staff in hand hygiene"),
                        ("2.1.2", "Audit wards"), ("2.2.1", "Mentor midwives"), ("3.1", "Share with the district")]
    assert all("Deleted row" not in str(b) for b in document.blocks)
    # areas in scope but without a row say so
    assert "2.3 Surveillance and systems" in names
    assert any(isinstance(b, Paragraph) and b.style == "empty" and b.text == "No activity in this group yet."
               for b in document.blocks)


def test_every_annex1_field_of_a_row_is_in_the_document(workspace):
    write(workspace, plan_row("b1", "technical", 1, "ipc", **FULL_ROW))
    document = annex1.build(source_for(workspace))
    main = next(t for t in blocks_of(document, Table) if t.columns[0] == "No.")
    assert main.columns == ("No.", "Activity", "Responsible", "Start", "End", "Status")
    assert main.rows == (("2.1.1", "Train ward staff in hand hygiene", f"Dr Fatou Diallo ({KEDOUGOU})",
                          "2027-01-10", "2027-03-31", "In progress"),)
    assert len(main.widths) == len(main.columns)
    details = details_for(document, "2.1.1")
    assert fact(details, "Expected result") == "Fewer surgical site infections"
    assert "Institution" not in dict(details.rows) and "Status" not in dict(details.rows)  # in the main table
    assert fact(details, "Resources needed") == "Trainers from São Tomé, hand rub"
    assert fact(details, "Budget (USD)") == "1500"
    assert fact(details, "Funding source") == "Partnership grant"
    assert (fact(details, "Indicator"), fact(details, "Baseline"), fact(details, "Target")) == \
        ("Hand hygiene compliance", "30%", "80%")
    assert fact(details, "Means of verification") == "Monthly audit sheets"
    gaps = fact(details, "Gaps addressed")
    assert gaps.startswith("IPC-01 A trained IPC focal person") and "\nIPC-02 " in gaps


def test_blank_fields_show_a_dash_and_an_unknown_status_its_id(workspace):
    write(workspace, plan_row("p1", "partnership", 1, status="paused"))
    details = details_for(annex1.build(source_for(workspace)), "1.1")
    assert fact(details, "Activity 1.1") == "—" and fact(details, "Budget (USD)") == "—"
    assert fact(details, "Gaps addressed") == "—"
    main = next(t for t in blocks_of(annex1.build(source_for(workspace)), Table) if t.columns[0] == "No.")
    assert main.rows == (("1.1", "—", "—", "—", "—", "paused"),)


def test_budget_summary_by_objective_and_funding_with_non_numbers_counted_apart(workspace):
    write(workspace, plan_row("p1", "partnership", 1, budget="1000", funding="Partnership grant")
          + plan_row("b1", "technical", 1, "ipc", budget="2500.5", funding=" Partnership  grant ")
          + plan_row("b2", "technical", 2, "ipc", budget="300", funding="")
          + plan_row("s1", "spread", 1, budget="about 200", funding="Other donor"))
    document = annex1.build(source_for(workspace))
    assert "Budget summary (USD)" in headings(document)
    by_objective = next(t for t in blocks_of(document, Table) if t.columns == ("Objective", "Amount"))
    assert by_objective.rows == (("1. Partnership development", "1,000"), ("2. Technical improvement", "2,800.50"),
                                 ("3. Spread", "0"), ("Total", "3,800.50"))
    by_funding = next(t for t in blocks_of(document, Table) if t.columns == ("Funding source", "Amount"))
    assert by_funding.rows == (("Partnership grant", "3,500.50"), ("Source not given", "300"), ("Total", "3,800.50"))
    note = next(b for b in blocks_of(document, Paragraph) if b.style == "note" and "budget(s)" in b.text)
    assert note.text.startswith("1 budget(s)")


def test_partnership_section_names_both_sides_focal_points_start_and_focus(workspace):
    write(workspace, [("profile", "focal-1", "name", "Aminata Sesay"), ("profile", "focal-1", "role", "Matron"),
                      ("profile", "focal-1", "email", "a.sesay@example.org"),
                      ("profile", "institution-2", "name", KEDOUGOU),
                      ("profile", "focal-2", "name", "João da São Tomé"),
                      ("focus", "ipc-03", "chosen", True), ("focus", "ipc-03", "rationale", "Raised by both wards"),
                      ("focus", "ipc-01", "chosen", False)])
    document = annex1.build(source_for(workspace))
    assert headings(document)[:2] == ["The partnership", "Focus areas chosen from the gap analysis"]
    facts = blocks_of(document, Facts)[0]
    assert fact(facts, "Institution 1") == "Kossa District Hospital (Sierra Leone)"
    assert fact(facts, "Institution 2") == f"{KEDOUGOU} (France)"
    assert fact(facts, "Focal point at Kossa District Hospital") == "Aminata Sesay · Matron · a.sesay@example.org"
    assert fact(facts, f"Focal point at {KEDOUGOU}") == "João da São Tomé"
    assert fact(facts, "Partnership start date") == "2026-12-01"
    focus = next(t for t in blocks_of(document, Table) if t.columns[0] == "Code")
    assert [(code, rationale) for code, _, rationale in focus.rows] == [("IPC-03", "Raised by both wards")]
    assert document.header.institutions == ("Kossa District Hospital", KEDOUGOU)


def test_empty_plan_says_so_with_header_and_sign_off(workspace):
    document = annex1.build(source_for(workspace))
    assert annex1.records(source_for(workspace)) == [None]
    empty = [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"]
    assert "The plan has no activity yet." in empty and "No focus area has been chosen yet." in empty
    assert not [t for t in blocks_of(document, Table) if t.columns[0] == "No."]
    assert document.header.partnership == "Kossa – Valmont twinning partnership"
    assert headings(document)[-1] == "Sign-off" and isinstance(document.blocks[-1], SignOff)
    assert document.blocks[-1].signatories == ("Kossa District Hospital", "Hôpital Régional de Valmont")


def test_hostile_text_stays_text_and_is_escaped_in_html(workspace):
    write(workspace, plan_row("p1", "partnership", 1, activity=HOSTILE, verification="<b>bold</b> & more"))
    document = annex1.build(source_for(workspace))
    assert fact(details_for(document, "1.1"), "Activity 1.1") == HOSTILE
    html = render(document)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_french_partnership_gets_french_titles(workspace, pack):
    workspace.add_partnership(build_config({
        "name": "Kédougou – São Tomé", "slug": "kedougou-saotome", "language": "fr", "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": KEDOUGOU, "country": "Sénégal"},
                                                {"name": "Hospital Ayres de Menezes", "country": "São Tomé"}]}, pack))
    write(workspace, plan_row("b1", "technical", 1, "ipc", activity="Former le personnel", budget="abc"),
          slug="kedougou-saotome")
    document = annex1.build(source_for(workspace, "kedougou-saotome"))
    assert document.title == "Annexe 1 : modèle de planification du partenariat" and document.language == "fr"
    assert "Le partenariat" in headings(document) and "Récapitulatif du budget (USD)" in headings(document)
    main = next(t for t in blocks_of(document, Table) if t.columns[0] == "N°")
    assert main.rows[0][:2] == ("2.1.1", "Former le personnel")
    facts = blocks_of(document, Facts)[0]
    assert fact(facts, "Établissement 2") == "Hospital Ayres de Menezes (São Tomé)"
    assert headings(document)[-1] == "Signatures"
    assert any(b.style == "note" and b.text.startswith("1 budget(s) ne sont pas") for b in blocks_of(document, Paragraph))
