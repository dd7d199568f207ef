"""apostilla's TEI profile is a true subset of tei_all: what it accepts, jing accepts against tei_all."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree

from apostilla.schemas.allowed import AllowedIndex
from apostilla.schemas.grammar import read_grammar
from apostilla.schemas.sources import HERE as SCHEMAS

from .generate import DocumentMaker
from .helpers import FIXTURES

PROFILE = SCHEMAS / "profile.rng"
HAND_MADE = sorted(FIXTURES.glob("*.xml"))
JING_DRIVER = "com.thaiopensource.relaxng.util.Driver"


def jing_errors(jing: str, schema: Path, files: list[Path]) -> str:
    """jing's complaints about `files` (empty when all are valid), without XInclude."""
    jars = ":".join(str(p) for p in Path("/usr/share/java").glob("*.jar")
                    if p.name in ("jing.jar", "xercesImpl.jar"))
    command = (["java", "-cp", jars, JING_DRIVER] if jars else [jing]) + [str(schema)]
    done = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True,
                          timeout=600)
    return done.stdout + done.stderr


def test_the_shipped_profile_is_the_compact_source_converted():
    pytest.importorskip("rnc2rng")
    from apostilla.schemas.compact import profile_rng

    assert PROFILE.read_bytes() == profile_rng(), \
        "profile.rng is stale: run python -m apostilla.schemas.compact"


def test_the_hand_made_documents_are_valid_for_the_profile():
    profile = etree.RelaxNG(etree.parse(str(PROFILE)))
    for path in HAND_MADE:
        assert profile.validate(etree.parse(str(path))), (path.name, profile.error_log)


def test_jing_accepts_the_hand_made_documents_against_tei_all(jing, tei_all):
    assert jing_errors(jing, tei_all, HAND_MADE) == ""


def test_every_attribute_and_child_the_profile_allows_tei_all_allows_on_that_element(tei_all):
    profile = AllowedIndex(read_grammar(PROFILE.read_bytes()))
    full = AllowedIndex(read_grammar(tei_all.read_bytes()))
    for key in sorted(profile.grammar.element_keys):
        mine, theirs = profile.allowed(key), full.allowed(key)
        assert theirs is not None, f"tei_all has no element {key[1]}"
        assert mine.attributes <= theirs.attributes, (key[1], mine.attributes - theirs.attributes)
        assert mine.children <= theirs.children, (key[1], mine.children - theirs.children)
        assert mine.required_attributes >= theirs.required_attributes, key[1]


def test_random_documents_of_the_profile_are_valid_for_jing_against_tei_all(jing, tei_all,
                                                                            tmp_path):
    # The subset claim for content models (order, repetition, datatypes), tested on a few
    # hundred documents drawn from the profile's own grammar: they must all satisfy tei_all.
    grammar = read_grammar(PROFILE.read_bytes())
    profile = etree.RelaxNG(etree.parse(str(PROFILE)))
    files = []
    for seed in range(300):
        text = DocumentMaker(grammar, seed).document()
        path = tmp_path / f"random-{seed:03}.xml"
        path.write_text(text, encoding="utf-8")
        if profile.validate(etree.parse(str(path))):
            files.append(path)
    assert len(files) >= 250, "the generator should mostly write profile-valid documents"
    assert jing_errors(jing, tei_all, files) == ""
