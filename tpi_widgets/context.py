"""What every step app needs: the workspace, its pack and store, one partnership and cycle."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from tpi_widgets.content import Area, Pack
from tpi_widgets.store import Participant, Partnership, Store
from tpi_widgets.workspace import Workspace


@dataclass
class StepContext:
    workspace: Workspace
    partnership: Partnership
    cycle: int

    @classmethod
    def open(cls, workspace: str, partnership: str, cycle: int = 1) -> "StepContext":
        ws = Workspace.open(workspace)
        return cls(ws, ws.store.partnership(partnership), int(cycle))

    @property
    def pack(self) -> Pack:
        return self.workspace.pack

    @property
    def store(self) -> Store:
        return self.workspace.store

    @property
    def language(self) -> str:
        return self.partnership.language

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
