"""LibreOffice opens the DOCX memo without complaint and prints what the memo says."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from .test_docx import _template, sample_memo
from tools import docx_to_pdf, pdf_text

from apostilla.exports.docx import write as docx_write
from apostilla.exports.memo.options import MemoOptions
from ..seed import article_fixture

article = article_fixture()

pytestmark = pytest.mark.interop


def write_docx(memo, template=None) -> bytes:
    """The DOCX writer with apostilla's look, or with a template."""
    return docx_write(memo, MemoOptions(template=template))


def printed(pdf: Path) -> str:
    """The PDF's text with every run of white space made one space (lines wrap anywhere)."""
    return re.sub(r"\s+", " ", pdf_text(pdf))


def test_libreoffice_prints_the_quote_its_footnote_and_page_numbers(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    memo.write_bytes(write_docx(sample_memo(classification="CONFIDENTIAL")))
    text = printed(docx_to_pdf(memo, tmp_path / "pdf"))
    assert "MEMORANDUM" in text
    assert "Iza ya la bandera de Colombia en tu casa." in text
    assert "Raise the flag of Colombia in your home now." in text      # the gloss, as a footnote
    assert "Posted on X on January 6, 2026." in text
    pages = int(re.search(r"Page 1 of (\d+)", text).group(1))
    assert f"Page {pages} of {pages}" in text
    assert text.count("CONFIDENTIAL") == 2 * pages                     # header and footer of each page
    assert docx.Document(str(memo)).paragraphs[0].text == "MEMORANDUM"


def test_libreoffice_prints_a_spanish_memo_in_a_house_template(tmp_path: Path) -> None:
    memo = tmp_path / "memo-es.docx"
    memo.write_bytes(write_docx(sample_memo("es"), _template(tmp_path / "house.docx")))
    text = printed(docx_to_pdf(memo, tmp_path / "pdf"))
    assert "Ministry of Examples - Letterhead" in text
    assert "Resumen" in text and "Texto anotado" in text
    assert re.search(r"Página 1 de \d", text)
    assert "Raise the flag of Colombia in your home now." in text


def test_libreoffice_prints_the_spanish_seed_memo_on_two_pages_with_its_summary_and_marks(article, tmp_path):
    from apostilla.exports.writers import export_memo

    memo = tmp_path / "memo-es.docx"
    export_memo(article, memo, "docx", MemoOptions(lang="es", classification="SIN CLASIFICAR",
                                                   sections=("summary", "quotes", "people", "dates", "provenance")))
    pdf = docx_to_pdf(memo, tmp_path / "pdf")
    text = printed(pdf)
    assert "Petro convoca movilizaciones en toda Colombia el 7 de enero" in text
    assert "«very sick»" in text and "«Iza ya la bandera de Colombia en tu casa." in text
    assert "Presidente de Colombia" in text and "Quién es quién" in text and "Texto anotado" not in text
    assert re.search(r"Página 2 de 2", text) and "Página 3" not in text
    # The last page holds more than a trailing line: provenance stays with its title.
    last = printed_page(pdf, 2)
    assert "Procedencia" in last and "Generado con" in last


def printed_page(pdf: Path, page: int) -> str:
    from tools import pdftotext, run

    result = run([pdftotext(), "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"], 60)
    return re.sub(r"\s+", " ", result.stdout)
