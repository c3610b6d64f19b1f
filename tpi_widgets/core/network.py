"""The network view, without widgets: every partnership the store holds (on a national PostgreSQL
server, the whole network) summed up for its coordinator: both institutions and their countries,
the cycle and the step it is on, the baseline and follow-up mean rating per technical area, the
plan's activities by status, the visits made each way, the spread activities and who they
reached, and the latest review decision. Filters by area, country and cycle.

Each figure comes from the function the pages and documents use (evaluation means from
core/evaluation.py as the evaluation report, plan statuses as Annex 1 gives them, the step as the
room view), so the network view never says something a partnership's own pages do not.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from tpi_widgets.content import Pack
from tpi_widgets.core import action_records as ar
from tpi_widgets.core.completion import Snapshot, areas_in_scope, live_plan_rows
from tpi_widgets.core.cycles import cycles_of, latest_cycle
from tpi_widgets.core.evaluation import REVIEW_RECORD, AreaChange, assessment_comparison, ratings_of
from tpi_widgets.core.partnership_profile import SIDES, institution_record, profile_value, visible_records
from tpi_widgets.core.records import (BASELINE, EVALUATION, FOLLOWUP, PROFILE, PROGRESS, SPREAD, VISITS,
                                      creation_ids, is_live)
from tpi_widgets.core.room import step_on
from tpi_widgets.partnership_config import Institution
from tpi_widgets.store import Partnership, Store


@dataclass(frozen=True)
class Visits:
    """The visits one side made to the other (Step 5): `made` those whose proposal reached the
    pack's last visit status (the visit done), `proposed` the others."""
    visiting: str
    host: str
    made: int
    proposed: int


@dataclass(frozen=True)
class SpreadActivity:
    date: str
    activity: str
    reached: str


@dataclass(frozen=True)
class PartnershipSummary:
    partnership: Partnership
    institutions: tuple[Institution, ...]
    cycle: int
    cycles: tuple[int, ...]
    step: int  # the step it is on in `cycle` (core/room.step_on)
    areas: tuple[AreaChange, ...]  # its areas in scope, baseline vs follow-up
    plan: Counter  # status id -> activities (the latest progress update's status, else the plan's)
    visits: tuple[Visits, ...]
    spread: tuple[SpreadActivity, ...]
    decision: str | None  # the review decision's id (Step 6), None before one is taken

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.country for i in self.institutions if i.country))

    def area(self, area_id: str) -> AreaChange | None:
        return next((a for a in self.areas if a.area_id == area_id), None)


@dataclass(frozen=True)
class NetworkFilter:
    """None: any. `cycle` picks each partnership's figures of that cycle (those without it are
    left out); without it, each partnership's latest cycle."""
    area: str | None = None
    country: str | None = None
    cycle: int | None = None

    def keeps(self, summary: PartnershipSummary) -> bool:
        return ((self.area is None or summary.area(self.area) is not None) and
                (self.country is None or self.country in summary.countries))


def institutions_of(snap: Snapshot) -> tuple[Institution, ...]:
    """Both institutions as Step 1's profile has them (the registration's until edited)."""
    profile, records = snap.partnership.profile, snap.records(PROFILE)
    return tuple(Institution(str(profile_value(records, profile, institution_record(side), "name") or ""),
                             str(profile_value(records, profile, institution_record(side), "country") or ""))
                 for side in SIDES)


def plan_statuses(snap: Snapshot) -> Counter:
    """Each live plan activity by status: the one its latest progress update gives, as Annex 1
    shows it, else the plan row's own."""
    progress = snap.records(PROGRESS)
    keyed = {(PROGRESS, record, name): entry
             for record, fields in snap.entries(PROGRESS).items() for name, entry in fields.items()}
    reported = ar.latest_status(progress, creation_ids(PROGRESS, keyed))
    return Counter(str(progress[reported[record]].get("status") if record in reported else row.get("status") or "")
                   for record, row in live_plan_rows(snap).items())


def visits_each_way(snap: Snapshot, made_status: str) -> tuple[Visits, ...]:
    """The live visit proposals by (visiting side, host side), in the order first proposed."""
    ways: dict[tuple[str, str], Counter] = {}
    for fields in snap.records(VISITS).values():
        if not is_live(fields):
            continue
        way = (str(fields.get("visiting_side") or ""), str(fields.get("host_side") or ""))
        ways.setdefault(way, Counter())["made" if fields.get("status") == made_status else "proposed"] += 1
    return tuple(Visits(v, h, n["made"], n["proposed"]) for (v, h), n in ways.items())


def spread_activities(snap: Snapshot) -> tuple[SpreadActivity, ...]:
    """The spread log as Step 6 and the evaluation report list it."""
    entries = snap.entries(SPREAD)
    records = snap.records(SPREAD)
    first_change = {r: min(e.change_id for e in fields.values()) for r, fields in entries.items()}
    return tuple(SpreadActivity(*(str(records[r].get(f) or "") for f in ("date", "activity", "reached")))
                 for r in visible_records(records, lambda r: first_change[r]))


def summarise(store: Store, pack: Pack, partnership: Partnership, cycle: int | None = None) -> PartnershipSummary:
    """One partnership's figures in `cycle` (None: its latest)."""
    cycles = tuple(cycles_of(store, partnership.id))
    cycle = cycle or latest_cycle(store, partnership.id)
    snap = Snapshot(store, partnership, cycle)
    areas = assessment_comparison(areas_in_scope(pack, partnership), ratings_of(snap.records(BASELINE)),
                                  ratings_of(snap.records(FOLLOWUP)))
    made = pack.section("action").visit_statuses[-1].id  # a proposal's statuses end with the visit done
    decision = snap.records(EVALUATION).get(REVIEW_RECORD, {}).get("decision")
    return PartnershipSummary(partnership, institutions_of(snap), cycle, cycles, step_on(store, partnership.id, cycle),
                              tuple(areas), plan_statuses(snap), visits_each_way(snap, made),
                              spread_activities(snap), decision or None)


def network_summary(store: Store, pack: Pack, keep: NetworkFilter = NetworkFilter()) -> list[PartnershipSummary]:
    """Every partnership the store holds that the filter keeps, in the store's order."""
    summaries = []
    for partnership in store.partnerships():
        if keep.cycle is not None and keep.cycle not in cycles_of(store, partnership.id):
            continue
        summary = summarise(store, pack, partnership, keep.cycle)
        if keep.keeps(summary):
            summaries.append(summary)
    return summaries


@dataclass(frozen=True)
class FilterChoices:
    """What the filters can choose among, from the partnerships themselves."""
    areas: tuple[tuple[str, str], ...]  # (area id, title), pack order, those some partnership works on
    countries: tuple[str, ...]
    cycles: tuple[int, ...]


def alphabetical(text: str) -> str:
    """A sort key that puts "São Tomé" before "Senegal", as a reader expects: accents set aside."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def filter_choices(pack: Pack, summaries: list[PartnershipSummary]) -> FilterChoices:
    in_scope = {a.area_id for s in summaries for a in s.areas}
    return FilterChoices(tuple((a.id, a.short) for a in pack.areas if a.id in in_scope),
                         tuple(sorted({c for s in summaries for c in s.countries}, key=alphabetical)),
                         tuple(sorted({c for s in summaries for c in s.cycles})))


@dataclass(frozen=True)
class AreaBar:
    """One partnership in an area's chart: its baseline above its follow-up (the row shape
    charts.grouped_bars_png draws)."""
    title: str
    baseline: float | None
    followup: float | None

    def level(self, side: int) -> float | None:
        return self.baseline if side == 1 else self.followup


def area_bars(summaries: list[PartnershipSummary], area_id: str) -> list[AreaBar]:
    """Every partnership working on the area, for its small multiple."""
    return [AreaBar(s.partnership.name, a.baseline_mean, a.followup_mean)
            for s in summaries if (a := s.area(area_id)) is not None]


@dataclass
class Network:
    """The summaries kept up to date by `refresh` (call it often: one query when nothing changed;
    then only the partnerships whose own change counter moved are read again)."""
    store: Store
    pack: Pack
    keep: NetworkFilter = NetworkFilter()
    counter: int = -1
    _counters: dict[int, int] = field(default_factory=dict)
    _all: dict[int, PartnershipSummary] = field(default_factory=dict)

    def refresh(self, force: bool = False) -> bool:
        """True when anything shown may have changed."""
        counter = self.store.change_counter_all()
        if counter == self.counter and not force:
            return False
        self.counter = counter
        partnerships = self.store.partnerships()
        fresh = {}
        for p in partnerships:
            counted = self.store.change_counter(p.id)
            if force or self._counters.get(p.id) != counted or p.id not in self._all:
                self._counters[p.id] = counted
                self._all[p.id] = summarise(self.store, self.pack, p)
            fresh[p.id] = self._all[p.id]
        self._all = fresh
        return True

    def latest(self) -> list[PartnershipSummary]:
        """Every partnership's latest cycle, unfiltered (what the filters choose among)."""
        return list(self._all.values())

    def summaries(self) -> list[PartnershipSummary]:
        """The filtered summaries: the cached latest cycles, or each partnership's chosen cycle."""
        if self.keep.cycle is None:
            return [s for s in self._all.values() if self.keep.keeps(s)]
        return network_summary(self.store, self.pack, self.keep)
