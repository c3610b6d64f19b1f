"""How much the store grows while one participant types a note for ten minutes.

A page saves a text field at each pause of 0.4 s (ui/kit/fields.py TEXT_DEBOUNCE): ten minutes
of typing are 1,500 saves, the note growing to the pack's note limit (4,000 characters). Each
variant writes them to a fresh store, as plain writes (every save its own history row, the store
before issue 11) and as typing saves (one history row per burst, Store.write_many), and reports
the store's size on disk (database and write-ahead log) and its history rows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tpi_widgets.content import load_pack
from tpi_widgets.core.records import PLAN
from tpi_widgets.store import Store, Write

SAVES = 1500  # ten minutes at one save per 0.4 s


def typed_note(limit: int, saves: int = SAVES) -> list[str]:
    """The text at each save: growing evenly to `limit` characters."""
    words = ("hand hygiene audit on every ward, results shared monthly with the district team; " * 100)[:limit]
    return [words[: (i + 1) * limit // saves] for i in range(saves)]


def store_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("store.sqlite*"))


def simulate(typing: bool, folder: Path, saves: int = SAVES) -> dict:
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    store.create()
    pid = store.add_partnership("p", "P", {}).id
    person = store.add_participant("Ana", "Kossa", "Nurse").id
    store.engine.dispose()  # the last connection to close folds the write-ahead log into the database
    empty = store_bytes(folder)
    for value in typed_note(load_pack().limits.note, saves):
        store.write_many(pid, 1, [Write(PLAN, "r1", "activity", value, typing=typing)], person)
    rows = len(store.changes_since(pid, 0))
    final = store.read(pid, 1, PLAN)["r1"]["activity"].value
    store.close()
    return {"bytes_grown": store_bytes(folder) - empty, "bytes_total": store_bytes(folder), "history_rows": rows,
            "final_chars": len(final)}


def run() -> dict:
    with tempfile.TemporaryDirectory() as plain, tempfile.TemporaryDirectory() as typed:
        before = simulate(False, Path(plain))
        after = simulate(True, Path(typed))
    return {"saves": SAVES, "every_save_a_row": before, "one_row_per_burst": after}
