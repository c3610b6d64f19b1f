"""The `tpi` command as a user runs it: results on success; exit 2, one line, nothing changed on error."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.server.page_header import page_header
from tpi_widgets.workspace import PARTNERSHIP_NOTEBOOKS, Workspace


def tpi(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tpi_widgets.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def snapshot(folder: Path) -> dict:
    """Every file's content hash plus the store's rows: equal snapshots mean nothing changed."""
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith("store.sqlite")}
    rows = {}
    if (folder / "store.sqlite").exists():
        with sqlite3.connect(folder / "store.sqlite") as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                rows[table] = db.execute(f"SELECT * FROM {table}").fetchall()
    return {"files": files, "rows": rows}


def assert_refused(result: subprocess.CompletedProcess, *needles: str):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture
def ws(tmp_path) -> Path:
    folder = tmp_path / "ws"
    assert tpi("init", folder).returncode == 0
    return folder


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partnership.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_init_creates_a_workspace_with_a_wal_store(tmp_path):
    result = tpi("init", tmp_path / "w")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "w" / "workspace.yaml").is_file()
    with sqlite3.connect(tmp_path / "w" / "store.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "content_pack: recovery-2016" in (tmp_path / "w" / "workspace.yaml").read_text()


def test_new_from_config_stamps_every_step_notebook_with_parameters(ws):
    result = tpi("new", ws, "--config", SAMPLE_CONFIG)
    assert result.returncode == 0, result.stderr
    folder = ws / "partnerships" / "kossa-valmont"
    assert sorted(p.name for p in folder.iterdir()) == sorted(PARTNERSHIP_NOTEBOOKS)
    import nbformat
    nb = nbformat.read(folder / "02_needs_assessment.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'workspace = "../.."' in injected[0].source and 'partnership = "kossa-valmont"' in injected[0].source
    assert nb.metadata.kernelspec.name == "python3"
    assert "tpi" not in nb.metadata  # the header is computed when the page is served
    header = page_header(Workspace.open(ws), folder / "02_needs_assessment.ipynb")
    assert header["partnership"] == "Kossa – Valmont twinning partnership" and header["step"] == 2
    assert "kossa-valmont" in tpi("list", ws).stdout


def test_new_from_flags_only(ws):
    result = tpi("new", ws, "--name", "São Tomé – Lisboa", "--institution", "Hospital Ayres de Menezes|São Tomé and Príncipe",
                 "--institution", "Hospital de Santa Maria|Portugal", "--area", "ipc", "--area", "services",
                 "--start", "2027-01-15")
    assert result.returncode == 0, result.stderr
    assert (ws / "partnerships" / "sao-tome-lisboa" / "02_needs_assessment.ipynb").is_file()


def test_flags_override_the_config_file(ws):
    assert tpi("new", ws, "--config", SAMPLE_CONFIG, "--slug", "second", "--area", "ipc").returncode == 0
    from tpi_widgets.workspace import Workspace
    assert Workspace.open(ws).store.partnership("second").areas == ["ipc"]


def test_moved_workspace_still_works(ws, tmp_path):
    assert tpi("new", ws, "--config", SAMPLE_CONFIG).returncode == 0
    moved = tmp_path / "usb-stick" / "copy"
    moved.parent.mkdir()
    ws.rename(moved)
    assert "kossa-valmont" in tpi("list", moved).stdout


@pytest.mark.parametrize("extra, needles", [
    (["--area", "nutrition"], ["unknown technical area 'nutrition'", "ipc"]),
    (["--start", "next week"], ["start", "YYYY-MM-DD"]),
    (["--language", "de"], ["language 'de'"]),
    (["--institution", "no separator"], ["NAME|COUNTRY"]),
])
def test_bad_flags_are_refused_and_change_nothing(ws, extra, needles):
    before = snapshot(ws)
    assert_refused(tpi("new", ws, "--config", SAMPLE_CONFIG, *extra), *needles)
    assert snapshot(ws) == before


@pytest.mark.parametrize("config_text, needles", [
    ("institutions: []\n", ["missing required field: name"]),
    ("name: X\ninstitutions:\n  - {name: A, country: B}\nareas: [ipc]\nstart: 2026-01-01\n", ["exactly two institutions"]),
    ("name: X\ninstitutions:\n  - {name: A}\n  - {name: B, country: C}\nareas: [ipc]\nstart: 2026-01-01\n",
     ["missing required field: institution 1 country"]),
    ("name: X\ninstitutions:\n  - {name: A, country: B}\n  - {name: C, country: D}\nareas: [ipc, wash]\n"
     "start: 2026-01-01\n", ["unknown technical area 'wash'"]),
    ("name: [unclosed\n", ["not valid YAML", "line"]),
    ("- just\n- a list\n", ["must be a mapping"]),
    ("name: X\ncolour: blue\n", ["unknown field 'colour'"]),
])
def test_bad_config_files_are_refused_and_change_nothing(ws, tmp_path, config_text, needles):
    before = snapshot(ws)
    assert_refused(tpi("new", ws, "--config", write_config(tmp_path, config_text)), *needles)
    assert snapshot(ws) == before


def test_missing_config_file(ws, tmp_path):
    before = snapshot(ws)
    assert_refused(tpi("new", ws, "--config", tmp_path / "nope.yaml"), "does not exist")
    assert snapshot(ws) == before


def test_existing_slug_is_refused(ws):
    assert tpi("new", ws, "--config", SAMPLE_CONFIG).returncode == 0
    before = snapshot(ws)
    assert_refused(tpi("new", ws, "--config", SAMPLE_CONFIG), "'kossa-valmont' already exists")
    assert snapshot(ws) == before


@pytest.mark.parametrize("command", [["new", "{dir}", "--config", str(SAMPLE_CONFIG)], ["serve", "{dir}"],
                                     ["list", "{dir}"]])
def test_a_folder_that_is_not_a_workspace_is_refused(tmp_path, command):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    args = [part.format(dir=folder) for part in command]
    assert_refused(tpi(*args), "is not a TPI workspace")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_init_refuses_an_existing_workspace(ws):
    before = snapshot(ws)
    assert_refused(tpi("init", ws), "already a TPI workspace")
    assert snapshot(ws) == before


def test_demo_refuses_a_file_in_place_of_the_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    assert_refused(tpi("demo", target, "--no-serve"), "not a folder")
    assert target.read_text() == "x"


def test_demo_without_serving_builds_the_sample_and_can_run_twice(tmp_path):
    folder = tmp_path / "demo"
    first = tpi("demo", folder, "--no-serve")
    assert first.returncode == 0, first.stderr
    second = tpi("demo", folder, "--no-serve")
    assert second.returncode == 0, second.stderr
    assert tpi("list", folder).stdout.count("kossa-valmont") == 1


def test_usage_mistakes_are_one_line_with_exit_2(tmp_path):
    assert_refused(tpi("serve"), "required")
    assert_refused(tpi("serve", tmp_path, "--port", "many"), "invalid int value")


def test_serve_refuses_a_busy_port(ws):
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_refused(tpi("serve", ws, "--port", port), f"port {port} is already in use")


# serving options: the config file, the flags and their help -------------------------------------
def serve_plan(*args):
    """What `tpi serve` would run with these arguments (nothing is started)."""
    from tpi_widgets.cli import _serving_plan, build_parser
    return _serving_plan(build_parser().parse_args(["serve", *map(str, args)]))


@pytest.mark.parametrize("name, text", [
    ("tpi_serve.py", "c.ServeConfig.max_kernels = 5\nc.ServeConfig.facilitator_passcode = 'owl-lantern-7'\n"),
    ("tpi_serve.json", '{"ServeConfig": {"max_kernels": 5, "facilitator_passcode": "owl-lantern-7"}}'),
])
def test_a_config_file_sets_serving_options_and_flags_override_it(ws, tmp_path, name, text):
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    options, facilitator = serve_plan(ws, "--config", config)
    assert (options.config.max_kernels, facilitator, options.config.port) == (5, "owl-lantern-7", 8866)
    options, facilitator = serve_plan(ws, "--config", config, "--max-kernels", 9)
    assert (options.config.max_kernels, facilitator) == (9, "owl-lantern-7")


def test_serve_uses_the_config_files_port_unless_the_flag_gives_another(ws, tmp_path):
    import socket
    with socket.socket() as first, socket.socket() as second:
        for busy in (first, second):
            busy.bind(("127.0.0.1", 0))
            busy.listen()
        in_file, in_flag = first.getsockname()[1], second.getsockname()[1]
        config = tmp_path / "tpi_serve.json"
        config.write_text(f'{{"ServeConfig": {{"port": {in_file}}}}}')
        assert_refused(tpi("serve", ws, "--config", config), f"port {in_file} is already in use")
        assert_refused(tpi("serve", ws, "--config", config, "--port", in_flag), f"port {in_flag} is already in use")


def test_serve_help_shows_each_options_help_and_default():
    from tpi_widgets.config import ServeConfig
    result = tpi("serve", "--help")
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())  # argparse wraps lines
    for trait in (ServeConfig.port, ServeConfig.max_kernels):
        assert f"{trait.help} (default {trait.default_value})" in shown


@pytest.mark.parametrize("args, needle", [
    (["--port", "0"], "port 0 is not between 1 and 65535"),
    (["--max-kernels", "-1"], "--max-kernels"),
])
def test_an_out_of_range_serving_option_is_refused(ws, args, needle):
    assert_refused(tpi("serve", ws, *args), needle)


@pytest.mark.parametrize("name, text, needles", [
    ("c.json", '{"ServeConfig": {"max_kernels": -1}}', ["--max-kernels"]),
    ("c.json", '{"ServeConfig": {"port": "many"}}', ["'port'", "int"]),
    ("c.json", '{"ServeConfig": {"colour": "blue"}}', ["unknown config option ServeConfig.colour"]),
    ("c.py", "c.Voila.port = 9000\n", ["unknown config option Voila"]),
    ("c.json", '{"ServeConfig": ', ["c.json cannot be read"]),
    ("c.py", "c.ServeConfig.port = \n", ["c.py cannot be read"]),
    ("c.yaml", "port: 9000\n", ["neither .py nor .json"]),
])
def test_a_bad_serving_config_file_is_refused(ws, tmp_path, name, text, needles):
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    assert_refused(tpi("serve", ws, "--config", config), *needles)


def test_a_missing_serving_config_file_is_refused(ws, tmp_path):
    assert_refused(tpi("serve", ws, "--config", tmp_path / "nope.json"), "does not exist")
