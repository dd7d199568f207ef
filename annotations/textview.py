"""The text view: a document's running text as one string, with every node's character range.

Annotating never changes the text, only the markup around it, so every element's range
stays valid across edits. The view keeps a map element -> (start, end) and updates it
locally when a span is wrapped or unwrapped, instead of rebuilding it: a batch of
thousands of operations on a large document stays linear.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterator

from apostilla.common.errors import Overlap
from lxml import etree

from . import tei
from .walk import ENTER, LEAVE, TAIL, TEXT, Walk, is_element

Node = etree._Element


class TextView:
    """The text under one element (usually TEI `<text>`) and the character range of every node."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._range: dict[Node, tuple[int, int]] = {}
        self._kids: dict[Node, tuple[list[int], list[Node]]] = {}
        self.text = self._build(root)

    # ------------------------------------------------------------------ building

    def _build(self, root: Node) -> str:
        parts: list[str] = []
        pos = 0
        starts: list[int] = []
        ranges = self._range
        for event, node, text in Walk(root):
            if event == TEXT or event == TAIL:
                parts.append(text)
                pos += len(text)
            elif event == ENTER:
                starts.append(pos)
            elif event == LEAVE:
                ranges[node] = (starts.pop(), pos)
            else:  # a comment, PI or entity reference: no text of ours, but a place
                ranges[node] = (pos, pos)
        return "".join(parts)

    # ------------------------------------------------------------------ queries

    def range_of(self, node: Node) -> tuple[int, int]:
        """The [start, end) of node's content (without its tail) in `text`."""
        try:
            return self._range[node]
        except KeyError:
            raise KeyError("the node is not inside this text view") from None

    def contains(self, node: Node) -> bool:
        return node in self._range

    def children(self, node: Node) -> tuple[list[int], list[Node]]:
        """node's children and their start offsets, cached until node's children change."""
        cached = self._kids.get(node)
        if cached is None:
            kids = list(node)
            cached = ([self._range[k][0] for k in kids], kids)
            self._kids[node] = cached
        return cached

    def path_to(self, start: int, end: int) -> list[Node]:
        """Elements from the root down to the deepest one whose content holds [start, end)."""
        path = [self.root]
        node = self.root
        while True:
            starts, kids = self.children(node)
            # Only a child starting at or before `start` can hold the span.
            i = bisect_right(starts, start) - 1
            found = None
            while i >= 0:
                kid = kids[i]
                ks, ke = self._range[kid]
                if ke < start:
                    break
                if is_element(kid) and ks <= start and end <= ke and ks < ke:
                    found = kid
                    break
                i -= 1
            if found is None:
                return path
            path.append(found)
            node = found

    def block_at(self, start: int, end: int | None = None) -> Node | None:
        """The innermost paragraph-like element whose content holds [start, end)."""
        end = start + 1 if end is None else end
        for node in reversed(self.path_to(start, end)):
            if tei.local(node) in tei.BLOCKS:
                return node
        return None

    def locate(self, offset: int) -> tuple[Node, str, int]:
        """Where character `offset` lives: (node, 'text' or 'tail', index into that string)."""
        if not 0 <= offset < len(self.text):
            raise IndexError(offset)
        node = self.path_to(offset, offset + 1)[-1]
        for kind, owner, ps, pe in self._pieces(node):
            if kind != "child" and ps <= offset < pe:
                return owner, kind, offset - ps
        raise AssertionError("offset not found in its own element")  # the map is inconsistent

    def _pieces(self, node: Node) -> Iterator[tuple[str, Node, int, int]]:
        """node's content in order: its text, then each child and the child's tail."""
        start, _ = self._range[node]
        yield "text", node, start, start + len(node.text or "")
        for kid in node:
            ks, ke = self._range[kid]
            yield "child", kid, ks, ke
            yield "tail", kid, ke, ke + len(kid.tail or "")

    # ------------------------------------------------------------------ editing

    def check_span(self, start: int, end: int, *, outer: bool = False) -> Node:
        """The element that would hold a new span [start, end), or Overlap naming the culprit."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad span {start}..{end}")
        path = self.path_to(start, end)
        parent = path[-1]
        if outer:
            # Wrap an element whose content is exactly the span, rather than nest inside it;
            # a paragraph-like element keeps the new span inside it.
            while len(path) > 1 and self._range[parent] == (start, end) and tei.local(parent) not in tei.BLOCKS:
                path.pop()
                parent = path[-1]
        starts, kids = self.children(parent)
        i = max(bisect_left(starts, start) - 1, 0)
        while i < len(kids):
            kid = kids[i]
            ks, ke = self._range[kid]
            if ks >= end:
                break
            inside = start <= ks and ke <= end
            apart = ke <= start or ks >= end
            if not inside and not apart:
                raise Overlap(f"the selection would partially overlap {describe(kid)}; "
                              "select all of it or a part inside it")
            i += 1
        return parent

    def wrap(self, start: int, end: int, tag: str, attrib: dict[str, str] | None = None,
             *, outer: bool = False) -> Node:
        """Put [start, end) inside a new element; the text is untouched. Returns the element.

        The text around the parent's children is found by bisection and the parent's cached
        children are updated in place, so that wrapping thousands of spans in one paragraph
        (a rebase, a long batch) costs each wrap the span's own children, not the paragraph's."""
        parent = self.check_span(start, end, outer=outer)
        starts, kids = self.children(parent)
        a = self._gap_at(starts, kids, start, last=True)
        b = self._gap_at(starts, kids, end, last=False)
        a_off = start - self._gap_start(parent, kids, a)
        b_off = end - self._gap_start(parent, kids, b)
        new = parent.makeelement(tag, attrib or {})
        text_a = _gap_text(parent, kids, a)
        moved = kids[a + 1:b + 1]
        if a == b:
            _set_gap(parent, kids, a, text_a[:a_off])
            new.text = text_a[a_off:b_off] or None
            new.tail = text_a[b_off:] or None
        else:
            text_b = _gap_text(parent, kids, b)
            _set_gap(parent, kids, a, text_a[:a_off])
            _set_gap(parent, kids, b, text_b[:b_off])
            new.text = text_a[a_off:] or None
            new.tail = text_b[b_off:] or None
        # The new element goes where the first gap ends: at the start, or right after its owner.
        if a < 0:
            parent.insert(0, new)
        else:
            kids[a].addnext(new)
        for kid in moved:
            new.append(kid)  # lxml moves each child with its tail
        self._range[new] = (start, end)
        starts[a + 1:b + 1] = [start]
        kids[a + 1:b + 1] = [new]
        return new

    def _gap_at(self, starts: list[int], kids: list[Node], offset: int, *, last: bool) -> int:
        """The stretch of a parent's own text holding offset: -1 its text, i the tail of kid i.
        A span's start goes after empty elements at that offset (<lb/> stays outside), its end
        before them; neither lies strictly inside a child (check_span saw to that)."""
        if not last:
            return bisect_left(starts, offset) - 1
        k = bisect_right(starts, offset)
        if k and self._range[kids[k - 1]][1] > offset:
            return k - 2  # the span starts where that child starts: the gap before it
        return k - 1

    def _gap_start(self, parent: Node, kids: list[Node], gap: int) -> int:
        return self._range[parent][0] if gap < 0 else self._range[kids[gap]][1]

    def unwrap(self, node: Node) -> None:
        """Remove node's markup, keeping its text and children in place."""
        parent = node.getparent()
        if parent is None:
            raise ValueError("cannot unwrap the root")
        index = parent.index(node)
        tail = node.tail or ""
        _append_text_before(parent, index, node.text or "")
        kids = list(node)
        for offset, kid in enumerate(kids):
            parent.insert(index + offset, kid)
        node.tail = None
        parent.remove(node)
        if kids:
            kids[-1].tail = (kids[-1].tail or "") + tail or None
        else:
            _append_text_before(parent, index, tail)
        self._range.pop(node, None)
        self._kids.pop(node, None)
        self._kids.pop(parent, None)

    def forget(self, node: Node) -> None:
        """Drop a removed subtree (without text in the view) from the map."""
        for sub in node.iter():
            self._range.pop(sub, None)
            self._kids.pop(sub, None)


def _gap_text(parent: Node, kids: list[Node], gap: int) -> str:
    return (parent.text if gap < 0 else kids[gap].tail) or ""


def _set_gap(parent: Node, kids: list[Node], gap: int, value: str) -> None:
    if gap < 0:
        parent.text = value or None
    else:
        kids[gap].tail = value or None


def _append_text_before(parent: Node, index: int, text: str) -> None:
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text


def describe(node: Node) -> str:
    """`<persName xml:id="x">` style name of a node, for messages."""
    if not is_element(node):
        return "a comment or processing instruction"
    name = tei.local(node) or etree.QName(node).localname
    ident = node.get(tei.XML_ID)
    where = f" at line {node.sourceline}" if node.sourceline and not ident else ""
    return f"<{name}{f' xml:id={ident!r}' if ident else ''}>{where}"
