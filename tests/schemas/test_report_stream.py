"""`validate --report FILE.jsonl`: a line per document as it is checked; `--resume` goes on."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from apostilla.cli.main import app

from conftest import need_shared

from .test_cli import annotated_copies

runner = CliRunner()


def validate(*args) -> object:
    return runner.invoke(app, ["validate", *map(str, args)])


def lines_of(report) -> list[dict]:
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]


def test_a_report_has_one_line_per_document_in_the_reports_order(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    annotated_copies(folder, 20, {2, 9})
    report = tmp_path / "report.jsonl"
    plain = validate(folder, "--format", "json", "--jobs", "2")
    streamed = validate(folder, "--format", "json", "--jobs", "2", "--report", report)
    assert streamed.exit_code == plain.exit_code == 1
    assert streamed.stdout == plain.stdout
    documents = json.loads(plain.stdout)["documents"]
    lines = lines_of(report)
    # Each line is the contract's document object plus the file's SHA-256 and the schemas.
    assert [{k: v for k, v in line.items() if k in documents[0]} for line in lines] == documents
    import hashlib
    for line in lines:
        with open(line["path"], "rb") as handle:
            assert line["sha256"] == hashlib.sha256(handle.read()).hexdigest()
        assert [s["schema"] for s in line["schemas"]] == ["apostilla:profile",
                                                          "apostilla:rules"]
        assert all(len(s["sha256"]) == 64 for s in line["schemas"])
    # A run without --resume starts the report anew.
    again = validate(folder, "--jobs", "1", "--report", report)
    assert again.exit_code == 1 and len(lines_of(report)) == 20


def test_resume_takes_what_is_reported_and_checks_only_what_changed(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    annotated_copies(folder, 20, {2, 9})
    report = tmp_path / "report.jsonl"
    first = validate(folder, "--format", "json", "--report", report)
    # A document already reported is not checked again: its line is taken as it is (here
    # marked, to see that it was taken).
    lines = lines_of(report)
    lines[2]["errors"][0]["message"] = "as reported before"
    report.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    resumed = validate(folder, "--format", "json", "--report", report, "--resume")
    messages = [e["message"] for d in json.loads(resumed.stdout)["documents"]
                for e in d["errors"]]
    assert "as reported before" in messages
    # A file that changed is checked again; so is every file when a schema or option changes.
    changed = folder / "doc02.xml"
    changed.write_text(changed.read_text(encoding="utf-8") + "<!-- edited -->",
                       encoding="utf-8")
    resumed = validate(folder, "--format", "json", "--report", report, "--resume")
    assert resumed.stdout == first.stdout
    strict = validate(folder, "--format", "json", "--report", report, "--resume", "--strict")
    assert json.loads(strict.stdout)["summary"]["warnings"] == 0
    assert {line["options"]["strict"] for line in lines_of(report)} == {True}


def test_resume_after_a_killed_run_gives_the_report_of_an_uninterrupted_one(tmp_path):
    corpus = need_shared("corpus")
    options = ["--schema", str(corpus / "schema" / "tei_all.rng"), "--no-rules", "--trust-dtd",
               "--format", "json", "--jobs", "2"]
    whole = tmp_path / "whole.jsonl"
    uninterrupted = validate(corpus, *options, "--report", whole)
    report = tmp_path / "report.jsonl"
    run = subprocess.Popen([sys.executable, "-m", "apostilla.cli.main", "validate", str(corpus),
                            *options, "--report", str(report)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    while run.poll() is None and not (report.exists() and report.stat().st_size):
        time.sleep(0.005)
    os.killpg(run.pid, signal.SIGKILL)  # the command and its worker processes, mid-run
    run.wait()
    kept = report.read_bytes()
    assert kept.endswith(b"\n") and 0 < kept.count(b"\n") < 916
    resumed = validate(corpus, *options, "--report", report, "--resume")
    assert resumed.exit_code == uninterrupted.exit_code == 1
    assert resumed.stdout == uninterrupted.stdout
    assert report.read_bytes() == whole.read_bytes()


def test_a_last_line_cut_short_is_ignored_with_a_warning(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    annotated_copies(folder, 6, {1})
    report = tmp_path / "report.jsonl"
    whole = validate(folder, "--report", report)
    complete = report.read_bytes()
    lines = complete.splitlines(keepends=True)
    report.write_bytes(b"".join(lines[:3]) + lines[3][:40])  # a write that never ended
    resumed = validate(folder, "--report", report, "--resume")
    assert resumed.exit_code == whole.exit_code == 1
    assert resumed.stdout == whole.stdout
    assert f"apostilla: warning: {report}:4: the last line is cut short" in resumed.stderr
    assert report.read_bytes() == complete


def test_the_summary_groups_the_findings(tmp_path):
    from collections import Counter

    annotated_copies(tmp_path, 12, {1, 5, 7})
    doc05 = tmp_path / "doc05.xml"
    doc05.write_text(doc05.read_text(encoding="utf-8").replace('who="#petro"', 'who="#nobody"'),
                     encoding="utf-8")
    report = json.loads(validate(tmp_path, "--format", "json").stdout)
    findings = [i for d in report["documents"] for i in d["errors"] + d["warnings"]]
    rules = Counter(i["rule"] for i in findings)
    assert len(rules) == 3 and rules["apo-ref-resolves"] == 3
    grouped = report["most_frequent"]
    assert grouped["rules"] == [{"rule": r, "count": n} for r, n in rules.most_common()]
    message, count = Counter((i["message"], i["rule"]) for i in findings).most_common(1)[0]
    assert grouped["messages"][0] == {"message": message[0], "rule": message[1], "count": count}
    assert [f["path"] for f in grouped["files"]] == [str(doc05)] + [
        str(tmp_path / f"doc0{i}.xml") for i in (1, 7)]
    assert grouped["files"][0]["errors"] == 2
    text = validate(tmp_path)
    expected = "\n".join(f"{n:>9}  {r}" for r, n in rules.most_common())
    assert f"most frequent rules:\n{expected}\nmost frequent messages:\n" in text.stderr
    assert f"files with most errors:\n        2  {doc05}\n" in text.stderr


@pytest.mark.parametrize("setup, code, message", [
    ("no-report", 2, "--resume needs --report FILE.jsonl"),
    ("no-folder", 4, "the folder does not exist"),
    ("locked", 4, "another apostilla run is writing this report"),
])
def test_report_files_that_cannot_be_used_are_one_line(tmp_path, setup, code, message):
    annotated_copies(tmp_path, 2, set())
    report = tmp_path / ("missing/r.jsonl" if setup == "no-folder" else "r.jsonl")
    args = [tmp_path, "--resume"] if setup == "no-report" else [tmp_path, "--report", report]
    if setup == "locked":
        with open(report, "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            result = validate(*args)
    else:
        result = validate(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("apostilla: error: ") and message in result.stderr


def test_a_file_name_with_a_line_break_forges_no_line_in_the_summary(tmp_path):
    # Found by the command-line fuzzer: the findings showed the name escaped, the list of the
    # files with most errors printed it as it is, and so printed a line of its own making.
    from apostilla.schemas import validate_paths

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "line\nFORGED.xml: 0 errors.xml").write_text("not xml", encoding="utf-8")
    (folder / "b.xml").write_text("<a", encoding="utf-8")
    summary = validate_paths([folder], rules=False).most_frequent_text()
    assert "FORGED" in summary
    assert not any(line.startswith("FORGED") for line in summary.splitlines())
