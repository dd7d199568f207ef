"""A real Dask cluster on localhost for the tests: one `dask scheduler`, `dask worker` processes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import need_tool


def dask_program() -> str:
    """The `dask` command of this Python's installation (the test extra installs it)."""
    beside = Path(sys.executable).with_name("dask")
    return str(beside) if beside.exists() else need_tool("dask")


class Cluster:
    """A scheduler on a free port of 127.0.0.1 and `workers` single-threaded worker processes
    without nannies (a killed worker stays dead, as a lost machine would)."""

    def __init__(self, folder: Path, workers: int = 2) -> None:
        self.folder, self.count = folder, workers
        self.file = folder / "scheduler.json"
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.address = ""

    def start(self) -> Cluster:
        """Starts what is not running, and waits until every worker has registered."""
        if self.scheduler is None or self.scheduler.poll() is not None:
            self.file.unlink(missing_ok=True)
            for worker in self.workers:
                _stop(worker)
            self.workers = []
            self.scheduler = self._spawn("scheduler", "--host", "127.0.0.1", "--port", "0",
                                         "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                                         "--scheduler-file", str(self.file))
            self.address = self._wait_for_address()
        self.workers = [w for w in self.workers if w.poll() is None]
        while len(self.workers) < self.count:
            self.workers.append(self._spawn("worker", "--scheduler-file", str(self.file),
                                            "--nworkers", "1", "--nthreads", "1",
                                            "--no-nanny", "--no-dashboard",
                                            "--dashboard-address", "127.0.0.1:0"))
        self._wait_for_workers()
        return self

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process is not None:
                _stop(process)

    def scheduler_info(self, expression: str) -> object:
        """Evaluates `expression` on the scheduler (a name `scheduler` is bound to it)."""
        code = ("import json, sys; from dask.distributed import Client\n"
                "with Client(sys.argv[1], timeout=20) as c:\n"
                "    print(json.dumps(c.run_on_scheduler(lambda dask_scheduler: "
                f"(lambda scheduler: {expression})(dask_scheduler))))")
        out = subprocess.run([sys.executable, "-c", code, self.address], capture_output=True,
                             text=True, timeout=60, check=True)
        return json.loads(out.stdout)

    def _spawn(self, *args: str) -> subprocess.Popen:
        path = self.folder / f"{args[0]}-{time.monotonic_ns()}.log"
        with open(path, "wb") as log:
            process = subprocess.Popen([dask_program(), *args], stdout=log, stderr=log,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        process.log = path  # type: ignore[attr-defined]
        return process

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                return json.loads(self.file.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise RuntimeError("the Dask scheduler did not start within 60 s")

    def _wait_for_workers(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if all(b"Registered to:" in w.log.read_bytes() for w in self.workers):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.count} Dask workers did not register within 90 s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
