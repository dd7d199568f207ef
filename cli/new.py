"""`apostilla new`: a TEI document from plain text."""

from pathlib import Path
from typing import Optional

import typer

from .options import BY
from .output import say


def new(
    source: Path = typer.Argument(..., help="Plain UTF-8 text file."),
    output: Path = typer.Option(..., "-o", "--output", help="The TEI file to write."),
    title: Optional[str] = typer.Option(None, "--title", help="Document title (default: the file name)."),
    lang: str = typer.Option("en", "--lang", help="Language of the text (BCP 47)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    by: Optional[str] = BY,
) -> None:
    """Make a TEI document from plain text: one <p xml:id="pN"> per paragraph."""
    from apostilla.annotations.newdoc import new_document

    ids = new_document(source, output, title=title, lang=lang, force=force, by=by)
    say(f"{output}: {len(ids)} paragraphs")
