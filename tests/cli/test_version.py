"""The version apostilla states is the one it is released as."""
from __future__ import annotations

import tomllib
from importlib.metadata import version as installed_version
from pathlib import Path

from typer.testing import CliRunner

from apostilla.cli.main import app
from apostilla.common.version import VERSION, version

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_one_pyproject_releases():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project.get("dynamic", [])
    assert version() == VERSION == project["version"]


def test_the_version_is_the_installed_one():
    assert version() == installed_version("apostilla")


def test_version_prints_it():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"apostilla {VERSION}\n"
