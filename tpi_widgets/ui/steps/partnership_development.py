"""Step 1, partnership development: the partnership profile (institutions, focal points, team,
endorsement), the agreement (goals, working principles, communication plan) and each side's
partnership-strength self-rating, compared in a table and a chart."""

from __future__ import annotations

import ipywidgets as w

from tpi_widgets.core.partnership_profile import AGREEMENT, AGREEMENT_RECORD, FIELD_CHECKS, PARTNERSHIP_RECORD, PRINCIPLE_PREFIX, PROFILE, SIDES, STRENGTH, TEAM, focal_record, institution_names, institution_record, is_principle, meeting_before_start, missing_seeds, profile_problems, profile_value, registered_defaults, side_of, strength_comparison
from tpi_widgets.store import Participant
from tpi_widgets.ui.kit.charts import ChartPanel
from tpi_widgets.ui.kit.fields import ValidatedText, bind_choice, bind_text
from tpi_widgets.ui.kit.partnership_lists import PrincipleRow, RecordList, TeamRow
from tpi_widgets.ui.kit.profile_forms import UNSET, ChoiceSet, FieldSpec, RecordCard, bind_choice_set
from tpi_widgets.ui.kit.status import RecordStatus
from tpi_widgets.core.charts import grouped_bars_png
from tpi_widgets.ui.kit.strength import StrengthRatings, strength_table_html
from tpi_widgets.core.html import esc, tag
from tpi_widgets.context import StepContext
from tpi_widgets.ui.page import StepPage


class PartnershipDevelopmentApp(StepPage):
    step_number = 1

    def __init__(self, context: StepContext):
        self.participant: Participant | None = None
        super().__init__(context)

    def build_body(self) -> list[w.Widget]:
        ctx = self.context
        self.content = ctx.pack.section("partnership")
        self.registered = {side: inst["name"] for side, inst in zip(SIDES, ctx.partnership.institutions)}
        profile = self._build_profile()
        agreement = self._build_agreement()
        strength = self._build_strength()
        self.sync.on_settled(self.refresh_summary)
        self.refresh_summary()
        return [*profile, *agreement, *strength]

    def start(self, participant: Participant):
        first = self.participant is None
        self.participant = participant
        self.side = side_of(self.context.partnership.institutions, participant.institution)
        self.strength.set_side(self.side)
        self.side_note.value = esc(self._side_text())
        if first:
            self._seed_principles()

    # the profile --------------------------------------------------------------------------------
    def _build_profile(self) -> list[w.Widget]:
        ctx, text, look = self.context, self.context.text, self.look
        defaults = registered_defaults(ctx.partnership.profile)
        levels = tuple((c.label, c.id) for c in self.content.levels_of_care)
        self.cards: dict[str, RecordCard] = {}
        columns = []
        for side in SIDES:
            record, focal = institution_record(side), focal_record(side)
            name = self.registered.get(side, "")
            institution = RecordCard(self.sync, PROFILE, record, text("profile.institution_heading", number=side,
                                                                      name=name), [
                FieldSpec("name", text("profile.institution_name", number=side), default=defaults[(record, "name")]),
                FieldSpec("country", text("profile.institution_country", number=side),
                          default=defaults[(record, "country")]),
                FieldSpec("level", text("profile.institution_level", number=side), kind="choice", options=levels,
                          unset_label=text("profile.level_unset")),
                FieldSpec("address", text("profile.institution_address", number=side), kind="long"),
            ], text, self.names, look)
            focal_card = RecordCard(self.sync, PROFILE, focal, text("profile.focal_heading", name=name), [
                FieldSpec("name", text("profile.focal_name", number=side)),
                FieldSpec("role", text("profile.focal_role", number=side)),
                FieldSpec("email", text("profile.focal_email", number=side),
                          placeholder=text("profile.email_placeholder")),
                FieldSpec("phone", text("profile.focal_phone", number=side),
                          placeholder=text("profile.phone_placeholder")),
            ], text, self.names, look)
            self.cards[record], self.cards[focal] = institution, focal_card
            column = w.VBox([institution, focal_card])
            column.add_class("tpi-side")
            columns.append(column)
        sides = w.HBox(columns)
        sides.add_class("tpi-sides")
        self.cards[PARTNERSHIP_RECORD] = RecordCard(self.sync, PROFILE, PARTNERSHIP_RECORD,
                                                    text("profile.partnership_heading"), [
            FieldSpec("start", text("profile.start"), default=defaults[(PARTNERSHIP_RECORD, "start")],
                      placeholder=text("profile.date_placeholder")),
            FieldSpec("ministry", text("profile.ministry")),
            FieldSpec("district", text("profile.district")),
            FieldSpec("other_authorities", text("profile.other_authorities"),
                      placeholder=text("profile.other_authorities_placeholder")),
        ], text, self.names, look)
        self.problems = w.HTML()
        self.problems.add_class("tpi-to-check")
        team_options = lambda: [(name, institution_record(side)) for side, name in self._institutions().items()]  # noqa: E731
        self.team = RecordList(self.sync, TEAM, lambda record: TeamRow(self.sync, TEAM, record, team_options(), text,
                                                                       self.names, look, self.delete_access),
                               keep=lambda record: True, empty_text=text("team.empty"), look=look)
        self.add_member = w.Button(description=text("team.add"), icon="user-plus")
        self.add_member.on_click(lambda _: self._add_member())
        return [w.HTML(tag("h3", text("profile.heading")) + tag("p", text("profile.intro"))), self.problems, sides,
                self.cards[PARTNERSHIP_RECORD],
                w.HTML(tag("h4", text("team.heading")) + tag("p", text("team.intro"))), self.team, self.add_member]

    def _add_member(self):
        side = getattr(self, "side", None)
        self.team.add(**({"institution": institution_record(side)} if side else {}))

    # the agreement ------------------------------------------------------------------------------
    def _build_agreement(self) -> list[w.Widget]:
        text, look, content = self.context.text, self.look, self.content
        self.agreement_status = RecordStatus(text, self.names, style=look.html, layout=look.plain)
        report = self.agreement_status.callback
        key = lambda field: (AGREEMENT, AGREEMENT_RECORD, field)  # noqa: E731
        self.goals = w.Textarea(description=text("agreement.goals"), placeholder=text("agreement.goals_placeholder"),
                                rows=4, continuous_update=True, style=look.text_label, layout=look.wide)
        bind_text(self.sync, key("goals"), self.goals, report("goals"))
        self.principles = RecordList(self.sync, AGREEMENT,
                                     lambda record: PrincipleRow(self.sync, AGREEMENT, record, text, self.names, look,
                                                                 self.delete_access),
                                     keep=is_principle, empty_text=text("agreement.principles_empty"), look=look,
                                     prefix=PRINCIPLE_PREFIX)
        self.add_principle = w.Button(description=text("agreement.add_principle"), icon="plus")
        self.add_principle.on_click(lambda _: self.principles.add(text=""))
        self.channels = ChoiceSet(text("agreement.channels"), [(c.label, c.id) for c in content.channels], look)
        bind_choice_set(self.sync, key("channels"), self.channels, report("channels"))
        self.frequency = w.Dropdown(description=text("agreement.frequency"),
                                    options=((text("agreement.frequency_unset"), UNSET),
                                             *((c.label, c.id) for c in content.frequencies)),
                                    value=UNSET, style=look.choice_label, layout=look.wide)
        bind_choice(self.sync, key("frequency"), self.frequency, report("frequency"), empty=UNSET)
        self.languages = w.Text(description=text("agreement.languages"),
                                placeholder=text("agreement.languages_placeholder"), continuous_update=True,
                                style=look.text_label, layout=look.wide)
        bind_text(self.sync, key("languages"), self.languages, report("languages"))
        self.next_meeting = ValidatedText(text("agreement.next_meeting"), text, *self._meeting_checks(),
                                          placeholder=text("profile.date_placeholder"), style=look.text_label,
                                          layout=look.wide)
        bind_text(self.sync, key("next_meeting"), self.next_meeting.input, report("next_meeting"))
        plan = w.VBox([w.HTML(tag("h4", text("agreement.plan_heading"))), self.channels, self.frequency,
                       self.languages, self.next_meeting, self.agreement_status])
        plan.add_class("tpi-card")
        return [w.HTML(tag("h3", text("agreement.heading")) + tag("p", text("agreement.intro"))), self.goals,
                w.HTML(tag("h4", text("agreement.principles_heading")) + tag("p", text("agreement.principles_intro"))),
                self.principles, self.add_principle, plan]

    def _meeting_checks(self):
        start = lambda: self._profile_value(PARTNERSHIP_RECORD, "start")  # noqa: E731
        return (*FIELD_CHECKS["next_meeting"], lambda typed: meeting_before_start(start(), typed))

    def _seed_principles(self):
        """The pack's principles, written once per partnership as seed-1..N (fixed ids: two
        pages seeding at once write the same records). Poll first to see seeds written since
        this page loaded, so a seed someone already reworded is not written over."""
        self.sync.poll()
        for record, principle in missing_seeds(self.sync.records(AGREEMENT), self.content.principles).items():
            self.sync.save((AGREEMENT, record, "text"), principle)

    # the strength self-rating -------------------------------------------------------------------
    def _build_strength(self) -> list[w.Widget]:
        text, look, content = self.context.text, self.look, self.content
        scale = ", ".join(f"{level.value} {level.label}" for level in content.scale)
        self.strength = StrengthRatings(self.sync, content, self.registered, text, self.names, look)
        self.side_note = w.HTML()
        self.side_note.add_class("tpi-note")
        self.strength_table = w.HTML()
        self.strength_table.add_class("tpi-strength-summary")
        self.chart = ChartPanel(self._strength_png, text("strength.chart_show"), text("strength.chart_hide"))
        return [w.HTML(tag("h3", text("strength.heading")) + tag("p", text("strength.intro", scale=scale))),
                self.strength_table, self.chart, self.side_note, self.strength]

    def _strength_png(self) -> bytes:
        rows = strength_comparison(self.content.domains, self.sync.records(STRENGTH))
        return grouped_bars_png(rows, self._institutions(), [level.value for level in self.content.scale],
                                self.context.text("strength.chart_title"))

    def _side_text(self) -> str:
        if self.side is None:
            return self.context.text("strength.no_side")
        names = self._institutions()
        return self.context.text("strength.your_side", institution=names[self.side], other=names[3 - self.side])

    # live summary -------------------------------------------------------------------------------
    def refresh_summary(self):
        """The comparison table, the chart (if open) and the list of entries to correct."""
        text = self.context.text
        rows = strength_comparison(self.content.domains, self.sync.records(STRENGTH))
        labels = {level.value: level.label for level in self.content.scale}
        self.strength_table.value = strength_table_html(rows, self._institutions(), labels, text)
        self.chart.refresh()
        problems = profile_problems(self.sync.records(PROFILE), self.sync.records(AGREEMENT),
                                    self.context.partnership.profile)
        if problems:
            fields = ", ".join(self._label(p.collection, p.record, p.field) for p in problems)
            self.problems.value = esc(text("profile.to_check", count=len(problems), fields=fields))
            self.problems.add_class("tpi-field-error")
        else:
            self.problems.value = esc(text("profile.all_checked"))
            self.problems.remove_class("tpi-field-error")
        self.next_meeting.validate()  # its check depends on the start date

    def _label(self, collection: str, record: str, field: str) -> str:
        if collection == AGREEMENT:
            return self.next_meeting.input.description
        return self.cards[record].inputs[field].description if field in self.cards[record].inputs else field

    def _institutions(self) -> dict[int, str]:
        """Each side's name as the profile now says (edited, else registered)."""
        return institution_names(self.sync.records(PROFILE), self.context.partnership.profile)

    def _profile_value(self, record: str, field: str):
        return profile_value(self.sync.records(PROFILE), self.context.partnership.profile, record, field)
