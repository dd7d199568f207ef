"""`apply`: a team replays a batch of annotation work, all or nothing, in JSON Lines, JSON or CSV."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from apostilla.annotations.apply import apply as apply_batch
from apostilla.common.errors import BadInput, NotFound

from .helpers import (STORY, by_id, changes, listed, new_story, ok, paragraphs, refused, sha256, snippet,
                      without_provenance)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "batch.md"


def docs_blocks(kind: str) -> list[str]:
    """The fenced blocks of docs/batch.md marked with this language."""
    return re.findall(rf"^```{kind}\n(.*?)^```$", DOCS.read_text(encoding="utf-8"), flags=re.S | re.M)


def without_changes(doc: Path) -> str:
    """The document without the <change> that names the batch file, and the undo log."""
    return without_provenance(doc.read_text(encoding="utf-8"))


def test_the_documented_story_is_the_one_these_tests_annotate():
    assert docs_blocks("text")[0] == STORY


@pytest.mark.parametrize("suffix, kind", [(".jsonl", "jsonl"), (".json", "json"), (".csv", "csv")])
def test_the_documented_example_runs_as_written(tmp_path, suffix, kind):
    doc = new_story(tmp_path)
    batch = tmp_path / f"story-batch{suffix}"
    batch.write_text(docs_blocks(kind)[0], encoding="utf-8")
    out = ok("apply", doc, batch)
    assert out.splitlines() == [re.search(r"It prints `([^`]*)`", DOCS.read_text()).group(1)]
    assert snippet(doc, "p2") == docs_blocks("xml")[0].strip()
    assert paragraphs(doc) == [p.strip() for p in STORY.split("\n\n")]
    [change] = [c for c in changes(doc) if c.text.startswith("apply")]
    assert change.text.startswith(f"apply story-batch{suffix}: 4 entity.add, ")


def test_the_three_formats_give_the_same_document(tmp_path):
    results = []
    for suffix, kind in [(".jsonl", "jsonl"), (".json", "json"), (".csv", "csv")]:
        folder = tmp_path / kind
        folder.mkdir()
        doc = new_story(folder)
        batch = folder / f"batch{suffix}"
        batch.write_text(docs_blocks(kind)[0], encoding="utf-8")
        ok("apply", doc, batch)
        results.append(without_changes(doc))
    assert results[0] == results[1] == results[2]


def test_what_the_batch_did_is_listed(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text(docs_blocks("jsonl")[0], encoding="utf-8")
    ok("apply", doc, batch)
    entities = by_id(listed(doc, "entities"))
    assert {k: v["mentions"] for k, v in entities.items()} == {"garcia": 3, "ruiz": 2, "redcross": 3, "quito": 2}
    assert entities["garcia"]["aliases"] == ["García"] and entities["garcia"]["role"] == "Mayor of Quito"
    [quote] = listed(doc, "quotes")
    assert quote == {"id": "q-rendirnos", "text": "No vamos a rendirnos, Quito no se rinde.", "lang": "es",
                     "speaker": "garcia", "paragraph": "p2",
                     "glosses": {"en": "We will not give up; Quito does not surrender."}}
    assert listed(doc, "terms") == [{"id": "t-soberania", "text": "soberanía", "lang": "es",
                                     "glosses": {"en": "sovereignty"}}]


def test_a_failing_operation_in_the_middle_writes_nothing_and_names_its_line(tmp_path):
    doc = new_story(tmp_path)
    lines = docs_blocks("jsonl")[0].splitlines()
    lines[9] = lines[9].replace('"speaker": "garcia"', '"speaker": "lopez"')
    batch = tmp_path / "story-batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = refused(doc, "apply", doc, batch)
    documented = re.search(r"^apostilla: error: .*$", DOCS.read_text(), flags=re.M).group(0)
    assert line == documented.replace("story-batch.jsonl", str(batch))


def test_a_failing_row_of_a_csv_batch_is_named_by_its_line(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.csv"
    batch.write_text("op,id,type,name,match,date\n"
                     "entity add,garcia,person,Lucía García,,\n"
                     "mark,,,,\"January 7, 2026\",2026-01-32\n", encoding="utf-8")
    assert refused(doc, "apply", doc, batch) == (
        f"apostilla: error: {batch}:3: operation mark failed, nothing was applied: "
        "--date '2026-01-32' is not a real calendar date")


def test_a_failing_operation_of_a_json_array_is_named_by_the_line_it_starts_on(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.json"
    batch.write_text('[\n  {"op": "entity add", "id": "quito", "type": "place", "name": "Quito"},\n\n'
                     '  {"op": "entity add",\n   "id": "quito", "type": "place", "name": "Quito"}\n]\n')
    assert refused(doc, "apply", doc, batch).startswith(f"apostilla: error: {batch}:4: operation entity.add failed")


def test_merged_tags_fail_at_the_line_of_the_unknown_entity(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"op": "entity add", "id": "quito", "type": "place", "name": "Quito"}\n'
                     '{"op": "entity tag", "id": "quito"}\n'
                     '{"op": "entity tag", "id": "lima"}\n')
    assert refused(doc, "apply", doc, batch) == (
        f"apostilla: error: {batch}:3: operation entity.tag failed, nothing was applied: "
        "no registered entity 'lima' (add it with `apostilla entity add`)")


def test_tags_listing_several_ids_in_one_operation_are_all_tagged(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.csv"
    batch.write_text("op,id,type,name,ids\nentity add,quito,place,Quito,\nentity add,ruiz,person,Ruiz,\n"
                     "entity tag,,,,quito|ruiz\n")
    ok("apply", doc, batch)
    assert {e["id"]: e["mentions"] for e in listed(doc, "entities")} == {"quito": 2, "ruiz": 2}


def test_every_tags_all_registered_entities_in_a_batch(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"op": "entity add", "id": "quito", "type": "place", "name": "Quito"}\n'
                     '{"op": "entity add", "id": "ruiz", "type": "person", "name": "Ana Ruiz", "aliases": "Ruiz"}\n'
                     '{"op": "entity tag", "every": true}\n')
    ok("apply", doc, batch)
    assert {e["id"]: e["mentions"] for e in listed(doc, "entities")} == {"quito": 2, "ruiz": 2}


@pytest.mark.parametrize("content, name, message", [
    ('{"op": "quote add", "match": "Quito", "lang": "es", "speeker": "garcia"}\n', "b.jsonl",
     "quote.add has no field 'speeker'"),
    ('{"op": "annotate", "id": "x"}\n', "b.jsonl", "unknown operation 'annotate'"),
    ('{"op": "mark", "match": "Quito", "term": "es", "nth": "first"}\n', "b.jsonl", "nth must be a whole number"),
    ('[{"op": "remove", "id": "p1"},\n', "b.json", "not valid JSON"),
    ('{"id": "x"}\n', "b.jsonl", "each operation is an object with an \"op\" key"),
    ("id,name\nx,y\n", "b.csv", "needs a header row with an 'op' column"),
    ("# only a comment\n", "b.jsonl", "the batch holds no operations"),
])
def test_a_batch_file_that_cannot_be_read_is_refused_before_anything_runs(tmp_path, content, name, message):
    doc = new_story(tmp_path)
    batch = tmp_path / name
    batch.write_text(content, encoding="utf-8")
    assert message in refused(doc, "apply", doc, batch)


def test_a_missing_batch_file_is_bad_input(tmp_path):
    doc = new_story(tmp_path)
    assert "no such file" in refused(doc, "apply", doc, tmp_path / "nowhere.jsonl")


def test_dry_run_shows_the_whole_batch_as_one_diff(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text(docs_blocks("jsonl")[0], encoding="utf-8")
    before = sha256(doc)
    out = ok("apply", doc, batch, "--dry-run")
    assert sha256(doc) == before
    assert out.startswith("--- a/story.xml\n+++ b/story.xml\n")
    assert '+    <listPerson>' in out or "<listPerson>" in out
    assert out.count("apply b.jsonl: 4 entity.add, 4 entity.tag, 1 quote.add, 2 gloss.add, 3 mark") == 1


def test_the_library_call_reports_ids_and_takes_the_acting_person(tmp_path):
    doc = new_story(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"op": "entity add", "id": "quito", "type": "place", "name": "Quito"}\n'
                     '{"op": "entity tag", "id": "quito"}\n')
    outcome = apply_batch(doc, batch, by="Ana Ruiz")
    assert outcome.ids == ["quito", "quito-m1", "quito-m2"]
    assert changes(doc)[-1].get("who") == "#ana-ruiz"
    with pytest.raises(BadInput, match="no such file"):
        apply_batch(tmp_path / "none.xml", batch)
    with pytest.raises(NotFound, match="no element with xml:id 'lima'"):
        batch.write_text('{"op": "remove", "id": "lima"}\n')
        apply_batch(doc, batch)


def test_the_batch_docs_list_every_operation_with_its_fields():
    # docs/batch.md shows the table the operations are made from; adding a field updates both.
    from apostilla.annotations.operations import OPERATIONS, markdown_table

    docs = (Path(__file__).resolve().parents[2] / "docs" / "batch.md").read_text(encoding="utf-8")
    assert markdown_table() in docs
    for op in OPERATIONS.values():
        assert f"| `{' '.join(op.words)}` |" in docs
