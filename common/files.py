"""Safe file input and output: bounded reads, atomic writes under an exclusive lock."""
from __future__ import annotations

import errno
import fcntl
import os
import re
import tempfile
from pathlib import Path

from .errors import BadInput, Locked, WriteError

# Larger files are refused before parsing: the bound is stated in docs/reliability.md.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
TEMP_SUFFIX = ".apostilla-tmp"


def max_bytes() -> int:
    """The largest file apostilla reads, from APOSTILLA_MAX_BYTES or the default."""
    value = os.environ.get("APOSTILLA_MAX_BYTES", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file, or a BadInput that says why it cannot be read."""
    try:
        if path.is_dir():
            raise BadInput("is a directory, not a file", file=path)
        size = path.stat().st_size
        if size > max_bytes():
            raise BadInput(f"is {size:,} bytes, over the limit of {max_bytes():,} "
                           "(set APOSTILLA_MAX_BYTES to raise it)", file=path)
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput("no such file", file=path) from None
    except PermissionError:
        raise BadInput("permission denied", file=path) from None
    except IsADirectoryError:
        raise BadInput("is a directory, not a file", file=path) from None
    except OSError as exc:
        raise BadInput(f"cannot read: {exc.strerror or exc}", file=path) from None


class FileLock:
    """An exclusive, non-blocking lock on a document, held for a whole read-modify-write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> "FileLock":
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return self  # nothing to protect yet; creation is exclusive on its own
            except OSError as exc:
                raise BadInput(f"cannot open: {exc.strerror}", file=self.path) from None
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
    if path.is_symlink():
        raise WriteError("is a symbolic link; apostilla does not write through links "
                         "(give the real path)", file=path)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write data to path atomically: temp file in the same folder, fsync, rename, keep the mode."""
    path = Path(path)
    refuse_symlink(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise WriteError("is a directory", file=path)
    if not folder.is_dir():
        raise WriteError("the folder does not exist", file=path)
    clean_stale_temps(path)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
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
        parts = candidate.name[len(path.name) + 2:].split(".")
        if parts and parts[0].isdigit() and not _alive(int(parts[0])):
            try:
                candidate.unlink()
            except OSError:
                pass


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
