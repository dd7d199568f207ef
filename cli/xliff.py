"""`export xliff` and `import xliff`: the translator round trip through a CAT tool."""

from pathlib import Path
from typing import Optional

import typer

from .options import BY, DOC, DRY_RUN
from .output import data, say


def export_xliff(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The XLIFF file to write."),
    target_lang: str = typer.Option(..., "--target-lang", help="The language to translate into (BCP 47)."),
    xliff_version: str = typer.Option("1.2", "--xliff-version",
                                      help="1.2 (default, what CAT tools read best) or 2.1."),
    prefill: bool = typer.Option(False, "--prefill",
                                 help="Fill each target with a copy of the source (OmegaT needs it)."),
    all_: bool = typer.Option(False, "--all", help="Every quote and term, even those with an approved gloss."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="Only quotes and terms in this language."),
) -> None:
    """Write quotes and terms without an approved gloss in LANG to an XLIFF file for translators."""
    from apostilla.exports.xliff.export import export_xliff as export

    report = export(doc, output, target_lang, version=xliff_version, prefill=prefill, all_=all_,
                    source_lang=source_lang)
    langs = ", ".join(report.source_langs) or "none"
    say(f"{output}: {report.quotes} quote(s) and {report.terms} term(s) from {langs} into {target_lang}")


def import_xliff(
    doc: Path = DOC,
    xliff: Path = typer.Argument(..., metavar="IN.xlf", help="The translated XLIFF file."),
    status: Optional[str] = typer.Option(None, "--status",
                                         help="draft, reviewed or approved (default: from each unit's state)."),
    translator: Optional[str] = typer.Option(None, "--translator",
                                             help="Who translated (default: the file's translator, else --by)."),
    dry_run: bool = DRY_RUN, by: Optional[str] = BY,
) -> None:
    """Make glosses of the translated units; anything that does not fit the document fails the whole import."""
    from apostilla.exports.xliff.merge import import_xliff as run_import

    report = run_import(doc, xliff, status=status, translator=translator, dry_run=dry_run, by=by)
    if report.outcome is not None and report.outcome.diff is not None:
        data(report.outcome.diff)
        return
    say(f"{doc}: {len(report.added)} gloss(es) added, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.untranslated)} untranslated unit(s) skipped")
