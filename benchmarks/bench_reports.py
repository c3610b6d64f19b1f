"""Annex documents: wall time of `tpi report` for every document of one partnership, and for a
network of 20 partnerships (`--all-partnerships`), in all three formats (HTML, PDF, DOCX), each
partnership carrying the demo sample records (plan, visits, report, follow-up).

Each document costs a papermill kernel (start + imports), an nbconvert render, a headless
Chromium print and a python-docx write; `tpi report` runs them in parallel up to the number of
cores.
"""

from __future__ import annotations

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

ONE_PARTNERSHIP_SAMPLES = 3
NETWORK_SIZE = 20


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


def timed_report(args: list[str], out: Path) -> tuple[float, int]:
    """(seconds, files written) for one `tpi report` run into a fresh folder."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tpi_widgets.cli", "report", *args, "--out", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - start, sum(1 for _ in out.iterdir())


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = make_workspace(tmp / "one", 1)
        samples = [timed_report([str(tmp / "one"), one[0]], tmp / f"out-one-{i}") for i in range(ONE_PARTNERSHIP_SAMPLES)]
        make_workspace(tmp / "network", NETWORK_SIZE)
        network_seconds, network_files = timed_report([str(tmp / "network"), "--all-partnerships"], tmp / "out-network")
    files_one = samples[0][1]
    return {
        "one_partnership": {"seconds_median": round(statistics.median(s for s, _ in samples), 2),
                            "seconds_samples": [round(s, 2) for s, _ in samples],
                            "documents": files_one // 3, "files": files_one},
        "network": {"partnerships": NETWORK_SIZE, "seconds": round(network_seconds, 1),
                    "documents": network_files // 3, "files": network_files,
                    "seconds_per_document": round(network_seconds / max(network_files // 3, 1), 2)},
    }
