"""Cycles: starting cycle N+1 takes cycle N's follow-up as its baseline and N's Step 1 as its own,
and never overwrites N; N's pages are then read-only, unless a facilitator reopens it."""

from __future__ import annotations

import nbformat
import pytest

from tests.support import SLUG, shown, signed_in_page, stored, stored_entry
from tpi_widgets.core.reconcile import is_agreed
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.errors import WorkspaceError
from tpi_widgets.server.pages import landing_html
from tpi_widgets.server.page_header import page_header
from tpi_widgets.workspace import PARTNERSHIP_NOTEBOOKS, Workspace


def rate(workspace, cycle, collection, ratings: dict):
    store = workspace.store
    who = store.add_participant("Ana", "Kossa District Hospital", "Facilitator").id
    pid = store.partnership(SLUG).id
    for item, value in ratings.items():
        store.write(pid, cycle, collection, item, "rating", value, who)
        store.write(pid, cycle, collection, item, "evidence", f"{collection} {item} {value}", who)
    return who


def test_a_new_workspace_has_cycle_one(workspace):
    assert workspace.cycles(SLUG) == [1]


def test_next_cycle_needs_follow_up_ratings_and_changes_nothing_without_them(workspace):
    rate(workspace, 1, BASELINE, {"ipc-01": 1})
    with pytest.raises(WorkspaceError, match="no follow-up ratings"):
        workspace.start_next_cycle(SLUG, None)
    assert workspace.cycles(SLUG) == [1]
    assert not workspace.cycle_dir(SLUG, 2).exists()


def test_next_cycle_starts_from_the_follow_up_and_keeps_earlier_cycles(workspace):
    who = rate(workspace, 1, BASELINE, {"ipc-01": 1, "ipc-02": 0})
    rate(workspace, 1, FOLLOWUP, {"ipc-01": 3, "ipc-02": 2})
    assert workspace.start_next_cycle(SLUG, who) == 2
    assert workspace.cycles(SLUG) == [1, 2]
    # cycle 2's baseline is cycle 1's follow-up; cycle 1 is untouched
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=2) == 3
    assert stored(workspace, BASELINE, "ipc-02", "evidence", cycle=2) == f"{FOLLOWUP} ipc-02 2"
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=1) == 1
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=1) == 3
    assert stored(workspace, FOLLOWUP, "ipc-01", "rating", cycle=2) is None
    # cycle 2's notebooks, stamped for cycle 2 with a workspace path that works from their folder
    folder = workspace.cycle_dir(SLUG, 2)
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(PARTNERSHIP_NOTEBOOKS)
    nb = nbformat.read(folder / "02_needs_assessment.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'workspace = "../../.."' in injected.source and "cycle = 2" in injected.source
    assert page_header(workspace, folder / "02_needs_assessment.ipynb")["cycle"] == 2
    assert (folder / "../../..").resolve() == workspace.root
    # cycle 1's notebooks are where they were
    assert (workspace.partnership_dir(SLUG) / "02_needs_assessment.ipynb").is_file()


def test_the_new_baseline_is_agreed_where_the_follow_up_was_and_by_whom(workspace):
    rater = rate(workspace, 1, FOLLOWUP, {"ipc-01": 3, "ipc-02": 2})
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    store.write(pid, 1, FOLLOWUP, "ipc-01", "agreed", True, rater)
    starter = store.add_participant("Bo", "Kossa District Hospital", "Facilitator").id
    workspace.start_next_cycle(SLUG, starter)
    baseline = store.read(pid, 2, BASELINE)
    assert baseline["ipc-01"]["agreed"].value is True and "agreed" not in baseline["ipc-02"]
    assert baseline["ipc-02"]["rating"].participant_id == rater  # the rater's proposal, not the starter's
    assert not is_agreed({r: {f: e.value for f, e in fields.items()} for r, fields in baseline.items()}, "ipc-02")


def test_cycle_three_starts_from_cycle_two_and_a_cycle_starts_once(workspace):
    who = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    workspace.start_next_cycle(SLUG, who)
    rate(workspace, 2, FOLLOWUP, {"ipc-01": 4})
    assert workspace.start_next_cycle(SLUG, who) == 3
    assert stored(workspace, BASELINE, "ipc-01", "rating", cycle=3) == 4
    assert workspace.cycles(Workspace.open(workspace.root).store.partnership(SLUG).slug) == [1, 2, 3]


def test_landing_page_lists_every_cycle_latest_first(workspace):
    who = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    workspace.start_next_cycle(SLUG, who)
    page = landing_html(workspace)
    assert page.index("Cycle 2") < page.index("Cycle 1")
    assert f'href="/voila/render/partnerships/{SLUG}/cycle-2/workbook.ipynb#step-2"' in page
    assert f'href="/voila/render/partnerships/{SLUG}/workbook.ipynb#step-2"' in page


# Step 1 carried over -------------------------------------------------------------------------------
def step1_values(workspace, cycle):
    """Every Step 1 field of a cycle: {(collection, record, field): value}."""
    from tpi_widgets.core.partnership_profile import COLLECTIONS
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    return {(collection, record, field): entry.value for collection in COLLECTIONS
            for record, fields in store.read(pid, cycle, collection).items() for field, entry in fields.items()}


def fill_step1(workspace, who):
    """Step 1 of cycle 1 as a partnership fills it: profile, two team members, goals, the
    communication plan, a pack principle, one deleted, one of their own, and a strength rating."""
    from tpi_widgets.core.records import AGREEMENT, PROFILE, STRENGTH, TEAM, new_record_writes
    from tpi_widgets.store import Write
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    writes = [Write(PROFILE, "institution-1", "address", "Hospital Road, Kossa"),
              Write(PROFILE, "focal-1", "email", "ana@kossa.example"),
              Write(AGREEMENT, "agreement", "goals", "Halve surgical site infections"),
              Write(AGREEMENT, "agreement", "channels", ["email", "video"]),
              Write(AGREEMENT, "agreement", "frequency", "monthly"),
              Write(STRENGTH, "side-1", "commitment", 4)]
    for record, name in (("m-zulu", "Fatmata Sesay"), ("m-alpha", "Jean Moreau")):
        writes += [Write(*key, value) for key, value in new_record_writes(TEAM, record, {"name": name})]
    writes += [Write(*key, value) for key, value in
               new_record_writes(AGREEMENT, "principle-own", {"text": "Budgets are shared openly"})]
    store.write_many(pid, 1, writes, who)
    store.write_many(pid, 1, [Write(AGREEMENT, "seed-1", "text", "A pack principle"),
                              Write(AGREEMENT, "seed-2", "text", "Another")], None)  # seeded by the pack
    store.write(pid, 1, AGREEMENT, "seed-2", "deleted", True, who)


def test_next_cycle_starts_from_step_1_as_it_was_saved_by_whom_and_when(workspace):
    from tpi_widgets.core.records import AGREEMENT, PROFILE, TEAM, creation_ids, in_creation_order
    ana = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    fill_step1(workspace, ana)
    fay = workspace.store.add_participant("Fay", "Kossa District Hospital", "Facilitator").id
    before = step1_values(workspace, 1)
    workspace.start_next_cycle(SLUG, fay)
    assert step1_values(workspace, 2) == before  # every field, deleted records still deleted
    assert before[(AGREEMENT, "agreement", "channels")] == ["email", "video"]
    old = workspace.store.read(workspace.store.partnership(SLUG).id, 1, PROFILE)["focal-1"]["email"]
    new = workspace.store.read(workspace.store.partnership(SLUG).id, 2, PROFILE)["focal-1"]["email"]
    assert (new.participant_id, new.updated_at) == (ana, old.updated_at)  # still Ana's, from when she saved it
    assert stored_entry(workspace, AGREEMENT, "seed-1", "text", cycle=2).participant_id is None  # the pack's
    team = workspace.store.read(workspace.store.partnership(SLUG).id, 2, TEAM)
    entries = {(TEAM, record, field): entry for record, fields in team.items() for field, entry in fields.items()}
    values = {record: {field: entry.value for field, entry in fields.items()} for record, fields in team.items()}
    assert in_creation_order(values, creation_ids(TEAM, entries)) == ["m-zulu", "m-alpha"]  # order kept


def test_editing_step_1_of_the_new_cycle_leaves_the_old_one_as_it_was(workspace):
    from tpi_widgets.core.records import AGREEMENT, PROFILE, TEAM
    ana = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    fill_step1(workspace, ana)
    before = step1_values(workspace, 1)
    workspace.start_next_cycle(SLUG, ana)
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    store.write(pid, 2, PROFILE, "focal-1", "email", "new@kossa.example", ana)
    store.write(pid, 2, TEAM, "m-zulu", "deleted", True, ana)
    store.write(pid, 2, AGREEMENT, "principle-own", "text", "Budgets are shared every quarter", ana)
    assert step1_values(workspace, 1) == before
    assert stored(workspace, PROFILE, "focal-1", "email", cycle=2) == "new@kossa.example"
    # a second next cycle starts from cycle 2's Step 1, as edited; cycles 1 and 2 stay
    rate(workspace, 2, FOLLOWUP, {"ipc-01": 3})
    cycle_2 = step1_values(workspace, 2)
    assert workspace.start_next_cycle(SLUG, ana) == 3
    assert step1_values(workspace, 3) == cycle_2
    assert stored(workspace, TEAM, "m-zulu", "deleted", cycle=3) is True
    assert stored(workspace, AGREEMENT, "principle-own", "text", cycle=3) == "Budgets are shared every quarter"
    assert step1_values(workspace, 1) == before and step1_values(workspace, 2) == cycle_2


# an earlier cycle is read-only -------------------------------------------------------------------------
def start_cycle_2(workspace):
    who = rate(workspace, 1, FOLLOWUP, {"ipc-01": 2})
    fill_step1(workspace, who)
    workspace.start_next_cycle(SLUG, who)
    return who


def test_writes_into_an_earlier_cycle_are_refused_until_a_facilitator_reopens_it(workspace):
    from tpi_widgets.core.access import WriteGuard
    from tpi_widgets.core.cycles import REOPEN_KEY, is_closed
    from tpi_widgets.core.records import PROFILE
    from tpi_widgets.errors import Refused
    store, pid = workspace.store, workspace.store.partnership(SLUG).id
    guard = lambda cycle, facilitator=False: WriteGuard(store, pid, cycle, 1, facilitator)  # noqa: E731
    edit = (PROFILE, "focal-1", "email")
    guard(1)(edit, "a@b.example")  # one cycle: open
    who = start_cycle_2(workspace)
    assert is_closed(store, pid, 1) and not is_closed(store, pid, 2)
    for facilitator in (False, True):
        with pytest.raises(Refused) as refused:
            guard(1, facilitator)(edit, "a@b.example")
        assert refused.value.key == "access.cycle_closed"
    with pytest.raises(Refused):
        guard(1)(REOPEN_KEY, True)  # a participant cannot reopen it
    guard(2)(edit, "a@b.example")  # the current cycle is open
    guard(1, facilitator=True)(REOPEN_KEY, True)  # a facilitator may
    store.write(pid, 1, *REOPEN_KEY, True, who)
    guard(1)(edit, "a@b.example")
    store.write(pid, 1, *REOPEN_KEY, False, who)
    with pytest.raises(Refused):
        guard(1)(edit, "a@b.example")


def editable(page) -> list:
    """Every widget of the page's steps that edits or acts (inputs, buttons), documents aside."""
    from tpi_widgets.ui.kit.read_only import navigates
    seen, todo, found = set(), [page.lock_box, page.body], []
    while todo:
        widget = todo.pop()
        if id(widget) in seen or widget is page.documents_box:
            continue
        seen.add(id(widget))
        todo.extend(getattr(widget, "children", ()))
        if widget.has_trait("disabled") and not navigates(widget):
            found.append(widget)
    return found


def test_an_earlier_cycle_page_is_read_only_with_a_notice_linking_to_the_same_step_now(workspace):
    from tpi_widgets.core.records import AGREEMENT, PROFILE
    start_cycle_2(workspace)
    page = signed_in_page(workspace, 1)
    for name in ("team", "agreement", "strength"):
        page.section_picker.value = name  # every section can still be opened and read
    assert page.section_picker.disabled is False
    assert "Cycle 2 has started, so this page of cycle 1 is read-only" in shown(page.cycle_notice.value)
    assert "href='cycle-2/workbook.ipynb#step-1'" in page.cycle_notice.value
    assert "Go to Step 1 of cycle 2" in shown(page.cycle_notice.value)
    assert page.reopen_box.children == () and page.reopen_button is None  # a participant has no control
    widgets = editable(page)
    assert page.goals in widgets and page.add_member in widgets and page.team.rows["m-zulu"].name in widgets
    assert all(widget.disabled for widget in widgets)
    assert page.cards["focal-1"].inputs["email"].value == "ana@kossa.example"  # cycle 1's values are shown
    # a change sent anyway (a hand-made widget message) is refused where it is written
    page.cards["focal-1"].inputs["email"].value = "changed@kossa.example"
    page.sync.flush()
    assert "Cycle 1 is read-only since cycle 2 started" in page.cards["focal-1"].status.value
    assert stored(workspace, PROFILE, "focal-1", "email") == "ana@kossa.example"
    assert stored(workspace, AGREEMENT, "seed-3", "text") is None  # no pack principle seeded into it
    # the current cycle's page: no notice, editable, starting from cycle 1's Step 1
    current = signed_in_page(workspace, 1, cycle=2)
    current.section_picker.value = "agreement"
    assert current.cycle_notice.value == "" and not current.goals.disabled and not current.closed
    assert current.goals.value == "Halve surgical site infections"


def test_a_facilitator_reopens_an_earlier_cycle_and_closes_it_again(workspace):
    from tpi_widgets.core.cycles import REOPEN_KEY
    from tpi_widgets.core.records import PROFILE
    start_cycle_2(workspace)
    nurse = signed_in_page(workspace, 1)
    fay = signed_in_page(workspace, 1, name="Fay", facilitator=True)
    email = fay.cards["focal-1"].inputs["email"]
    assert email.disabled and fay.reopen_button.description == "Reopen cycle 1 for changes"
    assert nurse.set_reopened(True) is False  # not a facilitator: nothing written
    assert fay.set_reopened(True)
    assert stored(workspace, *REOPEN_KEY) is True
    assert "The facilitator has reopened cycle 1" in shown(fay.cycle_notice.value)
    assert "href='cycle-2/workbook.ipynb#step-1'" in fay.cycle_notice.value
    assert not any(widget.disabled for widget in (email, fay.section_picker))
    # the participant's open page follows at once; its edits are saved into cycle 1
    nurse.sync.poll()
    nurse_email = nurse.cards["focal-1"].inputs["email"]
    assert not nurse_email.disabled
    nurse_email.value = "nurse@kossa.example"
    nurse.sync.flush()
    assert stored(workspace, PROFILE, "focal-1", "email") == "nurse@kossa.example"
    assert stored(workspace, PROFILE, "focal-1", "email", cycle=2) == "ana@kossa.example"
    # kept in the store: a page opened later finds it reopened
    assert not signed_in_page(workspace, 1, name="Kofi").closed
    # and closed again: read-only for everyone, participants' writes refused
    fay.reopen_button.click()
    assert stored(workspace, *REOPEN_KEY) is False and email.disabled
    assert fay.reopen_button.description == "Reopen cycle 1 for changes"
    nurse.sync.poll()
    assert nurse_email.disabled and "read-only" in shown(nurse.cycle_notice.value)
    nurse_email.value = "again@kossa.example"
    nurse.sync.flush()
    assert stored(workspace, PROFILE, "focal-1", "email") == "nurse@kossa.example"


def test_the_step_6_page_that_starts_the_next_cycle_becomes_read_only(workspace):
    fay = signed_in_page(workspace, 6, name="Fay", facilitator=True)
    fay.form.rows["ipc-01"].rating.value = 3
    assert fay.start_next_cycle() == 2
    assert fay.closed and "href='cycle-2/workbook.ipynb#step-6'" in fay.cycle_notice.value
    assert fay.form.rows["ipc-01"].rating.disabled
    assert fay.reopen_button is not None  # the facilitator may reopen it


def test_a_page_open_when_the_next_cycle_starts_turns_read_only_at_its_next_poll(workspace):
    nurse = signed_in_page(workspace, 1)
    nurse.section_picker.value = "agreement"
    assert not nurse.closed and not nurse.goals.disabled and nurse.cycle_notice.value == ""
    start_cycle_2(workspace)  # from Step 6 of another page
    nurse.sync.poll()
    assert nurse.closed and nurse.goals.disabled
    assert "href='cycle-2/workbook.ipynb#step-1'" in nurse.cycle_notice.value
