"""The frame every step page shares: the participant gate, the lock, an earlier cycle's notice, the body."""

from __future__ import annotations

from typing import Callable, ClassVar

import ipywidgets as w

from tpi_widgets.core.steps import STEPS
from tpi_widgets.core.access import LOCKED, WriteGuard, lock_record, step_locked
from tpi_widgets.core.cycles import REOPEN_KEY, is_reopened, latest_cycle
from tpi_widgets.core.records import CYCLES, LOCKS
from tpi_widgets.ui.kit.page_kit import PageKit, SharedLook
from tpi_widgets.ui.live import Key, LiveSync, Rerun, failure_reason
from tpi_widgets.ui.session import ParticipantGate, ParticipantNames
from tpi_widgets.store import Change, Entry, Participant
from tpi_widgets.ui.kit.roles import DeleteAccess
from tpi_widgets.core.html import attr, esc, tag
from tpi_widgets.ui.kit.read_only import ReadOnly
from tpi_widgets.errors import TPIError
from tpi_widgets.context import StepContext


class StepPage:
    """The subclass declares, the base works. A subclass gives `step_number` (its documents and
    collections are the step registry's), `reads` (other steps' collections it shows) and, if
    its cards share another look, `look_class`; it builds its widgets in `build_body`, rearranges
    them in `arrange` (run after every settled change, never two at once) and reacts in `start`. The
    base builds the live sync and the kit every card takes (`self.kit`: the sync, the strings, the
    participants' names, the shared look, the delete access), the participant gate, the role
    decision, the write guard, locks, an earlier cycle's read-only view and the document panel."""

    step_number: ClassVar[int]
    reads: ClassVar[tuple[str, ...]] = ()  # collections of other steps the page shows (core/records.py)
    look_class: ClassVar[type] = SharedLook

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "step_number" in cls.__dict__:
            STEPS.get(cls.step_number)  # a page for a step the registry does not know fails at import

    def __init__(self, context: StepContext, gate: ParticipantGate | None = None,
                 on_language: Callable[[str], None] | None = None):
        """`gate`: the sign-in of a page that holds several steps (ui/workbook.py), which signs this
        page in through `sign_in`; without one the page asks who is filling in itself, and calls
        `on_language(code)` when the participant's language is not the page's (ui/steps StepView)."""
        self.context = context
        self.signed_in_as: Participant | None = None
        self.facilitator = False  # whether the signed-in participant is a facilitator
        self.sync = LiveSync(context.store, context.partnership.id, context.cycle, list(self.collections),
                             context.pack.limits, context.text)
        # what every card takes; its delete buttons are built once a facilitator signs in (kit/roles.py)
        names = ParticipantNames(context.store, self.sync, context.text("app.pack_author"),
                                 lambda name, file: context.text("app.imported_author", name=name, file=file))
        self.kit = PageKit(self.sync, context.text, names, self.look_class(),
                           DeleteAccess())
        # the sync thread and button clicks both rearrange the page: never two runs at once
        self.rerun = Rerun(self.arrange)
        own_gate = gate is None
        look = self.kit.look
        self.gate = gate or ParticipantGate(context.store, context.partnership, context.text, self.sign_in,
                                            context.pack.limits, look=look, languages=context.language_choices,
                                            language=context.language, on_language=on_language)
        self.documents_box = w.VBox(layout=look.plain)  # filled for a facilitator once signed in
        self.lock_box = w.VBox(layout=look.plain)  # the facilitator's lock toggle, built once a facilitator signs in
        self.lock_message = self.reopen_message = None  # under a facilitator's toggles (_toggle)
        # the facilitator's switch to the projector view (ui/projector.py), built once a facilitator signs in
        self.projector_box = w.VBox(layout=look.plain)
        self.projector = None  # the projector view, built on the facilitator's first click
        self.editing_view: tuple[w.Widget, ...] = ()  # the page's parts while the projector view is shown
        # empty while the step is open (nothing shown): no layout of its own to hide it
        self.lock_banner = self.kit.html()
        self.lock_banner.add_class("tpi-lock-banner")
        # on a page of an earlier cycle: the notice with its link to the current cycle, and the
        # facilitator's toggle reopening it (built once a facilitator signs in)
        self.cycle_notice = self.kit.html()
        self.cycle_notice.add_class("tpi-cycle-notice")
        self.reopen_box = w.VBox(layout=look.plain)
        self.reopen_button: w.Button | None = None
        self.body = w.VBox(self.build_body() + [self.documents_box])
        # held read-only while the cycle is closed; documents of it can still be built
        self.read_only = ReadOnly(lambda: [self.lock_box, *(c for c in self.body.children
                                                            if c is not self.documents_box)])
        # every change, local or remote, rearranges the page once it settles
        self.sync.on_settled(self.rerun)
        self.rerun()
        self.body.add_class("tpi-step-body")
        self.body.layout.display = "none"  # shown once the participant is known
        # the step's guidance is plain HTML before the page (show_step, the workbook). Every part
        # stays in the view, shown or not: the workbook closes what its view no longer reaches
        self.view = w.VBox([self.cycle_notice, self.reopen_box] + ([self.gate] if own_gate else [])
                           + [self.lock_banner, self.projector_box, self.lock_box, self.body], layout=look.plain)
        self.view.add_class("tpi-step")
        self.view.add_class(f"tpi-step-{self.step_number}")
        self.locked = False
        # the lock follows the facilitator live: every change of the partnership arrives here
        self.sync.on_change(self._lock_changed)
        self._show_lock(step_locked(context.store, context.partnership.id, context.cycle, self.step_number))
        self.reopened = False
        self.sync.on_change(self._reopen_changed)  # a facilitator's reopening follows live too
        self.sync.on_other_cycle(self._later_cycle_started)  # and so does a later cycle's start
        self.refresh_cycle()

    @property
    def collections(self) -> tuple[str, ...]:
        """What the page's live sync reads: its step's collections and those it `reads`."""
        return STEPS.get(self.step_number).collections + tuple(self.reads)

    def build_body(self) -> list[w.Widget]:
        return []

    def arrange(self):
        """Rearrange the page after a change (through `self.rerun`)."""

    def start(self, participant: Participant):
        """Called once the participant has signed in, before the live sync starts."""

    def save_actions(self, writes: list[tuple[Key, object]], message: w.HTML) -> bool:
        """Save a button's writes in one transaction (all or none), then rearrange the page once;
        a refusal is shown in `message` as one line, not raised."""
        try:
            with self.rerun.batch():
                self.sync.save_many(writes)
        except TPIError as exc:  # refused, or the store is busy or gone: say so in one line
            message.value = esc(self.context.text("app.save_failed", reason=failure_reason(exc)))
            return False
        message.value = ""
        return True

    def sign_in(self, participant: Participant):
        """The participant is known (from this page's gate or the workbook's): build their page."""
        self.signed_in_as = participant
        self.facilitator = self.context.is_facilitator(participant)
        self.kit.names.add(participant)
        self.sync.participant_id = participant.id
        self._guard_writes()
        self.kit.access.allow(self.facilitator)
        self.start(participant)
        self._offer_documents()
        self._offer_lock()
        self._offer_projector()
        self.refresh_cycle()
        self.body.layout.display = None
        self.sync.start()

    def close(self):
        """The page is left inside its kernel (the workbook moved to another step): what was typed
        is saved now and the sync thread ends; the workbook closes the widgets."""
        self.sync.close()

    # locking the step ----------------------------------------------------------------------------
    @property
    def lock_key(self) -> Key:
        return (LOCKS, lock_record(self.step_number), LOCKED)

    def _offer_lock(self):
        """The facilitator's "Lock this step" toggle, built for a facilitator only; the lock state
        is read again (it may have changed since the page was built, before it polled)."""
        ctx = self.context
        locked = step_locked(ctx.store, ctx.partnership.id, ctx.cycle, self.step_number)
        if not self.facilitator:
            self.lock_box.children = ()
            self.lock_button = None
            self._show_lock(locked)
            return
        self.lock_button, self.lock_message = self._toggle("lock", "tpi-lock-toggle",
                                                           lambda: self.set_locked(not self.locked))
        self.lock_box.children = (self.lock_button, self.lock_message)
        self._show_lock(locked)

    def set_locked(self, locked: bool) -> bool:
        """The facilitator locks or unlocks this step for the partnership and cycle."""
        return self._save_as_facilitator(self.lock_key, locked, self.lock_message)

    def _toggle(self, icon: str, css: str, flip: Callable[[], object]) -> tuple[w.Button, w.HTML]:
        """A facilitator's toggle button, and the line under it saying why a change was not saved."""
        button = self.kit.button("", icon=icon, css=css)
        button.on_click(lambda _: flip())
        message = self.kit.html()
        message.add_class("tpi-field-error")
        return button, message

    def _save_as_facilitator(self, key: Key, value: bool, message: w.HTML | None) -> bool:
        """Save a facilitator's toggle; a refusal is said in `message`, in one line."""
        if not self.context.is_facilitator(self.signed_in_as):  # checked here too, not only by the button
            return False
        try:
            self.sync.save(key, bool(value))
        except TPIError as exc:  # refused, or the store is busy or gone
            message.value = esc(self.context.text("app.save_failed", reason=failure_reason(exc)))
            return False
        message.value = ""
        return True

    def _lock_changed(self, key: Key, entry: Entry):
        if key == self.lock_key:
            self._show_lock(entry.value is True)

    def _show_lock(self, locked: bool):
        """The banner on every page; a participant's body looks read-only (the guard refuses
        their writes anyway); a facilitator's stays editable."""
        self.locked = locked
        text = self.context.text
        banner = "roles.locked_facilitator" if self.facilitator else "roles.locked"
        self.lock_banner.value = tag("p", text(banner)) if locked else ""
        if locked and not self.facilitator:
            self.body.add_class("tpi-step-locked")
        else:
            self.body.remove_class("tpi-step-locked")
        button = getattr(self, "lock_button", None)
        if button is not None:
            button.description = text("roles.unlock" if locked else "roles.lock")
            button.icon = "unlock" if locked else "lock"

    # the projector view -------------------------------------------------------------------------
    def _offer_projector(self):
        """The facilitator's "Projector view" button, built for a facilitator only, as the lock is."""
        if not self.facilitator:
            self.projector_box.children = ()
            return
        button = self.kit.button(self.context.text("projector.show"), css="tpi-projector-show")
        button.on_click(lambda _: self.show_projector(True))
        self.projector_box.children = (button,)

    def show_projector(self, shown: bool):
        """Show the step's result for the projector in place of the page (ui/projector.py), or the
        editing page again. The projector's code, the report builders and matplotlib are imported
        only now, on a facilitator's click."""
        if not self.context.is_facilitator(self.signed_in_as):  # checked here too, not only by the button
            return
        if self.projector is None:
            from tpi_widgets.ui.projector import ProjectorView
            self.projector = ProjectorView(self.context, self.step_number, self.sync,
                                           lambda: self.show_projector(False))
        if shown and not self.editing_view:
            self.editing_view, self.view.children = self.view.children, (self.projector,)
            self.projector.show()
        elif not shown and self.editing_view:
            self.projector.hide()
            self.view.children, self.editing_view = self.editing_view, ()

    # an earlier cycle ---------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """A later cycle exists and no facilitator reopened this one: nothing on the page changes."""
        return self.context.cycle < self.current_cycle and not self.reopened

    def refresh_cycle(self):
        """Read again which cycle is the latest and whether this one is reopened (at sign-in, or
        when this page started the next cycle), and show it: the notice, the facilitator's
        toggle, the page held read-only or not. The write guard checks the store itself."""
        ctx = self.context
        self.current_cycle = latest_cycle(ctx.store, ctx.partnership.id)
        self._offer_reopen()
        self._show_cycle(is_reopened(ctx.store, ctx.partnership.id, ctx.cycle))

    def _offer_reopen(self):
        """The facilitator's "Reopen cycle N" toggle, on an earlier cycle's page, built for a
        facilitator only: a participant's kernel has no button to send a click to."""
        if not self.facilitator or self.context.cycle >= self.current_cycle:
            self.reopen_box.children, self.reopen_button = (), None
            return
        if self.reopen_button is not None:
            return
        self.reopen_button, self.reopen_message = self._toggle("unlock", "tpi-cycle-reopen",
                                                               lambda: self.set_reopened(not self.reopened))
        self.reopen_box.children = (self.reopen_button, self.reopen_message)

    def set_reopened(self, reopened: bool) -> bool:
        """The facilitator reopens this earlier cycle for changes, or closes it again."""
        return self._save_as_facilitator(REOPEN_KEY, reopened, self.reopen_message)

    def _later_cycle_started(self, change: Change):
        if change.collection == CYCLES and change.cycle > self.current_cycle:
            self.refresh_cycle()

    def _reopen_changed(self, key: Key, entry: Entry):
        if key == REOPEN_KEY:
            self._show_cycle(entry.value is True)

    def _show_cycle(self, reopened: bool):
        """On an earlier cycle's page: the notice saying a newer cycle exists, linking to this step
        in it, and the page held read-only unless a facilitator reopened the cycle."""
        self.reopened = reopened
        ctx, text = self.context, self.context.text
        if ctx.cycle >= self.current_cycle:
            self.cycle_notice.value = ""
            self.read_only.release()
            return
        values = {"cycle": ctx.cycle, "current": self.current_cycle}
        href = ctx.workspace.step_href(ctx.partnership.slug, self.current_cycle, self.step_number, ctx.cycle)
        link = (f"<a href='{attr(href)}' target='_self'>"
                f"{esc(text('roles.cycle_link', step=self.step_number, **values))}</a>")
        notice = text("roles.cycle_reopened" if reopened else "roles.cycle_closed", **values)
        self.cycle_notice.value = tag("p", notice) + f"<p class='tpi-cycle-link'>{link}</p>"
        if self.reopen_button is not None:
            self.reopen_button.description = text("roles.cycle_close" if reopened else "roles.cycle_reopen",
                                                  cycle=ctx.cycle)
            self.reopen_button.icon = "lock" if reopened else "unlock"
        if self.closed:
            self.read_only.hold()
        else:
            self.read_only.release()

    def _guard_writes(self):
        """Every write of this page passes the guard (access.py): in the kernel, where a
        participant cannot reach it."""
        ctx = self.context
        self.sync.guard = WriteGuard(ctx.store, ctx.partnership.id, ctx.cycle, self.step_number, self.facilitator,
                                     ctx.text)

    @property
    def documents(self) -> tuple[str, ...]:
        """The document kinds a facilitator builds on this page (the step registry's)."""
        return STEPS.get(self.step_number).documents

    def _offer_documents(self):
        ctx = self.context
        if not self.documents or not self.facilitator:
            self.documents_box.children = ()
            return
        from tpi_widgets.reports.writer import build_kind
        from tpi_widgets.exchange import SHEETS_KIND
        from tpi_widgets.reports.pack import PACK_KIND, build_pack
        from tpi_widgets.ui.kit.document_downloads import DocumentPanel

        def build_documents(kind: str, today: str, language: str):
            if kind == SHEETS_KIND:  # pandas and openpyxl are imported only now, on a facilitator's click
                from tpi_widgets.exchange.sheets import build_partnership_workbook
                return build_partnership_workbook(ctx.workspace, ctx.partnership.slug, language)
            if kind == PACK_KIND:
                return build_pack(ctx.workspace, ctx.partnership.slug, ctx.cycle, today, language)
            return build_kind(ctx.workspace, ctx.partnership.slug, ctx.cycle, kind, today, language)

        # the documents in the partnership's language unless the facilitator picks another
        languages = [(name, code) for code, name in ctx.language_choices.items()]
        self.documents_box.children = (DocumentPanel(self.documents, ctx.text, build_documents, languages,
                                                     ctx.partnership.language),)
