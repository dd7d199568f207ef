"""`apostilla demo`: the README's first command, from sample text to four memos."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import need_shared, need_tool
from typer.testing import CliRunner

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.query import status
from apostilla.cli.main import app
from apostilla.exports import writers

MADE = ["brief.txt", "batch.jsonl", "brief.xml", "validation.txt",
        "memo-en.docx", "memo-es.docx", "memo-en.html", "memo-es.html", "memo-es.pdf"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo run for the module's stories: its folder and what it printed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1772539200")  # 2026-03-03
        patch.setenv("APOSTILLA_USER", "Test Runner")
        folder = tmp_path_factory.mktemp("demo") / "out"
        result = run("demo", "-o", folder)
    assert result.exit_code == 0, result.stderr
    return folder, result.stdout


def test_demo_prints_one_line_per_file_it_made(demo):
    folder, printed = demo
    lines = printed.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [str(folder / name) for name in MADE]
    assert all((folder / name).stat().st_size > 0 for name in MADE)
    assert "35 operations applied" in lines[2] and "2 memo.set" in lines[2]
    assert lines[3].endswith("validation report: 1 document: 1 valid, 0 invalid; 0 errors, 0 warnings")


def test_the_sample_is_annotated_through_apply(demo):
    folder, _ = demo
    counts = status(TeiDocument.load(folder / "brief.xml"))
    assert (counts["entities"], counts["quotes"], counts["glosses"], counts["dates"], counts["measures"],
            counts["terms"]) == (8, 4, 5, 3, 4, 1)
    assert counts["coverage"]["quotes"] == {"glossed": 3, "total": 4}


def test_the_memos_are_in_both_languages(demo):
    folder, _ = demo
    en = (folder / "memo-en.html").read_text(encoding="utf-8")
    es = (folder / "memo-es.html").read_text(encoding="utf-8")
    assert "March 3, 2026" in en and "We will not accept a machine deciding" in en
    assert "3 de marzo de 2026" in es and "innegociable" in es and "Falta la traducción" in es
    # The Spanish memo opens with the Spanish summary set in the batch, and the first paragraph in Spanish.
    assert es.index("La huelga portuaria de Valparaíso") < es.index("Citas clave")
    assert "Los estibadores de Valparaíso pararon" in es and "Sin traducir (inglés)" in es
    assert "4.500.000" in es and "$4,500,000" in en
    for name, words in (("memo-en.docx", "MEMORANDUM"), ("memo-es.docx", "MEMORÁNDUM")):
        with zipfile.ZipFile(folder / name) as package:
            assert words in package.read("word/document.xml").decode("utf-8")


# The memos' digests (SOURCE_DATE_EPOCH and the user fixed above, version 0.1.0). A change to
# what a memo shows changes these on purpose, and says so here; a change to how the code is laid
# out must not. Last changed on purpose: the memo in either language (passages marked translated
# or not, roles per language, the memo language's quotation marks with the source's taken out,
# who's who with places and events, one row per date, From the last translator), and the sample
# batch now sets a summary in each language and translates its first paragraph into Spanish. The
# demo document keeps undo records (its SHA-256, printed in the memos, is new). The
# PDF is not pinned here: its bytes depend on the fonts the machine has (the run below shows they
# are the same from one run to the next).
MEMO_DIGESTS = {
    "memo-en.docx": "d7901f92031b5ee17ed6bded4e649719e787cbf6cd3cbea814f2125a968d9f1f",
    "memo-en.html": "ad90fe1f918573b30d6bf3dea50c510be29c76f3ff5a5a72eaca021efd27da23",
    "memo-es.docx": "ee93314e128b1c91452d9bb6fedb7c905625e6d9bdb82a1cca36748dd06cad51",
    "memo-es.html": "d4cb0068688532a1e1f8f414905fe402daa2284de0f44ca1d5c81a49d67f277a",
}


def test_the_demo_memos_have_the_bytes_recorded_for_them(demo):
    import hashlib

    folder, _ = demo
    found = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in MEMO_DIGESTS}
    assert found == MEMO_DIGESTS


def test_the_demo_document_is_valid_tei_for_jing(demo):
    folder, _ = demo
    jing = need_tool("jing")
    result = subprocess.run([jing, str(need_shared("corpus", "schema", "tei_all.rng")), str(folder / "brief.xml")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_running_the_demo_again_gives_the_same_files(tmp_path):
    folder = tmp_path / "again"
    assert run("demo", "-o", folder).exit_code == 0
    first = {name: (folder / name).read_bytes() for name in MADE}
    assert run("demo", "-o", folder).exit_code == 0
    assert {name: (folder / name).read_bytes() for name in MADE} == first
    assert sorted(p.name for p in folder.iterdir()) == sorted(MADE)


def test_demo_into_a_file_is_a_write_error(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder", encoding="utf-8")
    result = run("demo", "-o", target)
    assert result.exit_code == 4 and "is a file, not a folder" in result.stderr


def test_without_a_docx_writer_the_demo_stops_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(writers.WRITERS, "docx", writers.Writer("apostilla.exports.no_such_writer", "nothing"))
    result = run("demo", "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert "the DOCX memo writer (apostilla.exports.no_such_writer) is not part of this installation" in result.stderr
    assert not (tmp_path / "out" / "memo-en.docx").exists() and not (tmp_path / "out" / "memo-en.html").exists()
    assert "validation.txt" in result.stdout   # what was made before the failure is still listed


def test_an_invalid_sample_stops_the_demo_after_its_report(tmp_path, monkeypatch):
    # A schema the sample cannot meet: the demo must report it and make no memo.
    strict = tmp_path / "strict.rng"
    strict.write_text('<element name="memo" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>',
                      encoding="utf-8")
    from apostilla.cli import demo as demo_module
    real = demo_module.validate
    monkeypatch.setattr(demo_module, "validate", lambda doc: real(doc, schemas=(strict,)))
    result = run("demo", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "the annotated sample is not valid" in result.stderr
    assert "1 invalid" in (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8")
    assert not list(Path(tmp_path / "out").glob("memo-*"))


def test_without_the_pdf_extra_the_demo_makes_the_other_memos_and_says_why(tmp_path, monkeypatch):
    from apostilla.cli import demo as demo_module

    monkeypatch.setattr(demo_module, "pdf_available", lambda: False)
    result = run("demo", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "memo-es.pdf" in line)
    assert line.endswith("not made: PDF memos need the pdf extra (pip install 'apostilla[pdf]')")
    assert not (tmp_path / "out" / "memo-es.pdf").exists() and (tmp_path / "out" / "memo-es.html").exists()
