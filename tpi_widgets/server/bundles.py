"""The landing page's bundle export and import, for facilitators only (server/bundle_links.py
says who): GET {base}bundles/export/<slug> downloads a partnership's bundle; POST
{base}bundles/import applies an uploaded one all or nothing (exchange/bundle.py) and shows the
outcome, or the one-line reason it was refused, on a page. No kernel is involved."""

from __future__ import annotations

import html

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.ioloop import IOLoop

from tpi_widgets.errors import TPIError
from tpi_widgets.server.bundle_links import IMPORT_FIELD, is_facilitator_browser
from tpi_widgets.server.hub_auth import sign_in_hub_user
from tpi_widgets.server.languages import chosen_language
from tpi_widgets.server.pages import PlainErrors, server_page
from tpi_widgets.workspace import Workspace


class FacilitatorsOnly(PlainErrors, JupyterHandler):
    def initialize(self, workspace: Workspace):
        self.workspace = workspace

    async def prepare(self, **kwargs):
        await super().prepare(**kwargs)
        sign_in_hub_user(self, self.workspace)  # under JupyterHub, its facilitator group decides now
        if self.current_user is not None and not is_facilitator_browser(self, self.workspace.store):
            raise web.HTTPError(403, "Only facilitators export and import bundles")


class BundleExportHandler(FacilitatorsOnly):
    @web.authenticated
    def get(self, slug: str):
        from tpi_widgets.exchange.bundle import BUNDLE_SUFFIX, bundle_of
        if slug not in {p.slug for p in self.workspace.store.partnerships()}:
            raise web.HTTPError(404, "No such partnership")
        content = bundle_of(self.workspace, slug)
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", f'attachment; filename="{slug}{BUNDLE_SUFFIX}"')
        self.set_header("Cache-Control", "no-store")
        self.write(content)


class BundleImportHandler(FacilitatorsOnly):
    @web.authenticated
    async def post(self):
        from tpi_widgets.exchange.bundle import import_bundle
        pack = self.workspace.pack_in(chosen_language(self, self.workspace.pack.languages))
        language = pack.content_language
        files = self.request.files.get(IMPORT_FIELD)
        try:
            if not files:
                raise TPIError("no bundle file was chosen")
            # stamping a new partnership's notebooks takes seconds: other pages are served meanwhile
            outcome = await IOLoop.current().run_in_executor(None, import_bundle, self.workspace, files[0]["body"])
            plan = outcome.plan
            message = pack.text("bundle.imported", language, partnership=plan.slug, fields=len(plan.changed),
                                history=len(plan.history), participants=len(plan.participants))
        except TPIError as refused:
            self.set_status(400)
            message = pack.text("bundle.refused", language, reason=str(refused))
        body = (f'<section class="tpi-bundle-import"><h1>{html.escape(pack.text("bundle.import_title", language))}</h1>'
                f'<p role="status">{html.escape(message)}</p>'
                f'<p><a href="{self.base_url}">{html.escape(pack.text("bundle.back", language))}</a></p></section>')
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(server_page(pack, language, pack.text("bundle.import_title", language), body, self.base_url,
                               "tpi-landing", self.base_url))
