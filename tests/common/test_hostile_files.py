"""Files that are not what they seem: FIFOs, devices, the document as its own output, look-alike
temp files, old line ends and internal entities. Each is refused or kept, never hangs or loses text."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from apostilla.annotations.document import TeiDocument
from apostilla.common.files import TEMP_SUFFIX, atomic_write, clean_stale_temps

TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
       '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
       '<text xml:lang="en"><body><p xml:id="p1">{body}</p></body></text></TEI>')


def apostilla(*args: object, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, so that a hang is a failure, not a stuck test run."""
    return subprocess.run([sys.executable, "-m", "apostilla.cli.main", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def write_doc(path: Path, body: str = "Dock workers stopped work.") -> Path:
    path.write_text(TEI.format(body=body), encoding="utf-8")
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "doc.xml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("args", [
    ("list", "{fifo}", "entities"),
    ("entity", "add", "{fifo}", "x", "--type", "person", "--name", "X"),
    ("new", "{fifo}", "-o", "{tmp}/out.xml"),
    ("apply", "{doc}", "{fifo}"),
    ("import", "xliff", "{doc}", "{fifo}"),
    ("show", "{fifo}"),
])
def test_a_fifo_is_refused_at_once(tmp_path, fifo, args):
    doc = write_doc(tmp_path / "real.xml")
    argv = [a.format(fifo=fifo, doc=doc, tmp=tmp_path) for a in args]
    result = apostilla(*argv)
    assert result.returncode == 3, result.stderr
    assert "is a FIFO; apostilla reads regular files only" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_device_that_never_ends_is_refused(tmp_path):
    result = apostilla("new", "/dev/zero", "-o", tmp_path / "out.xml")
    assert result.returncode == 3 and "is a device" in result.stderr
    assert not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize("how", ["same path", "other spelling", "hard link"])
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_memo_never_replaces_the_document(tmp_path, fmt, how):
    doc = write_doc(tmp_path / "doc.xml")
    before = doc.read_bytes()
    target = {"same path": doc, "other spelling": tmp_path / ".." / tmp_path.name / "doc.xml",
              "hard link": tmp_path / "link.xml"}[how]
    if how == "hard link":
        os.link(doc, target)
    result = run_cli("export", fmt, doc, "-o", target)
    assert result.exit_code == 2 and "is the same file as" in result.stderr
    assert doc.read_bytes() == before


def test_new_never_writes_over_its_source(tmp_path):
    source = tmp_path / "story.txt"
    source.write_text("One paragraph.\n", encoding="utf-8")
    result = run_cli("new", source, "-o", source, "--force")
    assert result.exit_code == 2 and source.read_text(encoding="utf-8") == "One paragraph.\n"


def test_saving_leaves_the_temp_files_of_a_look_alike_document_alone(tmp_path):
    # "a.xml.99999" is another document; its live temp file must not be taken for a dead one of a.xml.
    other = tmp_path / f".a.xml.99999.{os.getpid()}.abcdefgh{TEMP_SUFFIX}"
    other.write_bytes(b"being written")
    dead = tmp_path / f".a.xml.999999999.abcdefgh{TEMP_SUFFIX}"   # no such process: a crash's leftover
    dead.write_bytes(b"left over")
    atomic_write(tmp_path / "a.xml", b"<x/>")
    clean_stale_temps(tmp_path / "a.xml")
    assert other.exists() and not dead.exists()


def test_a_file_with_classic_mac_line_ends_keeps_them(tmp_path):
    doc = tmp_path / "cr.xml"
    doc.write_bytes(TEI.format(body="Dock workers stopped.").replace("><", ">\r<").encode())
    assert run_cli("entity", "add", doc, "dock", "--type", "org", "--name", "Dock").exit_code == 0
    assert run_cli("entity", "tag", doc, "dock").exit_code == 0
    assert run_cli("remove", doc, "dock").exit_code == 0
    data = doc.read_bytes()
    assert b"\r" in data and b"\n" not in data


def test_internal_entities_are_read_as_their_text_everywhere(tmp_path):
    doc = tmp_path / "entities.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY pres "President Gustavo Petro">\n]>\n'
                   + TEI.format(body="&pres; said it."), encoding="utf-8")
    assert TeiDocument.load(doc).view.text == "President Gustavo Petro said it."
    assert "President Gustavo Petro said it." in run_cli("show", doc).stdout
    html = tmp_path / "memo.html"
    assert run_cli("export", "html", doc, "-o", html).exit_code == 0
    assert "President Gustavo Petro said it." in html.read_text(encoding="utf-8")
    result = run_cli("mark", doc, "--match", "Gustavo Petro", "--term", "es")
    assert result.exit_code == 0 and "&pres; (1x) are written out as their text" in result.stderr
    assert "President <term" in doc.read_text(encoding="utf-8")


def test_a_socket_given_as_a_template_is_named_as_one(tmp_path):
    import socket

    doc = write_doc(tmp_path / "real.xml")
    listening = socket.socket(socket.AF_UNIX)
    try:
        listening.bind(str(tmp_path / "styles.docx"))
        result = apostilla("export", "docx", doc, "-o", tmp_path / "memo.docx", "--template", tmp_path / "styles.docx")
    finally:
        listening.close()
    assert result.returncode == 3
    assert "styles.docx: is a socket; apostilla reads regular files only" in result.stderr
    assert not (tmp_path / "memo.docx").exists()
