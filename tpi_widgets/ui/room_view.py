"""The facilitator's room view (core/room.py has the numbers): made to be projected.

Nothing of the workspace is built before the facilitator passcode: a browser that has not
signed in holds only the passcode form, so it cannot receive or ask for anything else. Once
signed in, one background thread polls the store's global change counter and redraws only the
partnerships that changed (HTML widgets; setting an unchanged value sends nothing).
"""

from __future__ import annotations

import base64
import threading
from typing import Callable

import ipywidgets as w

from tpi_widgets.core.completion import Snapshot
from tpi_widgets.core.page_titles import room_page_title
from tpi_widgets.core.action_records import Activity
from tpi_widgets.core.room import (GapVotes, ItemRatings, Measure, PartnershipStatus, Room, gap_votes,
                                   plan_activities, rating_distribution)
from tpi_widgets.core.steps import STEPS
from tpi_widgets.core.reconcile import shared_rating_note
from tpi_widgets.core.records import BASELINE, FOLLOWUP
from tpi_widgets.ui.live import failure_reason
from tpi_widgets.ui.kit.page_title import PageTitle
from tpi_widgets.ui.kit.polling import Polling
from tpi_widgets.ui.kit.workspace_view import show_workspace_view
from tpi_widgets.ui.session import BrowserSession
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.facilitator_sign_in import FacilitatorSignIn, facilitator_entry
from tpi_widgets.content.model import item_code
from tpi_widgets.core.html import attr, esc, isolate, tag
from tpi_widgets.reports.document import Heading, Paragraph, Table
from tpi_widgets.reports.html import render_blocks
from tpi_widgets.errors import Refused, TPIError


POLL_SECONDS = 0.5
from tpi_widgets.core.records import PARTICIPANT_URL  # store meta key, written by `tpi serve`
CURRENT = 0  # the step selector's "the step it is on"


def qr_data_uri(url: str) -> str:
    """The URL as a QR code, an SVG data URI (drawn here: no network, nothing to install in the browser)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def join_html(url: str | None, text: Callable[..., str]) -> str:
    if not url:
        return ""
    return (f'<div class="tpi-room-join"><img class="tpi-room-qr" src="{qr_data_uri(url)}" alt="{attr(text("room.qr_alt"))}">'
            f'<div><p>{esc(text("room.join"))}</p><p class="tpi-room-url">{esc(url)}</p></div></div>')


def measures_text(measures: tuple[Measure, ...], text: Callable[..., str]) -> str:
    return " · ".join(text(m.key, **m.values) for m in measures)


def status_html(status: PartnershipStatus, pack, text: Callable[..., str]) -> str:
    """One partnership: where it is, and each step's completion (the current step stands out)."""
    p = status.partnership
    where = text("room.on_step", number=status.current_step, title=pack.step(status.current_step).title) \
        if status.current_step else text("room.not_started")
    steps = []
    for number in STEPS.numbers:
        css = "tpi-room-step" + (" tpi-room-current" if number == status.current_step else "")
        lock = f' <span class="tpi-room-locked">{esc(text("room.locked"))}</span>' if number in status.locked else ""
        # data-* attributes: the step's first count, for tools that watch the page (benchmarks/bench_live.py)
        done = status.completion[number][0].done if status.completion[number] else 0
        steps.append(f'<li class="{css}" data-slug="{attr(p.slug)}" data-step="{number}" data-done="{done}">'
                     f'<span class="tpi-room-number">{number}</span> '
                     f'<span class="tpi-room-step-title">{esc(pack.step(number).title)}</span>{lock}'
                     f'<span class="tpi-room-measures">{esc(measures_text(status.completion[number], text))}</span></li>')
    return (f'<h2>{esc(p.name)}</h2><p class="tpi-room-where">{esc(text("landing.cycle", cycle=status.cycle))} · '
            f'{esc(where)}</p><ol class="tpi-room-steps">{"".join(steps)}</ol>')


def ratings_html(rows: list[ItemRatings], scale, text: Callable[..., str]) -> str:
    def label(value) -> str:
        try:
            return scale.label(value)
        except KeyError:
            return str(value)

    def shared(row: ItemRatings) -> str:
        """Agreed, or only the latest proposal with who made it: never "agreed" before the facilitator."""
        if row.rating is None and not row.agreed:
            return text("room.not_rated")
        shown = label(row.rating) if row.rating is not None else text("room.not_rated")
        key, values = shared_rating_note(shown, row.agreed, isolate(row.proposer) if row.proposer else None)
        return text(key, **values)

    body = []
    for row in rows:
        proposed = " · ".join(f"{label(v)} ×{n}" for v, n in sorted(row.proposed.items(), key=lambda vn: str(vn[0])))
        body.append((item_code(row.item.id), shared(row), proposed))
    return render_blocks([Heading(text("room.ratings_heading"), 3),
                          Table((text("room.item"), text("room.rating"), text("room.proposed")), tuple(body),
                                css="tpi-room-table", row_headers=True)])


def votes_html(rows: list[GapVotes], text: Callable[..., str]) -> str:
    heading = Heading(text("room.votes_heading"), 3)
    if not rows:
        return render_blocks([heading, Paragraph(text("room.no_gaps"))])
    body = tuple((item_code(g.item.id), g.item.text, str(g.votes), text("room.chosen") if g.chosen else "") for g in rows)
    return render_blocks([heading, Table((text("room.item"), "", text("room.votes"), ""), body, css="tpi-room-table",
                                         column_css=("", "", "tpi-room-count", ""), row_headers=True)])


def plan_html(activities: list[Activity], text: Callable[..., str]) -> str:
    """The plan's activities with the plan's own numbers ("2.1.3"), not their places in this list."""
    heading = tag("h3", text("room.plan_heading", count=len(activities)))
    if not activities:
        return heading + tag("p", text("room.no_plan"))
    return heading + "<ul class='tpi-room-plan'>" + "".join(
        f'<li><span class="tpi-room-number">{esc(a.number)}</span> {esc(a.text)}</li>' for a in activities) + "</ul>"


def contributors_html(people: list[tuple[str, int]], text: Callable[..., str]) -> str:
    heading = tag("h3", text("room.contributors_heading"))
    if not people:
        return heading + tag("p", text("room.nobody"))
    return heading + "<p class='tpi-room-people'>" + " · ".join(
        esc(text("room.contributions", name=isolate(name), count=count)) for name, count in people) + "</p>"


# What the room shows of a step beyond its completion, per step number: (snapshot, pack, text) -> HTML.
# Steps not named here (1 and 5) show their completion and contributors only.
STEP_AGGREGATES: dict[int, Callable[[Snapshot, object, Callable[..., str]], str]] = {
    2: lambda snap, pack, text: ratings_html(rating_distribution(snap, pack, BASELINE), pack.scale, text),
    3: lambda snap, pack, text: votes_html(gap_votes(snap, pack), text),
    4: lambda snap, pack, text: plan_html(plan_activities(snap, pack), text),
    6: lambda snap, pack, text: ratings_html(rating_distribution(snap, pack, FOLLOWUP), pack.scale, text),
}


def detail_html(room: Room, partnership_id: int, step: int, text: Callable[..., str]) -> str:
    """The live aggregates of one step of one partnership."""
    pack, status = room.pack, room.status[partnership_id]
    parts = [tag("h2", text("room.step_option", number=step, title=pack.step(step).title)),
             tag("p", measures_text(status.completion[step], text), "tpi-room-measures")]
    aggregates = STEP_AGGREGATES.get(step)
    if aggregates is not None:
        parts.append(aggregates(room.snapshot(partnership_id), pack, text))
    parts.append(contributors_html(room.contributors(partnership_id), text))
    return "".join(parts)


class PartnershipSection(w.VBox):
    """One partnership: its status and the lock button for the step it is on."""

    def __init__(self, text: Callable[..., str], on_lock: Callable[[int, int, bool], None]):
        super().__init__()
        self.add_class("tpi-room-partnership")
        self.text, self.on_lock = text, on_lock
        self.summary = w.HTML()
        self.lock = w.Button(icon="lock")
        self.lock.on_click(lambda _: self._toggle())
        self.message = w.HTML()
        self.message.add_class("tpi-field-error")
        self.status: PartnershipStatus | None = None
        self.children = [self.summary, w.HBox([self.lock, self.message])]

    def show(self, status: PartnershipStatus, pack):
        self.status = status
        self.summary.value = status_html(status, pack, self.text)
        step = status.current_step
        self.lock.layout.display = None if step else "none"
        if step:
            locked = step in status.locked
            self.lock.description = self.text("room.unlock" if locked else "room.lock", number=step)
            self.lock.icon = "unlock" if locked else "lock"

    def _toggle(self):
        status = self.status
        if status is None or not status.current_step:
            return
        step = status.current_step
        self.on_lock(status.partnership.id, step, step not in status.locked)


class RoomView(w.VBox):
    """The room page: the passcode form, then every partnership live."""

    def __init__(self, workspace, poll_seconds: float = POLL_SECONDS, start_thread: bool = True):
        super().__init__()
        self.add_class("tpi-room")
        self.workspace, self.store, self.pack = workspace, workspace.store, workspace.pack
        self.text = lambda key, **values: self.pack.text(key, **values)
        self.poll_seconds, self.start_thread = poll_seconds, start_thread
        self.facilitator: Participant | None = None
        self.room: Room | None = None
        self._lock = threading.RLock()
        self.polling = Polling(self.tick, poll_seconds, "tpi-room-view")
        self.browser = BrowserSession()
        self.browser.observe(self._browser_ready, names="ready")
        self.sign_in: FacilitatorSignIn | None = None  # built once the browser says its language
        self.language: str | None = None  # the browser's, when the pack has it (None: each partnership's)
        self.projecting = False  # the room's projector mode: selectors and buttons hidden, type larger
        self.heading = w.HTML(tag("h1", self.text("room.title")))
        self.page_title = PageTitle(title=room_page_title(self.pack, self.language, workspace.root.name))
        self.children = [self.browser, self.page_title, self.heading, w.HTML("…")]

    # signing in -------------------------------------------------------------------------------
    def _browser_ready(self, change):
        if not change["new"] or self.facilitator is not None:
            return
        self._use_language(self.browser.language)
        shown = facilitator_entry(self.store, self.browser, self.text, self.pack.limits, self._signed_in)
        if shown is not None:
            self.sign_in = shown if isinstance(shown, FacilitatorSignIn) else None
            self.children = [self.browser, self.page_title, self.heading, shown]

    def _use_language(self, language: str):
        """The room in the language this browser chose (ui/session.py), when the pack has it: its
        words and the pack's content (step titles, areas)."""
        if language not in self.pack.languages:
            return
        self.pack = self.workspace.pack_in(language)
        self.language = language
        self.text = lambda key, **values: self.pack.text(key, language, **values)
        self.heading.value = tag("h1", self.text("room.title"))
        self.page_title.title = room_page_title(self.pack, language, self.workspace.root.name)

    def _signed_in(self, participant: Participant):
        self.facilitator = participant
        self.room = Room(self.store, self.pack)
        self.badge = w.HTML(tag("p", self.text("room.signed_in", name=isolate(participant.name)), "tpi-room-badge"))
        self.join = w.HTML(join_html(self.store.get_meta(PARTICIPANT_URL), self.text))
        self.sections: dict[int, PartnershipSection] = {}
        self.sections_box = w.VBox()
        self.sections_box.add_class("tpi-room-partnerships")
        self.empty = w.HTML()
        # as wide as the longest name (not the widgets' fixed 300 px, which cuts names), within the page
        whole = dict(style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%"))
        self.show_partnership = w.Dropdown(description=self.text("room.show_partnership"), options=[], **whole)
        self.show_step = w.Dropdown(description=self.text("room.show_step"), **whole,
                                    options=[(self.text("room.current_step"), CURRENT)] +
                                    [(self.text("room.step_option", number=n, title=self.pack.step(n).title), n)
                                     for n in STEPS.numbers], value=CURRENT)
        self.detail = w.HTML()
        self.detail.add_class("tpi-room-detail")
        self.show_partnership.observe(lambda _: self.redraw_detail(), names="value")
        self.show_step.observe(lambda _: self.redraw_detail(), names="value")
        selectors = w.HBox([self.show_partnership, self.show_step])
        selectors.add_class("tpi-room-selectors")
        self.projector_toggle = w.Button(description=self.text("projector.room_show"))
        self.projector_toggle.add_class("tpi-room-projector-toggle")
        self.projector_toggle.on_click(lambda _: self.set_projecting(not self.projecting))
        top = w.HBox([self.heading, self.badge, self.projector_toggle])
        top.add_class("tpi-room-top")
        self.children = [self.browser, self.page_title, top, self.join, self.empty, self.sections_box, selectors,
                         self.detail]
        self.tick()
        if self.start_thread:
            self.polling.start()

    # refreshing -------------------------------------------------------------------------------
    def stop(self):
        self.polling.stop()

    def tick(self) -> set[int]:
        """Read what changed in the store and redraw only that; returns the partnerships redrawn."""
        with self._lock:
            room = self.room
            changed = room.refresh()
            if not changed:
                return changed
            ids = [p.id for p in room.partnerships]
            for pid in ids:
                if pid not in self.sections:
                    self.sections[pid] = PartnershipSection(self.text, self.set_locked)
                if pid in changed:
                    self.sections[pid].show(room.status[pid], self.pack)
            if list(self.sections_box.children) != [self.sections[pid] for pid in ids]:
                self.sections_box.children = [self.sections[pid] for pid in ids]
            self.empty.value = "" if ids else tag("p", self.text("room.empty"))
            options = [(p.name, p.id) for p in room.partnerships]
            if list(self.show_partnership.options) != options:
                selected = self.show_partnership.value
                self.show_partnership.options = options
                self.show_partnership.value = selected if selected in ids else (ids[0] if ids else None)
            if self.show_partnership.value in changed:
                self.redraw_detail()
            return changed

    def redraw_detail(self):
        with self._lock:
            pid = self.show_partnership.value
            if self.room is None or pid not in self.room.status:
                self.detail.value = ""
                return
            step = self.show_step.value or self.room.status[pid].current_step or 1
            html = detail_html(self.room, pid, step, self.text)
            if self.projecting:  # the step's result too, as a step page's projector view shows it
                # the report builders (and matplotlib) are imported only once the room is projected
                from tpi_widgets.context import StepContext
                from tpi_widgets.reports.projection import step_result
                from tpi_widgets.reports.source import ReportSource
                status = self.room.status[pid]
                context = StepContext(self.workspace, status.partnership, status.cycle).in_language(self.language)
                html += render_blocks(step_result(ReportSource(context), step))
            self.detail.value = html

    def set_projecting(self, projecting: bool):
        """The room's projector mode: its selectors and buttons hidden (CSS), type larger, the
        chosen step's result under its detail; the toggle itself stays, to leave it."""
        self.projecting = projecting
        (self.add_class if projecting else self.remove_class)("tpi-room-projector")
        self.projector_toggle.description = self.text("projector.room_back" if projecting else "projector.room_show")
        self.redraw_detail()

    # locking ----------------------------------------------------------------------------------
    def set_locked(self, partnership_id: int, step: int, locked: bool):
        section = self.sections.get(partnership_id)
        try:
            # checked here too: a participant's kernel never builds this view, but be sure
            self.room.set_locked(partnership_id, step, locked, self.facilitator.id)
        except TPIError as exc:  # refused, or the store is busy: say so in one line
            reason = self.text(exc.key) if isinstance(exc, Refused) else failure_reason(exc)
            if section is not None:
                section.message.value = esc(self.text("room.lock_failed", reason=reason))
            return
        if section is not None:
            section.message.value = ""
        self.tick()


# the room page ----------------------------------------------------------------------------------
def show_room(workspace: str = "."):
    """Display the room view for the workspace folder; a problem is shown as one readable line."""
    return show_workspace_view(RoomView, workspace)
