"""Adding one entity mention to a real document and removing it again, compared with the original."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.operations import perform
from apostilla.annotations.select import Finder
from apostilla.common.errors import ApostillaError

from .helpers import canonical

ENTITY = "apostilla-round-trip"
WORD = re.compile(r"\w{4,}")
CANDIDATES = 40  # words tried per file before settling for the register alone


@dataclass
class Outcome:
    """How one file came back: 'bytes', 'serializer', 'canonical', 'differ' or 'refused'.

    'bytes': identical to the original file. 'serializer': identical to what apostilla writes
    for the untouched file (lxml's spelling of tags), so the round trip itself left no trace.
    'canonical': same canonical XML only. 'differ': the round trip changed the document.
    """

    path: str
    verdict: str
    detail: str = ""
    tagged: str | None = None


def round_trip(data: bytes, name: str) -> Outcome:
    """Register an entity, tag one word of the body with it, remove it; compare with data."""
    try:
        doc = TeiDocument.from_bytes(data, name)
    except ApostillaError as error:
        return Outcome(name, "refused", reason(error.message))
    untouched = doc.to_bytes()
    word = _tag_one_word(doc)
    if word is None:  # no word of the body can be tagged: the register alone goes in and out
        doc = TeiDocument.from_bytes(data, name)
        perform(doc, "entity.add", {"id": ENTITY, "type": "person", "name": "Round Trip"})
    perform(doc, "remove", {"id": ENTITY})
    result = doc.to_bytes()
    if result == data:
        verdict = "bytes"
    elif result == untouched:
        verdict = "serializer"
    elif canonical(result) == canonical(data):
        verdict = "canonical"
    else:
        verdict = "differ"
    return Outcome(name, verdict, tagged=word)


def _tag_one_word(doc: TeiDocument) -> str | None:
    """Tag the first word of <body> that can be tagged; the word, or None (doc is then spoilt)."""
    body = doc.text_el.find(tei.tei("body"))
    if body is None:
        return None
    start, end = doc.view.range_of(body)
    perform(doc, "entity.add", {"id": ENTITY, "type": "person", "name": "Round Trip"})
    finder = Finder(doc)
    for found in list(WORD.finditer(doc.view.text, start, end))[:CANDIDATES]:
        spans, _ = finder.find(found.group())
        starts = [span.start for span in spans]
        if found.start() not in starts:
            continue  # not a whole selectable occurrence (e.g. across paragraphs)
        try:
            perform(doc, "entity.tag", {"id": ENTITY, "match": found.group(),
                                        "nth": starts.index(found.start()) + 1})
        except ApostillaError:
            continue  # e.g. the word would overlap existing markup: try the next one
        return found.group()
    return None


def reason(message: str) -> str:
    """An error message without its particulars, to count refusals by kind."""
    return re.sub(r"'[^']*'|&[^;\s]+;|\d+", "…", message)


def summarize(outcomes: list[Outcome]) -> Counter:
    return Counter(outcome.verdict for outcome in outcomes)


def corpus_files(corpus: Path) -> list[Path]:
    """Every document of the reference corpus, in MANIFEST order."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [corpus / line.split("\t")[0] for line in lines]
