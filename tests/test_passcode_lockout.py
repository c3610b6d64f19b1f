"""The facilitator passcode's lockout lives in the store (access.PasscodeGuesses): after five wrong
guesses, a reload (a new kernel and form), another page's form and a restarted server (the store
opened again) all keep refusing until the lockout ends."""

from __future__ import annotations

import pytest

from tests.support import step_page
from tests.test_room import PASSCODE, room_view, sign_in
from tpi_widgets.core import access
from tpi_widgets.ui.kit import facilitator_sign_in as fsi
from tpi_widgets.workspace import Workspace

WRONG = "0000-0000"


@pytest.fixture
def guarded(workspace):
    workspace.set_facilitator_passcode(PASSCODE)
    return workspace


@pytest.fixture
def clock(monkeypatch):
    """Wall-clock seconds as every form reads them, and no real second slept per wrong guess."""
    now = [1_000_000.0]
    monkeypatch.setattr(fsi.time, "time", lambda: now[0])
    monkeypatch.setattr(fsi.time, "sleep", lambda seconds: None)
    return now


def guess_wrong_until_locked(workspace):
    view = room_view(workspace)
    for _ in range(access.MAX_WRONG):
        sign_in(view, passcode=WRONG)
    assert "Try again in 30 seconds" in view.sign_in.message.value


def test_the_lockout_holds_after_a_reload(guarded, clock):
    guess_wrong_until_locked(guarded)
    reloaded = room_view(guarded)  # a new page: a new kernel, a new form
    assert sign_in(reloaded) is None
    assert "Try again in 30 seconds" in reloaded.sign_in.message.value
    clock[0] += 31
    assert sign_in(reloaded) is not None


def test_the_lockout_holds_on_a_step_pages_facilitator_form(guarded, clock):
    guess_wrong_until_locked(guarded)
    page = step_page(guarded, 3)
    page.gate.show_facilitator_sign_in()
    form = page.gate.facilitator_form
    form.name.value, form.passcode.value = "Fatou Diallo", PASSCODE
    assert form.submit() is None and "Try again in 30 seconds" in form.message.value


def test_the_lockout_holds_after_the_store_is_opened_again(guarded, clock):
    guess_wrong_until_locked(guarded)
    guarded.store.close()
    restarted = Workspace.open(guarded.root)  # as after `tpi serve` restarts
    view = room_view(restarted)
    clock[0] += 10
    assert sign_in(view) is None
    assert "Try again in 20 seconds" in view.sign_in.message.value


def test_wrong_guesses_count_across_pages_and_a_right_one_clears_them(guarded, clock):
    for _ in range(access.MAX_WRONG - 1):  # four wrong guesses, each from a fresh page
        sign_in(room_view(guarded), passcode=WRONG)
    assert sign_in(room_view(guarded)) is not None  # the right one before the fifth
    view = room_view(guarded)
    for _ in range(access.MAX_WRONG - 1):
        sign_in(view, passcode=WRONG)
    assert "not right" in view.sign_in.message.value  # counting started again from zero
