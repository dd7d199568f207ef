"""DOCX, HTML and PDF render one memo: the same marks, labels and languages, the same bytes each time."""
from __future__ import annotations

import io
import re
import zipfile

import docx
import html5lib
import pytest
from lxml import etree

from apostilla.exports.memo.options import MemoOptions
from apostilla.exports.writers import WRITERS, build, writer

from .seed import article_fixture

article = article_fixture()

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def render(article, fmt: str, **options) -> bytes:
    chosen = MemoOptions(**options)
    return writer(fmt)(build(article, chosen), chosen)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def html_text(data: bytes) -> str:
    tree = html5lib.HTMLParser(strict=True).parse(data.decode("utf-8"))
    return re.sub(r"\s+", " ", "".join(tree.itertext()))


def test_every_format_gives_the_same_bytes_for_the_same_input(article):
    assert sorted(WRITERS) == ["docx", "html", "pdf"]
    for fmt in WRITERS:
        for layout in ("memo", "parallel"):
            assert render(article, fmt, lang="es", layout=layout) == render(article, fmt, lang="es", layout=layout)


@pytest.mark.parametrize("lang, shown", [("es", "«very sick»"), ("en", "“very sick”")])
def test_docx_and_html_show_the_same_quotation_marks_and_no_italics_for_quotes(article, lang, shown):
    page = html_text(render(article, "html", lang=lang))
    word = docx_text(render(article, "docx", lang=lang))
    assert shown in page and shown in word
    assert "'very sick'" not in page and "'very sick'" not in word
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(render(article, "docx", lang=lang))).read("word/document.xml"))
    quoted = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}rStyle") is not None
              and r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "InlineQuote"]
    assert quoted and all(r.find(f"{W}rPr/{W}i") is None for r in quoted)
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(render(article, "docx", lang=lang))).read("word/styles.xml"))
    inline_quote = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "InlineQuote")
    assert inline_quote.find(f".//{W}i") is None


def test_docx_and_html_mark_the_same_passages_as_translated_or_not(article):
    page = html_text(render(article, "html", lang="es"))
    word = docx_text(render(article, "docx", lang="es"))
    for label in ("Traducción (revisada, Luis Vega)", "Traducción (aprobada, Luis Vega)",
                  "Traducción (borrador, Luis Vega)", "Sin traducir (inglés)", "Venezuelan leader (sin traducir)"):
        assert label in page and label in word, label
    assert page.count("Sin traducir (inglés)") == word.count("Sin traducir (inglés)") == 2


def test_the_parallel_layout_is_a_table_in_docx_and_a_grid_in_html_each_column_tagged(article):
    data = render(article, "docx", lang="es", layout="parallel", sections="text")
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    [table] = body.iter(f"{W}tbl")
    rows = table.findall(f"{W}tr")
    assert [len(r.findall(f"{W}tc")) for r in rows] == [2] * len(rows) and len(rows) == 7
    left, right = rows[5].findall(f"{W}tc")                        # the fifth paragraph: untranslated
    langs = {el.get(f"{W}val") for el in left.iter(f"{W}lang")}
    assert langs == {"en-US"} and "Sin traducir (inglés)" in "".join(t.text for t in right.iter(f"{W}t"))
    tree = html5lib.HTMLParser(strict=True).parse(render(article, "html", lang="es", layout="parallel").decode())
    grid = next(d for d in tree.iter(f"{XHTML}div") if d.get("class") == "parallel")
    columns = [(d.get("class"), d.get("lang")) for d in grid if d.tag == f"{XHTML}div"]
    assert columns[:2] == [("original", "en"), ("translation", "es")] and len(columns) == 12
