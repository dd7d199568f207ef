"""One odd file in a folder never costs the archivist the report on the others."""
from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from apostilla.cli.main import app

from .helpers import annotated_text

runner = CliRunner()

XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:y">
  <xs:element name="a"/>
</xs:schema>"""


def folder_of_copies(folder, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"doc{i:02}.xml").write_text(annotated_text(), encoding="utf-8")


def test_an_xml_schema_finding_on_a_prefixed_element_has_its_line_and_column(tmp_path):
    schema = tmp_path / "s.xsd"
    schema.write_text(XSD, encoding="utf-8")
    folder = tmp_path / "letters"
    folder_of_copies(folder, 20)
    (folder / "prefixed.xml").write_text('<?xml version="1.0"?>\n  <x:b xmlns:x="urn:x"/>\n',
                                         encoding="utf-8")
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["validate", str(folder), "--schema", str(schema),
                                     "--no-rules", "--format", "json", "--jobs", jobs])
        assert result.exit_code == 1, result.output
        documents = {d["path"]: d for d in json.loads(result.stdout)["documents"]}
        assert len(documents) == 21
        (error,) = documents[str(folder / "prefixed.xml")]["errors"]
        assert (error["line"], error["column"], error["rule"]) == (2, 3, "xsd-invalid")
        assert "No matching global declaration" in error["message"]


def test_a_check_that_breaks_on_one_document_is_a_finding_for_it_and_the_others_go_on(
        tmp_path, monkeypatch):
    # Whatever a schema's check trips over in one document (here made to fail on purpose),
    # that document says so and the others keep their findings.
    from apostilla.schemas import sources

    folder = tmp_path / "letters"
    folder_of_copies(folder, 3)
    schema = tmp_path / "s.xsd"
    schema.write_text(XSD, encoding="utf-8")
    check = sources.XsdSchema.check

    def fragile(self, doc, vocabulary):
        if doc.path.endswith("doc01.xml"):
            raise ValueError("something no one foresaw")
        return check(self, doc, vocabulary)

    monkeypatch.setattr(sources.XsdSchema, "check", fragile)
    result = runner.invoke(app, ["validate", str(folder), "--schema", str(schema),
                                 "--format", "json"])
    assert result.exit_code == 1
    documents = json.loads(result.stdout)["documents"]
    assert [len(d["errors"]) for d in documents] == [1, 1, 1]
    broken = documents[1]["errors"][0]
    assert broken["rule"] == "check-failed" and broken["schema"] == str(schema)
    assert "ValueError: something no one foresaw" in broken["message"]
    # The integrity rules still ran on it: its warning is there.
    assert [w["rule"] for w in documents[1]["warnings"]] == ["apo-entry-unused"]
    assert documents[0]["errors"][0]["rule"] == "xsd-invalid"


def test_file_names_that_are_not_utf8_are_checked_and_shown_escaped(tmp_path):
    folder = tmp_path / "letters"
    folder_of_copies(folder, 14)
    # A name written by a system whose file names are Latin-1: the byte E9 alone.
    name = os.path.join(os.fsencode(folder), b"caf\xe9.xml")
    with open(name, "wb") as handle:
        handle.write(annotated_text().replace('ref="#cut"', 'ref="#nowhere"').encode("utf-8"))
    shown = f"{folder}/caf\\xe9.xml"
    for jobs in ("1", "2"):
        text = runner.invoke(app, ["validate", str(folder), "--jobs", jobs])
        assert text.exit_code == 1, text.output
        assert f"{shown}:" in text.stdout and "[apo-ref-resolves]" in text.stdout
        as_json = runner.invoke(app, ["validate", str(folder), "--format", "json",
                                      "--jobs", jobs, "--report", str(tmp_path / "r.jsonl")])
        paths = [d["path"] for d in json.loads(as_json.stdout)["documents"]]
        assert len(paths) == 15 and shown in paths
        lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
        assert shown in [json.loads(line)["path"] for line in lines]
