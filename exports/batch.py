"""Memos of many documents: one task per document, on the executors `validate` uses.

The parent plans every output name before any work starts (two documents that would write the
same memo are refused, never one over the other), then sends (document, output, options) out as
plain data; a worker builds and writes one memo and says in its result what happened. One
document that cannot be exported costs that document only: the others are written, and the
failure is reported with its reason. Workers on other machines read and write the same paths,
so a Dask cluster needs a file system that every worker shares (docs/scale.md).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from apostilla.common.errors import ApostillaError, UsageError, WriteError
from apostilla.common.executors import LOCAL, Lost, open_executor
from apostilla.common.files import find_files, shown_name

from .memo.options import MemoOptions
from .writers import WRITERS, export_memo, writer


@dataclass(frozen=True)
class MemoTask:
    """One memo to write: from `doc` (shown as `name`) to `out`, with its options."""

    doc: Path
    name: str
    out: Path
    options: MemoOptions


@dataclass(frozen=True)
class MemoResult:
    """What became of one task: written (with the memo's warnings), or failed with a reason."""

    name: str
    out: str
    warnings: tuple[str, ...] = ()
    error: str | None = None
    exit_code: int = 0

    @property
    def written(self) -> bool:
        return self.error is None


def plan(paths: Sequence[str | Path], out_dir: Path, fmt: str,
         skipped: list[str] | None = None) -> list[tuple[Path, str, Path]]:
    """(document, name shown, output) for every TEI file in paths (folders searched for *.xml).

    A file given by name writes OUT_DIR/its-stem.FMT; a file found in a folder keeps its place
    under that folder (OUT_DIR/sub/stem.FMT), so that same-named files of different
    subfolders do not meet. Two documents that would still write one file are refused; what a
    folder holds that is not a file goes to `skipped`, as find_files says it."""
    if fmt not in WRITERS:
        raise UsageError(f"unknown memo format {fmt!r}; use one of {', '.join(sorted(WRITERS))}")
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise WriteError("is not a folder: several memos go to a folder (-o DIR)", file=out_dir)
    planned: list[tuple[Path, str, Path]] = []
    claimed: dict[Path, str] = {}
    for given in paths:
        base = Path(given) if os.path.isdir(given) else None
        for doc, name in find_files([given], skipped):
            relative = doc.relative_to(base) if base is not None else Path(doc.name)
            out = out_dir / relative.with_suffix(f".{fmt}")
            key = Path(os.path.normcase(os.path.abspath(out)))
            if key in claimed:
                if claimed[key] == name:
                    continue  # the same file named twice: one memo
                raise UsageError(f"{claimed[key]} and {name} would both be written to {out}; "
                                 "export them to different folders")
            claimed[key] = name
            planned.append((doc, name, out))
    if not planned:
        raise UsageError("no *.xml documents to export in " + ", ".join(str(p) for p in paths))
    return planned


def export_many(tasks: Sequence[MemoTask], fmt: str, *, executor: str = LOCAL, jobs: int | None = None,
                scheduler: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[MemoResult]:
    """Write every task's memo in one format; the results in the order of the tasks."""
    writer(fmt)  # a writer that is not installed fails once, before any work (and before forking)
    results: list[MemoResult | None] = [None] * len(tasks)
    # Workers may run elsewhere, in another folder: they get absolute paths, the user's come back.
    work = [(_absolute(task), fmt) for task in tasks]
    workers = jobs if jobs is not None else (1 if len(tasks) < 2 else None)
    with open_executor(executor, jobs=workers, scheduler=scheduler) as running:
        for done, (number, result) in enumerate(running.run(export_one, work), start=1):
            if isinstance(result, Lost):
                task = tasks[number]
                result = MemoResult(task.name, str(task.out), error=result.reason, exit_code=4)
            results[number] = replace(result, out=shown_name(tasks[number].out))
            if progress:
                progress(done, len(tasks))
    return [result for result in results if result is not None]


def export_one(item: tuple[MemoTask, str]) -> MemoResult:
    """Build and write one memo (in a worker); what went wrong with its input is in the result."""
    task, fmt = item
    try:
        os.makedirs(task.out.parent, exist_ok=True)
        memo = export_memo(task.doc, task.out, fmt, task.options)
    except ApostillaError as error:
        if error.file == str(task.doc):
            error.file = task.name
        # The error's own place (file:line:col) when it has one, else the document's name.
        return MemoResult(task.name, str(task.out), exit_code=error.exit_code,
                          error=str(error) if error.file else f"{task.name}: {error.message}")
    except OSError as error:  # the output folder could not be made
        return MemoResult(task.name, str(task.out), exit_code=4,
                          error=f"{task.out.parent}: cannot write: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - a bug met on one document: the others go on
        detail = " ".join(str(error).split())[:300]
        return MemoResult(task.name, str(task.out), exit_code=70,
                          error=f"{task.name}: internal error: {type(error).__name__}: {detail} "
                                "(a bug in apostilla: please report it)")
    return MemoResult(task.name, str(task.out), warnings=tuple(memo.warnings))


def _absolute(task: MemoTask) -> MemoTask:
    options = task.options
    if options.template is not None:
        options = replace(options, template=Path(os.path.abspath(options.template)))
    return replace(task, doc=Path(os.path.abspath(task.doc)), out=Path(os.path.abspath(task.out)),
                   options=options)
