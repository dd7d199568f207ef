"""Document commands: `new`, and the registry of every command module."""

from pathlib import Path

import typer


def new(
    source: Path = typer.Argument(..., help="Plain UTF-8 text file."),
    output: Path = typer.Option(..., "-o", "--output", help="The TEI file to write."),
    title: str = typer.Option(None, "--title", help="Document title (default: the file name)."),
    lang: str = typer.Option("en", "--lang", help="Language of the text (BCP 47)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    by: str = typer.Option(None, "--by", help="Who is acting (default: $APOSTILLA_USER or the system user)."),
) -> None:
    """Make a TEI document from plain text: one <p xml:id="pN"> per paragraph."""
    from apostilla.annotations.newdoc import new_document

    ids = new_document(source, output, title=title, lang=lang, force=force, by=by)
    typer.echo(f"{output}: {len(ids)} paragraphs")


def register(app: typer.Typer) -> None:
    """Add every command to the app."""
    from . import annotate, export, export_memo, listing, show, validate

    app.command("new")(new)
    annotate.register(app)
    listing.register(app)
    app.command("show")(show.show)
    app.command("validate")(validate.validate)
    export.register(app)
    app.command("demo")(export_memo.demo)
    from .rebase import rebase as rebase_command; app.command("rebase")(rebase_command)  # noqa: E702
