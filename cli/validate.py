"""The `validate` command: files and folders against apostilla's profile or given schemas."""

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def validate(
    paths: Annotated[list[Path], typer.Argument(
        help="TEI files, or folders searched for *.xml.", show_default=False)],
    schema: Annotated[Optional[list[Path]], typer.Option(
        "--schema", help="A .rng, .rnc, .xsd or .sch file, or tei_all (the copy apostilla "
        "ships) (repeatable); default: apostilla's TEI profile.", show_default=False)] = None,
    rules: Annotated[bool, typer.Option(
        "--rules/--no-rules", help="Run the integrity rules (and Schematron inside a schema).")
    ] = True,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text: one line per problem; json: the whole report.")
    ] = OutputFormat.text,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", min=1, help="Worker processes (default: one per core).", show_default=False)
    ] = None,
    trust_dtd: Annotated[bool, typer.Option(
        "--trust-dtd", help="Let documents load a local DTD for their entities (never from "
        "the network).")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Count warnings as errors.")] = False,
    phase: Annotated[Optional[str], typer.Option(
        "--phase", help="The Schematron phase to run (default: each schema's own).",
        show_default=False)] = None,
) -> None:
    """Validate TEI documents; exit 1 when any has an error."""
    from apostilla.schemas import validate_paths

    started = time.monotonic()
    report = validate_paths(paths, schemas=schema or (), rules=rules, trust_dtd=trust_dtd,
                            jobs=jobs, strict=strict, progress=_ProgressBar.maybe(),
                            phase=phase)
    out = report.json_text() if output_format is OutputFormat.json else report.text()
    if out:
        typer.echo(out)
    typer.echo(f"{report.summary_line()} ({time.monotonic() - started:.1f} s)", err=True)
    if not report.valid:
        raise typer.Exit(1)


class _ProgressBar:
    """A one-line bar on stderr, for long runs on a terminal only."""

    _WIDTH = 30
    _FROM = 50  # documents; shorter runs finish before a bar would help

    def __init__(self) -> None:
        self._last = 0.0

    @classmethod
    def maybe(cls) -> "_ProgressBar | None":
        return cls() if sys.stderr.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total < self._FROM or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        filled = self._WIDTH * done // total
        bar = "#" * filled + "-" * (self._WIDTH - filled)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r[{bar}] {done}/{total}{end}")
        sys.stderr.flush()
