"""A content pack's languages without a browser: what `tpi pack check` lists, PO files out and back
in (all or nothing), and a language added with files only (content/translation.py,
content/translation_files.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from tests.support import edit, shown, step_page
from tpi_widgets.cli import main
from tpi_widgets.content import load_pack
from tpi_widgets.content.loader import PACKS_DIR, content_files, forget_loaded_packs, read_yaml_file
from tpi_widgets.content.translation import NOT_TEXT, is_text_field, translations_file
from tpi_widgets.content.translation_files import UI_PREFIX, PackTexts, check_translations
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.workspace import Workspace

REAL_PACK = PACKS_DIR / "recovery-2016"
STATUS_LINE = re.compile(r"(\w+): (\d+) of (\d+) texts translated, (\d+) missing, (\d+) stale, (\d+) obsolete")
# the texts the tests below change, by key
AREA_TITLE, AREA_SHORT, AREA_DESCRIPTION = "areas:areas.ipc.title", "areas:areas.ipc.short", "areas:areas.ipc.description"
PLAN_HEADING, PLAN_EMPTY = "strings:plan.heading", "strings:plan.empty_group"


def tpi(capsys, *args) -> tuple[int, str, str]:
    """`tpi ARGS` in this process: exit code, standard output, standard error."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(result: tuple[int, str, str], *needles: str):
    code, _, err = result
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err


def statuses(out: str) -> dict[str, tuple[int, ...]]:
    """{language: (translated, total, missing, stale, obsolete)} from `tpi pack check`'s output."""
    return {m[1]: tuple(map(int, m.groups()[1:])) for m in STATUS_LINE.finditer(out)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def exported(capsys, folder: Path, language: str, out: Path):
    """The pack's PO file for `language`, as Babel reads it."""
    assert tpi(capsys, "pack", "export-strings", folder, "--language", language, "--out", out)[0] == 0
    with open(out, "rb") as file:
        return read_po(file)


def write_catalog(catalog, path: Path) -> Path:
    with open(path, "wb") as file:
        write_po(file, catalog, width=100)
    return path


def set_string(catalog, key: str, text: str, fuzzy: bool = False):
    message = next(m for m in catalog if m.context == key)
    message.string = text
    if fuzzy:
        message.flags.add("fuzzy")


# the real pack ------------------------------------------------------------------------------
def test_the_real_pack_is_whole_in_french_and_portuguese(capsys):
    code, out, err = tpi(capsys, "pack", "check", "recovery-2016")
    assert code == 0, err
    found = statuses(out)
    assert set(found) == {"fr", "pt"}
    for language, (translated, total, missing, stale, obsolete) in found.items():
        assert (translated, missing, stale, obsolete) == (total, 0, 0, 0), language
    assert total == len(PackTexts.read(REAL_PACK).all_sources())


def test_a_closed_output_pipe_ends_the_check_quietly():
    check = subprocess.Popen([sys.executable, "-m", "tpi_widgets.cli", "pack", "check", "recovery-2016", "--all"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check.stdout.close()  # as `| head` does once it has read enough: every write now fails
    err = check.stderr.read().decode()
    assert check.wait(timeout=60) == 141  # as a command stopped by SIGPIPE
    assert err == ""  # no traceback, no "Exception ignored"


# what is left to translate ------------------------------------------------------------------
def test_check_lists_exactly_the_missing_and_stale_texts(broken, capsys):
    edit(broken, "translations/pt.yaml", lambda d: d.pop("areas:areas.ipc.items.ipc-03.guidance"))
    edit(broken, "areas.yaml", lambda d: d["areas"][0]["items"][1].update(text="Hand hygiene is audited every month."))
    edit(broken, "strings/step4.pt.yaml", lambda d: d.pop("plan.empty_group"))
    stale = ["areas:areas.ipc.items.ipc-02.text"]
    checks = {check.language: check for check in check_translations(broken)}
    assert (checks["fr"].missing, checks["fr"].stale, checks["fr"].obsolete) == ([], stale, [])
    assert (checks["pt"].missing, checks["pt"].stale, checks["pt"].obsolete) == \
        (["areas:areas.ipc.items.ipc-03.guidance", PLAN_EMPTY], stale, [])

    code, out, err = tpi(capsys, "pack", "check", broken)
    assert code == 0, err
    total = checks["pt"].total
    assert statuses(out) == {"fr": (total, total, 0, 1, 0), "pt": (total - 2, total, 2, 1, 0)}
    pt_lines = out.split("pt: ")[1].splitlines()[1:]
    assert pt_lines == ["  missing: areas:areas.ipc.items.ipc-03.guidance", f"  missing: {PLAN_EMPTY}",
                        f"  stale: {stale[0]}"]
    # what is missing falls back to English; the stale translation is still shown
    pack, english = load_pack(broken, language="pt"), load_pack(broken)
    assert pack.text("plan.empty_group", "pt") == english.text("plan.empty_group", "en")
    assert pack.areas[0].items[2].guidance == english.areas[0].items[2].guidance
    assert pack.areas[0].items[1].text != english.areas[0].items[1].text


@pytest.mark.parametrize("name, change, needles", [
    ("translations/pt.yaml", lambda d: d[AREA_TITLE].pop("text"), ["translations/pt.yaml", AREA_TITLE, "`text`"]),
    ("strings/step4.pt.yaml", lambda d: d["plan.heading"].update(text="Plano da parceria, ciclo {ciclo}"),
     ["strings/step4.pt.yaml", "plan.heading", "placeholders"]),
])
def test_an_invalid_translation_stops_the_check_with_one_line(broken, capsys, name, change, needles):
    edit(broken, name, change)
    code, out, err = tpi(capsys, "pack", "check", broken)
    assert_refused((code, out, err), *needles)
    assert out == ""  # not "valid" first


@pytest.mark.parametrize("name, added, needles", [
    ("translations/pt.yaml", f"{AREA_TITLE}:\n  source: x\n  text: Outra\n", [AREA_TITLE]),
    ("strings/step4.pt.yaml", "plan.heading: Plano {cycle}\n", ["plan.heading"]),
])
def test_a_key_given_twice_in_one_file_is_an_error(broken, capsys, name, added, needles):
    path = broken / name
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")  # YAML alone keeps the last
    assert_refused(tpi(capsys, "pack", "check", broken), name, "line", "twice", *needles)


# PO files out and back in -----------------------------------------------------------------------
def test_export_has_every_text_with_its_key_and_translation(broken, capsys, tmp_path):
    catalog = exported(capsys, broken, "pt", tmp_path / "pt.po")
    pack = PackTexts.read(broken)
    done = pack.translations("pt")
    messages = [m for m in catalog if m.id]
    assert len(messages) == len(pack.all_sources())
    for key, source in pack.all_sources().items():
        message = catalog.get(source, context=key)
        assert message is not None, key
        assert message.string == done[key].text and not message.fuzzy, key
    assert str(catalog.locale) == "pt"


def test_import_takes_changed_texts_keeps_blank_and_fuzzy_ones(broken, capsys, tmp_path):
    before_pack = load_pack(broken, language="pt")
    catalog = exported(capsys, broken, "pt", tmp_path / "pt.po")
    set_string(catalog, AREA_TITLE, "Prevenção de infeções (revisto)")
    set_string(catalog, PLAN_HEADING, "Plano conjunto, ciclo {cycle}")
    for key in (AREA_SHORT, PLAN_EMPTY, "scale:scale.title"):
        set_string(catalog, key, "")  # no translation in this file: the pack's stays
    set_string(catalog, AREA_DESCRIPTION, "Texto provisório", fuzzy=True)  # not reviewed yet: left out
    before = snapshot(broken)

    code, _, err = tpi(capsys, "pack", "import-strings", broken, "--language", "pt",
                       write_catalog(catalog, tmp_path / "edited.po"))
    assert code == 0, err
    pack = load_pack(broken, language="pt")
    assert pack.areas[0].title == "Prevenção de infeções (revisto)"
    assert pack.text("plan.heading", "pt", cycle=2) == "Plano conjunto, ciclo 2"
    assert pack.areas[0].short == before_pack.areas[0].short
    assert pack.areas[0].description == before_pack.areas[0].description
    assert pack.scale.title == before_pack.scale.title
    assert pack.text("plan.empty_group", "pt") == before_pack.text("plan.empty_group", "pt")
    after = snapshot(broken)
    assert changed_files(before, after) == {"translations/pt.yaml", "strings/step4.pt.yaml"}
    opening = before["strings/step4.pt.yaml"].decode().splitlines()[0]
    assert after["strings/step4.pt.yaml"].decode().startswith(opening + "\n")  # the translator's notes stay
    assert {c.language: (c.missing, c.stale) for c in check_translations(broken)}["pt"] == ([], [])


def test_import_writes_a_ui_string_where_the_language_defines_it(broken, capsys, tmp_path):
    moved = {}
    edit(broken, "strings/step4.pt.yaml", lambda d: moved.update(heading=d.pop("plan.heading")))
    edit(broken, "strings/pt.yaml", lambda d: d.update({"plan.heading": moved["heading"]}))
    catalog = exported(capsys, broken, "pt", tmp_path / "pt.po")
    set_string(catalog, PLAN_HEADING, "Plano conjunto, ciclo {cycle}")
    code, _, err = tpi(capsys, "pack", "import-strings", broken, "--language", "pt",
                       write_catalog(catalog, tmp_path / "edited.po"))
    assert code == 0, err
    assert read_yaml_file(broken, "strings/pt.yaml")["plan.heading"]["text"] == "Plano conjunto, ciclo {cycle}"
    assert "plan.heading" not in read_yaml_file(broken, "strings/step4.pt.yaml")


@pytest.mark.parametrize("spoil, needles", [
    (lambda c: c.add("A place", "Um lugar", context="areas:areas.nowhere.title"), ["unknown text", "line"]),
    (lambda c: set_string(c, PLAN_HEADING, "Plano, ciclo {ciclo}"), ["plan.heading", "placeholders", "line"]),
    (lambda c: set_string(c, PLAN_HEADING, "Plano, ciclo {cycle"), ["plan.heading", "placeholders", "line"]),
    (lambda c: c.add("Partnership plan, cycle {cycle}", "Plano, ciclo {cycle}"), ["msgctxt", "line"]),  # no context
    (lambda c: setattr(c, "locale", "fr"), ["for fr, not pt"]),
])
def test_a_bad_po_file_changes_nothing(broken, capsys, tmp_path, spoil, needles):
    catalog = exported(capsys, broken, "pt", tmp_path / "pt.po")
    set_string(catalog, AREA_TITLE, "Um título que não deve entrar")  # a good change in the same file
    spoil(catalog)
    before = snapshot(broken)
    bad = write_catalog(catalog, tmp_path / "bad.po")
    assert_refused(tpi(capsys, "pack", "import-strings", broken, "--language", "pt", bad), "bad.po", *needles)
    assert snapshot(broken) == before  # all or nothing
    assert load_pack(broken, language="pt").areas[0].title != "Um título que não deve entrar"


@pytest.mark.parametrize("task", ["export-strings", "import-strings"])
def test_a_language_code_that_is_not_one_is_refused(broken, capsys, tmp_path, task):
    po = tmp_path / "pt.po"
    exported(capsys, broken, "pt", po)
    before = snapshot(broken)
    args = ["--out", tmp_path / "out.po"] if task == "export-strings" else [po]
    assert_refused(tpi(capsys, "pack", task, broken, "--language", "../pt", *args), "'../pt'", "language code")
    assert snapshot(broken) == before and not (tmp_path / "out.po").exists()


# which fields are texts ---------------------------------------------------------------------
def identifiers(data, path: tuple[str, ...] = ()) -> set[str]:
    """Every value of a field NOT_TEXT names (ids, codes), anywhere in a content file."""
    if isinstance(data, dict):
        return {value for name, field in data.items() for value in
                (identifiers(field, (*path, str(name))) if is_text_field(path, name) else _strings(field))}
    if isinstance(data, list):
        return {value for position, entry in enumerate(data) for value in identifiers(entry, (*path, str(position)))}
    return set()


def _strings(value) -> set[str]:
    """An id or code, or a list of them (a step's objectives)."""
    values = value if isinstance(value, list) else [value]
    return {v for v in values if isinstance(v, str)}


def test_every_key_of_the_content_is_a_text_a_participant_reads():
    content = PackTexts.read(REAL_PACK).content
    codes = {code for name in content_files(REAL_PACK) for code in identifiers(read_yaml_file(REAL_PACK, name), ())}
    assert {"ipc", "ipc-01", "planned", "draft", "USD", "partnership", "technical"} <= codes
    # the pack's objectives are read on Steps 4 and 5; a step's objectives are ids
    assert {f"pack:objectives.{o}.{f}" for o in ("partnership", "technical", "spread") for f in ("title", "summary")} \
        <= content.keys()
    assert not [key for key in content if ".objectives." in key and key.startswith("pack:steps.")]
    for key, text in content.items():
        field = key.split(".")[-1]
        assert field not in NOT_TEXT and text not in codes, key
        assert not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+|[0-9]+|[A-Z]{3}", text), (key, text)  # slugs, numbers, ISO codes
        if re.fullmatch(r"[a-z0-9-]+", text):  # a bare lower-case word: only Step 5's field labels,
            assert key.startswith("action:labels."), (key, text)  # shown after a record's name


def test_objectives_are_translated_and_ids_and_codes_never_are(broken):
    extra = {"pack:steps.action.objectives.0": "parceria", "plan:currency": "EUR", "plan:default_status": "planeado"}
    edit(broken, "translations/pt.yaml", lambda d: d.update({k: {"source": "x", "text": t} for k, t in extra.items()}))
    english, french, portuguese = load_pack(broken), load_pack(broken, language="fr"), load_pack(broken, language="pt")
    assert [o.title for o in french.objectives] == ["Développement du partenariat", "Amélioration technique", "Diffusion"]
    assert [o.title for o in portuguese.objectives] == ["Desenvolvimento da parceria", "Melhoria técnica", "Disseminação"]
    assert [s.objectives for s in portuguese.steps] == [s.objectives for s in english.steps]
    assert portuguese.section("plan").currency == "USD" and portuguese.section("plan").default_status == "planned"
    pt = next(c for c in check_translations(broken) if c.language == "pt")
    assert pt.obsolete == sorted(extra)


# a language added with files only ----------------------------------------------------------
XX_STRINGS = {"assessment.heading": "Xx baseline, cycle {cycle}", "assessment.unrated": "Xx unrated",
              "chart.show": "Xx chart", "app.title": "Xx workbook"}
XX_CONTENT = {AREA_TITLE: "Xx infection prevention", AREA_SHORT: "Xx IPC", AREA_DESCRIPTION: "Xx how well",
              "areas:areas.ipc.items.ipc-01.text": "Xx focal person", "scale:scale.levels.3.label": "Xx mostly"}


def add_language_xx(folder: Path):
    sources = PackTexts.read(folder).all_sources()
    (folder / "strings" / "xx.yaml").write_text(yaml.safe_dump(XX_STRINGS, allow_unicode=True), encoding="utf-8")
    translations_file(folder, "xx").write_text(yaml.safe_dump(
        {key: {"source": sources[key], "text": text} for key, text in XX_CONTENT.items()}), encoding="utf-8")
    forget_loaded_packs()  # the pack was read above, before it had xx


def test_a_fourth_language_from_files_only(broken, capsys, tmp_path):
    add_language_xx(broken)
    english, pack = load_pack(broken), load_pack(broken, language="xx")
    assert (pack.areas[0].title, pack.areas[0].short, pack.scale.label(3)) == \
        ("Xx infection prevention", "Xx IPC", "Xx mostly")
    assert pack.areas[0].items[0].text == "Xx focal person"
    assert pack.areas[1].title == english.areas[1].title  # the rest in English
    assert pack.areas[0].items[1].text == english.areas[0].items[1].text
    assert pack.text("assessment.heading", "xx", cycle=1) == "Xx baseline, cycle 1"
    assert pack.text("chart.hide", "xx") == english.text("chart.hide", "en")

    code, out, _ = tpi(capsys, "pack", "check", broken)
    total = len(PackTexts.read(broken).all_sources())
    translated = len(XX_STRINGS) + len(XX_CONTENT)
    assert code == 0 and statuses(out)["xx"] == (translated, total, total - translated, 0, 0)

    catalog = exported(capsys, broken, "xx", tmp_path / "xx.po")
    assert catalog.locale_identifier == "xx"
    assert {m.context: m.string for m in catalog if m.id and m.string} == \
        {**XX_CONTENT, **{UI_PREFIX + key: text for key, text in XX_STRINGS.items()}}


def test_a_partnership_in_the_fourth_language_sees_its_texts(broken, tmp_path):
    add_language_xx(broken)
    workspace = Workspace.init(tmp_path / "ws", content_pack=str(broken))
    config = build_config({**read_config_file(SAMPLE_CONFIG), "language": "xx"}, workspace.pack)
    workspace.add_partnership(config)
    page = step_page(workspace, 2, config.slug)
    form = page.form
    assert [label for label, _ in form.area_picker.options][:2] == ["Xx IPC", workspace.pack.areas[1].short]
    header, area = shown(form.children[1].value), shown(form.sections["ipc"].children[0].value)
    assert "Xx baseline, cycle 1" in header and "Xx mostly" in header  # a UI string, and the scale inside another
    assert "Xx infection prevention" in area and "Xx how well" in area
    assert form.chart.toggle.description == "Xx chart"


def test_a_language_babel_knows_added_through_a_po_file(broken, capsys, tmp_path):
    catalog = exported(capsys, broken, "es", tmp_path / "es.po")
    assert str(catalog.locale) == "es" and not [m for m in catalog if m.id and m.string]
    set_string(catalog, AREA_TITLE, "Prevención y control de infecciones")
    set_string(catalog, "strings:assessment.heading", "Evaluación inicial, ciclo {cycle}")
    code, _, err = tpi(capsys, "pack", "import-strings", broken, "--language", "es",
                       write_catalog(catalog, tmp_path / "es-done.po"))
    assert code == 0, err
    assert (broken / "strings" / "es.yaml").is_file() and translations_file(broken, "es").is_file()
    pack = load_pack(broken, language="es")
    assert pack.areas[0].title == "Prevención y control de infecciones"
    assert pack.text("assessment.heading", "es", cycle=1) == "Evaluación inicial, ciclo 1"
    assert next(c for c in check_translations(broken) if c.language == "es").translated == 2
