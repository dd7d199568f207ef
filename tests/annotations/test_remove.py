"""`remove`: an annotation goes, with what hangs on it, and the text (and the bytes) come back."""
from __future__ import annotations

import re

import pytest

from .helpers import (STORY, by_id, cli, do, listed, new_story, ok, paragraphs, refused, snippet, tei_file,
                      without_provenance)


def without_revisions(doc) -> str:
    """The file as text, without revisionDesc and the undo log: what remove restores exactly."""
    return without_provenance(doc.read_text(encoding="utf-8"))


@pytest.fixture
def story(tmp_path):
    """The story with Spanish declared already, so that adding and removing leaves langUsage alone."""
    doc = new_story(tmp_path)
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"])
    do(doc, "entity.tag", id="garcia")
    do(doc, "mark", match="soberanía", nth=2, term="es")
    return doc


ADDS = {
    "mention": (["entity", "tag", "{doc}", "garcia", "--match", "The mayor of Quito"], "garcia-m4"),
    "quote": (["quote", "add", "{doc}", "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia"], "q1"),
    "quote around names": (["quote", "add", "{doc}", "--match", "Later García thanked", "--lang", "en"], "q1"),
    "date": (["mark", "{doc}", "--match", "January 7, 2026", "--date", "2026-01-07"], "d1"),
    "measure": (["mark", "{doc}", "--match", "2,512 tons", "--measure", "2512", "--unit", "t"], "n1"),
    "num": (["mark", "{doc}", "--match", "twice", "--measure", "2"], "n1"),
    "term": (["mark", "{doc}", "--match", "soberanía", "--nth", "1", "--term", "es"], "t2"),
    "gloss": (["gloss", "add", "{doc}", "t1", "--lang", "en", "--text", "sovereignty"], "t1-en"),
    "entity": (["entity", "add", "{doc}", "ruiz", "--type", "person", "--name", "Ana Ruiz"], "ruiz"),
}


@pytest.mark.parametrize("kind", ADDS)
def test_removing_what_was_just_added_gives_back_the_same_bytes(story, kind):
    args, ident = ADDS[kind]
    before = without_revisions(story)
    assert ok(*[a.format(doc=story) for a in args]).split()[-1] == ident
    assert without_revisions(story) != before
    ok("remove", story, ident)
    assert without_revisions(story) == before
    assert paragraphs(story) == [p.strip() for p in STORY.split("\n\n")]


def test_an_entity_goes_with_all_its_mentions_and_an_empty_register_goes_too(story):
    before = without_revisions(story)
    ok("entity", "add", story, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "tag", story, "quito")
    assert by_id(listed(story, "entities"))["quito"]["mentions"] == 2
    assert ok("remove", story, "quito") == "quito\n"
    assert without_revisions(story) == before
    assert "<listPlace" not in story.read_text()
    ok("remove", story, "garcia")
    ok("remove", story, "t1")
    assert "<standOff" not in story.read_text()
    assert "<persName" not in story.read_text() and "<term" not in story.read_text()


def test_a_quote_takes_its_glosses_with_it_and_a_gloss_goes_alone(story):
    ok("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", "es")
    ok("gloss", "add", story, "q1", "--lang", "en", "--text", "We will not give up")
    ok("gloss", "add", story, "q1", "--lang", "fr", "--text", "Nous ne céderons pas")
    ok("remove", story, "q1-fr")
    assert listed(story, "quotes")[0]["glosses"] == {"en": "We will not give up"}
    ok("remove", story, "q1")
    assert listed(story, "quotes") == [] and listed(story, "glosses") == []


def test_a_mention_inside_a_quote_goes_and_the_quote_stays(story):
    ok("entity", "add", story, "quito", "--type", "place", "--name", "Quito")
    ok("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", "es")
    ok("entity", "tag", story, "quito")
    ok("remove", story, "quito-m2")
    assert '<q xml:id="q1" xml:lang="es">No vamos a rendirnos, Quito no se rinde.</q>' in snippet(story, "p2")


def test_the_speaker_of_a_quote_cannot_go_before_the_quote(story):
    ok("quote", "add", story, "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia")
    line = refused(story, "remove", story, "garcia")
    assert "entity 'garcia' is the speaker of q1; remove those quotes or their speaker first" in line
    ok("remove", story, "q1")
    ok("remove", story, "garcia")
    assert listed(story, "mentions") == []


def test_what_is_not_an_annotation_is_not_removed(story):
    assert "no element with xml:id 'nothing'" in refused(story, "remove", story, "nothing")
    assert "<p xml:id='p1'>, not an annotation apostilla removes" in refused(story, "remove", story, "p1")


def test_an_entity_the_document_already_mentioned_is_not_removed_from_under_its_mentions(tmp_path):
    # The file's own <persName ref="#lopez"> is not apostilla's to unwrap, and would point at nothing:
    # remove refuses, and undo takes back the registration and the tagging instead.
    doc = tei_file(tmp_path, '<p xml:id="p1">Minister <persName ref="#lopez">López</persName> spoke; '
                             "López left.</p>")
    original = doc.read_bytes()
    ok("entity", "add", doc, "lopez", "--type", "person", "--name", "López")
    assert ok("entity", "tag", doc, "lopez") == "lopez-m1\n"
    before = doc.read_bytes()
    message = refused(doc, "remove", doc, "lopez")
    assert "also named by 1 mention(s) apostilla did not make" in message and "apostilla undo" in message
    assert doc.read_bytes() == before
    ok("undo", doc, "--steps", "2")
    assert snippet(doc, "p1") == re.search(r'<p xml:id="p1">.*?</p>', original.decode()).group(0)


def test_an_orphan_record_goes_with_the_glosses_of_what_it_kept(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es", "--id", "q1")
    ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not give up.")
    new_text = tmp_path / "v2.txt"
    new_text.write_text(STORY.split("\n\n")[0] + "\n\n" + STORY.split("\n\n")[2], encoding="utf-8")
    ok("rebase", doc, new_text)
    orphan = re.search(r'<annotation xml:id="(orphan\d+)" target="#q1"', doc.read_text(encoding="utf-8")).group(1)
    assert "2 gloss" not in ok("remove", doc, orphan)
    text = doc.read_text(encoding="utf-8")
    assert 'target="#q1"' not in text and "We will not give up." not in text
    assert cli("validate", doc).exit_code == 0
