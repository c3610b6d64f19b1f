"""Spreadsheets for reading: `tpi export --format xlsx|csv` and a facilitator's Spreadsheet button.

A partnership's workbook has one sheet per kind of record, in step order (exchange/tables.py),
every cycle's rows with a Cycle column unless one cycle is asked for; `--all-partnerships` gives
one network-wide workbook, the same sheets with a Partnership column. A CSV file is one of those
sheets, by its name in the workbook (or its id: profile, baseline, plan, ...).

Every mistake a user can make is found before anything is written (TPIError, one line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tpi_widgets.errors import TPIError
from tpi_widgets.reports.pack import Downloads
from tpi_widgets.exchange.tables import SHEETS, Reader, Sheet
from tpi_widgets.workspace import Workspace

if TYPE_CHECKING:
    import pandas

FORMATS = ("xlsx", "csv")


def sheet_name(sheet: Sheet, text) -> str:
    """"2 Baseline": the step, then the kind of record, in the partnership's language."""
    return f"{sheet.step} {text(f'sheets.sheet_{sheet.id}')}"


@dataclass
class Plan:
    """What to write, checked: the partnerships (their slugs), each one's cycles, the sheets."""
    workspace: Workspace
    cycles: dict[str, list[int]]
    sheets: tuple[Sheet, ...]
    network: bool
    language: str  # the headings' and labels': the first partnership's unless asked
    names: dict[str, str] = field(default_factory=dict)  # sheet id -> its name in `language`


def plan_export(workspace: Workspace, slugs: list[str], fmt: str, out: Path, sheet: str | None,
                cycle: int | None, language: str | None = None) -> Plan:
    if fmt not in FORMATS:
        raise TPIError(f"unknown spreadsheet format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not slugs:
        raise TPIError("the workspace has no partnership to export")
    partnerships = [workspace.store.partnership(slug) for slug in slugs]  # an unknown one stops here
    cycles = {}
    for partnership in partnerships:
        known = workspace.cycles(partnership.slug)
        if cycle is not None and cycle not in known:
            raise TPIError(f"{partnership.slug} has no cycle {cycle} (it has {', '.join(map(str, known))})")
        cycles[partnership.slug] = [cycle] if cycle is not None else known
    language = language if language in workspace.pack.languages else partnerships[0].language
    text = Reader.of(workspace, partnerships[0].slug, cycles[partnerships[0].slug][0], language).text
    names = {s.id: sheet_name(s, text) for s in SHEETS}
    chosen = SHEETS
    if fmt == "csv":
        chosen = (chosen_sheet(sheet, names),)
    elif sheet is not None:
        raise TPIError("--sheet goes with --format csv (a workbook has every sheet)")
    if not out.parent.is_dir():
        raise TPIError(f"no folder {out.parent} to write {out.name} in")
    if out.is_dir():
        raise TPIError(f"{out} is a folder: --out names the file to write")
    return Plan(workspace, cycles, chosen, len(partnerships) > 1, language, names)


def chosen_sheet(asked: str | None, names: dict[str, str]) -> Sheet:
    """The sheet named `asked` (its name in the workbook or its id, in any case)."""
    listing = ", ".join(repr(n) for n in names.values())
    if not asked:
        raise TPIError(f"--format csv writes one sheet: name it with --sheet (one of {listing})")
    wanted = asked.strip().casefold()
    for each in SHEETS:
        if wanted in (each.id, names[each.id].casefold()):
            return each
    raise TPIError(f"no sheet {asked!r} (choose from {listing})")


def sheet_tables(plan: Plan) -> dict[str, "pandas.DataFrame"]:
    """{sheet name: its table}: every partnership's and cycle's rows, headed and labelled in the
    plan's language; the Partnership column when there are several, then Cycle."""
    import pandas as pd
    tables: dict[str, list] = {s.id: [] for s in plan.sheets}
    for slug, cycles in plan.cycles.items():
        for cycle in cycles:
            reader = Reader.of(plan.workspace, slug, cycle, plan.language)
            lead = ({reader.text("report.partnership"): reader.ctx.partnership.name} if plan.network else {})
            lead[reader.text("sheets.col_cycle")] = cycle
            for each in plan.sheets:
                tables[each.id] += [{**lead, **row} for row in each.rows(reader)]
    return {plan.names[s.id]: pd.DataFrame(tables[s.id]) for s in plan.sheets}


def export_sheets(workspace: Workspace, slugs: list[str], fmt: str, out: Path, sheet: str | None = None,
                  cycle: int | None = None, language: str | None = None) -> Path:
    """`tpi export DIR PARTNERSHIP --format xlsx|csv [--sheet NAME] [--cycle N] --out FILE`, and
    with several `slugs` (--all-partnerships) one network-wide workbook; returns the file.
    Headings and labels in `language` (one of the pack's; None: the first partnership's)."""
    from tpi_widgets.exchange.xlsx import write_csv, write_workbook
    plan = plan_export(workspace, slugs, fmt, Path(out), sheet, cycle, language)
    tables = sheet_tables(plan)
    if fmt == "csv":
        return write_csv(Path(out), next(iter(tables.values())))
    return write_workbook(Path(out), tables)


def build_partnership_workbook(workspace: Workspace, slug: str, language: str | None = None) -> list[Downloads]:
    """A step page's Spreadsheet (XLSX) button: the partnership's workbook, every cycle, in the
    workspace's documents/ folder."""
    from tpi_widgets.reports.build import documents_folder, writable_folder
    folder = writable_folder(documents_folder(workspace))
    out = export_sheets(workspace, [slug], "xlsx", folder / f"{slug}-sheets.xlsx", language=language)
    text = Reader.of(workspace, slug, workspace.cycles(slug)[-1], language).text
    return [Downloads(text("report.name_sheets"), [out])]
