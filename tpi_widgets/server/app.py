"""Serve a workspace with Voila: the workshop template, a landing page, kernel culling, and, for
the room's network, the room passcode (the Jupyter server token), a cap on live kernels and a
sign-in page.

We run Voila itself (no server of our own); the subclass only adds the template folder, replaces
the bare directory listing at "/" with a page listing partnerships and their steps, puts our own
sign-in page in front of every page when a passcode is set, and serves workspace files only to
signed-in browsers (and only images: never the store or workspace.yaml).
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

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from voila.app import Voila

from tpi_widgets.errors import TPIError
from tpi_widgets.server.lan import qr_text
from tpi_widgets.server.pages import FILE_ALLOWLIST, FILE_DENYLIST, LandingHandler, RoomSignInHandler, WorkspaceFileHandler
from tpi_widgets.workspace import Workspace

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "voila" / "tpi"
READY_PATH = "/voila/static/voila.js"  # a static URL: probing it starts no kernel and needs no passcode

UNUSED_LAB_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]

# Closed tabs leave idle kernels behind; cull them. Connected pages are never culled.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
DEFAULT_MAX_KERNELS = 60  # 3 partnerships x 10 participants, twice over for reloads and spare tabs

COOKIE_SEED = "cookie_secret_seed"  # store meta: makes sign-in cookies outlive a server restart


@dataclass(frozen=True)
class ServeOptions:
    """How `tpi serve` runs: where, behind which room passcode, with how many kernels at most."""
    port: int = 8866
    host: str = "127.0.0.1"
    passcode: str | None = None  # the room passcode: the Jupyter server token; None: no sign-in
    max_kernels: int = DEFAULT_MAX_KERNELS

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def participant_url(self) -> str:
        """The address participants open (projected as text and QR code): it signs them in."""
        if not self.passcode:
            return self.url
        return f"{self.url}?token={urllib.parse.quote(self.passcode, safe='')}"


def voila_argv(workspace: Workspace, port: int, host: str, max_kernels: int = DEFAULT_MAX_KERNELS) -> list[str]:
    # the passcode is not here: command lines are visible to every user of the machine (see
    # WorkshopVoila.initialize)
    return [
        str(workspace.root),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--template=lab",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        f"--VoilaConfiguration.multi_kernel_manager_class={CappedKernelManager.__module__}.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={max_kernels}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.log_level=WARN",
        "--Voila.port_retries=0",
        # JupyterLab-only extensions: the preview button and a stylesheet; a page needs neither
        *[f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_LAB_EXTENSIONS],
    ]


# the kernel cap --------------------------------------------------------------------------------
class CappedKernelManager(AsyncMappingKernelManager):
    """Refuses a new kernel once `max_kernels` run: the page load then gets the "server full"
    page (templates/voila/tpi/503.html) instead of a kernel, and the machine keeps its memory
    for the participants already working. Concurrent starts may overshoot by the few in flight."""

    max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True, help="kernels allowed at once")
    full_title = "The workshop server is full"
    full_message = "The workshop server is full: close unused tabs or ask the facilitator."

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        if kernel_id is None and len(self.list_kernel_ids()) >= self.max_kernels:
            self.log.warning("Refused a kernel: %d running, the cap is %d", len(self.list_kernel_ids()),
                             self.max_kernels)
            raise web.HTTPError(503, self.full_message.replace("%", "%%"), reason=self.full_title)
        return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)


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


def connection_texts_hook(workspace: Workspace):
    """A Voila page_config hook: the connection banner's texts (templates/voila/tpi/static/
    tpi-connection.js reads them from the page config) in the notebook's language."""
    import json
    pack = workspace.pack

    def hook(page_config, notebook_path=None, **_):
        language = None
        try:
            path = (workspace.root / notebook_path) if notebook_path else None
            if path is not None and path.is_file():
                language = json.loads(path.read_text(encoding="utf-8"))["metadata"]["tpi"]["language"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        page_config["tpiConnection"] = {key: pack.text(f"serve.banner.{key}", language)
                                        for key in ("lost", "reload", "reload_button")}
        return page_config

    return hook


class WorkshopVoila(Voila):
    """Voila with the workshop template, landing page, sign-in page and kernel cap for one workspace."""

    workspace: Workspace | None = None
    room_passcode: str | None = None

    def initialize(self, argv=None):
        super().initialize(argv)
        if self.room_passcode:
            self.token = self.room_passcode
            self.cookie_secret = cookie_secret(self.workspace, self.room_passcode)
        pack = self.workspace.pack
        self.voila_configuration.page_config_hook = connection_texts_hook(self.workspace)
        CappedKernelManager.full_title = pack.text("serve.full.title")
        CappedKernelManager.full_message = pack.text("serve.full.message")

    def setup_template_dirs(self):
        super().setup_template_dirs()
        self.template_paths.insert(0, str(TEMPLATE_DIR))
        self.static_paths.insert(0, str(TEMPLATE_DIR / "static"))

    def init_settings(self):
        settings = super().init_settings()
        settings["tpi_workspace"] = self.workspace
        self.identity_provider.login_handler_class = RoomSignInHandler
        # the login form could otherwise write a new server password into the user's Jupyter config
        self.identity_provider.allow_password_change = False
        return settings

    def init_handlers(self):
        handlers = []
        for handler in super().init_handlers():
            if handler[0].endswith("/voila/files/(.*)"):
                handler = (handler[0], WorkspaceFileHandler,
                           {"allowlist": FILE_ALLOWLIST, "denylist": FILE_DENYLIST, "path": self.root_dir})
            handlers.append(handler)
        landing = (self.base_url, LandingHandler, {"workspace": self.workspace})
        return [landing] + handlers


def check_port(port: int, host: str = "127.0.0.1"):
    """Refuse a busy port up front: Voila would otherwise move to another one silently."""
    if not 1 <= port <= 65535:
        raise TPIError(f"port {port} is not between 1 and 65535")
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


def announce(workspace: Workspace, options: ServeOptions, facilitator_passcode: str) -> str:
    """What the facilitator's terminal shows before the server starts: the participant address
    (also stored for the room view) with its QR code, and the facilitator passcode."""
    url = options.participant_url
    workspace.store.set_meta("participant_url", url)
    lines = []
    if options.passcode:
        lines.append(f"Room passcode: {options.passcode}")
    lines += [f"Participants open: {url}", qr_text(url),
              f"Facilitator passcode: {facilitator_passcode} — type it on the room page; do not project this terminal"]
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


def serve(workspace: Workspace, port: int = 8866, host: str = "127.0.0.1", passcode: str | None = None,
          facilitator_passcode: str | None = None, max_kernels: int = DEFAULT_MAX_KERNELS):
    """Run Voila in this process until interrupted; say when the pages can be opened.

    The facilitator passcode is stored (hashed) for the room page's sign-in; when none is given a
    new one is made at each start, so only whoever sees this terminal can become a facilitator."""
    from tpi_widgets.core.access import new_passcode
    options = ServeOptions(port=port, host=host, passcode=passcode or None, max_kernels=max_kernels)
    facilitator_passcode = facilitator_passcode or new_passcode()
    workspace.set_facilitator_passcode(facilitator_passcode)
    workspace.stamp_room_notebook()  # a workspace made before the room view gets it now
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a console without block characters still gets the rest
    print(f"Starting the workshop server for {workspace.root} ...", flush=True)
    print(announce(workspace, options, facilitator_passcode), flush=True)
    threading.Thread(target=_announce_when_ready, args=(options.url, options.participant_url), daemon=True).start()
    WorkshopVoila.workspace = workspace
    WorkshopVoila.room_passcode = options.passcode
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warning in kernels
    sys.argv = ["tpi-serve"]
    WorkshopVoila.launch_instance(argv=voila_argv(workspace, port, host, max_kernels))
