"""Facilitator-only buttons inside a step page, built only for a facilitator.

A participant can send messages only to widgets that exist in their kernel, so a delete button
is not hidden for them: it is never built. Cards are often made before anyone signs in, so each
card holds a `DeleteSlot` (an empty box) and the page's `DeleteAccess` fills every slot with its
button once the page knows a facilitator signed in (and empties them again otherwise).
"""

from __future__ import annotations

import weakref
from typing import Callable

import ipywidgets as w


class DeleteAccess:
    """Whether this page's participant may delete (a facilitator), for every slot of the page."""

    def __init__(self):
        self.allowed = False
        self._slots: weakref.WeakSet[DeleteSlot] = weakref.WeakSet()

    def slot(self, on_delete: Callable[[], None], description: str = "", icon: str = "trash", css: str = "",
             layout: w.Layout | None = None) -> "DeleteSlot":
        slot = DeleteSlot(self, on_delete, description, icon, css, layout)
        self._slots.add(slot)
        return slot

    def allow(self, allowed: bool):
        """Set at sign-in: build (or close) the buttons of every slot made so far."""
        self.allowed = bool(allowed)
        for slot in list(self._slots):
            slot.show(self.allowed)


class DeleteSlot(w.HBox):
    """Where a card's delete button goes: empty for a participant, the button for a facilitator.
    Its description and tooltip are kept here, so they can be set before the button exists."""

    def __init__(self, access: DeleteAccess, on_delete: Callable[[], None], description: str, icon: str, css: str,
                 layout: w.Layout | None):
        super().__init__(layout=layout or w.Layout())
        self.add_class("tpi-delete-slot")
        self.access, self.on_delete = access, on_delete
        # not `description`/`tooltip`: those would be the box's own traits
        self.button_description, self.button_tooltip, self.icon, self.css = description, "", icon, css
        self.button: w.Button | None = None
        self.show(access.allowed)

    def label(self, description: str | None = None, tooltip: str | None = None):
        if description is not None:
            self.button_description = description
        if tooltip is not None:
            self.button_tooltip = tooltip
        if self.button is not None:
            self.button.description, self.button.tooltip = self.button_description, self.button_tooltip

    def show(self, allowed: bool):
        if allowed and self.button is None:
            self.button = w.Button(description=self.button_description, tooltip=self.button_tooltip, icon=self.icon,
                                   layout=self.layout)
            if self.css:
                self.button.add_class(self.css)
            self.button.on_click(lambda _: self._clicked())
            self.children = (self.button,)
        elif not allowed and self.button is not None:
            self.children = ()
            self.button.close()
            self.button = None

    def _clicked(self):
        if self.access.allowed:  # checked again: the role may have changed since the button was built
            self.on_delete()

    def click(self):
        """Click the button (tests); fails when it was not built, as for a participant."""
        if self.button is None:
            raise AttributeError("no delete button: only a facilitator has one")
        self.button.click()
