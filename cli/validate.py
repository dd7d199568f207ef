"""The `validate` command: files and folders against apostilla's profile or given schemas."""

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import format_option
from .output import warn


class ExecutorKind(str, Enum):
    local = "local"
    dask = "dask"


def validate(
    paths: Annotated[list[Path], typer.Argument(
        help="TEI files, or folders searched for *.xml.", show_default=False)],
    schema: Annotated[Optional[list[Path]], typer.Option(
        "--schema", help="A .rng, .rnc, .xsd or .sch file, or tei_all (the copy apostilla "
        "ships) (repeatable); default: apostilla's TEI profile.", show_default=False)] = None,
    rules: Annotated[bool, typer.Option(
        "--rules/--no-rules", help="Run the integrity rules (and Schematron inside a schema).")
    ] = True,
    output_format: str = format_option("text", "json", help="text: one line per problem; json: the whole report."),
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", min=1, help="Worker processes (default: one per core); with --executor dask, "
        "those of the local cluster.", show_default=False)] = None,
    trust_dtd: Annotated[bool, typer.Option(
        "--trust-dtd", help="Let documents load a local DTD for their entities (never from "
        "the network).")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Count warnings as errors.")] = False,
    executor: Annotated[ExecutorKind, typer.Option(
        "--executor", help="local: worker processes of this machine; dask: a Dask cluster "
        "(pip install 'apostilla[dask]').")] = ExecutorKind.local,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", metavar="ADDRESS", help="The Dask scheduler, e.g. tcp://head:8786 "
        "(default: $DASK_SCHEDULER_ADDRESS, else a local cluster).", show_default=False)
    ] = None,
    report_file: Annotated[Optional[Path], typer.Option(
        "--report", metavar="FILE.jsonl", help="Write one JSON line per document as it is "
        "checked.", show_default=False)] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Skip the documents the --report file holds with the same SHA-256 "
        "and schemas.")] = False,
    progress: Annotated[bool, typer.Option(
        "--progress/--no-progress", help="A progress bar on stderr when it is a terminal.")
    ] = True,
    phase: Annotated[Optional[str], typer.Option(
        "--phase", help="The Schematron phase to run (default: each schema's own).",
        show_default=False)] = None,
) -> None:
    """Validate TEI documents; exit 1 when any has an error."""
    from apostilla.schemas import validate_paths

    started = time.monotonic()
    bar = _ProgressBar() if progress and sys.stderr.isatty() else None
    try:
        report = validate_paths(paths, schemas=schema or (), rules=rules, trust_dtd=trust_dtd,
                                jobs=jobs, strict=strict, progress=bar,
                                executor=executor.value, scheduler=scheduler,
                                report=report_file, resume=resume, phase=phase)
    finally:
        if bar:
            bar.close()
    for note in report.notes:
        warn(note)
    out = report.json_text() if output_format == "json" else report.text()
    if out:
        typer.echo(out)
    grouped = report.most_frequent_text()
    if grouped and output_format == "text":
        typer.echo(grouped, err=True)
    typer.echo(f"{report.summary_line()} ({time.monotonic() - started:.1f} s)", err=True)
    if not report.valid:
        raise typer.Exit(1)


class _ProgressBar:
    """A rich progress bar on stderr with files/s and the time left, for runs long enough to
    want one; rich is imported only then. It redraws as chunks finish, without a thread of its
    own (worker processes are forked from this one)."""

    FROM = 50  # documents; shorter runs finish before a bar would help

    def __init__(self) -> None:
        self._progress = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if total < self.FROM:
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
            TextColumn("validating"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=Console(file=sys.stderr), auto_refresh=False)
        self._progress.start()
        self._started = time.monotonic()
        self._task = self._progress.add_task("validate", total=total, rate=self._rate(0))

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _rate(self, done: int) -> str:
        elapsed = time.monotonic() - self._started
        return f"{done / elapsed:,.0f} files/s" if elapsed > 0 and done else "- files/s"
