"""The worker's side of validating many files: a chunk of file paths in, plain data out."""
from __future__ import annotations

# A worker may be a forked process of this machine or a Dask worker on another one that lives
# for many runs. Compiled schemas cannot travel between processes, so each worker keeps its
# own Validator per job (the schemas, by path and SHA-256, and the options) and per thread; a
# Validator keeps the schemas compiled for each chunk's names (relaxng.py). A job names its
# schemas by absolute path, which a worker must be able to read (a shared file system); it
# checks their SHA-256 before it uses them, so a worker that sees other files says so instead
# of judging by them. Results are dicts and strings, never exceptions or lxml objects.
import hashlib
import itertools
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from ..common.errors import ApostillaError, BadInput, NotFound
from .parsing import XML_RULE_SCHEMA, parse_bytes
from .report import DocumentReport, Issue, SkippedRule
from .sources import BUILT_IN, HERE, PROFILE, RULES, Settings
from .validate import Validator

INTERNAL = "internal"
_KEPT = 4  # jobs whose validators a long-lived worker keeps (per thread)


@dataclass(frozen=True)
class Job:
    """What every chunk of one run is checked against; plain data, sent with each chunk."""

    # (name as given, absolute path, SHA-256 or "" when not taken)
    schemas: tuple[tuple[str, str, str], ...]
    rules: bool = True
    trust_dtd: bool = False
    strict: bool = False
    version: str = ""  # apostilla's, when workers or a report need it (else not looked up)
    phase: str | None = None  # the Schematron phase to run (None: each schema's default)
    integrity: bool = True  # apostilla's integrity rules too (when `rules`)
    # Without digests nothing tells a user's schema files from the same files edited since an
    # earlier run of this process: the run's own number keeps its validators to itself.
    run: int = 0

    @classmethod
    def make(cls, schemas: tuple[str, ...], rules: bool, trust_dtd: bool, strict: bool,
             fingerprinted: bool = False, phase: str | None = None,
             integrity: bool = True) -> Job:
        """The job for schema files as given (paths checked by check_schema_paths).

        `fingerprinted` takes the schemas' SHA-256 and apostilla's version, for workers to
        check and report lines to record; a run in this machine's processes without a report
        needs neither, and a one-file run is spared reading the schemas twice."""
        paths = [BUILT_IN.get(name) or Path(name) for name in schemas]   # `tei_all`: the copy shipped
        found = tuple((name, os.path.abspath(path), _digest_of(path, name) if fingerprinted else "")
                      for name, path in zip(schemas, paths))
        return cls(found, rules, trust_dtd, strict, _version() if fingerprinted else "", phase,
                   integrity, 0 if fingerprinted or not set(schemas) - BUILT_IN.keys()
                   else next(_runs))

    def fingerprint(self) -> dict:
        """What a report line records of the run, for --resume to compare: each schema's
        SHA-256 (the built-in profile and rules too) and the options that change findings."""
        schemas = [{"schema": name, "sha256": digest} for name, _, digest in self.schemas]
        if not self.schemas:
            schemas.insert(0, {"schema": PROFILE, "sha256": _builtin("profile.rng")})
        if self.rules and self.integrity:
            schemas.append({"schema": RULES, "sha256": _builtin("integrity.sch")})
        return {"schemas": schemas, "options": {"trust_dtd": self.trust_dtd,
                                                "strict": self.strict, "phase": self.phase},
                "apostilla": self.version}


_validators: OrderedDict[tuple[Job, int], tuple[Validator, dict]] = OrderedDict()
_runs = itertools.count(1)


def validator_for(job: Job) -> tuple[Validator, dict[str, str]]:
    """This thread's Validator for `job`, and the schema names to show for its paths.

    Raises ApostillaError when the schemas cannot be used here (unreadable, changed since the
    run began, another apostilla version)."""
    key = (job, threading.get_ident())
    kept = _validators.get(key)
    if kept is not None:
        _validators.move_to_end(key)
        return kept
    if job.version and job.version != _version():
        raise BadInput(f"this worker runs apostilla {_version()}, the run apostilla "
                       f"{job.version}: install the same version everywhere")
    for name, path, digest in job.schemas:
        if digest and _digest_of(Path(path), name) != digest:
            raise BadInput(f"the schema at {path} is not the one the run began with (changed "
                           "since, or another file on this worker)", file=name)
    settings = Settings(tuple(path for _, path, _ in job.schemas), job.rules, job.trust_dtd,
                        job.strict, job.phase, job.integrity)
    try:
        validator = Validator(settings)
    except ApostillaError as error:
        raise _renamed_error(error, job) from None
    kept = _validators[key] = (validator, {path: name for name, path, _ in job.schemas
                                           if path != name})
    while len(_validators) > _KEPT:
        _validators.popitem(last=False)
    return kept


def check_chunk(task: tuple[Job, list[tuple[str, str]], list[str | None]]) -> dict:
    """Checks one chunk: (job, [(path, name shown)], [SHA-256 already reported, or None]).

    Returns {"documents": [[report as JSON or None, SHA-256 or None], ...], "skipped": [...],
    "failure": None or [error class, message, file]}. A report is None when every file of the
    chunk still has the SHA-256 already reported (nothing to check again)."""
    job, items, known = task
    try:
        validator, names = validator_for(job)
    except ApostillaError as error:
        return _failure(type(error).__name__, error.message, error.file)
    except Exception as error:  # a bug: said as plain text, never an exception to unpickle
        return _failure(INTERNAL, f"{type(error).__name__}: {error}", None)
    read = [_read(Path(path), shown, job.trust_dtd) for path, shown in items]
    digests = [digest for _, digest in read]
    if all(digest is not None and digest == before for digest, before in zip(digests, known)):
        documents = [[None, digest] for digest in digests]
    else:
        try:
            reports = validator.validate_together([(shown, parsed) for (_, shown), (parsed, _)
                                                   in zip(items, read)])
        except ApostillaError as error:  # a schema found unusable on first use: stop the run
            error = _renamed_error(error, job)
            return _failure(type(error).__name__, error.message, error.file)
        except Exception as error:  # a bug outside any one schema: every document says so
            reports = [_not_checked(shown, error) for _, shown in items]
        documents = [[_renamed(report, names).to_json(), digest]
                     for report, digest in zip(reports, digests)]
    skipped = [s.to_json() for s in skipped_of(validator, names)]
    return {"documents": documents, "skipped": skipped, "failure": None}


def skipped_of(validator: Validator, names: dict[str, str]) -> list[SkippedRule]:
    """The rules `validator` cannot run, under the schema names given."""
    return [_renamed_skip(s, names) for s in validator.skipped]


def failure_error(failure: list) -> Exception:
    """The error a worker reported, rebuilt where the run began (a RuntimeError for a bug)."""
    from ..common import errors

    kind, message, file = failure
    if kind == INTERNAL:
        return RuntimeError(message)
    cls = getattr(errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, ApostillaError)):
        cls = BadInput
    try:
        return cls(message, file=file)
    except TypeError:
        return BadInput(message, file=file)


def _failure(kind: str, message: str, file: str | None) -> dict:
    return {"documents": [], "skipped": [], "failure": [kind, message, file]}


def _read(path: Path, shown: str, trust_dtd: bool) -> tuple[object, str | None]:
    """(the parsed document or the issue that kept it from being read, its SHA-256)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Issue(None, None, f"cannot read the file: {exc.strerror or exc}", "xml-readable",
                     XML_RULE_SCHEMA), None
    digest = hashlib.sha256(data).hexdigest()
    try:
        return parse_bytes(data, shown, _base_url(path), trust_dtd), digest
    except Exception as error:  # a bug in reading: this document says so, the others go on
        return _failed_read(error), digest


def _base_url(path: Path) -> str:
    # libxml2 takes a file name in UTF-8; a name with other bytes goes as a file: URI, whose
    # escapes libxml2 undoes when it looks for a DTD beside the document.
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return path.absolute().as_uri()
    return text


def _failed_read(error: Exception) -> Issue:
    return Issue(None, None, f"could not be read ({type(error).__name__}: {error}); this is a "
                 "bug in apostilla, please report it", "check-failed", XML_RULE_SCHEMA)


def _not_checked(shown: str, error: Exception) -> DocumentReport:
    report = DocumentReport(shown)
    report.add(Issue(None, None, f"could not be checked ({type(error).__name__}: {error}); "
                     "this is a bug in apostilla, please report it", "check-failed", "apostilla"))
    return report


def _renamed(report: DocumentReport, names: dict[str, str]) -> DocumentReport:
    """The report with each schema under the name it was given (workers read absolute paths)."""
    if not names:
        return report
    out = DocumentReport(report.path)
    out.errors = [replace(i, schema=names.get(i.schema, i.schema)) for i in report.errors]
    out.warnings = [replace(i, schema=names.get(i.schema, i.schema)) for i in report.warnings]
    return out


def _renamed_skip(skipped: SkippedRule, names: dict[str, str]) -> SkippedRule:
    return replace(skipped, schema=names.get(skipped.schema, skipped.schema))


def _renamed_error(error: ApostillaError, job: Job) -> ApostillaError:
    for name, path, _ in job.schemas:
        if error.file == path:
            error.file = name
    return error


def _digest_of(path: Path, name: str) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        raise NotFound("no such schema file", file=name) from None
    except OSError as exc:
        raise BadInput(f"cannot read the schema: {exc.strerror or exc}", file=name) from None


def _version() -> str:
    from ..common.version import (
        version,  # importlib.metadata: some 15 ms, only when needed
    )

    return version()


_builtins: dict[str, str] = {}


def _builtin(name: str) -> str:
    if name not in _builtins:
        _builtins[name] = hashlib.sha256((HERE / name).read_bytes()).hexdigest()
    return _builtins[name]
