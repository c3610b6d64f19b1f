"""The trainers' "New partnership" page under JupyterHub (`{base}new-partnership`): the form of
`tpi new` as a page of the server, for members of the hub's trainer group only. A plain HTML form
posted to the server (no kernel): the same checks as the CLI (partnership_config.build_config) and
the same registration (Workspace.add_partnership: the store and the stamped notebooks, both or
neither); a refusal shows the form again with what was typed and the reason."""

from __future__ import annotations

import datetime as dt
import html

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.ioloop import IOLoop

from tpi_widgets.errors import TPIError
from tpi_widgets.partnership_config import build_config
from tpi_widgets.server.hub_auth import NEW_PARTNERSHIP_PATH as PATH, may_create_partnerships
from tpi_widgets.server.languages import chosen_language
from tpi_widgets.server.pages import PlainErrors, server_page
from tpi_widgets.workspace import Workspace

INSTITUTIONS = (1, 2)


def form_values(handler) -> dict:
    """What the form posted, as `tpi new --config` reads it (partnership_config.build_config)."""
    value = lambda name: handler.get_body_argument(name, "").strip()  # noqa: E731
    return {"name": value("name"), "language": value("language"), "start": value("start"),
            "areas": handler.get_body_arguments("areas"),
            "institutions": [{"name": value(f"institution{n}"), "country": value(f"country{n}")}
                             for n in INSTITUTIONS]}


def new_partnership_html(pack, values: dict, xsrf_form: str, base_url: str, refusal: str = "") -> str:
    """The form in the language `pack`'s content is in, filled with `values` (after a refusal)."""
    language = pack.content_language
    text = lambda key, **kw: html.escape(pack.text(key, language, **kw))  # noqa: E731
    limits = pack.limits
    value = lambda v: html.escape(str(v or ""), quote=True)  # noqa: E731

    def line(name: str, label: str, current, extra: str = "") -> str:
        return (f'<p><label for="tpi-new-{name}">{label}</label> <input id="tpi-new-{name}" name="{name}" '
                f'dir="auto" value="{value(current)}" {extra}></p>')

    institutions = values.get("institutions") or [{}, {}]
    fields = [line("name", text("new.name"), values.get("name"), f'required maxlength="{limits.line}"')]
    for n, institution in zip(INSTITUTIONS, institutions):
        fields.append(f'<fieldset><legend>{text("new.institution", number=n)}</legend>'
                      + line(f"institution{n}", text("new.institution_name"), institution.get("name"),
                             f'required maxlength="{limits.name}"')
                      + line(f"country{n}", text("new.country"), institution.get("country"),
                             f'required maxlength="{limits.name}"') + "</fieldset>")
    chosen = set(values.get("areas") or ())
    areas = "".join(f'<label><input type="checkbox" name="areas" value="{value(a.id)}"'
                    f'{" checked" if a.id in chosen else ""}> {html.escape(a.title)}</label><br>' for a in pack.areas)
    fields.append(f'<fieldset><legend>{text("new.areas")}</legend>{areas}</fieldset>')
    from tpi_widgets.context import language_names
    current = values.get("language") or language
    options = "".join(f'<option value="{value(code)}"{" selected" if code == current else ""}>{html.escape(name)}</option>'
                      for code, name in language_names(pack).items())
    fields.append(f'<p><label for="tpi-new-language">{text("new.language")}</label> '
                  f'<select id="tpi-new-language" name="language">{options}</select></p>')
    fields.append(line("start", text("new.start"), values.get("start") or dt.date.today().isoformat(),
                       'type="date" required'))
    error = f'<p class="tpi-signin-error" role="alert">{text("new.refused", reason=refusal)}</p>' if refusal else ""
    body = (f'<section class="tpi-new-partnership"><h1>{text("new.title")}</h1><p>{text("new.intro")}</p>{error}'
            f'<form method="post" action="{base_url}{PATH}">{xsrf_form}{"".join(fields)}'
            f'<button type="submit">{text("new.submit")}</button></form></section>')
    return server_page(pack, language, pack.text("new.title", language), body, base_url, "tpi-landing", base_url + PATH)


class NewPartnershipHandler(PlainErrors, JupyterHandler):
    """GET: the form; POST: register the partnership and go to the landing page, where it is listed."""

    def initialize(self, workspace: Workspace):
        self.workspace = workspace

    async def prepare(self, **kwargs):
        await super().prepare(**kwargs)
        if self.current_user is not None and not may_create_partnerships(self):
            raise web.HTTPError(403, "Only trainers create partnerships")

    def _show(self, values: dict, refusal: str = ""):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        pack = self.workspace.pack_in(chosen_language(self, self.workspace.pack.languages))
        self.write(new_partnership_html(pack, values, self.xsrf_form_html(), self.base_url, refusal))

    @web.authenticated
    def get(self):
        self._show({})

    @web.authenticated
    async def post(self):
        values = form_values(self)
        try:
            config = build_config(values, self.workspace.pack)
            # stamping the notebooks takes a second or two: the other pages are served meanwhile
            await IOLoop.current().run_in_executor(None, self.workspace.add_partnership, config)
        except TPIError as refused:
            self.set_status(400)
            self._show(values, str(refused))
            return
        self.redirect(self.base_url)
