"""Build many documents at once (one partnership's, or a whole network's), with a progress bar;
one document failing does not stop the others.

One partnership's documents are built in this process (reports/build.py build_groups). Several
partnerships are shared out among worker processes, up to the number of cores: each worker
imports the builders, opens the workspace and starts its browser once, then builds its share,
reporting each finished document on a queue the progress bar reads.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from tpi_widgets.errors import TPIError
from tpi_widgets.reports.build import Built, Job, Result, group_jobs
from tpi_widgets.reports.writer import build_groups


@dataclass
class Outcome:
    built: list[Built] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(note for b in self.built for note in b.notes))


def build_safely(groups: list[list[Job]], done=lambda job: None) -> list[Result]:
    """Never raises, so a failure is reported with the documents it cost, not fatal."""
    try:
        return build_groups(groups, done)
    except TPIError as exc:
        reason = str(exc)
    except Exception as exc:  # a worker's outermost frame: a bug fails only these documents; the summary names it
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return [(job, None, reason) for jobs in groups for job in jobs]


_finished = None  # a worker's queue of finished documents (set by _start_worker)


def _start_worker(finished):
    global _finished
    _finished = finished


def _build_share(groups: list[list[Job]]) -> list[Result]:
    return build_safely(groups, lambda job: _finished.put(job.name))


def shares(groups: list[list[Job]], workers: int) -> list[list[list[Job]]]:
    """The groups dealt out in turn, so each worker gets as many partnerships as the others."""
    return [groups[n::workers] for n in range(workers)]


def build_all(jobs: list[Job], workers: int | None = None, progress: bool = True) -> Outcome:
    if not jobs:
        return Outcome()
    from tqdm import tqdm
    groups = group_jobs(jobs)
    workers = max(1, min(workers or os.cpu_count() or 1, len(groups)))
    with tqdm(total=len(jobs), unit="document", file=sys.stderr, disable=not progress,
              bar_format="{l_bar}{bar:30}| {n_fmt}/{total_fmt} [{elapsed}]") as bar:
        def tick(name: str):
            bar.set_description_str(name[:24])
            bar.update()
        if workers == 1:
            results = build_safely(groups, lambda job: tick(job.name))
        else:
            results = _in_workers(groups, workers, tick)
    outcome = Outcome()
    position = {job: n for n, job in enumerate(jobs)}
    for job, built, reason in sorted(results, key=lambda r: position[r[0]]):
        if built is not None:
            outcome.built.append(built)
        else:
            outcome.failed.append((job, reason))
    return outcome


def _in_workers(groups: list[list[Job]], workers: int, tick) -> list[Result]:
    # spawn, not fork: each worker opens its own store connection instead of inheriting one
    context = multiprocessing.get_context("spawn")
    finished = context.Queue()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(finished,)) as pool:
        futures = {pool.submit(_build_share, share): share for share in shares(groups, workers)}
        while not all(f.done() for f in futures):
            try:
                tick(finished.get(timeout=0.2))
            except queue.Empty:
                pass
    results = []
    for future, share in futures.items():
        try:
            results.extend(future.result())
        except BrokenProcessPool:  # a worker killed (out of memory, say): its documents failed, said so
            results.extend((job, None, "its build process stopped") for jobs in share for job in jobs)
    return results
