"""Read-only commands: list, status."""

import csv
import io
import json
from pathlib import Path

import typer

from .options import DOC, format_option
from .output import say

KIND_HELP = "entities, mentions, quotes, glosses, dates, measures or terms"


def list_(
    doc: Path = DOC,
    kind: str = typer.Argument(..., help=KIND_HELP),
    fmt: str = format_option("table", "json", "csv", help="table, json or csv (CSV cells that would run "
                             "as a spreadsheet formula start with an apostrophe)."),
) -> None:
    """List the document's annotations of one kind."""
    from apostilla.annotations.document import TeiDocument
    from apostilla.annotations.query import COLUMNS, KINDS, listing
    from apostilla.common.errors import UsageError

    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    rows = listing(TeiDocument.load(doc), kind)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        typer.echo(_csv(rows, COLUMNS[kind]), nl=False)
    else:
        _table(rows, kind, COLUMNS[kind])


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        return "|".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


def _inert(text: str) -> str:
    """A CSV cell a spreadsheet shows rather than runs: formula-like text gets a leading apostrophe."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _inert(_cell(v)) for k, v in row.items()})
    return out.getvalue()


def _table(rows: list[dict], kind: str, columns: tuple[str, ...]) -> None:
    from apostilla.common.text import printable
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(rows)} {kind}", show_lines=False)
    for key in (rows[0] if rows else columns):
        table.add_column(key, overflow="fold")
    for row in rows:
        # Document text is data: never read as rich markup, never sent to the terminal raw.
        table.add_row(*(Text(printable(_cell(v))) for v in row.values()))
    Console(soft_wrap=False).print(table)


def status(
    doc: Path = DOC,
    fmt: str = format_option("text", "json"),
) -> None:
    """Counts, and gloss coverage per language."""
    from apostilla.annotations.document import TeiDocument
    from apostilla.annotations.query import status as compute

    report = compute(TeiDocument.load(doc))
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for key in ("paragraphs", "entities", "mentions", "quotes", "glosses", "dates", "measures", "terms"):
        say(f"{key:<11} {report[key]}")
    cov = report["coverage"]
    say(f"glossed     quotes {cov['quotes']['glossed']}/{cov['quotes']['total']}, "
               f"terms {cov['terms']['glossed']}/{cov['terms']['total']}")
    for lang, entry in report["languages"].items():
        q, t = entry["quotes"], entry["terms"]
        if q["total"] or t["total"]:
            say(f"  into {lang:<5} quotes {q['glossed']}/{q['total']} glossed, {q['approved']} approved; "
                       f"terms {t['glossed']}/{t['total']} glossed, {t['approved']} approved")
