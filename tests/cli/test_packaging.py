"""The wheel: one `apostilla` package holding every module and data file, runnable as installed."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(out), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    return next(out.glob("apostilla-*.whl"))


def test_everything_lives_under_apostilla(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    code = [n for n in names if not n.startswith("apostilla-") or not n.split("/")[0].endswith(".dist-info")]
    assert code and all(n.startswith("apostilla/") for n in code), sorted({n.split('/')[0] for n in code})
    for module in ("apostilla/cli/main.py", "apostilla/annotations/document.py", "apostilla/exports/memo/model.py", "apostilla/common/files.py"):
        assert module in names
    assert "apostilla/__init__.py" not in names  # a namespace package: nothing generic at the top


def test_package_data_is_in_the_wheel(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    source_data = [p.relative_to(ROOT).as_posix() for folder in ("schemas", "exports", "cli")
                   for p in (ROOT / folder).rglob("*")
                   if p.is_file() and p.suffix in {".rng", ".rnc", ".sch", ".po", ".txt", ".jsonl", ".docx", ".xsl"}]
    for path in source_data:
        assert f"apostilla/{path}" in names, f"{path} is missing from the wheel"


def test_the_installed_layout_runs_without_the_source_tree(wheel, tmp_path, seed_text):
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    deps = sysconfig.get_paths()["purelib"]
    # -S: no site module, so the editable install's path hook is not loaded; only the wheel is seen.
    env = {"PYTHONPATH": f"{unpacked}:{deps}", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1767787200"}
    out = tmp_path / "a.xml"
    code = ("import sys, apostilla.cli.main as m; "
            "assert m.__file__.startswith(sys.argv[1]), m.__file__; "
            "sys.argv = ['apostilla', 'new', sys.argv[2], '-o', sys.argv[3]]; m.main()")
    proc = subprocess.run([sys.executable, "-S", "-c", code, str(unpacked), str(seed_text), str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").count('<p xml:id="p') == 6
