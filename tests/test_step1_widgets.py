"""Step 1 without a browser: widgets write the store, store changes reach the widgets, and
inline validation shows its message while keeping what was typed."""

from __future__ import annotations

import pytest

from tests.support import KOSSA, SLUG, VALMONT, Other, signed_in_page, step_page, stored, stored_by
from tpi_widgets.core.records import AGREEMENT, PROFILE, STRENGTH, TEAM
from tests.support import build_step


def test_profile_starts_from_the_registration_without_writing_it(workspace):
    page = signed_in_page(workspace, 1)
    assert page.opened == {"profile"}  # a section is built when it is first chosen
    page.section_picker.value = "strength"  # as a participant choosing it
    page.section_picker.value = "profile"
    assert page.cards["institution-1"].inputs["name"].value == KOSSA
    assert page.cards["institution-2"].inputs["country"].value == "France"
    assert page.cards["partnership"].inputs["start"].value == "2026-12-01"
    assert stored(workspace, PROFILE, "institution-1", "name") is None
    page.cards["institution-1"].inputs["name"].value = "Kossa Government Hospital"
    page.sync.flush()
    assert stored(workspace, PROFILE, "institution-1", "name") == "Kossa Government Hospital"
    assert "Kossa Government Hospital" in page.strength_table.value  # the comparison follows the new name


def test_editing_profile_fields_writes_the_store_with_who(workspace, pack):
    page = signed_in_page(workspace, 1)
    institution, focal = page.cards["institution-2"], page.cards["focal-2"]
    level = pack.section("partnership").levels_of_care[2].id
    institution.inputs["level"].value = level
    institution.inputs["address"].value = "12 rue des Lilas\nValmont"
    focal.inputs["name"].value = "Claire Dubois"
    focal.inputs["phone"].value = "+33 6 12 34 56 78"
    page.cards["partnership"].inputs["ministry"].value = "Ministry of Health and Sanitation"
    assert focal.status.state == "saving"
    page.sync.flush()
    assert stored(workspace, PROFILE, "institution-2", "level") == level
    assert stored(workspace, PROFILE, "institution-2", "address") == "12 rue des Lilas\nValmont"
    assert stored(workspace, PROFILE, "focal-2", "phone") == "+33 6 12 34 56 78"
    assert stored(workspace, PROFILE, "partnership", "ministry") == "Ministry of Health and Sanitation"
    assert focal.status.state == "saved" and "Ana Kamara" in focal.status.value
    institution.inputs["level"].value = ""
    page.sync.flush()
    assert stored(workspace, PROFILE, "institution-2", "level") is None


def test_invalid_email_shows_the_message_and_keeps_the_text(workspace):
    page = signed_in_page(workspace, 1)
    email = page.cards["focal-1"].checked["email"]
    email.input.value = "ana.kamara@"
    assert "email address" in email.message.value
    page.sync.flush()
    assert stored(workspace, PROFILE, "focal-1", "email") == "ana.kamara@"  # saved as typed
    assert email.input.value == "ana.kamara@"
    assert "Focal point 1 email" in page.problems.value
    email.input.value = "ana.kamara@kossa.sl"
    assert email.message.value == ""
    page.sync.flush()
    assert "correctly" in page.problems.value


def test_bad_dates_and_a_meeting_before_the_start_are_flagged(workspace):
    page = signed_in_page(workspace, 1)
    page.cards["partnership"].checked["start"].input.value = "1st December"
    assert "YYYY-MM-DD" in page.cards["partnership"].checked["start"].message.value
    page.cards["partnership"].checked["start"].input.value = "2026-12-01"
    page.sync.flush()
    page.section_picker.value = "agreement"
    page.next_meeting.input.value = "2026-11-15"
    assert "before the partnership" in page.next_meeting.message.value
    page.sync.flush()
    assert stored(workspace, AGREEMENT, "agreement", "next_meeting") == "2026-11-15"


def test_a_stored_invalid_value_shows_its_message_on_a_new_page(workspace):
    first = signed_in_page(workspace, 1)
    first.cards["focal-2"].checked["phone"].input.value = "ring reception"
    first.sync.flush()
    second = build_step(1, str(workspace.root), SLUG)
    phone = second.cards["focal-2"].checked["phone"]
    assert phone.input.value == "ring reception" and "phone number" in phone.message.value


def test_principles_are_seeded_once_and_can_be_edited_added_and_removed(workspace, pack):
    principles = pack.section("partnership").principles
    page = signed_in_page(workspace, 1, facilitator=True)  # removing is a facilitator's
    page.section_picker.value = "agreement"
    assert list(page.principles.rows) == [f"seed-{n}" for n in range(1, len(principles) + 1)]
    assert page.principles.rows["seed-1"].principle.value == principles[0]
    assert page.principles.rows["seed-2"].principle.description == "Principle 2"
    # the pack's starting points are the pack's, not the first person to open the page
    assert stored_by(workspace, AGREEMENT, "seed-2", "text") == (principles[1], None)
    assert "Saved by <bdi>TPI Workbook (a starting point)</bdi>" in page.principles.rows["seed-2"].status.value
    # a row still syncs its children to the browser (an attribute named like a widget trait,
    # e.g. `keys`, would silently empty the row there)
    assert "children" in page.principles.rows["seed-2"].keys
    page.principles.rows["seed-1"].principle.value = "We learn from each other, both ways"
    page.sync.flush()
    # a second page signing in later does not seed again nor undo the rewording
    second = signed_in_page(workspace, 1, "Bo Lindqvist", VALMONT)
    second.section_picker.value = "agreement"
    assert len(second.principles.rows) == len(principles)
    assert stored(workspace, AGREEMENT, "seed-1", "text") == "We learn from each other, both ways"
    record = page.principles.add(text="")
    page.principles.rows[record].principle.value = "Budgets are shared openly"
    page.sync.flush()
    assert record.startswith("principle-") and list(page.principles.rows)[-1] == record
    assert stored(workspace, AGREEMENT, record, "text") == "Budgets are shared openly"
    page.principles.rows["seed-3"].remove.click()
    assert stored(workspace, AGREEMENT, "seed-3", "deleted") is True
    assert "seed-3" not in page.principles.rows
    assert page.principles.rows["seed-4"].principle.description == "Principle 3"  # renumbered
    # the other page sees the new principle and the removal on its next poll
    second.sync.poll()
    assert second.principles.rows[record].principle.value == "Budgets are shared openly"
    assert "seed-3" not in second.principles.rows


def test_two_pages_opening_at_once_do_not_duplicate_seeds(workspace, pack):
    first, second = step_page(workspace, 1), step_page(workspace, 1)  # both open before either signs in
    for page, name, institution in ((first, "Ana", KOSSA), (second, "Bo", VALMONT)):
        page.gate.name.value, page.gate.institution.value = name, institution
        page.gate.submit()
    first.sync.poll()
    first.section_picker.value = second.section_picker.value = "agreement"
    texts = [f["text"] for r, f in first.sync.records(AGREEMENT).items() if "text" in f]
    assert sorted(texts) == sorted(pack.section("partnership").principles)
    assert len(first.principles.rows) == len(second.principles.rows) == len(texts)


def test_team_members_are_added_with_the_participants_institution_and_removed(workspace):
    page = signed_in_page(workspace, 1, facilitator=True)  # removing is a facilitator's
    page.section_picker.value = "team"
    assert "No team member" in page.team.children[0].value
    page.add_member.click()
    (record,) = page.team.rows
    assert len(record) == 8 and stored(workspace, TEAM, record, "institution") == "institution-1"
    row = page.team.rows[record]
    assert row.institution.value == "institution-1" and row.name.description == "Member 1 name"
    row.name.value, row.role.value = "Fatmata Sesay", "Ward matron"
    page.sync.flush()
    assert stored(workspace, TEAM, record, "name") == "Fatmata Sesay"
    assert stored(workspace, TEAM, record, "role") == "Ward matron"
    row.remove.click()
    assert stored(workspace, TEAM, record, "deleted") is True and page.team.rows == {}


def test_another_participants_new_team_member_appears_live(workspace):
    page = signed_in_page(workspace, 1)
    page.section_picker.value = "team"
    write = Other(workspace).write
    write(TEAM, "ab12cd34", "deleted", False)
    write(TEAM, "ab12cd34", "name", "Claire Dubois")
    write(TEAM, "ab12cd34", "institution", "institution-2")
    assert page.sync.poll() == 3
    row = page.team.rows["ab12cd34"]
    assert row.name.value == "Claire Dubois" and row.institution.value == "institution-2"
    assert "Bo Lindqvist" in row.status.value
    write(TEAM, "ab12cd34", "deleted", True)
    page.sync.poll()
    assert "ab12cd34" not in page.team.rows


def test_communication_plan_is_stored(workspace, pack):
    content = pack.section("partnership")
    page = signed_in_page(workspace, 1)
    page.section_picker.value = "agreement"
    page.channels.boxes["email"].value = True
    page.channels.boxes["video"].value = True
    page.frequency.value = content.frequencies[2].id
    page.languages.value = "English, French"
    page.goals.value = "Hand hygiene compliance above 80% in all wards"
    page.sync.flush()
    assert stored(workspace, AGREEMENT, "agreement", "channels") == ["email", "video"]
    assert stored(workspace, AGREEMENT, "agreement", "frequency") == content.frequencies[2].id
    assert stored(workspace, AGREEMENT, "agreement", "languages") == "English, French"
    write = Other(workspace).write
    write(AGREEMENT, "agreement", "channels", ["phone"])
    page.sync.poll()
    assert page.channels.value == ("phone",)
    assert [b for b, box in page.channels.boxes.items() if box.value] == ["phone"]
    assert page.sync.flush() == 0  # a remote value is not taken for an edit: nothing to save


def test_each_side_rates_only_its_own_side_and_sees_the_other(workspace, pack):
    domains = pack.section("partnership").domains
    ana = signed_in_page(workspace, 1)
    ana.section_picker.value = "strength"
    first = domains[0].id
    assert not ana.strength.dropdowns[1][first].disabled and ana.strength.dropdowns[2][first].disabled
    assert ana.strength.dropdowns[1][first].description == f"{domains[0].title} ({KOSSA})"
    ana.strength.dropdowns[1][first].value = 4
    ana.sync.flush()
    assert stored(workspace, STRENGTH, "side-1", first) == 4
    bo = signed_in_page(workspace, 1, "Bo Lindqvist", VALMONT)
    bo.section_picker.value = "strength"
    assert bo.strength.dropdowns[2][first].disabled is False and bo.strength.dropdowns[1][first].disabled
    assert bo.strength.dropdowns[1][first].value == 4  # Ana's rating, read-only here
    bo.strength.dropdowns[2][first].value = 2
    bo.sync.flush()
    ana.chart.toggle.value = True
    before = bytes(ana.chart.image.value)
    ana.sync.poll()
    assert ana.strength.dropdowns[2][first].value == 2
    assert (f'<td title="Established" data-label="{KOSSA}"><bdi>4</bdi></td>'
            f'<td title="Beginning" data-label="{VALMONT}"><bdi>2</bdi></td><td data-label="Difference"><bdi>+2</bdi></td>'
            ) in ana.strength_table.value
    assert bytes(ana.chart.image.value) != before and before.startswith(b"\x89PNG")


def test_a_participant_of_neither_institution_cannot_rate(workspace):
    page = signed_in_page(workspace, 1)
    page.section_picker.value = "strength"
    page.side = None
    page.strength.set_side(None)
    assert all(d.disabled for side in (1, 2) for d in page.strength.dropdowns[side].values())


@pytest.mark.parametrize("field", ["name", "role"])
def test_participant_text_is_escaped_in_html(workspace, field):
    page = signed_in_page(workspace, 1, name="<img src=x onerror=alert(1)>")
    page.section_picker.value = "strength"
    page.section_picker.value = "team"
    page.cards["institution-1"].inputs["name"].value = "<script>x()</script>"
    page.add_member.click()
    row = next(iter(page.team.rows.values()))
    setattr(getattr(row, field), "value", "<b>bold</b>")
    page.sync.flush()
    assert "<script>" not in page.strength_table.value and "&lt;script&gt;" in page.strength_table.value
    assert "<img" not in row.status.value and "<img" not in page.cards["institution-1"].status.value
