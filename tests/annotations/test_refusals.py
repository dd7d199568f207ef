"""What a careless or hostile user types is refused in one line, and the document stays as it was."""
from __future__ import annotations

import json

import pytest

from .helpers import cli, new_story, sha256


@pytest.fixture
def story(tmp_path):
    return new_story(tmp_path)


def refused_once(result, code: int = 3) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("apostilla: error: ") and "internal error" not in lines[0]
    return lines[0]


@pytest.mark.parametrize("content, message", [
    ("[" * 100_000, "nested too deeply"),
    ('{"op": "quote add", "match": ["Dock"], "lang": "es"}', "match must be text"),
    ('{"op": "mark", "match": "January 7, 2026", "date": 2020}', "date must be text"),
    ('{"op": "entity add", "id": "x", "type": "person", "name": "Esc\\u001bape"}', "U+001B"),
    ('{"op": "entity add", "id": "x", "type": "person", "name": "lone \\ud800"}', "U+D800"),
    ('{"op": "entity add", "id": "x", "type": "person", "name": "\\u200b"}', "invisible"),
    ('{"op": "quote add", "match": "Quito", "lang": "es", "nth": "two"}', "nth must be a whole number"),
])
def test_a_bad_batch_is_refused_and_nothing_is_applied(story, tmp_path, content, message):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(content, encoding="utf-8")
    before = sha256(story)
    line = refused_once(cli("apply", story, batch))
    assert message in line
    assert sha256(story) == before


def test_a_csv_cell_longer_than_csv_s_default_limit_is_read(story, tmp_path):
    text = "long " * 40_000   # 200 KB, over the csv module's 128 KiB default
    batch = tmp_path / "batch.csv"
    batch.write_text('op,match,lang,id,target,text\nquote add,No vamos ... rinde.,es,q1,,\n'
                     f'gloss add,,en,,q1,"{text}"\n', encoding="utf-8")
    result = cli("apply", story, batch)
    assert result.exit_code == 0, result.stderr
    assert "2 operations applied" in result.stdout


@pytest.mark.parametrize("args, option", [
    (["entity", "add", "{doc}", "x", "--type", "person", "--name", "Es\x1bcape"], "--name"),
    (["entity", "add", "{doc}", "x", "--type", "person", "--name", "X", "--role", "r\x00le"], "--role"),
    (["entity", "add", "{doc}", "x", "--type", "person", "--name", "\u200b\u200b"], "--name"),
    (["entity", "add", "{doc}", "x", "--type", "person", "--name", "\u0301"], "--name"),
    (["entity", "add", "{doc}", "x", "--type", "person", "--name", "X", "--by", "Ana\x1b[2J"], "--by"),
    (["gloss", "add", "{doc}", "q1", "--lang", "en", "--text", "\u200b"], "--text"),
    (["export", "html", "{doc}", "-o", "{tmp}/m.html", "--to", "Boss\x1b]0;x\x07"], "--to"),
])
def test_text_xml_cannot_hold_or_that_shows_nothing_is_refused(story, tmp_path, args, option):
    cli("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", "es", "--id", "q1")
    before = sha256(story)
    line = refused_once(cli(*[a.format(doc=story, tmp=tmp_path) for a in args]))
    assert option in line
    assert sha256(story) == before
    assert not (tmp_path / "m.html").exists()


def test_the_acting_user_from_the_environment_is_checked_too(story, monkeypatch):
    monkeypatch.setenv("APOSTILLA_USER", "Ana\x1b[2J")
    line = refused_once(cli("entity", "add", story, "x", "--type", "person", "--name", "X"))
    assert "$APOSTILLA_USER" in line and "U+001B" in line


def test_a_title_with_a_control_character_is_refused(tmp_path):
    source = tmp_path / "s.txt"
    source.write_text("Text.\n", encoding="utf-8")
    line = refused_once(cli("new", source, "-o", tmp_path / "s.xml", "--title", "T\x1bitle"))
    assert "--title" in line and not (tmp_path / "s.xml").exists()


@pytest.mark.parametrize("tag, suggestion", [("sp", "es"), ("spanish", "es"), ("english", "en"), ("Español", "es")])
def test_an_unregistered_language_is_refused_with_the_likely_one(story, tag, suggestion):
    line = refused_once(cli("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", tag))
    assert f"did you mean '{suggestion}'" in line
    assert "<language ident=\"" + tag not in story.read_text(encoding="utf-8")


@pytest.mark.parametrize("tag", ["es", "es-CO", "es-419", "en-GB-oed", "x-private", "tlh"])
def test_any_registered_tag_is_accepted(story, tag):
    result = cli("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", tag)
    assert result.exit_code == 0, result.stderr


def test_one_operation_is_one_operation(story, tmp_path):
    batch = tmp_path / "one.jsonl"
    batch.write_text(json.dumps({"op": "entity add", "id": "quito", "type": "place", "name": "Quito"}),
                     encoding="utf-8")
    result = cli("apply", story, batch)
    assert result.exit_code == 0 and "1 operation applied (1 entity.add)" in result.stdout
