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
        """Put [start, end) inside a new element; the text is untouched. Returns the element."""
        parent = self.check_span(start, end, outer=outer)
        pieces = list(self._pieces(parent))
        a_index, a_off = self._piece_for(pieces, start, last=True)
        b_index, b_off = self._piece_for(pieces, end, last=False)
        new = parent.makeelement(tag, attrib or {})
        kind_a, owner_a, _, _ = pieces[a_index]
        text_a = _get(owner_a, kind_a)
        if a_index == b_index:
            _set(owner_a, kind_a, text_a[:a_off])
            new.text = text_a[a_off:b_off] or None
            new.tail = text_a[b_off:] or None
            moved: list[Node] = []
        else:
            kind_b, owner_b, _, _ = pieces[b_index]
            text_b = _get(owner_b, kind_b)
            moved = [p[1] for p in pieces[a_index + 1:b_index] if p[0] == "child"]
            _set(owner_a, kind_a, text_a[:a_off])
            _set(owner_b, kind_b, text_b[:b_off])
            new.text = text_a[a_off:] or None
            new.tail = text_b[b_off:] or None
        # The new element goes where the first piece ends: at the start or after the owner.
        index = 0 if kind_a == "text" else parent.index(owner_a) + 1
        parent.insert(index, new)
        for kid in moved:
            new.append(kid)  # lxml moves each child with its tail
        self._range[new] = (start, end)
        self._kids.pop(parent, None)
        return new

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

    @staticmethod
    def _piece_for(pieces: list[tuple[str, Node, int, int]], offset: int, *, last: bool) -> tuple[int, int]:
        # A span's start goes after empty elements at that offset (<lb/> stays outside),
        # its end before them.
        found = None
        for i, (kind, _, ps, pe) in enumerate(pieces):
            if kind != "child" and ps <= offset <= pe:
                if not last:
                    return i, offset - ps
                found = (i, offset - ps)
            elif ps > offset:
                break
        if found is None:
            raise AssertionError("offset not found among the pieces")
        return found


def _get(owner: Node, kind: str) -> str:
    return (owner.text if kind == "text" else owner.tail) or ""


def _set(owner: Node, kind: str, value: str) -> None:
    if kind == "text":
        owner.text = value or None
    else:
        owner.tail = value or None


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
