"""The old side of a rebase: the body's paragraphs, every annotation in them, and what points at them."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from apostilla.common.errors import BadInput
from lxml import etree

from .. import tei
from ..document import TeiDocument
from ..textview import Node, describe, is_element

# Joins paragraphs into one string per version. XML text can never hold it, so a match that
# contains it runs across paragraphs and is refused.
SEP = "\x00"


@dataclass
class Annotation:
    """One element of the old text (or a paragraph something points at), as rebase carries it."""

    node: Node
    id: str | None
    kind: str
    paragraph: int          # index of its old paragraph
    start: int              # [start, end) in the joined old text
    end: int
    text: str
    order: int              # document order: an element comes before the elements inside it
    parent: "Annotation | None" = None
    children: list["Annotation"] = field(default_factory=list)

    @property
    def is_paragraph(self) -> bool:
        return self.kind == "paragraph"


@dataclass
class Version:
    """One version of the text: its paragraphs joined by SEP, and where each begins."""

    paragraphs: list[str]
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = SEP.join(self.paragraphs)
        pos = 0
        for paragraph in self.paragraphs:
            self.starts.append(pos)
            pos += len(paragraph) + len(SEP)

    def paragraph_at(self, offset: int) -> int:
        """The index of the paragraph holding offset."""
        return bisect_right(self.starts, offset) - 1

    def end_of(self, index: int) -> int:
        return self.starts[index] + len(self.paragraphs[index])


@dataclass
class OldText:
    """What rebase reads from the document before it changes anything."""

    body: Node
    nodes: list[Node]                 # the <p> elements, in order
    version: Version
    annotations: list[Annotation]     # in document order, paragraphs last

    def release(self) -> None:
        """Let go of the old elements, the last first. The old paragraphs are out of the tree
        now, and lxml frees the proxies of a detached subtree in linear time only in that
        order: in document order each one walks the rest of the subtree (quadratic)."""
        for ann in reversed(self.annotations):
            ann.node = None  # type: ignore[assignment]
        while self.nodes:
            self.nodes.pop()


def kind_of(node: Node) -> str:
    """The report's word for an element: mention, quote, date, measure, term, or its own name."""
    name = tei.local(node)
    if name in tei.MENTION_ELEMENTS and node.get("ref"):
        return "mention"
    kinds = {tei.QUOTE: "quote", tei.DATE: "date", tei.MEASURE: "measure", tei.NUM: "measure",
             tei.TERM: "term"}
    return kinds.get(name) or name or etree.QName(node).localname


def collect(doc: TeiDocument) -> OldText:
    """The body's paragraphs and annotations, or BadInput naming what rebase cannot carry."""
    body = doc.text_el.find(tei.tei("body"))
    if body is None:
        raise BadInput("the document's <text> has no <body> to rebase", file=doc.name)
    nodes = _paragraphs(doc, body)
    # itertext, like the text view, skips what comments and processing instructions hold.
    texts = ["".join(p.itertext()) for p in nodes]
    version = Version(texts)
    pointed = pointed_ids(doc)
    annotations: list[Annotation] = []
    for index, p in enumerate(nodes):
        _collect_inline(doc, p, index, version, annotations)
    for index, p in enumerate(nodes):
        ident = p.get(tei.XML_ID)
        if ident and ident in pointed:
            start = version.starts[index]
            annotations.append(Annotation(p, ident, "paragraph", index, start, start + len(texts[index]),
                                          texts[index], len(annotations)))
    return OldText(body, nodes, version, annotations)


def _paragraphs(doc: TeiDocument, body: Node) -> list[Node]:
    found = []
    if (body.text or "").strip():
        raise BadInput("the <body> holds text outside any paragraph; rebase carries paragraphs only",
                       file=doc.name, line=body.sourceline)
    for child in body:
        if not (is_element(child) and tei.local(child) == "p"):
            raise BadInput(f"the <body> holds {describe(child)}: rebase carries a body made of <p> "
                           "paragraphs, as `apostilla new` makes it, and would lose this",
                           file=doc.name, line=child.sourceline)
        if (child.tail or "").strip():
            raise BadInput("the <body> holds text between paragraphs; rebase carries paragraphs only",
                           file=doc.name, line=child.sourceline)
        found.append(child)
    if not found:
        raise BadInput("the <body> has no paragraph to rebase", file=doc.name)
    return found


def _collect_inline(doc: TeiDocument, p: Node, index: int, version: Version, out: list[Annotation]) -> None:
    """Every element inside paragraph p, with its span, parents before children."""
    base = version.starts[index]
    pos = base + len(p.text or "")
    # A walk in document order (no recursion: markup may nest deeply) that keeps the running
    # offset; an ("end", node) entry closes a node's span and adds its tail once its content is counted.
    work: list = [("node", kid, None) for kid in reversed(list(p))]
    while work:
        what, node, parent = work.pop()
        if what == "end":
            parent.end = pos
            parent.text = version.text[parent.start:pos]
            if not parent.text:
                raise BadInput(f"{describe(node)} holds no text, so rebase cannot find where it belongs in "
                               "the new text; remove it before rebasing", file=doc.name, line=node.sourceline)
            pos += len(node.tail or "")
            continue
        if not is_element(node):
            raise BadInput(f"paragraph {p.get(tei.XML_ID) or index + 1} holds {describe(node)}, which has "
                           "no place in a plain-text source; remove it before rebasing",
                           file=doc.name, line=node.sourceline)
        ann = Annotation(node, node.get(tei.XML_ID), kind_of(node), index, pos, pos, "", len(out), parent)
        if parent is not None:
            parent.children.append(ann)
        out.append(ann)
        pos += len(node.text or "")
        work.append(("end", node, ann))
        work.extend(("node", kid, ann) for kid in reversed(list(node)))


def pointed_ids(doc: TeiDocument) -> set[str]:
    """Every id that some attribute of the document points at (`#id`)."""
    ids = set()
    for value in tei.pointing_attributes(doc.root):
        if value.attrname != tei.XML_ID:
            ids.update(token[1:] for token in value.split() if token.startswith("#"))
    return ids
