"""The memo reader's shortcuts give what the plain way gave: one frame for every skipped element,
white space collapsed without a regular expression, a <hi> without attributes read without them."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from apostilla.exports.memo.model import Emph, Foreign, LineBreak, Para, Strong, Text
from apostilla.exports.memo.text import _WHITE, TextReader, _one_space

TEI = "http://www.tei-c.org/ns/1.0"


def read(xml: str) -> list:
    return TextReader("en", {}, {}, lambda gloss: []).read(etree.fromstring(xml), "en")


def test_skipped_elements_in_another_language_keep_what_they_add():
    # <gap> and <lb> add to the paragraph before their content is skipped; in another language
    # that addition is wrapped as foreign, as it was when each skipped element had its own frame.
    [para] = read(f'<p xmlns="{TEI}">a <gap xml:lang="fr"/> b<lb xml:lang="fr"/>c<lb/>d<pb/>e</p>')
    assert para == Para([Text("a "), Foreign([Text("[…]")], "fr"), Text(" b"), Foreign([LineBreak()], "fr"),
                         Text("c"), LineBreak(), Text("de")])


def test_highlights_with_and_without_attributes():
    [para] = read(f'<p xmlns="{TEI}"><hi>x</hi> <hi rend="bold">y</hi> <hi rend="sup">z</hi></p>')
    assert para == Para([Emph([Text("x")]), Text(" "), Strong([Text("y")]), Text(" z")])


@given(st.text(alphabet=" \t\n\r\f\va\xa0\u2003\x85", max_size=16))
def test_white_space_runs_become_one_space_as_a_regular_expression_makes_them(text):
    runs = re.compile(f"[{_WHITE}]+")
    assert _one_space(text) == runs.sub(" ", text)


def test_a_space_the_transcription_marks_keeps_two_words_apart():
    [para] = read(f'<p xmlns="{TEI}">hoff Sie<space unit="chars" quantity="1"/>sind dort</p>')
    assert para == Para([Text("hoff Sie sind dort")])


def test_a_date_before_a_note_that_holds_a_later_date_gets_its_sentence():
    # Found on a letter of the corpus: the note's date was placed when the note's paragraph
    # ended, and the paragraph's own date was left unplaced, which no writer can render.
    reader = TextReader("en", {}, {}, lambda gloss: [])
    [para] = reader.read(etree.fromstring(
        f'<p xmlns="{TEI}">Morgen<note>Am <date>Mittwoch</date>.</note> <date>Donnerstag</date> '
        f'abend. Sonst<note>Am <date>15. 5. 1898</date>.</note> nichts.</p>'), "en")
    assert {type(item).__name__ for item in para.children} == {"Text", "NoteRef"}
    assert [plain(f.sentence) for f in reader.facts] == ["Am Mittwoch.", "Morgen Donnerstag abend.",
                                                          "Am 15. 5. 1898."]


def plain(inlines: list) -> str:
    from apostilla.exports.memo.inlines import plain_text

    return plain_text(inlines)
