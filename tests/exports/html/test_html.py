"""The HTML memo: one self-contained, valid, escaped page that a browser shows as a memo."""
from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import need_shared
from typer.testing import CliRunner

from apostilla.cli.main import app
from apostilla.exports.html import write as html_write
from apostilla.exports.writers import export_memo
from apostilla.exports.memo.options import MemoOptions

XHTML = "{http://www.w3.org/1999/xhtml}"
SOURCE_MARKS = "\"'“”‘’«»‹›„‚"

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title>Harbour <![CDATA[<b>talks</b>]]> &amp; strikes</title>
<respStmt xml:id="desk"><resp>annotation</resp><name>Southern desk</name></respStmt></titleStmt>
<publicationStmt><p>Working copy.</p></publicationStmt><sourceDesc><bibl><title>talks.txt</title></bibl></sourceDesc>
</fileDesc><revisionDesc><change when="2026-01-07T08:00:00Z" who="#desk">Created.</change></revisionDesc></teiHeader>
<text xml:lang="en"><body><div><head>Talks</head>
<p>The minister, <persName ref="#vera">Inés Vera</persName>, said: '<q xml:id="q1" xml:lang="es" who="#vera">Nadie se
queda atrás.</q>' A leaflet read '<q xml:id="q2" xml:lang="en">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</q>'.<note>Seen on
<date when="2026-01-06">6 January</date>.</note></p>
<quote xml:lang="es"><p>Bloque en español.</p></quote>
<list><item>one</item><item>two</item></list>
<table><row role="label"><cell>Port</cell><cell>Ships</cell></row><row><cell>Arica</cell><cell><num value="1200">1,200</num></cell></row></table>
<p>More at <ref target="https://example.org/?a=1&amp;b=2">the site</ref>.</p>
</div></body></text>
<standOff><listPerson><person xml:id="vera"><persName>Inés Vera</persName><occupation>Minister &lt;acting&gt;</occupation></person></listPerson>
<listAnnotation type="glosses"><annotation xml:id="q1-en" target="#q1" motivation="describing">
<respStmt><resp>translation</resp><name>Ana Ruiz</name></respStmt><revisionDesc><change status="reviewed" when="2026-01-07"/></revisionDesc>
<note type="translation" xml:lang="en">Nobody is left behind.</note></annotation></listAnnotation></standOff></TEI>
"""


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "talks.xml"
    path.write_text(DOC, encoding="utf-8")
    return path


def export(doc: Path, lang: str = "en", **options) -> tuple[str, Path]:
    out = doc.with_name(f"memo-{lang}.html")
    export_memo(doc, out, "html", MemoOptions(lang=lang, **options))
    return out.read_text(encoding="utf-8"), out


def parse(page: str):
    """The page parsed by a strict HTML5 parser: any parse error fails the test."""
    return html5lib.HTMLParser(strict=True).parse(page)


def text(element) -> str:
    """An element's text as a reader sees it: runs of (HTML) white space as one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(element.itertext())).strip(" ")


def find(tree, name: str) -> list:
    return list(tree.iter(XHTML + name))


def test_the_page_is_self_contained_valid_html5_with_a_print_stylesheet(doc):
    page, _ = export(doc, classification="UNCLASSIFIED")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in page and "@media print" in page and "@page" in page
    tree = parse(page)
    assert not find(tree, "script") and not find(tree, "link") and not find(tree, "img")
    assert not re.search(r"\b(src|srcset)=", page) and "url(" not in page
    assert [a.get("href") for a in find(tree, "a") if not a.get("href").startswith("#")] == [
        "https://example.org/?a=1&b=2"]
    for name in ("article", "header", "section", "table", "q", "blockquote", "footer", "ol"):
        assert find(tree, name), f"no <{name}>"
    assert [text(p) for p in find(tree, "p") if p.get("class") == "classification"] == ["UNCLASSIFIED"] * 2


def test_heading_block_and_sections_in_the_memo_order(doc):
    tree = parse(export(doc, to="Director", date="2026-01-07")[0])
    assert text(find(tree, "h1")[0]) == "MEMORANDUM"
    fields = dict(zip((text(d) for d in find(tree, "dt")), (text(d) for d in find(tree, "dd"))))
    # From: the last translator recorded (Ana Ruiz's gloss), not whoever ran the last command.
    assert fields["To"] == "Director" and fields["From"] == "Ana Ruiz"
    assert fields["Date"] == "January 7, 2026" and fields["Subject"] == "Harbour <b>talks</b> & strikes"
    assert [text(h) for h in find(tree, "h2")] == ["Summary", "Key quotes", "Who's who",
                                                   "Dates and figures", "Annotated text", "Notes", "Provenance"]


def test_document_text_is_escaped_never_markup(doc):
    page, _ = export(doc)
    tree = parse(page)
    leaflet = [q for q in find(tree, "q") if "alert" in text(q)]
    assert leaflet and all(text(q) == "“<script>alert(1)</script> & more”" for q in leaflet)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Minister &lt;acting&gt;" in page and "<b>" not in page
    hostile = "</style><script>alert(2)</script>"
    page, _ = export(doc, classification=hostile, to=hostile)
    assert not find(parse(page), "script") and page.count("</style>") == 1


def test_passages_in_another_language_carry_their_lang(doc):
    tree = parse(export(doc, lang="es")[0])
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    assert root.get("lang") == "es"
    spanish = [q for q in find(tree, "q") if q.get("lang") == "es"]
    assert {text(q) for q in spanish} == {"«Nadie se queda atrás.»"}   # the Spanish memo's marks
    assert len(spanish) == 3                                            # summary, key quotes, text
    body = [s for s in find(tree, "section") if s.get("class") == "text"][0]
    assert {p.get("lang") for p in body.findall(XHTML + "p")} == {"en"}  # the English text of a Spanish memo
    assert [b.get("lang") for b in find(tree, "blockquote")] == [None]  # Spanish, like the memo
    english = parse(export(doc, lang="en")[0])
    assert [b.get("lang") for b in find(english, "blockquote")] == ["es"]


def test_footnotes_link_both_ways(doc):
    tree = parse(export(doc)[0])
    calls = [a for a in find(tree, "a") if (a.get("href") or "").startswith("#fn-")]
    notes = [li for li in find(tree, "li") if (li.get("id") or "").startswith("fn-")]
    assert [a.get("href") for a in calls] == ["#fn-1", "#fn-2"]
    assert [a.get("id") for a in calls] == ["fnref-1", "fnref-2"]
    assert [li.get("id") for li in notes] == ["fn-1", "fn-2"]
    backs = [a.get("href") for li in notes for a in li.iter(XHTML + "a") if a.get("class") == "back"]
    assert backs == ["#fnref-1", "#fnref-2"]
    assert text(notes[0]).startswith("Translation (Ana Ruiz, reviewed): Nobody is left behind.")
    assert text(notes[1]).startswith("Seen on 6 January.")


def test_key_quote_table_marks_missing_and_needless_translations(doc):
    tree = parse(export(doc)[0])
    section = [s for s in find(tree, "section") if s.get("class") == "key-quotes"][0]
    rows = [[text(td) for td in tr.iter(XHTML + "td")] for tr in section.iter(XHTML + "tr")][1:]
    assert rows[0] == ["Inés Vera Minister <acting>", "“Nadie se queda atrás.” Spanish",
                       "Nobody is left behind. Ana Ruiz, reviewed"]
    assert rows[1][2] == "No translation needed"
    es = parse(export(doc, lang="es")[0])
    section = [s for s in find(es, "section") if s.get("class") == "key-quotes"][0]
    cells = [text(td) for td in section.iter(XHTML + "td")]
    assert "Falta la traducción" in cells and "No requiere traducción" in cells


def test_the_same_input_gives_the_same_bytes(doc):
    first = export(doc, lang="es")[1].read_bytes()
    assert export(doc, lang="es")[1].read_bytes() == first


def test_writers_refuse_nodes_they_do_not_know(doc):
    from apostilla.exports.writers import build

    memo = build(doc, MemoOptions())
    memo.body.append(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no rendering for object"):
        html_write(memo, MemoOptions())


# ---------------------------------------------------------------------------- the command


def run(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_export_html_command_writes_the_file_and_reports_warnings(doc, tmp_path):
    doc.write_text(DOC.replace("<p>More at", "<p><figure><head>A map</head></figure>More at"), encoding="utf-8")
    out = tmp_path / "memo.html"
    result = run("export", "html", doc, "-o", out, "--lang", "es", "--to", "Dirección", "--date", "2026-01-07",
                 "--subject", "Puertos", "--from", "Mesa sur", "--classification", "USO INTERNO")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert result.stderr == "apostilla: warning: memo: <figure> rendered as plain text (once)\n"
    page = out.read_text(encoding="utf-8")
    assert "7 de enero de 2026" in page and "Dirección" in page and "USO INTERNO" in page


@pytest.mark.parametrize("args, code, message", [
    (["--lang", "de"], 2, "--lang 'de': memos are written in en or es"),
    (["--date", "yesterday"], 2, "--date 'yesterday' is not an ISO 8601 day"),
])
def test_export_html_refuses_bad_options(doc, tmp_path, args, code, message):
    result = run("export", "html", doc, "-o", tmp_path / "x.html", *args)
    assert result.exit_code == code and message in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_export_html_of_a_missing_or_non_tei_file_is_bad_input(tmp_path):
    result = run("export", "html", tmp_path / "nope.xml", "-o", tmp_path / "x.html")
    assert result.exit_code == 3 and "no such file" in result.stderr
    (tmp_path / "x.xml").write_text("<doc/>", encoding="utf-8")
    result = run("export", "html", tmp_path / "x.xml", "-o", tmp_path / "x.html")
    assert result.exit_code == 3 and "not a TEI document" in result.stderr


# ---------------------------------------------------------------------------- in a browser


@pytest.mark.interop
def test_chromium_shows_the_quotes_as_text(doc, tmp_path):
    from tools import dump_dom, screenshot

    _, page = export(doc, lang="en", classification="UNCLASSIFIED")
    dom = dump_dom(page)
    assert "Nadie se queda atrás." in dom and 'lang="es"' in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert len(re.findall(r"<script\b", dom)) == 0
    png = screenshot(page, tmp_path / "memo.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_the_bench_briefing_and_a_corpus_play_are_valid_html(tmp_path):
    for source in (need_shared("bench", "small.xml"),
                   need_shared("corpus", "dracor-org__caldracor", "tei", "el-magico-prodigioso.xml")):
        out = tmp_path / (source.stem + ".html")
        export_memo(source, out, "html", MemoOptions(lang="es"))
        parse(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- any text at all

XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",),
                                 exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                    "\x1d\x1e\x1f\ufffe\uffff"), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(said=XML_TEXT, title=XML_TEXT)
def test_any_text_a_document_holds_comes_out_as_that_text(tmp_path, said, title):
    from lxml import etree

    root = etree.fromstring(DOC.encode("utf-8"))
    tei = "{http://www.tei-c.org/ns/1.0}"
    root.find(f"{tei}teiHeader/{tei}fileDesc/{tei}titleStmt/{tei}title").text = title
    quote = next(q for q in root.iter(f"{tei}q") if q.get("{http://www.w3.org/XML/1998/namespace}id") == "q2")
    quote.text = said
    path = tmp_path / "any.xml"
    path.write_bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True))
    page, _ = export(path)
    tree = parse(page)
    shown = [text(q) for q in find(tree, "q") if q.get("lang") == "en"]
    view = html_view(said)
    # One pair of marks shows: the memo's; a pair the text itself starts and ends with is taken out.
    inner = html_view(view[1:-1]) if len(view) > 1 and view[0] in SOURCE_MARKS and view[-1] in SOURCE_MARKS else None
    contents = [html_view(q[1:-1]) for q in shown if q[:1] == "“" and q[-1:] == "”"]
    assert view in contents or inner in contents, (view, shown)
    fields = dict(zip((text(d) for d in find(tree, "dt")), (text(d) for d in find(tree, "dd"))))
    assert fields["Subject"] == (html_view(title) or "untitled")   # never the file's name


def html_view(value: str) -> str:
    """What the page shows of a text: white space collapsed, characters HTML cannot carry as \ufffd."""
    shown = "".join("\ufffd" if 0x7F <= ord(c) <= 0x9F or 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE
                    else c for c in value)
    return re.sub(r"[ \t\n\r]+", " ", shown).strip(" ")


def test_characters_html_cannot_carry_are_replaced_and_reported(doc):
    doc.write_text(DOC.replace("Nadie se", "Nadie\u0085\u007f se"), encoding="utf-8")
    out = doc.with_name("c.html")
    memo = export_memo(doc, out, "html", MemoOptions())
    parse(out.read_text(encoding="utf-8"))
    assert "Nadie\ufffd\ufffd se" in out.read_text(encoding="utf-8")
    assert memo.warnings == ["html: 6 control or non-character(s) that HTML cannot carry shown as \ufffd"]


@pytest.mark.interop
def test_chromium_shows_the_spanish_seed_memo_with_its_marks_and_labels(tmp_path, monkeypatch):
    from tools import dump_dom, screenshot

    from ..seed import seed_article

    article = seed_article(tmp_path)
    out = tmp_path / "memo-es.html"
    export_memo(article, out, "html", MemoOptions(lang="es", layout="parallel"))
    dom = dump_dom(out)
    assert "«very sick»" in dom and "Sin traducir (inglés)" in dom and "Traducción (revisada, Luis Vega)" in dom
    assert '<div class="original" lang="en">' in dom and '<div class="translation" lang="es">' in dom
    assert "Petro convoca movilizaciones en toda Colombia" in dom
    png = screenshot(out, tmp_path / "memo.png")
    assert png.stat().st_size > 20_000
