"""The walk reads a tree as a plain recursive reading does, and `visit` as the walk does: the same
text in the same order, whatever the reader skips or reads instead (the memo reads through
`visit`, `show` and the text view through `Walk`)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from apostilla.annotations.walk import ENTER, LEAVE, OTHER, TAIL, TEXT, Walk, visit

TEXTS = st.sampled_from([None, "", "x", " y ", "\n   "])


@st.composite
def trees(draw, depth=0):
    kind = draw(st.sampled_from(["element", "element", "comment", "pi", "entity"])) if depth else "element"
    if kind == "comment":
        node = etree.Comment("note")
    elif kind == "pi":
        node = etree.ProcessingInstruction("target", "data")
    elif kind == "entity":
        node = etree.Entity("ent")
    else:
        node = etree.Element(draw(st.sampled_from(["p", "hi", "lb", "q"])))
        node.text = draw(TEXTS)
        if depth < 4:
            for child in draw(st.lists(trees(depth + 1), max_size=4)):
                node.append(child)
    if depth:
        node.tail = draw(TEXTS)
    return node


def choices(root, seed: int) -> dict:
    """For each element: None (read it), "skip", or one of its child elements to read instead."""
    rng = random.Random(seed)
    decided = {}
    for node in root.iter():
        if isinstance(node.tag, str):
            kids = [kid for kid in node if isinstance(kid.tag, str)]
            pick = rng.random()
            decided[node] = "skip" if pick < 0.15 else (rng.choice(kids) if kids and pick < 0.3 else None)
    return decided


def walk_events(root, decided: dict) -> list[tuple]:
    walk = Walk(root)
    events = []
    for event, node, text in walk:
        if event == ENTER:
            events.append((ENTER, node))
            choice = decided[node]
            if choice == "skip":
                walk.skip()
            elif choice is not None:
                walk.instead(choice)
        elif event == TEXT:
            events.append((TEXT, text))     # the node is the one read, which visit does not name
        elif event == TAIL:
            events.append((TAIL, node, text))
        elif event == LEAVE:
            events.append((LEAVE, node))
        else:
            assert event == OTHER           # visit reports comments, PIs and entities by their tails
    return events


def expected(root, choose) -> list[tuple]:
    """The events of root's reading, recursively; choose(node) says: None (read), "skip" or another node."""
    events = []

    def content(node):
        events.append((ENTER, node, None))
        choice = choose(node)
        source = None if choice == "skip" else (node if choice is None else choice)
        if source is not None:
            if source.text:
                events.append((TEXT, source, source.text))
            for child in source:
                if isinstance(child.tag, str):
                    content(child)
                else:
                    events.append((OTHER, child, None))
                if child.tail:
                    events.append((TAIL, child, child.tail))
        events.append((LEAVE, node, None))

    content(root)
    return events


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(0, 2**32))
def test_the_walk_reads_as_a_recursive_reading_does(root, seed):
    decided = choices(root, seed)
    rng = random.Random(seed)
    walk = Walk(root)
    got = []
    for event, node, text in walk:
        got.append((event, node, text))
        if event == ENTER:
            choice = decided[node]
            if choice == "skip":
                walk.skip()
            elif choice is not None:
                walk.instead(choice)
        elif rng.random() < 0.1:
            walk.skip()          # asked at any other time, it changes nothing
    want = expected(root, decided.get)
    assert len(got) == len(want)
    assert all(g[0] == w[0] and g[1] is w[1] and g[2] == w[2] for g, w in zip(got, want))


class Recorder:
    """A reader that writes down every call, as the walk's event it stands for."""

    def __init__(self, node, decided: dict, events: list) -> None:
        self.node, self.decided, self.events = node, decided, events
        choice = decided[node]
        self.skip = choice == "skip"
        self.instead = None if choice in (None, "skip") else choice

    def text(self, text: str) -> None:
        self.events.append((TEXT, text))

    def child(self, node) -> "Recorder":
        self.events.append((ENTER, node))
        return Recorder(node, self.decided, self.events)

    def tail(self, node, text: str) -> None:
        self.events.append((TAIL, node, text))

    def leave(self) -> None:
        self.events.append((LEAVE, self.node))


def visit_events(root, decided: dict) -> list[tuple]:
    events: list[tuple] = [(ENTER, root)]
    visit(root, Recorder(root, decided, events))
    return events


def same(got: list[tuple], want: list[tuple]) -> bool:
    return len(got) == len(want) and all(
        g[0] == w[0] and all(a is b or a == b for a, b in zip(g[1:], w[1:])) for g, w in zip(got, want))


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(0, 2**32))
def test_visit_reads_as_the_walk_does(root, seed):
    decided = choices(root, seed)
    assert same(visit_events(root, decided), walk_events(root, decided))


def test_visit_reads_a_tree_deeper_than_the_recursion_limit():
    root = node = etree.Element("div")
    for depth in range(5000):
        node = etree.SubElement(node, "div")
        node.text = str(depth)
        node.tail = "."
    decided = {n: None for n in root.iter()}
    assert same(visit_events(root, decided), walk_events(root, decided))


def test_a_skipped_root_only_enters_and_leaves():
    root = etree.fromstring("<p>a<hi>b</hi>c</p>")
    decided = {n: None for n in root.iter()}
    decided[root] = "skip"
    assert visit_events(root, decided) == [(ENTER, root), (LEAVE, root)]


def test_a_root_read_instead_gives_the_other_content_and_its_own_end():
    root = etree.fromstring("<choice><sic>teh</sic><corr>the</corr></choice>")
    decided = {n: None for n in root.iter()}
    decided[root] = root[1]
    assert visit_events(root, decided) == [(ENTER, root), (TEXT, "the"), (LEAVE, root)]
