"""Export a memo: build the model once from the TEI, then hand it to the writer of the format."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from apostilla.common.errors import ApostillaError, BadInput, UsageError

from .model import Memo
from .options import MemoOptions


@dataclass(frozen=True)
class Writer:
    """Where a format's writer lives: `function(memo) -> bytes`, or `function(memo, template)`."""

    module: str
    function: str
    takes_template: bool = False


# One line per format. A writer knows the memo model only, never TEI.
WRITERS: dict[str, Writer] = {
    "html": Writer("apostilla.exports.html_writer", "write_html"),
    "docx": Writer("apostilla.exports.docx_writer", "write_docx", takes_template=True),
}


def build(doc_path: str | Path, options: MemoOptions) -> Memo:
    """The memo model of a TEI file."""
    from apostilla.annotations.document import TeiDocument

    from .reader import build_memo

    return build_memo(TeiDocument.load(doc_path), options)


def render(memo: Memo, fmt: str, options: MemoOptions) -> bytes:
    """The bytes of a memo in one format."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise UsageError(f"unknown memo format {fmt!r}; use one of {', '.join(sorted(WRITERS))}")
    if options.template is not None and not writer.takes_template:
        raise UsageError(f"--template is for DOCX memos, not {fmt}")
    function = _load(writer, fmt)
    if writer.takes_template:
        if options.template is not None and not Path(options.template).is_file():
            raise BadInput("no such template file", file=options.template)
        return function(memo, Path(options.template) if options.template else None)
    return function(memo)


def export_memo(doc_path: str | Path, out_path: str | Path, fmt: str,
                options: MemoOptions | None = None) -> Memo:
    """Write the memo of a TEI file in one format; returns the memo (its warnings included)."""
    from apostilla.common.files import atomic_write

    options = options or MemoOptions()
    if fmt not in WRITERS:
        raise UsageError(f"unknown memo format {fmt!r}; use one of {', '.join(sorted(WRITERS))}")
    _load(WRITERS[fmt], fmt)  # fail before any work when the writer is not installed
    memo = build(doc_path, options)
    atomic_write(Path(out_path), render(memo, fmt, options), overwrite=True)
    return memo


def _load(writer: Writer, fmt: str):
    try:
        module = import_module(writer.module)
    except ModuleNotFoundError as exc:
        if exc.name != writer.module:
            raise  # the writer is there but something it needs is not: a real problem, not ours to hide
        raise ApostillaError(f"the {fmt.upper()} memo writer ({writer.module}) is not part of this "
                       "installation yet") from None
    return getattr(module, writer.function)
