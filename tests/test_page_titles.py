"""Every page names where its reader is, in the page's language, instead of its notebook's file:
the workbook and a step notebook the step and the partnership, the room its workspace, the
network itself (the kernel sets the title: ui/kit/page_title.py; the browser tests see it)."""

from __future__ import annotations

from tests.support import SLUG, step_path
from tpi_widgets.context import StepContext
from tpi_widgets.core.page_titles import network_page_title, room_page_title, step_page_title
from tpi_widgets.server.page_header import page_header
from tpi_widgets.ui.network_view import NetworkView
from tpi_widgets.ui.room_view import RoomView
from tpi_widgets.ui.steps import StepView
from tpi_widgets.ui.workbook import Workbook

RTL = "شراكة"


def test_titles_say_the_place_then_the_app_in_the_pages_language(pack):
    assert step_page_title(pack, "en", 2, "Kossa – Valmont") == "Step 2: Needs assessment – Kossa – Valmont – TPI Workbook"
    assert step_page_title(pack, "en", 2, RTL) == f"Step 2: Needs assessment – \u2068{RTL}\u2069 – TPI Workbook"
    assert room_page_title(pack, "en", "workshop-june") == "Room – workshop-june – TPI Workbook"
    assert network_page_title(pack, "en") == "Network – TPI Workbook"
    assert network_page_title(pack, "fr") == "Réseau – Cahier TPI"
    assert room_page_title(pack, "pt", "ws") == "Sala – ws – Caderno TPI"


def test_the_workbook_and_a_step_notebook_name_the_step_and_partnership(workspace):
    context = StepContext.open(str(workspace.root), SLUG)
    name = context.partnership.name
    workbook = Workbook(context, 3)
    assert workbook.title in workbook.view.children
    assert workbook.title.title == f"Step 3: Gap analysis – {name} – TPI Workbook"
    workbook.switch.set_state({"step": 5})  # a header link followed
    assert workbook.title.title == f"Step 5: Action – {name} – TPI Workbook"

    view = StepView(2, context)
    assert view.box.children[0] is view.title and view.title.title.startswith("Step 2: Needs assessment – ")
    view._in_language("fr")  # as the browser says the participant reads French
    assert view.title.title == f"Étape 2 : {context.in_language('fr').pack.step(2).title} – {name} – Cahier TPI"
    # the page as served, before its kernel answers, says the same
    header = page_header(workspace, workspace.root / step_path(2).removeprefix("voila/render/"))
    assert header["languages"][0]["page_title"] == f"Step 2: Needs assessment – {name} – TPI Workbook"


def test_the_room_and_the_network_name_themselves_in_the_browsers_language(workspace):
    room = RoomView(workspace, start_thread=False)
    assert room.page_title in room.children
    assert room.page_title.title == f"Room – {workspace.root.name} – TPI Workbook"
    room.browser.language, room.browser.ready = "fr", True
    assert room.page_title.title == f"Salle – {workspace.root.name} – Cahier TPI" and room.page_title in room.children

    network = NetworkView(workspace, start_thread=False)
    assert network.page_title.title == "Network – TPI Workbook"
    network.browser.language, network.browser.ready = "pt", True
    assert network.page_title.title == "Rede – Caderno TPI" and network.page_title in network.children
