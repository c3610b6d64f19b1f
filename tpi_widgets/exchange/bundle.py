"""Partnership bundles: `tpi export` writes one partnership, every cycle with who wrote what and
when and its whole history, as one file (exchange/bundle_file.py); `tpi import` applies one to a
workspace all or nothing: a partnership it does not hold is registered with its notebooks, one it
holds is merged field by field (exchange/bundle_merge.py). The landing page does both for a
facilitator (server/bundles.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tpi_widgets.errors import TPIError
from tpi_widgets.errors import BundleRefused
from tpi_widgets.exchange.bundle_file import Bundle, bundle_bytes, read_bundle
from tpi_widgets.exchange.bundle_merge import MergePlan, plan_merge
from tpi_widgets.partnership_config import build_config
from tpi_widgets.store.schema import SCHEMA_VERSION
from tpi_widgets.workspace import Workspace, stamp_notebooks

BUNDLE_SUFFIX = ".zip"


def bundle_of(workspace: Workspace, slug: str) -> bytes:
    """The bundle of partnership `slug`: its profile, every field of every cycle, the history and
    the participants who wrote them (never their tokens)."""
    store = workspace.store
    partnership = store.partnership(slug)
    entries = store.entries_of(partnership.id)
    history = store.changes_since(partnership.id, 0)
    authors = {e.participant_id for e in entries.values()} | {c.participant_id for c in history}
    people = [p for p in store.participants() if p.id in authors]
    key = {p.id: f"p{p.id}" for p in people}
    bundle = Bundle(
        pack_id=workspace.pack.id, pack_version=workspace.pack.version, schema_version=SCHEMA_VERSION,
        partnership={"slug": partnership.slug, "name": partnership.name, "profile": partnership.profile},
        participants=[{"key": key[p.id], "name": p.name, "institution": p.institution, "role": p.role,
                       "account": p.account} for p in people],
        entries=[{"cycle": cycle, "collection": collection, "record": record, "field": name, "value": e.value,
                  "participant": key.get(e.participant_id), "updated_at": e.updated_at}
                 for (cycle, collection, record, name), e in sorted(entries.items())],
        changes=[{"cycle": c.cycle, "collection": c.collection, "record": c.record, "field": c.field,
                  "value": c.value, "participant": key.get(c.participant_id), "at": c.at} for c in history])
    return bundle_bytes(bundle)


def export_bundle(workspace: Workspace, slug: str, out: Path) -> Path:
    """Write the bundle to `out` whole (a reader never finds half a file)."""
    content = bundle_of(workspace, slug)
    if not out.parent.is_dir():
        raise TPIError(f"--out {out}: the folder {out.parent} does not exist")
    staging = out.with_name(f".{out.name}.tmp")
    staging.write_bytes(content)
    staging.replace(out)
    return out


def read_bundle_file(path: Path) -> bytes:
    if not path.is_file():
        raise TPIError(f"{path} is not a file")
    return path.read_bytes()


@dataclass(frozen=True)
class ImportOutcome:
    plan: MergePlan
    written: bool

    def lines(self) -> list[str]:
        new = self.plan.partnership is None
        did = ("Would register" if new else "Would merge into") if not self.written else \
            ("Registered" if new else "Merged into")
        head = f"{did} {self.plan.slug}: {self.plan.summary()}"
        return [head, *self.plan.lines(fields=not self.written)]


def import_bundle(workspace: Workspace, content: bytes, dry_run: bool = False) -> ImportOutcome:
    """Apply a bundle all or nothing (dry run: work out what would change, write nothing).
    Refused (BundleRefused, TPIError) before anything is written."""
    bundle = read_bundle(content, SCHEMA_VERSION)
    pack = workspace.pack
    if (bundle.pack_id, bundle.pack_version) != (pack.id, pack.version):
        raise BundleRefused(f"the bundle is for content pack {bundle.pack_id} version {bundle.pack_version}; "
                            f"this workspace has {pack.id} version {pack.version}")
    plan = plan_merge(workspace.store, bundle)
    config = None
    if plan.partnership is None:
        # the same checks as tpi new: a profile this pack cannot hold is refused here
        config = build_config({"name": bundle.partnership["name"], "slug": plan.slug,
                               **{k: bundle.partnership["profile"].get(k)
                                  for k in ("institutions", "areas", "language", "start")}}, pack)
    if dry_run:
        return ImportOutcome(plan, written=False)
    _apply(workspace, plan, config)
    return ImportOutcome(plan, written=True)


def _apply(workspace: Workspace, plan: MergePlan, config) -> None:
    """One store transaction; the notebooks of cycles this workspace lacks are stamped first and
    moved into place once it is committed."""
    store = workspace.store

    def write(target):
        return store.import_history(target, plan.participants, plan.history, plan.current)

    later = [c for c in plan.cycles() if c > 1 and (config is not None or not workspace.cycle_dir(plan.slug, c).exists())]
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=workspace.root / "partnerships"))
    try:
        for cycle in later:
            folder = staging / str(cycle)
            folder.mkdir()
            stamp_notebooks(folder, plan.slug, cycle=cycle,
                            workspace=os.path.relpath(workspace.root, workspace.cycle_dir(plan.slug, cycle)))
        if config is None:
            write(plan.partnership)
        else:
            # the bundle's profile as it is (it may hold more than a new partnership's form asks)
            workspace.add_partnership(config, register=lambda slug, name, _profile: write(
                (slug, name, plan.bundle.partnership["profile"])))
        for cycle in later:
            (staging / str(cycle)).rename(workspace.cycle_dir(plan.slug, cycle))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
