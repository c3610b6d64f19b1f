"""What every step app needs: the workspace, its pack and store, one partnership and cycle."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from tpi_widgets.content import Area, Pack
from tpi_widgets.store import Participant, Partnership, Store
from tpi_widgets.workspace import Workspace


@dataclass
class StepContext:
    workspace: Workspace
    partnership: Partnership
    cycle: int
    chosen_language: str | None = None  # a participant's or a document's; None: the partnership's

    @classmethod
    def open(cls, workspace: str, partnership: str, cycle: int = 1) -> "StepContext":
        ws = Workspace.open(workspace)
        return cls(ws, ws.store.partnership(partnership), int(cycle))

    def in_language(self, language: str | None) -> "StepContext":
        """The same partnership and cycle in `language` (one of the pack's; None or another: the
        partnership's)."""
        chosen = language if language in self.workspace.pack.languages else None
        return replace(self, chosen_language=chosen)

    @property
    def pack(self) -> Pack:
        """The pack, its content (areas, steps, scale, ...) in this context's language."""
        return self.workspace.pack_in(self.language)

    @property
    def store(self) -> Store:
        return self.workspace.store

    @property
    def language(self) -> str:
        return self.chosen_language or self.partnership.language

    @property
    def language_choices(self) -> dict[str, str]:
        """{code: the language's own name} of every language of the pack, for a participant to choose."""
        return language_names(self.workspace.pack)

    def text(self, key: str, **values) -> str:
        return self.pack.text(key, self.language, **values)

    @cached_property
    def areas(self) -> list[Area]:
        """The pack's technical areas that this partnership has in scope, in pack order."""
        return [a for a in self.pack.areas if a.id in self.partnership.areas]

    def is_facilitator(self, participant: Participant | None) -> bool:
        """Whether this participant signed in with the facilitator passcode (access.py): the
        store says so, not the role they typed."""
        return participant is not None and self.store.is_facilitator(participant.id)


def language_names(pack: Pack) -> dict[str, str]:
    """{code: the language's own name ("Français")} of every language of `pack`."""
    return {code: pack.text("app.language_name", code) for code in pack.languages}
