"""Static files of a served workspace (server/static_files.py) and its pages: gzip-compressed for a
browser that accepts it, byte for byte the file once decompressed, plain for one that does not; a file whose name
or ?v= carries a content hash cached for a year as immutable, others briefly and revalidated."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

from jupyter_core.paths import jupyter_path
from voila.utils import make_url

from tests.support import workbook_path
from tpi_widgets.server.app import TEMPLATE_DIR
from tpi_widgets.server.static_files import IMMUTABLE, SHORT, content_hashed, front_end_tag

GZIP = {"Accept-Encoding": "gzip, deflate"}


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def a_hashed_labextension_chunk() -> tuple[str, Path]:
    for root in map(Path, jupyter_path("labextensions")):
        for path in sorted((root / "@jupyter-widgets" / "jupyterlab-manager" / "static").glob("*.js")):
            if content_hashed(path.name, None) and path.stat().st_size > 10_000:
                return "voila/labextensions/" + path.relative_to(root).as_posix(), path
    raise AssertionError("no jupyterlab-manager labextension installed")


def test_our_own_script_comes_gzipped_and_briefly_cached(server):
    status, headers, body = get(server.url + "voila/static/tpi-connection.js", GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == (TEMPLATE_DIR / "static" / "tpi-connection.js").read_bytes()
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Cache-Control"] == SHORT
    # revalidation: the same file answers 304 with no body
    status, _, body = get(server.url + "voila/static/tpi-connection.js", {**GZIP, "If-None-Match": headers["Etag"]})
    assert status == 304 and body == b""


def test_a_step_page_comes_gzipped_as_it_streams(server):
    """The page's HTML (the guidance, the sign-in form, Voila's own markup) is gzipped too."""
    status, headers, body = get(server.url + workbook_path(2).split("#")[0], GZIP)
    html = gzip.decompress(body).decode()
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "tpi-guidance" in html and "tpi-signin-preview" in html and len(body) < len(html) / 2


def test_a_browser_without_gzip_gets_the_file_as_it_is(server):
    status, headers, body = get(server.url + "voila/static/tpi-connection.js")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == (TEMPLATE_DIR / "static" / "tpi-connection.js").read_bytes()


def test_hashed_webpack_chunks_are_gzipped_and_immutable(server):
    url, path = a_hashed_labextension_chunk()
    status, headers, body = get(server.url + url, GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == path.read_bytes() and len(body) < path.stat().st_size / 2
    assert headers["Cache-Control"] == IMMUTABLE


def test_a_template_file_with_a_version_hash_is_immutable(server):
    status, headers, body = get(server.url.rstrip("/") + make_url("lab", "/", "static/voila-style.js"), GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and gzip.decompress(body)
    assert headers["Cache-Control"] == IMMUTABLE


def test_fonts_already_compressed_are_sent_as_they_are(server):
    font = TEMPLATE_DIR / "static" / "tpi-icons" / "icons.woff2"
    status, headers, body = get(server.url + "voila/static/tpi-icons/icons.woff2", GZIP)
    assert status == 200 and "Content-Encoding" not in headers and body == font.read_bytes()


def icons_used_by_the_package() -> set[str]:
    """Every icon name a button of the package is given (icon="x", icon: str = "x", .icon = "x" or "y")."""
    names = set()
    for path in (Path(__file__).parent.parent / "tpi_widgets").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "icon" in line:
                for match in re.finditer(r'icon(?:\s*:\s*str)?\s*=\s*([^,)]+)', line):
                    names.update(re.findall(r'"([a-z-]+)"', match.group(1)))
    return names


def test_every_icon_the_pages_use_is_in_the_icon_font():
    """The pages ship only the icons they use (templates/voila/tpi/make_icons.py)."""
    css = (TEMPLATE_DIR / "static" / "tpi-icons" / "icons.css").read_text()
    shipped = set(re.findall(r"\.fa-([a-z-]+):before", css))
    used = icons_used_by_the_package()
    assert {"lock", "unlock", "trash", "plus"} <= used  # the scan finds them
    assert used <= shipped, f"icons missing from tpi-icons: {sorted(used - shipped)}"


def test_what_counts_as_a_content_hash():
    assert content_hashed("496.ad7666673ba278088e95.js", None)
    assert content_hashed("remoteEntry.be18471aaf567c023b03.js", None)
    assert content_hashed("1cb1c39ea642f26a4dfe.woff", None)
    assert content_hashed("voila-style.js", "f8119197a6dca99873188bf35156537a2")
    assert not content_hashed("1187.voila.js", None)
    assert not content_hashed("tpi-connection.js", None)
    assert not content_hashed("voila.js", "1")


def test_voilas_scripts_come_under_a_tagged_name_and_are_kept(server):
    """The page fetches voila.js and its chunks (names without a hash) from /voila/static/v-<tag>/,
    kept for a year; the tag follows the files: another file, another tag."""
    status, _, body = get(server.url + workbook_path(2).split("#")[0])
    scripts = re.findall(r'src="([^"]*/voila/static/v-([0-9a-f]{12})/voila\.js)"', body.decode())
    assert status == 200 and scripts, "the page loads voila.js under its tag"
    url, tag = scripts[0]
    status, headers, body = get(server.url.rstrip("/") + url, GZIP)
    voila_js = next(Path(p) for p in jupyter_path("voila", "templates", "base", "static")
                    if (Path(p) / "voila.js").exists()) / "voila.js"
    assert status == 200 and gzip.decompress(body) == voila_js.read_bytes()
    assert headers["Cache-Control"] == IMMUTABLE
    chunk = next(path for path in sorted(voila_js.parent.glob("*.voila.js")) if path.stat().st_size > 1024)
    status, headers, body = get(f"{server.url}voila/static/v-{tag}/{chunk.name}", GZIP)
    assert status == 200 and gzip.decompress(body) == chunk.read_bytes() and headers["Cache-Control"] == IMMUTABLE
    # the same file by its plain name stays briefly cached (the connection banner probes it)
    assert get(server.url + "voila/static/voila.js", GZIP)[1]["Cache-Control"] == SHORT


def test_the_tag_changes_with_the_files(tmp_path):
    (tmp_path / "a.js").write_text("one")
    before = front_end_tag([str(tmp_path)])
    assert front_end_tag([str(tmp_path)]) == before
    (tmp_path / "a.js").write_text("one, then two")
    assert front_end_tag([str(tmp_path)]) != before


def test_pages_use_the_page_part_of_jupyterlabs_styles(server):
    """Not nbconvert's whole lab stylesheet (240 KB of a JupyterLab application's styles): the part
    make_lab_css.py keeps, as made from the stylesheet installed, under the tagged name."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_lab_css", TEMPLATE_DIR / "make_lab_css.py")
    make_lab_css = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_lab_css)
    shipped = (TEMPLATE_DIR / "static" / "tpi-lab.css").read_text(encoding="utf-8")
    assert shipped == make_lab_css.page_stylesheet(make_lab_css.installed_stylesheet()), \
        "run templates/voila/tpi/make_lab_css.py"
    assert ".jp-RenderedHTMLCommon" in shipped and ".jp-DirListing" not in shipped \
        and not re.search(r"--jp-icon-[\w-]+\s*:", shipped)  # the application's icons as data URIs
    html = get(server.url + workbook_path(2).split("#")[0])[2].decode()
    assert "static/index.css" not in html
    for name in ("tpi-lab.css", "tpi-workshop.css", "tpi-connection.js", "tpi-icons/icons.css"):
        assert re.search(rf'"[^"]*/voila/static/v-[0-9a-f]{{12}}/{re.escape(name)}"', html), name
