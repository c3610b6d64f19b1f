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
import html
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

from jupyter_server.base.handlers import AuthenticatedFileHandler, JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from voila.app import Voila
from voila.voila_identity_provider import VoilaLoginHandler

from .errors import TPIError
from .workspace import STEP_NOTEBOOKS, Workspace

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "voila" / "tpi"
READY_PATH = "/voila/static/voila.js"  # a static URL: probing it starts no kernel and needs no passcode
ROOM_NOTEBOOK = "room.ipynb"  # the facilitator's room view, at the workspace root

UNUSED_LAB_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]

# Closed tabs leave idle kernels behind; cull them. Connected pages are never culled.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
DEFAULT_MAX_KERNELS = 60  # 3 partnerships x 10 participants, twice over for reloads and spare tabs

# Workspace files Voila may hand out under /voila/files/: images only, never notebooks, code, the
# store (and its -wal/-shm files), settings, documents or hidden files.
FILE_ALLOWLIST = [r".*\.(png|jpg|jpeg|gif|svg)"]
FILE_DENYLIST = [r".*\.(ipynb|py|sqlite.*|db|yaml|yml|json)", r"(.*/)?\..*", r"documents/.*"]
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


# pages of our own ------------------------------------------------------------------------------
def _page(pack, title: str, body: str, base_url: str, body_class: str) -> str:
    return f"""<!doctype html><html lang="{html.escape(pack.default_language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{base_url}voila/static/tpi-workshop.css"></head>
<body class="{body_class}"><header class="tpi-header"><span class="tpi-home">{html.escape(pack.text('app.title'))}</span>
<span>{html.escape(pack.title)}</span></header>
<main>{body}</main></body></html>"""


def landing_html(workspace: Workspace, base_url: str = "/") -> str:
    """The page at "/": each partnership with, for each of its cycles, links to the step pages,
    and the facilitator's room view when the workspace has one."""
    pack = workspace.pack
    text = lambda key, **kw: html.escape(pack.text(key, **kw))  # noqa: E731
    parts = []
    for p in workspace.store.partnerships():
        institutions = " · ".join(f"{i['name']} ({i['country']})" for i in p.institutions)
        cycles = []
        for cycle in workspace.cycles(p.slug):
            folder = workspace.cycle_dir(p.slug, cycle).relative_to(workspace.root).as_posix()
            links = "".join(
                f'<li><a href="{base_url}voila/render/{html.escape(folder)}/{file}">'
                f"{n}. {html.escape(pack.step(n).title)}</a></li>" for n, file in STEP_NOTEBOOKS.items())
            cycles.append(f'<div class="tpi-cycle-links"><h3>{text("landing.cycle", cycle=cycle)}</h3>'
                          f"<ol>{links}</ol></div>")
        # the latest cycle first: that is where the workshop works now
        parts.append(f'<section class="tpi-partnership"><h2>{html.escape(p.name)}</h2>'
                     f"<p>{html.escape(institutions)}</p>{''.join(reversed(cycles))}</section>")
    body = "".join(parts) or f"<p>{text('landing.empty')}</p>"
    room = ""
    if (workspace.root / ROOM_NOTEBOOK).exists():
        room = (f'<p class="tpi-room-link"><a href="{base_url}voila/render/{ROOM_NOTEBOOK}">'
                f'{text("serve.landing.room")}</a></p>')
    return _page(pack, pack.text("app.title"), f"<p>{text('landing.intro')}</p>{body}{room}", base_url,
                 "tpi-landing")


def signin_html(pack, next_url: str, xsrf_form: str, wrong: bool, base_url: str = "/") -> str:
    """The room sign-in page: one passcode field; it shows nothing of the workspace."""
    text = lambda key: html.escape(pack.text(key))  # noqa: E731
    error = f'<p class="tpi-signin-error" role="alert">{text("serve.signin.wrong")}</p>' if wrong else ""
    body = f"""<section class="tpi-signin"><h1>{text('serve.signin.title')}</h1>
<p>{text('serve.signin.intro')}</p>{error}
<form method="post" action="{base_url}login?next={urllib.parse.quote(next_url, safe='')}">
{xsrf_form}<label for="tpi-room-passcode">{text('serve.signin.passcode')}</label>
<input id="tpi-room-passcode" name="password" type="password" autocomplete="current-password"
       autocapitalize="off" spellcheck="false" required autofocus>
<button type="submit">{text('serve.signin.submit')}</button></form></section>"""
    return _page(pack, pack.text("serve.signin.title"), body, base_url, "tpi-landing tpi-signin-page")


class PlainErrors:
    """Error pages without Jupyter's own templates (Voila's server has none of their static files)."""

    def write_error(self, status_code: int, **kwargs):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(f"<!doctype html><title>{status_code}</title><h1>{status_code}: "
                    f"{html.escape(self._reason)}</h1>")


class LandingHandler(PlainErrors, JupyterHandler):
    """Serves landing_html at "/", to signed-in browsers only (the room passcode)."""

    def initialize(self, workspace: Workspace):
        self.workspace = workspace

    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(landing_html(self.workspace, self.base_url))


class RoomSignInHandler(PlainErrors, VoilaLoginHandler):
    """Jupyter's login form (which accepts the token as the password), as a page of ours."""

    def _render(self, message=None):
        self.set_header("Cache-Control", "no-store")
        self.write(signin_html(self.settings["tpi_workspace"].pack, self.get_argument("next", self.base_url),
                               self.xsrf_form_html(), wrong=bool(message), base_url=self.base_url))


class WorkspaceFileHandler(PlainErrors, AuthenticatedFileHandler):
    """/voila/files/: signed-in browsers only, and only files Voila's allow/deny lists let through."""

    def initialize(self, allowlist=(), denylist=(), **kwargs):
        self.allowlist, self.denylist = allowlist, denylist
        super().initialize(**kwargs)

    def get_absolute_path(self, root, path):
        import re
        if not any(re.fullmatch(p, path, re.IGNORECASE) for p in self.allowlist) or \
                any(re.fullmatch(p, path, re.IGNORECASE) for p in self.denylist):
            raise web.HTTPError(403, "File not served")
        return super().get_absolute_path(root, path)


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


def local_address() -> str:
    """This machine's address on the room's network. Connecting a UDP socket sends nothing; it
    only asks the system which local address would route to a private address."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                address = s.getsockname()[0]
        except OSError:
            continue
        if _usable(address):
            return address
    try:
        candidates = [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        candidates = []
    for address in candidates:
        if _usable(address):
            return address
    raise TPIError("no local network address found: connect this machine to the room's network, then try again")


def _usable(address: str) -> bool:
    return bool(address) and not address.startswith(("127.", "0.", "169.254."))


def qr_text(url: str) -> str:
    """The URL as a QR code in plain characters, for the terminal."""
    import io
    import qrcode
    code = qrcode.QRCode(border=2)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, tty=False, invert=True)
    return out.getvalue()


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
    from .access import new_passcode
    options = ServeOptions(port=port, host=host, passcode=passcode or None, max_kernels=max_kernels)
    facilitator_passcode = facilitator_passcode or new_passcode()
    workspace.set_facilitator_passcode(facilitator_passcode)
    stamp_room = getattr(workspace, "stamp_room_notebook", None)
    if stamp_room is not None:
        stamp_room()
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
