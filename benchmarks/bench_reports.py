"""Documents: wall time of `tpi report` for every document of one partnership, and for a network
of 20 partnerships (`--all-partnerships`), in all three formats (HTML, PDF, DOCX), each
partnership carrying the demo sample records (plan, visits, report, follow-up).

This version builds a partnership's documents in one report notebook run (one kernel) and prints
its PDFs in one browser; partnerships run in parallel, one per core. The anchor, in the same run
and on the same workspaces, is the previous version (ANCHOR_COMMIT, checked out in a git
worktree): one kernel, one nbconvert run and one browser start per document.

Targets (issue 12): one partnership ≤ 5 s, 20 partnerships ≤ 60 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.demo.records import write_sample_records
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
ANCHOR_COMMIT = "22904aa"  # the last version building each document in its own kernel and browser
ONE_PARTNERSHIP_SAMPLES = 3
NETWORK_SIZE = 20
TARGETS = {"one_partnership_seconds": 5.0, "network_seconds": 60.0}


def make_workspace(folder: Path, partnerships: int) -> list[str]:
    workspace = Workspace.init(folder)
    config = build_config(read_config_file(SAMPLE_CONFIG), workspace.pack)
    slugs = []
    for n in range(1, partnerships + 1):
        slug = config.slug if n == 1 else f"{config.slug}-{n}"
        workspace.add_partnership(replace(config, slug=slug, name=f"{config.name} {n}"))
        write_sample_records(workspace, slug)
        slugs.append(slug)
    return slugs


def timed_report(args: list[str], out: Path, code: Path = ROOT) -> tuple[float, int]:
    """(seconds, files written) for one `tpi report` run into a fresh folder, with the package
    from `code` (this tree, or the anchor's worktree)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tpi_widgets.cli", "report", *args, "--out", str(out)],
                   check=True, capture_output=True, env=env, cwd=code)
    return time.perf_counter() - start, sum(1 for _ in out.iterdir())


def anchor_worktree(folder: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ANCHOR_COMMIT],
                   check=True, capture_output=True)
    return folder


def summary(samples: list[tuple[float, int]]) -> dict:
    return {"seconds_median": round(statistics.median(s for s, _ in samples), 2),
            "seconds_samples": [round(s, 2) for s, _ in samples],
            "documents": samples[0][1] // 3, "files": samples[0][1]}


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        anchor = anchor_worktree(tmp / "anchor")
        try:
            one = make_workspace(tmp / "one", 1)
            now, before = [], []
            for i in range(ONE_PARTNERSHIP_SAMPLES):  # alternately, so both see the same machine
                now.append(timed_report([str(tmp / "one"), one[0]], tmp / f"out-one-{i}"))
                before.append(timed_report([str(tmp / "one"), one[0]], tmp / f"out-one-anchor-{i}", anchor))
            make_workspace(tmp / "network", NETWORK_SIZE)
            network = timed_report([str(tmp / "network"), "--all-partnerships"], tmp / "out-network")
            network_before = timed_report([str(tmp / "network"), "--all-partnerships"], tmp / "out-network-anchor",
                                          anchor)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(anchor)],
                           capture_output=True)
    one_now, one_before = summary(now), summary(before)
    result = {
        "one_partnership": one_now,
        "one_partnership_previous_version": one_before,
        "network": {"partnerships": NETWORK_SIZE, "seconds": round(network[0], 1), "documents": network[1] // 3,
                    "files": network[1], "seconds_per_document": round(network[0] / max(network[1] // 3, 1), 2)},
        "network_previous_version": {"seconds": round(network_before[0], 1), "files": network_before[1]},
        "anchor": f"the previous version ({ANCHOR_COMMIT}), same workspaces, same run",
    }
    result["targets"] = {
        f"one partnership ≤ {TARGETS['one_partnership_seconds']:g} s": one_now["seconds_median"] <= TARGETS["one_partnership_seconds"],
        f"20 partnerships ≤ {TARGETS['network_seconds']:g} s": network[0] <= TARGETS["network_seconds"],
        # this version builds each step's document too: at least every file the previous one did
        "every document of the previous version": one_now["files"] >= one_before["files"] and network[1] >= network_before[1],
    }
    return result
