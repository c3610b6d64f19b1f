"""The landing page's bundle export and import, for facilitators only, through a real `tpi serve`
and plain HTTP (no browser): the export link downloads the bundle, the import form applies one
all or nothing and says what it did or why not; anybody else gets 403."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
import requests

from tests.support import SLUG, Server
from tpi_widgets.exchange.bundle import bundle_of
from tpi_widgets.server.bundle_links import EXPORT_PATH, IMPORT_FIELD, IMPORT_PATH
from tpi_widgets.server.hub_auth import PARTICIPANT_COOKIE
from tpi_widgets.workspace import Workspace


@pytest.fixture
def served(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log").start()
    yield server
    server.stop()


def browser(server: Server, participant) -> requests.Session:
    session = requests.Session()
    session.cookies.set(PARTICIPANT_COOKIE, participant.token)
    session.get(server.url, timeout=30)  # sets the _xsrf cookie
    return session


def test_a_facilitator_exports_and_imports_from_the_landing_page(served, workspace, tmp_path, sample_config):
    store = workspace.store
    facilitator = store.add_participant("Fatou Diallo", "Kossa District Hospital", "Facilitator")
    store.grant_facilitator(facilitator.id)
    participant = store.add_participant("Ana Kamara", "Kossa District Hospital", "Nurse")
    other = Workspace.init(tmp_path / "other")
    other.add_partnership(dataclasses.replace(sample_config, slug="elsewhere"))

    session = browser(served, facilitator)
    landing = session.get(served.url, timeout=30).text
    assert f'href="/{EXPORT_PATH}{SLUG}"' in landing and f'action="/{IMPORT_PATH}"' in landing
    download = session.get(served.url + EXPORT_PATH + SLUG, timeout=30)
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/zip"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(download.content)).namelist()

    xsrf = {"_xsrf": session.cookies["_xsrf"]}
    sent = session.post(served.url + IMPORT_PATH, data=xsrf, timeout=60,
                        files={IMPORT_FIELD: ("elsewhere.zip", bundle_of(other, "elsewhere"))})
    assert sent.status_code == 200 and "The bundle of elsewhere was imported" in sent.text
    assert "elsewhere" in {p.slug for p in store.partnerships()}
    refused = session.post(served.url + IMPORT_PATH, data=xsrf, timeout=60,
                           files={IMPORT_FIELD: ("bad.zip", b"not a zip at all")})
    assert refused.status_code == 400 and "The bundle was not imported: the file is not a partnership bundle" in refused.text

    somebody = browser(served, participant)
    assert EXPORT_PATH not in somebody.get(served.url, timeout=30).text
    assert somebody.get(served.url + EXPORT_PATH + SLUG, timeout=30).status_code == 403
    assert somebody.post(served.url + IMPORT_PATH, data={"_xsrf": somebody.cookies["_xsrf"]}, timeout=30,
                         files={IMPORT_FIELD: ("b.zip", download.content)}).status_code == 403
