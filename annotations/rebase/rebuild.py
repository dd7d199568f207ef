"""The new body: one <p> per new paragraph, and the placed annotations wrapped back through the text view."""
from __future__ import annotations

import re
from copy import copy

from .. import tei
from ..textview import Node, describe
from .align import Alignment
from .anchor import Placement
from .collect import Annotation, OldText, Version

_P_NUMBER = re.compile(r"^p(\d+)$")


def new_paragraphs(old: OldText, new: Version, alignment: Alignment, ids: set[str]) -> list[Node]:
    """Replace the body's paragraphs by the new ones; carried paragraphs keep their attributes."""
    body = old.body
    between = old.nodes[0].tail if len(old.nodes) > 1 else body.text
    last_tail = old.nodes[-1].tail
    for node in old.nodes:
        body.remove(node)
    numbers = [int(m.group(1)) for m in map(_P_NUMBER.match, ids) if m]
    # Fresh ids count on from the highest pN ever given, so no old id comes back with other text.
    next_number = max(numbers, default=0) + 1
    made = []
    for j, text in enumerate(new.paragraphs):
        carried = alignment.carried.get(j)
        if carried is not None and old.nodes[carried].get(tei.XML_ID):
            # A shallow copy takes the attributes over in one pass (reading them through
            # .attrib looks each up by name: quadratic on an element with thousands).
            p = copy(old.nodes[carried])
            del p[:]
            p.text, p.tail = text, between
            body.append(p)
            made.append(p)
            continue
        if carried is not None:
            attrib = {tei.XML_ID: f"p{next_number}", **old.nodes[carried].attrib}   # every <p> has an id
            next_number += 1
        else:
            attrib = {tei.XML_ID: f"p{next_number}"}
            next_number += 1
            donor = alignment.donor.get(j)
            lang = old.nodes[donor].get(tei.XML_LANG) if donor is not None else None
            if lang:
                attrib[tei.XML_LANG] = lang
        p = body.makeelement(tei.tei("p"), attrib)
        p.text = text
        p.tail = between
        body.append(p)
        made.append(p)
    made[-1].tail = last_tail
    return made


def wrap_all(paragraphs: list[Node], new: Version, placed: dict[int, tuple[Annotation, Placement]]
             ) -> tuple[dict[int, Node], dict[int, str]]:
    """Wrap every placed annotation; returns the new elements and the ones refused for overlap.

    Outer elements go first (by start, then longest, then old document order), so nesting is
    rebuilt; an element that would cut through one already wrapped is refused.
    """
    by_paragraph: dict[int, list[tuple[Annotation, Placement]]] = {}
    for ann, place in placed.values():
        by_paragraph.setdefault(new.paragraph_at(place.start), []).append((ann, place))
    nodes: dict[int, Node] = {}
    refused: dict[int, str] = {}
    for j, items in by_paragraph.items():
        p = paragraphs[j]
        items.sort(key=lambda item: (item[1].start, -item[1].end, item[0].order))
        _Builder(p, new.paragraphs[j]).build(items, new.starts[j], nodes, refused)
        if "".join(p.itertext()) != new.paragraphs[j]:
            raise AssertionError(f"rebuilding {p.get(tei.XML_ID)} changed its text")
    return nodes, refused


class _Builder:
    """Builds one paragraph's markup in a single pass over its text: the elements still open
    are a stack, and each stretch of text is cut once and goes to the text of the innermost
    open element or the tail of the last one closed. Wrapping the spans one by one would cut
    the rest of the paragraph again for each, quadratic in a long paragraph."""

    def __init__(self, p: Node, text: str) -> None:
        self.text = text
        self.cursor = 0
        self.stack: list[tuple[Node, int]] = [(p, len(text))]
        self.last: Node | None = None  # the element closed last; its tail takes the next text
        p.text = None

    def build(self, items: list[tuple[Annotation, Placement]], base: int,
              nodes: dict[int, Node], refused: dict[int, str]) -> None:
        p = self.stack[0][0]
        for ann, place in items:
            start, end = place.start - base, place.end - base
            while len(self.stack) > 1 and self.stack[-1][1] <= start:
                self._close()
            parent, parent_end = self.stack[-1]
            if end > parent_end:
                refused[ann.order] = (f"its new place would partially overlap {describe(parent)} "
                                      f"in {p.get(tei.XML_ID)}")
                continue
            self._put(start)
            old = ann.node
            element = p.makeelement(old.tag, dict(old.attrib))
            parent.append(element)
            self.stack.append((element, end))
            self.last = None
            nodes[ann.order] = element
        while len(self.stack) > 1:
            self._close()
        self._put(len(self.text))

    def _close(self) -> None:
        element, end = self.stack[-1]
        self._put(end)
        self.stack.pop()
        self.last = element

    def _put(self, upto: int) -> None:
        if upto <= self.cursor:
            return
        chunk = self.text[self.cursor:upto]
        if self.last is None:
            holder = self.stack[-1][0]
            holder.text = (holder.text or "") + chunk
        else:
            self.last.tail = (self.last.tail or "") + chunk
        self.cursor = upto
