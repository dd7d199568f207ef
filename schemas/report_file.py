"""The report written as documents are checked (--report FILE.jsonl), and read back by --resume."""
from __future__ import annotations

# One JSON object per line: a document of the JSON report plus "sha256" (of the file's bytes)
# and what the run checked against ("schemas" with their SHA-256, "options", "apostilla").
# Lines are appended as chunks finish, each chunk's lines in one write to a file opened for
# appending, so a run that is killed leaves whole lines, except perhaps a last one cut short
# by a full disk or a lost machine: --resume ignores such a line (with a warning) and cuts it
# off before appending. A run that finishes rewrites the file atomically with one line per
# document in the report's order, so a finished report does not depend on the executor, the
# number of workers or on interruptions. The file is locked while a run writes it.
import errno
import fcntl
import json
import os
import tempfile
from pathlib import Path

from ..common.errors import Locked, WriteError
from ..common.files import refuse_symlink
from .report import DocumentReport


class ReportFile:
    """A report file opened for a run; `resume` keeps what is in it, else it starts empty."""

    def __init__(self, path: Path, fingerprint: dict, resume: bool) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.notes: list[str] = []
        # Documents already reported against the same schemas: name shown -> (SHA-256, report).
        self.done: dict[str, tuple[str, DocumentReport]] = {}
        self._fd = _open_locked(self.path)
        try:
            if resume:
                os.ftruncate(self._fd, self._read())
            else:
                os.ftruncate(self._fd, 0)
        except OSError as exc:
            self.close()
            raise WriteError(f"cannot write the report: {exc.strerror or exc}",
                             file=self.path) from None

    def known(self, shown: str) -> str | None:
        """The SHA-256 of the file reported as `shown` against the same schemas, if any."""
        done = self.done.get(shown)
        return done[0] if done else None

    def line(self, report: DocumentReport, digest: str | None) -> bytes:
        """The report line for one document."""
        return _encode({**report.to_json(), "sha256": digest, **self.fingerprint})

    def append(self, lines: list[bytes]) -> None:
        """Adds lines at the end, in one write (a kill leaves them whole or not at all)."""
        data = b"".join(lines)
        try:
            while data:
                data = data[os.write(self._fd, data):]
        except OSError as exc:
            raise WriteError(f"cannot write the report: {exc.strerror or exc}",
                             file=self.path) from None

    def finish(self, entries: list[tuple[str, bytes]]) -> None:
        """Rewrites the file atomically: this run's (name shown, line) in order, then the last
        line of each other document the file held (reported by an earlier run)."""
        ours = {shown for shown, _ in entries}
        lines = [line for _, line in entries]
        others: dict[str, bytes] = {}
        for raw, parsed in _lines(self.path):
            if isinstance(parsed, dict) and parsed["path"] not in ours:
                others[parsed["path"]] = raw
        folder = self.path.parent
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.",
                                             suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.writelines(lines)
                out.writelines(others.values())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, os.stat(self.path).st_mode & 0o7777)
            os.replace(temporary, self.path)
        except OSError as exc:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise WriteError(f"cannot write the report: {exc.strerror or exc}",
                             file=self.path) from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # and with it the lock
            self._fd = None

    def _read(self) -> int:
        """Reads what earlier runs reported; returns where the whole lines end."""
        end, bad, first_bad = 0, 0, None
        for number, (raw, parsed) in enumerate(_lines(self.path), 1):
            if not raw.endswith(b"\n"):
                self.notes.append(f"{self.path}:{number}: the last line is cut short (a run "
                                  "was interrupted while writing it); it is ignored")
                break
            end += len(raw)
            report = _document(parsed)
            if report is None:
                bad += 1
                first_bad = first_bad or number
                continue
            digest = parsed.get("sha256")
            same = isinstance(digest, str) and all(parsed.get(key) == value
                                                   for key, value in self.fingerprint.items())
            if same:
                self.done[report.path] = (digest, report)
            else:
                self.done.pop(report.path, None)  # a later line says it changed
        if bad:
            self.notes.append(f"{self.path}:{first_bad}: {bad} line{'s' if bad > 1 else ''} "
                              "of the report are not report lines; ignored")
        return end


def _lines(path: Path):
    """(raw line, parsed JSON or None) for each line of the file."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return
    with handle:
        for raw in handle:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if not (isinstance(parsed, dict) and isinstance(parsed.get("path"), str)):
                parsed = None
            yield raw, parsed


def _document(parsed: dict | None) -> DocumentReport | None:
    if parsed is None:
        return None
    try:
        return DocumentReport.from_json(parsed)
    except (KeyError, TypeError):
        return None


def _encode(line: dict) -> bytes:
    try:
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # text that is not Unicode (lone surrogates): escaped instead
        return (json.dumps(line, separators=(",", ":")) + "\n").encode("ascii")


def _open_locked(path: Path) -> int:
    refuse_symlink(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    except IsADirectoryError:
        raise WriteError("is a folder; --report needs a file", file=path) from None
    except FileNotFoundError:
        raise WriteError("the folder does not exist", file=path) from None
    except OSError as exc:
        raise WriteError(f"cannot write the report: {exc.strerror or exc}", file=path) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise Locked("another apostilla run is writing this report", file=path) from None
        raise WriteError(f"cannot lock the report: {exc.strerror or exc}", file=path) from None
    return fd
