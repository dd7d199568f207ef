"""Running the command line in-process, as a user would type it."""
from __future__ import annotations

from typer.testing import CliRunner

from apostilla.cli.main import app


def run_cli(*args: str):
    """Invoke `apostilla ARGS`; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)
