"""Validating many files: finding them, sending them out in chunks, keeping a stable order."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.errors import UsageError
from ..common.files import find_files
from ..common.executors import DASK, LOCAL, Lost, cores, open_executor
from . import work
from .report import DocumentReport, Issue, Report, SkippedRule
from .sources import check_schema_paths

if TYPE_CHECKING:
    from .report_file import ReportFile

Progress = Callable[[int, int], None]
_Item = tuple[int, Path, str, int]  # a file's place in the report, path, name shown, size
_IN_PROCESS = 12  # up to this many files, starting worker processes costs more than it saves
# Files read together: a worker's unit, whose documents share one schema. Big enough to spare
# schemas, small enough that a few dozen files still split among the workers; it depends on
# the number of files alone, so that the messages never depend on --jobs or the executor.
_CHUNK_MIN, _CHUNK_MAX, _CHUNKS = 8, 64, 16
# And at most this many bytes of source, unless one file is larger: a parsed tree takes some
# seven times its file's size in memory, and a worker holds its chunk's trees at once.
_CHUNK_BYTES = 16_000_000


def validate_paths(paths: Sequence[str | Path], schemas: Sequence[str | Path] = (),
                   rules: bool = True, trust_dtd: bool = False, jobs: int | None = None,
                   strict: bool = False, progress: Progress | None = None,
                   executor: str = LOCAL, scheduler: str | None = None,
                   report: str | Path | None = None, resume: bool = False,
                   phase: str | None = None, integrity: bool = True) -> Report:
    """Validates files and folders; the report lists documents in a stable order.

    `executor`: "local" (`jobs` worker processes, None: one per core) or "dask" (the cluster at
    `scheduler` or $DASK_SCHEDULER_ADDRESS, else a local one of `jobs` processes).
    `report`: a JSON Lines file that gets one line per document as it is checked; `resume`
    skips the documents it holds with the same SHA-256 and schemas. `progress(done, total)` is
    called as documents finish. Raises for unusable input (missing path, bad schema) and for an
    executor that cannot run (ExecutorError); an invalid or malformed document, or one whose
    check failed, is a finding in the report, never an exception. `phase`: the Schematron phase
    to run (None: each schema's default). `integrity`: False leaves out apostilla's integrity
    rules and keeps the Schematron inside the schemas (`rules` False leaves out both).
    """
    if resume and report is None:
        raise UsageError("--resume needs --report FILE.jsonl (the report to go on with)")
    if scheduler and executor != DASK:
        raise UsageError("--scheduler needs --executor dask")
    schema_names = tuple(str(s) for s in schemas)
    check_schema_paths(schema_names)
    job = work.Job.make(schema_names, rules, trust_dtd, strict,
                        fingerprinted=executor == DASK or report is not None, phase=phase,
                        integrity=integrity)
    # Built here first: a bad schema fails before any work starts, and forked workers
    # inherit the schemas already read.
    validator, names = work.validator_for(job)
    left_out: list[str] = []
    files = find_files(paths, left_out)
    chunks = _chunks(files)
    stream = None
    if report is not None:
        from .report_file import ReportFile  # and tempfile: only for a report file

        stream = ReportFile(Path(report), job.fingerprint(), resume)
    try:
        run = _Run(len(files), stream, progress, work.skipped_of(validator, names))
        # The biggest chunks go first, so that no worker is left with one at the end.
        chunks.sort(key=lambda chunk: -sum(item[3] for item in chunk))
        tasks = [(job, [(os.path.abspath(path), shown) for _, path, shown, _ in chunk],
                  [stream.known(shown) if stream else None for _, _, shown, _ in chunk])
                 for chunk in chunks]
        with open_executor(executor, jobs=_workers(executor, jobs, len(files), len(chunks)),
                           scheduler=scheduler) as running:
            for number, outcome in running.run(work.check_chunk, tasks):
                run.take(chunks[number], outcome)
        result = run.report()
        result.notes[:0] = left_out
        if stream:
            stream.finish(run.lines())
            result.notes[:0] = stream.notes
    finally:
        if stream:
            stream.close()
    return result


def _workers(executor: str, jobs: int | None, files: int, chunks: int) -> int | None:
    if executor == LOCAL and files <= _IN_PROCESS:
        return 1
    return min(max(1, jobs or cores()), max(1, chunks))


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


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Run:
    """What a run has gathered so far, in the report's order, and the report lines it writes."""

    def __init__(self, total: int, stream: ReportFile | None, progress: Progress | None,
                 skipped: list[SkippedRule]) -> None:
        self.reports: list[DocumentReport | None] = [None] * total
        self.digests: list[str | None] = [None] * total
        self.lost: set[int] = set()
        self.stream, self.progress = stream, progress
        self.skipped = {(s.schema, s.rule, s.reason): s for s in skipped}
        self.done = 0
        if progress:
            progress(0, total)

    def take(self, chunk: list[_Item], outcome: dict | Lost) -> None:
        """One chunk's outcome: its reports in place, new lines appended to the report file."""
        if isinstance(outcome, Lost):
            for index, _, shown, _ in chunk:
                self.reports[index] = _not_checked(shown, outcome.reason)
                self.lost.add(index)
        elif outcome["failure"]:
            raise work.failure_error(outcome["failure"])
        else:
            lines = []
            for (index, _, shown, _), (data, digest) in zip(chunk, outcome["documents"]):
                if data is None:  # unchanged since it was reported
                    report = self.stream.done[shown][1]
                else:
                    report = DocumentReport.from_json(data)
                    if self.stream and (digest is None or self.stream.known(shown) != digest):
                        lines.append(self.stream.line(report, digest))
                self.reports[index], self.digests[index] = report, digest
            if lines:
                self.stream.append(lines)
            for data in outcome["skipped"]:
                skipped = SkippedRule(**data)
                self.skipped.setdefault((skipped.schema, skipped.rule, skipped.reason), skipped)
        self.done += len(chunk)
        if self.progress:
            self.progress(self.done, len(self.reports))

    def report(self) -> Report:
        return Report([r for r in self.reports if r is not None], list(self.skipped.values()))

    def lines(self) -> list[tuple[str, bytes]]:
        """(name shown, report line) of every document checked, in the report's order."""
        return [(report.path, self.stream.line(report, digest))
                for index, (report, digest) in enumerate(zip(self.reports, self.digests))
                if report is not None and index not in self.lost]


def _not_checked(shown: str, reason: str) -> DocumentReport:
    report = DocumentReport(shown)
    report.add(Issue(None, None, f"not checked: {reason}; run again (with --resume) to retry",
                     "not-checked", "apostilla"))
    return report
