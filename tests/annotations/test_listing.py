"""`list` and `status`: what a document holds, for people (tables) and for programs (JSON, CSV)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from .helpers import do, fixed_clock_and_user, listed, new_story, ok, refused


@pytest.fixture(scope="module")
def story_bytes(tmp_path_factory) -> bytes:
    with fixed_clock_and_user():
        return _build(new_story(tmp_path_factory.mktemp("story")))


def _build(doc) -> bytes:
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"], role="Mayor")
    do(doc, "entity.add", id="redcross", type="org", name="Red Cross", same_as=["Q000001"])
    do(doc, "entity.add", id="lima", type="place", name="Lima")
    do(doc, "entity.tag", every=True)
    do(doc, "quote.add", match="No vamos ... rinde.", lang="es", speaker="garcia")
    do(doc, "quote.add", match="the theme of the day", lang="en", speaker="redcross")
    do(doc, "gloss.add", target="q1", lang="en", text="We will not give up", translator="Ana Ruiz",
       status="approved")
    do(doc, "mark", match="January 7, 2026", date="2026-01-07")
    do(doc, "mark", match="2,512 tons", measure="2512", unit="t")
    do(doc, "mark", match="soberanía", term="es", all=True)
    do(doc, "gloss.add", target="t1", lang="en", text="sovereignty")
    return doc.read_bytes()


@pytest.fixture
def story(tmp_path, story_bytes):
    doc = tmp_path / "story.xml"
    doc.write_bytes(story_bytes)
    return doc


def test_every_kind_lists_as_json_with_the_contract_keys(story):
    required = {"entities": {"type", "name", "aliases", "mentions"}, "mentions": {"entity", "text", "paragraph"},
                "quotes": {"text", "lang", "speaker", "paragraph", "glosses"},
                "glosses": {"target", "lang", "text", "translator", "status"}, "dates": {"text", "when"},
                "measures": {"text", "quantity", "unit"}, "terms": {"text", "lang", "glosses"}}
    for kind, keys in required.items():
        rows = listed(story, kind)
        assert rows, kind
        for row in rows:
            assert {"id"} | keys <= set(row), kind
    assert [(e["id"], e["mentions"]) for e in listed(story, "entities")] == [("garcia", 3), ("redcross", 3),
                                                                             ("lima", 0)]
    assert listed(story, "quotes")[1] == {"id": "q2", "text": "the theme of the day", "lang": "en",
                                          "speaker": "redcross", "paragraph": "p3", "glosses": {}}
    assert listed(story, "terms")[1] == {"id": "t2", "text": "soberanía", "lang": "es", "glosses": {}}


def test_csv_has_a_header_and_joins_lists(story):
    rows = list(csv.DictReader(io.StringIO(ok("list", story, "entities", "--format", "csv"))))
    assert rows[0] == {"id": "garcia", "type": "person", "name": "Lucía García", "aliases": "García",
                       "role": "Mayor", "same_as": "", "mentions": "3"}
    assert rows[1]["same_as"] == "Q000001"
    quotes = list(csv.DictReader(io.StringIO(ok("list", story, "quotes", "--format", "csv"))))
    assert quotes[0]["glosses"] == "en: We will not give up"


def test_an_empty_listing_still_has_its_columns(tmp_path):
    doc = new_story(tmp_path)
    assert ok("list", doc, "glosses", "--format", "csv") == "id,target,lang,text,translator,status\n"
    assert json.loads(ok("list", doc, "quotes", "--format", "json")) == []
    assert "0 dates" in ok("list", doc, "dates")


def test_the_table_is_for_people(story):
    out = ok("list", story, "measures")
    assert "1 measures" in out and "2,512 tons" in out and "2512" in out
    assert "\x1b[" not in out  # no colour codes when the output is not a terminal


def test_status_counts_and_gloss_coverage_per_language(story):
    report = json.loads(ok("status", story, "--format", "json"))
    assert {k: report[k] for k in ("paragraphs", "entities", "mentions", "quotes", "glosses", "dates",
                                   "measures", "terms")} == {
        "paragraphs": 3, "entities": 3, "mentions": 6, "quotes": 2, "glosses": 2, "dates": 1, "measures": 1,
        "terms": 2}
    assert report["coverage"] == {"quotes": {"glossed": 1, "total": 2}, "terms": {"glossed": 1, "total": 2}}
    assert report["languages"]["en"] == {"quotes": {"glossed": 1, "approved": 1, "total": 1},
                                         "terms": {"glossed": 1, "approved": 0, "total": 2}}
    assert report["languages"]["es"] == {"quotes": {"glossed": 0, "approved": 0, "total": 1},
                                         "terms": {"glossed": 0, "approved": 0, "total": 0}}


def test_status_as_text(story):
    lines = ok("status", story).splitlines()
    assert lines[:3] == ["paragraphs  3", "entities    3", "mentions    6"]
    assert "glossed     quotes 1/2, terms 1/2" in lines
    assert "  into en    quotes 1/1 glossed, 1 approved; terms 1/2 glossed, 0 approved" in lines
    assert "  into es    quotes 0/1 glossed, 0 approved; terms 0/0 glossed, 0 approved" in lines


def test_unknown_kinds_and_formats_are_usage_errors(story):
    assert "unknown kind 'people'" in refused(story, "list", story, "people", code=2)
    assert "--format 'xml'" in refused(story, "list", story, "quotes", "--format", "xml", code=2)
    assert "--format 'xml'" in refused(story, "status", story, "--format", "xml", code=2)
