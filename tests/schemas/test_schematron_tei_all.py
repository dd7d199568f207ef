"""An archivist checks TEI against tei_all in full: the grammar and every constraint it embeds,
with a second engine (Saxon) agreeing with apostilla's on every corpus file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apostilla.cli.main import app
from apostilla.schemas import validate_document, validate_paths
from apostilla.schemas.parsing import Document, read_document
from apostilla.schemas.schematron import load_embedded

from conftest import IN_CI, need_shared

from .helpers import ANNOTATED, edited, found

SHIPPED = Path(__file__).resolve().parents[2] / "schemas" / "tei" / "tei_all.rng"


def test_the_shipped_tei_all_is_tei_p5_4_7_0_as_in_the_corpus(tei_all):
    text = " ".join(SHIPPED.read_text(encoding="utf-8").replace("\u00a0", " ").split())
    assert "TEI Edition: P5 Version 4.7.0." in text
    assert SHIPPED.read_bytes() == tei_all.read_bytes()
    assert (SHIPPED.parent / "README.md").exists()


def test_every_embedded_constraint_runs_none_skipped():
    schema = load_embedded(SHIPPED.read_bytes(), SHIPPED.parent, "tei_all")
    assert len(schema.patterns) == 152
    assert schema.skipped == []
    report = validate_paths([ANNOTATED], schemas=["tei_all"])
    assert report.skipped == [] and report.valid


def test_a_document_breaking_an_xpath_2_constraint_is_invalid_against_tei_all(tmp_path):
    # TEI's calendar check uses XPath 2.0 (`gt`); it used to be skipped, the file "valid".
    path, line = edited(tmp_path, '<date xml:id="d1" when="2026-01-07">January 7</date>',
                        '<date xml:id="d1" when="2026-01-07" calendar="#greg"/>')
    report = validate_document(path, schemas=["tei_all"])
    rules = {(i.rule, i.line) for i in report.errors}
    assert ("tei_all-att.calendarSystem-calendar-calendar-constraint-rule-10", line) in rules
    issue = next(i for i in report.errors if "calendar" in i.rule)
    assert issue.schema == "tei_all" and "calendar" in issue.message
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert source[issue.column - 1:].startswith("<date")


def test_tei_all_by_name_on_the_command_line(tmp_path):
    path, line = edited(tmp_path, 'ref="#cut"', 'ref="#cut" cRef="x" target="#cut"')
    result = CliRunner().invoke(app, ["validate", str(path), "--schema", "tei_all",
                                      "--format", "json"])
    document = json.loads(result.stdout)["documents"][0]
    assert result.exit_code == 1, result.output
    assert {(e["rule"], e["schema"]) for e in document["errors"]} >= {
        ("rng-attribute-not-allowed", "tei_all")}
    assert found(validate_document(path, schemas=["tei_all"]), "errors")


def test_tei_all_without_apostillas_own_rules_keeps_its_constraints(tmp_path):
    # An archivist checking others' TEI against tei_all wants TEI's verdict alone.
    path, line = edited(tmp_path, '<date xml:id="d1" when="2026-01-07">January 7</date>',
                        '<date xml:id="d1" when="2026-01-07" calendar="#greg" ref="#nowhere"/>')
    calendar = ("tei_all-att.calendarSystem-calendar-calendar-constraint-rule-10", line)
    pointer = ("apo-ref-resolves", line)
    assert {calendar, pointer} <= found(validate_paths([path], schemas=["tei_all"]).documents[0])
    result = CliRunner().invoke(app, ["validate", str(path), "--schema", "tei_all",
                                      "--no-integrity", "--format", "json"])
    errors = json.loads(result.stdout)["documents"][0]["errors"]
    assert result.exit_code == 1, result.output
    assert calendar in {(e["rule"], e["line"]) for e in errors}
    assert {e["schema"] for e in errors} == {"tei_all"}
    result = CliRunner().invoke(app, ["validate", str(path), "--schema", "tei_all",
                                      "--no-rules", "--format", "json"])
    assert calendar not in {(e["rule"], e["line"]) for e in
                            json.loads(result.stdout)["documents"][0]["errors"]}


@pytest.mark.slow
def test_a_second_engine_finds_the_same_failing_nodes_on_the_whole_corpus(monkeypatch):
    # Saxon (saxonche) evaluates every context and test of the 152 constraints itself; both
    # engines read today's date for current-date().
    if not IN_CI:  # in CI a missing saxonche fails the test (it is in the test extras)
        pytest.importorskip("saxonche")
    from .saxon_oracle import Oracle, path

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    schema = load_embedded(SHIPPED.read_bytes(), SHIPPED.parent, "tei_all")
    oracle = Oracle(schema.model)
    corpus = need_shared("corpus")
    differing, total, files = {}, 0, 0
    for file in sorted(corpus.rglob("*.xml")):
        doc = read_document(file, str(file), trust_dtd=True)
        if not isinstance(doc, Document):
            continue
        files += 1
        ours = {(".".join(map(str, key)), path(node)) for key, node in schema.failures(doc)}
        theirs = oracle.failures(doc.tree)
        total += len(ours)
        if ours != theirs:
            differing[str(file)] = (sorted(ours - theirs)[:3], sorted(theirs - ours)[:3])
    assert files == 916
    assert differing == {}
    assert total > 1500  # the constraints do find things: the comparison is not empty
