"""Serve a workspace with Voila: the workshop template, a landing page, kernel culling.

We run Voila itself (no server of our own); the subclass only adds the template folder and
replaces the bare directory listing at "/" with a page listing partnerships and their steps.
"""

from __future__ import annotations

import html
import os
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path

import tornado.web
from voila.app import Voila

from .errors import TPIError
from .workspace import STEP_NOTEBOOKS, Workspace

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "voila" / "tpi"
READY_PATH = "/voila/static/voila.js"  # a static URL: probing it starts no kernel

UNUSED_LAB_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]

# Closed tabs leave idle kernels behind; cull them. Connected pages are never culled.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60


def voila_argv(workspace: Workspace, port: int, host: str) -> list[str]:
    return [
        str(workspace.root),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--template=lab",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.log_level=WARN",
        "--Voila.port_retries=0",
        # JupyterLab-only extensions: the preview button and a stylesheet; a page needs neither
        *[f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_LAB_EXTENSIONS],
    ]


def landing_html(workspace: Workspace, base_url: str = "/") -> str:
    """The page at "/": each partnership with, for each of its cycles, links to the step pages."""
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
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text('app.title')}</title>
<link rel="stylesheet" href="{base_url}voila/static/tpi-workshop.css"></head>
<body class="tpi-landing"><header class="tpi-header"><span class="tpi-home">{text('app.title')}</span>
<span>{html.escape(pack.title)}</span></header>
<main><p>{text('landing.intro')}</p>{body}</main></body></html>"""


class LandingHandler(tornado.web.RequestHandler):
    """Serves landing_html at "/"."""

    def initialize(self, workspace: Workspace, base_url: str):
        self.workspace, self.base_url = workspace, base_url

    def get(self):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(landing_html(self.workspace, self.base_url))


class WorkshopVoila(Voila):
    """Voila with the workshop template and landing page for one workspace."""

    workspace: Workspace | None = None

    def setup_template_dirs(self):
        super().setup_template_dirs()
        self.template_paths.insert(0, str(TEMPLATE_DIR))
        self.static_paths.insert(0, str(TEMPLATE_DIR / "static"))

    def init_handlers(self):
        handlers = super().init_handlers()
        landing = (self.base_url, LandingHandler, {"workspace": self.workspace, "base_url": self.base_url})
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


def _announce_when_ready(url: str):
    try:
        wait_until_ready(url)
    except TimeoutError:
        print(f"The server did not answer at {url}; see the messages above.", flush=True)
        return
    print(f"Ready: open {url} in a browser on this machine  (Ctrl+C to stop)", flush=True)


def serve(workspace: Workspace, port: int = 8866, host: str = "127.0.0.1"):
    """Run Voila in this process until interrupted; say when the pages can be opened."""
    url = f"http://{host}:{port}/"
    print(f"Starting the workshop server for {workspace.root} ...", flush=True)
    threading.Thread(target=_announce_when_ready, args=(url,), daemon=True).start()
    WorkshopVoila.workspace = workspace
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warning in kernels
    sys.argv = ["tpi-serve"]
    WorkshopVoila.launch_instance(argv=voila_argv(workspace, port, host))
