"""The package's layering: a widget-free core, UI above it, reports beside it, and no import circle
(lazy imports inside functions included). See tests/import_graph.py."""

from __future__ import annotations

import json
import subprocess
import sys

from tests import import_graph as g

LOWER = ("tpi_widgets.core", "tpi_widgets.content", "tpi_widgets.store", "tpi_widgets.errors")
UPPER = ("tpi_widgets.ui", "tpi_widgets.reports", "tpi_widgets.server", "tpi_widgets.cli")


def test_no_module_imports_itself_round_a_circle():
    assert g.circles(g.graph()) == []


def test_no_sub_package_imports_itself_round_a_circle():
    assert g.circles(g.package_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert g.circles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset()}) \
        == [["a", "b", "c"]]


def test_the_graph_sees_lazy_imports_inside_functions():
    # ui/room_view.py's show_room imports IPython only; core/room.py imports nothing from ui, even lazily
    assert "tpi_widgets.ui.page" in g.graph()["tpi_widgets.ui.steps.needs_assessment"]
    assert "tpi_widgets.reports.writer" in g.graph()["tpi_widgets.ui.page"]  # imported inside a method


def test_core_content_and_store_import_nothing_above_them():
    upward = {(m, t) for m, targets in g.graph().items() if m.startswith(LOWER)
              for t in targets if t.startswith(UPPER)}
    assert upward == set()


def test_reports_import_no_ui_module():
    assert {(m, t) for m, targets in g.graph().items() if m.startswith("tpi_widgets.reports")
            for t in targets if t.startswith(("tpi_widgets.ui", "tpi_widgets.server"))} == set()


# Alembic's env script runs migrations when Alembic loads it: not a module to import on its own
ALEMBIC_ENVIRONMENT = "tpi_widgets.store.migrations.env"


def test_the_core_imports_no_widgets_in_a_fresh_interpreter():
    modules = sorted(m for m in g.module_files() if (m.startswith(LOWER + ("tpi_widgets.reports",))
                     or m in ("tpi_widgets.workspace", "tpi_widgets.context", "tpi_widgets.partnership_config"))
                     and m != ALEMBIC_ENVIRONMENT)
    code = ("import importlib, json, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'anywidget'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert len(modules) > 30  # every widget-free module was imported
    assert json.loads(out) == []
