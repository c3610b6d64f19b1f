"""`tpi serve --hub`: the workbook as a JupyterHub service, behind the hub's sign-in.

JupyterHub starts `tpi serve DIR --hub` (the command `tpi hub-config` writes) with its service
variables set (JUPYTERHUB_API_TOKEN, JUPYTERHUB_SERVICE_PREFIX, ...). Every request is then
identified through the hub's OAuth (jupyterhub.services.auth.HubOAuth) by JupyterHub's own
identity provider, the one its single-user servers use; nothing of ours checks a password. A
browser with no hub sign-in is sent to the hub's sign-in page; a hub user without access to the
service gets 403. The room passcode is not used.

Without --hub nothing here is imported: `tpi serve` runs as it always did.
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
PARTICIPANT_COOKIE = "tpi_participant"  # the participant's token, set by ui/static/browser_session.js


def grant_hub_facilitator(handler, workspace) -> None:
    """A member of the hub's facilitator group becomes a facilitator without the passcode: the
    participant this browser signed in as (its token cookie) is made one when a page is asked for,
    before the page's kernel reads who it is. The hub user comes from the hub (HubOAuth), never
    from the browser; the token only names which participant that hub user is on this browser."""
    groups = handler.settings.get(HUB_SETTING)
    if groups is None or groups["facilitator_group"] not in hub_groups(handler.current_user):
        return
    store = workspace.store
    participant = store.participant_by_token(handler.get_cookie(PARTICIPANT_COOKIE, ""))
    if participant is not None and not store.is_facilitator(participant.id):
        store.grant_facilitator(participant.id)
