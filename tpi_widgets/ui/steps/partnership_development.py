"""Step 1, partnership development: the partnership profile (institutions, focal points, team,
endorsement), the agreement (goals, working principles, communication plan) and each side's
partnership-strength self-rating, compared in a table and a chart."""

from __future__ import annotations

import ipywidgets as w

from tpi_widgets.core.partnership_profile import AGREEMENT_RECORD, FIELD_CHECKS, PARTNERSHIP_RECORD, PRINCIPLE_PREFIX, SIDES, focal_record, institution_names, institution_record, is_principle, meeting_before_start, missing_seeds, profile_problems, profile_value, registered_defaults, side_of, strength_comparison, visible_records
from tpi_widgets.core.records import AGREEMENT, PROFILE, STRENGTH, TEAM
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.field_set import Field, FieldSet
from tpi_widgets.ui.kit.partnership_lists import PrincipleRow, TeamRow
from tpi_widgets.ui.kit.record_list import RecordList
from tpi_widgets.ui.kit.profile_forms import RecordCard
from tpi_widgets.core.charts import grouped_bars_png
from tpi_widgets.ui.kit.strength import StrengthRatings, strength_table_html
from tpi_widgets.ui.kit.sections import LazySections
from tpi_widgets.core.html import esc, isolate, tag
from tpi_widgets.ui.page import StepPage


def profile_field(name: str, label: str, **declared) -> Field:
    """A profile field, with the checks the profile's rules give its name (FIELD_CHECKS)."""
    return Field(name, label, checks=FIELD_CHECKS.get(name, ()), **declared)


SECTIONS = ("profile", "team", "agreement", "strength")  # UI strings profile.section_<name>


class PartnershipDevelopmentApp(StepPage):
    step_number = 1

    _seeded = False  # the pack's principles are seeded at the first sign-in of the page
    def build_body(self) -> list[w.Widget]:
        ctx, look = self.context, self.kit.look
        self.content = ctx.pack.section("partnership")
        self.registered = {side: inst["name"] for side, inst in zip(SIDES, ctx.partnership.institutions)}
        # each section is built when first chosen, not with the page (kit/sections.py)
        self.sections = LazySections(look, SECTIONS, [ctx.text(f"profile.section_{name}") for name in SECTIONS],
                                     self._build_section, self.rerun.lock, self._section_built)
        self.section_picker, self.open_section = self.sections.picker, self.sections.open
        return [self.section_picker, self.sections.view]

    @property
    def opened(self) -> set[str]:
        return self.sections.opened

    def _build_section(self, name: str) -> list[w.Widget]:
        return {"profile": self._build_profile, "team": self._build_team, "agreement": self._build_agreement,
                "strength": self._build_strength}[name]()

    def _section_built(self, name: str):
        """A section opened once the page was built: what sign-in sets up in it, then arranged."""
        if name == "strength" and self.signed_in_as is not None:
            self._show_side()
        self.rerun()

    def start(self, participant: Participant):
        self.side = side_of(self.context.partnership.institutions, participant.institution)
        if "strength" in self.opened:
            self._show_side()
        if not self._seeded and not self.closed:  # a closed earlier cycle stays as it was
            self._seeded = True
            self._seed_principles()

    # the profile --------------------------------------------------------------------------------
    def _build_profile(self) -> list[w.Widget]:
        ctx, text, kit = self.context, self.context.text, self.kit
        defaults = registered_defaults(ctx.partnership.profile)
        levels = tuple((c.label, c.id) for c in self.content.levels_of_care)
        self.cards: dict[str, RecordCard] = {}
        columns = []
        for side in SIDES:
            record, focal = institution_record(side), focal_record(side)
            name = self.registered.get(side, "")
            institution = RecordCard(kit, PROFILE, record, text("profile.institution_heading", number=side,
                                                                 name=name), [
                profile_field("name", text("profile.institution_name", number=side),
                              default=defaults[(record, "name")]),
                profile_field("country", text("profile.institution_country", number=side),
                              default=defaults[(record, "country")]),
                profile_field("level", text("profile.institution_level", number=side), kind="choice", options=levels,
                              unset=text("profile.level_unset")),
                profile_field("address", text("profile.institution_address", number=side), kind="long"),
            ])
            focal_card = RecordCard(kit, PROFILE, focal, text("profile.focal_heading", name=name), [
                profile_field("name", text("profile.focal_name", number=side)),
                profile_field("role", text("profile.focal_role", number=side)),
                profile_field("email", text("profile.focal_email", number=side), kind="email",
                              placeholder=text("profile.email_placeholder")),
                profile_field("phone", text("profile.focal_phone", number=side), kind="phone",
                              placeholder=text("profile.phone_placeholder")),
            ])
            self.cards[record], self.cards[focal] = institution, focal_card
            column = w.VBox([institution, focal_card], layout=kit.look.plain)
            column.add_class("tpi-side")
            columns.append(column)
        sides = w.HBox(columns, layout=kit.look.plain)
        sides.add_class("tpi-sides")
        self.cards[PARTNERSHIP_RECORD] = RecordCard(kit, PROFILE, PARTNERSHIP_RECORD,
                                                    text("profile.partnership_heading"), [
            profile_field("start", text("profile.start"), default=defaults[(PARTNERSHIP_RECORD, "start")],
                          placeholder=text("profile.date_placeholder")),
            profile_field("ministry", text("profile.ministry")),
            profile_field("district", text("profile.district")),
            profile_field("other_authorities", text("profile.other_authorities"),
                          placeholder=text("profile.other_authorities_placeholder")),
        ])
        self.problems = kit.html()
        self.problems.add_class("tpi-to-check")
        return [self.kit.html(tag("h3", text("profile.heading")) + tag("p", text("profile.intro"))), self.problems,
                sides, self.cards[PARTNERSHIP_RECORD]]

    def _build_team(self) -> list[w.Widget]:
        text, kit = self.context.text, self.kit
        team_options = lambda: [(name, institution_record(side)) for side, name in self._institutions().items()]  # noqa: E731
        self.team = RecordList(kit, TEAM, lambda record: TeamRow(kit, TEAM, record, team_options(),
                                                                 lambda: self.team.remove(record)),
                               self.sync.save_many, empty_text=text("team.empty"))
        self.add_member = kit.button(text("team.add"), icon="user-plus")
        self.add_member.on_click(lambda _: self._add_member())
        return [self.kit.html(tag("h3", text("team.heading")) + tag("p", text("team.intro"))), self.team,
                self.add_member]

    def _add_member(self):
        side = getattr(self, "side", None)
        self.team.add(**({"institution": institution_record(side)} if side else {}))

    # the agreement ------------------------------------------------------------------------------
    def _build_agreement(self) -> list[w.Widget]:
        text, content = self.context.text, self.content
        agreement = FieldSet(self.kit, AGREEMENT, AGREEMENT_RECORD, [
            Field("goals", text("agreement.goals"), "long", placeholder=text("agreement.goals_placeholder"), rows=4),
            Field("channels", text("agreement.channels"), "choices",
                  options=tuple((c.label, c.id) for c in content.channels)),
            Field("frequency", text("agreement.frequency"), "choice",
                  options=tuple((c.label, c.id) for c in content.frequencies), unset=text("agreement.frequency_unset")),
            Field("languages", text("agreement.languages"), placeholder=text("agreement.languages_placeholder")),
            Field("next_meeting", text("agreement.next_meeting"), checks=self._meeting_checks(),
                  placeholder=text("profile.date_placeholder"))])
        self.goals, self.channels, self.frequency, self.languages = (
            agreement.inputs[f] for f in ("goals", "channels", "frequency", "languages"))
        self.next_meeting, self.agreement_status = agreement.checked["next_meeting"], agreement.status
        self.principles = RecordList(
            self.kit, AGREEMENT, lambda record: PrincipleRow(self.kit, AGREEMENT, record,
                                                             lambda: self.principles.remove(record)),
            self.sync.save_many, empty_text=text("agreement.principles_empty"), prefix=PRINCIPLE_PREFIX,
            # seeds first, in the pack's order
            order=lambda records, created: visible_records(records, lambda r: created.get(r, 0), is_principle))
        self.add_principle = self.kit.button(text("agreement.add_principle"), icon="plus")
        self.add_principle.on_click(lambda _: self.principles.add(text=""))
        plan = w.VBox([self.kit.html(tag("h4", text("agreement.plan_heading"))), self.channels, self.frequency,
                       self.languages, self.next_meeting, self.agreement_status], layout=self.kit.look.plain)
        plan.add_class("tpi-card")
        return [self.kit.html(tag("h3", text("agreement.heading")) + tag("p", text("agreement.intro"))), self.goals,
                self.kit.html(tag("h4", text("agreement.principles_heading")) + tag("p", text("agreement.principles_intro"))),
                self.principles, self.add_principle, plan]

    def _meeting_checks(self) -> tuple:
        start = lambda: self._profile_value(PARTNERSHIP_RECORD, "start")  # noqa: E731
        return (*FIELD_CHECKS["next_meeting"], lambda typed: meeting_before_start(start(), typed))

    def _seed_principles(self):
        """The pack's principles, written once per partnership as seed-1..N (fixed ids: two
        pages seeding at once write the same records). Poll first to see seeds written since
        this page loaded, so a seed someone already reworded is not written over."""
        self.sync.poll()
        seeds = missing_seeds(self.sync.records(AGREEMENT), self.content.principles)
        self.sync.save_many([((AGREEMENT, record, "text"), principle) for record, principle in seeds.items()],
                            from_pack=True)

    # the strength self-rating -------------------------------------------------------------------
    def _show_side(self):
        self.strength.set_side(self.side)
        self.side_note.value = esc(self._side_text())

    def _build_strength(self) -> list[w.Widget]:
        text, content = self.context.text, self.content
        scale = ", ".join(f"{level.value} {level.label}" for level in content.scale)
        self.strength = StrengthRatings(self.kit, content, self.registered)
        self.side_note = self.kit.html()
        self.side_note.add_class("tpi-note")
        self.strength_table = self.kit.html()
        self.strength_table.add_class("tpi-strength-summary")
        self.chart = ChartPanel(self._strength_png, text("strength.chart_show"), text("strength.chart_hide"),
                                look=self.kit.look)
        return [self.kit.html(tag("h3", text("strength.heading")) + tag("p", text("strength.intro", scale=scale))),
                self.strength_table, self.chart, self.side_note, self.strength]

    def _strength_png(self) -> bytes:
        rows = strength_comparison(self.content.domains, self.sync.records(STRENGTH))
        return grouped_bars_png(rows, self._institutions(), [level.value for level in self.content.scale],
                                self.context.text("strength.chart_title"))

    def _side_text(self) -> str:
        if self.side is None:
            return self.context.text("strength.no_side")
        names = self._institutions()
        return self.context.text("strength.your_side", institution=isolate(names[self.side]),
                                 other=isolate(names[3 - self.side]))

    # live view ----------------------------------------------------------------------------------
    def arrange(self):
        """The lists, the comparison table, the chart (if open) and the list of entries to correct:
        of the sections built so far (a section not opened yet has nothing to show)."""
        opened = getattr(self, "opened", ())
        if "team" in opened:
            self.team.arrange()
        if "agreement" in opened:
            self.principles.arrange()
        text = self.context.text
        if "strength" in opened:
            rows = strength_comparison(self.content.domains, self.sync.records(STRENGTH))
            labels = {level.value: level.label for level in self.content.scale}
            self.strength_table.value = strength_table_html(rows, self._institutions(), labels, text)
            self.chart.refresh()
        if "profile" not in opened:
            return
        problems = profile_problems(self.sync.records(PROFILE), self.sync.records(AGREEMENT),
                                    self.context.partnership.profile)
        if problems:
            fields = ", ".join(self._label(p.collection, p.record, p.field) for p in problems)
            self.problems.value = esc(text("profile.to_check", count=len(problems), fields=fields))
            self.problems.add_class("tpi-field-error")
        else:
            self.problems.value = esc(text("profile.all_checked"))
            self.problems.remove_class("tpi-field-error")
        if "agreement" in opened:
            self.next_meeting.validate()  # its check depends on the start date

    def _label(self, collection: str, record: str, field: str) -> str:
        if collection == AGREEMENT:
            return self.context.text("agreement.next_meeting")  # its field's label
        return self.cards[record].inputs[field].description if field in self.cards[record].inputs else field

    def _institutions(self) -> dict[int, str]:
        """Each side's name as the profile now says (edited, else registered)."""
        return institution_names(self.sync.records(PROFILE), self.context.partnership.profile)

    def _profile_value(self, record: str, field: str):
        return profile_value(self.sync.records(PROFILE), self.context.partnership.profile, record, field)
