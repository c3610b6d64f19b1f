"""The workbook: one page for a participant and a partnership, whose six steps switch inside one
kernel. The participant signs in once; following a step link in the header (or the browser's back
button) builds that step's page in this kernel in place of the last, instead of loading a new page
and starting a new kernel for it. Each step notebook still runs on its own (ui/steps.show_step).

What stays between steps: the context (workspace, store, pack), the sign-in gate and the step
switch. What goes with a step: its page (StepPage), whose pending edits are saved and whose sync
thread ends when it is left, and every widget it made, closed so the kernel and the browser do not
keep them.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets
from ipywidgets.widgets.widget import _instances

from tpi_widgets.context import StepContext
from tpi_widgets.core.page_titles import step_page_title
from tpi_widgets.core.room import step_on
from tpi_widgets.core.steps import STEPS
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.guidance import guidance_html
from tpi_widgets.ui.kit.page_title import PageTitle
from tpi_widgets.ui.kit.widget_tree import close_unreached, reachable
from tpi_widgets.ui.page import StepPage
from tpi_widgets.ui.session import STATIC, ParticipantGate
from tpi_widgets.ui.steps import display_preview, step_page_class


class StepSwitch(anywidget.AnyWidget):
    """Invisible: the step the page shows, two-way with the address's "#step-N" and the header's
    links (static/step_switch.js); it also carries what the page shows around the step."""

    _esm = STATIC / "step_switch.js"
    step = traitlets.Int(STEPS.numbers[0]).tag(sync=True)
    shown = traitlets.Int(0).tag(sync=True)  # the step the kernel shows (`step` is what was asked)
    guidance = traitlets.Unicode("").tag(sync=True)  # its guidance (pack text, escaped)


class Workbook:
    def __init__(self, context: StepContext, step: int | None = None):
        self.context = context
        self.gate = self._new_gate()
        first = step if step in STEPS.numbers else step_on(context.store, context.partnership.id, context.cycle)
        self.switch = StepSwitch(step=first)
        self.title = PageTitle()
        self.frame = w.VBox()
        self.view = w.VBox([self.switch, self.title, self.gate, self.frame])
        self.view.add_class("tpi-workbook")
        self.page: StepPage | None = None
        self._made_before: set[str] = set()  # widget ids that existed before the current page was built
        self.show(first)
        self.switch.observe(self._asked, names="step")

    @property
    def step(self) -> int:
        return self.page.step_number

    def show(self, number: int):
        """Show step `number` in place of the current one, signed in if the participant is known."""
        left = self.page
        if left is not None:
            left.close()  # pending edits saved, its sync thread ended
        made_before = set(_instances)
        page = step_page_class(number)(self.context, gate=self.gate)
        if self.gate.participant is not None:
            page.sign_in(self.gate.participant)
        left_made_before, self.page, self._made_before = self._made_before, page, made_before
        ctx = self.context
        with self.switch.hold_sync():
            self.switch.step = self.switch.shown = number
            self.switch.guidance = guidance_html(ctx.pack, number, ctx.language)
        self.title.title = step_page_title(ctx.pack, ctx.language, number, ctx.partnership.name)
        self.frame.children = (page.view,)
        if left is not None:
            self._close_left_widgets(left_made_before, made_before)

    def _asked(self, change):
        """The browser asks for a step (a header link, the back button, a typed address)."""
        number = change["new"]
        if number not in STEPS.numbers:  # a hand-made "#step-99": stay where we are
            self.switch.step = self.step
        elif number != self.step:
            self.show(number)

    def _signed_in(self, participant: Participant):
        self.page.sign_in(participant)

    def _close_left_widgets(self, left_made_before: set[str], shown_made_before: set[str]):
        """Close every widget made while the left page was built and shown that the workbook no
        longer shows: its own, including those it built later (a form opened on a click). Never
        the new page's: some of them (a shared style its facilitator controls use once someone
        signs in) are not in its view yet."""
        close_unreached(shown_made_before - left_made_before, self.view)

    def _in_language(self, language: str):
        """Build the sign-in and the step again in the participant's language (ParticipantGate)."""
        shown = reachable(self.view)
        self.page.close()  # pending edits saved, its sync thread ended
        self.page = None
        self.context = self.context.in_language(language)
        self.gate = self._new_gate()
        self.view.children = (self.switch, self.title, self.gate, self.frame)
        self.show(self.switch.shown)
        close_unreached(shown, self.view)

    def _new_gate(self) -> ParticipantGate:
        ctx = self.context
        return ParticipantGate(ctx.store, ctx.partnership, ctx.text, self._signed_in, ctx.pack.limits,
                               languages=ctx.language_choices, language=ctx.language, on_language=self._in_language)


def show_workbook(workspace: str, partnership: str, cycle: int = 1, step: int | None = None):
    """Display the workbook of a partnership: the first step's guidance and the sign-in form as
    plain HTML (shown before the widgets arrive), then the page. `step`: where it opens (the
    address's "#step-N" wins in the browser); the step the partnership is on by default."""
    from IPython.display import HTML, display

    from tpi_widgets.core.html import esc
    from tpi_widgets.errors import TPIError
    from tpi_widgets.ui.lean_state import send_lean_widget_state

    send_lean_widget_state()
    try:
        workbook = Workbook(StepContext.open(workspace, partnership, cycle), step)
    except TPIError as exc:
        display(HTML(f"<p class='tpi-error'>{esc(exc)}</p>"))
        return None
    display_preview(workbook.context, workbook.step)
    display(workbook.view)
    return workbook
