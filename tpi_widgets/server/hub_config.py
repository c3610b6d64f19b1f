"""`tpi hub-config`: a jupyterhub_config.py that puts a workspace behind JupyterHub's sign-in.

The shape (README, "National server"): ONE hub-managed service runs `tpi serve DIR --hub`; the hub
signs people in and its OAuth tells the service who they are. One Voila server, with its warm
kernels and the one store, serves everybody, as `tpi serve` does in a room; per-user servers would
start a Voila (and its kernels) for each of 300 people and gain nothing, since everyone's data is in
the shared store anyway.

The file written is plain Python the administrator may edit: the authenticator is a placeholder
(JupyterHub's DummyAuthenticator, any password) to replace before real use; JupyterHub's own state
(its database, cookie secret, proxy pid) lives in a folder next to the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from tpi_widgets.config import ServeConfig
from tpi_widgets.errors import TPIError

SERVICE_NAME = "tpi"  # the workbook's address under the hub: /services/tpi/
STATE_FOLDER = "jupyterhub-state"
DEFAULT_HUB_PORT = 8000
DEFAULT_SERVICE_PORT = 8866
FACILITATOR_GROUP = ServeConfig.hub_facilitator_group.default_value
TRAINER_GROUP = ServeConfig.hub_trainer_group.default_value


@dataclass(frozen=True)
class HubPlan:
    """What one jupyterhub_config.py says: the workspace, the ports, the groups, the store variable."""
    workspace: Path
    hub_port: int = DEFAULT_HUB_PORT
    service_port: int = DEFAULT_SERVICE_PORT
    facilitator_group: str = FACILITATOR_GROUP
    trainer_group: str = TRAINER_GROUP
    store_variable: str | None = None  # env:NAME stores: NAME is passed from the hub to the service

    @property
    def serve_command(self) -> list[str]:
        """`tpi serve DIR --hub`, with this installation's Python (the hub may run with another PATH)."""
        return [sys.executable, "-m", "tpi_widgets.cli", "serve", str(self.workspace), "--hub",
                "--port", str(self.service_port), "--hub-facilitator-group", self.facilitator_group,
                "--hub-trainer-group", self.trainer_group]


def hub_plan(folder: str, store: str | None = None, hub_port: int = DEFAULT_HUB_PORT,
             service_port: int = DEFAULT_SERVICE_PORT, facilitator_group: str = FACILITATOR_GROUP,
             trainer_group: str = TRAINER_GROUP) -> HubPlan:
    """A HubPlan for an existing workspace; a mistake raises TPIError before anything is written."""
    for port in (hub_port, service_port):
        if not 1 <= port <= 65535:
            raise TPIError(f"port {port} is not between 1 and 65535")
    if hub_port == service_port:
        raise TPIError(f"the hub and the workbook service need two ports; both are {hub_port}")
    for group in (facilitator_group, trainer_group):
        if not group or any(ch.isspace() for ch in group):
            raise TPIError(f"group name {group!r} needs at least one character and no spaces")
    if facilitator_group == trainer_group:
        raise TPIError(f"the facilitator and trainer groups are both {facilitator_group!r}; give two names")
    from tpi_widgets.workspace import SETTINGS_FILE, STORE_FROM_ENVIRONMENT, Workspace
    workspace = Workspace.open(folder)  # a workspace whose store answers: the service could not start otherwise
    root, workspace_store = workspace.root, workspace.settings.store
    if store is not None and store != workspace_store:
        raise TPIError(f"the workspace's store is {workspace_store!r}, not {store!r} (see {root / SETTINGS_FILE})")
    variable = workspace_store[len(STORE_FROM_ENVIRONMENT):] if workspace_store.startswith(STORE_FROM_ENVIRONMENT) else None
    return HubPlan(root, hub_port, service_port, facilitator_group, trainer_group, variable)


def hub_config_text(plan: HubPlan) -> str:
    """The jupyterhub_config.py for `plan`: every value written as a Python literal (repr)."""
    service = {"name": SERVICE_NAME, "url": f"http://127.0.0.1:{plan.service_port}",
               "command": plan.serve_command, "oauth_no_confirm": True, "display": True}
    store_line = ""
    if plan.store_variable:
        # the database URL (and its password) stays in the hub's environment, never in this file
        store_line = (f"_tpi_service['environment'] = {{{plan.store_variable!r}: "
                      f"os.environ.get({plan.store_variable!r}, '')}}\n")
    return f'''"""JupyterHub in front of the TPI workbook at {plan.workspace}.

Written by `tpi hub-config`; start with: jupyterhub -f {{this file}}
Before real use, replace the authenticator below (DummyAuthenticator accepts ANY password).
"""
import os

c = get_config()  # noqa: F821 (JupyterHub provides it)

HERE = os.path.dirname(os.path.abspath(__file__))
STATE = os.path.join(HERE, {STATE_FOLDER!r})  # the hub's own database, cookie secret and proxy pid
os.makedirs(STATE, mode=0o700, exist_ok=True)

c.JupyterHub.bind_url = {f"http://:{plan.hub_port}"!r}  # put TLS in front (README: National server)
# the address people open, behind the reverse proxy: the room view projects it
# c.JupyterHub.public_url = "https://tpi.example.org"
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")

# CHANGE THIS: e.g. "github" (oauthenticator), "ldapauthenticator.LDAPAuthenticator" or "pam".
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True  # with a real authenticator, consider allowed_users or allowed_groups
c.Authenticator.admin_users = set()

# The workbook: one service for everybody; people land on it after signing in.
_tpi_service = {service!r}
{store_line}c.JupyterHub.services = [_tpi_service]
c.JupyterHub.default_url = "/services/{SERVICE_NAME}/"

# Every signed-in user may open the workbook (JupyterHub's "user" role, plus the service).
c.JupyterHub.load_roles = [
    {{"name": "user", "scopes": ["self", "access:services!service={SERVICE_NAME}"]}},
]

# Members of the first are facilitators on every page (no passcode); of the second, trainers.
# Add people in the hub's admin page (/hub/admin, Groups) or list them here.
c.JupyterHub.load_groups = {{
    {plan.facilitator_group!r}: {{"users": []}},
    {plan.trainer_group!r}: {{"users": []}},
}}
'''


def write_hub_config(plan: HubPlan, out: str) -> Path:
    target = Path(out)
    if target.is_dir():
        raise TPIError(f"--out {out} is a folder; name the file to write, e.g. {target / 'jupyterhub_config.py'}")
    if not target.parent.is_dir():
        raise TPIError(f"--out {out}: the folder {target.parent} does not exist")
    target.write_text(hub_config_text(plan), encoding="utf-8")
    return target
