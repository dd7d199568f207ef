"""Safe file input and output: bounded reads, atomic writes under an exclusive lock."""
from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import tempfile
from pathlib import Path

from collections.abc import Sequence

from .errors import BadInput, Locked, NotFound, UsageError, WriteError

# Larger files are refused before parsing: the bound is stated in docs/reliability.md.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
TEMP_SUFFIX = ".apostilla-tmp"


def max_bytes() -> int:
    """The largest file apostilla reads, from APOSTILLA_MAX_BYTES or the default."""
    from .settings import whole_number

    return whole_number("APOSTILLA_MAX_BYTES", DEFAULT_MAX_BYTES)


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file, or a BadInput that says why it cannot be read.

    Regular files only: a FIFO would block the read for ever and /dev/zero never end, so the
    file is opened without blocking and refused unless it is a regular file; a file that grows
    past the size limit while it is read is refused too.
    """
    path = Path(path)
    limit = max_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            check_regular(path, st.st_mode)
            if st.st_size > limit:
                raise BadInput(f"is {st.st_size:,} bytes, over the limit of {limit:,} "
                               "(set APOSTILLA_MAX_BYTES to raise it)", file=path)
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:
                raise BadInput(f"grew over the limit of {limit:,} bytes while it was read", file=path)
            return data
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise BadInput("no such file", file=path) from None
    except PermissionError:
        raise BadInput("permission denied", file=path) from None
    except IsADirectoryError:
        raise BadInput("is a directory, not a file", file=path) from None
    except OSError as exc:
        raise BadInput(f"cannot read: {exc.strerror or exc}", file=path) from None


def check_regular(path: Path, mode: int) -> None:
    """BadInput unless mode (from a stat of path) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise BadInput("is a directory, not a file", file=path)
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
        else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    raise BadInput(f"is {kind}; apostilla reads regular files only", file=path)


def refuse_same_file(output: Path, *inputs: Path) -> None:
    """UsageError when output is one of the inputs (by any path, hard links too): writing it would lose it."""
    for given in inputs:
        try:
            same = os.path.samefile(output, given)
        except OSError:
            continue  # one of them does not exist (yet): they cannot be the same file
        if same:
            raise UsageError(f"-o {output} is the same file as {given}, which it would replace; "
                             "name another file")


class FileLock:
    """An exclusive, non-blocking lock on a document, held for a whole read-modify-write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> "FileLock":
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            except FileNotFoundError:
                return self  # nothing to protect yet; creation is exclusive on its own
            except OSError as exc:
                raise BadInput(f"cannot open: {exc.strerror}", file=self.path) from None
            try:
                check_regular(self.path, os.fstat(fd).st_mode)
            except BadInput:
                os.close(fd)
                raise
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise Locked("another apostilla process is writing this file; try again when it is done",
                             file=self.path) from None
            # The file may have been replaced between open and lock: lock the current one.
            try:
                current = os.stat(self.path)
            except FileNotFoundError:
                current = None
            if current is not None and current.st_ino == os.fstat(fd).st_ino:
                self._fd = fd
                return self
            os.close(fd)
        raise Locked("the file keeps changing under us; another process is writing it", file=self.path)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "FileLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def refuse_symlink(path: Path) -> None:
    """Refuse to write through a symbolic link: the rename would replace the link itself."""
    if os.path.islink(path):  # never raises: a name too long is refused when it is read
        raise WriteError("is a symbolic link; apostilla does not write through links "
                         "(give the real path)", file=path)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write data to path atomically: temp file in the same folder, fsync, rename, keep the mode."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:  # a name too long or a path through a file fails here, before anything is written
        refuse_symlink(path)
        if path.is_dir():
            raise WriteError("is a directory", file=path)
        if not folder.is_dir():
            raise WriteError("the folder does not exist", file=path)
        clean_stale_temps(path)
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    except OSError as exc:
        raise WriteError(_write_reason(exc), file=path) from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, mode)
        if overwrite:
            os.replace(tmp_name, path)
        else:
            os.link(tmp_name, path)  # fails if path appeared meanwhile: never clobber
            os.unlink(tmp_name)
        tmp_name = None
        _fsync_dir(folder)
    except FileExistsError:
        raise WriteError("already exists (use --force to overwrite)", file=path) from None
    except OSError as exc:
        raise WriteError(_write_reason(exc), file=path) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _write_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "cannot write: no space left on the device (the file is unchanged)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "cannot write: permission denied"
    return f"cannot write: {exc.strerror or exc}"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temps(path: Path) -> None:
    """Remove temp files that a killed apostilla process left beside path."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        candidates = list(folder.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return
    for candidate in candidates:
        # Exactly ".NAME.PID.RANDOM.apostilla-tmp": the temp file of "NAME.99999" has one part
        # more, and must not be taken for one of ours by a process that is gone.
        owner = _TEMP_NAME.fullmatch(candidate.name[len(path.name) + 2:])
        if owner and not _alive(int(owner.group(1))):
            try:
                candidate.unlink()
            except OSError:
                pass


_TEMP_NAME = re.compile(r"(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX))


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_files(paths: Sequence[str | Path], skipped: list[str] | None = None) -> list[tuple[Path, str]]:
    """Input files as (path, name shown): files as given, folders searched for *.xml; each file
    once, in the order given (a folder's sorted).

    The name shown is the path, with bytes that are not UTF-8 written as \\xNN. A *.xml in a
    folder that is neither a file nor a folder (a FIFO, socket, device or broken link) is left
    out, and said in `skipped` (`NAME: why`) for the caller to tell the user."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if os.path.isdir(path):  # os.path's tests never raise (a name too long is no file either)
            # Regular files only: a FIFO or device named *.xml would block the run.
            listed = sorted(path.rglob("*.xml"))
            candidates = [p for p in listed if p.is_file()]
            if skipped is not None:
                skipped.extend(f"{shown_name(p)}: left out, not a regular file (a FIFO, socket, "
                               "device or broken link)" for p in listed if not p.is_file() and not p.is_dir())
        elif os.path.isfile(path):
            if not os.access(path, os.R_OK):
                raise BadInput("cannot read the file (permission denied)", file=shown_name(given))
            candidates = [path]
        elif os.path.exists(path):
            raise BadInput("not a regular file", file=shown_name(given))
        else:
            raise NotFound("no such file or folder", file=shown_name(given))
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append((candidate, shown_name(candidate)))
    return found


def shown_name(path: str | Path) -> str:
    """A path as text that can be printed: file names are bytes, and those that are not UTF-8
    reach Python as lone surrogates, which no output accepts; they are shown as \\xNN."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
