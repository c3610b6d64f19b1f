"""The baseline for the Step 2 benchmark: the same visible widgets and chart as the Step 2 page,
written as a plain notebook would (no store, no autosave, default layouts and styles)."""

import io
from collections import Counter
from pathlib import Path

import ipywidgets as w
import yaml

PACK = Path(__file__).resolve().parent.parent / "tpi_widgets" / "content" / "packs" / "recovery-2016"


def chart(areas, ratings):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 3.0), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    left = [0] * len(areas)
    for value in [0, 1, 2, 3, 4, "na", None]:
        counts = [Counter(ratings[i["id"]] for i in a["items"]).get(value, 0) for a in areas]
        axes.barh(range(len(areas)), counts, left=left, label=str(value))
        left = [x + y for x, y in zip(left, counts)]
    axes.set_yticks(range(len(areas)), [a["short"] for a in areas])
    figure.legend(loc="lower center", ncols=4)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def build(with_chart: bool = True):
    """The page; without `with_chart`, ipywidgets alone (matplotlib is then never imported)."""
    areas = yaml.safe_load((PACK / "areas.yaml").read_text())["areas"]
    levels = yaml.safe_load((PACK / "scale.yaml").read_text())["scale"]["levels"]
    options = [("Not rated yet", "")] + [(f"{lv['value']} · {lv['label']}", lv["value"]) for lv in levels]
    options.append(("Not applicable", "na"))
    ratings = {i["id"]: None for a in areas for i in a["items"]}
    sections = []
    for area in areas:
        rows = []
        for item in area["items"]:
            code = item["id"].upper()
            rows.append(w.VBox([
                w.HTML(f"<b>{code}</b> {item['text']}<div>{item.get('guidance', '')}</div>"),
                w.Dropdown(description=f"{code} rating", options=options, value=""),
                w.Textarea(description=f"{code} evidence"),
                w.Text(description=f"{code} source"),
                w.HTML(""),
            ]))
        sections.append(w.VBox([w.HTML(f"<h3>{area['title']}</h3>"), w.HTML("0 rated"), *rows]))
    picker = w.ToggleButtons(options=[a["short"] for a in areas])
    stack = w.Stack(sections, selected_index=0)
    w.jslink((picker, "index"), (stack, "selected_index"))
    image = [w.Image(value=chart(areas, ratings), format="png")] if with_chart else []
    return w.VBox([w.HTML("<h2>Step 2: Needs assessment</h2>"), *image, picker, stack])
