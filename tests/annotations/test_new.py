"""A translator starts a project: plain text in, a TEI document out, or one clear error."""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from apostilla.annotations import tei
from apostilla.annotations.newdoc import new_document, split_paragraphs

from conftest import run_cli


def paragraphs(doc: Path) -> list[str]:
    tree = etree.parse(str(doc))
    return ["".join(p.itertext()) for p in tree.iter(tei.tei("p")) if p.get(tei.XML_ID)]


def test_the_seed_article_becomes_six_paragraphs_valid_for_tei_all(seed_text, tei_all, jing, tmp_path):
    out = tmp_path / "a.xml"
    result = run_cli("new", str(seed_text), "-o", str(out), "--title", "US-Colombia tensions")
    assert result.exit_code == 0, result.stderr
    source_lines = [line for line in seed_text.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert paragraphs(out) == source_lines
    assert len(source_lines) == 6
    check = subprocess.run([jing, str(tei_all), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_header_records_title_languages_source_hash_and_first_change(tmp_path):
    src = tmp_path / "brief.txt"
    src.write_bytes("Primera línea.\n\nSegunda.\n".encode())
    out = tmp_path / "brief.xml"
    new_document(src, out, title="Brief", lang="es", by="Ana Ruiz")
    tree = etree.parse(str(out))
    ns = {"t": tei.TEI_NS}
    assert tree.findtext(".//t:titleStmt/t:title", namespaces=ns) == "Brief"
    assert tree.find(".//t:langUsage/t:language", namespaces=ns).get("ident") == "es"
    assert tree.findtext(".//t:sourceDesc//t:title", namespaces=ns) == "brief.txt"
    assert tree.findtext(".//t:sourceDesc//t:idno[@type='sha256']", namespaces=ns) == \
        hashlib.sha256(src.read_bytes()).hexdigest()
    change = tree.find(".//t:revisionDesc/t:change", namespaces=ns)
    assert change.get("who") == "#ana-ruiz" and change.get("when")
    assert tree.xpath("//t:respStmt[@xml:id='ana-ruiz']/t:name/text()", namespaces=ns) == ["Ana Ruiz"]
    assert tree.find(".//t:text", namespaces=ns).get(tei.XML_LANG) == "es"
    assert [p.get(tei.XML_ID) for p in tree.iter(tei.tei("p")) if p.get(tei.XML_ID)] == ["p1", "p2"]


@pytest.mark.parametrize("raw, expected", [
    ("one\ntwo\nthree\n", ["one", "two", "three"]),                 # no blank line: one per line
    ("one\nstill one\n\ntwo\n", ["one\nstill one", "two"]),          # blank lines separate
    ("\n\nonly\n\n", ["only"]),                                      # blank ends separate nothing
    ("a\n   \nb", ["a", "b"]),                                       # white space counts as blank
])
def test_paragraph_rules(raw, expected):
    assert split_paragraphs(raw) == expected


def test_bom_crlf_and_decomposed_text_are_normalised(tmp_path):
    src = tmp_path / "win.txt"
    src.write_bytes(b"\xef\xbb\xbf" + "Bogota\u0301 hoy\r\nQuito\r\n".encode())
    out = tmp_path / "win.xml"
    new_document(src, out)
    assert paragraphs(out) == ["Bogotá hoy", "Quito"]


def test_refuses_to_overwrite_without_force(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("text\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    out.write_text("precious", encoding="utf-8")
    result = run_cli("new", str(src), "-o", str(out))
    assert result.exit_code == 4
    assert out.read_text(encoding="utf-8") == "precious"
    assert run_cli("new", str(src), "-o", str(out), "--force").exit_code == 0
    assert paragraphs(out) == ["text"]


def _bad(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("name, content, words", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "no text"),
    ("blank.txt", b"  \n\n \n", "no text"),
    ("binary.bin", bytes(range(256)) * 4, "UTF-8"),
    ("nul.txt", b"text\x00more\n", "control character"),
    ("latin1.txt", "Bogotá\n".encode("latin-1"), "not UTF-8"),
])
def test_bad_sources_give_one_line_and_exit_3(tmp_path, name, content, words):
    src = _bad(tmp_path, name, content)
    out = tmp_path / "out.xml"
    result = run_cli("new", str(src), "-o", str(out))
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"apostilla: error: {src}")
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_latin1_error_points_at_line_and_column(tmp_path):
    src = _bad(tmp_path, "l.txt", "first line\nsecond Bogotá\n".encode("latin-1"))
    result = run_cli("new", str(src), "-o", str(tmp_path / "o.xml"))
    assert f"{src}:2:13:" in result.stderr


def test_a_directory_as_source(tmp_path):
    result = run_cli("new", str(tmp_path), "-o", str(tmp_path / "o.xml"))
    assert result.exit_code == 3 and "directory" in result.stderr


@pytest.fixture
def unwritable_dir(tmp_path):
    """A folder nobody may write into: mode 0500, or for root a read-only file system."""
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    if os.geteuid() != 0:
        yield folder
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.fail("running as root, and a read-only tmpfs cannot be mounted to test this")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_unwritable_output_folder(tmp_path, unwritable_dir):
    src = _bad(tmp_path, "s.txt", b"text\n")
    result = run_cli("new", str(src), "-o", str(unwritable_dir / "o.xml"))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"apostilla: error: {unwritable_dir / 'o.xml'}: cannot write")
    assert list(unwritable_dir.iterdir()) == []


def test_output_in_a_missing_folder_or_on_a_read_only_place(tmp_path):
    src = _bad(tmp_path, "s.txt", b"text\n")
    result = run_cli("new", str(src), "-o", str(tmp_path / "nowhere" / "o.xml"))
    assert result.exit_code == 4 and "folder does not exist" in result.stderr
    result = run_cli("new", str(src), "-o", "/proc/apostilla-test.xml")
    assert result.exit_code == 4 and result.stderr.count("\n") == 1


def test_output_that_is_a_directory(tmp_path):
    src = _bad(tmp_path, "s.txt", b"text\n")
    result = run_cli("new", str(src), "-o", str(tmp_path), "--force")
    assert result.exit_code == 4 and "directory" in result.stderr


def test_malformed_language_tag(tmp_path):
    src = _bad(tmp_path, "s.txt", b"text\n")
    result = run_cli("new", str(src), "-o", str(tmp_path / "o.xml"), "--lang", "spanish_CO")
    assert result.exit_code == 3 and "BCP 47" in result.stderr
