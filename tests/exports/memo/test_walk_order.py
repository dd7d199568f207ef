"""The walk's events are those of a plain recursive reading of the tree, whatever the reader skips
or reads instead (annotations.walk keeps its own stack; this is the reading it must agree with)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from apostilla.annotations.walk import ENTER, LEAVE, OTHER, TAIL, TEXT, Walk

WORDS = st.sampled_from([None, "", "a", " b ", "\n  "])


@st.composite
def trees(draw, depth=0):
    kind = draw(st.sampled_from(["el", "el", "el", "comment", "pi"])) if depth else "el"
    if kind == "comment":
        node = etree.Comment("c")
    elif kind == "pi":
        node = etree.ProcessingInstruction("pi", "x")
    else:
        node = etree.Element(draw(st.sampled_from(["p", "hi", "lb"])))
        node.text = draw(WORDS)
        if depth < 4:
            for child in draw(st.lists(trees(depth + 1), max_size=4)):
                node.append(child)
    node.tail = draw(WORDS) if depth else None
    return node


def expected(root, choose):
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
    decisions = {}
    rng = random.Random(seed)
    for node in root.iter():
        if isinstance(node.tag, str):
            kids = [k for k in node if isinstance(k.tag, str)]
            pick = rng.random()
            decisions[node] = "skip" if pick < 0.15 else (rng.choice(kids) if kids and pick < 0.3 else None)
    walk = Walk(root)
    got = []
    for event, node, text in walk:
        got.append((event, node, text))
        if event == ENTER:
            choice = decisions[node]
            if choice == "skip":
                walk.skip()
            elif choice is not None:
                walk.instead(choice)
        elif rng.random() < 0.1:
            walk.skip()          # asked at any other time, it changes nothing
    want = expected(root, decisions.get)
    assert len(got) == len(want)
    assert all(g[0] == w[0] and g[1] is w[1] and g[2] == w[2] for g, w in zip(got, want))
