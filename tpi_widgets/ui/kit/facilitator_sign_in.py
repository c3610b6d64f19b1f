"""The facilitator passcode form: a correct passcode makes this browser's participant a
facilitator in the store (access.py). Used by the room page and by the step pages' sign-in.

Guessing is slowed down in the kernel, where the browser cannot skip it: every wrong passcode
costs a second, and after access.MAX_WRONG wrong ones in a row every form refuses for
access.LOCKOUT_SECONDS. The count is kept in the store (access.PasscodeGuesses), so a reload, a
new tab or a server restart does not reset it.
"""

from __future__ import annotations

import time
from typing import Callable

import ipywidgets as w

from tpi_widgets.content.limits import TextLimits
from tpi_widgets.core.access import PasscodeGuesses, passcode_makes_facilitators, passcode_matches
from tpi_widgets.core.records import FACILITATOR_PASSCODE
from tpi_widgets.store import Participant, Store
from tpi_widgets.core.html import esc, tag
from tpi_widgets.ui.kit.length_limit import limit_length

WRONG_DELAY_SECONDS = 1.0


class FacilitatorSignIn(w.VBox):
    """Passcode (and, when the browser is not known yet, a name) and a button.

    `token` gives the browser's participant token ("" when none); `remember(token)` stores a new
    one in the browser; `on_success(participant)` is called once they are a facilitator."""

    def __init__(self, store: Store, text: Callable[..., str], token: Callable[[], str],
                 remember: Callable[[str], None], on_success: Callable[[Participant], None], limits: TextLimits,
                 clock: Callable[[], float] | None = None):
        super().__init__()
        self.add_class("tpi-facilitator-sign-in")
        self.store, self.text, self.token, self.remember, self.on_success = store, text, token, remember, on_success
        # wall-clock seconds, not monotonic: a lockout outlives this kernel (access.PasscodeGuesses)
        self.clock = clock or time.time
        self.guesses = PasscodeGuesses(store)
        style = {"description_width": "initial"}
        self.name = w.Text(description=text("facilitator.name"), style=style)
        self.passcode = w.Password(description=text("facilitator.passcode"), style=style)
        self.message = w.HTML()
        for box, limit in ((self.name, limits.name), (self.passcode, limits.line)):
            limit_length(box, limit, lambda cut: self._say("limits.cut", limit=cut) if cut else None)
        self.button = w.Button(description=text("facilitator.sign_in"), button_style="primary", icon="key")
        self.button.on_click(lambda _: self.submit())
        self.message.add_class("tpi-field-error")
        self.intro = w.HTML(tag("h3", text("facilitator.heading")) + tag("p", text("facilitator.intro")))
        self.refresh_fields()

    def known(self) -> Participant | None:
        return self.store.participant_by_token(self.token())

    def refresh_fields(self):
        """Ask for a name only when this browser has no participant yet."""
        fields = [self.passcode] if self.known() is not None else [self.name, self.passcode]
        self.children = [self.intro, *fields, self.message, self.button]

    def submit(self) -> Participant | None:
        refused = self.guesses.seconds_refused(self.clock())
        if refused > 0:
            return self._say("facilitator.wait", seconds=int(refused + 0.999))
        known = self.known()
        name = self.name.value.strip()
        if known is None and not name:
            return self._say("facilitator.missing_name")
        stored = self.store.get_meta(FACILITATOR_PASSCODE)
        if not stored:
            return self._say("facilitator.no_passcode")
        if not passcode_matches(stored, self.passcode.value):
            self.passcode.value = ""
            time.sleep(WRONG_DELAY_SECONDS)  # each guess costs a second of this kernel
            refused = self.guesses.wrong_guess(self.clock())
            if refused > 0:
                return self._say("facilitator.wait", seconds=int(refused))
            return self._say("facilitator.wrong")
        self.guesses.right_guess()
        self.passcode.value = ""
        self.message.value = ""
        participant = known
        if participant is None:
            participant = self.store.add_participant(name, self.text("facilitator.institution"),
                                                     self.text("facilitator.role"))
            self.remember(participant.token)
        self.store.grant_facilitator(participant.id)
        self.on_success(participant)
        return participant

    def _say(self, key: str, **values) -> None:
        self.message.value = esc(self.text(key, **values))
        return None


def facilitator_entry(store: Store, browser, text: Callable[..., str], limits: TextLimits,
                      signed_in: Callable[[Participant], None], trainers_too: bool = False) -> w.Widget | None:
    """The way into a facilitator's page (the room view; the network view, `trainers_too`) once
    its browser has said who it is: a facilitator (or trainer) is signed in at once (`signed_in`,
    and None returned); anybody else gets what to show instead: the passcode form, or under
    JupyterHub (no passcode, the hub's groups decide) a line saying that the administrator names
    facilitators."""
    known = store.participant_by_token(browser.token)
    if known is not None and (store.is_facilitator(known.id) or trainers_too and store.is_trainer(known.id)):
        signed_in(known)  # this browser gave the passcode before (or the hub's group says so)
        return None
    if not passcode_makes_facilitators(store):
        return w.HTML(tag("p", text("facilitator.by_group")))

    def remember(token: str):
        browser.token = token

    return FacilitatorSignIn(store, text, lambda: browser.token, remember, signed_in, limits)
