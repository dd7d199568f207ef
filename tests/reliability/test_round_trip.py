"""Adding an annotation and removing it gives the document back: small cases and the whole corpus."""
from __future__ import annotations

import pytest

from conftest import need_shared

from .helpers import DECLARATION, HEADER, TEI_NS
from .roundtrip import corpus_files, round_trip, summarize

# Indentation styles real files use (indentation, then the white space before </TEI>): the
# register apostilla adds goes after <text>, where the file's last white space lives.
LAYOUTS = {
    "two spaces": ("\n  ", "\n"),
    "one space, and one before the end tag": ("\n ", "\n "),
    "four spaces and a blank line": ("\n    ", "\n\n"),
    "tabs": ("\n\t", "\n"),
    "no indentation": ("\n", "\n"),
    "compact": ("", ""),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_mention_added_and_removed_leaves_every_byte(layout):
    pad, closing = LAYOUTS[layout]
    data = (f'{DECLARATION}<TEI xmlns="{TEI_NS}">{pad}{HEADER}{pad}<text>{pad * 2}<body>'
            f'<p>Ana went home.</p></body>{pad}</text>{closing}</TEI>\n').encode()
    outcome = round_trip(data, "layout.xml")
    assert outcome.tagged == "went"
    assert outcome.verdict == "bytes"


def test_a_register_added_to_an_existing_standoff_and_removed_leaves_every_byte():
    data = (f'{DECLARATION}<TEI xmlns="{TEI_NS}">\n   {HEADER}\n   <text><body><p>Ana went home.</p></body></text>'
            '\n   <standOff>\n      <listPlace>\n         <place xml:id="home"><placeName>home</placeName></place>'
            '\n      </listPlace>\n   </standOff>\n</TEI>').encode()
    assert round_trip(data, "standoff.xml").verdict == "bytes"


def test_every_corpus_file_that_loads_comes_back(record_property):
    outcomes = [round_trip(path.read_bytes(), str(path)) for path in corpus_files(need_shared("corpus"))]
    counts = summarize(outcomes)
    record_property("round_trip", dict(counts))
    differ = [outcome.path for outcome in outcomes if outcome.verdict in ("differ", "canonical")]
    assert differ == [], f"{len(differ)} files changed by adding and removing a mention, e.g. {differ[:5]}"
    # The counts docs/reliability.md reports: a change here is news to write down there.
    assert len(outcomes) == 916
    assert counts["refused"] == 98
