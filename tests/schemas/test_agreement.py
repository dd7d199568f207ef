"""On the 916 real TEI files of ../shared/corpus, `validate` against tei_all gives jing's verdict."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from apostilla.cli.main import app

from conftest import need_shared

pytestmark = pytest.mark.slow


def test_every_corpus_file_gets_jings_verdict(tei_all):
    corpus = need_shared("corpus")
    with open(corpus / "verdicts.tsv", encoding="utf-8", newline="") as handle:
        expected = {row["path"]: row["jing_valid"] == "True"
                    for row in csv.DictReader(handle, delimiter="\t")}
    # One call for the whole corpus, as an archivist would run it; --trust-dtd because 80
    # files take their entities from a DTD next to them, which jing reads too.
    result = CliRunner().invoke(app, ["validate", str(corpus), "--schema", str(tei_all),
                                      "--no-rules", "--trust-dtd", "--format", "json"])
    assert result.exit_code == 1, result.output[-2000:]
    documents = json.loads(result.stdout)["documents"]
    got = {d["path"][len(str(corpus)) + 1:]: d["valid"] for d in documents}
    assert set(got) == set(expected)
    disagreements = {path: got[path] for path in expected if got[path] != expected[path]}
    assert disagreements == {}
    assert sum(got.values()) == 490
    # Every invalid file says why, with a line for each finding.
    for d in documents:
        assert d["valid"] or d["errors"], d["path"]
        assert all(e["line"] for e in d["errors"]), d["path"]


def test_the_messages_do_not_depend_on_the_number_of_workers(tei_all):
    # Folders of mixed vocabularies with many invalid files: the documents of a chunk share
    # one compiled schema, and the chunks must not depend on how the work is split.
    from apostilla.schemas import validate_paths

    folders = [need_shared("corpus", "TEIC__Stylesheets", "Test"),
               need_shared("corpus", "lucaju__cwrc-writer-samples")]
    one, two = (validate_paths(folders, schemas=[tei_all], rules=False, trust_dtd=True,
                               jobs=jobs) for jobs in (1, 2))
    assert one.to_json() == two.to_json()
    assert sum(not d.valid for d in one.documents) > 20
