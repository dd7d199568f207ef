"""Shared fixtures: where ../shared is, and outside tools that skip locally but fail in CI."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI never passes or fails by chance);
# the nightly benchmark runs draw fresh ones with the "nightly" profile.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("nightly", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(what: str) -> None:
    # In CI a missing tool or data set is a failure, so CI never passes by skipping.
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is missing")
    pytest.skip(f"{what} is not available here")


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skips (or fails in CI) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        _missing(f"../shared/{'/'.join(parts)}")
    return path


def need_tool(name: str) -> str:
    """The full path of an outside program; skips (or fails in CI) when it is absent."""
    found = shutil.which(name)
    if not found:
        _missing(f"the program {name!r}")
    return found


@pytest.fixture
def shared() -> Path:
    return need_shared()


@pytest.fixture
def seed_text() -> Path:
    return need_shared("seed", "source-article.txt")


@pytest.fixture
def tei_all() -> Path:
    return need_shared("corpus", "schema", "tei_all.rng")


@pytest.fixture
def jing() -> str:
    return need_tool("jing")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reproducible provenance dates in every test unless a test sets its own.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1767787200"))
    monkeypatch.setenv("APOSTILLA_USER", os.environ.get("APOSTILLA_USER", "Test Runner"))


@pytest.fixture(scope="session", autouse=True)
def _grammar_cache(tmp_path_factory: pytest.TempPathFactory):
    # Compiled grammars go to a folder of the test run's own, never the user's cache.
    before = os.environ.get("APOSTILLA_CACHE_DIR")
    os.environ["APOSTILLA_CACHE_DIR"] = str(tmp_path_factory.mktemp("grammar-cache"))
    yield
    if before is None:
        del os.environ["APOSTILLA_CACHE_DIR"]
    else:
        os.environ["APOSTILLA_CACHE_DIR"] = before


def run_cli(*args: str):
    """Invoke `apostilla ARGS` in-process, as a user would type it; the result has exit_code, stdout, stderr."""
    from typer.testing import CliRunner

    from apostilla.cli.main import app

    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
