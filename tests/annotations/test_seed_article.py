"""The reference run's annotation part, in-process: the seed article, its 23 entities and 7 quotes."""
from __future__ import annotations

import importlib.util
import json
import subprocess

import pytest
from conftest import need_shared

from .helpers import by_id, do, fixed_clock_and_user, listed, ok, paragraphs


def reference():
    """The acceptance script as a module: its entities and quotes are the expected annotation."""
    path = need_shared("acceptance", "seed_run.py")
    spec = importlib.util.spec_from_file_location("seed_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def new_article(folder, seed_text):
    doc = folder / "article.xml"
    ok("new", seed_text, "-o", doc, "--title", "US-Colombia tensions, January 2026", "--lang", "en")
    return doc


def source_paragraphs(seed_text) -> list[str]:
    return [line for line in seed_text.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    with fixed_clock_and_user():
        return annotate(tmp_path_factory.mktemp("seed"), need_shared("seed", "source-article.txt"))


def annotate(folder, seed_text):
    """The reference run's annotation steps, in its order."""
    seed = reference()
    doc = new_article(folder, seed_text)
    for eid, etype, name, aliases, role in seed.ENTITIES:
        do(doc, "entity.add", id=eid, type=etype, name=name, aliases=aliases, role=role)
    for eid, *_ in seed.ENTITIES:  # one entity at a time, in the reference run's order
        do(doc, "entity.tag", id=eid)
    for qid, match, lang, speaker, glang, gloss in seed.QUOTES:
        do(doc, "quote.add", match=match, lang=lang, speaker=speaker, id=qid)
        do(doc, "gloss.add", target=qid, lang=glang, text=gloss, translator="Ana Ruiz", status="reviewed")
    ok("mark", doc, "--match", "January 3, 2026", "--date", "2026-01-03")
    ok("mark", doc, "--match", "January 6", "--date", "2026-01-06")
    ok("mark", doc, "--match", "January 7", "--date", "2026-01-07", "--all")
    ok("mark", doc, "--match", "El miércoles", "--date", "2026-01-07")
    ok("mark", doc, "--match", "11,000", "--measure", "11000")
    ok("mark", doc, "--match", "2,200 km", "--measure", "2200", "--unit", "km")
    ok("mark", doc, "--match", "2,512 tons", "--measure", "2512", "--unit", "t")
    ok("mark", doc, "--match", "2.8 million", "--measure", "2800000")
    ok("mark", doc, "--match", "soberanía nacional", "--term", "es", "--id", "t-soberania")
    ok("gloss", "add", doc, "t-soberania", "--lang", "en", "--text", "national sovereignty")
    return seed, doc


def test_the_text_is_the_source_after_every_annotation(article, seed_text):
    _, doc = article
    assert paragraphs(doc) == source_paragraphs(seed_text)


def test_23_entities_41_mentions_7_glossed_quotes(article):
    seed, doc = article
    entities = listed(doc, "entities")
    assert len(entities) == len(seed.ENTITIES) == 23
    assert sum(e["mentions"] for e in entities) == seed.EXPECTED_MENTIONS == 41
    quotes = by_id(listed(doc, "quotes"))
    assert set(quotes) == {q[0] for q in seed.QUOTES}
    assert quotes["q-flags"]["speaker"] == "petro" and quotes["q-flags"]["lang"] == "es"
    assert "defend national sovereignty" in quotes["q-flags"]["glosses"]["en"]
    status = json.loads(ok("status", doc, "--format", "json"))
    assert status["coverage"] == {"quotes": {"glossed": 7, "total": 7}, "terms": {"glossed": 1, "total": 1}}
    assert (status["dates"], status["measures"], status["terms"]) == (5, 4, 1)


def test_a_date_inside_the_spanish_quote(article):
    _, doc = article
    assert '<date xml:id="d5" when="2026-01-07">El miércoles</date> nos vemos' in doc.read_text()


def test_valid_for_jing_against_tei_all(article, jing, tei_all):
    _, doc = article
    proc = subprocess.run([jing, str(tei_all), str(doc)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout


def test_one_pass_over_every_entity_finds_the_same_41_mentions(tmp_path, seed_text):
    seed = reference()
    doc = new_article(tmp_path, seed_text)
    for eid, etype, name, aliases, role in seed.ENTITIES:
        do(doc, "entity.add", id=eid, type=etype, name=name, aliases=aliases, role=role)
    assert len(ok("entity", "tag", doc, "--every").split()) == 41
    assert paragraphs(doc) == source_paragraphs(seed_text)
