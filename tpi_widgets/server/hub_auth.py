"""`tpi serve --hub`: the workbook as a JupyterHub service, behind the hub's sign-in.

JupyterHub starts `tpi serve DIR --hub` (the command `tpi hub-config` writes) with its service
variables set (JUPYTERHUB_API_TOKEN, JUPYTERHUB_SERVICE_PREFIX, ...). Every request is then
identified through the hub's OAuth (jupyterhub.services.auth.HubOAuth) by JupyterHub's own
identity provider, the one its single-user servers use; nothing of ours checks a password. A
browser with no hub sign-in is sent to the hub's sign-in page; a hub user without access to the
service gets 403. The room passcode is not used.

Without --hub, jupyterhub is never imported and none of this applies: `tpi serve` runs as it always did.
"""

from __future__ import annotations

import os

from tpi_widgets.config import ServeConfig
from tpi_widgets.errors import TPIError

# set by JupyterHub for a managed service; the first two are what HubOAuth cannot do without
HUB_VARIABLES = ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_API_URL", "JUPYTERHUB_CLIENT_ID")
PREFIX_VARIABLE = "JUPYTERHUB_SERVICE_PREFIX"


def check_hub_serving(config: ServeConfig):
    """Refuse --hub outside a hub, or with the options of a room server."""
    if config.passcode:
        raise TPIError("--hub signs people in through JupyterHub: leave out --passcode")
    if config.lan:
        raise TPIError("--hub listens on this machine for the hub's proxy: leave out --lan")
    missing = [name for name in HUB_VARIABLES if not os.environ.get(name)]
    if missing:
        raise TPIError(f"--hub runs as a JupyterHub service ({missing[0]} is not set): "
                       "write the hub's config with tpi hub-config and start it with jupyterhub -f FILE")


def service_prefix() -> str:
    """The service's path under the hub (/services/tpi/): the proxy passes it on, Voila serves under it."""
    prefix = os.environ.get(PREFIX_VARIABLE, "/")
    return prefix if prefix.endswith("/") else prefix + "/"


def public_service_url() -> str | None:
    """The service's address as people open it, set by the hub when its public_url is configured."""
    return os.environ.get("JUPYTERHUB_PUBLIC_URL") or None


def hub_voila_settings() -> dict:
    """What --hub changes in Voila's configuration: the path and who says who is signed in."""
    return {"base_url": service_prefix(), "identity_provider_class": service_identity_provider_class()}


def service_identity_provider_class():
    """JupyterHub's identity provider (imported only with --hub: jupyterhub is needed then alone)."""
    from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
    from jupyterhub.utils import url_path_join

    class HubServiceIdentityProvider(JupyterHubIdentityProvider):
        """JupyterHub's, with its routes (oauth_callback, logout) under the service's prefix:
        Voila, unlike Jupyter Server, adds no prefix to an identity provider's routes."""

        def __init__(self, token=None, **kwargs):  # Voila hands over its (empty) token: the hub's stands
            super().__init__(**kwargs)

        def get_handlers(self):
            return [(url_path_join(self.hub_auth.base_url, path), *rest) for path, *rest in super().get_handlers()]

    return HubServiceIdentityProvider


def hub_groups(user) -> set[str]:
    """The hub groups of a request's user (a JupyterHubUser; empty for anybody else)."""
    return set((getattr(user, "hub_user", None) or {}).get("groups") or ())


def hub_group_settings(config: ServeConfig) -> dict:
    """The groups, as the page handlers find them in the server's settings (HUB_SETTING)."""
    return {"facilitator_group": config.hub_facilitator_group, "trainer_group": config.hub_trainer_group}


HUB_SETTING = "tpi_hub"  # the tornado setting holding hub_group_settings of a --hub run (absent otherwise)
PARTICIPANT_COOKIE = "tpi_participant"  # the participant's token, read by ui/static/browser_session.js


def sign_in_hub_user(handler, workspace) -> None:
    """Under JupyterHub, the browser is the participant its hub user is: their participant (made
    on the first visit, named by the hub; their first page asks for their institution) goes in
    the browser's participant cookie when a page is asked for, before the page's kernel reads it.
    Members of the facilitator group are facilitators, and only they (the trainer group's, trainers):
    the hub's groups decide,
    there is no facilitator passcode. The hub user comes from the hub (HubOAuth), never from the
    browser, so nobody can be somebody else."""
    groups = handler.settings.get(HUB_SETTING)
    user = handler.current_user
    if groups is None or user is None:
        return
    store = workspace.store
    participant = store.participant_of_account(user.username)
    if handler.get_cookie(PARTICIPANT_COOKIE) != participant.token:
        handler.set_cookie(PARTICIPANT_COOKIE, participant.token, path="/", samesite="Strict")
    member_of = hub_groups(user)
    in_group = groups["facilitator_group"] in member_of
    if in_group != store.is_facilitator(participant.id):
        store.set_facilitator(participant.id, in_group)
    trainer = groups["trainer_group"] in member_of  # trainers open the network view (ui/network_view.py)
    if trainer != store.is_trainer(participant.id):
        store.set_trainer(participant.id, trainer)


NEW_PARTNERSHIP_PATH = "new-partnership"  # the trainers' page (server/new_partnership.py), under the base URL


def may_create_partnerships(handler) -> bool:
    """A member of the hub's trainer group (without a hub, nobody: trainers use `tpi new`)."""
    groups = handler.settings.get(HUB_SETTING)
    return groups is not None and groups["trainer_group"] in hub_groups(handler.current_user)
