"""Options that many commands share, spelled once: the document, --dry-run, --by, --format, memo options."""

from pathlib import Path
from typing import Optional

import typer

DOC = typer.Argument(..., help="The TEI document.", show_default=False)
DRY_RUN = typer.Option(False, "--dry-run", help="Show the change as a unified diff; write nothing.")
BY = typer.Option(None, "--by", help="Who is acting (default: $APOSTILLA_USER, else the system user).")


def format_option(*choices: str, help: str = "") -> typer.models.OptionInfo:
    """`--format`, one of choices (the first is the default), refused in one line otherwise."""
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}"

    def check(value: str) -> str:
        if value not in choices:
            from apostilla.common.errors import UsageError

            raise UsageError(f"--format {value!r}: use {listed}")
        return value

    return typer.Option(choices[0], "--format", callback=check, help=help or f"{listed}.")


# Memo options: the heading block, the language, the date; every memo format takes them.
LANG = typer.Option("en", "--lang", help="The memo's language: en or es.")
TO = typer.Option(None, "--to", help='Addressee (default: "File" / "Archivo").')
FROM = typer.Option(None, "--from", help="Sender (default: who made the document's last change).")
SUBJECT = typer.Option(None, "--subject", help="Subject line (default: the document's title).")
DATE = typer.Option(None, "--date", help="The memo's date, YYYY-MM-DD (default: the document's last change).")
CLASSIFICATION = typer.Option(None, "--classification", help="Classification line, e.g. UNCLASSIFIED.")
TEMPLATE = typer.Option(None, "--template", help="A .docx whose styles, page set-up, header and footer to use.")


def memo_options(lang: str, to: Optional[str], sender: Optional[str], subject: Optional[str],
                 date: Optional[str], classification: Optional[str], template: Optional[Path] = None):
    """The one options record every memo writer takes."""
    from apostilla.exports.memo.options import MemoOptions

    return MemoOptions(lang=lang, to=to, from_=sender, subject=subject, date=date,
                       classification=classification, template=template)
