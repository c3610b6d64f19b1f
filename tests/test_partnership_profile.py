"""Step 1's rules without widgets, and the partnership section of the pack (each mistake names
file, place and problem)."""

from __future__ import annotations

import pytest

from tests.support import edit, error_for
from tpi_widgets.content.sections.partnership import MIN_DOMAINS, Domain
from tpi_widgets.core.partnership_profile import Problem, institution_names, missing_seeds, profile_problems, profile_value, seed_records, side_average, side_of, strength_comparison, visible_records

INSTITUTIONS = [{"name": "Kossa District Hospital", "country": "Sierra Leone"},
                {"name": "Hôpital Régional de Valmont", "country": "France"}]
REGISTRATION = {"institutions": INSTITUTIONS, "start": "2026-12-01"}


def test_the_pack_section_has_the_lists_step_1_needs(pack):
    content = pack.section("partnership")
    assert len(content.domains) >= MIN_DOMAINS
    assert [level.value for level in content.scale] == [1, 2, 3, 4, 5]
    assert {"email", "video"} <= {c.id for c in content.channels}
    assert content.levels_of_care and content.frequencies and len(content.principles) >= 5
    assert content.label(content.channels, "email") == "Email"
    assert content.label(content.channels, "gone") == "gone"  # an id the pack dropped still shows


def test_side_is_the_position_of_the_participants_institution():
    assert side_of(INSTITUTIONS, "Kossa District Hospital") == 1
    assert side_of(INSTITUTIONS, "Hôpital Régional de Valmont") == 2
    assert side_of(INSTITUTIONS, "Another hospital") is None
    assert side_of(INSTITUTIONS, None) is None


def test_registration_values_show_until_someone_edits_them():
    assert profile_value({}, REGISTRATION, "institution-2", "country") == "France"
    assert profile_value({}, REGISTRATION, "partnership", "start") == "2026-12-01"
    edited = {"institution-1": {"name": "Kossa Government Hospital"}}
    assert institution_names(edited, REGISTRATION) == {1: "Kossa Government Hospital", 2: "Hôpital Régional de Valmont"}
    assert profile_value({"institution-1": {"address": ""}}, REGISTRATION, "institution-1", "address") == ""


def test_seeds_have_fixed_ids_and_are_written_only_once():
    principles = ["Learn both ways", "Decide together"]
    assert seed_records(principles) == {"seed-1": "Learn both ways", "seed-2": "Decide together"}
    # two pages seeding the same empty store write the same records: no duplicates
    assert missing_seeds({}, principles) == seed_records(principles)
    # a reworded or deleted seed is not written again; only the absent one is
    stored = {"seed-1": {"text": "We learn from each other"}, "seed-3": {"text": "x", "deleted": True}}
    assert missing_seeds(stored, principles + ["Third"]) == {"seed-2": "Decide together"}


def test_visible_records_leave_out_deleted_and_keep_creation_order():
    records = {"principle-bb": {"text": "b", "deleted": False}, "seed-10": {"text": "ten"},
               "seed-2": {"text": "two"}, "principle-aa": {"text": "a"}, "principle-cc": {"deleted": True},
               "agreement": {"goals": "x"}}
    created = {"principle-bb": 5, "principle-aa": 9}.get
    keep = lambda record: record != "agreement"  # noqa: E731
    assert visible_records(records, created, keep) == ["seed-2", "seed-10", "principle-bb", "principle-aa"]


def test_strength_comparison_pairs_the_sides_per_domain():
    domains = [Domain("trust", "Trust"), Domain("communication", "Communication"), Domain("joint", "Joint work")]
    records = {"side-1": {"trust": 4, "communication": 1, "joint": True},  # a stray non-level is not a rating
               "side-2": {"trust": 2, "communication": None}}
    rows = strength_comparison(domains, records)
    assert [(r.title, r.side_1, r.side_2, r.difference) for r in rows] == [
        ("Trust", 4, 2, 2), ("Communication", 1, None, None), ("Joint work", None, None, None)]
    assert side_average(rows, 1) == 2.5 and side_average(rows, 2) == 2.0
    assert side_average(strength_comparison(domains, {}), 1) is None


def test_profile_problems_list_bad_emails_phones_and_dates_in_page_order():
    profile = {"focal-2": {"email": "bo@valmont", "phone": "+33 6 12 34 56 78"},
               "focal-1": {"email": "ana@kossa.sl", "phone": "call me"},
               "partnership": {"start": "1 December"}}
    agreement = {"agreement": {"next_meeting": "2026-13-01"}}
    assert profile_problems(profile, agreement, REGISTRATION) == [
        Problem("profile", "focal-1", "phone", "validation.phone"),
        Problem("profile", "focal-2", "email", "validation.email"),
        Problem("profile", "partnership", "start", "validation.date"),
        Problem("agreement", "agreement", "next_meeting", "validation.date")]
    assert profile_problems({}, {}, REGISTRATION) == []


def test_next_meeting_before_the_start_is_a_problem_using_the_registered_start():
    agreement = {"agreement": {"next_meeting": "2026-11-20"}}
    assert profile_problems({}, agreement, REGISTRATION) == [
        Problem("agreement", "agreement", "next_meeting", "agreement.meeting_before_start")]
    assert profile_problems({"partnership": {"start": "2026-11-01"}}, agreement, REGISTRATION) == []


# the pack section ---------------------------------------------------------------------------------
def test_section_file_is_required(broken):
    (broken / "partnership.yaml").unlink()
    message = str(error_for(broken))
    assert "partnership.yaml" in message and "missing" in message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["strength"].update(domains=d["strength"]["domains"][:4]),
     "partnership.yaml: strength.domains: needs at least 5 entries, found 4"),
    (lambda d: d["strength"]["domains"][1].update(id=d["strength"]["domains"][0]["id"]),
     "partnership.yaml: strength.domains[1]: duplicate domain id 'commitment'"),
    (lambda d: d["strength"]["domains"][2].pop("title"),
     "partnership.yaml: strength.domains[2].title: missing required field"),
    (lambda d: d["strength"]["scale"]["levels"].reverse(),
     "partnership.yaml: strength.scale.levels: values must be distinct and in increasing order"),
    (lambda d: d["strength"]["scale"]["levels"][0].update(value="one"),
     "partnership.yaml: strength.scale.levels[0].value: expected a number, found a text"),
    (lambda d: d["channels"][3].update(id="Video Call"),
     "partnership.yaml: channels[3].id: 'Video Call' is not a valid id"),
    (lambda d: d["frequencies"].append({"id": "weekly", "label": "Again"}),
     "partnership.yaml: frequencies[5]: duplicate id 'weekly'"),
    (lambda d: d.pop("levels_of_care"), "partnership.yaml: levels_of_care: missing required field"),
    (lambda d: d["principles"].append(""), "partnership.yaml: principles[7]: expected a non-empty text"),
    (lambda d: d.pop("strength"), "partnership.yaml: strength: missing required field"),
])
def test_section_mistakes_name_file_place_and_problem(broken, change, expected):
    edit(broken, "partnership.yaml", change)
    assert expected in str(error_for(broken))
