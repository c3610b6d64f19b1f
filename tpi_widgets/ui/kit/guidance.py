"""A step's guidance from the content pack, shown at the top of the step page as plain HTML: it is
part of the page Voila sends, readable before any widget arrives (and it costs no widget model)."""

from __future__ import annotations

from tpi_widgets.content import Pack
from tpi_widgets.core.html import bullet_list, tag

GUIDANCE_CLASS = "tpi-guidance"  # the workbook's step switch (static/step_switch.js) refills it


def guidance_html(pack: Pack, step_number: int, language: str) -> str:
    """The guidance's inner HTML: heading, purpose, activities and outputs (pack text, escaped)."""
    step = pack.step(step_number)
    text = lambda key, **kw: pack.text(key, language, **kw)  # noqa: E731
    return (
        tag("h2", text("step.heading", number=step.number, title=step.title))
        + tag("p", step.purpose, "tpi-purpose")
        # open; a phone folds it (static/tpi-header.js), so what to fill comes first
        + '<details class="tpi-guidance-more" open>' + tag("summary", text("step.more"))
        + '<div class="tpi-guidance-columns"><div>'
        + tag("h4", text("step.activities")) + bullet_list(step.activities)
        + "</div><div>"
        + tag("h4", text("step.outputs")) + bullet_list(step.outputs)
        + "</div></div></details>"
    )


def guidance_block(pack: Pack, step_number: int, language: str) -> str:
    return f'<section class="{GUIDANCE_CLASS}" data-step="{step_number}">{guidance_html(pack, step_number, language)}</section>'
