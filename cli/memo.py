"""Memo commands: `export docx`, `export html`, one per writer of exports.writers."""

from pathlib import Path
from typing import Optional

import typer

from .options import (
    CLASSIFICATION,
    DATE,
    DOC,
    FROM,
    LANG,
    SUBJECT,
    TEMPLATE,
    TO,
    memo_options,
)
from .output import say, warn


def _export(fmt: str, doc: Path, output: Path, options) -> None:
    from apostilla.exports.writers import export_memo

    memo = export_memo(doc, output, fmt, options)
    for warning in memo.warnings:
        warn(warning)
    say(str(output))


def export_html(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    lang: str = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION,
) -> None:
    """Write the briefing memo as one self-contained HTML page."""
    _export("html", doc, output, memo_options(lang, to, sender, subject, date, classification))


def export_docx(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The DOCX file to write."),
    lang: str = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION, template: Optional[Path] = TEMPLATE,
) -> None:
    """Write the briefing memo as a Word document."""
    _export("docx", doc, output, memo_options(lang, to, sender, subject, date, classification, template))
