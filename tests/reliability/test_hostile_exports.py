"""Document text that looks like HTML, OOXML or a spreadsheet formula comes out as inert text.

The edition's own words are data, never markup or code, in every format apostilla writes: the
HTML memo (read with html5lib, as a browser would), the DOCX memo (no field codes, no runs that
the text did not make), XLIFF, and the CSV listing that spreadsheets open.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import html5lib
import pytest
from apostilla.annotations.newdoc import new_document
from apostilla.annotations.operations import run
from conftest import IN_CI
from lxml import etree

from .helpers import apostilla

SCRIPT = '<script>alert("x")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
OOXML = "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>INJECTED"
FIELD = '{ DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" }'
FORMULA = "=cmd|' /C calc'!A0"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ARTICLE = f"""Ana Ruiz wrote {SCRIPT} and {IMAGE} on the wall.

She said: «{FORMULA}» and then «+SUM(1;2)».

The clerk typed {OOXML} and {FIELD} too.
"""


def need_export(kind: str) -> None:
    """Skip when this checkout has no `apostilla export KIND` yet; in CI that is a failure."""
    if apostilla("export", kind, "--help").code != 0:
        if IN_CI:
            pytest.fail(f"`apostilla export {kind}` is required in CI but does not exist")
        pytest.skip(f"`apostilla export {kind}` does not exist here yet")


@pytest.fixture
def hostile(tmp_path) -> Path:
    """An annotated document whose text, names, quotes and glosses hold each hostile string."""
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    doc = tmp_path / "article.xml"
    new_document(source, doc, title=f"Memo {SCRIPT}", lang="en")
    run(doc, "entity.add", {"id": "ana", "type": "person", "name": "Ana Ruiz", "role": f"clerk {OOXML}"})
    run(doc, "entity.add", {"id": "formula", "type": "org", "name": '=HYPERLINK("http://x.invalid","y")'})
    run(doc, "entity.tag", {"id": "ana"})
    run(doc, "quote.add", {"match": FORMULA, "lang": "en", "speaker": "ana"})
    run(doc, "gloss.add", {"target": "q1", "lang": "es", "text": f"{SCRIPT} {FORMULA}", "translator": IMAGE})
    run(doc, "mark", {"match": "+SUM(1;2)", "term": "es"})
    return doc


def test_html_memo_shows_the_text_and_runs_nothing(hostile, tmp_path):
    need_export("html")
    out = tmp_path / "memo.html"
    result = apostilla("export", "html", hostile, "-o", out, "--lang", "en")
    assert result.code == 0, result.stderr
    document = html5lib.parse(out.read_bytes(), namespaceHTMLElements=False)
    scripts = [s for s in document.iter("script") if "alert" in "".join(s.itertext())]
    assert scripts == []
    assert [e.tag for e in document.iter() if isinstance(e.tag, str) and e.tag == "img"] == []
    handlers = [(e.tag, a) for e in document.iter() if isinstance(e.tag, str) for a in e.attrib
                if a.lower().startswith("on")]
    assert handlers == []
    text = "".join(document.itertext())
    for hostile_text in (SCRIPT, IMAGE, OOXML, FORMULA):
        assert hostile_text in text


def test_docx_memo_keeps_the_text_as_text(hostile, tmp_path):
    need_export("docx")
    out = tmp_path / "memo.docx"
    result = apostilla("export", "docx", hostile, "-o", out, "--lang", "en")
    assert result.code == 0, result.stderr
    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name) for name in package.namelist() if name.endswith(".xml")}
    body = etree.fromstring(parts["word/document.xml"])
    fields = [e for e in body.iter(f"{W}instrText", f"{W}fldSimple", f"{W}fldChar")]
    assert fields == [], "document text became a Word field"
    runs_text = ["".join(r.itertext()) for r in body.iter(f"{W}r")]
    # The injected closing tags stay inside one run's text: no run holds INJECTED alone.
    assert any(OOXML in t for t in runs_text)
    assert all(t.strip() != "INJECTED" for t in runs_text)
    text = "".join(body.itertext())
    for hostile_text in (FIELD, FORMULA, SCRIPT):
        assert hostile_text in text
    for name, data in parts.items():
        etree.fromstring(data)  # every part is still well-formed XML
        assert b"<script" not in data, name


def test_xliff_carries_the_text_verbatim(hostile, tmp_path):
    need_export("xliff")
    out = tmp_path / "memo.xlf"
    result = apostilla("export", "xliff", hostile, "-o", out, "--target-lang", "fr", "--all")
    assert result.code == 0, result.stderr
    root = etree.parse(str(out)).getroot()
    sources = ["".join(s.itertext()) for s in root.iter("{*}source")]
    assert FORMULA in sources and "+SUM(1;2)" in sources
    assert not [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "script"]


def test_csv_listing_keeps_formulas_from_running_in_a_spreadsheet(hostile):
    for kind in ("quotes", "entities", "terms", "glosses"):
        result = apostilla("list", hostile, kind, "--format", "csv")
        assert result.code == 0, result.stderr
        for row in csv.reader(io.StringIO(result.stdout)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), f"{kind}: {cell}"
