"""Widgets as live views of the store: debounced autosave out, polled changes in.

`LiveSync` binds widget traits to store fields of one partnership and cycle. A change in a
widget is saved after a short quiet period (typing) or at once (choices); its status shows
"saved" only after the commit. One background thread does the saving and polls the store's
change counter, so other participants' saves appear without a reload.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

from tpi_widgets.content.limits import TextLimits
from tpi_widgets.core.text_limits import check_length
from tpi_widgets.errors import NotSignedIn, TPIError
from tpi_widgets.store import Change, Entry, Store, Write
from tpi_widgets.store.api import now

log = logging.getLogger(__name__)

Key = tuple[str, str, str]  # (collection, record, field)

POLL_SECONDS = 1.0
TICK_SECONDS = 0.1
RETRY_SECONDS = 2.0


def identity(value):
    return value


@dataclass
class Binding:
    key: Key
    widget: Any
    trait: str = "value"
    debounce: float = 0.0  # seconds of quiet before saving: 0 for choices, more for typing
    to_store: Callable[[Any], Any] = identity
    from_store: Callable[[Any], Any] = identity
    on_status: Callable[[str, Entry | None, str], None] | None = None  # (state, entry, detail)
    # writes saved in the same transaction as the edit: (key, value) pairs for the stored value
    also: Callable[[Any], list[tuple[Key, Any]]] = lambda value: []
    due: float | None = None  # when a pending edit should be saved
    _observer: Callable | None = field(default=None, repr=False)


class LiveSync:
    """Keeps bound widgets and the store in step for one partnership and cycle."""

    def __init__(self, store: Store, partnership_id: int, cycle: int, collections: list[str], limits: TextLimits,
                 text: Callable[..., str]):
        self.store = store
        # every write is held to its field's length (core/text_limits.py), whoever makes it
        self.limits, self.text = limits, text
        self.partnership_id = partnership_id
        self.cycle = cycle
        self.participant_id: int | None = None
        # Checked before every write: raises (errors.Refused) when the participant may not make
        # it. Set by the step page once it knows who signed in (access.WriteGuard).
        self.guard: Callable[[Key, Any], None] | None = None
        self._lock = threading.RLock()
        # Set while this sync writes a stored value into a widget, so the widget's observer does
        # not take it for an edit. Per thread: an edit arriving meanwhile on the kernel's main
        # thread is a real edit and must be saved.
        self._local = threading.local()
        self._bindings: dict[Key, Binding] = {}
        self._listeners: list[Callable[[Key, Entry], None]] = []
        self._settled_listeners: list[Callable[[], None]] = []
        self._other_cycle_listeners: list[Callable[[Change], None]] = []
        self._own_changes: set[int] = set()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._next_poll = 0.0
        # Read the counter before the data: a change in between is applied twice, never missed.
        self.last_change = store.change_counter(partnership_id)
        self.entries: dict[Key, Entry] = {}
        for collection in collections:
            for record, fields in store.read(partnership_id, cycle, collection).items():
                for name, entry in fields.items():
                    self.entries[(collection, record, name)] = entry

    # binding ------------------------------------------------------------------------------------
    def value(self, key: Key, default=None):
        entry = self.entries.get(key)
        return entry.value if entry is not None else default

    def records(self, collection: str) -> dict[str, dict[str, object]]:
        """The current values of a collection: {record: {field: value}}."""
        result: dict[str, dict[str, object]] = {}
        for (coll, record, field_name), entry in list(self.entries.items()):
            if coll == collection:
                result.setdefault(record, {})[field_name] = entry.value
        return result

    def save(self, key: Key, value) -> Entry:
        """Write one value now (a button's action: a vote, a new row, a deletion), not from a
        bound widget. Raises if the store refuses; bound widgets and listeners are updated."""
        return self.save_many([(key, value)])[-1]

    def save_many(self, writes: list[tuple[Key, object]], from_pack: bool = False) -> list[Entry]:
        """Write several values in one transaction: all of them or none (Store.write_many), so no
        page ever sees half a record. Raises if the store or the guard refuses. `from_pack`: the
        values are the content pack's (seeded starting points), saved by nobody, not by whoever
        happened to open the page first."""
        if not writes:
            return []
        for key, value in writes:  # every write is checked before any is made
            self._check(key, value)
        author = None if from_pack else self.participant_id
        change_ids = self.store.write_many(self.partnership_id, self.cycle,
                                           [Write(*key, value) for key, value in writes], author)
        at = now()
        entries = [Entry(value, author, at, change_id) for (_, value), change_id in zip(writes, change_ids)]
        with self._lock:
            for (key, value), entry in zip(writes, entries):
                self._own_changes.add(entry.change_id)
                self.entries[key] = entry
                binding = self._bindings.get(key)
                if binding is not None and binding.due is None:
                    self._apply(binding, value)
                    self._report(binding, "saved", entry)
        for (key, _), entry in zip(writes, entries):
            self._notify(key, entry)
        self._settled()
        return entries

    def unbind(self, key: Key):
        """Stop saving a widget (its row was removed from the page); pending edits are saved first."""
        binding = self._bindings.get(key)
        if binding is None:
            return
        if binding.due is not None:
            self.flush()
        binding.widget.unobserve(binding._observer, names=binding.trait)
        del self._bindings[key]

    def unbind_widgets(self, widgets: list):
        """Stop saving every bound widget among `widgets` (a card and everything in it)."""
        gone = {id(widget) for widget in widgets}
        for key in [k for k, b in list(self._bindings.items()) if id(b.widget) in gone]:
            self.unbind(key)

    def bind(self, binding: Binding) -> Binding:
        """Show the stored value in the widget now, and save the widget's edits from now on."""
        with self._lock:
            self._bindings[binding.key] = binding
            entry = self.entries.get(binding.key)
            if entry is not None:
                self._apply(binding, entry.value)
                self._report(binding, "saved", entry)

        def edited(change):
            if getattr(self._local, "applying", False):
                return
            with self._lock:
                binding.due = time.monotonic() + binding.debounce
            self._report(binding, "saving", None)

        binding._observer = edited
        binding.widget.observe(edited, names=binding.trait)
        return binding

    def on_change(self, listener: Callable[[Key, Entry], None]):
        """Call `listener(key, entry)` after each saved value, local or remote."""
        self._listeners.append(listener)

    def on_other_cycle(self, listener: Callable[[Change], None]):
        """Call `listener(change)` for each save of the partnership in another cycle (polled): how
        an earlier cycle's page learns that a later cycle has started."""
        self._other_cycle_listeners.append(listener)

    def on_settled(self, listener: Callable[[], None]):
        """Call `listener()` once after each flush or poll that saved or received something:
        the place for summaries that several changes arriving together should redraw once."""
        self._settled_listeners.append(listener)

    # saving -------------------------------------------------------------------------------------
    def flush(self, due_by: float | None = None) -> int:
        """Save every pending edit due by `due_by` (monotonic; all of them when None); returns how many."""
        saved = 0
        for binding in list(self._bindings.values()):
            with self._lock:
                if binding.due is None or (due_by is not None and binding.due > due_by):
                    continue
                value = binding.to_store(getattr(binding.widget, binding.trait))
                binding.due = None
            # the edit and what goes with it (a rating's proposal): one transaction, all or none
            writes = [(binding.key, value), *binding.also(value)]
            try:
                for key, written in writes:
                    self._check(key, written)
                # the typed text itself is a typing save: the store keeps one history row per
                # burst of typing, not one per pause (Store.write_many)
                change_ids = self.store.write_many(
                    self.partnership_id, self.cycle,
                    [Write(*key, written, typing=binding.debounce > 0 and key == binding.key) for key, written in writes],
                    self.participant_id)
            except TPIError as exc:  # refused, or the database is busy or gone: keep the edit, retry later
                with self._lock:
                    if binding.due is None:
                        binding.due = time.monotonic() + RETRY_SECONDS
                self._report(binding, "failed", None, failure_reason(exc))
                continue
            at = now()
            entries = [Entry(written, self.participant_id, at, change_id)
                       for (_, written), change_id in zip(writes, change_ids)]
            with self._lock:
                for (key, written), entry in zip(writes, entries):
                    self._own_changes.add(entry.change_id)
                    self.entries[key] = entry
                    shown = self._bindings.get(key)  # a companion write shows in its own widget, unless being edited
                    if key != binding.key and shown is not None and shown.due is None:
                        self._apply(shown, written)
                        self._report(shown, "saved", entry)
            saved += 1
            if binding.due is None:  # no newer edit arrived while writing
                self._report(binding, "saved", entries[0])
            for (key, _), entry in zip(writes, entries):
                self._notify(key, entry)
        if saved:
            self._settled()
        return saved

    # receiving ----------------------------------------------------------------------------------
    def poll(self) -> int:
        """Apply other participants' saves since the last poll; returns how many arrived."""
        counter = self.store.change_counter(self.partnership_id)
        if counter <= self.last_change:
            return 0
        changes = self.store.changes_since(self.partnership_id, self.last_change)
        arrived = 0
        for change in changes:
            self.last_change = max(self.last_change, change.id)
            if change.cycle != self.cycle:
                for listener in self._other_cycle_listeners:
                    listener(change)
                continue
            if change.id in self._own_changes:
                continue
            arrived += self._receive(change)
        if arrived:
            self._settled()
        return arrived

    def _receive(self, change: Change) -> int:
        key = (change.collection, change.record, change.field)
        entry = Entry(change.value, change.participant_id, change.at, change.id)
        with self._lock:
            current = self.entries.get(key)
            if current is not None and current.change_id >= change.id:
                return 0
            self.entries[key] = entry
            binding = self._bindings.get(key)
            # A field being edited here keeps what the participant typed; their save wins.
            if binding is not None and binding.due is None:
                self._apply(binding, change.value)
                self._report(binding, "saved", entry)
        self._notify(key, entry)
        return 1

    # the background thread ----------------------------------------------------------------------
    def start(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tpi-live-sync", daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()

    def close(self):
        """Stop the thread and save every pending edit now: a page left inside its kernel keeps
        what was typed up to the moment it was left."""
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout=TICK_SECONDS * 4)
        self.flush()

    def _run(self):
        while not self._stop.wait(TICK_SECONDS):
            try:
                self.flush(time.monotonic())
                if time.monotonic() >= self._next_poll:
                    self._next_poll = time.monotonic() + POLL_SECONDS
                    self.poll()
            except Exception:  # the thread's outermost loop: one bad tick must not end autosave for the page; log it
                log.exception("live sync tick failed")
                time.sleep(RETRY_SECONDS)

    # helpers ------------------------------------------------------------------------------------
    def _check(self, key: Key, value):
        if self.participant_id is None:
            raise NotSignedIn()
        check_length(self.limits, key, value, self.text)
        if self.guard is not None:
            self.guard(key, value)

    def _apply(self, binding: Binding, stored_value):
        self._local.applying = True
        try:
            setattr(binding.widget, binding.trait, binding.from_store(stored_value))
        finally:
            self._local.applying = False

    def _report(self, binding: Binding, state: str, entry: Entry | None, detail: str = ""):
        if binding.on_status is not None:
            binding.on_status(state, entry, detail)

    def _notify(self, key: Key, entry: Entry):
        for listener in self._listeners:
            listener(key, entry)

    def _settled(self):
        for listener in self._settled_listeners:
            listener()


def failure_reason(exc: Exception | str) -> str:
    """The first line of an error (or of a reason already written), short enough for a status
    line, without its closing full stop: the messages that show it go on after it ("Not saved:
    {reason}. Your text is kept"), and a reason ending in one would print "..". """
    text = str(exc).strip()
    text = text.splitlines()[0] if text else type(exc).__name__
    return text[:120].rstrip().rstrip(".")


class Rerun:
    """Runs `work()` so that runs never overlap. A call made while it runs (re-entered by a save
    the run triggers, or from the sync thread) makes it run once more when the current run ends.
    `lock` is also the page's lock for other changes that must not interleave with a run."""

    def __init__(self, work: Callable[[], None]):
        self.work = work
        self.lock = threading.RLock()
        self._running = self._again = False

    def __call__(self):
        with self.lock:
            if self._running:
                self._again = True
                return
            self._running = True
            try:
                self._again = True
                while self._again:
                    self._again = False
                    self.work()
            finally:
                self._running = False

    @contextmanager
    def batch(self):
        """Several changes that each ask for a run, followed by one run."""
        with self.lock:
            was_running, self._running = self._running, True
            try:
                yield
            finally:
                self._running = was_running
        if not was_running:
            self()
