"""Memo commands: `export FORMAT` for every writer of exports.writers, made from its line there."""

import inspect
from pathlib import Path
import os
import sys
import time
from typing import Annotated, Any, Callable, Optional

import typer
from apostilla.exports.writers import WRITERS

from .options import (
    CLASSIFICATION,
    CONFIG,
    DATE,
    EXECUTOR,
    FROM,
    JOBS,
    LANG,
    LAYOUT,
    MIN_STATUS,
    SCHEDULER,
    SECTIONS,
    SUBJECT,
    TEMPLATE,
    TO,
    ExecutorKind,
    memo_options,
)
from .output import error, say, warn

DOCS = typer.Argument(..., show_default=False,
                      help="The TEI document; or several, or folders searched for *.xml, with -o a folder.")
PROGRESS = typer.Option(True, "--progress/--no-progress", help="A progress bar on stderr when it is a terminal.")

# The options every memo takes (parameter, option, type, the MemoOptions field), then those a
# writer may ask for in its line's `options`. Options not given come from the config file.
_SHARED = [("lang", LANG, Optional[str], "lang"), ("to", TO, Optional[str], "to"),
           ("sender", FROM, Optional[str], "from_"), ("subject", SUBJECT, Optional[str], "subject"),
           ("date", DATE, Optional[str], "date"), ("classification", CLASSIFICATION, Optional[str], "classification"),
           ("sections", SECTIONS, Optional[str], "sections"), ("min_status", MIN_STATUS, Optional[str], "min_status"),
           ("layout", LAYOUT, Optional[str], "layout")]
_EXTRA = {"template": ("template", TEMPLATE, Optional[Path], "template")}


def command(fmt: str) -> Callable[..., None]:
    """The `export FMT` command: documents, -o OUT, the memo options, the writer's own, --config,
    and where the work runs when there are several documents."""
    writer = WRITERS[fmt]
    output = typer.Option(..., "-o", "--output", help=f"The {fmt.upper()} file to write; with several "
                          "documents or a folder, the folder to write them to.")
    fields = [*_SHARED[:6], *(_EXTRA[name] for name in sorted(writer.options)), *_SHARED[6:]]
    specs = [("docs", DOCS, list[Path]), ("output", output, Path), *((p, o, k) for p, o, k, _ in fields),
             ("config", CONFIG, Optional[Path]), ("progress", PROGRESS, bool)]
    params = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=kind)
              for name, default, kind in specs]
    # The options validate shares are spelled for Annotated (their first word is the flag).
    params += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default,
                                 annotation=Annotated[kind, info])
               for name, info, kind, default in (("jobs", JOBS, Optional[int], None),
                                                 ("executor", EXECUTOR, ExecutorKind, ExecutorKind.local),
                                                 ("scheduler", SCHEDULER, Optional[str], None))]

    def export(**values: Any) -> None:
        given = {field: values[param] for param, _, _, field in fields}
        docs, out = values["docs"], values["output"]
        # os.path's tests never raise (a name too long is no folder either).
        if len(docs) == 1 and not os.path.isdir(docs[0]) and not os.path.isdir(out):
            _export_one(fmt, docs[0], out, values["config"], given)
        else:
            _export_many(fmt, docs, out, values, given)

    export.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    export.__annotations__ = {p.name: p.annotation for p in params}
    export.__doc__ = f"Write the briefing memo as {writer.makes}; of several documents, one each."
    export.__name__ = f"export_{fmt}"
    return export


def _export_one(fmt: str, doc: Path, out: Path, config: Optional[Path], given: dict) -> None:
    from apostilla.exports.writers import export_memo

    memo = export_memo(doc, out, fmt, memo_options(doc, config, **given))
    for warning in memo.warnings:
        warn(warning)
    say(str(out))


def _export_many(fmt: str, docs: list[Path], out_dir: Path, values: dict, given: dict) -> None:
    """One memo per document into out_dir; each failure is one line, and the exit code is that
    of the first failure once every other memo is written."""
    from apostilla.common.errors import ApostillaError
    from apostilla.exports.batch import MemoTask, export_many, plan

    from .progress import ProgressBar

    started = time.monotonic()
    left_out: list[str] = []
    tasks = [MemoTask(doc, name, out, memo_options(doc, values["config"], **given))
             for doc, name, out in plan(docs, out_dir, fmt, left_out)]
    for note in left_out:
        warn(note)
    bar = ProgressBar("exporting", start_at=10) if values["progress"] and sys.stderr.isatty() else None
    try:
        results = export_many(tasks, fmt, executor=values["executor"].value, jobs=values["jobs"],
                              scheduler=values["scheduler"], progress=bar)
    finally:
        if bar:
            bar.close()
    failed = [r for r in results if not r.written]
    for result in results:
        if result.written:
            for warning in result.warnings:
                warn(f"{result.name}: {warning}")
            say(result.out)
    for result in failed:
        error(f"apostilla: error: {result.error}")
    summary = (f"{len(results) - len(failed)} of {len(results)} memos written to {out_dir}"
               f" ({time.monotonic() - started:.1f} s)")
    if failed:
        failure = ApostillaError(f"{len(failed)} of {len(results)} documents could not be exported "
                                 f"(listed above); {summary}")
        failure.exit_code = failed[0].exit_code
        raise failure
    typer.echo(summary, err=True)
