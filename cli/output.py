"""What the commands print: lines for people, with document text made safe for a terminal."""

import sys

import typer
from apostilla.common.text import printable


def say(line: str) -> None:
    """One line on stdout; controls and bidi overrides in it are shown, never obeyed."""
    typer.echo(printable(line))


def warn(message: str) -> None:
    """`apostilla: warning: ...` on stderr."""
    typer.echo(printable(f"apostilla: warning: {message}"), err=True)


def error(line: str) -> None:
    """An error line (or a detail under it) on stderr."""
    typer.echo(printable(line), err=True)


def trace() -> None:
    """The traceback of the error being handled (--verbose), made safe like any other line: its
    message (which may hold a file name or document text) stays on one line."""
    import traceback

    kind, error, stack = sys.exc_info()
    frames = printable("".join(traceback.format_tb(stack)), lines=True)
    typer.echo(f"Traceback (most recent call last):\n{frames}" + printable(f"{kind.__name__}: {error}"), err=True)


def data(text: str) -> None:
    """Output meant for a program (JSON, CSV, a diff): exact, unless a person reads it on a terminal."""
    typer.echo(printable(text, lines=True) if sys.stdout.isatty() else text, nl=False)
