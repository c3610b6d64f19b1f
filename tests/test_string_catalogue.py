"""One string catalogue: the default-language strings of the built-in pack hold exactly the UI-string
keys the code and templates use (collected by tests/string_keys.py, reading source, importing nothing)."""

from __future__ import annotations

import pytest

from tests import string_keys
from tpi_widgets.content.loader import CATALOGUE_PACK, load_pack

CATALOGUE = {"app.title", "access.step_locked", "plan.field_activity", "plan.field_budget",
             "annex1.col_number", "annex1.col_status", "serve.banner.lost"}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    pack = load_pack(CATALOGUE_PACK)
    return pack.strings[pack.default_language]


@pytest.fixture(scope="module")
def uses(catalogue) -> string_keys.Uses:
    return string_keys.collect(catalogue)


def test_every_key_the_code_uses_is_in_the_catalogue(catalogue, uses):
    missing, _ = string_keys.problems(catalogue, uses)
    assert not missing, "UI strings used but missing from the default-language YAML:\n" + "\n".join(missing)


def test_every_catalogue_key_is_used_by_the_code(catalogue, uses):
    _, dead = string_keys.problems(catalogue, uses)
    assert not dead, "UI strings no code uses (remove them from every language's YAML):\n" + "\n".join(dead)


def test_the_collector_sees_the_ways_the_code_names_keys(catalogue, uses):
    assert "tpi_widgets/" in min(uses.keys["app.title"])  # text("...")
    for key in ("access.step_locked", "room.measure.rated", "roles.locked_facilitator"):  # literals
        assert uses.keys[key], key
    for key in ("action.section_visits", "annex1.col_status", "annex3.lessons", "serve.banner.lost"):
        assert uses.keys[key], key  # f-strings over a known tuple
    assert any(p.startswith("(?:plan\\.field_)") for p in uses.checked_patterns)  # f-string, unknown part


def uses_of(source: str) -> string_keys.Uses:
    uses = string_keys.Uses()
    string_keys.collect_python(source, "tpi_widgets/example.py", {"app", "access", "plan", "annex1", "serve"}, uses)
    return uses


def test_a_made_up_key_in_a_text_call_is_reported_missing():
    missing, _ = string_keys.problems(CATALOGUE, uses_of('label = ctx.text("app.titel")\n'))
    assert [m.split()[0] for m in missing] == ["app.titel"]
    assert "tpi_widgets/example.py:1" in missing[0]


def test_a_made_up_key_passed_as_a_literal_is_reported_missing():
    missing, _ = string_keys.problems(CATALOGUE, uses_of('raise Refused("access.step_lokced")\n'))
    assert [m.split()[0] for m in missing] == ["access.step_lokced"]


def test_a_made_up_dynamic_key_is_reported_missing():
    source = ('COLUMNS = ("number", "state")\n'
              'columns = [text(f"annex1.col_{c}") for c in COLUMNS]\n'
              'def label(field):\n    return self.text(f"plan.fild_{field}")\n')
    missing, _ = string_keys.problems(CATALOGUE, uses_of(source))
    assert [m.split()[0] for m in missing] == ["annex1.col_state", "(?:plan\\.fild_)[a-z0-9_]+"]


def test_file_names_and_places_in_the_content_reader_are_not_keys():
    uses = uses_of('open("plan.yaml")\n')
    string_keys.collect_python('c.fail("plan.statuses", "bad")\n', "tpi_widgets/content/sections/plan.py",
                               {"plan"}, uses)
    assert string_keys.problems(CATALOGUE, uses)[0] == []


def test_an_unused_key_is_reported_dead():
    source = ('text("app.title")\nraise Refused("access.step_locked")\n'
              'def label(field):\n    return text(f"plan.field_{field}")\n'
              '{key: text(f"serve.banner.{key}") for key in ("lost",)}\n'
              'tuple(text(f"annex1.col_{c}") for c in ("number",))\n')
    _, dead = string_keys.problems(CATALOGUE, uses_of(source))
    assert dead == ["annex1.col_status"]  # plan.field_* match the pattern; col_status is not in the tuple


def test_keys_in_templates_are_collected():
    uses = string_keys.Uses()
    string_keys.collect_template("<h1>{{ pack.text('app.title') }}</h1>\n<p>{{ text(\"app.gone\") }}</p>",
                                 "templates/page.html.j2", uses)
    missing, dead = string_keys.problems({"app.title", "app.other"}, uses)
    assert [m.split()[0] for m in missing] == ["app.gone"] and "templates/page.html.j2:2" in missing[0]
    assert dead == ["app.other"]
