"""The `validate` command: files and folders against apostilla's profile or given schemas."""

import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import EXECUTOR, JOBS, SCHEDULER, ExecutorKind, format_option
from .output import warn
from .progress import ProgressBar


def validate(
    paths: Annotated[list[Path], typer.Argument(
        help="TEI files, or folders searched for *.xml.", show_default=False)],
    schema: Annotated[Optional[list[Path]], typer.Option(
        "--schema", help="A .rng, .rnc, .xsd or .sch file, or tei_all (the copy apostilla "
        "ships) (repeatable); default: apostilla's TEI profile.", show_default=False)] = None,
    rules: Annotated[bool, typer.Option(
        "--rules/--no-rules", help="Run the integrity rules (and Schematron inside a schema).")
    ] = True,
    integrity: Annotated[bool, typer.Option(
        "--integrity/--no-integrity", help="Run apostilla's integrity rules (pointers, ids, "
        "languages, glosses); --no-integrity keeps the Schematron inside a schema.")] = True,
    output_format: str = format_option("text", "json", help="text: one line per problem; json: the whole report."),
    jobs: Annotated[Optional[int], JOBS] = None,
    trust_dtd: Annotated[bool, typer.Option(
        "--trust-dtd", help="Let documents load a local DTD for their entities (never from "
        "the network).")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Count warnings as errors.")] = False,
    executor: Annotated[ExecutorKind, EXECUTOR] = ExecutorKind.local,
    scheduler: Annotated[Optional[str], SCHEDULER] = None,
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
    bar = ProgressBar() if progress and sys.stderr.isatty() else None
    try:
        report = validate_paths(paths, schemas=schema or (), rules=rules, trust_dtd=trust_dtd,
                                jobs=jobs, strict=strict, progress=bar,
                                executor=executor.value, scheduler=scheduler,
                                report=report_file, resume=resume, phase=phase,
                                integrity=integrity)
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
