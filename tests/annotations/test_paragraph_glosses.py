"""A translator glosses a whole paragraph, so the memo in that language can show it in place."""
from __future__ import annotations

import json

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.glosses import check_gloss_target
from apostilla.common.errors import BadInput

from .helpers import ok, new_story, refused


def test_a_paragraph_is_glossed_by_its_id_and_listed_with_the_other_glosses(tmp_path):
    doc = new_story(tmp_path)
    assert ok("gloss", "add", doc, "p3", "--lang", "es", "--text", "Más tarde García dio las gracias.",
              "--translator", "Ana Ruiz", "--status", "reviewed").split() == ["p3-es"]
    rows = json.loads(ok("list", doc, "glosses", "--format", "json"))
    assert rows == [{"id": "p3-es", "target": "p3", "lang": "es", "text": "Más tarde García dio las gracias.",
                     "translator": "Ana Ruiz", "status": "reviewed"}]
    ok("validate", doc)   # exit 0: still valid for apostilla's profile


def test_a_paragraph_gloss_in_the_paragraphs_own_language_or_twice_is_refused(tmp_path):
    doc = new_story(tmp_path)
    assert "'p1' is already in en" in refused(doc, "gloss", "add", doc, "p1", "--lang", "en", "--text", "x")
    ok("gloss", "add", doc, "p1", "--lang", "es", "--text", "El alcalde...")
    assert "already has a gloss in es" in refused(doc, "gloss", "add", doc, "p1", "--lang", "es", "--text", "y")


def test_the_one_target_check_names_what_a_gloss_may_translate(tmp_path):
    doc = TeiDocument.load(new_story(tmp_path))
    assert check_gloss_target(doc, "p2", "es").get("{http://www.w3.org/XML/1998/namespace}id") == "p2"
    heading = doc.header.find(".//{http://www.tei-c.org/ns/1.0}respStmt")
    heading.set("{http://www.w3.org/XML/1998/namespace}id", "desk")
    doc.ids["desk"] = heading
    with pytest.raises(BadInput, match="a gloss translates a quote"):
        check_gloss_target(doc, "desk", "es")     # the header is not text
