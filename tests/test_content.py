"""The content pack: the real one loads; each kind of mistake names file, place and problem."""

from __future__ import annotations

from tests import string_keys
from tests.support import edit, error_for
from tpi_widgets.content import load_pack
from tpi_widgets.content.model import NOT_APPLICABLE


def test_real_pack_has_the_tpi_structure(pack):
    assert [o.id for o in pack.objectives] == ["partnership", "technical", "spread"]
    assert [s.number for s in pack.steps] == [1, 2, 3, 4, 5, 6]
    assert [a.id for a in pack.areas] == ["ipc", "workforce", "surveillance", "services"]
    assert all(len(area.items) >= 6 for area in pack.areas)
    assert pack.scale.target in [level.value for level in pack.scale.levels]
    assert pack.scale.choices[-1].value == NOT_APPLICABLE
    # English, the default language, holds exactly the UI strings the code uses
    assert string_keys.problems(pack.strings["en"], string_keys.collect(pack.strings["en"])) == ([], [])


def test_gap_is_below_target_and_not_applicable_is_never_a_gap(pack):
    scale = pack.scale
    assert scale.is_gap(scale.target - 1)
    assert not scale.is_gap(scale.target)
    assert not scale.is_gap(NOT_APPLICABLE)
    assert not scale.is_gap(None)


def test_strings_fall_back_to_the_default_language(pack, broken):
    assert pack.text("assessment.progress", "fr", done=2, total=8) == "2 sur 8 évalués"
    edit(broken, "strings/fr.yaml", lambda d: d.pop("assessment.evidence_placeholder"))
    copy = load_pack(broken)  # its French leaves the evidence placeholder out: English is used
    assert copy.text("assessment.evidence_placeholder", "fr") == pack.text("assessment.evidence_placeholder", "en")


def test_missing_file(broken):
    (broken / "scale.yaml").unlink()
    err = error_for(broken)
    assert (err.file, err.problem.split(" ")[0]) == ("scale.yaml", "file")
    assert "missing" in str(err)


def test_invalid_yaml_names_the_line(broken):
    (broken / "areas.yaml").write_text("areas:\n  - id: ipc\n    items: [unclosed\n", encoding="utf-8")
    err = error_for(broken)
    assert err.file == "areas.yaml" and err.place.startswith("line ") and "not valid YAML" in err.problem


def test_missing_required_field(broken):
    edit(broken, "areas.yaml", lambda d: d["areas"][1]["items"][2].pop("text"))
    err = error_for(broken)
    assert (err.file, err.place, err.problem) == ("areas.yaml", "areas[1].items[2].text", "missing required field")


def test_wrong_type(broken):
    edit(broken, "scale.yaml", lambda d: d["scale"].update(target="three"))
    err = error_for(broken)
    assert (err.file, err.place) == ("scale.yaml", "scale.target")
    assert err.problem == "expected a number, found a text"


def test_duplicate_item_id(broken):
    def duplicate(d):
        d["areas"][2]["items"][0]["id"] = d["areas"][0]["items"][0]["id"]
    edit(broken, "areas.yaml", duplicate)
    err = error_for(broken)
    assert err.file == "areas.yaml" and "duplicate item id 'ipc-01'" in err.problem


def test_invalid_id(broken):
    edit(broken, "areas.yaml", lambda d: d["areas"][0].update(id="IPC area"))
    err = error_for(broken)
    assert (err.file, err.place) == ("areas.yaml", "areas[0].id") and "not a valid id" in err.problem


def test_target_outside_the_scale(broken):
    edit(broken, "scale.yaml", lambda d: d["scale"].update(target=9))
    err = error_for(broken)
    assert (err.file, err.place) == ("scale.yaml", "scale.target") and "not one of the scale's values" in err.problem


def test_levels_out_of_order(broken):
    edit(broken, "scale.yaml", lambda d: d["scale"]["levels"].reverse())
    err = error_for(broken)
    assert (err.file, err.place) == ("scale.yaml", "scale.levels")


def test_steps_must_be_one_to_six(broken):
    edit(broken, "pack.yaml", lambda d: d["steps"].pop())
    err = error_for(broken)
    assert (err.file, err.place) == ("pack.yaml", "steps") and "1 to 6" in err.problem


def test_step_names_an_unknown_objective(broken):
    edit(broken, "pack.yaml", lambda d: d["steps"][3].update(objectives=["technical", "sprad"]))
    err = error_for(broken)
    assert (err.file, err.place, err.problem) == ("pack.yaml", "steps[3].objectives[1]", "unknown objective 'sprad'")


def test_unknown_ui_string(broken):
    edit(broken, "strings/fr.yaml", lambda d: d.update({"assessment.ratting": "Niveau"}))
    err = error_for(broken)
    assert (err.file, err.place) == ("strings/fr.yaml", "assessment.ratting") and "unknown UI string" in err.problem


def test_a_copied_pack_keeps_to_the_catalogue_in_its_default_language(broken):
    edit(broken, "strings/step4.en.yaml", lambda d: d.update({"plan.hedaing": "Plan"}))
    err = error_for(broken)
    assert (err.file, err.place) == ("strings/step4.en.yaml", "plan.hedaing") and "unknown UI string" in err.problem


def test_ui_string_with_wrong_placeholder(broken):
    edit(broken, "strings/fr.yaml", lambda d: d.update({"assessment.progress": "{fait} sur {total}"}))
    err = error_for(broken)
    assert (err.file, err.place) == ("strings/fr.yaml", "assessment.progress") and "placeholders" in err.problem


def test_default_language_must_define_every_string(broken):
    edit(broken, "strings/en.yaml", lambda d: d.pop("chart.title"))
    err = error_for(broken)
    assert (err.file, err.place, err.problem) == ("strings/en.yaml", "chart.title", "missing required UI string")


def test_error_message_is_one_line_naming_file_place_and_problem(broken):
    edit(broken, "areas.yaml", lambda d: d["areas"][0]["items"][0].pop("id"))
    message = str(error_for(broken))
    assert message == "content pack error in areas.yaml: areas[0].items[0].id: missing required field"
    assert "\n" not in message
