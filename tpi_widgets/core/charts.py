"""Static matplotlib charts as PNG bytes, without widgets: the step pages show them in an Image
widget (ui/kit/charts.py ChartPanel) and the annex documents embed them (tpi_widgets/reports).

Uses the object-oriented API (Figure + Agg canvas), not pyplot: no global figure state in a
kernel that redraws from a background thread. matplotlib is imported inside each function, so
importing this module costs nothing until a chart is drawn.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from tpi_widgets.core import action_records as ar, plan
from tpi_widgets.core.locale_format import LAST_RESORT, format_date_ticks, format_number
from tpi_widgets.content.model import item_code

SCALE_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#7dbb5a", "#1e8449"]  # low -> high
NOT_APPLICABLE_COLOUR = "#95a5a6"
UNRATED_COLOUR = "#e5e8e8"
SIDE_COLOURS = {1: "#0b4f6c", 2: "#e67e22"}
LABEL_CHARS, LEGEND_CHARS = 30, 40  # a bar's label and a legend entry wrap at about this many characters
LABEL_LINES = 3  # a longer label is cut with "…"
TITLE_CHARS_PER_INCH = 10  # a title's line at 11 pt, with a margin


@dataclass(frozen=True)
class Segment:
    label: str
    colour: str


def scale_colours(count: int) -> list[str]:
    """`count` colours spread from red to green."""
    if count <= 1:
        return SCALE_COLOURS[-1:]
    step = (len(SCALE_COLOURS) - 1) / (count - 1)
    return [SCALE_COLOURS[round(i * step)] for i in range(count)]


def chart_text(value: str, limit: int = 48) -> str:
    """Participant text as a matplotlib label: cut short, and `$` kept literal (matplotlib would
    read text between two `$` as a formula)."""
    value = " ".join(value.split())
    value = value if len(value) <= limit else value[:limit - 1] + "…"
    return value.replace("$", r"\$")


def plain_label(label: str) -> str:
    """Escape matplotlib's mathtext marker so '$' in a name is drawn as typed."""
    return str(label).replace("$", r"\$")


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def stacked_bars_png(rows: list[str], segments: list[Segment], counts: list[list[int]], title: str,
                     xlabel: str, width: float = 7.5) -> bytes:
    """A horizontal stacked bar per row; counts[row][segment]."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 1.2 + 0.45 * max(len(rows), 1)
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    left = [0] * len(rows)
    for index, segment in enumerate(segments):
        values = [row[index] for row in counts]
        axes.barh(positions, values, left=left, color=segment.colour, label=segment.label, edgecolor="white")
        left = [a + b for a, b in zip(left, values)]
    axes.set_yticks(positions, rows)
    axes.set_xlabel(xlabel)
    axes.set_title(title, loc="left", fontsize=11)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="lower center", ncols=min(len(segments), 4), fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.08 + 0.06 * (len(segments) > 4), 1, 1))
    return _png(figure)


def assessment_png(areas, scale, ratings: dict[str, object], unrated_label: str, title: str, xlabel: str) -> bytes:
    """Step 2's (and Step 6's) chart: per area, how many items are at each level, not applicable
    or not rated yet (`ratings`: item id -> level, "n/a" or None)."""
    from collections import Counter
    not_applicable = scale.not_applicable.value
    values = [level.value for level in scale.levels] + [not_applicable, None]
    segments = [Segment(f"{level.value} {level.label}", colour)
                for level, colour in zip(scale.levels, scale_colours(len(scale.levels)))]
    segments += [Segment(scale.not_applicable.label, NOT_APPLICABLE_COLOUR), Segment(unrated_label, UNRATED_COLOUR)]
    counts = []
    for area in areas:
        tally = Counter(ratings.get(item.id) for item in area.items)
        counts.append([tally.get(value, 0) for value in values])
    return stacked_bars_png([a.short for a in areas], segments, counts, title, xlabel)


def grouped_bars_png(rows, institutions: dict[int, str], levels: list[int], title: str,
                     width: float = 7.5) -> bytes:
    """Horizontal bars, one pair per row (side 1 above side 2); unrated shows as an empty slot.
    A row has `title` and `level(side)` (partnership_profile.StrengthRow, evaluation.AreaChange)."""
    return _png(grouped_bars_figure(rows, institutions, levels, title, width))


def grouped_bars_figure(rows, institutions: dict[int, str], levels: list[int], title: str, width: float = 7.5):
    """The figure of `grouped_bars_png`, laid out so that nothing is cut at its edges however long
    the names: row labels, the title and the legend are wrapped at spaces (a label of more than
    LABEL_LINES lines is shortened with "…"), the figure grows with their lines, and the legend's
    height is kept free below the plot. Labels are drawn as plain text (matplotlib's mathtext off),
    so participant text stays text."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [wrapped_label(row.title, LABEL_CHARS) for row in rows]
    heading = wrapped_label(title, int(width * TITLE_CHARS_PER_INCH), lines=3)
    names = {side: wrapped_label(name, LEGEND_CHARS, lines=2) for side, name in institutions.items()}
    label_lines = max((label.count("\n") + 1 for label in labels), default=1)
    height = (1.5 + max(0.6, 0.2 * label_lines + 0.1) * max(len(rows), 1) + 0.22 * heading.count("\n")
              + 0.15 * max((name.count("\n") for name in names.values()), default=0))
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bar = 0.38
    positions = list(range(len(rows)))[::-1]
    for offset, side in ((bar / 2, 1), (-bar / 2, 2)):
        values = [row.level(side) or 0 for row in rows]
        axes.barh([p + offset for p in positions], values, height=bar, color=SIDE_COLOURS[side],
                  label=names[side], edgecolor="white")
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, max(levels) + 0.15)  # the longest bar stops short of the frame
    axes.set_xticks(levels)
    axes.grid(axis="x", color=UNRATED_COLOUR)
    axes.set_axisbelow(True)
    figure.suptitle(heading, x=0.01, ha="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    legend = figure.legend(loc="lower center", ncols=2, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.005))
    below = legend.get_window_extent(figure.canvas.get_renderer()).height / figure.bbox.height
    figure.tight_layout(pad=1.2, rect=(0, below + 0.01, 1, 1))
    return figure


def wrapped_label(value, width: int, lines: int = LABEL_LINES) -> str:
    """Text (participant text too) as a chart label: wrapped at spaces to `width` characters (a
    longer word is split), at most `lines` lines, the last cut with "…"; `$` kept literal."""
    import textwrap
    parts = textwrap.wrap(" ".join(str(value).split()), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][:width - 1].rstrip() + "…"
    return plain_label("\n".join(parts))


def run_chart_png(series: ar.Series, title: str, baseline_label: str, target_label: str, empty_note: str,
                  language: str, default_language: str = LAST_RESORT) -> bytes:
    """The measured values by date, with the baseline and target as horizontal lines; dates and
    numbers on the axes as `language` writes them (matplotlib's own are English)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(6.5, 3.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if series.plotted:
        dates = [p.date for p in series.plotted]
        axes.plot(dates, [p.value for p in series.plotted], marker="o", color="#0b4f6c")
        date_axis(axes, language, default_language)
        axes.yaxis.set_major_formatter(FuncFormatter(
            lambda value, _: format_number(value, language, default_language, up_to=3)))
    else:
        axes.text(0.5, 0.5, chart_text(empty_note, 80), ha="center", va="center", transform=axes.transAxes,
                  color="#555")
    for value, label, colour, style in ((series.baseline, baseline_label, "#c0392b", "--"),
                                        (series.target, target_label, "#1e8449", ":")):
        if value is not None:
            axes.axhline(value, color=colour, linestyle=style, linewidth=1.2, label=chart_text(label, 40))
    if series.baseline is not None or series.target is not None:
        axes.legend(fontsize=8, frameon=False, loc="best")
    axes.set_title(chart_text(title, 70), loc="left", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def date_axis(axes, language: str, default_language: str = LAST_RESORT):
    """The x axis's dates where matplotlib would put them, written as `language` writes them
    (matplotlib's own month names are English)."""
    from matplotlib.dates import AutoDateLocator, num2date
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    low, high = axes.get_xlim()
    ticks = [tick for tick in locator() if low <= tick <= high]
    axes.set_xticks(ticks, format_date_ticks([num2date(tick).date() for tick in ticks], language, default_language))


def gantt_png(bars, colours: dict[str, str], legend: list[tuple[str, str]], title: str, note: str = "",
              language: str = LAST_RESORT, default_language: str = LAST_RESORT) -> bytes:
    """Step 4's timeline: a horizontal bar per plan row (core/plan.py Bar) from its start to its
    end date, in plan order (top first); dates as `language` writes them."""
    import datetime as dt

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    figure = Figure(figsize=(7.5, 1.6 + 0.35 * max(len(bars), 1)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))[::-1]
    for position, bar in zip(positions, bars):
        start = date2num(bar.start)
        finish = date2num(bar.end + dt.timedelta(days=1))  # the end day is included
        axes.barh(position, finish - start, left=start, color=colours.get(bar.objective, "#7f8c8d"), height=0.6)
    axes.set_yticks(positions, [chart_text(f"{bar.number} {bar.label}") for bar in bars], fontsize=8)
    if bars:
        date_axis(axes, language, default_language)
    else:
        axes.set_xticks([])
    axes.set_title(chart_text(title, 80), loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(handles=[Patch(color=c, label=chart_text(label, 40)) for label, c in legend], loc="lower center",
                  ncols=len(legend), fontsize=8, frameon=False)
    if note:
        figure.text(0.01, 0.005, chart_text(note, 120), fontsize=7, color="#555")
    figure.tight_layout(rect=(0, 0.1, 1, 1))
    return _png(figure)


OBJECTIVE_COLOURS = ("#0b4f6c", "#1e8449", "#e67e22")  # partnership, technical, spread


def plan_timeline_png(rows, groups, objectives, text, language: str = LAST_RESORT,
                      default_language: str = LAST_RESORT) -> bytes:
    """A plan's timeline (core/plan.py rows and groups) in its objectives' colours, with their
    legend and the note on rows without dates: what Step 4 and the projector view draw."""
    bars, undated = plan.gantt_bars(rows, groups)
    colours = dict(zip((o.id for o in objectives), OBJECTIVE_COLOURS))
    legend = [(f"{o.number}. {o.title}", colours[o.id]) for o in objectives]
    note = text("plan.chart_undated", count=undated) if undated else ""
    return gantt_png(bars, colours, legend, text("plan.chart_title"), note, language, default_language)


def priority_matrix_png(ranked, content, text, width: float = 7.0) -> bytes:
    """Step 3's priority matrix: feasibility across, impact up, one marker per scored gap
    (core/gaps.RankedGap) sized by its votes; gaps sharing a cell are spread around its centre so
    each code stays readable; `text` gives its title and the note on gaps not scored yet."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, width * 0.8), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    scored = [r for r in ranked if r.priority is not None]
    cells: dict[tuple[int, int], list] = {}  # (feasibility, impact) -> core/gaps.RankedGap
    for r in scored:
        cells.setdefault((r.feasibility, r.impact), []).append(r)
    colour, chosen_colour = scale_colours(5)[2], scale_colours(5)[-1]
    for (x, y), members in cells.items():
        for index, r in enumerate(members):
            dx, dy = _spread(index, len(members))
            size = 80 + 90 * r.votes
            axes.scatter([x + dx], [y + dy], s=size, color=chosen_colour if r.chosen else colour, alpha=0.75,
                         edgecolors="#333333", linewidths=0.6)
            # item codes are pack ids (letters, digits, '-'): safe as matplotlib text
            axes.annotate(f"{item_code(r.gap.item.id)} ({r.votes})", (x + dx, y + dy), fontsize=7, ha="center",
                          va="center", xytext=(0, -12 - size ** 0.5 / 2), textcoords="offset points")
    feas, impact = content.feasibility, content.impact
    axes.set_xticks(feas.values, [f"{v} {feas.label(v)}" for v in feas.values])
    axes.set_yticks(impact.values, [f"{v} {impact.label(v)}" for v in impact.values])
    axes.set_xlim(min(feas.values) - 0.6, max(feas.values) + 0.6)
    axes.set_ylim(min(impact.values) - 0.6, max(impact.values) + 0.6)
    axes.set_xlabel(feas.title)
    axes.set_ylabel(impact.title)
    axes.grid(True, color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.set_title(text("gaps.chart_title"), loc="left", fontsize=11)
    unscored = len(ranked) - len(scored)
    if unscored:
        figure.text(0.01, 0.01, text("gaps.chart_unscored", count=unscored), fontsize=8, color="#555555")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return _png(figure)


def _spread(index: int, count: int) -> tuple[float, float]:
    if count == 1:
        return 0.0, 0.0
    angle = 2 * math.pi * index / count
    return 0.28 * math.cos(angle), 0.28 * math.sin(angle)
