"""`apostilla validate` as an archivist runs it on one file or a whole folder."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from apostilla.cli.main import app

from .helpers import ANNOTATED, annotated_text, edited

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["validate", *map(str, args)])


def test_a_valid_document_exits_0_with_its_warnings_and_a_summary():
    result = run(ANNOTATED)
    assert result.exit_code == 0, result.output
    assert f"{ANNOTATED}:25:17: warning: the register entry \"x1\" is never mentioned" \
        in result.stdout
    assert "[apo-entry-unused]" in result.stdout
    assert "1 document: 1 valid, 0 invalid; 0 errors, 1 warning" in result.stderr


def test_an_invalid_document_exits_1_with_file_line_column_message_rule(tmp_path):
    path, line = edited(tmp_path, 'who="#petro"', 'who="#nobody"')
    result = run(path)
    assert result.exit_code == 1
    assert f"{path}:{line}:288: error: who points to #nobody, which no xml:id in this " \
           "document has [apo-who-resolves]" in result.stdout


def test_strict_makes_a_warning_fail_the_run():
    result = run(ANNOTATED, "--strict")
    assert result.exit_code == 1
    assert ":25:17: error: the register entry" in result.stdout


def test_json_has_the_contracts_shape(tmp_path):
    path, line = edited(tmp_path, 'quantity="2512"', 'quantity="2,512"')
    result = run(path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) >= {"documents", "summary"}
    (document,) = report["documents"]
    assert document["path"] == str(path) and document["valid"] is False
    by_rule = {e["rule"]: e for e in document["errors"]}
    # The profile's datatype and the integrity rule both refuse "2,512", each in its words.
    assert set(by_rule) == {"apo-quantity-number", "rng-value-invalid"}
    assert {"line": line, "column": 164, "schema": "apostilla:rules"}.items() \
        <= by_rule["apo-quantity-number"].items()
    assert {"line": line, "column": 185, "schema": "apostilla:profile"}.items() \
        <= by_rule["rng-value-invalid"].items()
    assert all(set(e) == {"line", "column", "message", "rule", "schema"}
               for e in document["errors"])
    assert report["summary"] == {"documents": 1, "valid": 0, "invalid": 1, "errors": 2,
                                 "warnings": 1, "skipped_rules": 0}


def test_folders_are_searched_recursively_and_listed_in_a_stable_order(tmp_path):
    for name in ["b/2.xml", "a/1.xml", "c.xml", "a/deeper/0.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(annotated_text(), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not XML", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        result = run(tmp_path, "--format", "json", "--jobs", jobs)
        assert result.exit_code == 0, result.output
        outputs.append([d["path"] for d in json.loads(result.stdout)["documents"]])
    expected = [str(tmp_path / n) for n in ["a/1.xml", "a/deeper/0.xml", "b/2.xml", "c.xml"]]
    assert outputs == [expected, expected]


def annotated_copies(folder, count: int, broken: set[int]) -> None:
    """`count` copies of the annotated fixture; those numbered in `broken` point at nothing."""
    for i in range(count):
        text = annotated_text()
        if i in broken:
            text = text.replace('ref="#cut"', f'ref="#missing{i}"')
        (folder / f"doc{i:02}.xml").write_text(text, encoding="utf-8")


def test_many_files_in_worker_processes_give_the_same_report_as_one_process(tmp_path):
    annotated_copies(tmp_path, 30, {i for i in range(30) if i % 7 == 3})
    one = run(tmp_path, "--jobs", "1")
    two = run(tmp_path, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert "30 documents: 26 valid, 4 invalid" in two.stderr


def test_files_read_together_are_limited_in_bytes_too_with_the_same_report(tmp_path,
                                                                            monkeypatch):
    # Big files are read fewer at a time (their trees take memory); the report stays the same.
    from apostilla.schemas import runner

    annotated_copies(tmp_path, 20, {i for i in range(20) if i % 6 == 1})
    whole = run(tmp_path, "--jobs", "1")
    biggest = max(path.stat().st_size for path in tmp_path.iterdir())
    monkeypatch.setattr(runner, "_CHUNK_BYTES", 3 * biggest)
    assert [len(chunk) for chunk in runner._chunks(runner.find_files([tmp_path]))] == [3] * 6 + [2]
    for jobs in ("1", "2"):
        cut = run(tmp_path, "--jobs", jobs)
        assert (cut.exit_code, cut.stdout) == (whole.exit_code, whole.stdout)
    assert "20 documents: 16 valid, 4 invalid" in whole.stderr


def test_no_rules_turns_the_integrity_rules_off(tmp_path):
    path, _ = edited(tmp_path, 'who="#petro"', 'who="#nobody"')
    result = run(path, "--no-rules")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize("args, code, message", [
    (["missing.xml"], 3, "missing.xml: no such file or folder"),
    ([str(ANNOTATED), "--schema", "schema.dtd"], 2, "unknown schema type '.dtd'"),
    ([str(ANNOTATED), "--schema", "absent.rng"], 3, "absent.rng: no such schema file"),
])
def test_bad_usage_is_one_line_and_an_exit_code(tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema.dtd").write_text("<!ELEMENT TEI ANY>", encoding="utf-8")
    result = run(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("apostilla: error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Runs `apostilla validate ARGS` with stderr on a pseudo-terminal; (exit code, stderr)."""
    import os
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    command = [sys.executable, "-m", "apostilla.cli.main", "validate", *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary,
                               env={**os.environ, "COLUMNS": "120"})
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    return process.wait(), seen.decode("utf-8", "replace")


def test_a_long_run_on_a_terminal_shows_a_progress_bar_with_rate_and_time_left(tmp_path):
    annotated_copies(tmp_path, 60, set())
    code, terminal = on_a_terminal(str(tmp_path), "--jobs", "2")
    assert code == 0
    assert "60/60" in terminal and "files/s" in terminal and "ETA" in terminal
    assert "60 documents: 60 valid" in terminal
    code, terminal = on_a_terminal(str(tmp_path), "--jobs", "2", "--no-progress")
    assert code == 0 and "files/s" not in terminal and "60/60" not in terminal
    assert "60 documents: 60 valid" in terminal


def test_output_to_a_pipe_gets_no_progress_bar(tmp_path):
    annotated_copies(tmp_path, 60, set())
    result = run(tmp_path, "--jobs", "2")  # stderr is not a terminal under the runner
    assert result.exit_code == 0
    assert "60 documents: 60 valid, 0 invalid; 0 errors, 60 warnings" in result.stderr
    assert "files/s" not in result.stderr and "\r" not in result.stderr


def test_a_fifo_in_a_folder_is_left_out_with_a_warning_not_in_silence(tmp_path):
    import os

    annotated_copies(tmp_path, 2, set())
    os.mkfifo(tmp_path / "pipe.xml")
    result = run(tmp_path, "--jobs", "1")
    assert result.exit_code == 0
    assert f"apostilla: warning: {tmp_path / 'pipe.xml'}: left out, not a regular file" in result.stderr
    assert "2 documents: 2 valid" in result.stderr
