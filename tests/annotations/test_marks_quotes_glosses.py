"""Dates, figures and terms in the text; quotes with language and speaker; their glosses in standOff."""
from __future__ import annotations

from .helpers import by_id, listed, new_story, ok, paragraphs, refused, snippet, STORY


def story_with_people(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    ok("entity", "add", doc, "redcross", "--type", "org", "--name", "Red Cross")
    return doc


def test_dates_quantities_and_terms_are_marked_in_place(tmp_path):
    doc = new_story(tmp_path)
    assert ok("mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07") == "d1\n"
    assert ok("mark", doc, "--match", "2,512 tons", "--measure", "2512", "--unit", "t") == "n1\n"
    assert ok("mark", doc, "--match", "twice", "--measure", "2") == "n2\n"
    assert ok("mark", doc, "--match", "soberanía", "--term", "es", "--all") == "t1\nt2\n"
    assert ok("mark", doc, "--match", "the day", "--date", "2026-01", "--id", "d-month") == "d-month\n"
    assert paragraphs(doc) == [p.strip() for p in STORY.split("\n\n")]
    assert 'on <date xml:id="d1" when="2026-01-07">January 7, 2026</date>.</p>' in snippet(doc, "p1")
    assert 'had <measure xml:id="n1" quantity="2512" unit="t">2,512 tons</measure> of' in snippet(doc, "p2")
    assert snippet(doc, "p3") == (
        '<p xml:id="p3">Later García thanked the Red Cross. The word <term xml:id="t1" xml:lang="es">soberanía'
        '</term> came up <num xml:id="n2" value="2">twice</num>, <term xml:id="t2" xml:lang="es">soberanía</term> '
        'being the theme of <date xml:id="d-month" when="2026-01">the day</date>.</p>')
    assert listed(doc, "dates") == [{"id": "d1", "text": "January 7, 2026", "when": "2026-01-07"},
                                    {"id": "d-month", "text": "the day", "when": "2026-01"}]
    assert listed(doc, "measures") == [{"id": "n1", "text": "2,512 tons", "quantity": "2512", "unit": "t"},
                                       {"id": "n2", "text": "twice", "quantity": "2", "unit": None}]
    assert listed(doc, "terms") == [{"id": "t1", "text": "soberanía", "lang": "es", "glosses": {}},
                                    {"id": "t2", "text": "soberanía", "lang": "es", "glosses": {}}]
    # The term's language is declared in the header with its name.
    assert '<language ident="es">Spanish</language>' in doc.read_text()


def test_iso_dates_of_every_precision_tei_takes_are_accepted(tmp_path):
    doc = new_story(tmp_path)
    for when in ["2026", "2026-01", "2026-01-07", "2026-01-07T16:00:00", "2026-01-07T16:00:00.5Z",
                 "2026-01-07T16:00:00-05:00", "-0044-03-15"]:
        ok("mark", doc, "--match", "January 7, 2026", "--date", when, "--id", "w")
        assert f'when="{when}"' in snippet(doc, "w")
        ok("remove", doc, "w")
    for bad in ["2026-1-7", "07/01/2026", "2026-01-07 16:00:00", "January", "2026-01-07T16:00Z"]:
        assert "is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss)" in refused(
            doc, "mark", doc, "--match", "January 7, 2026", "--date", bad)
    for impossible in ["2026-00", "2026-13", "2026-02-29", "2026-01-07T25:00:00"]:
        assert "is not a real calendar date" in refused(doc, "mark", doc, "--match", "January 7, 2026",
                                                        "--date", impossible)


def test_numbers_are_written_as_numbers(tmp_path):
    doc = new_story(tmp_path)
    for good in ["2512", "-3", "2.8e6", ".5"]:
        ok("mark", doc, "--match", "2,512 tons", "--measure", good, "--id", "n")
        ok("remove", doc, "n")
    for bad in ["2,512", "two", "1/2", "3 t"]:
        assert "is not a number" in refused(doc, "mark", doc, "--match", "2,512 tons", "--measure", bad)


def test_a_quote_keeps_its_quotation_marks_outside_and_names_its_speaker(tmp_path):
    doc = story_with_people(tmp_path)
    assert ok("quote", "add", doc, "--match", "«No vamos ... rinde.»", "--lang", "es", "--speaker", "garcia") == "q1\n"
    assert ok("quote", "add", doc, "--match", "the theme of the day", "--lang", "en",
              "--speaker", "redcross", "--id", "q-theme") == "q-theme\n"
    assert 'reporters: «<q xml:id="q1" xml:lang="es" who="#garcia">No vamos a rendirnos, Quito no se rinde.</q>»' \
        in snippet(doc, "p2")
    assert '<q xml:id="q-theme" xml:lang="en" who="#redcross">the theme of the day</q>.' in snippet(doc, "p3")
    quotes = by_id(listed(doc, "quotes"))
    assert quotes["q1"] == {"id": "q1", "text": "No vamos a rendirnos, Quito no se rinde.", "lang": "es",
                            "speaker": "garcia", "paragraph": "p2", "glosses": {}}
    assert quotes["q-theme"]["speaker"] == "redcross"


def test_a_quote_without_speaker_and_one_that_is_only_quotation_marks(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos a rendirnos", "--lang", "es")
    assert listed(doc, "quotes")[0]["speaker"] is None
    assert "holds only quotation marks" in refused(doc, "quote", "add", doc, "--match", "»", "--lang", "es")


def test_a_quote_already_marked_is_refused_as_mark_refuses_a_second_date(tmp_path):
    # Issue 13, finding 19: the same words quoted twice made <q><q>...</q></q>, shown twice in the memo.
    doc = story_with_people(tmp_path)
    ok("quote", "add", doc, "--match", "«No vamos ... rinde.»", "--lang", "es", "--speaker", "garcia")
    for again in ("«No vamos ... rinde.»", "No vamos a rendirnos, Quito no se rinde."):
        line = refused(doc, "quote", "add", doc, "--match", again, "--lang", "en")
        assert line.endswith("already marked as <q xml:id='q1'>")
    ok("mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07")
    assert refused(doc, "mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07").endswith(
        "already marked as <date xml:id='d1'>")
    # A quote inside the quote, or around more than it, is another quotation: still allowed.
    ok("quote", "add", doc, "--match", "Quito no se rinde", "--lang", "es")
    assert snippet(doc, "q1").count("<q ") == 2


def test_glosses_translate_quotes_and_terms_with_translator_and_status(tmp_path):
    doc = story_with_people(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia")
    ok("mark", doc, "--match", "soberanía", "--term", "es", "--nth", "1", "--id", "t-sob")
    assert ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not give up; Quito does not surrender.",
              "--translator", "Ana Ruiz", "--status", "reviewed") == "q1-en\n"
    assert ok("gloss", "add", doc, "t-sob", "--lang", "en", "--text", "sovereignty") == "t-sob-en\n"
    assert ok("gloss", "add", doc, "q1", "--lang", "fr", "--text", "Nous ne céderons pas") == "q1-fr\n"
    assert snippet(doc, "q1-en") == (
        '<annotation xml:id="q1-en" target="#q1" motivation="describing"><respStmt><resp>translation</resp>'
        '<name>Ana Ruiz</name></respStmt><revisionDesc><change status="reviewed" when="2026-01-07T12:00:00Z"/>'
        '</revisionDesc><note type="translation" xml:lang="en">We will not give up; Quito does not surrender.'
        "</note></annotation>")
    assert snippet(doc, "t-sob-en") == (
        '<annotation xml:id="t-sob-en" target="#t-sob" motivation="describing"><revisionDesc>'
        '<change status="draft" when="2026-01-07T12:00:00Z"/></revisionDesc>'
        '<note type="gloss" xml:lang="en">sovereignty</note></annotation>')
    assert '<listAnnotation type="glosses">' in doc.read_text()
    assert listed(doc, "glosses") == [
        {"id": "q1-en", "target": "q1", "lang": "en", "text": "We will not give up; Quito does not surrender.",
         "translator": "Ana Ruiz", "status": "reviewed"},
        {"id": "t-sob-en", "target": "t-sob", "lang": "en", "text": "sovereignty", "translator": None,
         "status": "draft"},
        {"id": "q1-fr", "target": "q1", "lang": "fr", "text": "Nous ne céderons pas", "translator": None,
         "status": "draft"},
    ]
    assert listed(doc, "quotes")[0]["glosses"] == {"en": "We will not give up; Quito does not surrender.",
                                                   "fr": "Nous ne céderons pas"}
    assert listed(doc, "terms")[0]["glosses"] == {"en": "sovereignty"}


def test_replace_changes_a_gloss_in_place(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es")
    ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not surrender")
    assert "use --replace" in refused(doc, "gloss", "add", doc, "q1", "--lang", "en", "--text", "Never")
    assert ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not give up", "--replace",
              "--status", "approved", "--translator", "Ana Ruiz") == "q1-en\n"
    assert listed(doc, "glosses") == [{"id": "q1-en", "target": "q1", "lang": "en", "text": "We will not give up",
                                       "translator": "Ana Ruiz", "status": "approved"}]


def test_an_english_quote_is_glossed_in_spanish_and_not_in_english(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "the theme of the day", "--lang", "en-US")
    assert "already in en-US" in refused(doc, "gloss", "add", doc, "q1", "--lang", "en", "--text", "x")
    ok("gloss", "add", doc, "q1", "--lang", "es-EC", "--text", "el tema del día")
    assert listed(doc, "quotes")[0]["glosses"] == {"es-EC": "el tema del día"}
