"""Every change says who did what and when; --dry-run shows the change and writes nothing."""
from __future__ import annotations

import re

import pytest

from .helpers import changes, cli, do, new_story, ok, sha256, tei_file

COMMANDS = {
    "entity add": (["entity", "add", "{doc}", "ruiz", "--type", "person", "--name", "Ana Ruiz"],
                   "entity add ruiz (person)"),
    "entity tag": (["entity", "tag", "{doc}", "quito"], "entity tag quito: 2 mention(s)"),
    "mark": (["mark", "{doc}", "--match", "January 7, 2026", "--date", "2026-01-07"], "mark date d1"),
    "quote add": (["quote", "add", "{doc}", "--match", "No vamos ... rinde.", "--lang", "es"], "quote add q1 (es)"),
    "gloss add": (["gloss", "add", "{doc}", "t1", "--lang", "en", "--text", "sovereignty",
                   "--status", "approved"], "gloss add t1-en (approved)"),
    "remove": (["remove", "{doc}", "t1"], "remove term t1 and its glosses"),
}


@pytest.fixture
def story(tmp_path):
    doc = new_story(tmp_path)
    do(doc, "entity.add", id="quito", type="place", name="Quito")
    do(doc, "mark", match="soberanía", nth=1, term="es")
    return doc


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_adds_one_change_saying_what_it_did(story, command):
    args, description = COMMANDS[command]
    before = len(changes(story))
    ok(*[a.format(doc=story) for a in args])
    after = changes(story)
    assert len(after) == before + 1
    assert after[-1].text == description
    assert after[-1].get("when") == "2026-01-07T12:00:00Z"  # SOURCE_DATE_EPOCH, set for every test
    assert after[-1].get("who") == "#test-runner"


@pytest.mark.parametrize("command", COMMANDS)
def test_dry_run_shows_the_diff_and_writes_nothing(story, command):
    args, description = COMMANDS[command]
    before = sha256(story)
    out = ok(*[a.format(doc=story) for a in args], "--dry-run")
    assert sha256(story) == before
    assert out.startswith("--- a/story.xml\n+++ b/story.xml\n@@ ")
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any(re.search(rf'<change xml:id="change-\d+" when="2026-01-07T12:00:00Z" who="#test-runner">'
                         rf'{re.escape(description)}</change>', line) for line in added)
    assert all(line[:1] in " +-@\\" for line in out.splitlines()[2:])


def test_the_acting_person_is_by_then_the_environment_then_the_system_user(story, monkeypatch):
    ok("entity", "add", story, "ruiz", "--type", "person", "--name", "Ana Ruiz", "--by", "Ana Ruiz")
    monkeypatch.setenv("APOSTILLA_USER", "Lucía García")
    ok("entity", "tag", story, "ruiz")
    monkeypatch.delenv("APOSTILLA_USER")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOGNAME", "archivist")
    ok("entity", "tag", story, "quito")
    assert [c.get("who") for c in changes(story)[-3:]] == ["#ana-ruiz", "#lucia-garcia", "#archivist"]
    text = story.read_text()
    assert '<respStmt xml:id="ana-ruiz"><resp>annotation</resp><name>Ana Ruiz</name></respStmt>' in text
    assert '<respStmt xml:id="lucia-garcia"><resp>annotation</resp><name>Lucía García</name></respStmt>' in text
    # The same person again is the same respStmt.
    ok("entity", "add", story, "x", "--type", "person", "--name", "X", "--by", "Ana Ruiz")
    assert text.count("<respStmt") == story.read_text().count("<respStmt")


def test_a_refused_command_and_a_command_that_adds_nothing_record_nothing(story):
    ok("entity", "tag", story, "quito")
    count = len(changes(story))
    before = sha256(story)
    assert cli("entity", "tag", story, "quito").exit_code == 0
    assert cli("entity", "tag", story, "nobody").exit_code == 3
    assert len(changes(story)) == count and sha256(story) == before


def test_a_batch_is_one_change(story, tmp_path):
    batch = tmp_path / "work.jsonl"
    batch.write_text('{"op": "entity add", "id": "ruiz", "type": "person", "name": "Ana Ruiz", "aliases": "Ruiz"}\n'
                     '{"op": "entity tag", "id": "ruiz"}\n{"op": "entity tag", "id": "quito"}\n'
                     '{"op": "mark", "match": "2,512 tons", "measure": "2512", "unit": "t"}\n')
    before = len(changes(story))
    ok("apply", story, batch, "--by", "Ana Ruiz")
    assert len(changes(story)) == before + 1
    assert changes(story)[-1].text == "apply work.jsonl: 1 entity.add, 2 entity.tag, 1 mark"
    assert changes(story)[-1].get("who") == "#ana-ruiz"


def test_a_command_that_adds_nothing_leaves_a_foreign_file_byte_identical(tmp_path):
    doc = tei_file(tmp_path, '<p xml:id="p1"><hi></hi>Said <persName ref="#ana">Ana</persName> once.</p>'
                             '</body></text><standOff><listPerson><person xml:id="ana"><persName>Ana</persName>'
                             "</person></listPerson></standOff><text><body>")
    doc.write_text(doc.read_text().replace("<text><body></body></text>", ""))
    before = sha256(doc)
    assert ok("entity", "tag", doc, "ana") == ""  # the one mention is the file's own: nothing to add
    assert sha256(doc) == before
