"""Memo commands: `export docx`, `export html`, `export pdf`, one per writer of exports.writers."""

from pathlib import Path
from typing import Optional

import typer

from .options import (
    CLASSIFICATION,
    CONFIG,
    DATE,
    DOC,
    FROM,
    LANG,
    LAYOUT,
    MIN_STATUS,
    SECTIONS,
    SUBJECT,
    TEMPLATE,
    TO,
    memo_options,
)


def _export(fmt: str, doc: Path, output: Path, config: Optional[Path], **given) -> None:
    from apostilla.exports.writers import export_memo

    memo = export_memo(doc, output, fmt, memo_options(doc, config, **given))
    for warning in memo.warnings:
        typer.echo(f"apostilla: warning: {warning}", err=True)
    typer.echo(str(output))


def export_html(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    lang: Optional[str] = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION, sections: Optional[str] = SECTIONS,
    min_status: Optional[str] = MIN_STATUS, layout: Optional[str] = LAYOUT, config: Optional[Path] = CONFIG,
) -> None:
    """Write the briefing memo as one self-contained HTML page."""
    _export("html", doc, output, config, lang=lang, to=to, from_=sender, subject=subject, date=date,
            classification=classification, sections=sections, min_status=min_status, layout=layout)


def export_docx(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The DOCX file to write."),
    lang: Optional[str] = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION, template: Optional[Path] = TEMPLATE,
    sections: Optional[str] = SECTIONS, min_status: Optional[str] = MIN_STATUS,
    layout: Optional[str] = LAYOUT, config: Optional[Path] = CONFIG,
) -> None:
    """Write the briefing memo as a Word document."""
    _export("docx", doc, output, config, lang=lang, to=to, from_=sender, subject=subject, date=date,
            classification=classification, template=template, sections=sections, min_status=min_status,
            layout=layout)


def export_pdf(
    doc: Path = DOC,
    output: Path = typer.Option(..., "-o", "--output", help="The PDF file to write."),
    lang: Optional[str] = LANG, to: Optional[str] = TO, sender: Optional[str] = FROM,
    subject: Optional[str] = SUBJECT, date: Optional[str] = DATE,
    classification: Optional[str] = CLASSIFICATION, sections: Optional[str] = SECTIONS,
    min_status: Optional[str] = MIN_STATUS, layout: Optional[str] = LAYOUT, config: Optional[Path] = CONFIG,
) -> None:
    """Write the briefing memo as a tagged, accessible PDF (PDF/UA-1); needs apostilla[pdf]."""
    _export("pdf", doc, output, config, lang=lang, to=to, from_=sender, subject=subject, date=date,
            classification=classification, sections=sections, min_status=min_status, layout=layout)
