"""Typed errors: each carries the exit code of the command contract and where it happened."""
from __future__ import annotations

from pathlib import Path


class ApostillaError(Exception):
    """Base of every error apostilla reports to a user; never raised for a bug."""

    exit_code = 3

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, column: int | None = None,
                 details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        # Extra lines shown under the one-line message (e.g. every occurrence of an ambiguous match).
        self.details = details or []

    def location(self) -> str:
        """`file[:line[:col]]`, or an empty string when the error has no file."""
        if self.file is None:
            return ""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class UsageError(ApostillaError):
    """Options that contradict each other or are missing (exit 2)."""

    exit_code = 2


class BadInput(ApostillaError):
    """The input cannot be used: missing, unreadable, not XML, not TEI, hostile (exit 3)."""

    exit_code = 3


class HostileXml(BadInput):
    """The XML asks for something we refuse to do: external entities, DTDs, expansion bombs."""


class NotFound(BadInput):
    """An id, entity or file that the command refers to does not exist."""


class Conflict(BadInput):
    """The request contradicts the document: duplicate id, overlap, a second gloss."""


class NoMatch(BadInput):
    """`--match` found nothing."""


class AmbiguousMatch(BadInput):
    """`--match` found several occurrences and neither `--nth` nor `--all` says which."""


class Overlap(Conflict):
    """A new span would partially overlap an existing element."""


class WriteError(ApostillaError):
    """The output cannot be written: permission, disk, a directory in the way (exit 4)."""

    exit_code = 4


class Locked(WriteError):
    """Another apostilla process is writing the same file (exit 4)."""


class ExecutorError(ApostillaError):
    """The work cannot be carried out where it was sent: a Dask scheduler that cannot be
    reached or went away, worker processes that keep dying (exit 4, like a failed write)."""

    exit_code = 4


class ValidationFailed(ApostillaError):
    """`validate` found errors in at least one document (exit 1)."""

    exit_code = 1
