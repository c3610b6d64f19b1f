"""The frame every step page shares: guidance from the pack, the participant gate, the body."""

from __future__ import annotations

import ipywidgets as w

from ..live import Key, Rerun, failure_reason
from ..session import ParticipantGate
from ..store import Participant
from ..widgets.guidance import step_guidance
from ..widgets.text import esc
from .context import StepContext


class StepPage:
    """Subclasses give `step_number`, build their widgets in `build_body` and react in `start`."""

    step_number: int
    documents: tuple[str, ...] = ()  # the document kinds a facilitator builds on this page (reports/)

    def __init__(self, context: StepContext):
        self.context = context
        self.gate = ParticipantGate(context.store, context.partnership, context.text, self._signed_in)
        self.documents_box = w.VBox()  # filled for a facilitator once signed in
        self.body = w.VBox(self.build_body() + [self.documents_box])
        self.body.add_class("tpi-step-body")
        self.body.layout.display = "none"  # shown once the participant is known
        self.view = w.VBox([step_guidance(context.pack, self.step_number, context.language), self.gate, self.body])
        self.view.add_class("tpi-step")

    def build_body(self) -> list[w.Widget]:
        return []

    def start(self, participant: Participant):
        """Called once the participant has signed in."""

    def save_actions(self, writes: list[tuple[Key, object]], rerun: Rerun, message: w.HTML) -> bool:
        """Save a button's writes, then rearrange the page once (through `rerun`); a refusal is
        shown in `message` as one line, not raised."""
        try:
            with rerun.batch():
                for key, value in writes:
                    self.sync.save(key, value)
        except Exception as exc:  # the store may be busy or gone: say so in one line
            message.value = esc(self.context.text("app.save_failed", reason=failure_reason(exc)))
            return False
        message.value = ""
        return True

    def _signed_in(self, participant: Participant):
        self.start(participant)
        self._offer_documents(participant)
        self.body.layout.display = None

    def _offer_documents(self, participant: Participant):
        ctx = self.context
        if not self.documents or not ctx.is_facilitator(participant):
            self.documents_box.children = ()
            return
        from ..reports.build import build_kind
        from ..widgets.document_downloads import DocumentPanel

        def build_documents(kind: str):
            return build_kind(ctx.workspace, ctx.partnership.slug, ctx.cycle, kind)

        self.documents_box.children = (DocumentPanel(self.documents, ctx.text, build_documents),)


class GuidanceOnlyPage(StepPage):
    """A step whose workshop form is not built yet: its guidance, and a note saying so."""

    def __init__(self, context: StepContext, step_number: int):
        self.step_number = step_number
        super().__init__(context)

    def build_body(self) -> list[w.Widget]:
        return [w.HTML(f"<p class='tpi-note'>{esc(self.context.text('step.not_yet'))}</p>")]
