"""The options of `tpi serve` and of a new workspace, each declared once with its default and help
(after voila/configuration.py). The CLI's flags, a serving config file and code all read them here.

A serving config file is a traitlets config file, Python or JSON:

    c.ServeConfig.port = 9000                      # tpi_serve.py
    {"ServeConfig": {"port": 9000}}                # tpi_serve.json
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from traitlets import Bool, Integer, TraitError, Unicode, validate
from traitlets.config import Config, Configurable
from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

from tpi_widgets.content.loader import BUILTIN_PACK
from tpi_widgets.errors import TPIError

LOOPBACK = "127.0.0.1"  # where the server listens without --lan: this machine only

CONFIG_FILE_LOADERS = {".py": PyFileConfigLoader, ".json": JSONFileConfigLoader}


class ServeConfig(Configurable):
    """How `tpi serve` (and `tpi demo`) runs a workspace's server."""

    port = Integer(8866, config=True, help="the port the server listens on")
    lan = Bool(False, config=True,
               help="serve on this machine's address on the room's network (needs a room passcode)")
    passcode = Unicode(None, allow_none=True, config=True,
                       help="the room passcode every page asks for; auto: make one and print it")
    facilitator_passcode = Unicode("auto", config=True,
                                   help="the passcode that makes a browser a facilitator; auto: a new one each start")
    # 3 partnerships x 10 participants, twice over for reloads and spare tabs
    max_kernels = Integer(60, config=True,
                          help="pages with a live kernel at once; more get a 'server full' page")
    # closed tabs leave idle kernels behind; connected pages are never culled
    cull_idle_seconds = Integer(600, min=0, config=True,
                                help="a kernel whose page is gone is stopped after this many idle seconds")
    cull_interval_seconds = Integer(60, min=1, config=True, help="how often, in seconds, idle kernels are looked for")
    # a page's polling thread keeps its kernel busy, so the idle culler never reaches a page whose
    # browser is gone; a kernel with no page connected is shut down after this. Long enough for a
    # Wi-Fi blip or a page still loading on a busy machine (its websocket opens a few seconds after
    # the page is sent); a cut longer than this loses the page's session (saved values stay).
    disconnected_kernel_seconds = Integer(60, min=1, config=True,
                                          help="a kernel with no page connected for this many seconds is shut down")
    # each about 70 MiB: a few kernels where the room is about to go, not one per notebook
    warm_kernels = Integer(6, min=0, config=True,
                           help="pre-executed kernels kept ready for the step pages participants open next "
                                "(0: none, every page starts its own kernel)")
    # behind JupyterHub (`tpi hub-config`): the hub signs people in, not the room passcode
    hub = Bool(False, config=True,
               help="run as a JupyterHub service: the hub's sign-in instead of passcodes (set by tpi hub-config)")
    hub_facilitator_group = Unicode("tpi-facilitators", config=True,
                                    help="with --hub: members of this hub group are facilitators")
    hub_trainer_group = Unicode("tpi-trainers", config=True,
                                help="with --hub: members of this hub group are trainers")

    @validate("port")
    def _a_port_number(self, proposal):
        if not 1 <= proposal.value <= 65535:
            raise TraitError(f"port {proposal.value} is not between 1 and 65535")
        return proposal.value

    @validate("max_kernels")
    def _at_least_one_kernel(self, proposal):
        if proposal.value < 1:
            raise TraitError("--max-kernels needs a number of 1 or more")
        return proposal.value


class WorkspaceConfig(Configurable):
    """What `tpi init` writes into a new workspace's settings (workspace.yaml) unless told otherwise."""

    content_pack = Unicode(BUILTIN_PACK, config=True, help="content pack: a built-in name or a folder")
    store = Unicode("store.sqlite", config=True,
                    help="the SQLite file in the workspace folder, a database URL such as postgresql://..., "
                         "or env:NAME to read the URL from that environment variable (keeps a password "
                         "out of workspace.yaml)")


def read_config_file(path: str | Path) -> Config:
    """A config file (.py or .json) as a traitlets Config; a mistake is one line."""
    path = Path(path)
    loader = CONFIG_FILE_LOADERS.get(path.suffix.lower())
    if loader is None:
        raise TPIError(f"config file {path} is neither .py nor .json")
    if not path.is_file():
        raise TPIError(f"config file {path} does not exist")
    try:
        return loader(path.name, path=str(path.resolve().parent)).load_config()
    except Exception as exc:  # a Python config file runs user code: it can fail in any way
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise TPIError(f"config file {path} cannot be read: {reason}") from None


def configure(configurable: type[Configurable], config: Config, given: dict) -> Configurable:
    """`configurable` from `config` (say a config file's), with the `given` values (say the CLI's
    flags) overriding it; an unknown option or a bad value is a TPIError."""
    section = configurable.__name__
    known = set(configurable.class_trait_names(config=True))
    unknown = [name for name in config if name != section]
    unknown += [f"{section}.{key}" for key in (config[section] if section in config else {}) if key not in known]
    if unknown:
        raise TPIError(f"unknown config option {unknown[0]} (known: {', '.join(sorted(known))})")
    merged = deepcopy(config)
    merged[section].update({name: value for name, value in given.items() if value is not None})
    try:
        return configurable(config=merged)
    except TraitError as exc:
        raise TPIError(str(exc)) from None
