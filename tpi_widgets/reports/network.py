"""The network document: every partnership of the workspace summed up (core/network.py), for
the network's coordinator. Unlike the other documents it is workspace-wide, not a partnership's:
`tpi report DIR --network` builds it as documents/network-<date>.html|pdf|docx|xlsx.

The blocks are the ones the network view shows (ui/network_view.py), so the page and the
document say the same; HTML, PDF and Word go through the writers every document uses
(reports/writer.py, reports/pdf.py, reports/docx_writer.py), the spreadsheet through
exchange/xlsx.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tpi_widgets.content import Pack
from tpi_widgets.core.charts import grouped_bars_png
from tpi_widgets.core.html import isolate_where_needed
from tpi_widgets.core.locale_format import format_date_long, format_number
from tpi_widgets.core.network import NetworkFilter, PartnershipSummary, area_bars, network_summary
from tpi_widgets.errors import ReportError
from tpi_widgets.reports.document import BLANK, Chart, Document, Header, Heading, Paragraph, Table

KIND = "network"
FORMATS = ("html", "pdf", "docx", "xlsx")


@dataclass(frozen=True)
class NetworkWords:
    """The pack in one language: its texts, its numbers and its labels for ids."""
    pack: Pack
    language: str

    def text(self, key: str, **values) -> str:
        return self.pack.text(key, self.language, **values)

    def number(self, value) -> str:
        return BLANK if value is None else format_number(value, self.language, self.pack.default_language,
                                                         0 if isinstance(value, int) else 1)

    def step(self, summary: PartnershipSummary) -> str:
        return self.text("network.step_of", number=summary.step, title=self.pack.step(summary.step).title)

    def decision(self, summary: PartnershipSummary) -> str:
        return self.pack.section("evaluation").decision_label(summary.decision) if summary.decision else BLANK

    def institutions(self, summary: PartnershipSummary) -> str:
        return "\n".join(f"{isolate_where_needed(i.name)} ({isolate_where_needed(i.country)})" if i.country
                         else i.name for i in summary.institutions)

    def plan(self, summary: PartnershipSummary) -> list[str]:
        """One count per plan status of the pack, in its order."""
        return [str(summary.plan.get(s.id, 0)) for s in self.pack.section("plan").statuses]

    def visits(self, summary: PartnershipSummary) -> str:
        return "\n".join(self.text("network.visit_way", visiting=isolate_where_needed(v.visiting or BLANK),
                                   host=isolate_where_needed(v.host or BLANK),
                                   made=v.made, proposed=v.proposed) for v in summary.visits) or BLANK


def overview_table(words: NetworkWords, summaries: list[PartnershipSummary]) -> Table:
    text = words.text
    columns = (text("network.col_partnership"), text("network.col_institutions"), text("network.col_cycle"),
               text("network.col_step"), text("network.col_decision"))
    rows = tuple((s.partnership.name, words.institutions(s), str(s.cycle), words.step(s), words.decision(s))
                 for s in summaries)
    return Table(columns, rows, widths=(0.22, 0.3, 0.08, 0.24, 0.16), row_headers=True)


def activity_table(words: NetworkWords, summaries: list[PartnershipSummary]) -> Table:
    """The plan by status, the visits each way and how many spread activities."""
    text = words.text
    statuses = tuple(s.label for s in words.pack.section("plan").statuses)
    columns = (text("network.col_partnership"), *statuses, text("network.col_visits"), text("network.col_spread"))
    rows = tuple((s.partnership.name, *words.plan(s), words.visits(s), str(len(s.spread))) for s in summaries)
    count = ("tpi-room-count",) * len(statuses)
    return Table(columns, rows, css="tpi-network-table", column_css=("", *count, "", "tpi-room-count"),
                 row_headers=True)


def areas_table(words: NetworkWords, summaries: list[PartnershipSummary], area: str | None = None) -> Table:
    text = words.text
    changes = words.pack.section("evaluation").changes
    columns = (text("network.col_partnership"), text("evalreport.col_area"), text("evalreport.col_baseline_mean"),
               text("evalreport.col_followup_mean"), text("evalreport.col_change"))
    rows = tuple((s.partnership.name, a.title, words.number(a.baseline_mean), words.number(a.followup_mean),
                  changes[a.change]) for s in summaries for a in s.areas if area is None or a.area_id == area)
    return Table(columns, rows, widths=(0.3, 0.3, 0.13, 0.13, 0.14))


def area_charts(words: NetworkWords, summaries: list[PartnershipSummary], area: str | None = None) -> list[Chart]:
    """Small multiples: per area, each partnership working on it, baseline above follow-up."""
    labels = {1: words.text("evalreport.baseline"), 2: words.text("evalreport.followup")}
    levels = [level.value for level in words.pack.scale.levels]
    charts = []
    for each in words.pack.areas:
        bars = area_bars(summaries, each.id)
        if bars and area in (None, each.id):
            title = words.text("network.chart", area=each.short)
            charts.append(Chart(grouped_bars_png(bars, labels, levels, title, width=6), title, 12))
    return charts


def spread_table(words: NetworkWords, summaries: list[PartnershipSummary]) -> Table | Paragraph:
    text = words.text
    rows = tuple((s.partnership.name, a.date or BLANK, a.activity or BLANK, a.reached or BLANK)
                 for s in summaries for a in s.spread)
    if not rows:
        return Paragraph(text("network.no_spread"), "empty")
    columns = (text("network.col_partnership"), text("evalreport.col_date"), text("evalreport.col_spread_activity"),
               text("evalreport.col_reached"))
    return Table(columns, rows, widths=(0.22, 0.14, 0.36, 0.28))


def network_blocks(words: NetworkWords, summaries: list[PartnershipSummary], area: str | None = None,
                   charts: bool = True) -> list:
    """What the view and the document show, in order. `area`: one technical area only."""
    text = words.text
    if not summaries:
        return [Paragraph(text("network.empty"), "empty")]
    blocks = [Heading(text("network.overview_heading")), overview_table(words, summaries),
              Heading(text("network.activity_heading")), Paragraph(text("network.activity_intro"), "note"),
              activity_table(words, summaries),
              Heading(text("network.areas_heading")), areas_table(words, summaries, area)]
    if charts:
        blocks += area_charts(words, summaries, area)
    return blocks + [Heading(text("network.spread_heading")), spread_table(words, summaries)]


def build(pack: Pack, summaries: list[PartnershipSummary], workspace_name: str, language: str,
          today: dt.date, keep: NetworkFilter = NetworkFilter()) -> Document:
    words = NetworkWords(pack, language)
    text = words.text
    countries = tuple(dict.fromkeys(c for s in summaries for c in s.countries))
    header = Header(workspace_name, countries, text("network.partnerships", count=len(summaries)),
                    text("report.built_on", date=format_date_long(today, language, pack.default_language)),
                    {"partnership": text("network.workspace"), "institutions": text("network.countries"),
                     "page": text("report.page")})
    return Document(KIND, text("network.title"), language, header,
                    tuple(network_blocks(words, summaries, keep.area)), f"{KIND}-{today.isoformat()}")


# the spreadsheet: its tables (exchange/network_workbook.py writes them) ---------------------------
def sheets(words: NetworkWords, summaries: list[PartnershipSummary]) -> dict[str, list[tuple[str, ...]]]:
    """Sheet name -> rows (the first the columns): the tables of the document, a cell a value."""
    text = words.text
    tables = {text("network.overview_heading"): overview_table(words, summaries),
              text("network.activity_heading"): activity_table(words, summaries),
              text("network.sheet_areas"): areas_table(words, summaries)}
    spread = spread_table(words, summaries)
    if isinstance(spread, Table):
        tables[text("network.col_spread")] = spread
    return {name: [table.columns, *table.rows] for name, table in tables.items()}


# writing the files -------------------------------------------------------------------------------
@dataclass(frozen=True)
class NetworkRun:
    """The network read once, and its document, for every format asked."""
    words: NetworkWords
    summaries: list[PartnershipSummary]
    document: Document


def prepare(workspace, today: dt.date, language: str | None = None, keep: NetworkFilter = NetworkFilter()) -> NetworkRun:
    """The network in `language` (None: the pack's), as it stands."""
    pack = workspace.pack_in(language)
    language = language or pack.content_language
    summaries = network_summary(workspace.store, pack, keep)
    return NetworkRun(NetworkWords(pack, language), summaries,
                      build(pack, summaries, workspace.root.name, language, today, keep))


def parse_network_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ReportError(f"unknown format {', '.join(unknown) or repr(text)} (choose from {', '.join(FORMATS)})")
    return formats


def write_network(run: NetworkRun, formats: tuple[str, ...], out: Path,
                  say: Callable[[str], None] = lambda note: None) -> list[Path]:
    """The network document's HTML, PDF and Word files among `formats` into `out` (the
    spreadsheet: exchange/network_workbook.py); returns the files written. `say(note)`: e.g. how
    to get PDF when no browser is found."""
    from tpi_widgets.reports.build import writable_folder
    from tpi_widgets.reports.writer import render_html

    document = run.document
    stem = writable_folder(out) / document.file_stem
    written = []
    if "html" in formats or "pdf" in formats:
        page = stem.with_suffix(".html")
        page.write_text(render_html(document), encoding="utf-8")
        if "html" in formats:
            written.append(page)
        if "pdf" in formats:
            written += print_pdf(page, stem.with_suffix(".pdf"), say)
            if "html" not in formats:
                page.unlink()
    if "docx" in formats:
        from tpi_widgets.reports.docx_writer import write_docx
        written.append(write_docx(document, stem.with_suffix(".docx")))
    return written


def print_pdf(page: Path, pdf: Path, say: Callable[[str], None]) -> list[Path]:
    from tpi_widgets.reports.pdf import HOW_TO_GET_PDF, PdfPrinter, find_browser
    browser = find_browser()
    if browser is None:
        say(HOW_TO_GET_PDF)
        return []
    with PdfPrinter(browser) as printer:
        printer.print(page, pdf)
    return [pdf]
