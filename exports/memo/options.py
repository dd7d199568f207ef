"""What a user can choose about a memo: its language and the lines of its heading block."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class MemoOptions:
    """Memo options; None means "the default taken from the TEI header" (see exports/reader.py)."""

    lang: str = "en"                      # the memo's language: "en" or "es"
    to: str | None = None                 # None: "File" / "Archivo"
    from_: str | None = None              # None: the person of the last change, else the respStmt
    subject: str | None = None            # None: the document's title
    date: str | None = None               # ISO 8601 day; None: the document's last change
    classification: str | None = None     # None: no classification line
    template: Path | None = None          # DOCX only: styles, page set-up, header and footer
    sections: tuple[str, ...] | None = None   # None: every section (model.SECTIONS)
    min_status: str | None = None         # None: every gloss; "reviewed": reviewed and approved ones
    layout: str = "memo"                  # "memo", or "parallel" (the text as original | translation)
