"""Whatever the text, every line of a suggested batch applies, and the text stays as it was."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apostilla.annotations.apply import apply as apply_batch
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.suggest import batch_lines, suggest

from .helpers import fixed_clock_and_user, new_story, paragraphs

# Pieces of news text that the suggesters react to: marks of every kind, apostrophes, primes,
# dashes, names, dates and figures in both languages, joined at random.
PIECES = ["Petro said", "'", "\"", "“", "”", "‘", "’", "«", "»", "—", " —dijo García—. ", "won't",
          "Petro's", "Colombians'", "5'10\"", "'90s", "January 7", "7 de enero de 2026", "el miércoles",
          "4 p.m.", "2,512 tons", "2.512", "US$4,5 millones", "11,000 troops", "since 2022", "Marta Rojas",
          "Unión Portuaria de Chile", "the US", "CUT", ":", ",", ".", " ", " ", " ", "no vamos", "very sick",
          "Plaza de Bolívar", "(", ")", "según Ríos", "He", "e\u0301", "\n"]


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), min_size=1, max_size=4))
def test_every_suggested_line_applies_and_the_text_stays(tmp_path_factory, paras):
    folder = tmp_path_factory.mktemp("any")
    text = "\n\n".join("".join(p).replace("\n", " ").strip() or "x" for p in paras) + "\n"
    with fixed_clock_and_user():
        doc = new_story(folder, text)
        apply_batch(doc, _register(folder))
        before = paragraphs(doc)
        document = TeiDocument.load(doc)
        found = suggest(document, min_cert=0)
        lines = batch_lines(document, found)
        assert not [line for line in lines if "no --match selects" in line]
        batch = folder / "s.jsonl"
        batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if any(line.startswith("{") for line in lines):
            apply_batch(doc, batch)
        assert paragraphs(doc) == before
        again = suggest(TeiDocument.load(doc), min_cert=0)
        applied = {(s.kind, s.start, s.end) for s in found if not (s.kind == "date" and not s.extra["when"])}
        assert not applied & {(s.kind, s.start, s.end) for s in again}


def _register(folder):
    batch = folder / "register.jsonl"
    batch.write_text('{"op": "entity add", "id": "petro", "type": "person", "name": "Gustavo Petro", '
                     '"aliases": ["Petro"]}\n{"op": "entity add", "id": "garcia", "type": "person", '
                     '"name": "Lucía García", "aliases": ["García"]}\n{"op": "entity add", "id": "us", '
                     '"type": "place", "name": "US"}\n', encoding="utf-8")
    return batch
