"""`history`, `undo` and `redo`: the changes recorded in a document, taking the last ones back, and
taking back an undo."""

import json
import unicodedata
from pathlib import Path
from typing import Optional

import typer

from .annotate import show
from .options import BY, DOC, DRY_RUN, format_option


def history(doc: Path = DOC, fmt: str = format_option("text", "json")) -> None:
    """List the recorded changes, oldest first: when, who, what, and the --steps of undo that takes each
    back ("-": undo cannot reach it; "redo": the undo that redo takes back)."""
    from apostilla.annotations.history import history as recorded

    changes = recorded(doc)
    if fmt == "json":
        rows = [{"id": c.id, "when": c.when, "who": c.who, "what": c.what, "kind": c.kind,
                 "undoable": c.undoable, "steps": c.steps, "reason": c.reason} for c in changes]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not changes:
        typer.echo(f"{_plain(str(doc))}: no recorded change")
        return
    rows = [("undo", "id", "when", "who", "what")]
    redo = _redo_target(changes)
    rows += [(str(c.steps) if c.undoable else "redo" if c is redo else "-", c.id or "", c.when, c.who, c.what)
             for c in changes]
    rows = [tuple(_plain(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join([row[0].rjust(widths[0])] + [cell.ljust(w) for cell, w in zip(row[1:4], widths[1:])]
                             + [row[4]]).rstrip())
    blocked = next((c for c in reversed(changes) if c.reason), None)
    if blocked is not None:
        typer.echo(f"{_plain(blocked.id or 'a change')} and the changes before it cannot be undone: "
                   f"{_plain(blocked.reason or '')}")


def _redo_target(changes):
    """The undo that `redo` would take back: the newest, with only redos after it."""
    for change in reversed(changes):
        if change.kind != "redo" or change.reason:
            return change if change.kind == "undo" and not change.reason else None
    return None


def undo(
    doc: Path = DOC,
    steps: int = typer.Option(1, "--steps", help="How many of the last recorded changes to take back (from 1)."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Take back the last recorded changes: the file is then byte for byte as before them, plus a <change>
    recording the undo. Run again, it goes further back; `redo` takes an undo back."""
    from apostilla.annotations.history import undo as take_back

    show(take_back(doc, steps=steps, dry_run=dry_run, by=by))


def redo(doc: Path = DOC, dry_run: bool = DRY_RUN, by: Optional[str] = BY) -> None:
    """Take back the last undo (if no other change came after it): the file is then byte for byte as
    before that undo, plus a <change> recording the redo."""
    from apostilla.annotations.history import redo as take_back

    show(take_back(doc, dry_run=dry_run, by=by))


def _plain(text: str) -> str:
    """Text from a document, safe for a terminal: control and direction characters as escapes."""
    return "".join(c if unicodedata.category(c) not in ("Cc", "Cf") else f"\\u{ord(c):04x}" for c in text)
