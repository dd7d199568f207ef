"""The memo writers, one line per format, and the export of a TEI file's memo through one of them.

A writer is a package of exports/ with `write(memo: Memo, options: MemoOptions) -> bytes`; it
knows the memo model only, never TEI or the command line. A new format is a new package and one
line in WRITERS: its `export FORMAT` command is made from that line.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from apostilla.common.deep import deep
from apostilla.common.errors import ApostillaError, UsageError

from .memo.options import MemoOptions

if TYPE_CHECKING:  # the model is imported when a memo is built, not by every command's start
    from .memo.model import Memo


@dataclass(frozen=True)
class Writer:
    """Where a format's writer lives, what it makes, and the options it reads beyond the shared ones."""

    module: str
    makes: str                          # for the command's help: "a Word document"
    options: frozenset[str] = frozenset()


WRITERS: dict[str, Writer] = {
    "docx": Writer("apostilla.exports.docx", "a Word document", frozenset({"template"})),
    "html": Writer("apostilla.exports.html", "one self-contained HTML page"),
    "pdf": Writer("apostilla.exports.pdf", "a tagged, accessible PDF (PDF/UA-1); it needs apostilla[pdf]"),
}

Write = Callable[["Memo", MemoOptions], bytes]


def writer(fmt: str) -> Write:
    """The `write` function of a format, imported now; UsageError for an unknown format."""
    entry = WRITERS.get(fmt)
    if entry is None:
        raise UsageError(f"unknown memo format {fmt!r}; use one of {', '.join(sorted(WRITERS))}")
    module = entry.module
    try:
        return import_module(module).write
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # the writer is there but something it needs is not: a real problem, not ours to hide
        raise ApostillaError(f"the {fmt.upper()} memo writer ({module}) is not part of this "
                             "installation") from None


def build(doc_path: str | Path, options: MemoOptions) -> Memo:
    """The memo model of a TEI file."""
    from apostilla.annotations.document import TeiDocument

    from .memo.reader import build_memo

    return build_memo(TeiDocument.load(doc_path), options)


def export_memo(doc_path: str | Path, out_path: str | Path, fmt: str,
                options: MemoOptions | None = None) -> Memo:
    """Write the memo of a TEI file in one format; returns the memo (its warnings included)."""
    from apostilla.common.files import atomic_write, refuse_same_file

    refuse_same_file(Path(out_path), Path(doc_path))
    options = options or MemoOptions()
    write = writer(fmt)  # fail before any work when the writer is not installed
    memo, data = deep(_build_and_write, doc_path, options, write)
    atomic_write(Path(out_path), data, overwrite=True)
    return memo


def _build_and_write(doc_path: str | Path, options: MemoOptions, write: Write) -> tuple[Memo, bytes]:
    from apostilla.common.collector import collector_paused

    with collector_paused():
        memo = build(doc_path, options)
        _age_survivors()
        return memo, write(memo, options)


def _age_survivors() -> None:
    """Count every object alive now as old, in constant time.

    Right after the build that is the memo, which the caller keeps after the pause: else the first
    collection after it walks its hundreds of thousands of objects, some 20 ms on a 4.7 MB
    document. Building makes no reference cycles, so nothing that is garbage gets old here; what
    a writer leaves (some do make cycles) stays young and is collected as soon as before."""
    gc.freeze()     # every tracked object to the permanent generation,
    gc.unfreeze()   # and from there to the oldest one
