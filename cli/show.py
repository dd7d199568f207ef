"""`apostilla show`: the annotated text in the terminal, a colour per kind, glosses under their paragraph."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import typer

# One style per kind of annotation; the legend lists them in this order.
STYLES = {
    "person": "bold cyan",
    "org": "bold magenta",
    "place": "bold green",
    "event": "bold yellow",
    "name": "bold",
    "quote": "italic bright_blue",
    "date": "underline blue",
    "figure": "red",
    "term": "underline bright_magenta",
    "note": "dim",
}
_NAMES = {"persName": "person", "orgName": "org", "placeName": "place"}
_KINDS = {"q": "quote", "quote": "quote", "said": "quote", "date": "date", "measure": "figure",
          "num": "figure", "term": "term", "note": "note"}
_SPACE = re.compile(r"\s+")
# Registers kept inside <text> (<back><listPerson>) describe entities: they are not text to read.
_REGISTERS = frozenset({"listPerson", "listPersonGrp", "listOrg", "listPlace", "listEvent", "listObject",
                        "listNym", "listRelation"})


@dataclass
class Block:
    """One paragraph-like element as it is shown: its id, its text on one line, the annotated stretches."""

    label: str
    text: str = ""
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # ids of its quotes and terms, for their glosses


def kind_of(node) -> str | None:
    """The kind of annotation an element is, or None for markup that is not shown."""
    from apostilla.annotations import tei

    name = tei.local(node)
    if name in _NAMES:
        return _NAMES[name]
    if name in ("name", "rs"):
        kind = node.get("type")
        return kind if kind in ("person", "org", "place", "event") else "name"
    return _KINDS.get(name)


def blocks(doc, within: str | None = None) -> list[Block]:
    """The blocks of the document's text (or of the element `within`, or of the block holding it)."""
    from apostilla.annotations import tei

    start = doc.text_el
    if within:
        start = doc.get(within)
        if not doc.view.contains(start):
            from apostilla.common.errors import BadInput
            raise BadInput(f"--in {within}: that element is not in the document's text", file=doc.name)
        holder = next((a for a in start.iterancestors() if tei.local(a) in tei.PARAGRAPHS), None)
        start = holder if holder is not None else start
    shown = (_block(node) for node in _block_nodes(start))
    return [block for block in shown if block.text]


def _is_block(node) -> bool:
    from apostilla.annotations import tei

    if tei.local(node) in tei.PARAGRAPHS:
        return True
    # Text straight inside an element (a <closer> with a greeting) makes it a block too.
    return bool((node.text or "").strip()) or any((kid.tail or "").strip() for kid in node)


def _block_nodes(start):
    """Outermost blocks at or under start, in document order (no recursion: TEI can nest deep)."""
    from apostilla.annotations import tei

    stack = [start]
    while stack:
        node = stack.pop()
        if tei.local(node) in _REGISTERS and node is not start:
            continue
        if _is_block(node):
            yield node
            continue
        stack.extend(reversed([kid for kid in node if isinstance(kid.tag, str)]))


def _block(node) -> Block:
    """Walk one block: its text with white space runs as one space, and where each annotation lies."""
    from apostilla.annotations import tei

    block = Block(label=node.get(tei.XML_ID) or "")
    out: list[str] = []
    size = 0
    after_space = True  # at the start, as after a space: no leading space

    def emit(text: str | None) -> None:
        nonlocal size, after_space
        piece = _SPACE.sub(" ", text or "")
        if piece.startswith(" ") and after_space:
            piece = piece[1:]
        if piece:
            out.append(piece)
            size += len(piece)
            after_space = piece.endswith(" ")

    emit(node.text)
    stack = [(kid, None) for kid in reversed(node)]
    while stack:
        kid, opened = stack.pop()
        if opened is not None:  # the element's end: close its span, then its tail
            index, kind = opened
            start = block.spans[index][0]
            block.spans[index] = (start, size, kind)
            if _apart(kid):
                emit(" ")
            emit(kid.tail)
            continue
        if not isinstance(kid.tag, str):  # a comment or processing instruction: only its tail is text
            emit(kid.tail)
            continue
        if _apart(kid):  # a line break or a note: the words on either side do not run together
            emit(" ")
        kind = kind_of(kid)
        if kind in ("quote", "term") and kid.get(tei.XML_ID):
            block.targets.append(kid.get(tei.XML_ID))
        index = len(block.spans)
        block.spans.append((size, size, kind or ""))
        stack.append((kid, (index, kind or "")))
        emit(kid.text)
        stack.extend((child, None) for child in reversed(kid))
    text = "".join(out)
    block.text = text.rstrip()
    block.spans = [(s, min(e, len(block.text)), k) for s, e, k in block.spans if k and s < len(block.text)]
    return block


def _apart(node) -> bool:
    """Whether node separates words: a block inside the block, or a line or page break within no word."""
    from apostilla.annotations import tei

    name = tei.local(node)
    if name in ("lb", "pb", "cb"):
        return node.get("break") != "no" and "hyphen" not in (node.get("type") or "").lower()
    return name in tei.BLOCKS


def gloss_lines(doc, block: Block, lang: str | None) -> list[tuple[str, str, str]]:
    """(target, language and text, who and status) of the glosses of a block's quotes and terms."""
    from apostilla.annotations.glosses import glosses_by_target

    by_target = glosses_by_target(doc)
    lines = []
    for target in block.targets:
        for gloss in by_target.get(target, []):
            if lang is None or gloss.lang.lower() == lang.lower():
                about = ", ".join(x for x in (gloss.translator, gloss.status) if x)
                lines.append((target, f"[{gloss.lang}] {' '.join(gloss.text.split())}", about))
    return lines


def show(
    doc: Path = typer.Argument(..., help="The TEI document."),
    within: Optional[str] = typer.Option(None, "--in", help="Only this element (a paragraph id, a div...)."),
    glosses: bool = typer.Option(True, "--glosses/--no-glosses", help="Print glosses under their paragraph."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Only the glosses in this language."),
) -> None:
    """Print the annotated text: a colour per kind, glosses under their quotes; plain when piped."""
    from rich.console import Console

    from apostilla.annotations.document import TeiDocument

    document = TeiDocument.load(doc)
    shown = blocks(document, within)
    console = Console(highlight=False)
    width = max((len(b.label) for b in shown), default=0)
    try:
        if console.is_terminal:
            _print_rich(console, document, shown, width, glosses, lang)
            return
        for block in shown:
            pad = f"{block.label:<{width}}  " if width else ""
            typer.echo(f"{pad}{block.text}")
            for target, text, about in gloss_lines(document, block, lang) if glosses else []:
                typer.echo(f"{' ' * len(pad)}  ↳ {target} {text}" + (f" ({about})" if about else ""))
    except BrokenPipeError:
        _quiet_stdout()  # `apostilla show DOC | head`: the reader has seen enough


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    import os
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _print_rich(console, document, shown: list[Block], width: int, glosses: bool, lang: str | None) -> None:
    from rich.table import Table
    from rich.text import Text

    legend = Text("  ").join(Text(kind if kind != "name" else "other", style=STYLES[kind])
                             for kind in STYLES if kind != "note")
    console.print(legend)
    for block in shown:
        body = Text(block.text)
        for start, end, kind in block.spans:
            body.stylize(STYLES[kind], start, end)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, width=width or None)
        grid.add_column()
        grid.add_row(block.label, body)
        for target, text, about in gloss_lines(document, block, lang) if glosses else []:
            line = Text.assemble(("↳ ", "dim"), (target, STYLES["quote"]), " ", text)
            if about:
                line.append(f" ({about})", style="dim")
            grid.add_row("", line)
        console.print(grid)
