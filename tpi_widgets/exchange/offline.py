"""`tpi template` and `tpi import-sheet`: each spreadsheet to its step's writer and reader, so the
sheets' modules stay independent. Step 2's: exchange/templates.py and exchange/sheet_import.py;
Step 4's plan: exchange/plan_template.py and exchange/plan_import.py."""

from __future__ import annotations

from pathlib import Path

from tpi_widgets.exchange import plan_import, plan_template, sheet_import, templates


def write_template(workspace_dir: str, slug: str, step: int, out: str) -> tuple[Path, int]:
    build = plan_template.plan_book if step == templates.PLAN_SHEET.step else templates.baseline_book
    return templates.write_template(workspace_dir, slug, step, out, build)


def import_sheet(workspace_dir: str, slug: str, file: str, participant: str, cycle: int | None = None,
                 dry_run: bool = False) -> sheet_import.Outcome:
    """Check every cell of `file` and, unless `dry_run`, save its values as `participant`'s; the
    file's sheet, in any of the pack's languages, says which step's it is."""
    target = sheet_import.import_target(workspace_dir, slug, participant, cycle)
    path = Path(file)
    if sheet_import.sheet_layout(path, target.workspace.pack) is templates.PLAN_SHEET:
        return plan_import.import_plan(target, path, dry_run)
    return sheet_import.import_baseline(target, path, dry_run)
