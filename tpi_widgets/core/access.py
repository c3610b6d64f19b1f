"""Who may do what in a workshop: passcodes, the facilitator role, step locks and closed cycles.

Two secrets, on purpose:
- the room passcode (`tpi serve --passcode`) keeps everyone outside the workshop out of every
  page; participants get it through the participant URL and its QR code, which are projected;
- the facilitator passcode is printed only in the facilitator's terminal; entered on the room
  page, it makes that browser's participant a facilitator (kept in the store, so every page of
  that browser shows facilitator controls).

Enforcement happens in the kernel, never in the browser: facilitator controls are built only for
a facilitator, and every write passes `WriteGuard`, so a participant cannot reach a facilitator
action by URL, by editing the page or by sending widget messages by hand.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Callable

from tpi_widgets.errors import Refused, TPIError
from tpi_widgets.core.cycles import REOPEN_KEY, is_closed, latest_cycle
from tpi_widgets.core.records import DELETED, LOCKS, PASSCODE_GUESSES, RECORDS

HASH_ITERATIONS = 200_000

LOCKED = "locked"  # the field of a step's lock record "step-N" (bool)


# passcodes -------------------------------------------------------------------------------------
def new_passcode() -> str:
    """Eight digits in two groups: easy to read aloud and to type on a phone."""
    return f"{secrets.randbelow(10**4):04d}-{secrets.randbelow(10**4):04d}"


def hash_passcode(passcode: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.strip().encode(), salt.encode(), HASH_ITERATIONS).hex()
    return f"pbkdf2_sha256${HASH_ITERATIONS}${salt}${digest}"


def passcode_matches(stored_hash: str | None, passcode: str) -> bool:
    if not stored_hash or not passcode:
        return False
    try:
        _, iterations, salt, digest = stored_hash.split("$")
    except ValueError:
        return False
    attempt = hashlib.pbkdf2_hmac("sha256", passcode.strip().encode(), salt.encode(), int(iterations)).hex()
    return hmac.compare_digest(attempt, digest)


def passcode_makes_facilitators(store) -> bool:
    """Whether a facilitator passcode makes facilitators here: not under JupyterHub, whose
    facilitator group does (server/hub_auth.py), and whose `tpi serve --hub` stores "" for it;
    pages then offer no passcode form. Unset (no server started yet), the form says so plainly."""
    from tpi_widgets.core.records import FACILITATOR_PASSCODE
    return store.get_meta(FACILITATOR_PASSCODE) != ""


def check_passcode_word(passcode: str) -> str:
    """A passcode given on the command line: at least 6 characters, no spaces."""
    word = (passcode or "").strip()
    if len(word) < 6 or any(ch.isspace() for ch in word):
        raise TPIError("a passcode needs at least 6 characters and no spaces (or use --passcode auto)")
    return word


# slowing down guesses of the facilitator passcode -----------------------------------------------
MAX_WRONG = 5  # wrong passcodes in a row before guessing is refused for a while
LOCKOUT_SECONDS = 30.0


class PasscodeGuesses:
    """Wrong facilitator passcodes in a row, and until when (wall-clock seconds) every guess is
    refused. Kept in the store (meta key PASSCODE_GUESSES), not in a kernel: reloading the page,
    opening another tab or restarting the server does not give a guesser five fresh tries. One
    count for the workspace, whoever guesses: the facilitator waits LOCKOUT_SECONDS at worst."""

    def __init__(self, store):
        self.store = store

    def _read(self) -> tuple[int, float]:
        try:
            saved = json.loads(self.store.get_meta(PASSCODE_GUESSES) or "{}")
            return int(saved.get("wrong", 0)), float(saved.get("refused_until", 0.0))
        except (ValueError, TypeError, AttributeError):  # a damaged value counts as no wrong guess yet
            return 0, 0.0

    def _write(self, wrong: int, refused_until: float):
        self.store.set_meta(PASSCODE_GUESSES, json.dumps({"wrong": wrong, "refused_until": refused_until}))

    def seconds_refused(self, now: float) -> float:
        """How long guessing is still refused (0: a guess may be made)."""
        return max(0.0, self._read()[1] - now)

    def wrong_guess(self, now: float) -> float:
        """Count a wrong passcode; returns the seconds guessing is now refused (0 below MAX_WRONG)."""
        wrong = self._read()[0] + 1
        if wrong >= MAX_WRONG:
            self._write(0, now + LOCKOUT_SECONDS)
            return LOCKOUT_SECONDS
        self._write(wrong, 0.0)
        return 0.0

    def right_guess(self):
        self._write(0, 0.0)


# step locks ------------------------------------------------------------------------------------
def lock_record(step: int) -> str:
    return f"step-{step}"


def step_locked(store, partnership_id: int, cycle: int, step: int) -> bool:
    record = store.read(partnership_id, cycle, LOCKS).get(lock_record(step), {})
    entry = record.get(LOCKED)
    return bool(entry is not None and entry.value is True)


# the guard every page write passes -------------------------------------------------------------
@dataclass
class WriteGuard:
    """Checked by LiveSync before each write of a page's participant.

    Nobody writes into a closed earlier cycle (core/cycles.py), but a facilitator may reopen it.
    Otherwise a facilitator may write anything. A participant may not write a facilitator
    collection, may not delete (write deleted=True), and may not write while the page's step is
    locked. Both are read from the store at each write, so a lock, a new cycle or a reopening
    applies at once, whatever the page shows."""
    store: object
    partnership_id: int
    cycle: int
    step: int
    facilitator: bool = False
    text: Callable[..., str] = field(default=lambda key, **values: key)  # the page's UI strings

    def __call__(self, key: tuple[str, str, str], value) -> None:
        if not (self.facilitator and key == REOPEN_KEY) and is_closed(self.store, self.partnership_id, self.cycle):
            raise Refused("access.cycle_closed",
                          self.text("access.cycle_closed", cycle=self.cycle,
                                    current=latest_cycle(self.store, self.partnership_id)))
        if self.facilitator:
            return
        collection, _, name = key
        if collection in RECORDS.facilitator_only or (name == DELETED and value is True):
            self._refuse("access.facilitator_only")
        if step_locked(self.store, self.partnership_id, self.cycle, self.step):
            self._refuse("access.step_locked")

    def _refuse(self, key: str):
        raise Refused(key, self.text(key))
