"""A step's guidance from the content pack, shown at the top of the step page."""

from __future__ import annotations

import ipywidgets as w

from tpi_widgets.content import Pack
from tpi_widgets.core.html import bullet_list, tag


def step_guidance(pack: Pack, step_number: int, language: str) -> w.HTML:
    step = pack.step(step_number)
    text = lambda key, **kw: pack.text(key, language, **kw)  # noqa: E731
    html = (
        tag("h2", text("step.heading", number=step.number, title=step.title))
        + tag("p", step.purpose, "tpi-purpose")
        + '<div class="tpi-guidance-columns"><div>'
        + tag("h4", text("step.activities")) + bullet_list(step.activities)
        + "</div><div>"
        + tag("h4", text("step.outputs")) + bullet_list(step.outputs)
        + "</div></div>"
    )
    box = w.HTML(html)
    box.add_class("tpi-guidance")
    return box
