"""`apostilla rebase DOC NEW_SOURCE.txt [--format text|json] [--dry-run]`, as a user runs it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import cli, listed, ok, refused, sha256
from .test_rebase_versions import BRIEF_VERSIONS, DATA, SAMPLE

STATUSES = {"kept", "moved", "fuzzy", "orphaned"}


@pytest.fixture
def brief(tmp_path) -> Path:
    doc = tmp_path / "brief.xml"
    ok("new", SAMPLE / "brief.txt", "-o", doc, "--title", "Port strike")
    ok("apply", doc, SAMPLE / "batch.jsonl")   # 20 annotations, and p1's Spanish translation
    return doc


def test_the_text_report_names_what_did_not_stay_put_and_counts_everything(brief):
    out = ok("rebase", brief, DATA / "brief-rewrite.txt")
    lines = out.splitlines()
    assert "fuzzy     n2: '41' -> '43' p1 -> p1 (score 0.85)" in lines
    assert "moved     fuentes-m1: 'Carolina Fuentes' p3 -> p6" in lines
    assert any(line.startswith("orphaned  q-cerezas: 'Las cerezas no esperan;") for line in lines)
    assert lines[-2] == "5 paragraphs became 5: 4 carried over with their ids, 1 new, 1 gone"
    assert lines[-1] == "21 annotations: 9 kept, 6 moved, 3 fuzzy, 3 orphaned"
    assert cli("validate", brief).exit_code == 0


def test_the_json_report_has_the_contract_shape(brief):
    report = json.loads(ok("rebase", brief, DATA / "brief-rewrite.txt", "--format", "json"))
    assert set(report) >= {"annotations", "summary"}
    assert set(report["summary"]) == STATUSES
    assert sum(report["summary"].values()) == len(report["annotations"]) == 21
    for entry in report["annotations"]:
        assert {"id", "status", "old_text", "new_text", "score"} <= set(entry)
        assert entry["status"] in STATUSES
        assert (entry["new_text"] is None) == (entry["status"] == "orphaned")
        assert (entry["score"] is None) == (entry["status"] == "orphaned")
    by_id = {e["id"]: e for e in report["annotations"]}
    assert by_id["q-maquina"]["new_text"] == "No vamos a permitir que una máquina decida quién come en esta ciudad."
    assert by_id["q-maquina"]["old_text"].startswith("No vamos a aceptar")


def test_a_dry_run_prints_the_report_and_the_diff_and_writes_nothing(brief):
    before = sha256(brief)
    out = ok("rebase", brief, DATA / "brief-rewrite.txt", "--dry-run")
    assert "21 annotations: 9 kept, 6 moved, 3 fuzzy, 3 orphaned" in out
    assert f"--- a/{brief.name}" in out and '+    <listAnnotation type="orphans">' in out
    report = json.loads(ok("rebase", brief, DATA / "brief-rewrite.txt", "--dry-run", "--format", "json"))
    assert report["summary"]["orphaned"] == 3
    assert sha256(brief) == before


def test_glosses_and_lists_after_a_rebase(brief):
    ok("rebase", brief, DATA / "brief-rewrite.txt")
    glosses = {g["id"]: g for g in listed(brief, "glosses")}
    assert glosses["q-maquina-en"]["status"] == "draft"       # its quote's wording changed
    assert glosses["q-plan-es"]["status"] == "approved"       # untouched
    quotes = {q["id"] for q in listed(brief, "quotes")}
    assert "q-cerezas" not in quotes and "q-maquina" in quotes  # orphans are not in the text
    assert {e["id"] for e in listed(brief, "entities")} >= {"ibarra"}  # its register entry stays


@pytest.mark.parametrize("version", BRIEF_VERSIONS)
def test_every_version_rebases_to_a_valid_document(brief, version):
    ok("rebase", brief, DATA / f"brief-{version}.txt")
    assert cli("validate", brief).exit_code == 0


def test_usage_and_input_errors(brief, tmp_path):
    assert cli("rebase", brief, DATA / "brief-rewrite.txt", "--format", "xml").exit_code == 2
    assert "no such file" in refused(brief, "rebase", brief, tmp_path / "missing.txt")
    missing_doc = tmp_path / "none.xml"
    result = cli("rebase", missing_doc, DATA / "brief-rewrite.txt")
    assert result.exit_code == 3 and result.stderr.startswith("apostilla: error: ")


def test_rebasing_twice_onto_the_same_text_changes_nothing_the_second_time(brief):
    ok("rebase", brief, DATA / "brief-rewrite.txt")
    before = sha256(brief)
    out = ok("rebase", brief, DATA / "brief-rewrite.txt")
    assert out.splitlines()[-1] == "18 annotations: 18 kept, 0 moved, 0 fuzzy, 0 orphaned"
    assert sha256(brief) == before
