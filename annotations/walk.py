"""The one walk over TEI text: the events of an element's content in document order.

The text view, `show` and the memo reader all read the text through `Walk`, so they agree on
what the text is: element text and tails in order, comments and processing instructions
contributing only their tails. The walk keeps its own stack, because TEI documents nest deeper
than Python's recursion limit; a reader that cares about structure keeps a stack of its own,
pushed on ENTER and popped on LEAVE.
"""
from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

Node = etree._Element

ENTER, TEXT, LEAVE, TAIL, OTHER = range(5)
# ENTER node: an element starts (the walk's root first).
# TEXT node text: the element's own text, before its first child.
# LEAVE node: the element's content is over (also after skip()).
# TAIL node text: the text after an element (or a comment, PI or entity), inside its parent.
# OTHER node: a comment, processing instruction or entity reference; its tail follows as TAIL.

_SKIP = object()


class Walk:
    """Iterate `(event, node, text)` over root and everything inside it.

    Right after an ENTER, `skip()` leaves that element's content out (its LEAVE and tail still
    come), and `instead(other)` reads the content of `other` (one of its children, say the
    chosen reading of a <choice>) in its place. The root's tail is not part of the walk.
    """

    def __init__(self, root: Node) -> None:
        self.root = root
        self._pending: object = None

    def skip(self) -> None:
        """Leave out the content of the element just entered."""
        self._pending = _SKIP

    def instead(self, other: Node) -> None:
        """Read other's content (text, children and their tails) as the content of the element just entered."""
        self._pending = other

    def __iter__(self) -> Iterator[tuple[int, Node, str | None]]:
        self._pending = None
        root = self.root
        yield ENTER, root, None
        content = self._content_of(root)
        if content is None:
            yield LEAVE, root, None
            return
        text = content.text
        if text:
            yield TEXT, content, text
        stack: list[tuple[Node, Iterator[Node]]] = [(root, iter(content))]
        while stack:
            owner, children = stack[-1]
            # A for loop over the same iterator: it goes on where it left off when the walk
            # comes back up, and reads a run of siblings without going through the stack.
            # Each text and tail is read from lxml once: every read makes a new string.
            for child in children:
                if not isinstance(child.tag, str):
                    yield OTHER, child, None
                    tail = child.tail
                    if tail:
                        yield TAIL, child, tail
                    continue
                self._pending = None
                yield ENTER, child, None
                content = self._content_of(child)
                if content is not None:
                    text = content.text
                    if text:
                        yield TEXT, content, text
                    if len(content):
                        stack.append((child, iter(content)))
                        break
                # No content to read, or none but text: the element ends here.
                yield LEAVE, child, None
                tail = child.tail
                if tail:
                    yield TAIL, child, tail
            else:
                stack.pop()
                yield LEAVE, owner, None
                if stack:
                    tail = owner.tail
                    if tail:
                        yield TAIL, owner, tail

    def _content_of(self, node: Node) -> Node | None:
        """Whose content to read for the element just entered, as its reader asked (None: none)."""
        pending, self._pending = self._pending, None
        if pending is _SKIP:
            return None
        return node if pending is None else pending  # type: ignore[return-value]


def is_element(node: Node) -> bool:
    """Whether node is a real element (not a comment, processing instruction or entity)."""
    return isinstance(node.tag, str)
