"""What the command-line fuzzer found, each kept as a story: one clear line, never an internal error."""
from __future__ import annotations

import os
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
    assert result.stderr.endswith(": cannot write: File name too long\n") and result.stderr.count("\n") == 1
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
    run = apostilla("--verbose", "list", tmp_path / "\u202eevil\x1b[2J\nFORGED.xml", "entities")
    assert run.code == 3
    assert "Traceback" in run.stderr and "no such file" in run.stderr
    assert not RAW.search(run.stderr), repr(run.stderr)
    assert "\nFORGED" not in run.stderr


@pytest.mark.parametrize("command", [("remove", "{long}", "q1"), ("list", "{long}", "quotes"),
                                     ("validate", "{long}"), ("validate", "--schema", "{long}.rng", "doc.xml")])
def test_a_path_too_long_for_the_file_system_is_one_line(tmp_path, command):
    # `remove` (the symbolic-link check) and `validate` (files, folders, schemas) raised OSError.
    write_tei(tmp_path, '<p xml:id="p1">Ana</p>')
    args = [a.replace("{long}", str(tmp_path / ("y" * 5000))).replace("doc.xml", str(tmp_path / "doc.xml"))
            for a in command]
    result = run_cli(*args)
    assert result.exit_code == 3, result.stderr
    assert result.stderr.startswith("apostilla: error: ") and result.stderr.count("\n") == 1


@pytest.fixture
def folder(tmp_path):
    """A folder whose file names forge report lines, retitle the terminal, or are not UTF-8."""
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "line\nFORGED.xml: 0 errors.xml").write_bytes(b"not xml")
    (folder / "\x1b]0;pwned\x07.xml").write_bytes(b"<not-closed")
    with open(bytes(folder) + b"/caf\xe9.xml", "wb") as out:
        out.write(b"<still-not-closed")
    return folder


def test_file_names_in_a_folder_never_forge_or_obey_in_the_text_report(folder):
    run = apostilla("validate", folder)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith(str(folder)) for line in lines), lines
    assert not RAW.search(run.stdout)
    assert "line\u240aFORGED.xml" in run.stdout and "\u241b]0;pwned\u2407.xml" in run.stdout


def test_a_file_name_that_is_not_utf8_is_reported_not_an_internal_error(folder):
    # Finding 13 of the review: UnicodeEncodeError and no report at all.
    run = apostilla("validate", folder, "--format", "json")
    assert run.code == 1 and "internal error" not in run.stderr
    import json

    paths = [d["path"] for d in json.loads(run.stdout)["documents"]]
    assert str(folder / "caf\\xe9.xml") in paths


@pytest.mark.parametrize("schema", [b'include "secret.txt"\nstart = element * { text }\n', b"start = \x01",
                                    b"start = element a {", b"\xff\xfe"])
def test_a_broken_compact_schema_is_one_line(tmp_path, monkeypatch, schema):
    # rnc2rng stopped with AttributeError, LexingError or UnicodeDecodeError (exit 70); it reads
    # an include from the current folder, where the secret is.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("sk-live-SECRET\n")
    (tmp_path / "s.rnc").write_bytes(schema)
    doc = write_tei(tmp_path, '<p xml:id="p1">Ana</p>')
    result = run_cli("validate", "--schema", tmp_path / "s.rnc", doc)
    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "sk-live" not in result.stderr


def test_a_schema_nested_too_deep_is_one_line(tmp_path):
    # 800 nested <group>s: RecursionError (exit 70). Reading it is left to the schemas package;
    # here it must at least be a clear refusal or a verdict.
    rng = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>' + "<group>" * 800
           + "<element><anyName/><text/></element>" + "</group>" * 800 + "</start></grammar>")
    (tmp_path / "deep.rng").write_text(rng)
    doc = write_tei(tmp_path, '<p xml:id="p1">Ana</p>')
    result = run_cli("validate", "--schema", tmp_path / "deep.rng", doc)
    assert result.exit_code in (0, 1, 3) and "internal error" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom"])
def test_a_template_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    # `--template` linked to /dev/zero was read without end (MemoryError under a memory limit,
    # the whole memory without one); a FIFO would wait for ever.
    doc = write_tei(tmp_path, '<p xml:id="p1">Ana</p>')
    template = tmp_path / "house.docx"
    if kind == "fifo":
        os.mkfifo(template)
    else:
        template.symlink_to(f"/dev/{kind}")
    run = apostilla("export", "docx", doc, "-o", tmp_path / "memo.docx", "--template", template, timeout=20)
    assert run.code == 3, run.stderr
    assert "regular files only" in run.error_line() and run.seconds < 10
    assert not (tmp_path / "memo.docx").exists()
