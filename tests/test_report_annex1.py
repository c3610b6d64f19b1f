"""Annex 1 (the partnership planning template) built from the store: the plan's header (Step 1's
profile, team and endorsement, the plan's period and areas, the focus areas), the plan grouped
and numbered as Step 4 shows it, every field of a row, each activity's status after its latest
progress, the budget summary, the empty plan, French strings and hostile text. Values are read
back from the HTML and the Word file, as a reader gets them."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import docx

from tpi_widgets.core.html import FSI, PDI
from tpi_widgets.partnership_config import build_config
from tpi_widgets.reports import annex1
from tpi_widgets.reports.docx_writer import write_docx
from tpi_widgets.reports.document import Facts, Heading, Paragraph, SignOff, Table
from tpi_widgets.reports.html import render
from tpi_widgets.reports.source import ReportSource
from tpi_widgets.context import StepContext
from tpi_widgets.store import Write

SLUG = "kossa-valmont"
KEDOUGOU = "Hôpital Régional de Kédougou"
HOSTILE = "<script>alert(1)</script>"
ARABIC = "مستشفى كوسا الإقليمي"  # right-to-left text


class _TableRows(HTMLParser):
    """The rows of every table of an HTML page, each cell's text with a note (a div) on its own line."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "div" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_rows(document) -> list[tuple[str, ...]]:
    """Every table row of the document's HTML page (facts, tables, the header) as its cells' text."""
    parser = _TableRows()
    parser.feed(render(document))
    return [tuple(row) for row in parser.rows]


def docx_rows(document, folder) -> list[tuple[str, ...]]:
    """Every table row of the document's Word file as its cells' text, without direction marks."""
    word = docx.Document(str(write_docx(document, folder / f"{document.file_stem}.docx")))
    return [tuple(cell.text.replace(FSI, "").replace(PDI, "") for cell in row.cells)
            for table in word.tables for row in table.rows]


def in_both(document, folder) -> list[list[tuple[str, ...]]]:
    """The document's table rows from its HTML, then from its Word file."""
    return [html_rows(document), docx_rows(document, folder)]


def row_of(rows, first: str) -> tuple[str, ...]:
    return next(row for row in rows if row and row[0] == first)


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
    assert fact(details, "Budget (USD)") == "1,500"  # typed "1500": a number, as the language writes it
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


PROFILE_WRITES = [
    ("profile", "institution-1", "level", "district-hospital"),
    ("profile", "institution-1", "address", f"Hospital Road, Kossa {HOSTILE}"),
    ("profile", "institution-2", "name", KEDOUGOU), ("profile", "institution-2", "level", "regional-hospital"),
    ("profile", "institution-2", "address", ARABIC),
    ("profile", "focal-1", "name", "Aminata Sesay"), ("profile", "focal-1", "email", "a.sesay@example.org"),
    ("profile", "partnership", "ministry", "Ministry of Health and Sanitation"),
    ("profile", "partnership", "district", "Kossa District Health Management Team"),
    ("profile", "partnership", "other_authorities", ARABIC),
    ("team", "m1", "deleted", False), ("team", "m1", "name", "Dr Mohamed Sesay"),
    ("team", "m1", "role", "Medical superintendent, sponsor"), ("team", "m1", "institution", "institution-1"),
    ("team", "m2", "deleted", False), ("team", "m2", "name", ARABIC), ("team", "m2", "role", HOSTILE),
    ("team", "m2", "institution", "institution-2"),
    ("focus", "ipc-03", "chosen", True), ("focus", "ipc-03", "rationale", "Raised by both wards"),
    ("focus", "ipc-01", "chosen", False)]


def test_the_plan_header_has_both_institutions_the_team_endorsement_period_and_areas(workspace, tmp_path):
    write(workspace, PROFILE_WRITES + plan_row("p1", "partnership", 1, start="2027-01-10", end="2027-03-31")
          + plan_row("b1", "technical", 1, "ipc", start="2026-12-15", end="2027-11-30")
          + plan_row("u1", "spread", 1, start="someday", end="2028-01-01"))  # not a date: not in the period
    document = annex1.build(source_for(workspace))
    names = headings(document)
    assert names[:7] == ["The partnership", "Institution 1: Kossa District Hospital", f"Institution 2: {KEDOUGOU}",
                         "Start and endorsement", "The partnership team", "Period and scope of the plan",
                         "Focus areas chosen from the gap analysis"]
    for rows in in_both(document, tmp_path):
        assert ("Level of care", "District or first-referral hospital") in rows
        assert ("Level of care", "Regional or provincial referral hospital") in rows
        assert ("Address", f"Hospital Road, Kossa {HOSTILE}") in rows and ("Address", ARABIC) in rows
        assert ("Focal point", "Aminata Sesay") in rows and ("Focal point's email", "a.sesay@example.org") in rows
        assert ("Partnership start date", "1 December 2026") in rows  # the registration's, not edited
        assert ("Endorsing ministry", "Ministry of Health and Sanitation") in rows
        assert ("Endorsing county or district", "Kossa District Health Management Team") in rows
        assert ("Other endorsing bodies", ARABIC) in rows
        assert row_of(rows, "1") == ("1", "Dr Mohamed Sesay", "Medical superintendent, sponsor",
                                     "Kossa District Hospital")
        assert row_of(rows, "2") == ("2", ARABIC, HOSTILE, KEDOUGOU)
        assert ("Plan period (from its activities' dates)", "15 December 2026 to 30 November 2027") in rows
        areas = row_of(rows, "Technical areas in scope")[1].splitlines()
        assert areas == ["Infection prevention and control and patient safety", "Health workforce",
                         "Surveillance and systems", "Essential health services"]
        assert row_of(rows, "IPC-03")[2] == "Raised by both wards"
    page = render(document)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f"<td><bdi>{ARABIC}</bdi></td>" in page  # set apart for direction, as typed
    assert document.header.institutions == ("Kossa District Hospital", KEDOUGOU)


def test_a_plan_without_dates_has_no_period(workspace, tmp_path):
    write(workspace, plan_row("p1", "partnership", 1, activity="Agree the MoU"))
    for rows in in_both(annex1.build(source_for(workspace)), tmp_path):
        assert ("Plan period (from its activities' dates)", "—") in rows


def progress(record: str, activity: str, **fields) -> list[tuple]:
    """A progress update as Step 5 writes it."""
    return [("progress", record, f, v) for f, v in {"deleted": False, **fields, "activity": activity}.items()]


def test_an_activity_status_follows_its_latest_progress_and_says_both_when_they_differ(workspace, tmp_path):
    write(workspace, plan_row("p1", "partnership", 1, activity="Agree the MoU", status="in-progress")
          + plan_row("p2", "partnership", 2, activity="Monthly calls", status="in-progress")
          + plan_row("p3", "partnership", 3, activity="Share the log", status="planned")
          + plan_row("p4", "partnership", 4, activity="Visit plan", status="delayed"))
    write(workspace, progress("g1", "p1", status="in-progress", date="2027-01-10")
          + progress("g2", "p2", status="in-progress", date="2027-02-01"))
    write(workspace, progress("g3", "p1", status="done", percent="100", date="2027-01-28")  # newer: the latest
          + progress("g4", "p1", comment="Signed copies filed"))  # newest, but says no status
    for rows in in_both(annex1.build(source_for(workspace)), tmp_path):
        assert row_of(rows, "1.1")[5] == "Progress: Done · 2027-01-28; plan: In progress"
        assert row_of(rows, "1.2")[5] == "In progress"  # the same: said once
        assert row_of(rows, "1.3")[5] == "Planned"  # no progress yet: the plan's
    write(workspace, progress("g5", "p4", status=None, percent="10"))
    document = annex1.build(source_for(workspace))
    assert row_of(html_rows(document), "1.4")[5] == "Delayed"  # an update without a status changes nothing


def test_a_progress_date_in_right_to_left_text_stays_literal(workspace, tmp_path):
    write(workspace, plan_row("p1", "partnership", 1, activity="Agree the MoU", status="planned")
          + progress("g1", "p1", status="done", date=ARABIC))
    document = annex1.build(source_for(workspace))
    for rows in in_both(document, tmp_path):
        assert row_of(rows, "1.1")[5] == f"Progress: Done · {ARABIC}; plan: Planned"
    assert f"Done · <bdi>{ARABIC}</bdi>; plan" in render(document)


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
    assert "Institution 2 : Hospital Ayres de Menezes" in headings(document)  # the agreement's own block
    assert ("Période du plan (d'après les dates des activités)", "—") in html_rows(document)
    assert headings(document)[-1] == "Signatures"
    assert any(b.style == "note" and b.text.startswith("1 budget(s) ne sont pas") for b in blocks_of(document, Paragraph))


def test_a_right_to_left_institution_name_is_set_apart_in_its_heading(workspace, tmp_path):
    name = "\u202e" + ARABIC  # with a RIGHT-TO-LEFT OVERRIDE, which must not reach past the name
    write(workspace, [("profile", "institution-2", "name", name)])
    document = annex1.build(source_for(workspace))
    assert f"<h3><bdi>Institution 2: <bdi>{name}</bdi></bdi></h3>" in render(document)
    word = docx.Document(str(write_docx(document, tmp_path / "a1.docx")))
    assert f"{FSI}Institution 2: {FSI}{name}{PDI}{PDI}" in [p.text for p in word.paragraphs]
