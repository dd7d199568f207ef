"""`export xliff` and `import xliff`: the translator round trip through a CAT tool."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer



def export_xliff(
    doc: Path = typer.Argument(..., help="The TEI document."),
    output: Path = typer.Option(..., "-o", "--output", help="The XLIFF file to write."),
    target_lang: str = typer.Option(..., "--target-lang", help="The language to translate into (BCP 47)."),
    xliff_version: str = typer.Option("1.2", "--xliff-version", help="1.2 (default, what CAT tools read best) or 2.1."),
    prefill: bool = typer.Option(False, "--prefill", help="Fill each target with a copy of the source (OmegaT needs it)."),
    all_: bool = typer.Option(False, "--all", help="Every quote and term, even those with an approved gloss."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="Only quotes and terms in this language."),
) -> None:
    """Write quotes and terms without an approved gloss in LANG to an XLIFF file for translators."""
    from apostilla.exports.xliff_export import export_xliff as export

    report = export(doc, output, target_lang, version=xliff_version, prefill=prefill, all_=all_,
                    source_lang=source_lang)
    langs = ", ".join(report.source_langs) or "none"
    typer.echo(f"{output}: {report.quotes} quote(s) and {report.terms} term(s) from {langs} into {target_lang}")


def register(export_app: typer.Typer, import_app: typer.Typer) -> None:
    """Add `xliff` to the `export` group (once, however often the app is built)."""
    if any(command.name == "xliff" for command in export_app.registered_commands):
        return
    export_app.command("xliff")(export_xliff)
