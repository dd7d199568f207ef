"""The command line as a whole: every command documents itself; errors are one line."""
from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from apostilla.cli.main import app

from conftest import run_cli


def all_command_paths() -> list[list[str]]:
    paths = []

    def walk(command, prefix: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, prefix + [name])
        else:
            paths.append(prefix)

    walk(typer.main.get_command(app), [])
    return paths


def test_every_command_has_help():
    paths = all_command_paths()
    assert ["new"] in paths and ["entity", "add"] in paths
    for path in paths:
        result = run_cli(*path, "--help")
        assert result.exit_code == 0, path
        assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 3, path


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("apostilla ")


def test_unknown_option_is_a_usage_error():
    assert run_cli("status", "x.xml", "--bogus").exit_code == 2


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "missing.xml"
    proc = subprocess.run([sys.executable, "-m", "apostilla.cli.main", "status", str(missing)],
                          capture_output=True, text=True)
    assert proc.returncode == 3
    assert proc.stderr == f"apostilla: error: {missing}: no such file\n"


def test_start_up_does_not_load_the_heavy_libraries():
    code = ("import sys; from apostilla.cli.main import app; "
            "heavy = [m for m in ('docx', 'babel', 'rich', 'lxml.isoschematron') if m in sys.modules]; "
            "print(','.join(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(filter(None, proc.stdout.strip().split(",")))
    # typer itself may bring rich for help screens; ours must not add python-docx, babel or schemas.
    assert not loaded & {"docx", "babel", "lxml.isoschematron"}


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def test_every_command_has_help_and_is_registered_once():
    import typer.main

    root = typer.main.get_command(app)
    found = list(_commands(root))
    names = [" ".join(words) for words, _ in found]
    assert len(names) == len(set(names))
    assert {"new", "entity add", "entity tag", "mark", "quote add", "gloss add", "remove", "apply", "list",
            "status", "show", "validate", "export docx", "export html", "export xliff", "import xliff",
            "demo"} <= set(names)
    for words, command in found:
        result = run_cli(*words, "--help")
        assert result.exit_code == 0, words
        assert (command.help or "").strip(), f"`apostilla {' '.join(words)}` has no help"


@pytest.mark.parametrize("args, message", [
    (["frobnicate"], "No such command 'frobnicate'"),
    (["list"], "Missing argument"),
    (["mark", "doc.xml", "--match", "x", "--term", "es", "--nth", "two"], "'two' is not a valid int"),
    (["entity", "add", "doc.xml", "x", "--type", "person", "--nmae", "X"], "No such option: --nmae"),
])
def test_usage_errors_are_one_line_with_exit_2(args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("apostilla: error: ") and message in lines[0]
    assert "--help" in lines[0]
