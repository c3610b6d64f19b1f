"""Step 4 without a browser: plan cards write the store, and other participants' rows, edits
and deletions reach the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.support import SLUG, Other, records, shown_problems, signed_in_page, stored_entry, shown
from tpi_widgets.core.records import PLAN as COLLECTION, FOCUS
from tests.support import build_step
from tpi_widgets.ui.steps.action_planning import ActionPlanningApp
from tpi_widgets.core.records import BASELINE
from tpi_widgets.core.charts import chart_text
from tpi_widgets.demo.records import write_sample_records


def card_labels(card):
    return [widget.description for widget in card.fieldset.inputs.values()]


class Elements(HTMLParser):
    """The text and the title of each element of an HTML value, by class: {"tpi-plan-number": "1.2"}."""

    def __init__(self, value: str):
        super().__init__()
        self.open: list[list[str]] = []
        self.text: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.feed(value)

    def handle_starttag(self, name, attrs):
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        self.open.append(classes)
        for css in classes:
            self.text.setdefault(css, "")
            if "title" in found:
                self.titles[css] = found["title"]

    def handle_endtag(self, name):
        self.open.pop()

    def handle_data(self, data):
        for classes in self.open:
            for css in classes:
                self.text[css] += data


def line_cells(card) -> dict[str, str]:
    """What each part of a closed row's line shows."""
    return Elements(card.summary.value).text


def test_page_has_a_group_per_objective_and_area_in_scope(workspace, pack):
    page = build_step(4, str(workspace.root), SLUG)
    assert isinstance(page, ActionPlanningApp)
    assert list(page.group_boxes) == [("partnership", None), ("technical", "ipc"), ("technical", "workforce"),
                                      ("technical", "surveillance"), ("technical", "services"), ("spread", None)]
    assert page.add_buttons[("technical", "ipc")].description == "Add an activity: IPC and patient safety"
    assert page.body.layout.display == "none"
    assert page.chart.image is None  # the timeline is drawn (and its image built) only when opened


def test_adding_a_row_stores_it_and_shows_a_card_with_numbered_labels(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    record = page.add_row("technical", "workforce")
    assert len(record) == 8
    fields = ("objective", "area", "order", "status", "deleted")
    assert {f: stored_entry(workspace, COLLECTION, record, f).value for f in fields} == \
        {"objective": "technical", "area": "workforce", "order": 1, "status": "planned", "deleted": False}
    card = page.cards[record]
    assert page.group_boxes[("technical", "workforce")].children == (card,)
    assert card.activity.description == "Row 2.2.1 activity"
    assert card.budget.input.description == "Row 2.2.1 budget (USD)"
    assert card.status.value == "planned"
    assert card.up.disabled and card.down.disabled
    second = page.add_row("technical", "workforce")
    assert page.cards[second].activity.description == "Row 2.2.2 activity"
    assert stored_entry(workspace, COLLECTION, second, "order").value == 2


def test_typing_in_a_card_saves_each_field_with_who(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    record = page.add_row("partnership")
    card = page.cards[record]
    card.activity.value = "Sign the partnership agreement"
    card.responsible.input.value = "Dr Sesay"
    card.institution.value = "Hôpital Régional de Valmont"
    card.funding.value = "Own hospital budget"
    card.status.value = "in-progress"
    assert card.status_line.state == "saving"
    page.sync.flush()
    assert stored_entry(workspace, COLLECTION, record, "activity").value == "Sign the partnership agreement"
    assert stored_entry(workspace, COLLECTION, record, "institution").value == "Hôpital Régional de Valmont"
    assert stored_entry(workspace, COLLECTION, record, "status").value == "in-progress"
    assert stored_entry(workspace, COLLECTION, record, "responsible").participant_id == page.gate.participant.id
    assert card.status_line.state == "saved" and "Ana Kamara" in card.status_line.value


def test_inline_validation_shows_the_problem_and_saves_the_text_as_typed(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    card = page.cards[page.add_row("spread")]
    assert "needed" in card.responsible.message.value  # no responsible person yet
    card.responsible.input.value = "Ana"
    assert card.responsible.message.value == ""
    card.start.input.value = "2027-04-10"
    card.end.input.value = "2027-04-01"
    card.budget.input.value = "about 300"
    assert "end date comes before" in card.end.message.value
    assert "number" in card.budget.message.value
    card.start.input.value = "2027-03-01"  # correcting the start clears the end's message
    assert card.end.message.value == ""
    page.sync.flush()
    assert stored_entry(workspace, COLLECTION, card.record, "budget").value == "about 300"
    assert card.budget.input.value == "about 300"
    assert "1 budget(s) are not a number" in page.budget.value


def test_a_cards_checks_list_what_needs_correcting(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    card = page.cards[page.add_row("spread")]

    def problems(**values):
        for field in ("responsible", "start", "end", "budget"):
            card.fieldset.inputs[field].value = values.get(field, "")
        return shown_problems(card)

    assert problems(responsible="Ana", start="2027-01-01", end="2027-01-01", budget="1 500") == {}
    assert problems(responsible="  ", start="2027-03-01", end="2027-02-28", budget="about 300") == {
        "responsible": "validation.required", "end": "validation.end_before_start", "budget": "validation.number"}
    # no order check without a valid start
    assert problems(responsible="Ana", start="1 March", end="2027-02-28") == {"start": "validation.date"}
    assert problems(responsible="Ana", end="2027-02-31") == {"end": "validation.date"}
    assert problems(responsible="Ana") == {}  # the optional fields left empty are fine


def test_moving_rows_up_and_down_renumbers_them(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    a, b, c = (page.add_row("partnership") for _ in range(3))
    page.cards[c].up.click()
    box = page.group_boxes[("partnership", None)]
    assert [card.record for card in box.children] == [a, c, b]
    assert page.cards[c].activity.description == "Row 1.2 activity"
    assert page.cards[b].activity.description == "Row 1.3 activity"
    assert [stored_entry(workspace, COLLECTION, r, "order").value for r in (a, c, b)] == [1, 2, 3]
    page.cards[a].down.click()
    assert [card.record for card in box.children] == [c, a, b]
    assert page.cards[c].up.disabled and page.cards[b].down.disabled and not page.cards[a].up.disabled


def test_delete_is_soft_and_undo_restores_the_row_with_its_history(workspace):
    page = signed_in_page(workspace, 4, role="Manager", facilitator=True)  # deleting is a facilitator's
    keep, gone = page.add_row("partnership"), page.add_row("partnership")
    card = page.cards[gone]
    card.activity.value = "Monthly call"
    page.sync.flush()
    card.delete.click()
    assert stored_entry(workspace, COLLECTION, gone, "deleted").value is True
    assert gone not in page.cards
    assert (COLLECTION, gone, "activity") not in page.sync._bindings  # the removed card's keys are unbound
    assert [c.record for c in page.group_boxes[("partnership", None)].children] == [keep]
    assert page.undo_bar.layout.display is None
    assert "Deleted by Ana Kamara: Monthly call" in shown(page.undo_text.value)
    # another facilitator page, or this one reloaded: the deletion can still be undone
    again = signed_in_page(workspace, 4, "Mira Osei", facilitator=True)
    assert "Deleted by Ana Kamara: Monthly call" in shown(again.undo_text.value)
    assert again.undo_bar.layout.display is None
    page.undo_button.click()
    assert stored_entry(workspace, COLLECTION, gone, "deleted").value is False
    assert line_cells(page.cards[gone])["tpi-plan-number"] == "1.2"
    assert line_cells(page.cards[gone])["tpi-plan-activity"] == "Monthly call"
    page.cards[gone].editor.click()  # back closed, as every saved row: its form opens from its line
    assert page.cards[gone].activity.value == "Monthly call"
    assert page.cards[gone].activity.description == "Row 1.2 activity"
    assert page.undo_bar.layout.display == "none"
    pid = workspace.store.partnership(SLUG).id
    history = [c.value for c in workspace.store.changes_since(pid, 0) if c.record == gone and c.field == "deleted"]
    assert history == [False, True, False]


def test_a_row_added_by_another_participant_appears_and_their_edits_follow(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    bo = Other(workspace)
    bo.write(COLLECTION, "feed1234", "order", 1)
    bo.write(COLLECTION, "feed1234", "area", "ipc")
    page.sync.poll()
    assert "feed1234" not in page.cards  # not complete before its objective arrives
    bo.write(COLLECTION, "feed1234", "objective", "technical")
    bo.write(COLLECTION, "feed1234", "activity", "Hand-rub production <b>training</b>")
    page.sync.poll()
    card = page.cards["feed1234"]
    assert page.group_boxes[("technical", "ipc")].children == (card,)
    # closed: one line, escaped, saying who saved it; it follows their edits
    assert "Hand-rub production &lt;b&gt;training&lt;/b&gt;" in card.summary.value
    assert "Saved by Bo Lindqvist" in shown(card.summary.value)
    bo.write(COLLECTION, "feed1234", "responsible", "Dr Bo")
    page.sync.poll()
    assert "Dr Bo" in shown(card.summary.value)
    card.editor.click()
    assert card.activity.value == "Hand-rub production <b>training</b>"
    assert "Bo Lindqvist" in card.status_line.value
    bo.write(COLLECTION, "feed1234", "budget", "2500")
    page.sync.poll()
    assert card.budget.input.value == "2500" and "2,500" in page.budget.value
    bo.write(COLLECTION, "feed1234", "deleted", True)
    page.sync.poll()
    assert "feed1234" not in page.cards
    assert page.group_boxes[("technical", "ipc")].children == (page.group_boxes[("technical", "ipc")].empty,)


def test_focus_gaps_without_an_activity_are_flagged_and_offered_first(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    bo = Other(workspace)
    for item, rating in (("ipc-01", 1), ("ipc-02", 0), ("ipc-03", 4), ("workforce-01", 2)):
        bo.write(BASELINE, item, "rating", rating)
    bo.write(FOCUS, "ipc-02", "chosen", True)
    bo.write(FOCUS, "ipc-02", "rationale", "Audits show 40%")
    page.sync.poll()
    assert "1 chosen focus area(s) have no activity yet" in page.focus_note.value
    assert "IPC-02" in page.focus_note.value
    card = page.cards[page.add_row("technical", "ipc")]
    assert [value for _, value in card.gaps.options] == ["ipc-02", "ipc-01", "workforce-01"]
    assert card.gaps.options[0][0].startswith("★ IPC-02")
    card.gaps.value = ("ipc-02",)
    page.sync.flush()
    assert stored_entry(workspace, COLLECTION, card.record, "gaps").value == ["ipc-02"]
    assert "Every focus area chosen in Step 3 has at least one activity" in page.focus_note.value
    # a new focus choice changes the options; the row keeps what it addresses
    bo.write(FOCUS, "ipc-01", "chosen", True)
    page.sync.poll()
    assert [value for _, value in card.gaps.options] == ["ipc-01", "ipc-02", "workforce-01"]
    assert card.gaps.value == ("ipc-02",)
    # not cleared by the new options
    assert stored_entry(workspace, COLLECTION, card.record, "gaps").value == ["ipc-02"]
    assert "IPC-01" in page.focus_note.value


def test_a_gap_no_longer_below_target_stays_on_the_row_that_names_it(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    bo = Other(workspace)
    bo.write(BASELINE, "ipc-05", "rating", 1)
    page.sync.poll()
    card = page.cards[page.add_row("technical", "ipc")]
    card.gaps.value = ("ipc-05",)
    page.sync.flush()
    bo.write(BASELINE, "ipc-05", "rating", 4)
    page.sync.poll()
    assert card.gaps.value == ("ipc-05",)


def test_budget_summary_by_objective_and_funding_escapes_participant_text(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    first = page.cards[page.add_row("partnership")]
    second = page.cards[page.add_row("technical", "ipc")]
    first.budget.input.value = "1 200"
    first.funding.value = "<script>x</script> Fund"
    second.budget.input.value = "800.5"
    page.sync.flush()
    html = page.budget.value
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; Fund" in html
    assert "1,200" in html and "800.50" in html and "2,000.50" in html
    assert "Source not given" in html


def test_every_label_on_the_page_is_unique(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    for key in page.group_boxes:
        page.add_row(*key)
        page.add_row(*key)
    labels = [label for card in page.cards.values() for label in card_labels(card)]
    assert len(labels) == len(set(labels)) == 12 * 15


def test_the_timeline_opens_as_a_png_and_follows_edits(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    card = page.cards[page.add_row("spread")]
    card.activity.value = "Present results at the $ national $ meeting"
    card.start.input.value = "2027-06-01"
    card.end.input.value = "2027-06-30"
    page.sync.flush()
    page.chart.toggle.value = True
    before = bytes(page.chart.image.value)
    assert before.startswith(b"\x89PNG")
    card.end.input.value = "2027-09-30"
    page.sync.flush()
    assert bytes(page.chart.image.value) != before
    assert chart_text("a $x$ b") == r"a \$x\$ b"


def test_a_new_page_shows_saved_rows_in_order(workspace):
    first = signed_in_page(workspace, 4, role="Manager")
    a, b = first.add_row("spread"), first.add_row("spread")
    first.cards[b].activity.value = "Write a case study"
    first.sync.flush()
    first.cards[b].up.click()
    second = build_step(4, str(workspace.root), SLUG)
    box = second.group_boxes[("spread", None)]
    assert [card.record for card in box.children] == [b, a]
    assert second.cards[b].editor.description == "Edit row 3.1"
    second.cards[b].editor.click()
    assert second.cards[b].activity.value == "Write a case study"
    assert second.cards[b].activity.description == "Row 3.1 activity"


def test_a_refused_save_is_reported_in_one_line(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    page.sync.participant_id = 10_000  # no such participant: the database refuses the write
    assert page.add_row("partnership") is None
    assert "Not saved" in page.message.value
    assert page.cards == {}


@pytest.mark.parametrize("language, label", [("fr", "Ligne 1.1 activité")])
def test_a_french_partnership_gets_french_labels(workspace, pack, language, label):
    from tpi_widgets.partnership_config import build_config
    workspace.add_partnership(build_config({
        "name": "Kédougou – Lyon", "slug": "kedougou-lyon", "language": language, "areas": ["ipc"],
        "start": "2027-02-01", "institutions": [{"name": "Hôpital de Kédougou", "country": "Sénégal"},
                                                 {"name": "Hospices de Lyon", "country": "France"}]}, pack))
    page = signed_in_page(workspace, 4, "Awa", "Hôpital de Kédougou", role="", slug="kedougou-lyon")
    card = page.cards[page.add_row("partnership")]
    assert card.activity.description == label
    assert list(page.group_boxes)[1] == ("technical", "ipc")


def test_an_activity_added_from_an_action_report_names_that_report_as_step5_numbers_it(workspace):
    step5 = signed_in_page(workspace, 5, role="Manager", facilitator=True)  # deleting a report is a facilitator's
    step5.tabs.value = "reports"
    first, second = step5.add_report(), step5.add_report()
    card = step5.reports[second]
    card.fieldset.inputs["period_start"].value = "2027-03-08"
    card.fieldset.inputs["period_end"].value = "<b>2027-03-19</b>"  # typed text, shown as text
    step = card.next_steps.add_record()
    card.next_steps.rows[step].fieldset.inputs["text"].value = "Make hand rub locally"
    step5.sync.flush()
    step4 = signed_in_page(workspace, 4, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    written_here = step4.add_row("technical", "ipc")
    step5.add_to_plan(step, "technical:ipc")
    added = records(workspace, "next_steps")[step]["plan_row"]
    step4.sync.poll()  # the page already open follows
    summary = shown(step4.cards[added].summary.value)
    assert "From action report 2: 2027-03-08 to <b>2027-03-19</b>" in summary
    assert "<b>" not in step4.cards[added].summary.value  # escaped
    assert "From action report" not in shown(step4.cards[written_here].summary.value)
    step5.report_box.remove(first)  # Step 5 now shows it as Report 1: so does Step 4
    step4.sync.poll()
    assert "From action report 1: 2027-03-08" in shown(step4.cards[added].summary.value)
    step4.cards[added].open_form()
    assert "From action report 1: 2027-03-08" in shown(step4.cards[added].origin_line.value)


def test_the_timeline_chart_writes_its_dates_in_the_pages_language(workspace, monkeypatch):
    import matplotlib.text

    from tpi_widgets.context import StepContext
    from tpi_widgets.ui.steps import step_page_class
    drawn: list[str] = []
    draw = matplotlib.text.Text.draw
    monkeypatch.setattr(matplotlib.text.Text, "draw", lambda self, renderer: (drawn.append(self.get_text()),
                                                                              draw(self, renderer))[1])
    write_sample_records(workspace, SLUG)
    page = step_page_class(4)(StepContext.open(str(workspace.root), SLUG).in_language("fr"))
    assert page.chart_png().startswith(b"\x89PNG")
    ticks = " ".join(drawn)
    assert re.search(r"\b(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\b", ticks), ticks
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", ticks)


def test_a_closed_row_is_a_line_of_five_columns_under_its_groups_headings(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    head = page.group_heads[("technical", "ipc")]
    assert head.layout.display == "none"  # no row yet: no headings
    card = page.cards[page.add_row("technical", "ipc")]
    long = "Train every ward's link nurse in hand hygiene <b>audits</b>, " * 3
    card.activity.value = long
    card.responsible.input.value = "Dr Sesay"
    card.start.input.value = "2027-02-10"
    card.end.input.value = "2027-03-01"
    card.status.value = "in-progress"
    card.close_form()
    assert head.layout.display is None
    assert [Elements(head.value).text["tpi-plan-head"].count(h) for h in
            ("No.", "Activity", "Responsible", "Dates", "Status")] == [1] * 5
    assert 'aria-hidden="true"' in head.value
    cells = line_cells(card)
    assert {c: cells[f"tpi-plan-{c}"] for c in ("number", "activity", "responsible", "dates", "status")} == {
        "number": "2.1.1", "activity": long.strip(), "responsible": "Dr Sesay", "dates": "2027-02-10 – 2027-03-01",
        "status": "In progress"}
    titles = Elements(card.summary.value).titles
    assert titles["tpi-plan-activity"] == long.strip()  # the whole text, the line cuts it
    assert "&lt;b&gt;audits" in card.summary.value and "<b>" not in card.summary.value
    assert titles["tpi-plan-status"].startswith("Saved by \u2068Ana Kamara\u2069")
    assert card.editor.description == card.editor.tooltip == "Edit row 2.1.1"
    assert card.editor.icon == "pencil-alt"


def test_a_closed_line_follows_another_participants_save(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    record = page.add_row("spread")
    card = page.cards[record]
    card.close_form()
    bo = Other(workspace)
    bo.write(COLLECTION, record, "responsible", "Bo <i>L</i>")
    bo.write(COLLECTION, record, "end", "2027-06-30")
    bo.write(COLLECTION, record, "status", "done")
    page.sync.poll()
    cells = line_cells(card)
    assert (cells["tpi-plan-responsible"], cells["tpi-plan-dates"], cells["tpi-plan-status"]) == \
        ("Bo <i>L</i>", "2027-06-30", "Done")
    assert "Saved by Bo Lindqvist" in cells["tpi-plan-saved"]
    assert cells["tpi-plan-activity"] == "(no activity written yet)"


def test_a_row_opens_and_closes_in_place_and_closing_keeps_what_was_typed(workspace):
    page = signed_in_page(workspace, 4, role="Manager")
    record = page.add_row("partnership")
    box, card = page.group_boxes[("partnership", None)], page.cards[record]
    assert card.opened and card.closer.tooltip == "Close row 1.1"
    card.activity.value = "Sign the agreement"
    assert stored_entry(workspace, COLLECTION, record, "activity") is None  # typed, not saved yet (the pause)
    card.closer.click()
    assert stored_entry(workspace, COLLECTION, record, "activity").value == "Sign the agreement"
    assert not card.opened and box.children == (card,) and card.children == (card.summary, card.editor)
    assert "activity" not in vars(card) and (COLLECTION, record, "activity") not in page.sync._bindings
    assert line_cells(card)["tpi-plan-activity"] == "Sign the agreement"
    assert "tpi-plan-closed" in card._dom_classes
    card.editor.click()  # and open again, in the same place, with what is stored
    assert card.opened and box.children == (card,) and "tpi-plan-closed" not in card._dom_classes
    assert card.activity.value == "Sign the agreement" and card.activity.description == "Row 1.1 activity"
