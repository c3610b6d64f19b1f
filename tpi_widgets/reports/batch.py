"""Build many documents at once (one partnership's, or a whole network's): each partnership's
in one report notebook run and one browser (reports/build.py build_group), partnerships in
parallel up to the number of cores, with a progress bar; one document failing does not stop
the others."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from tpi_widgets.errors import TPIError
from tpi_widgets.reports.build import Built, Job, build_group, group_jobs


@dataclass
class Outcome:
    built: list[Built] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(note for b in self.built for note in b.notes))


def build_group_safely(jobs: list[Job]) -> list[tuple[Job, Built | None, str]]:
    """Run in a worker: never raises, so one partnership's failure is reported, not fatal."""
    try:
        return build_group(jobs)
    except TPIError as exc:
        return [(job, None, str(exc)) for job in jobs]
    except Exception as exc:  # a worker's outermost frame: a bug fails only these documents; the summary names it
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return [(job, None, reason) for job in jobs]


def build_all(jobs: list[Job], workers: int | None = None, progress: bool = True) -> Outcome:
    outcome = Outcome()
    if not jobs:
        return outcome
    from tqdm import tqdm
    groups = group_jobs(jobs)
    workers = max(1, min(workers or os.cpu_count() or 1, len(groups)))
    # spawn, not fork: each worker opens its own store connection instead of inheriting one
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(build_group_safely, group) for group in groups]
        with tqdm(total=len(jobs), unit="document", file=sys.stderr, disable=not progress,
                  bar_format="{l_bar}{bar:30}| {n_fmt}/{total_fmt} [{elapsed}]") as bar:
            for future in as_completed(futures):
                for job, built, reason in future.result():
                    if built is not None:
                        outcome.built.append(built)
                    else:
                        outcome.failed.append((job, reason))
                    bar.set_description_str(job.partnership[:24])
                    bar.update()
    position = {job: n for n, job in enumerate(jobs)}
    outcome.built.sort(key=lambda b: position[b.job])
    outcome.failed.sort(key=lambda f: position[f[0]])
    return outcome
