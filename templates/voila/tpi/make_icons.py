"""Build static/tpi-icons/: the few Font Awesome 5 Free solid icons the pages use, as one small font
and stylesheet, instead of the whole icon set (about 95 KB less on a page's first load).

    .venv/bin/pip install brotli    # fontTools writes woff2 with it
    .venv/bin/python templates/voila/tpi/make_icons.py SOURCE/fa-solid-900.woff2

ipywidgets draws a button's icon as <i class="fa fa-NAME">; tests/test_static_compression.py fails
when the package uses an icon missing here.
"""

from __future__ import annotations

import sys
from pathlib import Path

# icon name -> its code point in Font Awesome 5 Free (solid)
ICONS = {
    "arrow-down": 0xF063, "arrow-up": 0xF062, "check": 0xF00C, "file-alt": 0xF15C, "forward": 0xF04E,
    "key": 0xF084, "lock": 0xF023, "minus": 0xF068, "pencil-alt": 0xF303, "plus": 0xF067, "share": 0xF064,
    "trash": 0xF1F8, "undo": 0xF0E2, "unlock": 0xF09C, "user-plus": 0xF234,
}
OUT = Path(__file__).parent / "static" / "tpi-icons"

CSS_HEAD = """/* Font Awesome Free 5 (solid), only the icons TPI Workbook's pages use: made by
   templates/voila/tpi/make_icons.py. License: LICENSE.txt (icons CC BY 4.0, font SIL OFL 1.1). */
@font-face { font-family: "TPI Icons"; font-style: normal; font-weight: 900; font-display: block;
  src: url(icons.woff2) format("woff2"); }
.fa { font-family: "TPI Icons"; font-weight: 900; font-style: normal; display: inline-block;
  line-height: 1; -webkit-font-smoothing: antialiased; text-rendering: auto; }
"""


def main(source: str):
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=ICONS.values())
    subsetter.subset(font)
    subset.save_font(font, str(OUT / "icons.woff2"), options)
    rules = "".join(f'.fa-{name}:before {{ content: "\\{code:x}"; }}\n' for name, code in sorted(ICONS.items()))
    (OUT / "icons.css").write_text(CSS_HEAD + rules)


if __name__ == "__main__":
    main(sys.argv[1])
