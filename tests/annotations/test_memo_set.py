"""A desk officer writes the memo's summary and key points, per language, into the document itself."""
from __future__ import annotations

import json
import subprocess

from conftest import need_shared, need_tool

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.memoparts import memo_parts, parts_in

from .helpers import cli, new_story, ok, refused


def test_memo_set_keeps_a_summary_and_key_points_per_language_in_the_header(tmp_path):
    doc = new_story(tmp_path)
    assert ok("memo", "set", doc, "--lang", "es", "--summary", "García no cede.\n\nLa Cruz Roja ayuda.",
              "--key-point", "Quito no se rinde", "--key-point", "2.512 toneladas listas").split() == ["abstract-es"]
    ok("memo", "set", doc, "--lang", "en", "--summary", "García will not give in.")
    parts = {p.lang: (p.summary, p.key_points) for p in memo_parts(TeiDocument.load(doc))}
    assert parts == {"es": (["García no cede.", "La Cruz Roja ayuda."],
                            ["Quito no se rinde", "2.512 toneladas listas"]),
                     "en": (["García will not give in."], [])}
    ok("validate", doc)   # apostilla's profile allows the abstracts


def test_a_part_given_again_replaces_that_part_only(tmp_path):
    doc = new_story(tmp_path)
    ok("memo", "set", doc, "--lang", "es", "--summary", "Primero.", "--key-point", "A")
    ok("memo", "set", doc, "--lang", "es", "--key-point", "B", "--key-point", "C")
    ok("memo", "set", doc, "--lang", "es", "--summary", "Segundo.")
    parts = parts_in(TeiDocument.load(doc), "es-EC")
    assert (parts.summary, parts.key_points) == (["Segundo."], ["B", "C"])
    assert TeiDocument.load(doc).original.count(b"<abstract") == 1


def test_memo_set_without_a_part_or_with_an_empty_one_is_refused(tmp_path):
    doc = new_story(tmp_path)
    assert "give --summary TEXT, --key-point TEXT or both" in refused(doc, "memo", "set", doc, "--lang", "es",
                                                                       code=2)
    assert "--summary is empty" in refused(doc, "memo", "set", doc, "--lang", "es", "--summary", "  ")
    assert "not a well-formed BCP 47" in refused(doc, "memo", "set", doc, "--lang", "es_ES", "--summary", "x")
    assert "Missing option '--lang'" in cli("memo", "set", doc, "--summary", "x").stderr


def test_memo_set_runs_in_a_batch_and_is_recorded(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "memo.jsonl"
    batch.write_text(json.dumps({"op": "memo set", "lang": "es", "summary": "Resumen.",
                                 "key_points": ["Uno", "Dos"]}) + "\n", encoding="utf-8")
    ok("apply", doc, batch)
    loaded = TeiDocument.load(doc)
    assert parts_in(loaded, "es").key_points == ["Uno", "Dos"]
    assert loaded.changes()[-1].text == "apply memo.jsonl: 1 memo.set"


def test_the_abstracts_are_valid_for_the_official_tei_all(tmp_path):
    doc = new_story(tmp_path)
    ok("memo", "set", doc, "--lang", "es", "--summary", "Resumen.", "--key-point", "Uno")
    result = subprocess.run([need_tool("jing"), str(need_shared("corpus", "schema", "tei_all.rng")), str(doc)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
