"""Filling Step 2 offline: `tpi template` writes the sheet, `tpi import-sheet` reads it back, every
cell checked, all or nothing, the values saved by a participant marked as imported."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.support import KOSSA, SLUG, open_step, shown, sign_in, signed_in_page, stored, stored_entry
from tests.test_cli import snapshot, tpi
from tpi_widgets.core import reconcile
from tpi_widgets.core.records import BASELINE, imported_from, imported_role
from tpi_widgets.exchange.templates import FIRST_ROW, HEADING_ROW, INSTRUCTION_ROW
from tpi_widgets.store import Write, schema

IPC_ITEMS = 8  # the sample partnership's first area


def template(workspace, tmp_path, slug: str = SLUG):
    out = tmp_path / f"{slug}-baseline.xlsx"
    result = tpi("template", workspace.root, slug, "--step", 2, "--out", out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    return out


def rows_by_code(sheet) -> dict[str, int]:
    return {sheet.cell(row, 2).value: row for row in range(FIRST_ROW, sheet.max_row + 1)}


def fill(path, values: dict[str, tuple], out=None):
    """Fill the template as a facility does: {item code: (rating, evidence, source)}."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = rows_by_code(sheet)
    for code, cells in values.items():
        for column, value in zip((4, 5, 6), cells):
            sheet.cell(rows[code], column).value = value
    book.save(out or path)
    return out or path


def drop_down_choices(book, sheet) -> list[str]:
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref).startswith(f"D{FIRST_ROW}:")
    name, cells = validation.formula1.lstrip("=").split("!")
    return [c.value for (c,) in book[name][cells.replace("$", "")]]


def test_the_template_lists_every_item_with_the_scale_as_a_drop_down(workspace, tmp_path):
    book = openpyxl.load_workbook(template(workspace, tmp_path))
    sheet = book.worksheets[0]
    items = [item for area in workspace.pack.areas if area.id in workspace.store.partnership(SLUG).areas
             for item in area.items]
    assert [sheet.cell(HEADING_ROW, c).value for c in range(1, 7)] == [
        "Technical area", "Item", "Statement", "Rating", "Evidence", "Source"]
    assert list(rows_by_code(sheet)) == [item.id.upper() for item in items]
    assert sheet.cell(FIRST_ROW, 3).value == items[0].text
    assert drop_down_choices(book, sheet) == ["0 · Not in place", "1 · Planned or started", "2 · Partly in place",
                                              "3 · Mostly in place", "4 · Fully in place", "Not applicable"]
    # the pack's columns are locked, the ones to fill are not
    assert sheet.protection.sheet and sheet.cell(FIRST_ROW, 2).protection.locked
    assert not sheet.cell(FIRST_ROW, 4).protection.locked
    assert sheet.column_dimensions["C"].width >= 40


def test_a_french_partnership_gets_its_sheet_in_french(workspace, tmp_path, sample_config):
    workspace.add_partnership(dataclasses.replace(sample_config, slug="kossa-fr", name="=HYPERLINK(\"x\")",
                                                  language="fr"))
    book = openpyxl.load_workbook(template(workspace, tmp_path, "kossa-fr"))
    sheet = book.worksheets[0]
    assert sheet.title == "Évaluation de base"
    assert [sheet.cell(HEADING_ROW, c).value for c in range(1, 7)] == [
        "Domaine technique", "Élément", "Énoncé", "Niveau", "Preuves", "Source"]
    assert sheet.cell(INSTRUCTION_ROW, 1).value.startswith("Choisissez un niveau")
    french = workspace.pack_in("fr").scale
    assert drop_down_choices(book, sheet)[2] == f"2 · {french.label(2)}" != "2 · Partly in place"
    # a partnership's name is text in the sheet, never a formula
    assert sheet.cell(1, 1).data_type == "s" and sheet.cell(1, 1).value.startswith("=HYPERLINK")


def test_a_filled_sheet_is_imported_as_the_facilitys_proposals(workspace, tmp_path):
    path = fill(template(workspace, tmp_path), {
        "IPC-01": ("2 · Partly in place", "+2 wards since May", "Ward audit"),
        "IPC-02": ("Not applicable", None, None),
        "IPC-03": (None, "Soap at 9 of 12 sinks", None)})
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana Kamara")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        f"Imported 5 values of 3 items into {SLUG}, cycle 1, saved by Ana Kamara (imported from {path.name})"]
    entry = stored_entry(workspace, BASELINE, "ipc-01", "rating")
    assert entry.value == 2 and stored(workspace, BASELINE, "ipc-02", "rating") == "na"
    assert stored(workspace, BASELINE, "ipc-01", "evidence") == "+2 wards since May"
    assert stored(workspace, BASELINE, "ipc-03", "evidence") == "Soap at 9 of 12 sinks"
    assert stored(workspace, BASELINE, "ipc-03", "rating") is None  # an empty cell writes nothing
    assert stored(workspace, BASELINE, "ipc-04", "source") is None  # nor does an empty row
    # saved by a participant whose role records the file; the rating is their proposal, not agreed
    (importer,) = [p for p in participants(workspace) if p.name == "Ana Kamara"]
    assert importer.id == entry.participant_id and importer.role == imported_role(path.name)
    assert imported_from(importer.role) == path.name
    proposals = workspace.store.read(workspace.store.partnership(SLUG).id, 1, reconcile.proposals_collection(BASELINE))
    assert proposals["ipc-01"][str(importer.id)].value == 2
    assert stored(workspace, BASELINE, "ipc-01", "agreed") is None


def participants(workspace):
    with workspace.store.engine.connect() as c:
        return c.execute(sa.select(schema.participants)).all()


def test_an_agreed_rating_stays_and_the_import_is_only_a_proposal(workspace, tmp_path):
    partnership = workspace.store.partnership(SLUG).id
    workspace.store.write_many(partnership, 1, [
        Write(*key, value)
        for key, value in reconcile.agree_writes(BASELINE, "ipc-01", 4)], None)
    path = fill(template(workspace, tmp_path), {"IPC-01": ("1 · Planned or started", None, None)})
    assert tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana").returncode == 0
    assert stored(workspace, BASELINE, "ipc-01", "rating") == 4
    proposals = workspace.store.read(partnership, 1, reconcile.proposals_collection(BASELINE))
    assert [entry.value for entry in proposals["ipc-01"].values()] == [1]


def test_the_step_2_page_shows_an_imported_value_as_imported(workspace, tmp_path):
    path = fill(template(workspace, tmp_path), {"IPC-02": (None, "Audit results", None)})
    assert tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana Kamara").returncode == 0
    page = signed_in_page(workspace, 2, name="Bo")
    row = page.rows["ipc-02"]
    assert row.evidence.value == "Audit results"
    assert f"Saved by Ana Kamara (imported from {path.name}) at" in shown(row.status.value)


def test_every_bad_cell_is_named_and_nothing_is_written(workspace, tmp_path):
    path = fill(template(workspace, tmp_path), {
        "IPC-01": ("2 · Partly in place", "fine", None),
        "IPC-02": ("7 · Perfect", None, None),
        "IPC-03": (None, "x" * (workspace.pack.limits.note + 1), None),
        "IPC-04": ("=A1", None, "y" * (workspace.pack.limits.line + 1))})
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["B9"], book.worksheets[0]["E9"] = "XYZ-99", "notes"  # a changed code, and filled
    book.save(path)
    before = snapshot(workspace.root)
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"tpi: 5 problems in {path.name}; nothing was imported:"
    sheet = "Baseline assessment"
    assert lines[1:] == [
        f"{sheet}, row 5, column D (Rating): '7 · Perfect' is not on the scale (choose from the list)",
        f"{sheet}, row 6, column E (Evidence): {workspace.pack.limits.note + 1} characters; "
        f"too long: at most {workspace.pack.limits.note} characters",
        f"{sheet}, row 7, column D (Rating): a formula; type the value itself",
        f"{sheet}, row 7, column F (Source): {workspace.pack.limits.line + 1} characters; "
        f"too long: at most {workspace.pack.limits.line} characters",
        f"{sheet}, row 9, column B (Item): 'XYZ-99' is not an item of this partnership's areas"]
    assert snapshot(workspace.root) == before


@pytest.mark.parametrize("damage, needle", [
    (lambda book: setattr(book.worksheets[0], "title", "Sheet1"), "no sheet named 'Avaliação de base' or 'Baseline assessment'"),
    (lambda book: setattr(book.worksheets[0].cell(HEADING_ROW, 4), "value", "Score"),
     "Baseline assessment, row 3, column D: no column 'Rating'")])
def test_a_wrong_sheet_or_a_missing_column_is_refused(workspace, tmp_path, damage, needle):
    path = fill(template(workspace, tmp_path), {"IPC-01": ("2 · Partly in place", None, None)})
    book = openpyxl.load_workbook(path)
    damage(book)
    book.save(path)
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("tpi: 1 problem in") and needle in result.stderr


def test_a_file_that_is_not_a_workbook_is_refused(workspace, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2 and "notes.xlsx: not an XLSX workbook" in result.stderr


def test_a_dry_run_checks_and_writes_nothing(workspace, tmp_path):
    path = fill(template(workspace, tmp_path), {"IPC-01": ("3 · Mostly in place", "ok", "audit")})
    before = snapshot(workspace.root)
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "3 values of 1 items would be imported" in result.stdout and "nothing written" in result.stdout
    assert snapshot(workspace.root) == before


def test_a_locked_step_refuses_the_import(workspace, tmp_path):
    from tpi_widgets.core.access import LOCKED, lock_record
    from tpi_widgets.core.records import LOCKS
    workspace.store.write(workspace.store.partnership(SLUG).id, 1, LOCKS, lock_record(2), LOCKED, True, None)
    path = fill(template(workspace, tmp_path), {"IPC-01": ("3 · Mostly in place", None, None)})
    result = tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana")
    assert result.returncode == 2 and "1 problem" in result.stderr
    assert stored(workspace, BASELINE, "ipc-01", "rating") is None


@pytest.mark.browser
def test_imported_values_show_on_the_step_2_page(chromium, server, workspace, tmp_path):
    path = fill(template(workspace, tmp_path), {"IPC-01": ("3 · Mostly in place", "Committee minutes", None)})
    assert tpi("import-sheet", workspace.root, SLUG, path, "--participant", "Ana Kamara").returncode == 0
    context = chromium.new_context()
    page = open_step(context, server, 2)
    sign_in(page, "Bo Lindqvist", KOSSA, "Surgeon")
    expect(page.get_by_label("IPC-01 evidence")).to_have_value("Committee minutes")
    row = page.locator(".tpi-item").filter(has=page.get_by_label("IPC-01 evidence"))
    expect(row).to_contain_text("Proposed: 3 · Mostly in place (by Ana Kamara (imported from")
    expect(row.locator(".tpi-status-saved")).to_contain_text(f"imported from {path.name}")
    context.close()
