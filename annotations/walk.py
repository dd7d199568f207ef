"""The one walk over TEI text: the events of an element's content in document order.

The text view and `show` read the text through `Walk`, the memo reader through `visit`, which
reads it the same way; so they agree on what the text is: element text and tails in order,
comments and processing instructions contributing only their tails. The walk keeps its own
stack, because TEI documents nest deeper than Python's recursion limit; a reader that cares about
structure keeps a stack of its own, pushed on ENTER and popped on LEAVE.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

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


class Reader(Protocol):
    """What `visit` asks of a reader: one per element, each made by its parent's `child`."""

    skip: bool              # leave the element's content out (its leave and tail still come)
    instead: Node | None    # read this node's content in place of the element's own

    def text(self, text: str) -> None:
        """The element's own text (or that of the node read instead), before its first child."""

    def child(self, node: Node) -> "Reader":
        """The reader of a child element, as the walk enters it."""

    def tail(self, node: Node, text: str) -> None:
        """The text after a child (or a comment, PI or entity) inside this element."""

    def leave(self) -> None:
        """The element's content is over."""


def visit(root: Node, reader: Reader) -> None:
    """Read root with reader, as `Walk` reads it: the same text in the same order, each ENTER a
    `child` of the reader of the element around it and each LEAVE a `leave`; comments, processing
    instructions and entities only give their tails.

    For a reader that keeps one object per element (the memo's frames): the calls go straight to
    that object, with no event tuple to make and look at on each step, which saves an eighth of
    the time the memo takes to read a long text.
    """
    content = None if reader.skip else (root if reader.instead is None else reader.instead)
    if content is not None:
        text = content.text
        if text:
            reader.text(text)
        stack: list[tuple[Reader, Node, Iterator[Node]]] = [(reader, root, iter(content))]
        while stack:
            owner_reader, owner, children = stack[-1]
            # As in Walk: the same iterator goes on where it left off when the walk comes back up.
            for child in children:
                if not isinstance(child.tag, str):
                    tail = child.tail
                    if tail:
                        owner_reader.tail(child, tail)
                    continue
                inner = owner_reader.child(child)
                if inner.skip:
                    content = None
                else:
                    content = child if inner.instead is None else inner.instead
                if content is not None:
                    text = content.text
                    if text:
                        inner.text(text)
                    if len(content):
                        stack.append((inner, child, iter(content)))
                        break
                inner.leave()
                tail = child.tail
                if tail:
                    owner_reader.tail(child, tail)
            else:
                stack.pop()
                if not stack:
                    break
                owner_reader.leave()
                tail = owner.tail
                if tail:
                    stack[-1][0].tail(owner, tail)
    reader.leave()


def is_element(node: Node) -> bool:
    """Whether node is a real element (not a comment, processing instruction or entity)."""
    return isinstance(node.tag, str)
