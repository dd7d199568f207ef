"""Every bad input of the annotation commands: exit 3, one clear line, and the file left as it was."""
from __future__ import annotations

import pytest

from .helpers import cli, do, fixed_clock_and_user, new_story, refused

# (what a user got wrong, the command after `apostilla`, words the error line must hold)
BAD = [
    ("unknown id", ["entity", "tag", "{doc}", "lopez"], "no registered entity 'lopez'"),
    ("unknown id to remove", ["remove", "{doc}", "q9"], "no element with xml:id 'q9'"),
    ("unknown gloss target", ["gloss", "add", "{doc}", "q9", "--lang", "en", "--text", "x"],
     "no element with xml:id 'q9'"),
    ("duplicate id on add", ["entity", "add", "{doc}", "garcia", "--type", "person", "--name", "Otra"],
     "entity id 'garcia' is already used by <person xml:id='garcia'>"),
    ("duplicate id of a paragraph", ["mark", "{doc}", "--match", "Later", "--term", "en", "--id", "p1"],
     "id 'p1' is already used by <p xml:id='p1'>"),
    ("id that is no xml:id", ["entity", "add", "{doc}", "2cool", "--type", "person", "--name", "X"],
     "'2cool' is not a valid xml:id"),
    ("unknown entity type", ["entity", "add", "{doc}", "cruz", "--type", "company", "--name", "Red Cross"],
     "unknown entity type 'company'; use one of person, org, place, event, other"),
    ("malformed ISO date", ["mark", "{doc}", "--match", "January 7, 2026", "--date", "7/1/2026"],
     "--date '7/1/2026' is not an ISO 8601 date"),
    ("impossible date", ["mark", "{doc}", "--match", "January 7, 2026", "--date", "2026-02-30"],
     "--date '2026-02-30' is not a real calendar date"),
    ("quantity that is no number", ["mark", "{doc}", "--match", "2,512 tons", "--measure", "2,512"],
     "--measure '2,512' is not a number"),
    ("malformed language tag of a quote", ["quote", "add", "{doc}", "--match", "No vamos ... rinde.", "--lang", "spanish!"],
     "--lang 'spanish!' is not a well-formed BCP 47 language tag"),
    ("malformed language tag of a term", ["mark", "{doc}", "--match", "soberanía", "--nth", "1", "--term", "es_EC"],
     "--term 'es_EC' is not a well-formed BCP 47 language tag"),
    ("malformed language tag of a gloss", ["gloss", "add", "{doc}", "q1", "--lang", "en-", "--text", "x"],
     "--lang 'en-' is not a well-formed BCP 47 language tag"),
    ("no match", ["quote", "add", "{doc}", "--match", "Guayaquil", "--lang", "es"], "'Guayaquil' not found in the text"),
    ("ambiguous match", ["mark", "{doc}", "--match", "soberanía", "--term", "es"], "'soberanía' occurs 2 times"),
    ("a match across paragraphs", ["quote", "add", "{doc}", "--match", "ready. Later", "--lang", "en"],
     "runs from p2 into p3: a selection must stay within one paragraph"),
    ("partial overlap", ["quote", "add", "{doc}", "--match", "Lucía García, met Ana", "--lang", "en"],
     "partially overlap <persName xml:id='ruiz-m1'>"),
    ("a gloss in the target's own language", ["gloss", "add", "{doc}", "q1", "--lang", "es-EC", "--text", "x"],
     "'q1' is already in es: a gloss must be in another language"),
    ("a second gloss without --replace", ["gloss", "add", "{doc}", "q1", "--lang", "en", "--text", "again"],
     "'q1' already has a gloss in en (q1-en); use --replace"),
    ("a gloss of something that is not a quote, term or paragraph",
     ["gloss", "add", "{doc}", "garcia", "--lang", "es", "--text", "x"],
     "a gloss translates a quote (<q>), a term (<term>) or a paragraph of the text"),
    ("unknown gloss status", ["gloss", "add", "{doc}", "q1", "--lang", "de", "--text", "x", "--status", "final"],
     "--status 'final': use one of draft, reviewed, approved"),
    ("a speaker that is a place", ["quote", "add", "{doc}", "--match", "the theme of the day", "--lang", "en",
                                   "--speaker", "quito"], "speaker 'quito' is a place, not a person or organisation"),
    ("a speaker nobody registered", ["quote", "add", "{doc}", "--match", "the theme of the day", "--lang", "en",
                                     "--speaker", "lopez"], "no registered speaker 'lopez'"),
    ("a speaker that is a paragraph", ["quote", "add", "{doc}", "--match", "the theme of the day", "--lang", "en",
                                       "--speaker", "p1"], "speaker 'p1' is a <p>, not a person or organisation"),
    ("a date marked twice", ["mark", "{doc}", "--match", "January 7, 2026", "--date", "2026-01-07"],
     "already marked as <date xml:id='d1'>"),
    ("an empty name", ["entity", "add", "{doc}", "nadie", "--type", "person", "--name", "   "], "--name is empty"),
    ("an empty gloss", ["gloss", "add", "{doc}", "q1", "--lang", "de", "--text", " "], "--text is empty"),
    ("remove of a paragraph", ["remove", "{doc}", "p2"], "not an annotation apostilla removes"),
    ("a document that does not exist", ["mark", "{folder}/none.xml", "--match", "x", "--term", "es"], "no such file"),
]


@pytest.fixture(scope="module")
def story_bytes(tmp_path_factory) -> bytes:
    with fixed_clock_and_user():
        return _build(new_story(tmp_path_factory.mktemp("story")))


def _build(doc) -> bytes:
    """The story with García, Ruiz and Quito tagged, a Spanish quote glossed in English and a date."""
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"])
    do(doc, "entity.add", id="ruiz", type="person", name="Ana Ruiz", aliases=["Ruiz"])
    do(doc, "entity.add", id="quito", type="place", name="Quito")
    do(doc, "entity.tag", every=True)
    do(doc, "quote.add", match="No vamos ... rinde.", lang="es", speaker="garcia")
    do(doc, "gloss.add", target="q1", lang="en", text="We will not give up")
    do(doc, "mark", match="January 7, 2026", date="2026-01-07")
    return doc.read_bytes()


@pytest.fixture
def annotated(tmp_path, story_bytes):
    doc = tmp_path / "story.xml"
    doc.write_bytes(story_bytes)
    return doc


@pytest.mark.parametrize("what, args, message", BAD, ids=[case[0] for case in BAD])
def test_bad_input_exits_3_with_one_line_and_leaves_the_file_alone(annotated, what, args, message):
    args = [a.format(doc=annotated, folder=annotated.parent) for a in args]
    line = refused(annotated, *args)
    assert message in line
    # The line names the file the user gave: `apostilla: error: FILE: message`.
    named = next(a for a in args if a.endswith(".xml"))
    assert line.startswith(f"apostilla: error: {named}: ")


def test_only_an_ambiguous_match_adds_lines_under_the_error(annotated):
    result = cli("mark", annotated, "--match", "soberanía", "--term", "es")
    assert result.exit_code == 3
    assert [line[:6] for line in result.stderr.splitlines()[1:]] == ["  1. p", "  2. p"]
    for what, args, _ in BAD:
        if what != "ambiguous match":
            result = cli(*[a.format(doc=annotated, folder=annotated.parent) for a in args])
            assert len(result.stderr.splitlines()) == 1, what


def test_usage_errors_exit_2(annotated):
    assert refused(annotated, "mark", annotated, "--match", "Later", code=2)  # no --date, --measure or --term
    assert "give either --nth or --all" in refused(annotated, "mark", annotated, "--match", "soberanía",
                                                   "--term", "es", "--nth", "1", "--all", code=2)
    assert "--unit goes with --measure" in refused(annotated, "mark", annotated, "--match", "Later",
                                                   "--date", "2026", "--unit", "km", code=2)
    assert "give an entity ID (or --every)" in refused(annotated, "entity", "tag", annotated, code=2)
    assert "--every tags every registered entity" in refused(annotated, "entity", "tag", annotated, "quito",
                                                             "--every", code=2)
