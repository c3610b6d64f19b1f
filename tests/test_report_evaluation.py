"""The evaluation report, built from store data written here: baseline vs follow-up by area and
item with a chart, partnership strength now vs Step 1 (both sides) with a chart, indicators,
spread, lessons and decision, cycle history; the no-follow-up case, French titles, participant
markup kept as text, and a report module that never loads ipywidgets."""

from __future__ import annotations

import subprocess
import sys

from tests.support import KOSSA, VALMONT
from tests.test_report_annex1 import ARABIC, html_rows, in_both, row_of
from tests.test_report_annex3 import HOSTILE, SLUG, blocks_of, facts, seed_plan, source_for, write
from tpi_widgets.core.records import MEASUREMENTS, PLAN, PROGRESS
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.core.records import EVALUATION, SPREAD, STRENGTH_REVIEW
from tpi_widgets.core.records import STRENGTH
from tpi_widgets.reports import evaluation, html
from tpi_widgets.reports.document import Chart, Heading, Paragraph, SignOff, Table
from tpi_widgets.store import Write

PNG = b"\x89PNG"


def put(workspace, collection: str, record: str, fields: dict, slug: str = SLUG, cycle: int = 1):
    store = workspace.store
    who = store.add_participant("Fay", KOSSA, "Facilitator").id
    store.write_many(store.partnership(slug).id, cycle, [Write(collection, record, f, v) for f, v in fields.items()],
                     who)


def seed_evaluation(workspace):
    for item, (before, after) in {"ipc-01": (1, 3), "ipc-02": (2, 2), "ipc-03": (3, 1), "ipc-04": ("na", "na")}.items():
        put(workspace, BASELINE, item, {"rating": before})
        put(workspace, FOLLOWUP, item, {"rating": after})
    put(workspace, EVALUATION, "followup", {"date": "2027-11-20"})
    put(workspace, STRENGTH, "side-1", {"commitment": 2, "trust": 3})
    put(workspace, STRENGTH, "side-2", {"commitment": 4})
    put(workspace, STRENGTH_REVIEW, "side-1", {"commitment": 4, "trust": 3})
    put(workspace, STRENGTH_REVIEW, "side-2", {"commitment": 3})
    put(workspace, SPREAD, "s1", {"deleted": False, "date": "2027-09-02", "activity": "Talk at the district meeting",
                                  "reached": "Hôpital Régional de Kédougou, 30 nurses"})
    put(workspace, SPREAD, "s2", {"deleted": False, "date": "2027-10-01", "activity": HOSTILE, "reached": "São Tomé"})
    put(workspace, SPREAD, "s3", {"deleted": True, "activity": "Removed"})
    put(workspace, EVALUATION, "review", {"lessons": "Start audits early\nInvolve ward managers",
                                          "decision": "adjust", "decision_note": "Add surveillance"})


def table_with(document, column: str) -> Table:
    return next(t for t in blocks_of(document, Table) if column in t.columns)


def test_baseline_and_follow_up_by_area_and_item_with_a_chart(workspace):
    seed_evaluation(workspace)
    document = evaluation.build(source_for(workspace))
    assert document.kind == "evaluation" and document.title == "Evaluation report"
    assert evaluation.records(source_for(workspace)) == [None]
    assert facts(document)["Follow-up date"] == "20 November 2027"
    areas = table_with(document, "Baseline mean")
    assert areas.columns[-3:] == ("Better", "Same", "Worse")
    ipc = areas.rows[0]
    assert ipc[0] == "IPC and patient safety"
    assert ipc[1:] == ("2.0", "2.0", "Same", "1", "2", "1")  # n/a both times counts as same
    assert areas.rows[1][1:4] == ("—", "—", "Not rated")
    items = next(t for t in blocks_of(document, Table) if t.caption == "IPC and patient safety")
    assert items.rows[0][1:4] == ("1 · Planned or started", "3 · Mostly in place", "Better")
    assert items.rows[0][0].startswith("IPC-01 ")
    assert items.rows[3][1:4] == ("Not applicable", "Not applicable", "Same")
    assert items.rows[4][1:4] == ("Not rated", "Not rated", "Not rated")
    charts = blocks_of(document, Chart)
    assert charts[0].caption == "Mean level per area, baseline and follow-up" and charts[0].png.startswith(PNG)


def test_strength_now_and_before_on_both_sides_with_a_chart(workspace):
    seed_evaluation(workspace)
    document = evaluation.build(source_for(workspace))
    strength = table_with(document, "Rated by")
    rows = {(r[0], r[1]): r[2:] for r in strength.rows}
    assert rows[("Commitment of leaders", KOSSA)] == ("2", "4", "Better")
    assert rows[("Commitment of leaders", VALMONT)] == ("4", "3", "Worse")
    assert rows[("Trust and openness", KOSSA)] == ("3", "3", "Same")
    assert rows[("Trust and openness", VALMONT)] == ("—", "—", "Not rated")
    assert "Ratings given in Step 6, beside those given in Step 1 of cycle 1." in \
        [b.text for b in blocks_of(document, Paragraph)]
    chart = blocks_of(document, Chart)[1]
    assert chart.png.startswith(PNG) and "Step 1 and now" in chart.caption


def test_spread_lessons_decision_and_sign_off(workspace):
    seed_evaluation(workspace)
    document = evaluation.build(source_for(workspace))
    spread = table_with(document, "Who was reached")
    assert spread.rows == (("2027-09-02", "Talk at the district meeting", "Hôpital Régional de Kédougou, 30 nurses"),
                           ("2027-10-01", HOSTILE, "São Tomé"))
    texts = [b.text for b in blocks_of(document, Paragraph)]
    assert "Start audits early" in texts and "Involve ward managers" in texts and "Add surveillance" in texts
    assert "Continue, with changes to the focus or the way we work" in texts
    headings = [b.text for b in blocks_of(document, Heading)]
    assert "Every cycle of the partnership" not in headings  # one cycle only
    assert headings[-1] == "Sign-off" and isinstance(document.blocks[-1], SignOff)
    rendered = html.render(document)
    assert HOSTILE not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_indicators_against_baseline_and_target(workspace):
    seed_plan(workspace)
    put(workspace, PLAN, "p1", {"indicator": "Hand hygiene compliance %", "baseline": "30",
                                           "target": "80"})
    write(workspace, MEASUREMENTS, "m1", {"date": "2027-05-01", "value": "45", "note": "", "activity": "p1"})
    write(workspace, MEASUREMENTS, "m2", {"date": "2027-08-01", "value": "62", "note": "", "activity": "p1"})
    document = evaluation.build(source_for(workspace))
    indicators = table_with(document, "Indicator")
    assert indicators.rows == (("2.1.1 Train ward staff in hand hygiene", "Hand hygiene compliance %", "30", "80",
                                "2027-05-01: 45; 2027-08-01: 62"),)
    assert indicators.columns[-1] == "Measurements (date: value, note)"
    run = [c for c in blocks_of(document, Chart) if c.caption.startswith("2.1.1")]
    assert run and run[0].png.startswith(PNG)


def test_no_follow_up_yet_still_builds_and_says_so(workspace):
    put(workspace, BASELINE, "ipc-01", {"rating": 2})
    document = evaluation.build(source_for(workspace))
    empty = [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"]
    assert empty[0].startswith("No follow-up assessment has been rated yet")
    assert "The partnership has not been rated again in Step 6 yet." in empty
    assert "No plan activity has an indicator." in empty and "No spread activity has been logged." in empty
    assert "No decision has been recorded yet." in empty
    assert not blocks_of(document, Chart)
    assert isinstance(document.blocks[-1], SignOff)


def test_cycle_history_when_there_is_more_than_one_cycle(workspace):
    seed_evaluation(workspace)
    who = workspace.store.add_participant("Fay", KOSSA, "Facilitator").id
    assert workspace.start_next_cycle(SLUG, who) == 2
    document = evaluation.build(source_for(workspace))
    history = table_with(document, "Cycle 2")
    assert history.columns == ("Area", "Cycle 1", "Cycle 2")
    assert history.rows[0] == ("IPC and patient safety", "2.0 → 2.0", "2.0 → —")


def test_french_partnership_gets_french_titles_and_content(workspace, pack):
    from tpi_widgets.partnership_config import build_config
    workspace.add_partnership(build_config({
        "name": "Kédougou – Lyon", "slug": "kedougou-lyon", "language": "fr", "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": "Hôpital Régional de Kédougou", "country": "Sénégal"},
                                                {"name": "HCL", "country": "France"}]}, pack))
    put(workspace, FOLLOWUP, "ipc-01", {"rating": 3}, slug="kedougou-lyon")
    document = evaluation.build(source_for(workspace, "kedougou-lyon"))
    assert document.title == "Rapport d'évaluation"
    headings = [b.text for b in blocks_of(document, Heading)]
    assert "Évaluation initiale et évaluation de suivi" in headings and "Solidité du partenariat" in headings
    assert table_with(document, "Moyenne initiale").rows[0][0] == "PCI et sécurité des patients"  # the pack's content too


def test_report_modules_do_not_import_ipywidgets():
    code = ("import sys, tpi_widgets.reports.evaluation, tpi_widgets.reports.annex3; "
            "assert 'ipywidgets' not in sys.modules, 'ipywidgets loaded'; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib loaded at import'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_each_follow_up_rating_shows_its_evidence_and_source(workspace, tmp_path):
    seed_evaluation(workspace)
    put(workspace, FOLLOWUP, "ipc-01", {"evidence": "Committee met every month", "source": "Minutes"})
    put(workspace, FOLLOWUP, "ipc-02", {"evidence": f"{ARABIC} {HOSTILE}"})
    put(workspace, FOLLOWUP, "ipc-03", {"source": "Walk-through"})
    document = evaluation.build(source_for(workspace))
    for rows in in_both(document, tmp_path):
        items = {row[0].split(" ", 1)[0]: row for row in rows if row[0].startswith("IPC-0")}
        assert row_of(rows, "Statement")[4] == "Follow-up evidence"
        assert items["IPC-01"][1:] == ("1 · Planned or started", "3 · Mostly in place", "Better",
                                       "Committee met every month\nSource: Minutes")
        assert items["IPC-02"][4] == f"{ARABIC} {HOSTILE}"
        assert items["IPC-03"][4] == "—\nSource: Walk-through"
        assert items["IPC-04"][4] == "—"
    page = html.render(document)
    assert HOSTILE not in page and f"<td><bdi>{ARABIC} &lt;script&gt;alert(1)&lt;/script&gt;</bdi></td>" in page


def test_progress_comments_and_measurement_notes_are_in_the_report(workspace, tmp_path):
    seed_plan(workspace)
    put(workspace, PLAN, "p1", {"indicator": "Hand hygiene compliance %", "baseline": "30", "target": "80"})
    write(workspace, PROGRESS, "g1", {"status": "in-progress", "percent": "40", "date": "2027-05-02",
                                      "comment": "Two wards trained", "activity": "p1"})
    write(workspace, PROGRESS, "g2", {"status": "done", "percent": "100", "date": "2027-09-30",
                                      "comment": f"{ARABIC} {HOSTILE}", "activity": "p1"})
    write(workspace, MEASUREMENTS, "m1", {"date": "2027-05-01", "value": "45", "note": "Two wards only",
                                          "activity": "p1"})
    write(workspace, MEASUREMENTS, "m2", {"date": "2027-08-01", "value": "62", "note": ARABIC, "activity": "p1"})
    document = evaluation.build(source_for(workspace))
    assert "Progress of the plan's activities" in [b.text for b in blocks_of(document, Heading)]
    for rows in in_both(document, tmp_path):
        assert ("Activity", "Latest progress update", "Comment") in rows
        assert ("2.1.1 Train ward staff in hand hygiene", "100% · Done · 2027-09-30", f"{ARABIC} {HOSTILE}") in rows
        assert ("2.1.2 Audit the surgical wards", "—", "—") in rows
        assert ("2.1.1 Train ward staff in hand hygiene", "Hand hygiene compliance %", "30", "80",
                f"2027-05-01: 45 (Two wards only); 2027-08-01: 62 ({ARABIC})") in rows
    page = html.render(document)
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f"(<bdi>{ARABIC}</bdi>)" in page  # a right-to-left note cannot reorder the values around it


def test_without_a_plan_the_progress_section_says_so(workspace):
    document = evaluation.build(source_for(workspace))
    assert "The plan has no activity." in [b.text for b in blocks_of(document, Paragraph) if b.style == "empty"]


LONG = ("Centre Hospitalier Universitaire Régional de Référence de la Province Orientale et des Districts "
        "Sanitaires Associés")


def test_the_strength_chart_keeps_long_names_inside_its_canvas():
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

    from tpi_widgets.core.charts import grouped_bars_figure
    from tpi_widgets.reports.evaluation import StrengthBar
    bars = [StrengthBar(f"Commitment of leaders – {LONG}", 5, 4),
            StrengthBar(f"Trust and openness – {ARABIC}", 3, 5),
            StrengthBar("Lasting" * 30, 1, None)]  # one word longer than a line
    title = f"Partnership strength per domain and institution, Step 1 and now: {LONG} $x$"
    figure = grouped_bars_figure(bars, {1: f"Step 1 at {LONG}", 2: "Now"}, [1, 2, 3, 4, 5], title)
    figure.canvas.draw()
    renderer, canvas = figure.canvas.get_renderer(), figure.bbox

    def inside(box) -> bool:
        return (box.x0 >= canvas.x0 - 0.5 and box.y0 >= canvas.y0 - 0.5 and box.x1 <= canvas.x1 + 0.5
                and box.y1 <= canvas.y1 + 0.5)

    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 10  # the title, every bar's label, the ticks and the legend
    assert [t.get_text()[:30] for t in texts if not inside(t.get_window_extent(renderer))] == []
    bars_drawn = [r for r in figure.axes[0].patches if isinstance(r, Rectangle) and r.get_width() > 0]
    assert bars_drawn and all(inside(r.get_window_extent(renderer)) for r in bars_drawn)
    shown_title = " ".join(figure.get_suptitle().split())
    assert shown_title.startswith("Partnership strength per domain") and "Sanitaires" in shown_title
    assert r"\$x\$" in figure.get_suptitle()  # "$" drawn as typed, never as a formula
