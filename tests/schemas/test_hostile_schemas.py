"""Hostile, broken and huge schemas and documents for `validate`: one clear line, a non-zero
exit, no traceback, no hang, no network, and time that grows linearly with the input."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")
# Each run below must end within this time (a start of apostilla alone takes about 0.3 s).
SECONDS = 20


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def error_line(self) -> str:
        """The one error line the contract promises, checked to be one line without traceback."""
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, f"expected one error line, got: {self.stderr!r}"
        assert lines[0].startswith("apostilla: error: "), lines[0]
        return lines[0]


def validate(*args: str | Path, cwd: Path | None = None, seconds: float = SECONDS) -> Run:
    """`apostilla validate ARGS` in its own process, which must end within `seconds`."""
    command = [sys.executable, "-m", "apostilla.cli.main", "validate", *map(str, args)]
    try:
        proc = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=cwd,
                              timeout=seconds)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"validate {' '.join(map(str, args))} ran over {seconds} s") from None
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))


def where(text: str, written: str) -> tuple[int, int]:
    """1-based line and column of the first `written` in `text`."""
    offset = text.index(written)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def tei(body: str) -> str:
    return f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body>{body}</body></text></TEI>\n'


# ---------------------------------------------------------------------- many bad attributes
def test_thousands_of_unknown_attributes_on_one_element_are_each_reported_in_linear_time(tmp_path):
    # Each finding used to search the whole start tag for its attribute: 8,000 attributes took
    # 9-18 s, 30,000 would take minutes. Read once, they take about a second.
    count = 30_000
    attributes = "\n   ".join(f'bad{i}="a b=c"' for i in range(count))
    text = tei(f"<p {attributes}>x</p>")
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    run = validate("--no-rules", doc)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == count
    # Each attribute is found on its own line of the start tag, where it is written (the
    # value's `b=c` is never taken for an attribute).
    for i in (0, 1, count // 2, count - 1):
        line, column = where(text, f'bad{i}="')
        found = next(found for found in lines if f"attribute bad{i} is not" in found)
        assert found.startswith(f"{doc}:{line}:{column}: error: "), found
