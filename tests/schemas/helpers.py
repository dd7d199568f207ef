"""Shared helpers for the validation tests: the annotated fixture and small edits of it."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANNOTATED = FIXTURES / "annotated.xml"


def annotated_text() -> str:
    """The document apostilla writes for the seed article (the shape `new` + annotations give)."""
    return ANNOTATED.read_text(encoding="utf-8")


def edited(tmp_path: Path, old: str, new: str, name: str = "doc.xml") -> tuple[Path, int]:
    """A copy of the annotated fixture with `old` replaced once by `new`; also the edit's line."""
    text = annotated_text()
    assert old in text, f"the fixture no longer contains {old!r}"
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def found(report, severity: str = "errors") -> set[tuple[str, int]]:
    """(rule, line) of every error (or warning) of a DocumentReport."""
    return {(i.rule, i.line) for i in getattr(report, severity)}
