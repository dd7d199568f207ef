"""What every suggester reads: the paragraphs to scan, what is annotated already, sentences and words."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .. import tei
from ..document import TeiDocument
from ..entities import Entity, as_entity
from ..textview import Node
from .cues import DETERMINERS, REPORTING

WORD = re.compile(r"\w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*")
# A sentence ends at . ! ? or … (and any closing marks after it) followed by space and a capital,
# a digit, an opening mark or a dash; abbreviations are checked separately.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«¿¡(\[—–]*[\w])")
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof gen gov sen rep st jr sr sra srta dra lic ing mt no nº
    vs etc p a m u s e g i cf fig ca approx dept av avda col cnel gral pres""".split())
# Register entries kept inside <text> (<back><listPerson>) describe entities, they do not mention them.
_REGISTERS = frozenset({"listPerson", "listPersonGrp", "listOrg", "listPlace", "listEvent", "listObject",
                        "listNym", "listRelation", "person", "personGrp", "org", "place", "event", "object"})


@dataclass
class Block:
    """A paragraph to scan: its element, its id, where its text lies in the view, and its language."""

    node: Node
    ident: str | None
    start: int
    end: int
    text: str
    lang: str


@dataclass
class Context:
    """A document read once for all suggesters."""

    doc: TeiDocument
    blocks: list[Block]
    entities: list[Entity]
    # Ranges [start, end) in the view of what is annotated, by kind: quote, mention, date, measure.
    annotated: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    lang: str = "en"
    languages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [b.start for b in self.blocks]

    @property
    def text(self) -> str:
        return self.doc.view.text

    def block_of(self, start: int, end: int) -> Block | None:
        """The scanned paragraph that holds [start, end), if one does."""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and end <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def covered(self, kind: str, start: int, end: int) -> bool:
        """Whether [start, end) overlaps anything already annotated as kind."""
        ranges = self.annotated.get(kind, [])
        i = bisect_left(ranges, (start, start))
        for j in (i - 1, i):
            if 0 <= j < len(ranges):
                a, b = ranges[j]
                if a < end and start < b:
                    return True
        # A long element that starts well before may still reach into the span.
        return any(a < end and start < b for a, b in ranges[max(0, i - 8):i])


def read(doc: TeiDocument) -> Context:
    """The paragraphs of the document's text, its register and what is annotated in it."""
    view = doc.view
    text = view.text
    text_lang = doc.text_lang()
    blocks = []
    for node in doc.text_el.iter(*(tei.tei(name) for name in tei.PARAGRAPHS)):
        if any(tei.local(a) in tei.PARAGRAPHS or tei.local(a) in _REGISTERS for a in node.iterancestors()):
            continue  # scanned with its outer paragraph, or a register entry
        if not view.contains(node):
            continue
        start, end = view.range_of(node)
        if start < end:
            blocks.append(Block(node, node.get(tei.XML_ID), start, end, text[start:end],
                                doc.lang_of(node) or text_lang))
    blocks.sort(key=lambda b: b.start)
    annotated: dict[str, list[tuple[int, int]]] = {"quote": [], "mention": [], "date": [], "measure": []}
    groups = (("quote", tei.QUOTE_LIKE), ("mention", tei.MENTION_ELEMENTS), ("date", tei.DATE_LIKE),
              ("measure", tei.MEASURE_LIKE))
    for node in doc.text_el.iter():
        name = tei.local(node)
        for kind, names in groups:
            if name in names and view.contains(node):
                annotated[kind].append(view.range_of(node))
    for ranges in annotated.values():
        ranges.sort()
    entities = [as_entity(node) for node in doc.registers()]
    languages = sorted(doc.declared_languages() | {text_lang.split("-")[0].lower(), "en", "es"})
    return Context(doc, blocks, entities, annotated, text_lang.split("-")[0].lower(), languages)


def sentences(text: str, keep: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The sentences of a paragraph as [start, end); no sentence ends inside a range of keep."""
    bounds, start = [], 0
    for m in _END.finditer(text):
        cut = m.end()
        if _abbreviation(text, m.start()) or any(a < cut < b for a, b in keep):
            continue
        bounds.append((start, cut))
        start = cut
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at dot ends an abbreviation (Mr., p.m., U.S.) rather than a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"(\w+)\W?$", text[max(0, dot - 12):dot])
    if word is None:
        return False
    token = word.group(1)
    if token.lower() in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isupper()  # an initial: J. Smith


def sentence_at(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence of bounds that holds offset."""
    starts = [s for s, _ in bounds]
    i = max(bisect_right(starts, offset) - 1, 0)
    return bounds[i] if bounds else (0, offset)


def reporting_verbs(text: str, lo: int, hi: int) -> list[re.Match]:
    """The reporting verbs in text[lo:hi]; a reporting word after a determiner is a noun (the call)."""
    words = list(WORD.finditer(text, lo, hi))
    verbs = []
    for i, w in enumerate(words):
        if w.group().lower() not in REPORTING:
            continue
        before = words[i - 1].group() if i else ""
        if before.lower() in DETERMINERS or re.search(r"['’]s?$", before):
            continue
        verbs.append(w)
    return verbs


def words_between(text: str, lo: int, hi: int) -> int:
    return len(WORD.findall(text, lo, hi)) if hi > lo else 0


class VerbIndex:
    """Every reporting verb of a text, found in one scan, to look up by range."""

    def __init__(self, text: str) -> None:
        self.verbs = []
        previous = ""
        for m in WORD.finditer(text):
            word = m.group()
            if word.lower() in REPORTING and not (previous.lower() in DETERMINERS
                                                  or previous.endswith(("'s", "’s", "'", "’"))):
                self.verbs.append(m)
            previous = word
        self.starts = [m.start() for m in self.verbs]

    def within(self, lo: int, hi: int) -> list[re.Match]:
        return self.verbs[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]
