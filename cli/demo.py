"""`apostilla demo`: the built-in sample annotated, validated and exported as memos (DOCX, HTML, PDF).

The one workflow that spans every package (annotations, schemas, exports), so it lives here, at
the top of the arrows; `run_demo` is its library function and `demo` the command.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from apostilla.common.errors import ValidationFailed, WriteError

from .output import say

INSTALL_HINT = "pip install 'apostilla[pdf]'"

SAMPLE = Path(__file__).resolve().parent / "sample"
TEXT, BATCH, DOC, REPORT = "brief.txt", "batch.jsonl", "brief.xml", "validation.txt"
TITLE = "Port strike in Valparaíso"
# (file, format, language, addressee, sender, classification): the heading of each memo.
MEMOS = [
    ("memo-en.docx", "docx", "en", "Director, Americas", "Southern Cone desk", "UNCLASSIFIED"),
    ("memo-es.docx", "docx", "es", "Dirección de las Américas", "Mesa Cono Sur", "SIN CLASIFICAR"),
    ("memo-en.html", "html", "en", "Director, Americas", "Southern Cone desk", "UNCLASSIFIED"),
    ("memo-es.html", "html", "es", "Dirección de las Américas", "Mesa Cono Sur", "SIN CLASIFICAR"),
    ("memo-es.pdf", "pdf", "es", "Dirección de las Américas", "Mesa Cono Sur", "SIN CLASIFICAR"),
]

Made = Callable[[Path, str], None]


def run_demo(folder: str | Path, made: Made | None = None) -> list[tuple[Path, str]]:
    """Write the sample, annotate it with `apply`, validate it and export its memos into folder.

    `made(path, what)` is called as each file is written, so a caller can show progress even when a
    later step fails. Returns every (path, what) made. Raises ValidationFailed if the annotated
    sample is not valid (the report is written first) and any export's own errors.
    """
    from apostilla.annotations.apply import apply
    from apostilla.annotations.newdoc import new_document
    from apostilla.common.files import atomic_write
    from apostilla.exports.memo.options import MemoOptions
    from apostilla.exports.writers import export_memo

    folder = Path(folder)
    files: list[tuple[Path, str]] = []

    def record(path: Path, what: str) -> None:
        files.append((path, what))
        if made is not None:
            made(path, what)

    _make_folder(folder)
    for name, what in ((TEXT, "the sample news brief, plain text"),
                       (BATCH, "its annotation batch for `apostilla apply`")):
        atomic_write(folder / name, (SAMPLE / name).read_bytes())
        record(folder / name, what)

    doc = folder / DOC
    paragraphs = new_document(folder / TEXT, doc, title=TITLE, lang="en", force=True)
    outcome = apply(doc, folder / BATCH)
    record(doc, f"TEI document, {len(paragraphs)} paragraphs; {outcome.messages[-1]}")

    report = validate(doc)
    atomic_write(folder / REPORT, (report.text() + "\n" + report.summary_line() + "\n").lstrip("\n").encode())
    record(folder / REPORT, f"validation report: {report.summary_line()}")
    if not report.valid:
        raise ValidationFailed("the annotated sample is not valid; see the report", file=folder / REPORT)

    for name, fmt, lang, to, sender, classification in MEMOS:
        if fmt == "pdf" and not pdf_available():
            # The PDF writer is an optional part: a plain install makes the other memos and says so.
            record(folder / name, f"not made: PDF memos need the pdf extra ({INSTALL_HINT})")
            continue
        options = MemoOptions(lang=lang, to=to, from_=sender, classification=classification)
        memo = export_memo(doc, folder / name, fmt, options)
        warnings = f"; {len(memo.warnings)} warnings" if memo.warnings else ""
        record(folder / name, f"{fmt.upper()} memo in {memo.metadata['language']}{warnings}")
    return files


def pdf_available() -> bool:
    """Whether this installation can write PDF memos (the pdf extra: fontTools)."""
    from importlib.util import find_spec

    return find_spec("fontTools") is not None


def validate(doc: Path, schemas: tuple[Path, ...] = ()):
    """The validation report of the annotated sample: apostilla's profile and integrity rules."""
    from apostilla.schemas import validate_paths

    return validate_paths([doc], schemas=list(schemas), jobs=1)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError("is a file, not a folder", file=folder) from None
    except OSError as exc:
        raise WriteError(f"cannot make the folder: {exc.strerror or exc}", file=folder) from None


def demo(
    output: Path = typer.Option(Path("apostilla-demo"), "-o", "--output",
                                help="Folder for the demo's files (made if missing)."),
) -> None:
    """The reference run on the built-in sample: annotate, validate, export the memos."""
    run_demo(output, made=lambda path, what: say(f"{path}: {what}"))
