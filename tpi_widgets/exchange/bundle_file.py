"""A partnership bundle's file: a ZIP of JSON members and a manifest holding the format, the
store's schema version, the content pack's id and version, and each member's sha256.

Reading checks everything before anything is used: a file that is not a ZIP, a member missing,
JSON that does not parse or has the wrong shape, a checksum that does not match, a format or a
schema newer than this code is refused with one line (BundleRefused). Participants are listed by
a key of the bundle's own; their tokens are never written.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from tpi_widgets.errors import BundleRefused

FORMAT = "tpi-partnership-bundle"
FORMAT_VERSION = 1  # raise it when the members change; a newer bundle is refused by older code
MANIFEST = "manifest.json"
PARTNERSHIP, PARTICIPANTS, ENTRIES, CHANGES = "partnership.json", "participants.json", "entries.json", "changes.json"
DATA_FILES = (PARTNERSHIP, PARTICIPANTS, ENTRIES, CHANGES)
ZIP_TIME = (2016, 1, 1, 0, 0, 0)  # every member's date: the same data makes the same file

# the fields of each member's rows, and their JSON types (None: a null is allowed too)
PARTICIPANT_FIELDS = {"key": str, "name": str, "institution": str, "role": str, "account": (str, None)}
FIELD_ADDRESS = {"cycle": int, "collection": str, "record": str, "field": str, "participant": (str, None)}
ENTRY_FIELDS = {**FIELD_ADDRESS, "updated_at": str}
CHANGE_FIELDS = {**FIELD_ADDRESS, "at": str}


@dataclass(frozen=True)
class Bundle:
    """One partnership as a bundle holds it; rows are plain JSON mappings (see *_FIELDS)."""
    pack_id: str
    pack_version: int
    schema_version: int
    partnership: dict  # slug, name, profile
    participants: list[dict]
    entries: list[dict]  # the current value of every field, with its author's key and time
    changes: list[dict]  # the whole history, oldest first


def bundle_bytes(bundle: Bundle) -> bytes:
    members = {PARTNERSHIP: bundle.partnership, PARTICIPANTS: bundle.participants,
               ENTRIES: bundle.entries, CHANGES: bundle.changes}
    data = {name: json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
            for name, value in members.items()}
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": bundle.schema_version,
                "pack": {"id": bundle.pack_id, "version": bundle.pack_version},
                "sha256": {name: hashlib.sha256(content).hexdigest() for name, content in data.items()}}
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [(MANIFEST, json.dumps(manifest, indent=1).encode("utf-8")), *data.items()]:
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def read_bundle(content: bytes, known_schema: int) -> Bundle:
    """The bundle in `content`, checked whole; BundleRefused names the first problem."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = {name: _member(archive, name) for name in (MANIFEST, *DATA_FILES)}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise BundleRefused("the file is not a partnership bundle, or it is damaged (not a readable ZIP file)") from None
    manifest = _json(MANIFEST, members[MANIFEST])
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused("the file is not a partnership bundle (its manifest is not one tpi export writes)")
    format_version, schema = manifest.get("format_version"), manifest.get("schema_version")
    if not isinstance(format_version, int) or not isinstance(schema, int):
        raise BundleRefused(f"the bundle is damaged: {MANIFEST} has no format or schema version")
    if format_version > FORMAT_VERSION:
        raise BundleRefused(f"the bundle's format version {format_version} is newer than this tpi reads "
                            f"({FORMAT_VERSION}): update tpi first")
    if schema > known_schema:
        raise BundleRefused(f"the bundle's store schema version {schema} is newer than this tpi's "
                            f"({known_schema}): update tpi first")
    sums, pack = manifest.get("sha256"), manifest.get("pack")
    if not isinstance(sums, dict) or not isinstance(pack, dict) or not isinstance(pack.get("id"), str) \
            or not isinstance(pack.get("version"), int):
        raise BundleRefused(f"the bundle is damaged: {MANIFEST} lacks its checksums or content pack")
    for name in DATA_FILES:
        if sums.get(name) != hashlib.sha256(members[name]).hexdigest():
            raise BundleRefused(f"checksum mismatch in {name}: the bundle was changed or damaged after tpi export wrote it")
    partnership = _json(PARTNERSHIP, members[PARTNERSHIP])
    if not (isinstance(partnership, dict) and isinstance(partnership.get("slug"), str)
            and isinstance(partnership.get("name"), str) and isinstance(partnership.get("profile"), dict)):
        raise BundleRefused(f"the bundle is damaged: {PARTNERSHIP} lacks the slug, name or profile")
    participants = _rows(PARTICIPANTS, members[PARTICIPANTS], PARTICIPANT_FIELDS)
    keys = {p["key"] for p in participants}
    entries = _rows(ENTRIES, members[ENTRIES], ENTRY_FIELDS, keys)
    changes = _rows(CHANGES, members[CHANGES], CHANGE_FIELDS, keys)
    return Bundle(pack["id"], pack["version"], schema, partnership, participants, entries, changes)


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise BundleRefused(f"the bundle is damaged or incomplete: it has no {name}") from None


def _json(name: str, content: bytes):
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused(f"the bundle is damaged: {name} is not valid JSON") from None


def _rows(name: str, content: bytes, fields: dict, participant_keys: set | None = None) -> list[dict]:
    """A member's list of rows, each with `fields` of their types (and "value", any JSON)."""
    rows = _json(name, content)
    if not isinstance(rows, list):
        raise BundleRefused(f"the bundle is damaged: {name} is not a list")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not all(_is(row.get(f, ...), kind) for f, kind in fields.items()):
            raise BundleRefused(f"the bundle is damaged: row {number} of {name} lacks a field or has the wrong kind")
        if participant_keys is not None and row["participant"] is not None and row["participant"] not in participant_keys:
            raise BundleRefused(f"the bundle is damaged: row {number} of {name} names an unknown participant")
    return rows


def _is(value, kind) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if value is None:
        return None in kinds
    # bool is an int in Python: a cycle must be a number, not true
    return any(isinstance(value, k) and not (k is int and isinstance(value, bool)) for k in kinds if k is not None)
