"""The live room (bench_live's scenario) on each store backend, SQLite and PostgreSQL, in one run:
the same workspace, participants and saves, each backend on its own `tpi serve`, one after the other.

For each backend:
- save → room view: p50, p95 and max over every participant's saves (bench_live.save_latencies);
- polling cost: CPU seconds a minute of each participant's kernel (and of the room view's) while
  every page sits open and nobody types for IDLE_SECONDS; what remains then is the pages polling
  the store's change counter (ui/live.py, ui/room_view.py);
- server CPU: CPU seconds of the `tpi serve` process (with its non-kernel children) and, for
  PostgreSQL, of every process of the cluster (postmaster and backends), over the save phase and
  the idle phase.

PostgreSQL is a throwaway cluster (tests/postgres.py, fsync off as in the tests), a new database
for the run. TPI_BENCH_ROOM=PxN runs P partnerships of N participants (default 3x10) for a quick
check of the benchmark itself.
"""

from __future__ import annotations

import os
import statistics
import time

import psutil

from bench_kernel_memory import kernel_process
from bench_live import PARTNERSHIPS, PER_PARTNERSHIP, SAVES_EACH, live_room, save_latencies
from bench_step2_page import required_chromium
from tests.postgres import PostgresServer, postgres_binaries
from tests.support import Server
from tpi_widgets.workspace import STORE_FILE

IDLE_SECONDS = 30
ROOM_SIZE = "TPI_BENCH_ROOM"  # PARTNERSHIPSxPARTICIPANTS, e.g. 2x3 for a quick check
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def room_size() -> tuple[int, int]:
    value = os.environ.get(ROOM_SIZE, f"{PARTNERSHIPS}x{PER_PARTNERSHIP}")
    partnerships, per_partnership = (int(n) for n in value.lower().split("x"))
    return partnerships, per_partnership


def run() -> dict:
    executable = required_chromium()
    binaries = postgres_binaries()
    if binaries is None:
        raise SystemExit("PostgreSQL is needed for this benchmark (apt-get install postgresql)")
    partnerships, per_partnership = room_size()
    postgres = PostgresServer(binaries)
    result: dict = {}
    try:
        postgres.start()
        result["sqlite"] = one_backend(executable, STORE_FILE, partnerships, per_partnership, None)
        result["postgresql"] = one_backend(executable, postgres.new_database(), partnerships, per_partnership,
                                           postgres)
    finally:
        if postgres.running:
            postgres.stop()
        postgres.remove()
    result["ratio_postgresql_to_sqlite"] = {
        f"save_to_room_{key}": ratio(result["postgresql"]["save_to_room_seconds"][key],
                                     result["sqlite"]["save_to_room_seconds"][key]) for key in ("median", "p95")}
    result["setup"] = (f"{partnerships} partnerships × {per_partnership} participants, each a Chromium context on "
                       f"the Step 2 page; {SAVES_EACH} ratings each; the facilitator's room view open; then "
                       f"{IDLE_SECONDS} s with every page open and idle. SQLite first, then PostgreSQL "
                       f"(a local cluster, fsync off), each on its own `tpi serve`")
    return result


def ratio(value: float, anchor: float) -> float | None:
    return round(value / anchor, 2) if anchor else None


def one_backend(executable: str, store: str, partnerships: int, per_partnership: int,
                postgres: PostgresServer | None) -> dict:
    with live_room(executable, store, partnerships, per_partnership) as live:
        result, server, participants = live.result, live.server, live.participants
        before, start = server_cpu(server, postgres), time.monotonic()
        result["save_to_room_seconds"] = save_latencies(participants, live.room, live.workspace, live.slugs, live.items)
        save_cpu = spent(before, server_cpu(server, postgres))
        save_seconds = time.monotonic() - start

        kernels = [page_kernel(server, page) for _, _, page in participants]
        room_kernel = page_kernel(server, live.room)
        before_kernels, before = cpu_seconds(kernels + [room_kernel]), server_cpu(server, postgres)
        time.sleep(IDLE_SECONDS)
        after_kernels = cpu_seconds(kernels + [room_kernel])
        idle_cpu = spent(before, server_cpu(server, postgres))
        per_minute = {pid: (seconds - before_kernels.get(pid, 0.0)) * 60 / IDLE_SECONDS
                      for pid, seconds in after_kernels.items()}
        result["idle_kernel_cpu_seconds_per_minute"] = {
            "participants": cpu_summary([per_minute[k.pid] for k in kernels if k.pid in per_minute]),
            "room_view": round(per_minute.get(room_kernel.pid, float("nan")), 3)}
        result["server_cpu_seconds"] = {"save_phase": {**save_cpu, "seconds": round(save_seconds, 1)},
                                        "idle_phase": {**idle_cpu, "seconds": IDLE_SECONDS}}
    result["targets"] = {"p95 save to room view under 2 s": result["save_to_room_seconds"]["p95"] < 2.0}
    return result


def page_kernel(server: Server, page) -> psutil.Process:
    kernel_id = page.evaluate(KERNEL_ID)
    process = kernel_process(server, kernel_id)
    if process is None:
        raise RuntimeError(f"no process for the page's kernel {kernel_id}")
    return process


def server_cpu(server: Server, postgres: PostgresServer | None) -> dict[str, dict[int, float]]:
    """CPU seconds so far of `tpi serve` with its children other than kernels ("server") and,
    on PostgreSQL, of the cluster's processes ("postgres"), pid by pid."""
    root = psutil.Process(server.process.pid)
    reading = {"server": cpu_seconds([root] + [p for p in root.children(recursive=True) if not is_kernel(p)])}
    if postgres:
        reading["postgres"] = cpu_seconds(cluster_processes(postgres))
    return reading


def is_kernel(process: psutil.Process) -> bool:
    try:
        return "ipykernel" in " ".join(process.cmdline())
    except psutil.Error:
        return True  # gone: count it nowhere


def cluster_processes(postgres: PostgresServer) -> list[psutil.Process]:
    """The postmaster (its pid is postmaster.pid's first line) and every backend and worker it started."""
    postmaster = psutil.Process(int((postgres.data / "postmaster.pid").read_text().split()[0]))
    return [postmaster] + postmaster.children(recursive=True)


def cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    """pid → user + system CPU seconds so far, for the processes still running."""
    found = {}
    for process in processes:
        try:
            times = process.cpu_times()
            found[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    return found


def spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU seconds of each part between two server_cpu readings: a process started in between
    counts from zero; one that ended in between is not counted (a PostgreSQL backend that closed)."""
    return {part: round(sum(seconds - before[part].get(pid, 0.0) for pid, seconds in after[part].items()), 2)
            for part in after}


def cpu_summary(values: list[float]) -> dict:
    return {"count": len(values), "median": round(statistics.median(values), 3), "max": round(max(values), 3)}
