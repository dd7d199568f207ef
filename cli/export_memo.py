"""Memo commands: `export docx`, `export html` (on the export group) and `demo`."""

from pathlib import Path
from typing import Optional

import typer

from .export import export_app

LANG = typer.Option("en", "--lang", help="The memo's language: en or es.")
TO = typer.Option(None, "--to", help='Addressee (default: "File" / "Archivo").')
FROM = typer.Option(None, "--from", help="Sender (default: who made the document's last change).")
SUBJECT = typer.Option(None, "--subject", help="Subject line (default: the document's title).")
DATE = typer.Option(None, "--date", help="The memo's date, YYYY-MM-DD (default: the document's last change).")
CLASSIFICATION = typer.Option(None, "--classification", help="Classification line, e.g. UNCLASSIFIED.")


def _export(fmt: str, doc: Path, output: Path, lang: str, to: Optional[str], sender: Optional[str],
            subject: Optional[str], date: Optional[str], classification: Optional[str],
            template: Optional[Path] = None) -> None:
    from apostilla.exports.memo import export_memo
    from apostilla.exports.options import MemoOptions

    options = MemoOptions(lang=lang, to=to, from_=sender, subject=subject, date=date,
                          classification=classification, template=template)
    memo = export_memo(doc, output, fmt, options)
    for warning in memo.warnings:
        typer.echo(f"apostilla: warning: {warning}", err=True)
    typer.echo(str(output))


@export_app.command("html")
def export_html(
    doc: Path = typer.Argument(..., help="The TEI document."),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    lang: str = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION,
) -> None:
    """Write the briefing memo as one self-contained HTML page."""
    _export("html", doc, output, lang, to, sender, subject, date, classification)


@export_app.command("docx")
def export_docx(
    doc: Path = typer.Argument(..., help="The TEI document."),
    output: Path = typer.Option(..., "-o", "--output", help="The DOCX file to write."),
    lang: str = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION,
    template: Optional[Path] = typer.Option(None, "--template",
                                            help="A .docx whose styles, page set-up, header and footer to use."),
) -> None:
    """Write the briefing memo as a Word document."""
    _export("docx", doc, output, lang, to, sender, subject, date, classification, template)


def demo(
    output: Path = typer.Option(Path("apostilla-demo"), "-o", "--output",
                                help="Folder for the demo's files (made if missing)."),
) -> None:
    """The reference run on the built-in sample: annotate, validate, export four memos."""
    from apostilla.exports.demo import run_demo

    run_demo(output, made=lambda path, what: typer.echo(f"{path}: {what}"))
