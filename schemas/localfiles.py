"""What schemas and DTDs may read: regular files on the local disk, never the network."""
from __future__ import annotations

# A schema names other files (includes, imports, DTDs) as URI references. They are read only
# from the local disk, relative to the file that names them, as a user could name them on the
# command line; never over the network, and never from a FIFO, a device or a folder (a FIFO
# without a writer blocks a reader forever; /dev/zero never ends). Each file is opened without
# blocking and checked on the opened descriptor, so it cannot be swapped in between.
import os
import re
import stat
from pathlib import Path

from lxml import etree

from ..common.errors import BadInput

NETWORK_SCHEMES = ("http", "https", "ftp")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")


class Refused(BadInput):
    """A file a schema or document names that apostilla does not read (network, FIFO...)."""

    def __init__(self, reason: str, *, file: str | None = None, network: bool = False) -> None:
        super().__init__(f"refused to read it: {reason}", file=file)
        self.reason, self.network = reason, network


def local_path(href: str, base: str | None) -> Path:
    """The local file that `href` names, relative to `base` (the naming file's path or
    file: URL); raises Refused for a URL of the network or any other scheme."""
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() != "file":
        network = scheme.group(1).lower() in NETWORK_SCHEMES
        raise Refused(f"{'it is on the network' if network else 'it is a URL'}; apostilla reads "
                      "only local files", file=href, network=network)
    if "#" in href:
        raise Refused("a reference to part of a file is not supported", file=href)
    path = Path(_file_url_path(href) if scheme else _unquote(href))
    if not path.is_absolute() and base:
        folder = Path(_file_url_path(base) if _SCHEME.match(base) else base).parent
        path = folder / path
    return path


def read_local(path: Path, shown: str | None = None) -> bytes:
    """The bytes of a regular file; refuses FIFOs, devices, folders and files over the size
    limit (Refused), and says why a file cannot be read (BadInput); `shown` names it."""
    shown = shown or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise BadInput(f"cannot read it: {exc.strerror or exc}", file=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            raise Refused(f"it is {kind}, not a regular file", file=shown)
        chunks, total = [], 0
        while True:
            size = max(total, info.st_size)
            limit = _limit(size)
            if limit is not None and size > limit:
                raise Refused(f"{size:,} bytes, over the limit of {limit:,} "
                              "(APOSTILLA_MAX_BYTES)", file=shown)
            chunk = os.read(fd, max(info.st_size + 1 - total, 1 << 16))  # one read, mostly
            if not chunk:
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise BadInput(f"cannot read it: {exc.strerror or exc}", file=shown) from None
    finally:
        os.close(fd)


def _limit(size: int) -> int | None:
    """The size limit, if a file of `size` bytes may be over it. common.files knows the limit
    but imports tempfile, which reading a schema does not need: for files under 64 MiB it is
    asked only when set (its default is 512 MiB)."""
    if size < 64 << 20 and "APOSTILLA_MAX_BYTES" not in os.environ:
        return None
    from ..common.files import max_bytes

    return max_bytes()


class LocalFilesOnly(etree.Resolver):
    """Gives libxml2 the local files a schema names (XSD includes and imports) under the
    rules above; a refused one fails the schema. URLs are left to libxml2, which is told
    never to use the network (an import from there is skipped, as before)."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        try:
            path = local_path(url or "", None)
        except Refused:
            return None
        return self.resolve_string(read_local(path), context, base_url=str(path))


class LocalDtds(etree.Resolver):
    """Gives libxml2 the DTDs and entities a trusted document names, read under the rules
    above; remembers those it refused, with why, for the document's findings."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[tuple[str, Refused]] = []

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        try:
            path = local_path(url or "", None)
            data = read_local(path, url)
        except Refused as exc:
            self.refused.append((url or "", exc))
            return self.resolve_string("", context)
        except BadInput:
            return None  # missing or unreadable: libxml2 says so in its own words
        return self.resolve_string(data, context, base_url=str(path))


def _file_url_path(url: str) -> str:
    rest = url[len("file:"):]
    if rest.startswith("//"):
        host, _, rest = rest[2:].partition("/")
        if host not in ("", "localhost"):
            raise Refused("it is a file on another host", file=url)
        rest = "/" + rest
    return _unquote(rest)


def _unquote(text: str) -> str:
    if "%" not in text:
        return text
    from urllib.parse import unquote

    return unquote(text)
