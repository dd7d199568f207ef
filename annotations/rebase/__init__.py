"""`apostilla rebase`: carry every annotation of a document onto a new version of its source text."""
from __future__ import annotations

from .carry import rebase, rebase_file
from .report import Entry, RebaseReport

__all__ = ["rebase", "rebase_file", "RebaseReport", "Entry"]
