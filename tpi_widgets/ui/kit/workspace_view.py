"""Showing a workspace-wide view in its notebook (the room view, the network view): the folder
opened, the view displayed; a folder that is not a workspace is one readable line, no traceback."""

from __future__ import annotations

from typing import Callable


def show_workspace_view(make_view: Callable, workspace: str = "."):
    from IPython.display import HTML, display

    from tpi_widgets.core.html import esc
    from tpi_widgets.errors import TPIError
    from tpi_widgets.ui.lean_state import send_lean_widget_state
    from tpi_widgets.workspace import Workspace

    send_lean_widget_state()
    try:
        opened = Workspace.open(workspace)
    except TPIError as exc:
        display(HTML(f"<p class='tpi-error'>{esc(exc)}</p>"))
        return None
    view = make_view(opened)
    display(view)
    return view
