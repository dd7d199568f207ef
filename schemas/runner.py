"""Validating many files: finding them, sharing the work among processes, keeping a stable order."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..common.errors import ApostillaError, BadInput, NotFound
from .report import DocumentReport, Report
from .sources import Settings, check_schema_paths
from .validate import Validator

Progress = Callable[[int, int], None]
_Item = tuple[int, Path, str, int]  # a file's place in the report, path, name shown, size
_IN_PROCESS = 12  # up to this many files, starting worker processes costs more than it saves
# Files read together: a worker's unit, whose documents share one schema. Big enough to spare
# schemas, small enough that a few dozen files still split among the workers; it depends on
# the number of files alone, so that the messages never depend on --jobs.
_CHUNK_MIN, _CHUNK_MAX, _CHUNKS = 8, 64, 16
# And at most this many bytes of source, unless one file is larger: a parsed tree takes some
# seven times its file's size in memory, and a worker holds its chunk's trees at once.
_CHUNK_BYTES = 16_000_000


def find_files(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Files to validate as (path, name shown): files as given, folders searched for *.xml."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if os.path.isdir(path):  # os.path's tests never raise (a name too long is no file either)
            # Regular files only: a FIFO or device named *.xml would block the run.
            candidates = sorted(p for p in path.rglob("*.xml") if p.is_file())
        elif os.path.isfile(path):
            if not os.access(path, os.R_OK):
                raise BadInput("cannot read the file (permission denied)", file=str(given))
            candidates = [path]
        elif os.path.exists(path):
            raise BadInput("not a regular file", file=str(given))
        else:
            raise NotFound("no such file or folder", file=str(given))
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                # A name that is not UTF-8 is shown with its bytes escaped (\xff), never raw.
                found.append((candidate, os.fsencode(candidate).decode("utf-8", "backslashreplace")))
    return found


def validate_paths(paths: Sequence[str | Path], schemas: Sequence[str | Path] = (),
                   rules: bool = True, trust_dtd: bool = False, jobs: int | None = None,
                   strict: bool = False, progress: Progress | None = None) -> Report:
    """Validates files and folders; the report lists documents in a stable order.

    `jobs`: worker processes (None: one per available core). `progress(done, total)` is called
    as documents finish. Raises for unusable input (missing path, bad schema); an invalid or
    malformed document is a finding in the report, never an exception.
    """
    schema_names = tuple(str(s) for s in schemas)
    check_schema_paths(schema_names)
    files = find_files(paths)
    chunks = _chunks(files)
    workers = 1 if len(files) <= _IN_PROCESS else min(max(1, jobs or _cores()), len(chunks))
    settings = Settings(schema_names, rules, trust_dtd, strict)
    if workers == 1:
        return _in_process(chunks, len(files), settings, progress)
    return _in_pool(chunks, len(files), settings, workers, progress)


def _chunks(files: list[tuple[Path, str]]) -> list[list[_Item]]:
    """The files cut into chunks in their order, so that a chunk holds files of one folder (one
    project, one vocabulary: see Validator.validate_files); items keep their place in the
    report."""
    size = max(_CHUNK_MIN, min(_CHUNK_MAX, -(-len(files) // _CHUNKS)))
    chunks: list[list[_Item]] = []
    chunk: list[_Item] = []
    held = 0
    for i, (path, shown) in enumerate(files):
        length = _size(path)
        if chunk and (len(chunk) == size or held + length > _CHUNK_BYTES):
            chunks.append(chunk)
            chunk, held = [], 0
        chunk.append((i, path, shown, length))
        held += length
    if chunk:
        chunks.append(chunk)
    return chunks


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _in_process(chunks: list[list[_Item]], total: int, settings: Settings,
                progress: Progress | None) -> Report:
    validator = Validator(settings)
    reports: list[DocumentReport] = []
    for chunk in chunks:
        reports.extend(validator.validate_files([(path, shown) for _, path, shown, _ in chunk]))
        if progress:
            progress(len(reports), total)
    return Report(reports, _unique(validator.skipped))


def _in_pool(chunks: list[list[_Item]], total: int, settings: Settings, workers: int,
             progress: Progress | None) -> Report:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _validator
    # Built here first: a bad schema fails before any process starts, and forked workers
    # inherit the schemas already read.
    _validator = Validator(settings)
    # The biggest chunks go first, so that no worker is left with one at the end.
    chunks = sorted(chunks, key=lambda chunk: -sum(item[3] for item in chunk))
    reports: list[DocumentReport | None] = [None] * total
    skipped = []
    done = 0
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                             initargs=(settings,)) as pool:
        futures = [pool.submit(_work, chunk) for chunk in chunks]
        for future in as_completed(futures):
            outcome = future.result()
            if isinstance(outcome, _Failure):
                pool.shutdown(cancel_futures=True)
                raise outcome.error()
            results, chunk_skipped = outcome
            skipped.extend(chunk_skipped)
            for index, report in results:
                reports[index] = report
            done += len(results)
            if progress:
                progress(done, total)
    return Report([r for r in reports if r is not None], _unique(skipped))


def _context():  # -> a multiprocessing context; multiprocessing is imported only for a pool
    import multiprocessing
    import threading

    # fork shares what the parent has read already. Not on macOS (its libraries are not
    # fork-safe), nor from a process running threads (a lock held in another thread would
    # stay held in the child); there the platform's default is used.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and os.uname().sysname == "Linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_validator: Validator | None = None


class _Failure:
    """An ApostillaError from a worker, carried back with its location intact."""

    def __init__(self, error: ApostillaError) -> None:
        self.kind, self.message, self.file = type(error), error.message, error.file

    def error(self) -> ApostillaError:
        try:
            return self.kind(self.message, file=self.file)
        except TypeError:
            return BadInput(self.message, file=self.file)


def _start_worker(settings: Settings) -> None:
    global _validator
    if _validator is None or _validator.settings != settings:
        _validator = Validator(settings)


def _work(items: list[_Item]) -> _Failure | tuple[list, list]:
    try:
        reports = _validator.validate_files([(path, shown) for _, path, shown, _ in items])
    except ApostillaError as error:
        return _Failure(error)
    return [(item[0], report) for item, report in zip(items, reports)], _validator.skipped


def _unique(skipped: list) -> list:
    seen, out = set(), []
    for s in skipped:
        key = (s.schema, s.rule, s.reason)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
