"""Changing commands: entity add/tag, mark, quote add, gloss add, remove, apply."""

from pathlib import Path
from typing import Optional

import typer

DRY_RUN = typer.Option(False, "--dry-run", help="Show the change as a unified diff; write nothing.")
BY = typer.Option(None, "--by", help="Who is acting (default: $APOSTILLA_USER, else the system user).")
NTH = typer.Option(None, "--nth", help="Which occurrence of --match (from 1).")
ALL = typer.Option(False, "--all", help="Every occurrence of --match.")
IN = typer.Option(None, "--in", help="Search only inside the element with this xml:id.")

entity_app = typer.Typer(help="Register entities and tag their mentions.", no_args_is_help=True)
quote_app = typer.Typer(help="Mark quotations.", no_args_is_help=True)
gloss_app = typer.Typer(help="Add translations of quotes and terms.", no_args_is_help=True)


def _run(doc: Path, op: str, params: dict, dry_run: bool, by: Optional[str]) -> None:
    from apostilla.annotations.operations import run

    _show(run(doc, op, params, dry_run=dry_run, by=by))


def _show(outcome) -> None:
    for warning in outcome.warnings:
        typer.echo(f"apostilla: warning: {warning}", err=True)
    if outcome.diff is not None:
        typer.echo(outcome.diff, nl=False)
        return
    for line in outcome.messages:
        typer.echo(line)
    for ident in outcome.ids:
        typer.echo(ident)


@entity_app.command("add")
def entity_add(
    doc: Path = typer.Argument(..., help="The TEI document."),
    ident: str = typer.Argument(..., metavar="ID", help="The entity's xml:id."),
    etype: str = typer.Option(..., "--type", help="person, org, place, event or other."),
    name: str = typer.Option(..., "--name", help="The name as it appears in the text."),
    alias: list[str] = typer.Option([], "--alias", help="Another name that mentions it (repeatable)."),
    role: Optional[str] = typer.Option(None, "--role", help="Role or description."),
    same_as: list[str] = typer.Option([], "--same-as", help="Authority id or URI (repeatable)."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Register an entity in the document's register; changes no text."""
    _run(doc, "entity.add", {"id": ident, "type": etype, "name": name, "aliases": alias, "role": role,
                             "same_as": same_as}, dry_run, by)


@entity_app.command("tag")
def entity_tag(
    doc: Path = typer.Argument(..., help="The TEI document."),
    idents: list[str] = typer.Argument(None, metavar="ID...", help="Entity ids."),
    match: Optional[str] = typer.Option(None, "--match", help="Tag this text only (see --nth, --all)."),
    nth: Optional[int] = NTH, all_: bool = ALL, within: Optional[str] = IN,
    every: bool = typer.Option(False, "--every", help="Tag every registered entity, in one pass."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Mark mentions: without --match, every whole-word mention of the names and aliases."""
    from apostilla.common.errors import UsageError

    if not idents and not every:
        raise UsageError("give an entity ID (or --every)")
    if every and (idents or match):
        raise UsageError("--every tags every registered entity: give no ID and no --match")
    _run(doc, "entity.tag", {"ids": idents, "every": every, "match": match, "nth": nth, "all": all_,
                             "in": within}, dry_run, by)


def mark(
    doc: Path = typer.Argument(..., help="The TEI document."),
    match: str = typer.Option(..., "--match", help="The text to mark."),
    date: Optional[str] = typer.Option(None, "--date", help="An ISO 8601 date: <date when>."),
    measure: Optional[str] = typer.Option(None, "--measure", help="A number: <measure quantity> or <num value>."),
    unit: Optional[str] = typer.Option(None, "--unit", help="The unit of --measure."),
    term: Optional[str] = typer.Option(None, "--term", help="A term in this language: <term xml:lang>."),
    ident: Optional[str] = typer.Option(None, "--id", help="The new element's xml:id."),
    nth: Optional[int] = NTH, all_: bool = ALL, within: Optional[str] = IN,
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Mark dates, quantities and foreign terms; prints the new ids."""
    _run(doc, "mark", {"match": match, "date": date, "measure": measure, "unit": unit, "term": term,
                       "id": ident, "nth": nth, "all": all_, "in": within}, dry_run, by)


@quote_app.command("add")
def quote_add(
    doc: Path = typer.Argument(..., help="The TEI document."),
    match: str = typer.Option(..., "--match", help="The quoted text (quotation marks stay outside)."),
    lang: str = typer.Option(..., "--lang", help="The quote's language (BCP 47)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Who said it: a person or org id."),
    ident: Optional[str] = typer.Option(None, "--id", help="The quote's xml:id (default q1, q2, ...)."),
    nth: Optional[int] = NTH, within: Optional[str] = IN,
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Mark a quotation with its language and speaker; prints the quote's id."""
    _run(doc, "quote.add", {"match": match, "lang": lang, "speaker": speaker, "id": ident, "nth": nth,
                            "in": within}, dry_run, by)


@gloss_app.command("add")
def gloss_add(
    doc: Path = typer.Argument(..., help="The TEI document."),
    target: str = typer.Argument(..., help="The xml:id of the quote or term."),
    lang: str = typer.Option(..., "--lang", help="The gloss's language (BCP 47)."),
    text: str = typer.Option(..., "--text", help="The translation."),
    translator: Optional[str] = typer.Option(None, "--translator", help="Who translated it."),
    status: str = typer.Option("draft", "--status", help="draft, reviewed or approved."),
    replace: bool = typer.Option(False, "--replace", help="Replace the gloss in this language."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Add a gloss (a translation) of a quote or term, in standOff."""
    _run(doc, "gloss.add", {"target": target, "lang": lang, "text": text, "translator": translator,
                            "status": status, "replace": replace}, dry_run, by)


def remove(
    doc: Path = typer.Argument(..., help="The TEI document."),
    ident: str = typer.Argument(..., metavar="ID", help="The annotation's xml:id."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Remove one annotation (its markup and what hangs on it); the text stays."""
    _run(doc, "remove", {"id": ident}, dry_run, by)


def apply(
    doc: Path = typer.Argument(..., help="The TEI document."),
    batch: Path = typer.Argument(..., metavar="FILE", help="Operations as JSON, JSON Lines or CSV."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Run a batch of operations, all or nothing (format: docs/batch.md)."""
    from apostilla.annotations.batch import apply_batch

    outcome = apply_batch(doc, batch, dry_run=dry_run, by=by)
    outcome.ids = []
    _show(outcome)


def register(app: typer.Typer) -> None:
    app.add_typer(entity_app, name="entity")
    app.add_typer(quote_app, name="quote")
    app.add_typer(gloss_app, name="gloss")
    app.command("mark")(mark)
    app.command("remove")(remove)
    app.command("apply")(apply)
