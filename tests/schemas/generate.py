"""Random documents that a RELAX NG grammar accepts, to test claims about every such document."""
from __future__ import annotations

import random
import re
from xml.sax.saxutils import escape, quoteattr

from apostilla.schemas.grammar import (ATTRIBUTE, CHOICE, DATA, ELEMENT, EMPTY, GROUP, INTERLEAVE,
                                       LIST, MIXED, NOT_ALLOWED, ONE_OR_MORE, OPTIONAL, REF, TEXT,
                                       ZERO_OR_MORE, Grammar)

# A valid sample value for each XML Schema datatype the profile uses.
SAMPLES = {
    "ID": None, "string": "some text", "token": "tok", "anyURI": "#p1",
    "language": ["en", "es", "es-CO"], "date": "2026-01-07", "gYear": "2026",
    "gMonth": "--01", "gDay": "---07", "gYearMonth": "2026-01", "gMonthDay": "--01-07",
    "time": "12:00:00", "dateTime": "2026-01-07T12:00:00Z", "double": "2.5e3",
    "decimal": "2512", "nonNegativeInteger": "3",
}
OTHER = ("urn:example:other", "data")  # the element written where a grammar takes any foreign one
WORDS = ["Petro", "la bandera", "soberanía", "CUT", "2,512 tons", "Bogotá", "on Wednesday"]


class DocumentMaker:
    """Writes random instances of a grammar; deep content falls back to the smallest choice."""

    def __init__(self, grammar: Grammar, seed: int, depth: int = 7) -> None:
        self.grammar, self.rand, self.max_depth = grammar, random.Random(seed), depth
        self.ids = 0
        self._cost: dict[int, float] = {}

    def document(self) -> str:
        self.ids = 0
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + self._content(self.grammar.start, 0)[0]

    def _content(self, node: tuple, depth: int) -> tuple[str, str]:
        """(child markup, attribute markup) for one pattern."""
        kind = node[0]
        if kind == TEXT:
            return escape(self.rand.choice(WORDS)) if self.rand.random() < 0.7 else "", ""
        if kind in (EMPTY, NOT_ALLOWED):
            return "", ""
        if kind == REF:
            return self._content(self.grammar.defines[node[1]], depth)
        if kind == ELEMENT:
            # A name class (any element of another namespace, as in xenoData): one such element.
            (ns, local), _ = node[1][0] or OTHER, None
            body, attrs = self._content(node[2][0], depth + 1)
            return f'<{local} xmlns="{ns}"{attrs}>{body}</{local}>', ""
        if kind == ATTRIBUTE:
            if node[1][0] is None:
                return "", ""  # any attribute at all: none is needed
            (ns, local), _ = node[1]
            name = f"xml:{local}" if ns.endswith("XML/1998/namespace") else local
            return "", f" {name}={quoteattr(self._value(node[2][0], name))}"
        if kind == CHOICE:
            options = list(node[2])
            if depth >= self.max_depth:
                options.sort(key=self._size)
                options = options[:1]
            return self._content(self.rand.choice(options), depth)
        if kind in (OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE):
            low = 1 if kind == ONE_OR_MORE else 0
            high = low if depth >= self.max_depth else (1 if kind == OPTIONAL else 3)
            parts = [self._content(node[2][0], depth) for _ in range(self.rand.randint(low, high))]
            return "".join(p[0] for p in parts), "".join(p[1] for p in parts)
        if kind in (GROUP, INTERLEAVE, MIXED):
            parts = [self._content(c, depth) for c in node[2]]
            return "".join(p[0] for p in parts), "".join(p[1] for p in parts)
        raise AssertionError(f"no sample for a {kind} pattern")

    def _value(self, node: tuple, name: str) -> str:
        kind = node[0]
        if kind == REF:
            return self._value(self.grammar.defines[node[1]], name)
        if kind == CHOICE:
            return self._value(self.rand.choice(node[2]), name)
        if kind in (LIST, GROUP, ONE_OR_MORE):
            return " ".join(self._value(c, name) for c in node[2])
        if kind == TEXT:
            return "text"
        if kind == DATA:
            xml = node[1]
            if xml.startswith("<value"):
                return re.search(r">(.*)</value>", xml).group(1)
            datatype = re.search(r' type="([^"]*)"', xml).group(1)
            if datatype == "ID":
                self.ids += 1
                return f"id{self.ids}"
            if datatype == "token" and "/" in xml:
                return "1/2"  # TEI's fraction pattern for quantities
            sample = SAMPLES[datatype]
            return self.rand.choice(sample) if isinstance(sample, list) else sample
        raise AssertionError(f"no value for a {kind} pattern in @{name}")

    def _size(self, node: tuple, seen: frozenset = frozenset()) -> float:
        """How many elements the smallest instance of `node` has (to end deep documents)."""
        key = id(node)
        if key in self._cost:
            return self._cost[key]
        kind = node[0]
        if kind in (TEXT, EMPTY, DATA, ATTRIBUTE, OPTIONAL, ZERO_OR_MORE):
            cost = 0.0
        elif kind == NOT_ALLOWED:
            cost = float("inf")
        elif kind == REF:
            if node[1] in seen:
                return float("inf")
            cost = self._size(self.grammar.defines[node[1]], seen | {node[1]})
        elif kind == ELEMENT:
            cost = 1 + self._size(node[2][0], seen)
        elif kind == CHOICE:
            cost = min(self._size(c, seen) for c in node[2])
        else:
            cost = sum(self._size(c, seen) for c in node[2])
        if not seen:
            self._cost[key] = cost
        return cost
