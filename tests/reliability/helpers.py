"""Running apostilla as a separate process, measured, and the small TEI files the stories start from."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
          "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def tei_text(body: str, *, prolog: str = DECLARATION, lang: str = "en") -> str:
    """A minimal TEI document around body (the content of <body>)."""
    return (f'{prolog}<TEI xmlns="{TEI_NS}">{HEADER}'
            f'<text xml:lang="{lang}"><body>{body}</body></text></TEI>\n')


def write_tei(folder: Path, body: str, *, name: str = "doc.xml", prolog: str = DECLARATION) -> Path:
    """tei_text written as UTF-8 into folder."""
    path = folder / name
    path.write_bytes(tei_text(body, prolog=prolog).encode("utf-8"))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(path: Path) -> tuple:
    """What must not change when a command fails: the bytes (or, for huge files, inode, size, mtime)."""
    info = path.stat()
    if info.st_size > 64 << 20:
        return info.st_ino, info.st_size, info.st_mtime_ns
    return info.st_ino, sha256(path)


@dataclass
class Run:
    """One finished `apostilla` process: what it said, how it ended, what it cost."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def error_line(self) -> str:
        """The single error line, checked to follow the contract: one line, no traceback."""
        lines = self.stderr.splitlines()
        assert "Traceback" not in self.stderr, self.stderr
        assert len(lines) == 1, f"expected one error line, got: {self.stderr!r}"
        assert lines[0].startswith("apostilla: error: "), lines[0]
        return lines[0]


# The child reports its own peak memory (VmHWM) on the way out. Measuring it from outside with
# wait4() is misleading: Linux charges a child the parent's resident size at fork time.
_MEASURED_MAIN = """
import os, sys
from apostilla.cli.main import main
try:
    sys.argv[0] = "apostilla"
    main()
finally:
    with open("/proc/self/status") as status, open(os.environ["APOSTILLA_TEST_PEAK"], "w") as out:
        out.write(status.read())
"""


def apostilla(*args: str | Path, timeout: float = 60, cwd: Path | None = None) -> Run:
    """Run `apostilla ARGS` as its own process; time it and take its peak resident memory."""
    command = [sys.executable, "-c", _MEASURED_MAIN, *map(str, args)]
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "status"
        env = {**os.environ, "APOSTILLA_TEST_PEAK": str(peak_file)}
        started = time.monotonic()
        try:
            proc = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=cwd, env=env,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"apostilla {' '.join(map(str, args))} ran over {timeout} s") from None
        seconds = time.monotonic() - started
        peak_mb = _peak_mb(peak_file)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
               seconds, peak_mb)


def _peak_mb(status: Path) -> float:
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("the apostilla process did not report its memory (was it killed?)")


class _NothingOutside(etree.Resolver):
    def resolve(self, system_url, public_id, context):  # noqa: ANN001 - lxml's signature
        return self.resolve_string("", context)


def safe_parser() -> etree.XMLParser:
    """How the tests read documents: like apostilla, never loading anything from outside."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, collect_ids=False)
    parser.resolvers.add(_NothingOutside())
    return parser


def canonical(data: bytes) -> bytes:
    """Canonical XML (C14N 1.0) of a document: equal for documents that mean the same."""
    return etree.tostring(etree.fromstring(data, safe_parser()).getroottree(), method="c14n")


def body_text(data: bytes) -> str:
    """All the text of <text>, which annotating must never change."""
    root = etree.fromstring(data, safe_parser())
    text = root.find(f"{{{TEI_NS}}}text")
    return "".join(text.itertext())
