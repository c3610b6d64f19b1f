"""Partnership bundles (tpi export / tpi import): one file holding a partnership with who wrote
what and when and its whole history; imported all or nothing, merged field by field (the newer
write wins, nothing leaves the history); a damaged or foreign bundle is refused with one line."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from tests.support import SLUG, edit, error_for, signed_in_page
from tests.test_cli import assert_refused, snapshot, tpi
from tpi_widgets.core.records import FOLLOWUP, PROFILE, TEAM
from tpi_widgets.exchange.bundle import bundle_of, import_bundle
from tpi_widgets.errors import BundleRefused
from tpi_widgets.exchange.bundle_file import CHANGES, ENTRIES, MANIFEST
from tpi_widgets.store.schema import SCHEMA_VERSION
from tpi_widgets.workspace import Workspace

HOSTILE = '<script>alert(1)</script> =1+1 \u202eمستشفى\u202c & "quotes"'


def values(workspace) -> dict:
    """Every field of the partnership: {(cycle, collection, record, field): (value, author name, time)}."""
    store = workspace.store
    entries = store.entries_of(store.partnership(SLUG).id)
    names = store.participant_names(e.participant_id for e in entries.values())
    return {key: (e.value, names.get(e.participant_id), e.updated_at) for key, e in entries.items()}


def history(workspace) -> set:
    """The partnership's change log as (cycle, collection, record, field, value, author, time) events.
    A set: an import logs a field's current value again after the older values it brought (so open
    pages end on the current one), the same event twice."""
    store = workspace.store
    rows = store.changes_since(store.partnership(SLUG).id, 0)
    names = store.participant_names(c.participant_id for c in rows)
    return {(c.cycle, c.collection, c.record, c.field, json.dumps(c.value), names.get(c.participant_id), c.at)
            for c in rows}


def test_after_a_merge_an_open_page_shows_the_current_value_not_an_older_one_the_import_logged(workspace, tmp_path):
    here = workspace
    write(here, person(here, "Ana Kamara"), PROFILE, "side-1", "email", "first@valmont.example")
    there = Workspace.init(tmp_path / "there")
    import_bundle(there, bundle_of(here, SLUG))
    write(here, person(here, "Bo Lindqvist"), PROFILE, "side-1", "email", "old@valmont.example")  # on the laptop
    page = signed_in_page(there, 1)
    write(there, person(there, "Ana Kamara"), PROFILE, "side-1", "email", "new@valmont.example")  # later, on the server
    page.sync.poll()
    import_bundle(there, bundle_of(here, SLUG))  # brings the laptop's older value into the history
    page.sync.poll()  # the page hears of every change the import logged, in order
    assert page.sync.entries[(PROFILE, "side-1", "email")].value == "new@valmont.example"
    assert entry(there, PROFILE, "side-1", "email")[0] == "new@valmont.example"


def person(workspace, name: str, institution: str = "Kossa District Hospital", role: str = "Nurse"):
    """The participant of that name here, made if missing."""
    found = [p for p in workspace.store.participants() if (p.name, p.institution, p.role) == (name, institution, role)]
    return found[0] if found else workspace.store.add_participant(name, institution, role)


def write(workspace, who, collection: str, record: str, field: str, value, cycle: int = 1):
    store = workspace.store
    store.write(store.partnership(SLUG).id, cycle, collection, record, field, value, who.id)


def entry(workspace, collection: str, record: str, field: str, cycle: int = 1):
    return values(workspace)[cycle, collection, record, field]


@pytest.fixture
def postgres_workspace(tmp_path, postgres_server) -> Workspace:
    return Workspace.init(tmp_path / "pg", store=postgres_server.new_database())


def test_round_trip_sqlite_to_postgresql_and_back_merges_field_by_field(workspace, postgres_workspace):
    here, there = workspace, postgres_workspace
    ana = person(here, "Ana Kamara")
    write(here, ana, TEAM, "t1", "name", HOSTILE)
    write(here, ana, PROFILE, "side-1", "phone", "+232 1")
    write(here, ana, PROFILE, "side-1", "email", "first@kossa.example")

    outcome = import_bundle(there, bundle_of(here, SLUG))
    assert outcome.written and outcome.plan.partnership is None
    assert values(there) == values(here)  # every value, author and time
    assert history(there) == history(here)
    assert entry(there, TEAM, "t1", "name")[0] == HOSTILE  # markup and direction marks untouched
    assert (there.root / "partnerships" / SLUG / "workbook.ipynb").is_file()
    # participants are matched or made there, with tokens of their own
    tokens_here = {p.token for p in here.store.participants()}
    assert not tokens_here & {p.token for p in there.store.participants()}

    # both sides edit: different fields, and the same field (there later than here)
    bo = person(there, "Bo Lindqvist", "Hôpital Régional de Valmont", "Surgeon")
    write(here, ana, PROFILE, "side-1", "phone", "+232 2 (here)")
    write(there, bo, PROFILE, "side-2", "name", "Valmont (there)")
    write(here, ana, PROFILE, "side-1", "email", "older@kossa.example")
    write(there, bo, PROFILE, "side-1", "email", "newer@valmont.example")
    before_here = history(here)

    import_bundle(here, bundle_of(there, SLUG))
    assert entry(here, PROFILE, "side-1", "phone")[0] == "+232 2 (here)"  # only here changed it
    assert entry(here, PROFILE, "side-2", "name") == entry(there, PROFILE, "side-2", "name")
    assert entry(here, PROFILE, "side-2", "name")[1] == "Bo Lindqvist"  # author and time kept
    assert entry(here, PROFILE, "side-1", "email") == entry(there, PROFILE, "side-1", "email")
    merged = history(here)
    assert not before_here - merged  # nothing left the history
    emails = [row[4] for row in merged if row[1:4] == (PROFILE, "side-1", "email")]
    assert sorted(emails) == sorted(json.dumps(v) for v in
                                    ("first@kossa.example", "older@kossa.example", "newer@valmont.example"))
    log = here.store.changes_since(here.store.partnership(SLUG).id, 0)
    assert len(log) == len(merged)  # no row twice (here the newer value came in: nothing to log again)

    import_bundle(there, bundle_of(here, SLUG))
    assert values(there) == values(here)
    assert history(there) == history(here)
    again = import_bundle(there, bundle_of(here, SLUG))
    assert (again.plan.changed, again.plan.history, again.plan.participants) == ([], [], {})


def test_later_cycles_arrive_with_their_notebooks(workspace, tmp_path):
    ana = person(workspace, "Ana Kamara")
    write(workspace, ana, FOLLOWUP, "ipc-01", "rating", 2)
    workspace.start_next_cycle(SLUG, ana.id)
    write(workspace, ana, TEAM, "t9", "name", "Cycle two member", cycle=2)
    other = Workspace.init(tmp_path / "other")
    import_bundle(other, bundle_of(workspace, SLUG))
    assert other.cycles(SLUG) == [1, 2]
    assert (other.cycle_dir(SLUG, 2) / "workbook.ipynb").is_file()
    assert values(other) == values(workspace)
    assert not [p for p in (other.root / "partnerships").iterdir() if p.name.startswith(".")]  # no staging left


def test_a_bundle_holds_no_token_and_the_manifest_checks_every_member(workspace):
    ana = person(workspace, "Ana Kamara")
    write(workspace, ana, TEAM, "t1", "name", HOSTILE)
    content = bundle_of(workspace, SLUG)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members[MANIFEST])
    assert manifest["pack"] == {"id": workspace.pack.id, "version": 1}
    assert manifest["schema_version"] == SCHEMA_VERSION and set(manifest["sha256"]) == set(members) - {MANIFEST}
    for p in workspace.store.participants():
        assert not any(p.token.encode() in data for data in members.values())
    people = json.loads(members["participants.json"])
    assert {"name": "Ana Kamara", "institution": "Kossa District Hospital", "role": "Nurse", "account": None} \
        in [{k: v for k, v in p.items() if k != "key"} for p in people]


# the CLI --------------------------------------------------------------------------------------------
@pytest.fixture
def exported(workspace, tmp_path):
    """The sample partnership's bundle with one hostile team member, and an empty workspace."""
    write(workspace, person(workspace, "Ana Kamara"), TEAM, "t1", "name", HOSTILE)
    bundle = tmp_path / "kossa.zip"
    result = tpi("export", workspace.root, SLUG, "--out", bundle)
    assert result.returncode == 0, result.stderr
    assert str(bundle) in result.stdout
    empty = tmp_path / "empty"
    assert tpi("init", empty).returncode == 0
    return bundle, empty


def test_dry_run_lists_the_changes_and_writes_nothing(exported, workspace):
    bundle, empty = exported
    before = snapshot(empty)
    result = tpi("import", empty, bundle, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert snapshot(empty) == before
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Would register {SLUG}:")
    assert any(line.startswith("cycle 1 · team: ") for line in lines)
    assert any(f"team · t1 · name: (none) → {json.dumps(HOSTILE, ensure_ascii=False)} (Ana Kamara," in line
               for line in lines)
    result = tpi("import", empty, bundle)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Registered {SLUG}:")
    assert values(Workspace.open(empty)) == values(workspace)
    # into a workspace that holds it: nothing to change, and the dry run says so
    result = tpi("import", workspace.root, bundle, "--dry-run")
    assert result.stdout.splitlines() == [f"Would merge into {SLUG}: 0 fields changed, 0 history rows added, "
                                          "0 participants added"]


def rezip(bundle, change) -> bytes:
    """The bundle's members, changed by `change({name: bytes})`, zipped again."""
    with zipfile.ZipFile(bundle) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def manifest_with(**values):
    def change(members):
        manifest = json.loads(members[MANIFEST])
        manifest.update(values)
        members[MANIFEST] = json.dumps(manifest).encode()
    return change


def edited_value(members):
    assert b"alert(1)" in members[ENTRIES]
    members[ENTRIES] = members[ENTRIES].replace(b"alert(1)", b"alert(2)")


BAD_BUNDLES = {
    "other pack version": (lambda b: rezip(b, manifest_with(pack={"id": "recovery-2016", "version": 2})),
                           "content pack recovery-2016 version 2"),
    "other pack": (lambda b: rezip(b, manifest_with(pack={"id": "another-pack", "version": 1})), "another-pack"),
    "not a zip": (lambda b: b"name,value\nKossa,1\n", "not a readable ZIP"),
    "truncated": (lambda b: b.read_bytes()[: len(b.read_bytes()) // 2], "not a readable ZIP"),
    "missing member": (lambda b: rezip(b, lambda m: m.pop(CHANGES)), f"no {CHANGES}"),
    "bad JSON": (lambda b: rezip(b, lambda m: m.update({ENTRIES: b"[{"})), "checksum mismatch"),
    "edited JSON": (lambda b: rezip(b, edited_value), f"checksum mismatch in {ENTRIES}"),
    "newer format": (lambda b: rezip(b, manifest_with(format_version=99)), "format version 99 is newer"),
    "newer schema": (lambda b: rezip(b, manifest_with(schema_version=SCHEMA_VERSION + 1)), "schema version"),
    "bad manifest": (lambda b: rezip(b, lambda m: m.update({MANIFEST: b"{not json"})), f"{MANIFEST} is not valid JSON"),
}


@pytest.mark.parametrize("case", BAD_BUNDLES)
def test_a_bad_bundle_is_refused_with_one_line_and_nothing_written(workspace, tmp_path, case):
    write(workspace, person(workspace, "Ana Kamara"), TEAM, "t1", "name", HOSTILE)
    bundle = tmp_path / "kossa.zip"
    bundle.write_bytes(bundle_of(workspace, SLUG))
    make, reason = BAD_BUNDLES[case]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(make(bundle))
    empty = Workspace.init(tmp_path / "empty").root
    before = snapshot(empty)
    assert_refused(tpi("import", empty, bad), reason)  # as a user sees it: exit 2, one line
    assert snapshot(empty) == before
    before = snapshot(workspace.root)
    for dry_run in (True, False):  # into the workspace that holds it: a merge, refused the same way
        with pytest.raises(BundleRefused, match=re.escape(reason)):
            import_bundle(workspace, bad.read_bytes(), dry_run=dry_run)
    assert snapshot(workspace.root) == before


def test_export_refusals(workspace, tmp_path):
    assert_refused(tpi("export", workspace.root, "--all-partnerships", "--out", tmp_path / "b.zip"), "one partnership")
    assert_refused(tpi("export", workspace.root, "nobody", "--out", tmp_path / "b.zip"), "nobody")
    assert_refused(tpi("export", workspace.root, SLUG, "--out", tmp_path / "no" / "b.zip"), "does not exist")
    assert_refused(tpi("import", workspace.root, tmp_path / "missing.zip"), "is not a file")
    assert not list(tmp_path.glob("*.zip"))


@pytest.mark.parametrize("version", [0, "two", True])
def test_a_pack_version_must_be_a_whole_number_from_1(broken, version):
    edit(broken, "pack.yaml", lambda data: data.update(version=version))
    error = error_for(broken)
    assert (error.file, error.place) == ("pack.yaml", "version")


def test_participants_are_matched_by_account_else_by_person_else_made(workspace, tmp_path):
    hub_user = workspace.store.participant_of_account("ana")
    workspace.store.set_institution(hub_user.id, "Kossa District Hospital", "Nurse")
    for who in (hub_user, person(workspace, "Bo Lindqvist"), person(workspace, "New Person")):
        write(workspace, who, TEAM, f"t-{who.id}", "name", who.name)
    other = Workspace.init(tmp_path / "other")
    other.store.participant_of_account("ana")  # the same hub user, not chosen an institution there yet
    bo = person(other, "Bo Lindqvist")
    plan = import_bundle(other, bundle_of(workspace, SLUG)).plan
    assert [p[0] for p in plan.participants.values()] == ["New Person"]
    authors = {e[0]: e[1] for key, e in values(other).items()}
    assert authors == {"ana": "ana", "Bo Lindqvist": "Bo Lindqvist", "New Person": "New Person"}
    assert len(other.store.participants()) == 3 and bo in other.store.participants()
