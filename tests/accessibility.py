"""The automated accessibility audit: axe-core (npm, `npm install -g axe-core`; .ci/run installs
it) run inside a page, WCAG 2.1 levels A and AA. Loaded from the machine, never from a CDN."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> str:
    """axe.min.js from TPI_AXE or npm's global folder; missing: skipped, or failed with CI=true."""
    candidates = [os.environ.get("TPI_AXE", "")]
    try:
        root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
        candidates.append(str(Path(root) / "axe-core" / "axe.min.js"))
    except (OSError, subprocess.SubprocessError):
        pass
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8")
    if os.environ.get("CI") == "true":
        pytest.fail("axe-core is not installed: .ci/run must install it (npm install -g axe-core)")
    pytest.skip("axe-core is not installed (npm install -g axe-core)")


def violations(page, script: str) -> list[str]:
    """Every WCAG 2.1 A/AA violation on the page as shown now: rule, impact, where, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=script)
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') +
            (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''));
    }""", WCAG_21_AA)
    return found
