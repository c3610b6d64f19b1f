"""Spreadsheets for reading (`tpi export --format xlsx|csv`, a facilitator's Spreadsheet button):
written from the demo partnership and read back with openpyxl and csv; sheet names and headings
in the partnership's language, typed cells, who and when, hostile text kept as text, the network
workbook, and the mistakes refused before anything is written."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support import SLUG, signed_in_page
from tests.test_cli import assert_refused, tpi
from tpi_widgets.core.records import BASELINE, TEAM, new_record_writes
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.errors import TPIError
from tpi_widgets.exchange.sheets import export_sheets
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.store import Write
from tpi_widgets.workspace import Workspace

FORMULA = '=HYPERLINK("http://evil.example","click")'
FRENCH = "valmont-lome"


@pytest.fixture(scope="module")
def demo(tmp_path_factory, pack):
    """The demo partnership with every step's records, a hostile team member, and a second,
    French-speaking partnership with one rating."""
    workspace = Workspace.init(tmp_path_factory.mktemp("sheets") / "ws")
    config = read_config_file(SAMPLE_CONFIG)
    workspace.add_partnership(build_config(config, pack))
    write_sample_records(workspace, SLUG)
    store = workspace.store
    who = store.add_participant("Mallory", "Kossa District Hospital", "Nurse").id
    writes = new_record_writes(TEAM, "hostile", {"name": FORMULA, "role": "@SUM(A1)\x07bell", "institution": ""})
    store.write_many(store.partnership(SLUG).id, 1, [Write(*key, value) for key, value in writes], who)
    workspace.add_partnership(build_config({**config, "slug": FRENCH, "name": "Valmont – Lomé", "language": "fr"}, pack))
    store.write(store.partnership(FRENCH).id, 1, BASELINE, "ipc-01", "rating", 3, who)
    return workspace


@pytest.fixture(scope="module")
def workbook(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "kossa.xlsx"
    assert export_sheets(demo, [SLUG], "xlsx", out) == out
    return openpyxl.load_workbook(out)


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows())
    heads = [c.value for c in rows[0]]
    return [dict(zip(heads, row)) for row in rows[1:]]


def test_the_workbook_has_a_sheet_per_kind_of_record_in_step_order(workbook):
    assert workbook.sheetnames == ["1 Profile", "1 Team", "1 Partnership strength", "2 Baseline ratings", "3 Gaps",
                                   "4 Plan activities", "5 Visits", "5 Action reports", "5 Progress",
                                   "6 Follow-up ratings", "6 Indicators", "6 Review and decision"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"  # the header row stays in view
        assert sheet["A1"].value == "Cycle" and sheet.max_row > 1
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])


def test_ratings_are_labelled_with_their_number_beside_and_who_saved_them_when(workbook):
    rows = table(workbook["2 Baseline ratings"])
    first = rows[0]
    assert first["Code"].value == "IPC-01"
    assert first["Rating"].value == "2 · Partly in place" and first["Rating"].data_type == "s"
    assert first["Rating (number)"].value == 2 and first["Rating (number)"].data_type == "n"
    assert first["Saved by"].value == "Ibrahim Koroma"
    saved = first["Saved at (UTC)"]
    assert saved.is_date and isinstance(saved.value, dt.datetime)
    assert abs(saved.value - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(hours=1)


def test_dates_are_date_cells_and_amounts_numbers(workbook):
    plan = table(workbook["4 Plan activities"])[0]
    assert plan["No."].value == "1.1"
    assert plan["Start"].is_date and plan["Start"].value == dt.datetime(2026, 12, 1)
    assert plan["Start"].number_format == "yyyy-mm-dd"
    assert plan["Budget (USD)"].value == 600 and plan["Budget (USD)"].data_type == "n"
    visit = table(workbook["5 Visits"])[0]
    assert visit["First day"].value == dt.datetime(2027, 3, 8) and visit["Amount (USD)"].value == 7800
    progress = table(workbook["5 Progress"])[0]
    assert progress["Percent done"].value == 20 and progress["Date"].is_date
    gap = table(workbook["3 Gaps"])[0]
    assert (gap["Rank"].value, gap["Votes"].value, gap["Impact × feasibility"].value) == (1, 5, 9)
    assert gap["Focus area"].value is True


def test_a_formula_looking_participant_text_stays_text(workbook):
    hostile = next(r for r in table(workbook["1 Team"]) if r["Saved by"].value == "Mallory")
    assert hostile["Name"].value == FORMULA and hostile["Name"].data_type == "s"
    assert hostile["Name"].quotePrefix
    assert hostile["Role in the partnership"].value == "@SUM(A1)bell"  # the control character is gone
    assert hostile["Role in the partnership"].data_type == "s"


def test_headings_and_sheet_names_follow_the_partnerships_language(demo, tmp_path):
    out = export_sheets(demo, [FRENCH], "xlsx", tmp_path / "fr.xlsx")
    book = openpyxl.load_workbook(out)
    assert "2 Évaluation de référence" in book.sheetnames and "1 Équipe" in book.sheetnames
    rated = next(r for r in table(book["2 Évaluation de référence"]) if r["Code"].value == "IPC-01")
    assert rated["Cycle"].value == 1 and rated["Enregistré par"].value == "Mallory"
    assert rated["Note (nombre)"].value == 3 and " · " in rated["Note"].value


def test_the_network_workbook_has_every_partnerships_rows(demo, tmp_path):
    out = export_sheets(demo, [SLUG, FRENCH], "xlsx", tmp_path / "network.xlsx")
    rows = table(openpyxl.load_workbook(out)["2 Baseline ratings"])
    assert list(rows[0])[:2] == ["Partnership", "Cycle"]
    assert {r["Partnership"].value for r in rows} == {"Kossa – Valmont twinning partnership", "Valmont – Lomé"}


def test_a_cycle_asked_for_gives_only_its_rows(demo, tmp_path):
    out = export_sheets(demo, [SLUG], "xlsx", tmp_path / "c1.xlsx", cycle=1)
    assert {r["Cycle"].value for r in table(openpyxl.load_workbook(out)["4 Plan activities"])} == {1}


def test_a_csv_is_one_sheet_in_utf8_with_a_bom(demo, tmp_path):
    out = export_sheets(demo, [SLUG], "csv", tmp_path / "team.csv", sheet="1 team")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0])[:3] == ["Cycle", "No.", "Name"]
    assert any(r["Institution"] == "Hôpital Régional de Valmont" for r in rows)
    assert any(r["Name"] == "'" + FORMULA for r in rows)  # Excel's own "this is text" mark
    plan = export_sheets(demo, [SLUG], "csv", tmp_path / "plan.csv", sheet="plan")  # by its id too
    assert "2026-12-01" in plan.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args, message", [
    (("csv", None), "name it with --sheet (one of '1 Profile'"),
    (("csv", "nope"), "no sheet 'nope' (choose from '1 Profile', '1 Team'"),
    (("xlsx", "1 Team"), "--sheet goes with --format csv"),
])
def test_sheet_mistakes_are_refused_before_anything_is_written(demo, tmp_path, args, message):
    fmt, sheet = args
    with pytest.raises(TPIError, match=message.replace("(", r"\(").replace("'", "'")):
        export_sheets(demo, [SLUG], fmt, tmp_path / "x.out", sheet=sheet)
    assert list(tmp_path.iterdir()) == []


def test_the_cli_writes_a_workbook_and_refuses_mistakes_in_one_line(demo, tmp_path):
    out = tmp_path / "network.xlsx"
    done = tpi("export", demo.root, "--all-partnerships", "--format", "xlsx", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "Partnership" in [c.value for c in openpyxl.load_workbook(out)["1 Team"][1]]
    assert_refused(tpi("export", demo.root, SLUG, "--format", "xlsx", "--cycle", "7", "--out", tmp_path / "c.xlsx"),
                   "has no cycle 7")
    assert_refused(tpi("export", demo.root, SLUG, "--format", "csv", "--out", tmp_path / "t.csv"), "--sheet")
    assert_refused(tpi("export", demo.root, SLUG, "--format", "xlsx", "--out", tmp_path / "missing" / "x.xlsx"),
                   "no folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.xlsx"]


# the facilitator's button ------------------------------------------------------------------------
def test_a_facilitator_downloads_the_partnerships_workbook_from_a_step_page(workspace):
    from tpi_widgets.ui.kit.document_downloads import DocumentButton
    page = signed_in_page(workspace, 4, "Fatmata Bangura", facilitator=True)
    panel = page.documents_box.children[0]
    button = next(c for c in panel.children if isinstance(c, DocumentButton) and c.kind == "sheets")
    button._build(dt.date.today().isoformat(), "fr")  # what its thread runs
    assert "Spreadsheet (XLSX)" in button.result.value
    assert 'download="kossa-valmont-sheets.xlsx"' in button.result.value
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," in button.result.value
    book = openpyxl.load_workbook(workspace.root / "documents" / f"{SLUG}-sheets.xlsx")
    assert "4 Activités du plan" in book.sheetnames  # in the language the panel chose


def test_a_step_page_imports_pandas_and_openpyxl_only_when_the_spreadsheet_is_built(workspace):
    code = ("import json, sys\n"
            "from tpi_widgets.workspace import Workspace\n"
            "from tests.support import signed_in_page\n"
            f"page = signed_in_page(Workspace.open({str(workspace.root)!r}), 2)\n"
            "assert page.gate.participant is not None\n"
            "facilitator = signed_in_page(page.context.workspace, 2, 'Fatmata Bangura', facilitator=True)\n"
            "assert facilitator.documents_box.children  # the panel, its Spreadsheet button unclicked\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'openpyxl'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
