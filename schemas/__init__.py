"""Validation of TEI documents: apostilla's profile and integrity rules, or any user schema."""
from __future__ import annotations

# report = validate_paths(["letters/"], schemas=["tei_all.rng"]) gives report.valid,
# report.summary(), report.to_json(); validate_document("article.xml") one DocumentReport.
from ..common import safexml  # noqa: F401  (starts lxml without rnc2rng: see there)
from .report import DocumentReport, Issue, Report, SkippedRule
from .runner import find_files, validate_paths
from .sources import Settings
from .validate import Validator, validate_document

__all__ = ["validate_paths", "validate_document", "find_files", "Validator", "Settings",
           "Report", "DocumentReport", "Issue", "SkippedRule"]
