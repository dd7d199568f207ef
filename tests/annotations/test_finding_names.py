"""Finding every name of many entities in one pass gives what one search per name would give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from apostilla.annotations.entities import Entity, find_names

from .helpers import cli, new_story, ok


def entity(ident: str, name: str, *aliases: str) -> Entity:
    return Entity(id=ident, type="person", name=name, aliases=list(aliases), role=None, same_as=[], node=None)


def one_search_per_name(text: str, ents: list[Entity]) -> list[tuple[int, int, str]]:
    """The slow reference: every whole-word match of every name, then leftmost-longest."""
    found = []
    for order, ent in enumerate(ents):
        for name in [ent.name, *ent.aliases]:
            body = r"\s+".join(re.escape(w) for w in name.split())
            for m in re.finditer(rf"(?<!\w)(?=({body})(?!\w))", text):
                found.append((m.start(1), -(m.end(1) - m.start(1)), order, m.end(1), ent.id))
    chosen, covered = [], 0
    for start, _, _, end, ident in sorted(found):
        if start >= covered:
            chosen.append((start, end, ident))
            covered = end
    return chosen


def found(text: str, ents: list[Entity]) -> list[tuple[int, int, str]]:
    return [(s, e, ent.id) for s, e, ent in find_names(text, ents)[0]]


WORDS = ["San", "Luis", "Cooperativa", "Valle", "García", "García-Peña", "O'Brien", "U.S.", "Jr", "de",
         "la", "Peña", "Smith,", "¡Basta!", "a", "ab", "Ana"]
SEPARATORS = [" ", "  ", "\n    ", "-", ", ", ". ", "'", ""]


NAMES = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.data())
def test_the_one_pass_agrees_with_one_search_per_name(names, data):
    # The text is made of single words and of the names themselves, written with any white space.
    spaced = [st.sampled_from([" ", "  ", "\n    "]).map(lambda gap, ws=ws: gap.join(ws)) for ws in names]
    piece = st.one_of(st.sampled_from(WORDS), *spaced)
    pieces = data.draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=20))
    text = "".join(word + sep for word, sep in pieces)
    ents = [entity(f"e{n}", " ".join(words)) for n, words in enumerate(names)]
    assert found(text, ents) == one_search_per_name(text, ents)


def test_names_with_hyphens_apostrophes_and_stops():
    ents = [entity("gp", "Daniel García-Peña", "García-Peña"), entity("ob", "O'Brien"),
            entity("us", "U.S."), entity("sj", "Smith, Jr")]
    text = "García-Peña met Daniel García-Peña, O'Brien and Smith,\n  Jr in the U.S. (not the U.S.A, not OBrien)."
    assert [(text[s:e], ident) for s, e, ident in found(text, ents)] == [
        ("García-Peña", "gp"), ("Daniel García-Peña", "gp"), ("O'Brien", "ob"), ("Smith,\n  Jr", "sj"),
        ("U.S.", "us")]
    assert found(text, ents)[-1][0] == text.index("U.S.")


def test_many_names_that_share_a_first_word_take_the_longest():
    ents = [entity(f"c{n}", f"Cooperativa {w}") for n, w in enumerate(["Valle", "Valle Alto", "Sur"])]
    assert found("Cooperativa Valle Alto, Cooperativa Valle, Cooperativa Norte", ents) == [
        (0, 22, "c1"), (24, 41, "c0")]


def test_a_name_two_entities_share_goes_to_the_first_with_a_warning(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "lucia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    ok("entity", "add", doc, "jgarcia", "--type", "person", "--name", "Jorge García", "--alias", "García")
    result = cli("entity", "tag", doc, "--every")
    assert result.stdout.split() == ["lucia-m1", "lucia-m2", "lucia-m3"]
    assert result.stderr == "apostilla: warning: jgarcia: the name 'García' is also lucia's; tagged as lucia\n"


def test_a_name_that_starts_with_punctuation_is_found_where_an_earlier_try_failed():
    # "¡Basta! ¡Basta!" right after "San" is not a whole word; the next place it starts, which
    # overlaps that first try, is.
    text = "San¡Basta! ¡Basta! ¡Basta! ¡Basta! "
    ents = [entity("e0", "San"), entity("e1", "San"), entity("e2", "¡Basta! ¡Basta!")]
    assert found(text, ents) == one_search_per_name(text, ents) == [(0, 3, "e0"), (11, 26, "e2")]
