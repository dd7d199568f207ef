"""A progress bar on stderr for commands that work through many files."""

import sys
import time


class ProgressBar:
    """A rich progress bar on stderr with files/s and the time left, for runs long enough to
    want one; rich is imported only then. It redraws as chunks finish, without a thread of its
    own (worker processes are forked from this one). Runs of fewer than `start_at` files
    finish before a bar would help: they get none."""

    def __init__(self, doing: str = "validating", start_at: int = 50) -> None:
        self._doing = doing
        self._from = start_at
        self._progress = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if total < self._from:
            return
        if self._progress is None:
            self._start(total)
        self._progress.update(self._task, completed=done, rate=self._rate(done), refresh=True)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn(self._doing), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=Console(file=sys.stderr), auto_refresh=False)
        self._progress.start()
        self._started = time.monotonic()
        self._task = self._progress.add_task(self._doing, total=total, rate=self._rate(0))

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _rate(self, done: int) -> str:
        elapsed = time.monotonic() - self._started
        return f"{done / elapsed:,.0f} files/s" if elapsed > 0 and done else "- files/s"
