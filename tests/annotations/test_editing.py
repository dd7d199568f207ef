"""`entity set`, `quote set`, `gloss set` and `rename`: fixing an annotation without taking it out."""
from __future__ import annotations

import json

import pytest

from apostilla.annotations.operations import perform
from apostilla.annotations.document import TeiDocument

from .helpers import by_id, changes, cli, listed, new_story, ok, refused, sha256, snippet, tei_file


@pytest.fixture
def story(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García",
       "--role", "Mayor of Quito")
    ok("entity", "add", doc, "redcross", "--type", "org", "--name", "Red Cross")
    ok("entity", "tag", doc, "--every")
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia")
    ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not give up", "--translator", "Ana Ruiz")
    return doc


def entry(doc, ident) -> str:
    return snippet(doc, ident)


# ---------------------------------------------------------------------------- entity set


def test_entity_set_changes_the_name_and_adds_aliases_and_authority_ids(story):
    assert ok("entity", "set", story, "garcia", "--name", "Lucía García Pérez", "--alias", "Lucía",
              "--alias", "García", "--same-as", "Q1", "--same-as", "https://viaf.org/viaf/1") == "garcia\n"
    assert entry(story, "garcia") == (
        '<person xml:id="garcia"><persName>Lucía García Pérez</persName><persName type="alias">García</persName>'
        '<persName type="alias">Lucía</persName><occupation>Mayor of Quito</occupation>'
        '<idno type="wikidata">Q1</idno><idno type="viaf">https://viaf.org/viaf/1</idno></person>')
    assert changes(story)[-1].text == "entity set garcia: name, aliases, same-as"
    ok("entity", "set", story, "garcia", "--remove-alias", "Lucía", "--remove-same-as", "Q1")
    row = by_id(listed(story, "entities"))["garcia"]
    assert row["aliases"] == ["García"] and row["name"] == "Lucía García Pérez"
    # The mentions stay: they are mentions of the entity, whatever it is called now.
    assert row["mentions"] == 3


def test_a_role_per_language_and_the_one_in_the_documents_language(story):
    ok("entity", "set", story, "garcia", "--role", "alcaldesa de Quito", "--lang", "es")
    ok("entity", "set", story, "garcia", "--role", "Mayor of Quito (since 2023)")
    ok("entity", "set", story, "garcia", "--role", "alcaldesa", "--lang", "es")
    ok("entity", "set", story, "redcross", "--role", "Cruz Roja", "--lang", "es")
    ok("entity", "set", story, "redcross", "--role", "humanitarian organisation")
    assert entry(story, "garcia") == (
        '<person xml:id="garcia"><persName>Lucía García</persName><persName type="alias">García</persName>'
        '<occupation>Mayor of Quito (since 2023)</occupation><occupation xml:lang="es">alcaldesa</occupation>'
        '</person>')
    assert entry(story, "redcross") == (
        '<org xml:id="redcross"><orgName>Red Cross</orgName><note type="role" xml:lang="es">Cruz Roja</note>'
        '<note type="role">humanitarian organisation</note></org>')
    # The role in English on an English document is the one without xml:lang: no second one.
    ok("entity", "set", story, "redcross", "--role", "relief organisation", "--lang", "en")
    assert entry(story, "redcross").count('type="role"') == 2
    assert '<note type="role" xml:lang="en">relief organisation</note>' in entry(story, "redcross")


def test_entity_set_that_changes_nothing_leaves_the_file_as_it_was(story):
    before = sha256(story)
    for args in (["--name", "Lucía García"], ["--alias", "García"], ["--role", "Mayor of Quito"]):
        result = cli("entity", "set", story, "garcia", *args)
        assert result.exit_code == 0 and result.stdout == ""
        assert result.stderr == "apostilla: warning: entity garcia already has these values; nothing changed\n"
    assert sha256(story) == before


@pytest.mark.parametrize("args, code, message", [
    ([], 2, "give what to change: --name, --alias, --remove-alias, --role, --same-as or --remove-same-as"),
    (["--lang", "es"], 2, "--lang goes with --role"),
    (["--name", "  "], 3, "--name is empty"),
    (["--role", "alcaldesa", "--lang", "spanish!"], 3, "is not a well-formed BCP 47 language tag"),
    (["--remove-alias", "Lucy"], 3, "entity 'garcia' has no alias 'Lucy' (its aliases: García)"),
    (["--remove-same-as", "Q9"], 3, "entity 'garcia' has no authority id 'Q9' (it has: none)"),
])
def test_entity_set_refuses_in_one_line(story, args, code, message):
    assert message in refused(story, "entity", "set", story, "garcia", *args, code=code)


def test_entity_set_needs_a_registered_entity(story):
    assert "no registered entity 'q1'" in refused(story, "entity", "set", story, "q1", "--name", "X")
    assert "no registered entity 'nobody'" in refused(story, "entity", "set", story, "nobody", "--name", "X")


def test_a_name_marked_up_by_hand_is_not_overwritten(tmp_path):
    doc = tei_file(tmp_path, '<p xml:id="p1">Petro spoke.</p>')
    text = doc.read_text(encoding="utf-8").replace(
        "</text>", '</text><standOff><listPerson><person xml:id="petro"><persName><forename>Gustavo</forename> '
        '<surname>Petro</surname></persName></person></listPerson></standOff>')
    doc.write_text(text, encoding="utf-8")
    assert "the name of <person xml:id='petro'> is marked up (<forename>" in refused(
        doc, "entity", "set", doc, "petro", "--name", "Gustavo Petro Urrego")


def test_every_kind_of_entity_keeps_a_valid_register(tmp_path):
    from apostilla.schemas import validate_paths

    doc = new_story(tmp_path)
    for ident, kind in (("p", "person"), ("o", "org"), ("l", "place"), ("e", "event"), ("x", "other")):
        ok("entity", "add", doc, ident, "--type", kind, "--name", "Quito", "--role", "first")
        ok("entity", "set", doc, ident, "--alias", "San Francisco de Quito", "--same-as", "Q2900",
           "--role", "segunda", "--lang", "es")
        ok("entity", "set", doc, ident, "--same-as", "https://example.org/q", "--role", "changed")
    report = validate_paths([doc])
    assert report.valid, "\n".join(line for d in report.documents for line in d.text_lines())
    assert snippet(doc, "x") == (
        '<object xml:id="x"><objectIdentifier><objectName>Quito</objectName><idno type="wikidata">Q2900</idno>'
        '<idno type="URI">https://example.org/q</idno></objectIdentifier><objectIdentifier><objectName '
        'type="alias">San Francisco de Quito</objectName></objectIdentifier><note type="role">changed</note>'
        '<note type="role" xml:lang="es">segunda</note></object>')


# ---------------------------------------------------------------------------- quote set


def test_quote_set_changes_the_speaker_and_the_language(story):
    ok("entity", "add", story, "ruiz", "--type", "person", "--name", "Ana Ruiz")
    assert ok("quote", "set", story, "q1", "--speaker", "ruiz") == "q1\n"
    assert listed(story, "quotes")[0]["speaker"] == "ruiz"
    ok("quote", "set", story, "q1", "--no-speaker", "--lang", "es-EC")
    assert snippet(story, "q1").startswith('<q xml:id="q1" xml:lang="es-EC">No vamos')
    assert '<language ident="es-EC">' in story.read_text(encoding="utf-8")
    assert changes(story)[-1].text == "quote set q1: speaker, lang"


@pytest.mark.parametrize("args, code, message", [
    ([], 2, "give what to change: --speaker, --no-speaker or --lang"),
    (["--speaker", "garcia", "--no-speaker"], 2, "give either --speaker or --no-speaker"),
    (["--speaker", "nobody"], 3, "no registered speaker 'nobody'"),
    (["--lang", "en"], 3, "'q1' has a gloss in en (q1-en), and a gloss must be in another language than its quote"),
    (["--lang", "e$"], 3, "is not a well-formed BCP 47 language tag"),
])
def test_quote_set_refuses_in_one_line(story, args, code, message):
    assert message in refused(story, "quote", "set", story, "q1", *args, code=code)


def test_quote_set_takes_a_quote_only(story):
    assert "'garcia-m1' is <persName xml:id='garcia-m1'>, not a quote (<q>) of the text" in refused(
        story, "quote", "set", story, "garcia-m1", "--lang", "es")
    before = sha256(story)
    assert cli("quote", "set", story, "q1", "--lang", "es").stderr.endswith("nothing changed\n")
    assert sha256(story) == before


# ---------------------------------------------------------------------------- gloss set


def test_gloss_set_changes_what_is_given_and_keeps_the_rest(story):
    assert ok("gloss", "set", story, "q1", "--lang", "en", "--status", "reviewed") == "q1-en\n"
    assert by_id(listed(story, "glosses"))["q1-en"] == {
        "id": "q1-en", "target": "q1", "lang": "en", "text": "We will not give up", "translator": "Ana Ruiz",
        "status": "reviewed"}
    ok("gloss", "set", story, "q1", "--lang", "en", "--text", "We will not give in; Quito does not surrender.",
       "--translator", "Luis Mora")
    assert by_id(listed(story, "glosses"))["q1-en"]["translator"] == "Luis Mora"
    assert by_id(listed(story, "glosses"))["q1-en"]["status"] == "reviewed"
    assert changes(story)[-1].text == "gloss set q1-en: text, translator"


@pytest.mark.parametrize("args, code, message", [
    (["q1", "--lang", "en"], 2, "give what to change: --text, --translator or --status"),
    (["q1", "--lang", "fr", "--text", "x"], 3, "'q1' has no gloss in fr (add one with `apostilla gloss add`)"),
    (["q1", "--lang", "es", "--text", "x"], 3, "'q1' is already in es: a gloss must be in another language"),
    (["garcia", "--lang", "en", "--text", "x"], 3, "'garcia' is <person xml:id='garcia'>; a gloss translates"),
    (["q1", "--lang", "en", "--status", "final"], 3, "--status 'final': use one of draft, reviewed, approved"),
    (["q1", "--lang", "en", "--text", " "], 3, "--text is empty"),
])
def test_gloss_set_refuses_as_gloss_add_does(story, args, code, message):
    assert message in refused(story, "gloss", "set", story, *args, code=code)


def test_gloss_set_accepts_the_targets_gloss_add_accepts(story):
    # gloss set checks its target with gloss add's own check: paragraphs, which gloss add learned
    # to translate, are gloss set's too; an entity entry is neither's.
    doc = TeiDocument.load(story)
    with pytest.raises(Exception, match="'p3' has no gloss in es"):
        perform(doc, "gloss.set", {"target": "p3", "lang": "es", "status": "approved"})
    perform(doc, "gloss.add", {"target": "p3", "lang": "es", "text": "Más tarde García dio las gracias."})
    assert perform(doc, "gloss.set", {"target": "p3", "lang": "es", "status": "approved"}).ids == ["p3-es"]
    perform(doc, "entity.add", {"id": "quito", "type": "place", "name": "Quito"})
    with pytest.raises(Exception, match="a gloss translates a quote"):
        perform(doc, "gloss.set", {"target": "quito", "lang": "es", "status": "approved"})


# ---------------------------------------------------------------------------- rename


def test_rename_moves_every_pointer_and_the_ids_made_from_it(story):
    ok("entity", "add", story, "quito", "--type", "place", "--name", "Quito")
    text = story.read_text(encoding="utf-8").replace('<p xml:id="p3">', '<p xml:id="p3" corresp="#garcia #quito">')
    story.write_text(text, encoding="utf-8")
    assert ok("rename", story, "garcia", "lucia") == "lucia\n"
    text = story.read_text(encoding="utf-8")
    assert "garcia" not in text.split("</teiHeader>")[1]  # the header's history still names it
    assert '<p xml:id="p3" corresp="#lucia #quito">' in text
    assert 'who="#lucia"' in text and text.count('ref="#lucia"') == 3
    assert [m["id"] for m in listed(story, "mentions") if m["entity"] == "lucia"] == ["lucia-m1", "lucia-m2",
                                                                                     "lucia-m3"]
    assert changes(story)[-1].text == "rename garcia to lucia: 5 pointer(s), and 3 id(s) made from it"
    ok("rename", story, "q1", "q-surrender")
    assert by_id(listed(story, "glosses"))["q-surrender-en"]["target"] == "q-surrender"
    # Removing the renamed entity still takes the mentions apostilla made for it.
    ok("remove", story, "q-surrender")
    ok("remove", story, "lucia")
    assert [m for m in listed(story, "mentions") if m["entity"] == "lucia"] == []


def test_rename_keeps_the_document_valid(story):
    from apostilla.schemas import validate_paths

    ok("rename", story, "p2", "second")
    ok("rename", story, "test-runner", "runner")  # who made the changes: every <change who> follows
    ok("rename", story, "change-2", "first-entity")
    report = validate_paths([story])
    assert report.valid, "\n".join(line for d in report.documents for line in d.text_lines())
    assert all(c.get("who") == "#runner" for c in changes(story))
    rows = json.loads(ok("history", story, "--format", "json"))
    assert rows[1]["id"] == "first-entity" and rows[1]["undoable"]


@pytest.mark.parametrize("args, message", [
    (["nobody", "x"], "no element with xml:id 'nobody'"),
    (["garcia", "1x"], "id '1x' is not a valid xml:id"),
    (["garcia", "redcross"], "id 'redcross' is already used by <org xml:id='redcross'>"),
])
def test_rename_refuses_in_one_line(story, args, message):
    assert message in refused(story, "rename", story, *args)


def test_rename_refuses_when_an_id_made_from_it_would_clash(story):
    ok("mark", story, "--match", "2,512 tons", "--measure", "2512", "--id", "lucia-m2")
    assert "renaming garcia would rename garcia-m2 to lucia-m2, which is already used by <num" in refused(
        story, "rename", story, "garcia", "lucia")


def test_rename_to_the_same_id_changes_nothing(story):
    before = sha256(story)
    assert cli("rename", story, "q1", "q1").stderr == "apostilla: warning: 'q1' already has that id; nothing changed\n"
    assert sha256(story) == before


def test_the_new_operations_run_in_batches(story, tmp_path):
    batch = tmp_path / "fix.jsonl"
    batch.write_text(
        '{"op": "entity set", "id": "garcia", "role": "alcaldesa", "lang": "es", "aliases": ["Lucía"]}\n'
        '{"op": "quote set", "id": "q1", "no_speaker": true}\n'
        '{"op": "gloss set", "target": "q1", "lang": "en", "status": "approved"}\n'
        '{"op": "rename", "old": "q1", "new": "q-rinde"}\n', encoding="utf-8")
    assert "4 operations applied (1 entity.set, 1 quote.set, 1 gloss.set, 1 rename)" in ok("apply", story, batch)
    assert listed(story, "quotes")[0]["id"] == "q-rinde" and listed(story, "quotes")[0]["speaker"] is None
    assert listed(story, "glosses")[0]["status"] == "approved"
