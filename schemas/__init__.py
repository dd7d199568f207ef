"""Validation of TEI documents: apostilla's profile and integrity rules, or any user schema.

    from apostilla.schemas import validate_paths, validate_document
    report = validate_paths(["letters/"], schemas=["tei_all.rng"])
    report.valid, report.summary(), report.to_json()
"""
from __future__ import annotations

from .batch import find_files, validate_paths
from .report import DocumentReport, Issue, Report, SkippedRule
from .validate import Validator, validate_document

__all__ = ["validate_paths", "validate_document", "find_files", "Validator", "Report",
           "DocumentReport", "Issue", "SkippedRule"]
