"""--match never splits what a reader sees as one character: flags, emoji with their modifiers
and joiners, accents and other marks; and it finds a one-letter word wherever it stands."""
from __future__ import annotations

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.select import select
from apostilla.common.errors import BadInput, NoMatch

from .helpers import tei_file

ES, CO, SC = "\U0001f1ea\U0001f1f8", "\U0001f1e8\U0001f1f4", "\U0001f1f8\U0001f1e8"  # Spain, Colombia, Seychelles


def load(folder, *paragraphs: str) -> TeiDocument:
    body = "".join(f'<p xml:id="p{n}">{text}</p>' for n, text in enumerate(paragraphs, start=1))
    return TeiDocument.load(tei_file(folder, body))


def found(doc: TeiDocument, match: str, substring: bool = False) -> list[str]:
    try:
        return [doc.view.text[s.start:s.end] for s in select(doc, match, all_=True, substring=substring)]
    except NoMatch:
        return []


@pytest.mark.parametrize("before", ["", "Banderas: ", "Banderas " + ES + " y "])
def test_a_flag_is_never_taken_from_the_middle_of_two_flags(tmp_path, before):
    # Spain then Colombia reads S+E S+C C+O in regional letters: the middle pair is Seychelles.
    doc = load(tmp_path, before + ES + CO + " juntas.")
    assert found(doc, SC) == []
    assert found(doc, CO) == [CO]
    assert found(doc, ES + CO) == [ES + CO]


def test_a_flag_after_an_odd_run_of_regional_letters_is_not_one(tmp_path):
    lone = "\U0001f1fd"  # a regional letter on its own, then a real flag
    doc = load(tmp_path, "A " + lone + ES + " b.")
    assert found(doc, ES) == []


@pytest.mark.parametrize("selector", ["\ufe0f", "\ufe0e", "\ufe00"])
def test_a_symbol_is_not_taken_without_its_variation_selector(tmp_path, selector):
    doc = load(tmp_path, f"Te amo \u2764{selector} mucho.")
    assert found(doc, "\u2764") == []
    assert found(doc, "\u2764" + selector) == ["\u2764" + selector]


@pytest.mark.parametrize("tone", ["\U0001f3fb", "\U0001f3ff"])
def test_an_emoji_is_not_taken_without_its_skin_tone(tmp_path, tone):
    doc = load(tmp_path, f"Bien \U0001f44d{tone} hecho.")
    assert found(doc, "\U0001f44d") == []
    assert found(doc, "\U0001f44d" + tone) == ["\U0001f44d" + tone]


def test_no_half_of_a_joined_emoji_is_taken(tmp_path):
    scientist = "\U0001f469\u200d\U0001f52c"
    doc = load(tmp_path, f"La {scientist} habla.")
    assert found(doc, "\U0001f469") == [] and found(doc, "\U0001f52c") == []
    assert found(doc, scientist) == [scientist]


@pytest.mark.parametrize("text, part", [
    ("ki \u0915\u093f end", "\u0915"),       # a spacing vowel sign (Mc)
    ("key 1\u20e3 end", "1"),                # an enclosing keycap (Me)
    ("a\u0308\u0301 end", "\u00e4"),          # a second accent on a composed letter (Mn)
    ("ve\u034fr end", "ve"),                 # a grapheme joiner
])
def test_no_letter_is_taken_without_the_marks_that_belong_to_it(tmp_path, text, part):
    doc = load(tmp_path, text)
    assert found(doc, part) == []
    assert found(doc, part, substring=True) == []   # inside a word as well: the mark is the letter's


def test_a_long_decomposed_text_is_matched_to_its_very_end(tmp_path):
    # Past 256 characters, and with the last letter decomposed, as a text pasted from a Mac is.
    text = "Palabras " * 40 + "y al final un cafe\u0301"
    doc = load(tmp_path, text)
    assert found(doc, "café") == ["cafe\u0301"]


def test_back_to_back_occurrences_inside_words_are_each_found(tmp_path):
    doc = load(tmp_path, "abab cdcd")
    assert found(doc, "ab", substring=True) == ["ab", "ab"]


def test_a_decomposed_text_is_matched_as_composed_and_returned_as_written(tmp_path):
    doc = load(tmp_path, "un cafe\u0301 con leche y ma\u0301s cafe\u0301.")
    assert found(doc, "leche") == ["leche"]
    assert found(doc, "más café") == ["ma\u0301s cafe\u0301"]
    assert found(doc, "café.") == ["cafe\u0301."]


def test_a_one_letter_word_at_the_start_of_a_paragraph_is_found_there(tmp_path):
    doc = load(tmp_path, "Ana went home.", "Y luego volvió.")
    spans = select(doc, "Y")
    assert [doc.view.text[s.start:s.end] for s in spans] == ["Y"]
    assert doc.paragraph_label(spans[0].block).startswith("p2")


def test_a_match_across_paragraphs_names_the_two_it_runs_through(tmp_path):
    doc = load(tmp_path, "Ana went home.", "Y luego volvió.", "Fin.")
    with pytest.raises(BadInput, match="runs from p1.* into p2"):
        select(doc, "home. Y luego volvió.")


def test_a_lone_regional_letter_is_a_character_of_its_own(tmp_path):
    lone = "\U0001f1fd"
    doc = load(tmp_path, f"Letra {lone} sola.")
    assert found(doc, f"Letra {lone}") == [f"Letra {lone}"]


def test_a_word_at_the_end_of_a_line_is_found_before_the_line_break(tmp_path):
    doc = load(tmp_path, "first line\nsecond line")
    assert found(doc, "first line") == ["first line"]


def test_a_carriage_return_kept_as_a_reference_separates_words(tmp_path):
    doc = load(tmp_path, "uno&#13;dos&#13;\ntres")
    assert found(doc, "dos") == ["dos"]
    assert found(doc, "tres") == ["tres"]


def test_flags_at_both_ends_of_the_text_are_counted_from_the_start(tmp_path):
    doc = load(tmp_path, ES + CO + " y " + ES)
    assert found(doc, CO) == [CO]
    assert found(doc, ES) == [ES, ES]


def test_the_first_letter_of_new_zealand_is_not_a_flag_of_its_own(tmp_path):
    nz = "\U0001f1f3\U0001f1ff"
    doc = load(tmp_path, f"Kia ora {nz} hoy.")
    assert found(doc, "\U0001f1f3") == []
    assert found(doc, nz) == [nz]


def test_a_one_letter_word_at_the_end_of_a_paragraph_is_found_there(tmp_path):
    doc = load(tmp_path, "Plan A", "Next day.")
    spans = select(doc, "A")
    assert [doc.view.text[s.start:s.end] for s in spans] == ["A"]
    assert doc.paragraph_label(spans[0].block).startswith("p1")
