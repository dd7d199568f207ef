"""The new body: one <p> per new paragraph, and the placed annotations wrapped back through the text view."""
from __future__ import annotations

import re

from apostilla.common.errors import Overlap

from .. import tei
from ..textview import Node, TextView, describe
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
            attrib = dict(old.nodes[carried].attrib)
        elif carried is not None:
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
        view = TextView(p)
        base = new.starts[j]
        items.sort(key=lambda item: (item[1].start, -item[1].end, item[0].order))
        for ann, place in items:
            old = ann.node
            try:
                nodes[ann.order] = view.wrap(place.start - base, place.end - base, old.tag, dict(old.attrib))
            except Overlap:
                culprit = _overlapped(view, nodes, place.start - base, place.end - base)
                refused[ann.order] = (f"its new place would partially overlap {culprit} "
                                      f"in {p.get(tei.XML_ID)}")
        if "".join(p.itertext()) != new.paragraphs[j]:
            raise AssertionError(f"rebuilding {p.get(tei.XML_ID)} changed its text")
    return nodes, refused


def _overlapped(view: TextView, nodes: dict[int, Node], start: int, end: int) -> str:
    for node in nodes.values():
        if view.contains(node):
            s, e = view.range_of(node)
            if s < end and start < e and not (s <= start and end <= e) and not (start <= s and e <= end):
                return describe(node)
    return "another annotation"
