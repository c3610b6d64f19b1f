"""A workspace is a folder you can carry: settings, the SQLite store and stamped notebooks.

    DIR/workspace.yaml                  settings (content pack, store)
    DIR/store.sqlite                    the store (unless settings name another URL)
    DIR/partnerships/<slug>/*.ipynb     step notebooks stamped for one partnership
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

import datetime as dt
import os

from tpi_widgets.core.assessment import BASELINE, FIELDS, FOLLOWUP
from tpi_widgets.content import Pack, load_pack
from tpi_widgets.errors import TPIError, WorkspaceError
from tpi_widgets.partnership_config import PartnershipConfig
from tpi_widgets.store import Partnership, Store, Write

CYCLES = "cycle"  # collection marking a started cycle: record "cycle", field "started"
SETTINGS_FILE = "workspace.yaml"
STORE_FILE = "store.sqlite"
NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"

ROOM_NOTEBOOK = "room.ipynb"  # the facilitator's room view, copied into the workspace root

# Step number -> notebook file. The files ship in notebooks/; their titles come from the pack.
STEP_NOTEBOOKS = {
    1: "01_partnership_development.ipynb",
    2: "02_needs_assessment.ipynb",
    3: "03_gap_analysis.ipynb",
    4: "04_action_planning.ipynb",
    5: "05_action.ipynb",
    6: "06_evaluation_review.ipynb",
}


@dataclass(frozen=True)
class Settings:
    content_pack: str
    store: str  # a file name inside the workspace, or a database URL

    def to_yaml(self) -> str:
        return ("# TPI Workbook workspace settings.\n"
                "# content_pack: a built-in pack name or a folder path (relative to this file).\n"
                "# store: the SQLite file in this folder, or a database URL such as postgresql://...\n"
                + yaml.safe_dump({"tpi_workspace": 1, "content_pack": self.content_pack, "store": self.store},
                                 sort_keys=False))


class Workspace:
    def __init__(self, root: Path, settings: Settings):
        self.root = root
        self.settings = settings

    # opening and creating ---------------------------------------------------------------------
    @classmethod
    def open(cls, folder: str | Path) -> "Workspace":
        root = Path(folder).resolve()
        settings_path = root / SETTINGS_FILE
        if not settings_path.is_file():
            raise WorkspaceError(f"{folder} is not a TPI workspace (no {SETTINGS_FILE}); create one with: tpi init {folder}")
        try:
            data = yaml.safe_load(settings_path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            raise WorkspaceError(f"{settings_path} is not valid YAML") from None
        if not isinstance(data, dict) or data.get("tpi_workspace") != 1:
            raise WorkspaceError(f"{settings_path} is not a TPI workspace settings file")
        workspace = cls(root, Settings(str(data.get("content_pack") or "recovery-2016"), str(data.get("store") or STORE_FILE)))
        if workspace.store.schema_version() is None:
            raise WorkspaceError(f"{folder} has no store at {workspace.settings.store}; create one with: tpi init {folder}")
        workspace.store.upgrade()
        return workspace

    @classmethod
    def init(cls, folder: str | Path, content_pack: str = "recovery-2016", store: str = STORE_FILE) -> "Workspace":
        root = Path(folder).resolve()
        if (root / SETTINGS_FILE).exists():
            raise WorkspaceError(f"{folder} is already a TPI workspace")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{folder} exists and is not a folder")
        load_pack(content_pack, base=root)  # a bad pack fails before anything is written
        created = not root.exists()
        workspace = cls(root, Settings(content_pack, store))
        try:
            (root / "partnerships").mkdir(parents=True, exist_ok=True)
            workspace.store.create()
            workspace.stamp_room_notebook()
            (root / SETTINGS_FILE).write_text(workspace.settings.to_yaml(), encoding="utf-8")
        except BaseException:
            workspace.store.close()
            if created:
                shutil.rmtree(root, ignore_errors=True)
            raise
        return workspace

    # parts ------------------------------------------------------------------------------------
    @cached_property
    def pack(self) -> Pack:
        return load_pack(self.settings.content_pack, base=self.root)

    @cached_property
    def store(self) -> Store:
        return Store(store_url(self.root, self.settings.store))

    def stamp_room_notebook(self) -> Path:
        """Copy the room view's notebook into the workspace root (DIR/room.ipynb), replacing an
        older copy: `tpi serve` calls this at start, so workspaces made before it get one too."""
        source = NOTEBOOKS_DIR / ROOM_NOTEBOOK
        if not source.is_file():
            raise TPIError(f"the room notebook {source} is missing from the installation")
        target = self.root / ROOM_NOTEBOOK
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            staging = self.root / f".{ROOM_NOTEBOOK}.tmp"
            shutil.copyfile(source, staging)
            staging.replace(target)  # a page opening it meanwhile never reads half a file
        return target

    # the facilitator passcode (see access.py) ----------------------------------------------------
    def set_facilitator_passcode(self, passcode: str):
        from tpi_widgets.core.access import FACILITATOR_PASSCODE, hash_passcode
        self.store.set_meta(FACILITATOR_PASSCODE, hash_passcode(passcode))

    def facilitator_passcode_matches(self, passcode: str) -> bool:
        from tpi_widgets.core.access import FACILITATOR_PASSCODE, passcode_matches
        return passcode_matches(self.store.get_meta(FACILITATOR_PASSCODE), passcode)

    def partnership_dir(self, slug: str) -> Path:
        return self.root / "partnerships" / slug

    def cycle_dir(self, slug: str, cycle: int) -> Path:
        """Cycle 1's notebooks sit in the partnership's folder; later cycles in cycle-N/ inside it."""
        folder = self.partnership_dir(slug)
        return folder if cycle == 1 else folder / f"cycle-{cycle}"

    def cycles(self, slug: str) -> list[int]:
        partnership = self.store.partnership(slug)
        return sorted({1, *self.store.cycles_marked(partnership.id, CYCLES)})

    def start_next_cycle(self, slug: str, participant_id: int | None) -> int:
        """Start cycle N+1 after the latest cycle N: its baseline is N's follow-up assessment
        (copied, so both stay readable), and its step notebooks are stamped. All or nothing."""
        partnership = self.store.partnership(slug)
        latest = self.cycles(slug)[-1]
        followup = self.store.read(partnership.id, latest, FOLLOWUP)
        if not any(fields.get("rating") and fields["rating"].value is not None for fields in followup.values()):
            raise WorkspaceError(f"cycle {latest} has no follow-up ratings yet: rate the follow-up assessment "
                                 f"in Step 6 before starting cycle {latest + 1}")
        new = latest + 1
        target = self.cycle_dir(slug, new)
        if target.exists():
            raise WorkspaceError(f"cycle {new} of {slug!r} is already started")
        staging = Path(tempfile.mkdtemp(prefix=f".cycle-{new}-", dir=self.partnership_dir(slug)))
        writes = [Write(BASELINE, record, field, entry.value)
                  for record, fields in followup.items() for field, entry in fields.items() if field in FIELDS]
        writes.append(Write(CYCLES, "cycle", "started", dt.date.today().isoformat()))
        try:
            stamp_notebooks(staging, self.pack, partnership.name, slug, cycle=new, language=partnership.language,
                            workspace=os.path.relpath(self.root, target))
            self.store.write_many(partnership.id, new, writes, participant_id)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return new

    # partnerships -----------------------------------------------------------------------------
    def add_partnership(self, config: PartnershipConfig) -> Partnership:
        """Register a partnership and stamp its step notebooks: both happen, or neither."""
        target = self.partnership_dir(config.slug)
        if target.exists() or any(p.slug == config.slug for p in self.store.partnerships()):
            raise WorkspaceError(f"a partnership with slug {config.slug!r} already exists in this workspace")
        staging = Path(tempfile.mkdtemp(prefix=f".{config.slug}-", dir=self.root / "partnerships"))
        try:
            stamp_notebooks(staging, self.pack, config.name, config.slug, cycle=1, language=config.language,
                            workspace=os.path.relpath(self.root, target))
            partnership = self.store.add_partnership(config.slug, config.name, config.profile())
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return partnership


def store_url(root: Path, store: str) -> str:
    return store if "://" in store else f"sqlite:///{root / store}"


def notebook_metadata(pack: Pack, name: str, slug: str, cycle: int, step_number: int, language: str) -> dict:
    """What the Voila template shows in the header and the step navigation (no kernel needed),
    in the partnership's language."""
    def heading(n: int) -> str:
        return pack.text("step.heading", language, number=n, title=pack.step(n).title)

    return {
        "partnership": name, "slug": slug, "cycle": cycle, "step": step_number, "language": language,
        "title": heading(step_number),
        "home": pack.text("app.title", language),
        "cycle_label": pack.text("landing.cycle", language, cycle=cycle),
        "steps": [{"number": n, "title": pack.step(n).title, "heading": heading(n), "file": f}
                  for n, f in STEP_NOTEBOOKS.items()],
    }


def stamp_notebooks(folder: Path, pack: Pack, name: str, slug: str, cycle: int, language: str, workspace: str):
    """Write each step notebook into `folder` with the partnership's parameters (papermill).

    `workspace` is the workspace folder relative to where the notebooks will live, so a copied
    workspace works.
    """
    import nbformat
    import papermill

    for number, file_name in STEP_NOTEBOOKS.items():
        source = NOTEBOOKS_DIR / file_name
        if not source.is_file():
            raise TPIError(f"step notebook {source} is missing from the installation")
        nb = nbformat.read(source, as_version=4)
        nb.metadata["tpi"] = notebook_metadata(pack, name, slug, cycle, number, language)
        papermill.execute_notebook(nb, str(folder / file_name), prepare_only=True, progress_bar=False,
                                   parameters={"workspace": workspace, "partnership": slug, "cycle": cycle})
