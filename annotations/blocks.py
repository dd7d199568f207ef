"""The text as `show` prints it: paragraph-like blocks on one line each, with their annotated stretches."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from apostilla.common.errors import BadInput

from . import tei
from .document import TeiDocument
from .glosses import glosses_by_target
from .walk import ENTER, LEAVE, TAIL, TEXT, Node, Walk

_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    """One paragraph-like element as it is shown: its id, its text on one line, the annotated stretches."""

    label: str
    text: str = ""
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # ids of its quotes and terms, for their glosses


def blocks(doc: TeiDocument, within: str | None = None) -> list[Block]:
    """The blocks of the document's text (or of the element `within`, or of the block holding it)."""
    start = doc.text_el
    if within:
        start = doc.get(within)
        if not doc.view.contains(start):
            raise BadInput(f"--in {within}: that element is not in the document's text", file=doc.name)
        holder = next((a for a in start.iterancestors() if tei.local(a) in tei.PARAGRAPHS), None)
        start = holder if holder is not None else start
    return [block for block in _read(start) if block.text]


def gloss_lines(doc: TeiDocument, block: Block, lang: str | None) -> list[tuple[str, str, str]]:
    """(target, language and text, who and status) of the glosses of a block's quotes and terms."""
    by_target = glosses_by_target(doc)
    lines = []
    for target in block.targets:
        for gloss in by_target.get(target, []):
            if lang is None or gloss.lang.lower() == lang.lower():
                about = ", ".join(x for x in (gloss.translator, gloss.status) if x)
                lines.append((target, f"[{gloss.lang}] {' '.join(gloss.text.split())}", about))
    return lines


class _Line:
    """A block being read: its text with white space runs as one space, and its open spans."""

    def __init__(self, node: Node) -> None:
        self.block = Block(label=node.get(tei.XML_ID) or "")
        self.node = node
        self.out: list[str] = []
        self.size = 0
        self.after_space = True   # at the start, as after a space: no leading space
        self.open: dict[Node, int] = {}

    def emit(self, text: str | None) -> None:
        piece = _SPACE.sub(" ", text or "")
        if piece.startswith(" ") and self.after_space:
            piece = piece[1:]
        if piece:
            self.out.append(piece)
            self.size += len(piece)
            self.after_space = piece.endswith(" ")

    def done(self) -> Block:
        block = self.block
        block.text = "".join(self.out).rstrip()
        size = len(block.text)
        block.spans = [(s, min(e, size), k) for s, e, k in block.spans if k and s < size]
        return block


def _read(start: Node) -> list[Block]:
    """The outermost blocks at or under start, each read on one line, in document order."""
    found: list[Block] = []
    line: _Line | None = None
    walk = Walk(start)
    for event, node, text in walk:
        if line is None:
            if event == ENTER:
                if tei.local(node) in tei.REGISTERS and node is not start:
                    walk.skip()
                elif _is_block(node):
                    line = _Line(node)
            continue
        if event == TEXT or event == TAIL:
            line.emit(text)
        elif event == ENTER:
            if _apart(node):  # a line break or a block: the words on either side do not run together
                line.emit(" ")
            kind = tei.kind_of(node)
            if (kind == "quote" or kind == "term") and node.get(tei.XML_ID):
                line.block.targets.append(node.get(tei.XML_ID))
            line.open[node] = len(line.block.spans)
            line.block.spans.append((line.size, line.size, kind or ""))
        elif event == LEAVE:
            if node is line.node:
                found.append(line.done())
                line = None
                continue
            index = line.open.pop(node)
            begin, _, kind = line.block.spans[index]
            line.block.spans[index] = (begin, line.size, kind)
            if _apart(node):
                line.emit(" ")
    return found


def _is_block(node: Node) -> bool:
    if tei.local(node) in tei.PARAGRAPHS:
        return True
    # Text straight inside an element (a <closer> with a greeting) makes it a block too.
    return bool((node.text or "").strip()) or any((kid.tail or "").strip() for kid in node)


def _apart(node: Node) -> bool:
    """Whether node separates words: a block inside the block, or a line or page break within no word."""
    name = tei.local(node)
    if name in tei.BREAKS:
        return node.get("break") != "no" and "hyphen" not in (node.get("type") or "").lower()
    return name in tei.BLOCKS
