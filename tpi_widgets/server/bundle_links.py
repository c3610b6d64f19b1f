"""What the landing page shows a facilitator for partnership bundles (exchange/bundle.py): an
export link per partnership and the import form, and who counts as a facilitator there. Apart
from the handlers (server/bundles.py), so that the landing page (server/pages.py) can show them
without importing the handlers, which import it."""

from __future__ import annotations

import html
import urllib.parse

from tpi_widgets.server.hub_auth import HUB_SETTING, PARTICIPANT_COOKIE

EXPORT_PATH = "bundles/export/"  # + a partnership's slug: GET downloads its bundle
IMPORT_PATH = "bundles/import"  # POST: a bundle file, applied all or nothing
IMPORT_FIELD = "bundle"  # the form's file field


def is_facilitator_browser(handler, store) -> bool:
    """Whether the browser's participant is a facilitator: under JupyterHub its hub user's (whose
    cookie may be set only by this very response: server/hub_auth.py), else its participant cookie's."""
    if handler.settings.get(HUB_SETTING) is not None and handler.current_user is not None:
        participant = store.participant_of_account(handler.current_user.username)
    else:
        participant = store.participant_by_token(handler.get_cookie(PARTICIPANT_COOKIE) or "")
    return participant is not None and store.is_facilitator(participant.id)


def export_link(base_url: str, slug: str, label: str) -> str:
    return (f'<p class="tpi-bundle-export"><a href="{base_url}{EXPORT_PATH}{urllib.parse.quote(slug)}" download>'
            f"{html.escape(label)}</a></p>")


def import_form(base_url: str, xsrf_form: str, text) -> str:
    """The import form; `text(key)` is a UI string, escaped."""
    return (f'<section class="tpi-bundle-import"><h2>{text("bundle.import_title")}</h2>'
            f'<p>{text("bundle.import_intro")}</p>'
            f'<form method="post" action="{base_url}{IMPORT_PATH}" enctype="multipart/form-data">{xsrf_form}'
            f'<label for="tpi-bundle-file">{text("bundle.import_file")}</label> '
            f'<input id="tpi-bundle-file" name="{IMPORT_FIELD}" type="file" accept=".zip" required> '
            f'<button type="submit">{text("bundle.import_submit")}</button></form></section>')
