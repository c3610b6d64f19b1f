"""Who is filling in: a participant names themselves once per browser session.

The browser keeps an opaque token in a session cookie (static/browser_session.js); the store
keeps the name, institution and role behind it. Every value saved from the page carries the
participant's id, and so who and when.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Callable

import anywidget
import ipywidgets as w
import traitlets

from tpi_widgets.content.limits import TextLimits
from tpi_widgets.ui.kit.length_limit import limit_length
from tpi_widgets.ui.kit.look import SharedLook
from tpi_widgets.ui.live import Key, LiveSync
from tpi_widgets.store import Entry, Participant, Partnership, Store
from tpi_widgets.core.access import passcode_makes_facilitators
from tpi_widgets.core.html import attr, esc, isolate
from tpi_widgets.core.records import imported_from

STATIC = Path(__file__).parent / "static"


class BrowserSession(anywidget.AnyWidget):
    """Invisible: reads and writes the participant token cookie in the browser."""

    _esm = STATIC / "browser_session.js"
    token = traitlets.Unicode("").tag(sync=True)
    language = traitlets.Unicode("").tag(sync=True)  # the language the participant chose ("" none yet)
    ready = traitlets.Bool(False).tag(sync=True)  # True once the browser has reported its cookies


class ParticipantGate(w.VBox):
    """Asks for the language, name, institution and role until the participant is known, then
    calls `on_sign_in`. Its widgets share the layouts and styles of `look` (the step page's; its
    own without one).

    The language: `languages` ({code: its own name}) are offered, `language` (the page's) chosen.
    The browser keeps the participant's choice in a cookie; a page built in another language (a
    warm kernel builds it before anyone asks) calls `on_language(code)` when the browser reports
    it, and the owner builds the page again in it. Choosing another language in the form keeps
    it in the cookie and loads the page again: its header and banner, made by the server, too."""

    def __init__(self, store: Store, partnership: Partnership, text: Callable[..., str],
                 on_sign_in: Callable[[Participant], None], limits: TextLimits, look: SharedLook | None = None,
                 languages: dict[str, str] | None = None, language: str = "",
                 on_language: Callable[[str], None] | None = None):
        self.look = look = look or SharedLook()
        plain, html = look.plain, {"style": look.html, "layout": look.plain}
        button = {"style": look.button_style, "layout": plain}
        super().__init__(layout=plain)
        self.add_class("tpi-participant")
        self.store, self.text, self.on_sign_in, self.limits = store, text, on_sign_in, limits
        self.languages, self.page_language, self.on_language = languages or {}, language, on_language
        self.institutions = [i["name"] for i in partnership.institutions]
        self.participant: Participant | None = None
        self.hub_user: Participant | None = None  # the participant a JupyterHub user is (server/hub_auth.py)
        self.browser = BrowserSession(layout=plain)
        self.browser.observe(self._browser_ready, names="ready")

        self.language = None  # offered when the pack has more than one
        if len(self.languages) > 1:
            self.language = w.Dropdown(description=text("participant.language"), style=look.choice_label,
                                       layout=plain, options=[(name, code) for code, name in self.languages.items()],
                                       value=language if language in self.languages else None)
            self.language.observe(self._language_chosen, names="value")
        self.name = w.Text(description=text("participant.name"), style=look.text_label, layout=plain)
        self.institution = w.Dropdown(description=text("participant.institution"), options=self.institutions,
                                      value=None, style=look.choice_label, layout=plain)
        self.role = w.Text(description=text("participant.role"), placeholder=text("participant.role_placeholder"),
                           style=look.text_label, layout=plain)
        self.name.add_class("tpi-name")
        self.role.add_class("tpi-role")
        self.browser.on_msg(self._typed)
        self.message = w.HTML(**html)
        self.message.add_class("tpi-field-error")
        for box, limit in ((self.name, limits.name), (self.role, limits.line)):
            limit_length(box, limit, self._cut)
        self.start = w.Button(description=text("participant.start"), button_style="primary", **button)
        self.start.on_click(lambda _: self.submit())
        self.form = w.VBox([w.HTML(f"<h3>{esc(text('participant.heading'))}</h3><p>{esc(text('participant.intro'))}</p>",
                                   **html)] + ([self.language] if self.language else [])
                          + [self.name, self.institution, self.role, self.message, self.start],
                           layout=plain)
        self.form.add_class("tpi-participant-form")
        self.badge = w.HTML(**html)
        self.change = w.Button(description=text("participant.change"), **button)
        self.change.on_click(lambda _: self._show_form())
        self.signed_in = w.HBox([self.badge, self.change], layout=plain)
        self.signed_in.add_class("tpi-signed-in")
        self.loading = w.HTML("…", **html)
        # "Facilitator? Sign in": the passcode form is built only when asked for, so a
        # participant's page holds none of it
        self.facilitator_entry = w.Button(description=text("facilitator.entry"), icon="key", **button)
        self.facilitator_entry.add_class("tpi-facilitator-entry")
        self.facilitator_entry.on_click(lambda _: self.show_facilitator_sign_in())
        self.facilitator_box = w.VBox(layout=plain)
        self.children = [self.browser, self.loading]

    def _browser_ready(self, change):
        if not change["new"] or self.participant is not None:
            return
        chosen = self.browser.language
        if chosen in self.languages and chosen != self.page_language and self.on_language is not None:
            self.on_language(chosen)  # the owner builds the page again, in the participant's language
            return
        known = self.store.participant_by_token(self.browser.token)
        # a facilitator belongs to no partnership: signed in on every partnership's pages
        if known is not None and (known.institution in self.institutions or self.store.is_facilitator(known.id)):
            self._signed_in(known)
        else:
            if known is not None:  # same person, another partnership: keep what they typed before
                self.name.value, self.role.value = known.name, known.role
                self.hub_user = known if known.account else None
            self._show_form()

    def _typed(self, _widget, content, _buffers):
        """What the form showed when "Start" was pressed (sent just before the click): a box whose
        last keys had not reached the kernel yet takes them now."""
        typed = content.get("typed") if isinstance(content, dict) else None
        if not isinstance(typed, dict) or self.participant is not None:
            return
        for box, key in ((self.name, "name"), (self.role, "role")):
            if isinstance(typed.get(key), str):
                box.value = typed[key]  # the box's length limit cuts it as it arrives

    def submit(self) -> Participant | None:
        """Validate the form inline; on success register the participant and sign in."""
        name, role = self.name.value.strip(), self.role.value.strip()
        if not name:
            self.message.value = esc(self.text("participant.missing_name"))
            return None
        if self.institution.value is None:
            self.message.value = esc(self.text("participant.missing_institution"))
            return None
        for typed, limit in ((name, self.limits.name), (role, self.limits.line)):
            if len(typed) > limit:  # not typed in the box (the box cuts it): refused
                self.message.value = esc(self.text("limits.too_long", limit=limit))
                return None
        self.message.value = ""
        if self.hub_user is not None:  # named by the hub: they choose the institution, once
            participant = self.store.set_institution(self.hub_user.id, self.institution.value, role or "-")
        else:
            participant = self.store.add_participant(name, self.institution.value, role or "-")
            self.browser.token = participant.token
        self._signed_in(participant)
        return participant

    def _language_chosen(self, change):
        if change["new"] and change["new"] != change["old"]:
            self.browser.language = change["new"]  # the browser keeps it (cookie), then loads the page again
            self.browser.send({"reload": True})

    def _cut(self, limit: int | None):
        self.message.value = esc(self.text("limits.cut", limit=limit)) if limit else ""

    def _show_form(self):
        if self.hub_user is not None:
            self.name.value, self.name.disabled = self.hub_user.name, True
        self.facilitator_box.children = (self.facilitator_entry,) if self.passcode_sign_in else ()
        self.children = [self.browser, self.form, self.facilitator_box]

    @cached_property
    def passcode_sign_in(self) -> bool:
        return passcode_makes_facilitators(self.store)

    def _signed_in(self, participant: Participant):
        self.participant = participant
        self.badge.value = esc(self.text("participant.signed_in", name=isolate(participant.name),
                                         institution=isolate(participant.institution),
                                         role=isolate(participant.role)))
        self.hub_user = participant if participant.account else None  # "Change" keeps the hub's name
        facilitator = self.store.is_facilitator(participant.id)
        self.facilitator_box.children = () if facilitator or not self.passcode_sign_in else (self.facilitator_entry,)
        self.children = [self.browser, self.signed_in, self.facilitator_box]
        self.on_sign_in(participant)

    # the facilitator passcode ----------------------------------------------------------------------
    def show_facilitator_sign_in(self):
        from tpi_widgets.ui.kit.facilitator_sign_in import FacilitatorSignIn
        self.facilitator_form = FacilitatorSignIn(self.store, self.text, lambda: self.browser.token,
                                                  self._remember, self._became_facilitator, self.limits)
        self.facilitator_box.children = (self.facilitator_form,)

    def _remember(self, token: str):
        self.browser.token = token

    def _became_facilitator(self, participant: Participant):
        """Not signed in yet: sign in now, as a facilitator (the page builds its facilitator
        controls). Already signed in as a participant: the page was built without them, so it
        reloads (the cookie keeps who they are) rather than being rebuilt in place."""
        if self.participant is None:
            self._signed_in(participant)
            return
        self.facilitator_box.children = (w.HTML(esc(self.text("facilitator.reloading")), style=self.look.html,
                                                layout=self.look.plain),)
        self.browser.send({"reload": True})


def sign_in_preview(text: Callable[..., str], institutions: list[str], limits: TextLimits) -> str:
    """The sign-in form as plain HTML, part of the page Voila sends: usable before the widgets
    arrive (on a phone, seconds before). templates/voila/tpi/static/tpi-signin.js hands what is
    typed there (and a "Start" pressed early) to the widget form once it appears, then removes
    this one; `data-label` names the widget field each value goes to."""
    def field(key: str, label: str, control: str, attributes: str, inner: str = "") -> str:
        return (f'<div class="tpi-preview-field"><label for="tpi-early-{key}">{esc(label)}</label> '
                f'<{control} id="tpi-early-{key}" data-label="{attr(label)}" {attributes}>{inner}'
                + (f"</{control}>" if control == "select" else "") + "</div>")

    options = '<option value="" selected></option>' + "".join(
        f'<option value="{attr(name)}">{attr(isolate(name))}</option>' for name in institutions)
    return (f'<form class="tpi-signin-preview" data-start="{attr(text("participant.start"))}">'
            f'<h3>{esc(text("participant.heading"))}</h3><p>{esc(text("participant.intro"))}</p>'
            + field("name", text("participant.name"), "input",
                    f'type="text" dir="auto" maxlength="{limits.name}" autocomplete="name"')
            + field("institution", text("participant.institution"), "select", "", options)
            + field("role", text("participant.role"), "input",
                    f'type="text" dir="auto" maxlength="{limits.line}" '
                    f'placeholder="{attr(text("participant.role_placeholder"))}"')
            + f'<button type="submit">{esc(text("participant.start"))}</button></form>')


class ParticipantNames:
    """Names for the "saved by" lines of a page: read once for the values already shown, then
    learned as other participants' saves arrive, or when a line asks for one not known yet (a
    save's status line may be drawn before the page hears of it). Call it with a participant id;
    None is the content pack (`pack_author`: its seeded starting points). A participant made by a
    sheet's import reads as `imported(name, file)` ("Ana (imported from baseline.xlsx)")."""

    def __init__(self, store: Store, sync: LiveSync, pack_author: str = "?",
                 imported: Callable[[str, str], str] = lambda name, file: name):
        self.store, self.imported = store, imported
        self._names = self._read(e.participant_id for e in sync.entries.values())
        self._names[None] = pack_author
        self.learned = False  # a new name arrived since the page last redrew its status lines
        sync.on_change(self._learn)

    def add(self, participant: Participant):
        self._names[participant.id] = participant.name

    def __call__(self, participant_id: int | None) -> str:
        """The name, isolated for direction (core/html.isolate): a right-to-left name, or one with
        a direction control, cannot reorder the "at 14:02" after it in a status line."""
        self._look_up(participant_id)
        return isolate(self._names[participant_id])

    def _learn(self, key: Key, entry: Entry):
        if self._look_up(entry.participant_id):
            self.learned = True

    def _look_up(self, participant_id: int | None) -> bool:
        """Read the name from the store once (an unknown id is remembered as "?"); True if it was new."""
        if participant_id in self._names:
            return False
        self._names[participant_id] = self._read([participant_id]).get(participant_id, "?")
        return True

    def _read(self, ids) -> dict[int | None, str]:
        ids = set(ids)
        names, roles = self.store.participant_names(ids), self.store.participant_roles(ids)
        files = {pid: imported_from(role) for pid, role in roles.items()}
        return {pid: name if files.get(pid) is None else self.imported(isolate(name), isolate(files[pid]))
                for pid, name in names.items()}
