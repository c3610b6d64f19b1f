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
import json
import os

from tpi_widgets.core.steps import STEPS, WORKBOOK_NOTEBOOK
from tpi_widgets.core.cycles import CYCLE_RECORD, STARTED, carried_over_writes, cycles_of
from tpi_widgets.core.records import ASSESSMENT_FIELDS, BASELINE, CYCLES, FOLLOWUP
from tpi_widgets.core.reconcile import AGREED
from tpi_widgets.config import WorkspaceConfig
from tpi_widgets.content import Pack, load_pack
from tpi_widgets.errors import TPIError, WorkspaceError
from tpi_widgets.partnership_config import PartnershipConfig
from tpi_widgets.store import Partnership, Store, Write

SETTINGS_FILE = "workspace.yaml"
DEFAULT_PACK = WorkspaceConfig.content_pack.default_value
STORE_FILE = WorkspaceConfig.store.default_value
NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"

ROOM_NOTEBOOK = "room.ipynb"  # the facilitator's room view, copied into the workspace root
NETWORK_NOTEBOOK = "network.ipynb"  # the network view (ui/network_view.py), copied there too

# Step number -> notebook file (the step registry's). The files ship in notebooks/; their titles
# come from the pack.
STEP_NOTEBOOKS = STEPS.notebooks
# What each partnership and cycle gets stamped: the step notebooks and the workbook
PARTNERSHIP_NOTEBOOKS = (*STEP_NOTEBOOKS.values(), WORKBOOK_NOTEBOOK)


@dataclass(frozen=True)
class Settings:
    content_pack: str
    store: str  # a file name inside the workspace, or a database URL

    def to_yaml(self) -> str:
        return ("# TPI Workbook workspace settings.\n"
                "# content_pack: a built-in pack name or a folder path (relative to this file).\n"
                "# store: the SQLite file in this folder, a database URL such as postgresql://...,\n"
                "#   or env:NAME to read the URL from the environment variable NAME (no password here).\n"
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
        workspace = cls(root, Settings(str(data.get("content_pack") or DEFAULT_PACK), str(data.get("store") or STORE_FILE)))
        if workspace.store.schema_version() is None:
            raise WorkspaceError(f"{folder} has no store at {workspace.settings.store}; create one with: tpi init {folder}")
        workspace.store.upgrade()
        return workspace

    @classmethod
    def init(cls, folder: str | Path, content_pack: str = DEFAULT_PACK, store: str = STORE_FILE) -> "Workspace":
        root = Path(folder).resolve()
        if (root / SETTINGS_FILE).exists():
            raise WorkspaceError(f"{folder} is already a TPI workspace")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{folder} exists and is not a folder")
        load_pack(content_pack, base=root)  # a bad pack fails before anything is written
        store_url(root, store)  # and so does a store variable that is not set
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
        """The pack, its content in its default language."""
        return load_pack(self.settings.content_pack, base=self.root)

    def pack_in(self, language: str | None) -> Pack:
        """The pack, its content in `language` (content/translation.py); loaded once per language."""
        return self.pack if language in (None, self.pack.content_language) else \
            load_pack(self.settings.content_pack, base=self.root, language=language)

    @cached_property
    def store(self) -> Store:
        return Store(store_url(self.root, self.settings.store))

    def stamp_room_notebook(self) -> Path:
        """Copy the room view's notebook into the workspace root (DIR/room.ipynb), and the network
        view's (DIR/network.ipynb), replacing an older copy: `tpi serve` calls this at start, so
        workspaces made before them get them too. Returns the room notebook's path."""
        for name in (ROOM_NOTEBOOK, NETWORK_NOTEBOOK):
            source = NOTEBOOKS_DIR / name
            if not source.is_file():
                raise TPIError(f"the notebook {source} is missing from the installation")
            target = self.root / name
            if not target.is_file() or target.read_bytes() != source.read_bytes():
                staging = self.root / f".{name}.tmp"
                shutil.copyfile(source, staging)
                staging.replace(target)  # a page opening it meanwhile never reads half a file
        return self.root / ROOM_NOTEBOOK

    def restamp_step_notebooks(self) -> int:
        """Stamp again every partnership notebook whose code is not the installed one, and any the
        installed version has that a folder lacks (a workspace made by an older version), with the
        parameters of the folder's first step notebook: `tpi serve` calls this at start. Returns
        how many were stamped."""
        stamped = 0
        first = STEP_NOTEBOOKS[STEPS.numbers[0]]
        for anchor in sorted((self.root / "partnerships").rglob(first)):
            if any(part.startswith(".") for part in anchor.relative_to(self.root).parts):
                continue
            for file_name in PARTNERSHIP_NOTEBOOKS:
                path = anchor.with_name(file_name)
                if path.is_file() and not _stale(path, NOTEBOOKS_DIR / file_name):
                    continue
                staging = path.with_name(f".{file_name}.tmp")
                _stamp(NOTEBOOKS_DIR / file_name, staging, _parameters(path if path.is_file() else anchor))
                staging.replace(path)  # a page opening it meanwhile never reads half a file
                stamped += 1
        return stamped

    # the facilitator passcode (see core/access.py) -----------------------------------------------
    def set_facilitator_passcode(self, passcode: str | None):
        """None: no passcode makes anybody a facilitator (under JupyterHub, its group does)."""
        from tpi_widgets.core.access import hash_passcode
        from tpi_widgets.core.records import FACILITATOR_PASSCODE
        self.store.set_meta(FACILITATOR_PASSCODE, hash_passcode(passcode) if passcode else "")

    def partnership_dir(self, slug: str) -> Path:
        return self.root / "partnerships" / slug

    def cycle_dir(self, slug: str, cycle: int) -> Path:
        """Cycle 1's notebooks sit in the partnership's folder; later cycles in cycle-N/ inside it."""
        folder = self.partnership_dir(slug)
        return folder if cycle == 1 else folder / f"cycle-{cycle}"

    def cycles(self, slug: str) -> list[int]:
        return cycles_of(self.store, self.store.partnership(slug).id)

    def step_href(self, slug: str, cycle: int, step: int, from_cycle: int) -> str:
        """The link from a page of `from_cycle` to step `step` of `cycle`, in that cycle's workbook:
        relative to the page's folder, so it works whatever address the server has."""
        folder = os.path.relpath(self.cycle_dir(slug, cycle), self.cycle_dir(slug, from_cycle))
        return f"{folder.replace(os.sep, '/')}/{WORKBOOK_NOTEBOOK}#step-{step}"

    def start_next_cycle(self, slug: str, participant_id: int | None) -> int:
        """Start cycle N+1 after the latest cycle N: its baseline is N's follow-up assessment (an item
        agreed there is agreed) and
        its Step 1 is N's (both copied, so cycle N stays as it was and readable), and its step
        notebooks are stamped. All or nothing. From then on cycle N is read-only (core/cycles.py)."""
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
        # the follow-up as it was agreed (or proposed), still by whoever rated or agreed it and when
        writes = [Write.copy(BASELINE, record, field, entry) for record, fields in followup.items()
                  for field, entry in fields.items() if field in (*ASSESSMENT_FIELDS, AGREED)]
        writes += carried_over_writes(self.store, partnership.id, latest)
        writes.append(Write(CYCLES, CYCLE_RECORD, STARTED, dt.date.today().isoformat()))
        try:
            stamp_notebooks(staging, slug, cycle=new,
                            workspace=os.path.relpath(self.root, target))
            self.store.write_many(partnership.id, new, writes, participant_id)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return new

    # partnerships -----------------------------------------------------------------------------
    def add_partnership(self, config: PartnershipConfig, register=None) -> Partnership:
        """Register a partnership and stamp its step notebooks: both happen, or neither.
        `register(slug, name, profile)` writes it into the store in place of Store.add_partnership
        (an imported bundle writes its records in the same transaction: exchange/bundle.py)."""
        target = self.partnership_dir(config.slug)
        if target.exists() or any(p.slug == config.slug for p in self.store.partnerships()):
            raise WorkspaceError(f"a partnership with slug {config.slug!r} already exists in this workspace")
        staging = Path(tempfile.mkdtemp(prefix=f".{config.slug}-", dir=self.root / "partnerships"))
        try:
            stamp_notebooks(staging, config.slug, cycle=1,
                            workspace=os.path.relpath(self.root, target))
            partnership = (register or self.store.add_partnership)(config.slug, config.name, config.profile())
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return partnership


STORE_FROM_ENVIRONMENT = "env:"  # store: env:NAME takes the URL from that environment variable


def store_url(root: Path, store: str) -> str:
    """The database URL of a workspace's `store` setting: a file in the folder, a URL, or
    env:NAME, so that a server's password lives in its environment, not in workspace.yaml."""
    if store.startswith(STORE_FROM_ENVIRONMENT):
        name = store[len(STORE_FROM_ENVIRONMENT):]
        store = os.environ.get(name, "")
        if not store:
            raise WorkspaceError(f"the workspace's store is the environment variable {name}, which is not set")
    return store if "://" in store else f"sqlite:///{root / store}"


def stamp_notebooks(folder: Path, slug: str, cycle: int, workspace: str):
    """Write each step notebook and the workbook into `folder` with the partnership's parameters (papermill). Its page
    header is computed when it is served (server/page_header.py), so nothing else is copied in.

    `workspace` is the workspace folder relative to where the notebooks will live, so a copied
    workspace works.
    """
    for file_name in PARTNERSHIP_NOTEBOOKS:
        _stamp(NOTEBOOKS_DIR / file_name, folder / file_name,
               {"workspace": workspace, "partnership": slug, "cycle": cycle})


def _stamp(source: Path, target: Path, parameters: dict):
    import nbformat
    import papermill

    if not source.is_file():
        raise TPIError(f"step notebook {source} is missing from the installation")
    nb = nbformat.read(source, as_version=4)
    papermill.execute_notebook(nb, str(target), prepare_only=True, progress_bar=False, parameters=parameters)


def _code(path: Path) -> list[str]:
    """A notebook's code cells other than papermill's injected parameters."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return ["".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code"
            and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]


def _parameters(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("papermill", {}).get("parameters", {})


def _stale(stamped: Path, source: Path) -> bool:
    try:
        return _code(stamped) != _code(source)
    except (OSError, ValueError):
        return False  # not a notebook we can read: leave it as it is
