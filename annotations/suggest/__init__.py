"""Suggestions of what a document lacks (quotes, names, dates, figures), each with a certainty and a reason."""
from __future__ import annotations

from .batch import batch_lines
from .engine import DEFAULT_MIN_CERT, suggest
from .model import KINDS, Suggestion

__all__ = ["DEFAULT_MIN_CERT", "KINDS", "Suggestion", "batch_lines", "suggest"]
