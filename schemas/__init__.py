"""Validation of TEI documents: apostilla's profile and integrity rules, or any user schema."""
from __future__ import annotations

# report = validate_paths(["letters/"], schemas=["tei_all.rng"]) gives report.valid,
# report.summary(), report.to_json(); validate_document("article.xml") one DocumentReport.
import sys

if "lxml.etree" not in sys.modules and "rnc2rng" not in sys.modules:
    # lxml imports rnc2rng, when installed, as it starts, for a feature apostilla does not
    # use (.rnc schemas go through compact.py); that import costs more than checking one
    # file, so lxml is started without it. rnc2rng stays importable afterwards.
    sys.modules["rnc2rng"] = None  # type: ignore[assignment]
    try:
        import lxml.etree  # noqa: F401
    finally:
        del sys.modules["rnc2rng"]

from .report import DocumentReport, Issue, Report, SkippedRule
from .runner import find_files, validate_paths
from .sources import Settings
from .validate import Validator, validate_document

__all__ = ["validate_paths", "validate_document", "find_files", "Validator", "Settings",
           "Report", "DocumentReport", "Issue", "SkippedRule"]
