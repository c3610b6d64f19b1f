"""Editing Step 4's plan offline: `tpi template --step 4` writes the plan's rows (and empty rows to
add some) with drop-downs and date cells, `tpi import-sheet` reads the sheet back, every cell
checked, all or nothing, existing rows updated by their id and new rows added."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl

from tests.support import SLUG, shown, signed_in_page, stored, stored_entry
from tests.test_cli import snapshot, tpi
from tpi_widgets.core.records import PLAN, imported_role, new_record_writes
from tpi_widgets.exchange.plan_template import EMPTY_ROWS
from tpi_widgets.exchange.templates import FIRST_ROW, HEADING_ROW, PLAN_SHEET
from tpi_widgets.store import Write

VALMONT = "Hôpital Régional de Valmont"
# the sheet's columns, by letter
RECORD, NUMBER, OBJECTIVE, AREA, ACTIVITY, RESPONSIBLE, INSTITUTION = "A", "B", "C", "D", "F", "G", "H"
START, END, BUDGET, FUNDING, STATUS, GAPS = "I", "J", "L", "M", "R", "S"


def seed_plan(workspace):
    """Two rows as the page makes them: one of the partnership objective, one of IPC."""
    store = workspace.store
    writes = new_record_writes(PLAN, "row-one", {
        "objective": "partnership", "order": 1, "status": "planned", "activity": "Monthly call",
        "responsible": "Ana", "institution": VALMONT, "start": "2027-01-10", "end": "2027-06-30",
        "budget": "1 500", "funding": "Partnership grant"})
    writes += new_record_writes(PLAN, "row-two", {
        "objective": "technical", "area": "ipc", "order": 1, "status": "in-progress", "activity": "=Hand rub",
        "gaps": ["ipc-03"]})
    store.write_many(store.partnership(SLUG).id, 1, [Write(*key, value) for key, value in writes], None)


def template(workspace, tmp_path, slug: str = SLUG, rows: int = 2):
    out = tmp_path / "plan.xlsx"
    result = tpi("template", workspace.root, slug, "--step", 4, "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}: Step 4 of {slug}, {rows + EMPTY_ROWS} rows to fill" in result.stdout
    return out


def validations(book, sheet) -> dict[str, object]:
    """{first cell of the range: the validation}."""
    return {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}


def choices(book, validation) -> list[str]:
    name, cells = validation.formula1.lstrip("=").split("!")
    return [c.value for (c,) in book[name][cells.replace("$", "")]]


def fill(path, cells: dict[str, object]):
    book = openpyxl.load_workbook(path)
    for place, value in cells.items():
        book.worksheets[0][place] = value
    book.save(path)
    return path


def test_the_template_holds_the_plan_with_drop_downs_and_date_cells(workspace, tmp_path):
    seed_plan(workspace)
    book = openpyxl.load_workbook(template(workspace, tmp_path))
    sheet = book.worksheets[0]
    assert sheet.title == "Partnership plan" and book["lists"].sheet_state == "hidden"
    assert [c.value for c in sheet[HEADING_ROW]] == [
        "Row id", "No.", "Objective", "Technical area", "Expected result", "Activity", "Responsible",
        "Institution", "Start", "End", "Resources needed", "Budget (USD)", "Funding source", "Indicator",
        "Baseline", "Target", "Means of verification", "Status", "Gaps addressed"]
    first, second = FIRST_ROW, FIRST_ROW + 1  # the page's order: objective 1, then 2.1
    assert [sheet[f"{c}{first}"].value for c in (RECORD, NUMBER, OBJECTIVE, AREA, ACTIVITY, INSTITUTION)] == [
        "row-one", "1.1", "1. Partnership development", None, "Monthly call", VALMONT]
    assert sheet[f"{START}{first}"].value == dt.datetime(2027, 1, 10)  # a date cell, not text
    assert sheet[f"{START}{first}"].number_format == "yyyy-mm-dd"
    assert sheet[f"{BUDGET}{first}"].value == 1500 and sheet[f"{STATUS}{first}"].value == "Planned"
    assert [sheet[f"{c}{second}"].value for c in (RECORD, NUMBER, AREA, STATUS, GAPS)] == [
        "row-two", "2.1.1", "Infection prevention and control and patient safety", "In progress", "IPC-03"]
    assert sheet[f"{ACTIVITY}{second}"].data_type == "s"  # a text starting with = stays text
    assert sheet[f"{RECORD}{second + 1}"].value is None and sheet.max_row == FIRST_ROW + 1 + EMPTY_ROWS
    # the id is hidden and locked; the fields are open to edit
    assert sheet.column_dimensions[RECORD].hidden and sheet[f"{RECORD}{first}"].protection.locked
    assert not sheet[f"{ACTIVITY}{first}"].protection.locked and sheet.protection.sheet
    rules = validations(book, sheet)
    last = FIRST_ROW + 1 + EMPTY_ROWS
    assert str(rules[f"{STATUS}{FIRST_ROW}"].sqref) == f"{STATUS}{FIRST_ROW}:{STATUS}{last}"
    assert choices(book, rules[f"{OBJECTIVE}{FIRST_ROW}"]) == [
        "1. Partnership development", "2. Technical improvement", "3. Spread"]
    assert len(choices(book, rules[f"{AREA}{FIRST_ROW}"])) == 4  # the partnership's areas only
    assert choices(book, rules[f"{INSTITUTION}{FIRST_ROW}"]) == ["Kossa District Hospital", VALMONT]
    assert choices(book, rules[f"{STATUS}{FIRST_ROW}"]) == ["Planned", "In progress", "Done", "Delayed", "Dropped"]
    assert rules[f"{STATUS}{FIRST_ROW}"].showErrorMessage
    assert not rules[f"{FUNDING}{FIRST_ROW}"].showErrorMessage  # suggestions, as on the page
    assert {rules[f"{START}{FIRST_ROW}"].type, rules[f"{END}{FIRST_ROW}"].type} == {"date"}
    assert rules[f"{BUDGET}{FIRST_ROW}"].type == "decimal"


def test_the_headings_name_one_column_each_in_every_language(workspace):
    headings = PLAN_SHEET.headings(workspace.pack, currency="USD")
    for language in workspace.pack.languages:
        texts = [workspace.pack.text(c.heading, language, currency="USD").lower() for c in PLAN_SHEET.columns]
        assert [headings[t] for t in texts] == [c.key for c in PLAN_SHEET.columns]


def test_a_filled_plan_updates_its_rows_and_adds_new_ones(workspace, tmp_path):
    seed_plan(workspace)
    new, other = FIRST_ROW + 2, FIRST_ROW + 3
    path = fill(template(workspace, tmp_path), {
        f"{ACTIVITY}{FIRST_ROW}": "Weekly call", f"{STATUS}{FIRST_ROW}": "Done", f"{FUNDING}{FIRST_ROW}": None,
        f"{OBJECTIVE}{new}": "2. Technical improvement", f"{AREA}{new}": "Infection prevention and control and patient safety",
        f"{ACTIVITY}{new}": "Train ward link nurses", f"{START}{new}": dt.date(2027, 3, 1), f"{END}{new}": "2027-04-30",
        f"{BUDGET}{new}": 250.5, f"{GAPS}{new}": "ipc-01; IPC-02", f"{INSTITUTION}{new}": "Kossa District Hospital",
        f"{OBJECTIVE}{other}": "3. Spread", f"{ACTIVITY}{other}": "Share the results"})
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana Kamara")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"Imported 15 values of 3 plan rows (2 new) into {SLUG}, cycle 1, "
                                     f"saved by Ana Kamara (imported from {path.name})")
    # an existing row: only what changed, an emptied cell empties its field
    assert stored(workspace, PLAN, "row-one", "activity") == "Weekly call"
    assert stored(workspace, PLAN, "row-one", "status") == "done" and stored(workspace, PLAN, "row-one", "funding") == ""
    assert stored(workspace, PLAN, "row-one", "budget") == "1 500"  # 1500 in the sheet: unchanged, as typed
    assert stored_entry(workspace, PLAN, "row-one", "start").participant_id is None
    rows = workspace.store.read(workspace.store.partnership(SLUG).id, 1, PLAN)
    (added,) = [r for r in rows if r not in ("row-one", "row-two") and rows[r]["objective"].value == "technical"]
    assert len(added) == 8  # a new id, as the page's Add button makes
    assert {f: e.value for f, e in rows[added].items()} == {
        "objective": "technical", "area": "ipc", "activity": "Train ward link nurses", "start": "2027-03-01",
        "end": "2027-04-30", "budget": "250.5", "gaps": ["ipc-01", "ipc-02"], "institution": "Kossa District Hospital",
        "status": "planned", "order": 2, "deleted": False}  # after row-two in its group, the default status
    entry = rows[added]["activity"]
    (importer,) = [p for p in workspace.store.participants() if p.id == entry.participant_id]
    assert (importer.name, importer.role) == ("Ana Kamara", imported_role(path.name))
    # the Step 4 page shows the rows where they belong, saved by the importer
    page = signed_in_page(workspace, 4, name="Bo")
    groups = {group.key: group for group in page.groups()}
    assert groups[("technical", "ipc")].rows == ("row-two", added)
    assert groups[("technical", "ipc")].row_number(added) == "2.1.2" and len(groups[("spread", None)].rows) == 1
    card = page.cards[added]
    assert card in page.group_boxes[("technical", "ipc")].children
    assert "Train ward link nurses" in shown(card.summary.value)
    assert f"Ana Kamara (imported from {path.name})" in shown(card.summary.value)
    assert "Weekly call" in shown(page.cards["row-one"].summary.value)


def test_every_bad_cell_is_named_and_nothing_is_written(workspace, tmp_path):
    seed_plan(workspace)
    limit = workspace.pack.limits.line
    rows = [FIRST_ROW + n for n in range(8)]
    path = fill(template(workspace, tmp_path), {
        f"{STATUS}{rows[0]}": "Finished", f"{BUDGET}{rows[0]}": "lots",
        f"{START}{rows[1]}": dt.date(2027, 5, 1), f"{END}{rows[1]}": dt.date(2027, 4, 1),
        f"{OBJECTIVE}{rows[2]}": "2. Technical improvement", f"{ACTIVITY}{rows[2]}": "x",
        f"{OBJECTIVE}{rows[3]}": "1. Partnership development", f"{AREA}{rows[3]}": "Health workforce",
        f"{START}{rows[3]}": "next week", f"{FUNDING}{rows[3]}": "y" * (limit + 1),
        f"{ACTIVITY}{rows[4]}": "no objective", f"{GAPS}{rows[4]}": "IPC-01, XYZ-9",
        f"{RECORD}{rows[5]}": "row-404", f"{ACTIVITY}{rows[5]}": "z",
        f"{RECORD}{rows[6]}": "row-one", f"{INSTITUTION}{rows[7]}": "Elsewhere", f"{OBJECTIVE}{rows[7]}": "=A1"})
    before = snapshot(workspace.root)
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    sheet = "Partnership plan"
    assert lines == [
        f"tpi: 13 problems in {path.name}; nothing was imported:",
        f"{sheet}, row 4, column L (Budget (USD)): 'lots' is not a number",
        f"{sheet}, row 4, column R (Status): 'Finished' is not in the list (choose from the list)",
        f"{sheet}, row 5, column J (End): the end is before the start",
        f"{sheet}, row 6, column D (Technical area): a technical row needs its area (choose from the list)",
        f"{sheet}, row 7, column I (Start): 'next week' is not a date (a date cell, or YYYY-MM-DD)",
        f"{sheet}, row 7, column M (Funding source): {limit + 1} characters; too long: at most {limit} characters",
        f"{sheet}, row 7, column D (Technical area): only a technical row has an area; leave it empty",
        f"{sheet}, row 8, column S (Gaps addressed): XYZ-9: not an item of this partnership's areas",
        f"{sheet}, row 8, column C (Objective): a row needs its objective (choose from the list)",
        f"{sheet}, row 9, column A (Row id): 'row-404' is not a row of this plan (leave the id empty to add a row)",
        f"{sheet}, row 10, column A (Row id): row-one again (first on row 4)",
        f"{sheet}, row 11, column C (Objective): a formula; type the value itself",
        f"{sheet}, row 11, column H (Institution): 'Elsewhere' is not in the list (choose from the list)"]
    assert snapshot(workspace.root) == before


def test_a_dry_run_checks_and_writes_nothing(workspace, tmp_path):
    seed_plan(workspace)
    path = fill(template(workspace, tmp_path), {f"{ACTIVITY}{FIRST_ROW}": "Weekly call"})
    before = snapshot(workspace.root)
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "1 values of 1 plan rows (0 new) would be imported" in result.stdout and "nothing written" in result.stdout
    assert snapshot(workspace.root) == before


def test_a_french_sheet_is_recognised_and_read(workspace, tmp_path, sample_config):
    workspace.add_partnership(dataclasses.replace(sample_config, slug="kossa-fr", language="fr"))
    path = template(workspace, tmp_path, "kossa-fr", rows=0)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "Plan du partenariat" and sheet[f"{STATUS}{HEADING_ROW}"].value == "Statut"
    objective = sheet[f"{OBJECTIVE}{HEADING_ROW}"].value
    assert objective == "Objectif"
    fill(path, {f"{OBJECTIVE}{FIRST_ROW}": "3. " + workspace.pack_in("fr").objectives[2].title,
                f"{ACTIVITY}{FIRST_ROW}": "Partager"})
    result = tpi("import-sheet", workspace.root, "kossa-fr", path, "--participant", "Ana")
    assert result.returncode == 0, result.stderr
    (record,) = workspace.store.read(workspace.store.partnership("kossa-fr").id, 1, PLAN)
    assert stored(workspace, PLAN, record, "objective", slug="kossa-fr") == "spread"


def test_a_locked_step_refuses_the_import(workspace, tmp_path):
    from tpi_widgets.core.access import LOCKED, lock_record
    from tpi_widgets.core.records import LOCKS
    seed_plan(workspace)
    workspace.store.write(workspace.store.partnership(SLUG).id, 1, LOCKS, lock_record(4), LOCKED, True, None)
    path = fill(template(workspace, tmp_path), {f"{ACTIVITY}{FIRST_ROW}": "Weekly call"})
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2 and "1 problem" in result.stderr and "locked" in result.stderr
    assert stored(workspace, PLAN, "row-one", "activity") == "Monthly call"
