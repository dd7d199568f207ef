"""`apostilla suggest`: what a document lacks, as a table, JSON, or a batch for `apply`."""

import json
from pathlib import Path
from typing import Optional

import typer

from .options import DOC, format_option
from .output import warn


def suggest(
    doc: Path = DOC,
    kind: list[str] = typer.Option([], "--kind", help="quotes, entities, dates or measures (repeatable; "
                                                      "default: all)."),
    fmt: str = format_option("table", "json", "batch", help="table, json, or batch (JSON Lines for `apostilla apply`)."),
    min_cert: float = typer.Option(0.5, "--min-cert", help="Leave out suggestions less certain than this (0 to 1)."),
    spacy: Optional[bool] = typer.Option(None, "--spacy/--no-spacy",
                                         help="Also read names with an installed spaCy model (default: when "
                                              "one is installed)."),
) -> None:
    """Propose the quotes, names, dates and figures not annotated yet; writes nothing."""
    from apostilla.annotations.document import TeiDocument
    from apostilla.annotations.suggest import KINDS, batch_lines
    from apostilla.annotations.suggest import suggest as propose

    document = TeiDocument.load(doc)
    notes: list[str] = []
    found = propose(document, kind or KINDS, min_cert, use_ner=spacy, notes=notes)
    for note in notes:
        warn(note)
    if fmt == "json":
        typer.echo(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=2))
    elif fmt == "batch":
        for line in batch_lines(document, found, source=doc.name):
            typer.echo(line)  # JSON Lines for `apply`: exact
    else:
        _table(found)


def _table(found) -> None:
    from apostilla.common.text import printable
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(found)} suggestions", show_lines=False)
    for column in ("id", "kind", "where", "cert", "text", "proposal", "reason"):
        table.add_column(column, overflow="fold")
    for s in found:
        row = s.as_json()
        proposal = ", ".join(f"{k}={row[k]}" for k in row
                             if k not in ("id", "kind", "text", "paragraph", "start", "end", "cert", "reason")
                             and row[k] is not None)
        # Text from the document is printed as it is: never read as rich markup.
        cells = (s.id, s.kind, f"{s.paragraph or '?'}:{row['start']}", f"{s.cert:.2f}", " ".join(s.text.split()),
                 proposal, s.reason)
        table.add_row(*(Text(printable(cell)) for cell in cells))
    Console(soft_wrap=False).print(table)
