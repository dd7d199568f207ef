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
