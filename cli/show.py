"""`apostilla show`: the annotated text in the terminal, a colour per kind, glosses under their paragraph."""

from pathlib import Path
from typing import Optional

import typer

from .options import DOC
from .output import say

# One style per kind of annotation (annotations.tei.ANNOTATION_KINDS); the legend lists them in this order.
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


def show(
    doc: Path = DOC,
    within: Optional[str] = typer.Option(None, "--in", help="Only this element (a paragraph id, a div...)."),
    glosses: bool = typer.Option(True, "--glosses/--no-glosses", help="Print glosses under their paragraph."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Only the glosses in this language."),
) -> None:
    """Print the annotated text: a colour per kind, glosses under their quotes; plain when piped."""
    from apostilla.annotations.blocks import blocks, gloss_lines
    from apostilla.annotations.document import TeiDocument
    from rich.console import Console

    document = TeiDocument.load(doc)
    shown = blocks(document, within)
    console = Console(highlight=False)
    width = max((len(b.label) for b in shown), default=0)
    if console.is_terminal:
        _print_rich(console, document, shown, width, glosses, lang)
        return
    for block in shown:
        pad = f"{block.label:<{width}}  " if width else ""
        say(f"{pad}{block.text}")
        for target, text, about in gloss_lines(document, block, lang) if glosses else []:
            say(f"{' ' * len(pad)}  ↳ {target} {text}" + (f" ({about})" if about else ""))


def _print_rich(console, document, shown: list, width: int, glosses: bool, lang: str | None) -> None:
    from apostilla.annotations.blocks import gloss_lines
    from apostilla.common.text import printable
    from rich.table import Table
    from rich.text import Text

    legend = Text("  ").join(Text(kind if kind != "name" else "other", style=STYLES[kind])
                             for kind in STYLES if kind != "note")
    console.print(legend)
    for block in shown:
        body = Text(printable(block.text))  # one stand-in per control: the spans still fit
        for start, end, kind in block.spans:
            body.stylize(STYLES[kind], start, end)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, width=width or None)
        grid.add_column()
        grid.add_row(Text(printable(block.label)), body)
        for target, text, about in gloss_lines(document, block, lang) if glosses else []:
            line = Text.assemble(("↳ ", "dim"), (printable(target), STYLES["quote"]), " ", printable(text))
            if about:
                line.append(printable(f" ({about})"), style="dim")
            grid.add_row("", line)
        console.print(grid)
