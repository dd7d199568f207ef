"""Where tasks run: in this process, in worker processes of this machine, or on a Dask cluster."""
from __future__ import annotations

# A caller hands an executor a module-level function and a list of picklable tasks, and gets
# (task number, result) pairs back as the tasks finish, in any order. Tasks and results are
# plain data (no compiled schemas, no open files): a Dask worker may be another machine. The
# function should catch what can go wrong with one task's input and say so in its result;
# what the executor itself reports is infrastructure: a task whose workers kept dying comes
# back as Lost, a cluster that cannot be reached or goes away is an ExecutorError (exit 4).
# `validate` sends chunks of files this way; a batch of exports can send documents the same way.
#
#     with open_executor("dask", scheduler="tcp://head:8786") as executor:
#         for number, result in executor.run(render_one, tasks): ...
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ExecutorError, UsageError

LOCAL, DASK = "local", "dask"
KINDS = (LOCAL, DASK)
# How often the worker processes running one task may die before it is given up; Dask's
# own setting (distributed.scheduler.allowed-failures) counts the same way on a cluster.
ATTEMPTS = 3
DASK_MISSING = "--executor dask needs Dask: pip install 'apostilla[dask]'"


@dataclass(frozen=True)
class Lost:
    """The result of a task that never finished: the worker processes running it kept dying."""

    reason: str


class Executor:
    """Runs tasks somewhere; use it as a context manager so that its workers are let go."""

    description = "this process"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        """fn(task) for every task, as (the task's number in `tasks`, its result) when done."""
        for number, task in enumerate(tasks):
            yield number, fn(task)

    def close(self) -> None:
        pass

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_executor(kind: str = LOCAL, *, jobs: int | None = None,
                  scheduler: str | None = None) -> Executor:
    """The executor named `kind`: "local" runs `jobs` worker processes (one: this process;
    None: one per core), "dask" a Dask cluster at `scheduler`, else $DASK_SCHEDULER_ADDRESS,
    else a local cluster of `jobs` worker processes."""
    if kind == LOCAL:
        if scheduler:
            raise UsageError("--scheduler needs --executor dask")
        workers = jobs or cores()
        return Executor() if workers == 1 else ProcessPool(workers)
    if kind == DASK:
        return DaskCluster(scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None, jobs)
    raise UsageError(f"unknown executor {kind!r}; use {' or '.join(KINDS)}")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class ProcessPool(Executor):
    """Worker processes of this machine; on Linux they are forked, so they start with what this
    process has already loaded (schemas read before `run` are not read again)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"{workers} worker processes"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        pending = dict(enumerate(tasks))  # in the order given: callers put big tasks first
        for _ in range(ATTEMPTS):
            if not pending:
                return
            pool = ProcessPoolExecutor(min(self.workers, len(pending)), mp_context=_context())
            try:
                futures = {pool.submit(fn, task): number for number, task in pending.items()}
                for future in as_completed(futures):
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        continue  # a worker died: collect what the others finished, then retry
                    number = futures[future]
                    del pending[number]
                    yield number, result
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if not pending:
            return
        raise ExecutorError(f"worker processes stopped (killed, or out of memory) {ATTEMPTS} "
                            f"times; {len(pending)} tasks were not done")


def _context():  # -> a multiprocessing context; multiprocessing is imported only for a pool
    import multiprocessing
    import threading

    # fork shares what the parent has read already. Not on macOS (its libraries are not
    # fork-safe), nor from a process running threads (a lock held in another thread would
    # stay held in the child); there the platform's default is used.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and os.uname().sysname == "Linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class DaskCluster(Executor):
    """A Dask cluster: the scheduler at `address`, or a local cluster of `workers` processes."""

    def __init__(self, address: str | None, workers: int | None) -> None:
        try:
            import dask.distributed as dd  # 0.2-0.6 s: only when chosen
        except ImportError:
            raise UsageError(DASK_MISSING) from None
        import logging

        # Dask logs its own view of failures (tracebacks included) to stderr; apostilla says
        # what went wrong in one line of its own, so only Dask's critical messages stay.
        # Tornado, under Dask's client, logs its own traceback when a scheduler goes away mid-run.
        self._levels = {**_quiet("distributed"), **_quiet("tornado")}
        self._cluster = None
        if address:
            try:
                _reach(address)
            except ExecutorError:
                _restore(self._levels)
                raise
            self._client = dd.Client(address, set_as_default=False)
            self.description = f"the Dask scheduler at {address}"
            return
        count = workers or cores()
        try:
            # Any free port for its web server (8787, Dask's default, may be taken).
            self._cluster = dd.LocalCluster(n_workers=count, threads_per_worker=1,
                                            processes=True, dashboard_address="127.0.0.1:0",
                                            silence_logs=logging.ERROR)
        except (OSError, RuntimeError) as exc:
            _restore(self._levels)
            raise ExecutorError(f"cannot start a local Dask cluster: {_first_line(exc)}") from None
        self._client = dd.Client(self._cluster, set_as_default=False)
        self.description = f"a local Dask cluster of {count} worker processes"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        import uuid
        from concurrent.futures import CancelledError

        from dask.distributed import KilledWorker, as_completed

        if not tasks:
            return
        # Dask groups tasks by the first word of their keys (its dashboard shows that name).
        prefix = f"{getattr(fn, '__name__', 'task')}-{uuid.uuid4().hex[:12]}"
        keys = [f"{prefix}-{n}" for n in range(len(tasks))]
        futures = self._client.map(fn, list(tasks), key=keys, pure=False)
        numbers = {future.key: n for n, future in enumerate(futures)}
        try:
            for future, result in as_completed(futures, loop=self._client.loop, with_results=True,
                                               raise_errors=False):
                number = numbers[future.key]
                if future.status == "error":
                    error = result[1] if isinstance(result, tuple) else result
                    if not isinstance(error, KilledWorker):
                        raise error  # the function raised: a bug, reported as one
                    yield number, Lost(f"the worker processes running it died {ATTEMPTS} times "
                                       "(killed, or out of memory)")
                elif future.status == "cancelled" or isinstance(result, CancelledError):
                    raise ExecutorError(f"lost the connection to {self.description}; the report "
                                        "so far is kept (run again with --resume)")
                else:
                    yield number, result
                future.release()
        finally:
            self._cancel(futures)

    def _cancel(self, futures: list) -> None:
        try:
            self._client.cancel([f for f in futures if not f.done()])
        except Exception:  # the scheduler may be gone already: nothing left to cancel
            pass

    def close(self) -> None:
        try:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            _restore(self._levels)


def _quiet(prefix: str) -> dict:
    """Sets the loggers named `prefix` or below to CRITICAL; returns their levels before."""
    import logging

    names = [prefix] + [n for n in logging.root.manager.loggerDict if n.startswith(prefix + ".")]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return levels


def _restore(levels: dict) -> None:
    import logging

    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _reach(address: str) -> None:
    """Fails with one line unless a scheduler answers at `address`, within Dask's connect
    timeout (distributed.comm.timeouts.connect, 30 s unless configured). Tried before a Client
    is made: a Client that fails to connect spends seconds more on closing as Python exits."""
    import asyncio

    from distributed.comm import connect

    async def probe() -> None:
        comm = await connect(address)
        await comm.close()

    try:
        asyncio.run(probe())
    except (OSError, ValueError, TypeError) as exc:
        # OSError covers refusals and timeouts; a malformed address is a ValueError.
        raise ExecutorError(f"cannot reach the Dask scheduler at {address}: "
                            f"{_first_line(exc)}") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
