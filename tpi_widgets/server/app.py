"""Serve a workspace with Voila: the workshop template, a landing page, kernel culling, and, for
the room's network, the room passcode (the Jupyter server token), a cap on live kernels and a
sign-in page.

We run Voila itself (no server of our own); the subclass only adds the template folder, replaces
the bare directory listing at "/" with a page listing partnerships and their steps, puts our own
sign-in page in front of every page when a passcode is set, serves workspace files only to
signed-in browsers (and only images: never the store or workspace.yaml), serves Voila's static
files compressed (server/static_files.py), and gives each page's kernel the life of its page
(server/kernels.py).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from traitlets import Instance
from traitlets.config import Config
from voila.app import Voila

from tpi_widgets.config import ServeConfig
from tpi_widgets.errors import TPIError
from tpi_widgets.server.kernels import CappedKernelManager
from tpi_widgets.server.lean_kernel import LeanKernelSpecs
from tpi_widgets.server.lan import qr_text
from tpi_widgets.server.page_renderer import use_page_renderer
from tpi_widgets.server.hub_auth import NEW_PARTNERSHIP_PATH
from tpi_widgets.server.new_partnership import NewPartnershipHandler
from tpi_widgets.server.bundle_links import EXPORT_PATH, IMPORT_PATH
from tpi_widgets.server.bundles import BundleExportHandler, BundleImportHandler
from tpi_widgets.server.pages import (FILE_ALLOWLIST, FILE_DENYLIST, LandingHandler, NotebookPageHandler,
                                      RoomSignInHandler, WorkspaceFileHandler)
from tpi_widgets.server.static_files import (COMPRESSED_HANDLERS, TaggedStaticFileHandler, front_end_tag,
                                             tagged_static_route)
from tpi_widgets.server.warm_kernels import FirstPages
from tpi_widgets.workspace import Workspace

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "voila" / "tpi"
READY_PATH = "/voila/static/voila.js"  # a static URL: probing it starts no kernel and needs no passcode

IOPUB_TIMEOUT_SECONDS = 120
KERNEL_ANSWER_SECONDS = 120  # a new kernel's first answer; past it the page says so and loads again

UNUSED_LAB_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]

from tpi_widgets.core.records import COOKIE_SEED, PARTICIPANT_URL  # store meta keys
from tpi_widgets.server.page_header import page_config_hook


@dataclass(frozen=True)
class ServeOptions:
    """A `tpi serve` run as resolved from its ServeConfig: the address it listens on (this machine
    only, or its address on the room's network) and the room passcode itself (the Jupyter server
    token; None: no sign-in)."""
    config: ServeConfig
    host: str
    passcode: str | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.config.port}{self.base_url}"

    @property
    def base_url(self) -> str:
        """The path pages are under: "/", or the service's path under JupyterHub (--hub)."""
        if not self.config.hub:
            return "/"
        from tpi_widgets.server.hub_auth import service_prefix
        return service_prefix()

    @property
    def participant_url(self) -> str:
        """The address participants open (projected as text and QR code): it signs them in."""
        if self.config.hub:  # the hub's public address of the service (c.JupyterHub.public_url)
            from tpi_widgets.server.hub_auth import public_service_url
            return public_service_url() or self.url
        if not self.passcode:
            return self.url
        return f"{self.url}?token={urllib.parse.quote(self.passcode, safe='')}"


def voila_config(workspace: Workspace, options: ServeOptions) -> Config:
    """Voila's configuration for one run, handed to the app in memory: never on a command line,
    which every user of the machine can read (the room passcode and cookie secret are in it)."""
    pack = workspace.pack
    voila = {"root_dir": str(workspace.root), "port": options.config.port, "ip": options.host,
             "open_browser": False, "log_level": "WARN", "port_retries": 0,
             # a page's widget state is JSON, a tenth of its size deflated: it crosses the room's Wi-Fi
             "tornado_settings": {"websocket_compression_options": {}}}
    if options.passcode:
        voila.update(token=options.passcode, cookie_secret=cookie_secret(workspace, options.passcode))
    if options.config.hub:  # the hub's sign-in instead of the room passcode (server/hub_auth.py)
        from tpi_widgets.server.hub_auth import HUB_SETTING, hub_group_settings, hub_voila_settings
        voila.update(hub_voila_settings())
        # it signs the hub's OAuth cookie: the same after a restart, so nobody signs in again
        voila["cookie_secret"] = cookie_secret(workspace, HUB_SETTING)
        voila["tornado_settings"][HUB_SETTING] = hub_group_settings(options.config)  # for the page handlers
    return Config({
        "Voila": voila,
        "VoilaConfiguration": {
            "template": "lab", "theme": "light", "show_tracebacks": False, "strip_sources": True,
            "multi_kernel_manager_class": CappedKernelManager,
            "kernel_spec_manager_class": LeanKernelSpecs,  # kernels without the debugger (lean_kernel.py)
            "page_config_hook": page_config_hook(workspace),
            # JupyterLab-only extensions: the preview button and a stylesheet; a page needs neither
            "extension_denylist": UNUSED_LAB_EXTENSIONS,
            # warm kernels: Voila's pools, every one empty until our policy sizes it (server/warm_kernels.py)
            "preheat_kernel": options.config.warm_kernels > 0, "default_pool_size": 0,
        },
        "CappedKernelManager": {"max_kernels": options.config.max_kernels,
                                "disconnected_kernel_seconds": options.config.disconnected_kernel_seconds,
                                "warm_kernels": options.config.warm_kernels,
                                "full_title": pack.text("serve.full.title"),
                                "full_message": pack.text("serve.full.message")},
        # a room opening its pages at once shares two cores: a kernel may take well over nbclient's
        # default 4 s to send a cell's output, which is then dropped and the page stays blank; and
        # thirty kernels starting at once after a restart may take more than nbclient's 60 s to answer
        "VoilaExecutor": {"iopub_timeout": IOPUB_TIMEOUT_SECONDS, "startup_timeout": KERNEL_ANSWER_SECONDS},
        "MappingKernelManager": {"cull_idle_timeout": options.config.cull_idle_seconds,
                                 "cull_interval": options.config.cull_interval_seconds,
                                 "cull_connected": False},
    })


def cookie_secret(workspace: Workspace, passcode: str) -> bytes:
    """The secret signing sign-in cookies: the same across restarts with the same passcode (so a
    restart does not send the room back to the sign-in page), a new one when the passcode changes
    (so an old passcode's browsers are out)."""
    store = workspace.store
    seed = store.get_meta(COOKIE_SEED)
    if not seed:
        seed = secrets.token_hex(32)
        store.set_meta(COOKIE_SEED, seed)
    return hashlib.sha256(f"{seed}:{passcode}".encode()).digest()


class WorkshopVoila(Voila):
    """Voila with the workshop template, landing page, sign-in page and kernel cap for one workspace.
    Built as WorkshopVoila(workspace=..., config=voila_config(...)): nothing is set on the class."""

    workspace = Instance(Workspace, help="the workspace served")

    def parse_command_line(self, argv=None):
        super().parse_command_line(argv)
        # the config given to the app keeps the priority command-line options have over Voila's
        # own config files (voila.py/json in the current folder or ~/.jupyter)
        self.cli_config.merge(self.config)

    def setup_template_dirs(self):
        super().setup_template_dirs()
        self.template_paths.insert(0, str(TEMPLATE_DIR))
        self.static_paths.insert(0, str(TEMPLATE_DIR / "static"))

    def init_settings(self):
        settings = super().init_settings()
        settings["tpi_workspace"] = self.workspace
        # pages (their 34 KB of HTML) gzipped as they stream: here, where tornado builds its
        # transforms from it (Voila's `tornado_settings` arrive after, too late for this one);
        # a response already encoded (static_files.py) is left as it is
        settings["compress_response"] = True
        # Voila's scripts under a name that changes with them: kept by browsers (page_header.py)
        settings["tpi_front_end_tag"] = self.front_end_tag
        self.identity_provider.login_handler_class = RoomSignInHandler
        # the login form could otherwise write a new server password into the user's Jupyter config
        self.identity_provider.allow_password_change = False
        self.kernel_manager.resting = FirstPages(self.workspace)
        self.kernel_manager.start_watching()  # warm the steps partnerships are on before anyone comes
        use_page_renderer(self.log)  # a page whose kernel failed ends and loads again, never stays half-sent
        return settings

    def init_handlers(self):
        handlers = []
        for handler in super().init_handlers():
            if handler[0].endswith("/voila/files/(.*)"):
                handler = (handler[0], WorkspaceFileHandler,
                           {"allowlist": FILE_ALLOWLIST, "denylist": FILE_DENYLIST, "path": self.root_dir})
            elif handler[0].endswith("/voila/render/(.*)"):
                handler = (handler[0], NotebookPageHandler, *handler[2:])
            elif handler[1] in COMPRESSED_HANDLERS:  # Voila's static files: gzip and long caching
                handler = (handler[0], COMPRESSED_HANDLERS[handler[1]], *handler[2:])
            handlers.append(handler)
        landing = (self.base_url, LandingHandler, {"workspace": self.workspace})
        # trainers under JupyterHub only; anybody else is refused (server/new_partnership.py)
        new_partnership = (self.base_url + NEW_PARTNERSHIP_PATH, NewPartnershipHandler, {"workspace": self.workspace})
        # facilitators only; anybody else is refused (server/bundles.py)
        bundles = [(self.base_url + EXPORT_PATH + "([a-z0-9-]+)", BundleExportHandler, {"workspace": self.workspace}),
                   (self.base_url + IMPORT_PATH, BundleImportHandler, {"workspace": self.workspace})]
        tagged = (tagged_static_route(self.server_url or self.base_url, self.front_end_tag),
                  TaggedStaticFileHandler, {"paths": self.static_paths, "default_filename": "index.html"})
        return [landing, new_partnership, *bundles, tagged] + handlers

    @property
    def front_end_tag(self) -> str:
        if not hasattr(self, "_front_end_tag"):
            self._front_end_tag = front_end_tag(self.static_paths)
        return self._front_end_tag


def workshop_app(workspace: Workspace, options: ServeOptions) -> WorkshopVoila:
    """The Voila app for one run, initialized and ready to start."""
    app = WorkshopVoila(workspace=workspace, config=voila_config(workspace, options))
    app.initialize(argv=[])  # an empty command line: given none, Voila would parse `tpi serve`'s
    return app


def check_port(port: int, host: str):
    """Refuse a busy port up front: Voila would otherwise move to another one silently."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise TPIError(f"port {port} is already in use; choose another with --port") from None


def wait_until_ready(url: str, timeout: float = 90, alive=lambda: True) -> None:
    """Probe the static READY_PATH under `url` until it answers: it starts no kernel."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server for {url} stopped before it answered")
        try:
            with urllib.request.urlopen(url.rstrip("/") + READY_PATH, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} after {timeout} s")


def announce(workspace: Workspace, options: ServeOptions, facilitator_passcode: str | None) -> str:
    """What the facilitator's terminal shows before the server starts: the participant address
    (also stored for the room view) with its QR code, and the facilitator passcode."""
    url = options.participant_url
    workspace.store.set_meta(PARTICIPANT_URL, url)
    lines = []
    if options.passcode:
        lines.append(f"Room passcode: {options.passcode}")
    lines += [f"Participants open: {url}", qr_text(url)]
    if facilitator_passcode:
        lines.append(f"Facilitator passcode: {facilitator_passcode} — type it on the room page; do not project this terminal")
    else:
        lines.append(f"Facilitators: members of the hub group {options.config.hub_facilitator_group}")
    return "\n".join(lines)


def _announce_when_ready(url: str, open_url: str):
    try:
        wait_until_ready(url)
    except TimeoutError:
        print(f"The server did not answer at {url}; see the messages above.", flush=True)
        return
    if open_url == url:
        print(f"Ready: open {url} in a browser on this machine  (Ctrl+C to stop)", flush=True)
    else:
        print(f"Ready: participants open {open_url}  (Ctrl+C to stop)", flush=True)


def serve(workspace: Workspace, options: ServeOptions, facilitator_passcode: str | None = None):
    """Run Voila in this process until interrupted; say when the pages can be opened.

    The facilitator passcode is stored (hashed) for the room page's sign-in; when none is given a
    new one is made at each start, so only whoever sees this terminal can become a facilitator.
    Under JupyterHub there is none: the hub's facilitator group decides (server/hub_auth.py)."""
    from tpi_widgets.core.access import new_passcode
    if options.config.hub:
        facilitator_passcode = None
    else:
        facilitator_passcode = facilitator_passcode or new_passcode()
    workspace.set_facilitator_passcode(facilitator_passcode)
    workspace.stamp_room_notebook()  # a workspace made before the room view gets it now
    workspace.restamp_step_notebooks()  # and one made by an older version gets its notebooks renewed
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a console without block characters still gets the rest
    print(f"Starting the workshop server for {workspace.root} ...", flush=True)
    print(announce(workspace, options, facilitator_passcode), flush=True)
    threading.Thread(target=_announce_when_ready, args=(options.url, options.participant_url), daemon=True).start()
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warning in kernels
    workshop_app(workspace, options).start()
