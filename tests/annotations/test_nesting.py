"""New spans nest inside or around whole elements; a partial overlap is refused; nothing moves."""
from __future__ import annotations

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.common.errors import Overlap
from apostilla.annotations.marks import mark
from apostilla.annotations.quotes import add_quote

from .helpers import new_story, ok, paragraphs, refused, snippet, tei_file, STORY


def inner(doc: TeiDocument, ident: str = "p1") -> str:
    """A paragraph's content as XML, without the namespace declaration."""
    from lxml import etree
    node = doc.get(ident)
    xml = etree.tostring(node, encoding="unicode", with_tail=False)
    return xml.split(">", 1)[1].rsplit("</", 1)[0].replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def load(tmp_path, body: str) -> TeiDocument:
    return TeiDocument.load(tei_file(tmp_path, body))


def test_a_name_tagged_inside_an_existing_quote(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "tag", doc, "quito")
    assert '«<q xml:id="q1" xml:lang="es">No vamos a rendirnos, <placeName xml:id="quito-m2" ref="#quito">Quito' \
           '</placeName> no se rinde.</q>»' in snippet(doc, "p2")


def test_a_quote_around_names_already_tagged(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García")
    ok("entity", "add", doc, "ruiz", "--type", "person", "--name", "Ana Ruiz")
    ok("entity", "tag", doc, "--every")
    ok("quote", "add", doc, "--match", "Lucía García, met Ana Ruiz", "--lang", "en")
    assert snippet(doc, "p1").startswith(
        '<p xml:id="p1">The mayor of Quito, <q xml:id="q1" xml:lang="en"><persName xml:id="garcia-m1" '
        'ref="#garcia">Lucía García</persName>, met <persName xml:id="ruiz-m1" ref="#ruiz">Ana Ruiz</persName></q>')


def test_a_quote_of_exactly_a_name_goes_around_it_and_a_date_of_exactly_a_quote_inside_it(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "García")
    ok("entity", "tag", doc, "garcia", "--match", "García", "--in", "p3")
    ok("quote", "add", doc, "--match", "García", "--in", "p3", "--lang", "es")
    ok("mark", doc, "--match", "García", "--in", "p3", "--date", "2026")
    assert snippet(doc, "p3").startswith(
        '<p xml:id="p3">Later <q xml:id="q1" xml:lang="es"><persName xml:id="garcia-m1" ref="#garcia">'
        '<date xml:id="d1" when="2026">García</date></persName></q> thanked')


def test_a_date_inside_a_spanish_quote(tmp_path):
    doc = new_story(tmp_path, "Dijo: 'El miércoles nos vemos en la plaza.' Y se fue.\n")
    ok("quote", "add", doc, "--match", "El miércoles ... plaza.", "--lang", "es", "--id", "q-plaza")
    ok("mark", doc, "--match", "El miércoles", "--date", "2026-01-07")
    assert snippet(doc, "p1") == (
        "<p xml:id=\"p1\">Dijo: '<q xml:id=\"q-plaza\" xml:lang=\"es\"><date xml:id=\"d1\" when=\"2026-01-07\">"
        "El miércoles</date> nos vemos en la plaza.</q>' Y se fue.</p>")


def test_a_partial_overlap_is_refused_naming_the_element_and_its_id(tmp_path):
    doc = new_story(tmp_path)
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es")
    line = refused(doc, "mark", doc, "--match", "reporters: «No vamos", "--term", "en")
    assert line.endswith("the selection would partially overlap <q xml:id='q1'>; "
                         "select all of it or a part inside it")


def test_an_element_without_id_is_named_by_its_line(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">x <hi>one two</hi> three</p>')
    with pytest.raises(Overlap, match=r"partially overlap <hi> at line 2"):
        mark(doc, "two three", term="en")


def test_a_span_across_an_lb_keeps_it_inside_and_a_span_beside_one_leaves_it_outside(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">Gar<lb/>cía word<lb/>next</p>')
    mark(doc, "García", term="es")
    mark(doc, "word", term="en")
    mark(doc, "next", term="en")
    assert inner(doc) == ('<term xml:id="t1" xml:lang="es">Gar<lb/>cía</term> <term xml:id="t2" xml:lang="en">'
                          'word</term><lb/><term xml:id="t3" xml:lang="en">next</term>')


def test_spans_take_in_tails_comments_and_processing_instructions_whole(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1"><hi>Ana Ma</hi>ría and a<!-- c -->b<?pi x?>c end</p>')
    mark(doc, "Ana María", term="es")
    mark(doc, "abc", term="en")
    assert inner(doc) == ('<term xml:id="t1" xml:lang="es"><hi>Ana Ma</hi>ría</term> and '
                          '<term xml:id="t2" xml:lang="en">a<!-- c -->b<?pi x?>c</term> end')


def test_a_quote_of_exactly_an_inline_element_wraps_it(tmp_path):
    doc = load(tmp_path, '<p xml:id="p1">he said <hi rend="italic">basta</hi> twice</p>')
    add_quote(doc, "basta", "es")
    mark(doc, "basta", term="es")
    assert inner(doc) == ('he said <q xml:id="q1" xml:lang="es"><hi rend="italic"><term xml:id="t1" '
                          'xml:lang="es">basta</term></hi></q> twice')


def test_the_text_never_changes_whatever_is_nested(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "tag", doc, "--every")
    ok("quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia")
    ok("quote", "add", doc, "--match", "mayor of Quito, Lucía García", "--lang", "en")
    ok("mark", doc, "--match", "Quito no se rinde", "--term", "es")
    ok("mark", doc, "--match", "rendirnos", "--term", "es")
    assert paragraphs(doc) == [p.strip() for p in STORY.split("\n\n")]
