"""`tpi hub-config` and `tpi serve --hub`: the JupyterHub config written for a workspace, as
JupyterHub loads it, and the refusals (exit 2, one line, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config import Config

from tests.test_cli import assert_refused, tpi
from tpi_widgets.cli import build_parser
from tpi_widgets.server.hub_auth import HUB_VARIABLES
from tpi_widgets.server.hub_config import STATE_FOLDER, hub_config_text, hub_plan
from tpi_widgets.workspace import Workspace


def load_as_jupyterhub(config_file: Path) -> Config:
    """The file run as JupyterHub runs a config file: `c = get_config()`, with its own __file__."""
    c = Config()
    exec(compile(config_file.read_text(), str(config_file), "exec"),
         {"get_config": lambda: c, "__file__": str(config_file)})
    return c


@pytest.fixture
def written(workspace, tmp_path) -> Path:
    out = tmp_path / "hub" / "jupyterhub_config.py"
    out.parent.mkdir()
    result = tpi("hub-config", workspace.root, "--port", 8100, "--facilitator-group", "ministry-facilitators",
                 "--out", out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    return out


def test_the_config_runs_the_workbook_as_one_hub_service(written, workspace):
    c = load_as_jupyterhub(written)
    [service] = c.JupyterHub.services
    assert service["name"] == "tpi" and service["oauth_no_confirm"] is True
    assert service["url"] == "http://127.0.0.1:8866"
    assert c.JupyterHub.default_url == "/services/tpi/"
    assert c.JupyterHub.bind_url == "http://:8100"
    # the service command is `tpi serve DIR --hub ...` as tpi's own parser reads it
    python, module, cli, *argv = service["command"]
    assert (module, cli) == ("-m", "tpi_widgets.cli") and Path(python).exists()
    args = build_parser().parse_args(argv)
    assert (args.command, Path(args.dir), args.hub, args.port) == ("serve", workspace.root, True, 8866)
    assert (args.hub_facilitator_group, args.hub_trainer_group) == ("ministry-facilitators", "tpi-trainers")


def test_the_config_has_the_groups_the_service_access_and_the_hub_state_beside_it(written):
    c = load_as_jupyterhub(written)
    assert set(c.JupyterHub.load_groups) == {"ministry-facilitators", "tpi-trainers"}
    [user_role] = c.JupyterHub.load_roles
    assert user_role["name"] == "user" and "access:services!service=tpi" in user_role["scopes"]
    assert c.JupyterHub.authenticator_class == "dummy"  # the placeholder the admin replaces
    state = written.parent / STATE_FOLDER
    assert state.is_dir()
    assert c.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert c.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")


def test_jupyterhub_itself_accepts_the_config(written):
    jupyterhub_app = pytest.importorskip("jupyterhub.app")
    hub = jupyterhub_app.JupyterHub()
    hub.load_config_file(str(written))  # its traits validate every value (groups, roles, services)
    assert hub.services[0]["name"] == "tpi"
    assert set(hub.load_groups) == {"ministry-facilitators", "tpi-trainers"}
    assert hub.default_url == "/services/tpi/"


def test_a_store_in_the_environment_is_passed_from_the_hub_to_the_service(tmp_path, monkeypatch):
    monkeypatch.setenv("TPI_TEST_STORE", f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    Workspace.init(tmp_path / "ws", store="env:TPI_TEST_STORE")
    text = hub_config_text(hub_plan(str(tmp_path / "ws"), store="env:TPI_TEST_STORE"))
    assert "TPI_TEST_STORE" in text and "elsewhere.sqlite" not in text  # the URL stays in the environment
    config_file = tmp_path / "jupyterhub_config.py"
    config_file.write_text(text)
    [service] = load_as_jupyterhub(config_file).JupyterHub.services
    assert service["environment"] == {"TPI_TEST_STORE": f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"}


@pytest.mark.parametrize("extra, needle", [
    (["--port", "8866"], "two ports"),
    (["--port", "70000"], "70000"),
    (["--facilitator-group", "tpi facilitators"], "no spaces"),
    (["--trainer-group", "tpi-facilitators"], "two names"),
    (["--store", "postgresql://db/tpi"], "store.sqlite"),
])
def test_bad_hub_config_options_are_refused(workspace, tmp_path, extra, needle):
    out = tmp_path / "jupyterhub_config.py"
    assert_refused(tpi("hub-config", workspace.root, *extra, "--out", out), needle)
    assert not out.exists()


def test_hub_config_needs_a_workspace_and_a_file_to_write(workspace, tmp_path):
    assert_refused(tpi("hub-config", tmp_path / "nothing", "--out", tmp_path / "c.py"), "not a TPI workspace")
    assert_refused(tpi("hub-config", workspace.root, "--out", tmp_path), "is a folder")
    assert_refused(tpi("hub-config", workspace.root, "--out", tmp_path / "no" / "c.py"), "does not exist")


def test_serve_hub_outside_a_hub_or_with_a_passcode_is_refused(workspace, monkeypatch):
    for name in HUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert_refused(tpi("serve", workspace.root, "--hub"), "JUPYTERHUB_API_TOKEN is not set")
    assert_refused(tpi("serve", workspace.root, "--hub", "--passcode", "auto"), "leave out --passcode")


def test_under_the_hub_the_room_view_shows_the_hubs_public_address(monkeypatch):
    from tpi_widgets.config import ServeConfig
    from tpi_widgets.server.app import ServeOptions
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/services/tpi/")
    monkeypatch.delenv("JUPYTERHUB_PUBLIC_URL", raising=False)
    hub = ServeOptions(ServeConfig(hub=True, port=8866), "127.0.0.1")
    assert hub.url == hub.participant_url == "http://127.0.0.1:8866/services/tpi/"
    monkeypatch.setenv("JUPYTERHUB_PUBLIC_URL", "https://tpi.example.org/services/tpi/")
    assert hub.participant_url == "https://tpi.example.org/services/tpi/"
    room = ServeOptions(ServeConfig(port=8866), "127.0.0.1", "1234-5678")  # without --hub: as before
    assert room.url == "http://127.0.0.1:8866/" and room.participant_url == "http://127.0.0.1:8866/?token=1234-5678"
