"""What the command-line fuzzer found, each kept as a story: one clear line, never an internal error."""
from __future__ import annotations

import re

import pytest
from conftest import run_cli

from .helpers import apostilla, fingerprint, write_tei

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.txt"
    path.write_text("Dock workers stopped work.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("epoch", ["99999999999999", "junk", "\u0661\u0662", "-5"])
def test_a_source_date_epoch_that_is_not_a_time_is_one_line(source, tmp_path, monkeypatch, epoch):
    # A value past the year 9999 stopped `new` and `demo` with an internal error; a word was ignored.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run_cli("new", source, "-o", tmp_path / "doc.xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("apostilla: error: SOURCE_DATE_EPOCH=") and result.stderr.count("\n") == 1
    assert not (tmp_path / "doc.xml").exists()


def test_an_empty_source_date_epoch_is_the_clock(source, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert run_cli("new", source, "-o", tmp_path / "doc.xml").exit_code == 0


@pytest.mark.parametrize("limit", ["lots", "\u00b2", "1e9"])
def test_a_size_limit_that_is_not_a_number_is_one_line(tmp_path, monkeypatch, limit):
    # "²" passed str.isdigit() and then failed int() (an internal error); "lots" was ignored.
    doc = write_tei(tmp_path, "<p>Ana</p>")
    monkeypatch.setenv("APOSTILLA_MAX_BYTES", limit)
    result = run_cli("list", doc, "entities")
    assert result.exit_code == 2
    assert "APOSTILLA_MAX_BYTES=" in result.stderr and result.stderr.count("\n") == 1


def test_an_output_name_too_long_for_the_file_system_is_one_line(source, tmp_path):
    # `new -o NAME` with a 300-byte name stopped with OSError: File name too long (exit 70).
    out = tmp_path / ("n" * 300 + ".xml")
    result = run_cli("new", source, "-o", out)
    assert result.exit_code == 4
    assert "File name too long" in result.stderr and result.stderr.count("\n") == 1
    assert result.stderr.startswith("apostilla: error: ")


@pytest.mark.parametrize("command", [("export", "html"), ("export", "xliff", "--target-lang", "en")])
def test_exports_to_a_name_too_long_are_one_line(tmp_path, command):
    doc = write_tei(tmp_path, '<p xml:id="p1">Ana</p>')
    before = fingerprint(doc)
    result = run_cli(*command[:2], doc, "-o", tmp_path / ("n" * 300 + ".out"), *command[2:])
    assert result.exit_code == 4, result.stderr
    assert result.stderr.count("\n") == 1 and fingerprint(doc) == before


def test_verbose_tracebacks_show_controls_and_overrides_instead_of_obeying_them(tmp_path):
    # --verbose printed the traceback of a refusal raw: a file name with U+202E turned it around.
    run = apostilla("--verbose", "list", tmp_path / "\u202eevil\x1b[2J.xml", "entities")
    assert run.code == 3
    assert "Traceback" in run.stderr and "no such file" in run.stderr
    assert not RAW.search(run.stderr), repr(run.stderr)
