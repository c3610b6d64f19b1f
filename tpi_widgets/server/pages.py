"""The server's own pages: the landing page at "/", the room sign-in page, plain error pages,
Voila's notebook page with the two things it lacks (the _xsrf cookie, the kernel's loading time),
and the workspace file handler that serves images only, to signed-in browsers only."""

from __future__ import annotations

import html
import re
import urllib.parse

from jupyter_server.base.handlers import AuthenticatedFileHandler, JupyterHandler
from tornado import web
from tornado.ioloop import IOLoop
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from tpi_widgets.context import language_names
from tpi_widgets.core.steps import STEPS, WORKBOOK_NOTEBOOK
from tpi_widgets.server.bundle_links import export_link, import_form, is_facilitator_browser
from tpi_widgets.server.kernels import rendering_page
from tpi_widgets.server.hub_auth import NEW_PARTNERSHIP_PATH, may_create_partnerships, sign_in_hub_user
from tpi_widgets.server.languages import chosen_language, language_links
from tpi_widgets.workspace import NETWORK_NOTEBOOK, ROOM_NOTEBOOK, Workspace

# Workspace files Voila may hand out under /voila/files/: images only, never notebooks, code, the
# store (and its -wal/-shm files), settings, documents or hidden files.
FILE_ALLOWLIST = [r".*\.(png|jpg|jpeg|gif|svg)"]
FILE_DENYLIST = [r".*\.(ipynb|py|sqlite.*|db|yaml|yml|json)", r"(.*/)?\..*", r"documents/.*"]


def server_page(pack, language: str, title: str, body: str, base_url: str, body_class: str, here: str) -> str:
    """A page of the server's own in `language` (`pack` is in it), with links to it in the
    pack's other languages (`here`: its address)."""
    return f"""<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{base_url}voila/static/tpi-workshop.css"></head>
<body class="{body_class}"><header class="tpi-header"><span class="tpi-home">{html.escape(pack.text('app.title', language))}</span>
<span>{html.escape(pack.title)}</span>{language_links(language_names(pack), language, here)}</header>
<main>{body}</main></body></html>"""


def landing_html(workspace: Workspace, base_url: str = "/", language: str | None = None,
                 new_partnership: str | None = None, bundle_xsrf_form: str | None = None) -> str:
    """The page at "/": each partnership with, for each of its cycles, links to its steps in the workbook,
    and the facilitator's room view when the workspace has one; in `language` (None: the pack's).
    `new_partnership`: the address of the trainers' "New partnership" page, for a trainer.
    `bundle_xsrf_form`: for a facilitator, the form field their bundle import posts (each
    partnership then has its export link, and the page the import form: server/bundles.py)."""
    pack = workspace.pack_in(language)
    language = pack.content_language
    text = lambda key, **kw: html.escape(pack.text(key, language, **kw))  # noqa: E731
    parts = []
    for p in workspace.store.partnerships():
        institutions = " · ".join(f"{i['name']} ({i['country']})" for i in p.institutions)
        cycles = []
        for cycle in workspace.cycles(p.slug):
            folder = workspace.cycle_dir(p.slug, cycle).relative_to(workspace.root).as_posix()
            # each link opens the cycle's workbook on that step (ui/workbook.py)
            links = "".join(
                f'<li><a href="{base_url}voila/render/{html.escape(folder)}/{WORKBOOK_NOTEBOOK}#step-{step.number}">'
                f"{step.number}. {html.escape(pack.step(step.number).title)}</a></li>" for step in STEPS)
            cycles.append(f'<div class="tpi-cycle-links"><h3>{text("landing.cycle", cycle=cycle)}</h3>'
                          f'<ul class="tpi-step-links">{links}</ul></div>')  # each link says its number
        export = export_link(base_url, p.slug, pack.text("bundle.export", language)) if bundle_xsrf_form else ""
        # the latest cycle first: that is where the workshop works now
        parts.append(f'<section class="tpi-partnership"><h2>{html.escape(p.name)}</h2>'
                     f"<p>{html.escape(institutions)}</p>{export}{''.join(reversed(cycles))}</section>")
    body = "".join(parts) or f"<p>{text('landing.empty')}</p>"
    room = ""
    if (workspace.root / ROOM_NOTEBOOK).exists():
        room = (f'<p class="tpi-room-link"><a href="{base_url}voila/render/{ROOM_NOTEBOOK}">'
                f'{text("serve.landing.room")}</a></p>')
    if (workspace.root / NETWORK_NOTEBOOK).exists():
        room += (f'<p class="tpi-network-link"><a href="{base_url}voila/render/{NETWORK_NOTEBOOK}">'
                 f'{text("network.landing_link")}</a></p>')
    if new_partnership:
        room += f'<p class="tpi-new-link"><a href="{html.escape(new_partnership)}">{text("new.title")}</a></p>'
    if bundle_xsrf_form:
        room += import_form(base_url, bundle_xsrf_form, text)
    return server_page(pack, language, pack.text("app.title", language), f"<p>{text('landing.intro')}</p>{body}{room}",
                 base_url, "tpi-landing", base_url)


def signin_html(pack, next_url: str, xsrf_form: str, wrong: bool, base_url: str = "/") -> str:
    """The room sign-in page: one passcode field; it shows nothing of the workspace. In the
    language `pack`'s content is in."""
    language = pack.content_language
    text = lambda key: html.escape(pack.text(key, language))  # noqa: E731
    error = f'<p class="tpi-signin-error" role="alert">{text("serve.signin.wrong")}</p>' if wrong else ""
    body = f"""<section class="tpi-signin"><h1>{text('serve.signin.title')}</h1>
<p>{text('serve.signin.intro')}</p>{error}
<form method="post" action="{base_url}login?next={urllib.parse.quote(next_url, safe='')}">
{xsrf_form}<label for="tpi-room-passcode">{text('serve.signin.passcode')}</label>
<input id="tpi-room-passcode" name="password" type="password" autocomplete="current-password"
       autocapitalize="off" spellcheck="false" required autofocus>
<button type="submit">{text('serve.signin.submit')}</button></form></section>"""
    here = f"{base_url}login?next={urllib.parse.quote(next_url, safe='')}"
    return server_page(pack, language, pack.text("serve.signin.title", language), body, base_url,
                 "tpi-landing tpi-signin-page", here)


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
        self.xsrf_token  # reading it sets the _xsrf cookie (see NotebookPageHandler)
        sign_in_hub_user(self, self.workspace)  # under JupyterHub only (server/hub_auth.py)
        language = chosen_language(self, self.workspace.pack.languages)
        trainer = self.base_url + NEW_PARTNERSHIP_PATH if may_create_partnerships(self) else None
        bundles = self.xsrf_form_html() if is_facilitator_browser(self, self.workspace.store) else None
        self.write(landing_html(self.workspace, self.base_url, language, trainer, bundles))


class NotebookPageHandler(TornadoVoilaHandler):
    """Voila's notebook page (/voila/render/...), which
    - sets the _xsrf cookie: on beforeunload the page posts its kernel's shutdown with the _xsrf
      value it reads from document.cookie, and without the cookie the server refuses it (403) and
      the kernel is left running. Tornado sets the cookie when a handler first reads xsrf_token;
      it must be set before the page's first bytes, which Voila streams as the notebook runs;
    - tells the kernel manager when the page is sent: until then its kernel is loading, not
      deserted (server/kernels.py), and when the browser left before the page arrived: its
      kernel is ended at once, as it is when the page could not be prepared (page_renderer.py)."""

    async def prepare(self, **kwargs):
        await super().prepare(**kwargs)
        if not self._finished:  # not redirected to the sign-in page
            self.xsrf_token  # reading it sets the cookie

    browser_left = False
    page_failed = False  # set by the page's renderer (server/page_renderer.py)
    page_kernels: list[str] | tuple = ()  # the kernels this page load started (rendering_page)

    def on_connection_close(self):
        super().on_connection_close()
        self.browser_left = True
        # at once: a participant reloading fast leaves a kernel per load still running its notebook
        IOLoop.current().add_callback(self.kernel_manager.abandon, list(self.page_kernels))

    @web.authenticated
    async def get(self, path=None):
        await self.kernel_manager.admit_page()  # the "server full" page, before any kernel is taken
        sign_in_hub_user(self, self.settings["tpi_workspace"])  # under JupyterHub only
        with rendering_page(self.kernel_manager) as self.page_kernels:
            try:
                await super().get(path)
            finally:
                if self.page_failed:
                    await self.kernel_manager.abandon(self.page_kernels, "its page could not be prepared")
                elif self.browser_left:  # and any kernel started after the browser left
                    await self.kernel_manager.abandon(self.page_kernels)


class RoomSignInHandler(PlainErrors, VoilaLoginHandler):
    """Jupyter's login form (which accepts the token as the password), as a page of ours."""

    def _render(self, message=None):
        self.set_header("Cache-Control", "no-store")
        workspace = self.settings["tpi_workspace"]
        pack = workspace.pack_in(chosen_language(self, workspace.pack.languages))
        self.write(signin_html(pack, self.get_argument("next", self.base_url),
                               self.xsrf_form_html(), wrong=bool(message), base_url=self.base_url))


class WorkspaceFileHandler(PlainErrors, AuthenticatedFileHandler):
    """/voila/files/: signed-in browsers only, and only files Voila's allow/deny lists let through."""

    def initialize(self, allowlist=(), denylist=(), **kwargs):
        self.allowlist, self.denylist = allowlist, denylist
        super().initialize(**kwargs)

    def get_absolute_path(self, root, path):
        if not any(re.fullmatch(p, path, re.IGNORECASE) for p in self.allowlist) or \
                any(re.fullmatch(p, path, re.IGNORECASE) for p in self.denylist):
            raise web.HTTPError(403, "File not served")
        return super().get_absolute_path(root, path)
