"""Voila's static files, gzip-compressed and cached by the browser.

A page's first load fetches about a hundred scripts, stylesheets and fonts (5.5 MB) that Voila
serves as they are: tornado's compress_response leaves static files alone. Thirty phones on the
room's Wi-Fi share that air, so each file is sent gzip-compressed to a browser that accepts it
(compressed once and kept in memory, keyed by path and modification time), and a file whose name
or URL carries a hash of its content (webpack chunks such as 496.ad7666673ba278088e95.js, or
?v=<hash>) may be kept by the browser for a year without asking again; others for a few minutes,
then revalidated. Voila's own front end (voila.js and its chunks such as 8135.voila.js, names
without a hash) is served a second time under a name that carries one, /voila/static/v-<tag>/,
where <tag> names the installed files: the page's `fullStaticUrl` points there, so a participant
back from a break loads the page without asking about each file again, and an upgrade changes
the tag.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import threading

from jupyter_server.base.handlers import FileFindHandler
from jupyterlab_server.themes_handler import ThemesHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"  # our own and Voila's unhashed files: a reload picks up an upgrade
HASHED_NAME = re.compile(r"(?:^|[.-])[0-9a-f]{12,}\.\w+$")  # 496.ad7666673ba278088e95.js, 1cb1c39ea642f26a4dfe.woff
HASHED_VERSION = re.compile(r"[0-9a-f]{8,}")  # ?v=f8119197a6dca99873188bf35156537a2
# already compressed (images, woff/woff2 fonts) or too small to gain anything
COMPRESSIBLE_TYPES = re.compile(r"text/.*|application/(javascript|x-javascript|json|xml|wasm)|image/svg\+xml"
                                r"|font/(ttf|otf)|application/(x-font-ttf|vnd\.ms-fontobject)")
MIN_COMPRESSED_SIZE = 1024
GZIP_LEVEL = 6

_gzipped: dict[tuple[str, float], bytes] = {}
_gzipped_lock = threading.Lock()


def content_hashed(file_name: str, version: str | None) -> bool:
    """Whether a URL names one content for ever: a hash in the file name or in its ?v=."""
    return bool(HASHED_NAME.search(file_name) or (version and HASHED_VERSION.fullmatch(version)))


class CompressedStatic:
    """Mixed into a tornado StaticFileHandler (before it): gzip and cache headers. A Range request
    gets the file as it is (tornado's ranges count the file's own bytes)."""

    def _compress(self) -> bool:
        if not hasattr(self, "_tpi_compress"):
            accepts = "gzip" in self.request.headers.get("Accept-Encoding", "")
            self._tpi_compress = (accepts and not self.request.headers.get("Range")
                                  and bool(COMPRESSIBLE_TYPES.fullmatch(self.get_content_type().split(";")[0]))
                                  and os.path.getsize(self.absolute_path) >= MIN_COMPRESSED_SIZE)
        return self._tpi_compress

    def _gzipped_content(self) -> bytes:
        key = (self.absolute_path, os.path.getmtime(self.absolute_path))
        with _gzipped_lock:
            found = _gzipped.get(key)
        if found is None:
            content = super().get_content(self.absolute_path)  # the handler's own (themes rewrite their CSS)
            raw = content if isinstance(content, bytes) else b"".join(content)
            found = gzip.compress(raw, GZIP_LEVEL, mtime=0)
            with _gzipped_lock:
                _gzipped[key] = found
        return found

    def get_content_size(self) -> int:
        return len(self._gzipped_content()) if self._compress() else super().get_content_size()

    def compute_etag(self):
        etag = super().compute_etag()
        # the compressed and the plain file are two representations: two validators
        return f'{etag[:-1]}-gzip"' if etag and self._compress() else etag

    def set_headers(self):
        super().set_headers()
        self.set_header("Vary", "Accept-Encoding")
        if self._compress():
            self.set_header("Content-Encoding", "gzip")
            # this response's body; tornado also calls get_content as a class method (to hash a
            # file for its version), so the class keeps its own
            self.get_content = lambda _abspath, start=None, end=None: self._gzipped_content()
        self.clear_header("Expires")
        hashed = content_hashed(os.path.basename(self.absolute_path), self.get_argument("v", None))
        self.set_header("Cache-Control", IMMUTABLE if hashed else SHORT)


class CompressedMultiStaticFileHandler(CompressedStatic, MultiStaticFileHandler):
    """/voila/static/: Voila's template static files and ours (templates/voila/tpi/static)."""


class TaggedStaticFileHandler(CompressedMultiStaticFileHandler):
    """/voila/static/v-<tag>/: the same files, under a name that changes with their content."""

    def set_headers(self):
        super().set_headers()
        self.set_header("Cache-Control", IMMUTABLE)


def front_end_tag(folders: list[str]) -> str:
    """A short name for the static files as installed: each file's path, size and modification
    time (read once at start; an upgrade or a changed file gives another tag)."""
    digest = hashlib.sha256()
    for folder in folders:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.relpath(os.path.join(root, name), folder)}:{stat.st_size}:"
                              f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def tagged_static_route(server_url: str, tag: str) -> str:
    return f"{server_url.rstrip('/')}/voila/static/v-{tag}/(.*)"


class CompressedTemplateStaticFileHandler(CompressedStatic, TemplateStaticFileHandler):
    """/voila/templates/<template>/static/: what the template includes with a ?v= hash."""


class CompressedFileFindHandler(CompressedStatic, FileFindHandler):
    """/voila/labextensions/: the widget managers and anywidget (webpack chunks with hashed names)."""


class CompressedThemesHandler(CompressedStatic, ThemesHandler):
    """/voila/api/themes/: JupyterLab's light theme stylesheet and its fonts."""


# Voila's handler classes (voila/app.py init_handlers) and the compressed ones that replace them
COMPRESSED_HANDLERS = {
    MultiStaticFileHandler: CompressedMultiStaticFileHandler,
    TemplateStaticFileHandler: CompressedTemplateStaticFileHandler,
    FileFindHandler: CompressedFileFindHandler,
    ThemesHandler: CompressedThemesHandler,
}
