"""The network view and document: a workspace with three partnerships in different states (one
just created; one with a baseline and a plan; the sample partnership with follow-up, visits,
spread and a decision) summed up in core/network.py; the filters; the view for a facilitator and
for anyone else (widget level); the document built and read back (HTML, Word, PDF when a Chromium
is present, the spreadsheet); `tpi report --network` and its refusals; the landing page's link."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import docx
import openpyxl
import pytest

from tests.support import KOSSA, SLUG, chromium_path
from tests.test_cli import assert_refused, tpi
from tests.test_report_annex1 import ARABIC, plan_row, write
from tests.test_room import PASSCODE, sign_in, texts
import tpi_widgets.ui.kit.facilitator_sign_in as fsi
from tpi_widgets.core.network import Network, NetworkFilter, area_bars, filter_choices, network_summary
from tpi_widgets.core.records import BASELINE, PROGRESS, SPREAD, new_record_writes
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.partnership_config import build_config
from tpi_widgets.exchange.network_workbook import write_network_workbook
from tpi_widgets.reports.network import prepare, write_network
from tpi_widgets.server.pages import landing_html
from tpi_widgets.ui.network_view import NetworkView
from tpi_widgets.workspace import NETWORK_NOTEBOOK

NEW, PLANNED = "lagos-porto", "kedougou-saotome"
HOSTILE = "=HYPERLINK(\"http://x\")<script>alert(1)</script>"
DAY = dt.date(2027, 12, 1)


def add(workspace, pack, slug: str, name: str, institutions, areas):
    workspace.add_partnership(build_config({"name": name, "slug": slug, "language": "en", "areas": areas,
                                            "start": "2027-02-01", "institutions": institutions}, pack))


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(fsi.time, "sleep", lambda seconds: None)  # a wrong passcode costs no real second


@pytest.fixture
def network(workspace, pack):
    """Three partnerships: the sample (every step done), one with a baseline and a plan, one new;
    a facilitator passcode set."""
    guarded = workspace
    guarded.set_facilitator_passcode(PASSCODE)
    write_sample_records(guarded)
    add(guarded, pack, PLANNED, "Kédougou – São Tomé", [{"name": "Hôpital de Kédougou", "country": "Senegal"},
                                                         {"name": ARABIC, "country": "São Tomé"}], ["ipc", "workforce"])
    write(guarded, [(BASELINE, "ipc-01", "rating", 1), (BASELINE, "ipc-02", "rating", 2),
                    (BASELINE, "workforce-01", "rating", 3)], slug=PLANNED)
    write(guarded, plan_row("r1", "technical", 1, "ipc", activity="Train the wards") +
          plan_row("r2", "technical", 2, "ipc", activity="Audit", status="in-progress") +
          plan_row("r3", "technical", 3, "ipc", activity="Removed", deleted=True), slug=PLANNED)
    add(guarded, pack, NEW, "Lagos – Porto", [{"name": "Lagos Island Hospital", "country": "Nigeria"},
                                             {"name": "Hospital de Santo António", "country": "Portugal"}], ["ipc"])
    return guarded


def by_slug(summaries):
    return {s.partnership.slug: s for s in summaries}


# the figures -------------------------------------------------------------------------------------
def test_each_partnership_is_summed_up_as_its_own_pages_show_it(network):
    summaries = by_slug(network_summary(network.store, network.pack))
    assert list(summaries) == [SLUG, PLANNED, NEW]  # the store's order
    full, planned, new = summaries[SLUG], summaries[PLANNED], summaries[NEW]

    assert [(i.name, i.country) for i in full.institutions] == [(KOSSA, "Sierra Leone"),
                                                                ("Hôpital Régional de Valmont", "France")]
    assert (full.cycle, full.step, full.decision) == (1, 6, "adjust")
    ipc = full.area("ipc")
    assert (ipc.baseline_mean, ipc.followup_mean) == (1.4, 2.4)
    # Annex 1's statuses: each activity's latest progress update, else the plan's own
    assert full.plan == Counter({"planned": 4, "in-progress": 4, "done": 3, "delayed": 1})
    assert [(v.visiting, v.host, v.made, v.proposed) for v in full.visits] == [
        ("Hôpital Régional de Valmont", KOSSA, 1, 0), (KOSSA, "Hôpital Régional de Valmont", 0, 1)]
    assert [s.reached for s in full.spread] == ["District health team and the IPC leads of 3 hospitals",
                                                "Staff of Mabanta and Rokel health centres"]

    assert planned.step == 4 and planned.decision is None and planned.visits == () and planned.spread == ()
    assert planned.plan == Counter({"planned": 1, "in-progress": 1})  # the deleted row is not counted
    assert [a.area_id for a in planned.areas] == ["ipc", "workforce"]
    assert (planned.area("ipc").baseline_mean, planned.area("ipc").followup_mean) == (1.5, None)
    assert planned.area("workforce").baseline_mean == 3.0

    assert (new.cycle, new.step, new.decision) == (1, 1, None)
    assert new.plan == Counter() and new.area("ipc").baseline_mean is None and new.countries == ("Nigeria", "Portugal")


def test_a_progress_update_moves_an_activity_to_its_status(network):
    write(network, [(PROGRESS, "u1", "activity", "r1"), (PROGRESS, "u1", "status", "done"),
                    (PROGRESS, "u1", "deleted", False)], slug=PLANNED)
    planned = by_slug(network_summary(network.store, network.pack))[PLANNED]
    assert planned.plan == Counter({"done": 1, "in-progress": 1}) and planned.step == 5


def test_filters_by_area_country_and_cycle(network):
    store, pack = network.store, network.pack
    slugs = lambda **keep: [s.partnership.slug for s in network_summary(store, pack, NetworkFilter(**keep))]  # noqa: E731
    assert slugs(area="workforce") == [SLUG, PLANNED]
    assert slugs(area="ipc") == [SLUG, PLANNED, NEW]
    assert slugs(country="Portugal") == [NEW] and slugs(country="France") == [SLUG]
    assert slugs(country="France", area="workforce") == [SLUG]
    assert slugs(cycle=1) == [SLUG, PLANNED, NEW] and slugs(cycle=2) == []
    network.start_next_cycle(SLUG, None)
    assert slugs(cycle=2) == [SLUG] and by_slug(network_summary(store, pack))[SLUG].cycle == 2
    choices = filter_choices(pack, network_summary(store, pack))
    assert choices.countries == ("France", "Nigeria", "Portugal", "São Tomé", "Senegal", "Sierra Leone")
    assert choices.cycles == (1, 2) and [a for a, _ in choices.areas] == ["ipc", "workforce", "surveillance", "services"]
    assert [b.title for b in area_bars(network_summary(store, pack), "workforce")] == [
        "Kossa – Valmont twinning partnership", "Kédougou – São Tomé"]


def test_the_network_reads_again_only_when_the_store_changed(network):
    live = Network(network.store, network.pack)
    assert live.refresh() and not live.refresh()
    write(network, [(SPREAD, "s1", "activity", "Talk"), (SPREAD, "s1", "deleted", False)], slug=NEW)
    assert live.refresh()
    assert [a.activity for a in by_slug(live.summaries())[NEW].spread] == ["Talk"]
    live.keep = NetworkFilter(country="Nigeria")
    assert [s.partnership.slug for s in live.summaries()] == [NEW]


# the view ----------------------------------------------------------------------------------------
def network_view(workspace, token: str = "") -> NetworkView:
    view = NetworkView(workspace, start_thread=False)
    view.browser.token = token
    view.browser.ready = True  # as the browser does once it has read its cookie
    return view


def test_a_participant_sees_only_the_passcode_form(network, no_wait):
    person = network.store.add_participant("Ana Kamara", KOSSA, "Nurse")
    view = network_view(network, person.token)
    assert view.sign_in is not None and view.network is None
    shown = texts(view)
    assert "Facilitator passcode" in shown and "Hôpital de Kédougou" not in shown and KOSSA not in shown


def test_under_the_hub_a_participant_is_told_the_administrator_names_facilitators(network, no_wait):
    network.store.set_meta("facilitator_passcode", "")  # as `tpi serve --hub` stores it
    view = network_view(network, network.store.add_participant("Ana Kamara", KOSSA, "Nurse").token)
    assert view.sign_in is None and "administrator names the facilitators" in texts(view)


def test_under_the_hub_a_trainer_opens_the_network_view_but_is_no_facilitator_of_the_room(network, no_wait):
    from tests.test_room import room_view
    network.store.set_meta("facilitator_passcode", "")
    tessa = network.store.participant_of_account("tessa")
    network.store.set_trainer(tessa.id, True)  # as the hub's trainer group says (server/hub_auth.py)
    assert network_view(network, tessa.token).network is not None
    assert room_view(network, tessa.token).room is None
    network.store.set_trainer(tessa.id, False)  # taken out of the group
    assert network_view(network, tessa.token).network is None


def test_a_facilitator_sees_every_partnership_filters_and_live_changes(network, no_wait):
    view = network_view(network)
    sign_in(view)
    assert view.facilitator is not None
    page = view.summary.value
    for name in ("Kossa – Valmont twinning partnership", "Kédougou – São Tomé", "Lagos – Porto", "6. Evaluation"):
        assert name in page
    assert page.count("<img") == 4  # one small multiple per area some partnership works on
    assert [v for _, v in view.country.options] == [None, "France", "Nigeria", "Portugal", "São Tomé", "Senegal",
                                                     "Sierra Leone"]
    view.country.value = "Portugal"
    assert "Lagos – Porto" in view.summary.value and "Kossa" not in view.summary.value
    view.country.value = None
    view.area.value = "workforce"
    assert "Lagos – Porto" not in view.summary.value and view.summary.value.count("<img") == 1
    view.area.value = None

    write(network, new_record_writes_as(SPREAD, "s9", {"activity": HOSTILE, "reached": "Nurses"}), slug=NEW)
    assert view.tick()
    assert "&lt;script&gt;" in view.summary.value and "<script>" not in view.summary.value
    assert not view.tick()  # nothing new: nothing redrawn


def new_record_writes_as(collection: str, record: str, fields: dict) -> list[tuple]:
    return [(c, r, f, v) for (c, r, f), v in new_record_writes(collection, record, fields)]


def test_the_network_notebook_is_stamped_and_linked_from_the_landing_page(network):
    assert (network.root / NETWORK_NOTEBOOK).is_file()
    page = landing_html(network)
    assert f'voila/render/{NETWORK_NOTEBOOK}">Facilitator: network view</a>' in page
    assert "voila/render/room.ipynb" in page


# the document ------------------------------------------------------------------------------------
@pytest.mark.reports
def test_the_network_document_in_every_format(network, tmp_path):
    write(network, new_record_writes_as(SPREAD, "s9", {"activity": HOSTILE, "reached": ARABIC}), slug=NEW)
    notes = []
    formats = ("html", "docx") + (("pdf",) if chromium_path() else ())
    run = prepare(network, DAY)
    files = write_network(run, formats + ("xlsx",), tmp_path, say=notes.append)  # the spreadsheet apart
    files.append(write_network_workbook(run, tmp_path))
    assert sorted(f.name for f in files) == sorted(f"network-2027-12-01.{f}" for f in formats + ("xlsx",))

    html = (tmp_path / "network-2027-12-01.html").read_text(encoding="utf-8")
    assert "Network overview" in html and "Partnerships: 3" in html and "1 December 2027" in html
    assert "Lagos – Porto" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    assert html.count("<img") == 4 and "data:image/png;base64," in html

    word = docx.Document(str(tmp_path / "network-2027-12-01.docx"))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Kédougou – São Tomé" in cells and HOSTILE in cells
    assert "\u2068" + ARABIC + "\u2069" in cells  # right-to-left text isolated in Word
    assert len(word.inline_shapes) == 4

    book = openpyxl.load_workbook(tmp_path / "network-2027-12-01.xlsx")
    assert book.sheetnames == ["Partnerships", "Plan, visits and spread", "Areas", "Spread activities"]
    spread = book["Spread activities"]
    hostile = next(c for row in spread.iter_rows() for c in row if c.value == HOSTILE)
    assert hostile.data_type == "s" and hostile.quotePrefix  # text, never a formula
    activity = book["Plan, visits and spread"]
    header = [c.value for c in activity[1]]
    full = next(row for row in activity.iter_rows(values_only=True) if row[0] == "Kossa – Valmont twinning partnership")
    assert full[header.index("Done")] == 3 and full[header.index("Spread activities")] == 2

    if chromium_path():
        from pypdf import PdfReader
        text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "network-2027-12-01.pdf")).pages)
        assert "Network overview" in text and "Lagos – Porto" in text


@pytest.mark.reports
def test_tpi_report_network_writes_the_dated_document_in_french(network, tmp_path):
    result = tpi("report", network.root, "--network", "--format", "html,xlsx", "--date", "2027-12-01",
                 "--language", "fr", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "network-2027-12-01.html").read_text(encoding="utf-8")
    assert "Vue d'ensemble du réseau" in page and "1 décembre 2027" in page
    assert (tmp_path / "out" / "network-2027-12-01.xlsx").is_file()


def test_tpi_report_network_refuses_what_goes_with_a_partnership(workspace, tmp_path):
    out = tmp_path / "out"
    assert_refused(tpi("report", workspace.root, SLUG, "--network", "--out", out), "--network goes with")
    assert_refused(tpi("report", workspace.root, "--network", "--format", "odt", "--out", out), "unknown format odt")
    assert_refused(tpi("report", workspace.root, "--network", "--date", "tomorrow", "--out", out), "--date")
    assert not out.exists()


def test_the_network_modules_load_no_widgets_nor_pandas():
    import subprocess
    import sys
    code = ("import sys, tpi_widgets.core.network, tpi_widgets.reports.network; "
            "print(any(m in sys.modules for m in ('ipywidgets', 'pandas', 'openpyxl')))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"

