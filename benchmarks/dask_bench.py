"""`apostilla validate` on 10x the corpus: local processes, a local Dask cluster, a Dask scheduler."""
from __future__ import annotations

#    python benchmarks/dask_bench.py [--copies 10] [--runs 3] [--jobs 2] [--tasks 2000]
#
# Copies ../shared/corpus `--copies` times under a temporary folder (9,160 files for 10) and
# validates them against tei_all (--no-rules --trust-dtd, as the agreement test) in one call
# each, interleaved: with `--jobs` local worker processes; with --executor dask and no
# scheduler (a LocalCluster of `--jobs` workers, started by the command); and with a
# `dask scheduler` and `--jobs` `dask worker` processes started here once, before the runs,
# as a cluster would be. The three JSON reports must be identical. Wall and CPU seconds are
# medians; CPU counts the command and its processes, plus the scheduler's workers.
#
# Per-task overhead: `--tasks` empty tasks through the scheduler and its workers, as wall time
# per task and per worker; and what a validation run through the scheduler costs more than
# the local pool, per chunk. The table goes to stdout and to benchmarks/out/dask_bench.md.

import argparse
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TEI_ALL = CORPUS / "schema" / "tei_all.rng"


def apostilla() -> list[str]:
    exe = Path(sys.executable).with_name("apostilla")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "apostilla.cli.main"]


def dask() -> str:
    exe = Path(sys.executable).with_name("dask")
    if not exe.exists():
        sys.exit("needs Dask: pip install 'apostilla[dask]'")
    return str(exe)


def run(command: list[str], workers: list[int]) -> dict:
    """Wall s, CPU s (the command, its children, and the `workers` processes), peak RSS MB
    of the command (or its largest child), and the SHA-256 of what it printed."""
    before = _cpu_of(workers)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime + _cpu_of(workers) - before,
            "rss": usage.ru_maxrss / 1024, "digest": digest, "code": process.returncode}


def _cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Scheduler:
    """`dask scheduler` and `count` `dask worker` processes on 127.0.0.1."""

    def __init__(self, folder: Path, count: int) -> None:
        file = folder / "scheduler.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                 "start_new_session": True}
        self.scheduler = subprocess.Popen(
            [dask(), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(file)], **quiet)
        while not file.exists() or not file.stat().st_size:
            time.sleep(0.05)
        time.sleep(0.2)
        self.address = json.loads(file.read_text())["address"]
        self.workers = [subprocess.Popen(
            [dask(), "worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-nanny",
             "--no-dashboard", "--dashboard-address", "127.0.0.1:0"], **quiet)
            for _ in range(count)]
        from dask.distributed import Client

        with Client(self.address) as client:
            client.wait_for_workers(count, timeout=120)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()


def empty_tasks(address: str, tasks: int, workers: int) -> tuple[float, float]:
    """(seconds per empty task, seconds per task and worker) through the scheduler."""
    from dask.distributed import Client, wait

    with Client(address) as client:
        wait(client.map(abs, range(-200, 0), pure=False))  # warm the connections
        start = time.perf_counter()
        futures = client.map(abs, range(tasks), pure=False)
        wait(futures)
        wall = time.perf_counter() - start
    return wall / tasks, wall * workers / tasks


def local_cluster_start(workers: int) -> float:
    """Seconds to start (and stop) a LocalCluster of `workers` processes with a client."""
    import logging

    from dask.distributed import Client, LocalCluster

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster):
        started = time.perf_counter() - start
    return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs of each way, interleaved")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes in each way")
    parser.add_argument("--tasks", type=int, default=2000, help="empty tasks for the overhead")
    args = parser.parse_args()
    if not TEI_ALL.exists():
        sys.exit("../shared/corpus is missing")
    from apostilla.schemas.runner import _chunks, find_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "copies"
        for n in range(args.copies):
            shutil.copytree(CORPUS, folder / f"copy{n:02}", ignore=shutil.ignore_patterns(
                "schema", "verdicts.tsv"))
        files = find_files([folder])
        chunks = len(_chunks(files))
        cluster = Scheduler(Path(tmp), args.jobs)
        try:
            base = apostilla() + ["validate", str(folder), "--schema", str(TEI_ALL),
                                  "--no-rules", "--trust-dtd", "--format", "json",
                                  "--jobs", str(args.jobs)]
            ways = {
                f"local pool, {args.jobs} processes": (base, []),
                f"Dask LocalCluster, {args.jobs} workers (started by the command)":
                    (base + ["--executor", "dask"], []),
                f"dask scheduler + {args.jobs} dask worker processes (already running)":
                    (base + ["--executor", "dask", "--scheduler", cluster.address],
                     [w.pid for w in cluster.workers]),
            }
            results: dict[str, list[dict]] = {name: [] for name in ways}
            for name, (command, pids) in ways.items():  # warm: disk, grammar cache, workers
                run(command, pids)
            for _ in range(args.runs):
                for name, (command, pids) in ways.items():
                    results[name].append(run(command, pids))
            worker_rss = max(peak_rss_mb(w.pid) for w in cluster.workers)
            per_task, per_task_worker = empty_tasks(cluster.address, args.tasks, args.jobs)
        finally:
            cluster.stop()
        startup = local_cluster_start(args.jobs)

    digests = {r["digest"] for rs in results.values() for r in rs}
    codes = {r["code"] for rs in results.values() for r in rs}
    medians = {name: {key: statistics.median(r[key] for r in rs)
                      for key in ("wall", "cpu", "rss")} for name, rs in results.items()}
    first = next(iter(medians.values()))
    remote = list(medians.values())[2]
    lines = [f"Machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end; "
             f"{len(files)} files ({args.copies} copies of the corpus) in {chunks} chunks, "
             f"against tei_all (--no-rules --trust-dtd); medians of {args.runs} interleaved "
             "runs after one warm-up run each.", "",
             "| way | wall s | vs local pool | CPU s | CPU ms per file | peak RSS MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, m in medians.items():
        lines.append(f"| {name} | {m['wall']:.2f} | {m['wall'] / first['wall']:.2f}x | "
                     f"{m['cpu']:.2f} | {1000 * m['cpu'] / len(files):.2f} | {m['rss']:.0f} |")
    lines += ["",
              f"- reports identical across the three ways and all runs: "
              f"{'yes' if len(digests) == 1 else 'NO'} (exit codes {sorted(codes)})",
              f"- empty tasks through the scheduler: {1000 * per_task:.2f} ms per task, "
              f"{1000 * per_task_worker:.2f} ms per task and worker ({args.tasks} tasks)",
              f"- the scheduler run costs {1000 * (remote['wall'] - first['wall']) / chunks:.1f} "
              f"ms of wall time per chunk more than the local pool "
              f"({len(files) / chunks:.0f} files per chunk)",
              f"- starting and stopping a LocalCluster of {args.jobs} workers: {startup:.2f} s",
              f"- peak RSS of a dask worker over all runs: {worker_rss:.0f} MB"]
    table = "\n".join(lines)
    print(table)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "dask_bench.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
