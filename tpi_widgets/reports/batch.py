"""Build many documents at once (one partnership's, or a whole network's): in parallel up to the
number of cores, with a progress bar; one document failing does not stop the others."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from tpi_widgets.errors import TPIError
from tpi_widgets.reports.build import Built, Job, build


@dataclass
class Outcome:
    built: list[Built] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(note for b in self.built for note in b.notes))


def build_safely(job: Job) -> tuple[Job, Built | None, str]:
    """Run in a worker: never raises, so one document's failure is reported, not fatal."""
    try:
        return job, build(job), ""
    except TPIError as exc:
        return job, None, str(exc)
    except Exception as exc:  # a worker's outermost frame: a bug fails only this document; the summary names it
        return job, None, f"{type(exc).__name__}: {exc}".splitlines()[0]


def build_all(jobs: list[Job], workers: int | None = None, progress: bool = True) -> Outcome:
    outcome = Outcome()
    if not jobs:
        return outcome
    from tqdm import tqdm
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    # spawn, not fork: each worker opens its own store connection instead of inheriting one
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(build_safely, job) for job in jobs]
        with tqdm(total=len(jobs), unit="document", file=sys.stderr, disable=not progress,
                  bar_format="{l_bar}{bar:30}| {n_fmt}/{total_fmt} [{elapsed}]") as bar:
            for future in as_completed(futures):
                job, built, reason = future.result()
                if built is not None:
                    outcome.built.append(built)
                else:
                    outcome.failed.append((job, reason))
                bar.set_description_str(job.partnership[:24])
                bar.update()
    outcome.built.sort(key=lambda b: jobs.index(b.job))
    outcome.failed.sort(key=lambda f: jobs.index(f[0]))
    return outcome
