"""The PDF memo: tagged and accessible, in the memo's language, read back by poppler's tools."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need_tool, run_cli
from tools import pdf_text

from apostilla.exports.memo import model as m
from apostilla.exports.memo.options import MemoOptions
from apostilla.exports.pdf import write as pdf_write
from apostilla.exports.writers import export_memo

from ..docx.test_docx import sample_memo
from ..seed import article_fixture

article = article_fixture()

SECTIONS_ES = ["Resumen", "Citas clave", "Quién es quién", "Fechas y cifras", "Texto anotado", "Procedencia"]


def export(doc: Path, out: Path, **options) -> Path:
    export_memo(doc, out, "pdf", MemoOptions(**options))
    return out


def pdfinfo(pdf: Path, *args: str) -> str:
    result = subprocess.run([need_tool("pdfinfo"), *args, str(pdf)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def struct_langs(data: bytes) -> set[str]:
    """The /Lang of every structure element (UTF-16 text strings)."""
    return {bytes.fromhex(h.decode())[2:].decode("utf-16-be")
            for h in re.findall(rb"/StructElem /S /\w+ /P \d+ 0 R(?: /Pg \d+ 0 R)? /Lang <([0-9A-F]+)>", data)}


def catalog_lang(data: bytes) -> str:
    found = re.search(rb"/Type /Catalog .*?/Lang <([0-9A-F]+)>", data)
    return bytes.fromhex(found.group(1).decode())[2:].decode("utf-16-be")


def test_pdfinfo_reports_a_tagged_pdf_in_the_memos_language(article, tmp_path):
    for lang in ("es", "en"):
        pdf = export(article, tmp_path / f"memo-{lang}.pdf", lang=lang, date="2026-01-07")
        info = pdfinfo(pdf)
        assert re.search(r"Tagged:\s+yes", info) and "Title:           US-Colombia tensions, January 2026" in info
        data = pdf.read_bytes()
        assert catalog_lang(data) == lang
        assert b"/MarkInfo << /Marked true >>" in data and b"<pdfuaid:part>1</pdfuaid:part>" in data
        other = "en" if lang == "es" else "es"
        assert other in struct_langs(data)          # the passages in the other language are tagged so
    tree = pdfinfo(tmp_path / "memo-es.pdf", "-struct-text")
    for tag in ("H1", "H2", "Table", "TR", "TH", "TD", "P (block)", "L (block)", "LI", "Span (inline)"):
        assert tag in tree, tag
    assert '"Resumen"' in tree and "/Scope /Column" in tree


def test_pdftotext_finds_every_section_the_spanish_summary_and_spanish_marks(article, tmp_path):
    text = flat(pdf_text(export(article, tmp_path / "memo.pdf", lang="es", classification="SIN CLASIFICAR")))
    for title in SECTIONS_ES:
        assert title in text, title
    assert "Petro convoca movilizaciones en toda Colombia el 7 de enero" in text
    assert "«very sick»" in text and "«Iza ya la bandera de Colombia en tu casa." in text
    assert "Traducción (revisada, Luis Vega)" in text and "Sin traducir (inglés)" in text
    assert "Presidente de Colombia" in text and "Venezuelan leader (sin traducir)" in text
    pages = int(re.search(r"Página 1 de (\d+)", text).group(1))
    assert text.count("SIN CLASIFICAR") == 2 * pages


def test_without_the_annotated_text_the_seed_memo_fits_on_two_pages(article, tmp_path):
    for lang in ("en", "es"):
        pdf = export(article, tmp_path / f"short-{lang}.pdf", lang=lang, classification="UNCLASSIFIED",
                     sections=("summary", "quotes", "people", "dates", "provenance"))
        assert int(re.search(r"Pages:\s+(\d+)", pdfinfo(pdf)).group(1)) <= 2
        text = flat(pdf_text(pdf))
        assert ("Annotated text" if lang == "en" else "Texto anotado") not in text


def test_the_parallel_layout_sets_original_and_translation_side_by_side(article, tmp_path):
    pdf = export(article, tmp_path / "parallel.pdf", lang="es", layout="parallel", sections=("text",))
    text = flat(pdf_text(pdf))
    assert "Original Traducción" in text
    assert "Tras la captura de Nicolás Maduro" in text and "Building on heightened US-Colombia" in text
    assert "Sin traducir (inglés)" in text
    tree = pdfinfo(pdf, "-struct-text")
    assert tree.count("TD") >= 12
    assert {"en", "es"} <= struct_langs(pdf.read_bytes())


def test_the_same_memo_gives_the_same_bytes(article, tmp_path):
    first = export(article, tmp_path / "a.pdf", lang="es").read_bytes()
    assert export(article, tmp_path / "b.pdf", lang="es").read_bytes() == first
    assert export(article, tmp_path / "c.pdf", lang="es", date="2026-02-01").read_bytes() != first


def test_text_that_means_something_to_pdf_stays_text():
    memo = sample_memo()
    memo.summary = [m.Para([m.Text("(parens) \\backslash <angle> BT /Name % & ) ET")])]
    data = pdf_write(memo, MemoOptions())
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")
    assert memo.warnings == []


def test_export_pdf_command_and_its_errors(article, tmp_path, monkeypatch):
    out = tmp_path / "memo.pdf"
    result = run_cli("export", "pdf", article, "-o", out, "--lang", "es", "--layout", "parallel")
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    assert run_cli("export", "pdf", article, "-o", out, "--layout", "wide").exit_code == 2
    monkeypatch.setitem(sys.modules, "fontTools", None)          # installed without the pdf extra
    result = run_cli("export", "pdf", article, "-o", tmp_path / "no.pdf")
    assert result.exit_code == 3 and len(result.stderr.splitlines()) == 1
    assert "pip install 'apostilla[pdf]'" in result.stderr and not (tmp_path / "no.pdf").exists()


def test_without_any_usable_font_the_pdf_says_what_to_install(tmp_path, monkeypatch):
    from apostilla.exports.pdf import fonts

    monkeypatch.setattr(fonts, "FONT_DIRS", ())
    monkeypatch.setenv("APOSTILLA_FONT_DIR", str(tmp_path))
    memo = sample_memo()
    with pytest.raises(Exception, match="fonts-liberation2 fonts-dejavu-core"):
        pdf_write(memo, MemoOptions())


def test_a_character_the_fonts_lack_is_reported_not_dropped_in_silence():
    memo = sample_memo()
    memo.summary = [m.Para([m.Text("Tokyo 東京")])]
    pdf_write(memo, MemoOptions())
    assert any("character(s) the fonts lack" in w and "東" in w for w in memo.warnings)
