"""Every step notebook under notebooks/ runs under papermill with the demo partnership's parameters."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from tpi_widgets.workspace import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))  # the step apps; report notebooks: test_reports.py
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.notebook


def outputs(nb) -> list:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def test_there_are_notebooks_to_run():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_with_demo_parameters(source: Path, workspace, tmp_path):
    assert nbformat.read(source, as_version=4).metadata.kernelspec.name == "python3"
    result = papermill.execute_notebook(
        str(source), str(tmp_path / source.name), kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
        parameters={"workspace": str(workspace.root), "partnership": "kossa-valmont", "cycle": 1})
    shown = outputs(result)
    assert not [o for o in shown if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in shown), "the step app was not displayed"
    assert not any("tpi-error" in str(o.get("data", {})) for o in shown)


def test_stamped_notebook_runs_from_its_own_folder(workspace, tmp_path):
    """The relative parameters stamped by `tpi new` resolve from the notebook's folder."""
    stamped = workspace.partnership_dir("kossa-valmont") / "02_needs_assessment.ipynb"
    result = papermill.execute_notebook(str(stamped), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                        progress_bar=False, cwd=str(stamped.parent))
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs(result))


def test_unstamped_notebook_shows_a_readable_message_not_a_traceback(tmp_path):
    source = NOTEBOOKS_DIR / "02_needs_assessment.ipynb"
    result = papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                        progress_bar=False, cwd=str(tmp_path))
    html = [o["data"].get("text/html", "") for o in outputs(result) if "data" in o]
    assert any("tpi-error" in h and "is not a TPI workspace" in h for h in html)
    assert not [o for o in outputs(result) if o.output_type == "error"]
