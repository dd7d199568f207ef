"""Choosing text with --match: what a user types finds what they see, or says why not."""
from __future__ import annotations

import unicodedata

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.common.errors import AmbiguousMatch, BadInput, NoMatch, UsageError
from apostilla.annotations.select import select

from .helpers import cli, new_story, ok, refused, snippet, tei_file


def spans_text(doc: TeiDocument, spans) -> list[str]:
    return [doc.view.text[s.start:s.end] for s in spans]


def load(folder, body: str) -> TeiDocument:
    return TeiDocument.load(tei_file(folder, body))


def test_white_space_runs_and_line_breaks_in_the_source_match_a_single_space(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">the   mayor\n      of Quito</p>')
    [span] = select(doc, "mayor of  Quito")
    assert doc.view.text[span.start:span.end] == "mayor\n      of Quito"


def test_a_match_runs_across_inline_markup_and_an_lb(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">Lucía <hi>Gar<lb/>cía</hi> spoke</p>')
    assert spans_text(doc, select(doc, "Lucía García")) == ["Lucía García"]


def test_start_dots_end_selects_up_to_the_nearest_end(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">one two three. one two three.</p>')
    assert spans_text(doc, select(doc, "one ... three", nth=1)) == ["one two three"]
    assert spans_text(doc, select(doc, "two … three.", all_=True)) == ["two three.", "two three."]


def test_nth_and_all_pick_among_occurrences_and_in_limits_the_search(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">Quito, Quito</p><p xml:id="p2">and Quito</p>')
    assert [s.start for s in select(doc, "Quito", all_=True)] == [0, 7, 16]
    assert select(doc, "Quito", nth=2)[0].start == 7
    assert [s.block.get("{http://www.w3.org/XML/1998/namespace}id") for s in select(doc, "Quito", within="p2")] == ["p2"]
    with pytest.raises(NoMatch, match="occurs only 3"):
        select(doc, "Quito", nth=4)
    with pytest.raises(UsageError):
        select(doc, "Quito", nth=1, all_=True)


def test_an_ambiguous_match_lists_every_occurrence_with_its_paragraph(tmp_path):
    doc = new_story(tmp_path)
    result = cli("quote", "add", doc, "--match", "Red Cross", "--lang", "en")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("apostilla: error: ") and "occurs 3 times" in lines[0] and "--nth" in lines[0]
    assert "--all" not in lines[0]  # a quote is one stretch of text: `quote add` has no --all
    assert lines[1:] == [
        "  1. p1: …a García, met Ana Ruiz of the [Red Cross] on January 7, 2026.…",
        "  2. p2: …o no se rinde.» Ruiz said the [Red Cross] had 2,512 tons of supplies re…",
        "  3. p3: …Later García thanked the [Red Cross]. The word soberanía came up t…",
    ]
    ok("quote", "add", doc, "--match", "Red Cross", "--lang", "en", "--nth", "2", "--id", "q-rc")
    assert snippet(doc, "p2").count("<q ") == 1 and 'the <q xml:id="q-rc" xml:lang="en">Red Cross</q> had' in snippet(doc, "p2")


def test_a_match_across_two_paragraphs_is_refused_naming_both(tmp_path):
    doc = new_story(tmp_path)
    line = refused(doc, "mark", doc, "--match", "January 7 ... García told", "--date", "2026-01-07")
    assert "runs from p1 into p2" in line
    line = refused(doc, "mark", doc, "--match", "ready. Later", "--date", "2026")
    assert "runs from p2 into p3" in line


def test_paragraphs_that_touch_without_white_space_still_stand_apart(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">said Maria</p><p xml:id="p2">Maria went</p>')
    with pytest.raises(BadInput, match="runs from p1 into p2"):
        select(doc, "Maria Maria")
    assert spans_text(doc, select(doc, "Maria", within="p2")) == ["Maria"]


def test_astral_characters_and_combining_marks_are_whole_characters(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">sign 👍🏽 and 𝔄𝔫𝔞 and a\u0331b and a b</p>')
    assert spans_text(doc, select(doc, "👍🏽")) == ["👍🏽"]
    assert spans_text(doc, select(doc, "𝔄𝔫𝔞")) == ["𝔄𝔫𝔞"]
    # A thumb without its skin tone would cut a character in two; so would "a" before a combining mark.
    with pytest.raises(NoMatch):
        select(doc, "👍")
    assert [doc.view.text[s.start:s.end + 1] for s in select(doc, "a", all_=True, substring=True)] == \
        ["an", "an", "an", "a "]
    assert [doc.view.text[s.start:s.end + 1] for s in select(doc, "a", all_=True)] == ["a "]


def test_a_decomposed_document_is_matched_by_a_composed_pattern(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nicolás met Lucía in Bogotá")
    doc = load(tmp_path, f'<p xml:id="p1">{nfd}</p><p xml:id="p2">{nfd}</p>')
    [span] = select(doc, unicodedata.normalize("NFC", "Lucía in Bogotá"), within="p2")
    assert doc.view.text[span.start:span.end] == unicodedata.normalize("NFD", "Lucía in Bogotá")
    assert span.start == len(nfd) + len(unicodedata.normalize("NFD", "Nicolás met "))


def test_a_composed_pattern_tags_decomposed_text_without_changing_it(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nicolás met Lucía in Bogotá")
    path = tmp_path / "nfd.xml"
    tei_file(tmp_path, f'<p xml:id="p1">{nfd}</p>', name="nfd.xml")
    ok("mark", path, "--match", "Lucía", "--term", "es")
    assert snippet(path, "p1") == f'<p xml:id="p1">{unicodedata.normalize("NFD", "Nicolás met ")}' \
        f'<term xml:id="t1" xml:lang="es">{unicodedata.normalize("NFD", "Lucía")}</term>' \
        f'{unicodedata.normalize("NFD", " in Bogotá")}</p>'


def test_in_names_an_element_of_the_text(tmp_path):
    doc = new_story(tmp_path)
    assert "no element with xml:id 'p9'" in refused(doc, "mark", doc, "--match", "Quito", "--in", "p9", "--term", "es")


def test_nothing_to_match_is_refused(tmp_path):
    doc = new_story(tmp_path)
    assert "not found" in refused(doc, "mark", doc, "--match", "Guayaquil", "--term", "es")
    with pytest.raises(AmbiguousMatch):
        select(TeiDocument.load(doc), "García")


# ---------------------------------------------------------------------------- whole words


def test_match_all_tags_whole_words_only_and_substring_reaches_inside_words(tmp_path):
    # Issue 13, finding 20: `--match Colombia --all` made <placeName>Colombia</placeName>ns.
    doc = tei_file(tmp_path, '<p xml:id="p1">Colombians voted. Colombia won; so did Colombia\'s allies.</p>')
    ok("entity", "add", doc, "co", "--type", "place", "--name", "Colombia")
    assert ok("entity", "tag", doc, "co", "--match", "Colombia", "--all").split() == ["co-m1", "co-m2"]
    assert snippet(doc, "p1") == (
        '<p xml:id="p1">Colombians voted. <placeName xml:id="co-m1" ref="#co">Colombia</placeName> won; so did '
        '<placeName xml:id="co-m2" ref="#co">Colombia</placeName>\'s allies.</p>')
    ok("mark", doc, "--match", "Colombia", "--substring", "--nth", "1", "--term", "es")
    assert snippet(doc, "p1").startswith('<p xml:id="p1"><term xml:id="t1" xml:lang="es">Colombia</term>ns voted.')


def test_nth_counts_whole_word_occurrences_only(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">Petronila met Petro; Petro left.</p>')
    assert [s.start for s in select(doc, "Petro", all_=True)] == [14, 21]
    assert select(doc, "Petro", nth=1)[0].start == 14
    assert select(doc, "Petro", nth=1, substring=True)[0].start == 0
    with pytest.raises(NoMatch, match="occurs only 2"):
        select(doc, "Petro", nth=3)


def test_a_word_only_found_inside_others_says_how_to_select_it(tmp_path):
    doc = tei_file(tmp_path, '<p xml:id="p1">Colombians voted.</p>')
    line = refused(doc, "mark", doc, "--match", "Colombia", "--term", "es")
    assert "not found in the text as whole words" in line and "--substring" in line
    ok("mark", doc, "--match", "Colombia", "--substring", "--term", "es")


def test_both_ends_of_a_range_are_whole_words(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">No vamos a rendirnos, no se rinde. Se rinden.</p>')
    assert spans_text(doc, select(doc, "No vamos ... rinde")) == ["No vamos a rendirnos, no se rinde"]
    assert spans_text(doc, select(doc, "vamos ... rind", substring=True)) == ["vamos a rendirnos, no se rind"]
    with pytest.raises(NoMatch):
        select(doc, "vamos ... rind")


def test_punctuation_apostrophes_and_line_breaks_end_words(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">Petro\'s plan, (Petro) and Petro-led talks; word<lb/>next and '
                         'Gar<lb break="no"/>cía</p>')
    assert len(select(doc, "Petro", all_=True)) == 3
    assert spans_text(doc, select(doc, "word")) == ["word"]
    assert spans_text(doc, select(doc, "next")) == ["next"]
    with pytest.raises(NoMatch):
        select(doc, "Gar")  # the break says it falls inside the word


def test_an_accent_or_a_joined_mark_continues_the_word(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">cafe\u0301s and cafe\u0301 and Bogotá</p>')
    assert [doc.view.text[s.start:s.end] for s in select(doc, "café", all_=True)] == ["cafe\u0301"]
    with pytest.raises(NoMatch):
        select(doc, "Bogot")
