"""The text view: one string for the running text, and every span edit through it."""
from __future__ import annotations

import pytest
from lxml import etree

from apostilla.annotations import tei
from apostilla.common.errors import Overlap
from apostilla.annotations.textview import TextView

NS = f'xmlns="{tei.TEI_NS}"'


def view_of(xml: str) -> tuple[TextView, etree._Element]:
    root = etree.fromstring(f"<text {NS}>{xml}</text>", etree.XMLParser(huge_tree=True))
    return TextView(root), root


def serialized(root: etree._Element) -> str:
    text = etree.tostring(root, encoding="unicode")
    return text.replace(f" {NS}", "")


def test_text_is_every_text_and_tail_in_order():
    view, _ = view_of("<p>Hello <hi>big</hi> world<lb/>again</p><p>Two</p>")
    assert view.text == "Hello big worldagainTwo"


def test_comments_pis_and_entities_add_no_text_but_their_tails_count():
    view, _ = view_of("<p>a<!-- hidden -->b<?pi data?>c</p>")
    assert view.text == "abc"


def test_locate_maps_offsets_back_to_text_or_tail():
    view, root = view_of("<p>ab<hi>cd</hi>ef</p>")
    p = root[0]
    hi = p[0]
    assert view.locate(0) == (p, "text", 0)
    assert view.locate(2) == (hi, "text", 0)
    assert view.locate(5) == (hi, "tail", 1)


def test_astral_characters_count_as_one_character():
    view, root = view_of("<p>😀 Quito 𝔸</p>")
    assert view.text.index("Quito") == 2
    node = view.wrap(2, 7, tei.tei("placeName"))
    assert node.text == "Quito"
    assert view.text == "😀 Quito 𝔸"


def test_wrap_inside_one_text_node():
    view, root = view_of("<p>Lucía García said</p>")
    view.wrap(0, 12, tei.tei("persName"), {"ref": "#garcia"})
    assert serialized(root) == '<text><p><persName ref="#garcia">Lucía García</persName> said</p></text>'


def test_wrap_across_existing_markup_moves_whole_elements_inside():
    view, root = view_of("<p>'No <persName>vamos</persName> a rendirnos,' dijo</p>")
    start = view.text.index("No")
    end = view.text.index(",")
    view.wrap(start, end, tei.tei("q"))
    assert serialized(root) == "<text><p>'<q>No <persName>vamos</persName> a rendirnos</q>,' dijo</p></text>"
    assert view.text == "'No vamos a rendirnos,' dijo"


def test_wrap_inside_an_existing_element():
    view, root = view_of("<p><q>Ahora en Bogotá hoy</q></p>")
    start = view.text.index("Bogotá")
    node = view.wrap(start, start + 6, tei.tei("placeName"))
    assert node.getparent().tag == tei.tei("q")
    assert serialized(root) == "<text><p><q>Ahora en <placeName>Bogotá</placeName> hoy</q></p></text>"


def test_partial_overlap_is_refused_naming_the_element():
    view, root = view_of('<p>one <persName xml:id="m1">two three</persName> four</p>')
    start = view.text.index("three")
    before = serialized(root)
    with pytest.raises(Overlap, match="persName xml:id='m1'"):
        view.wrap(start, len(view.text), tei.tei("q"))
    assert serialized(root) == before


def test_empty_elements_at_the_edges_stay_outside():
    view, root = view_of("<p>one<lb/>two<lb/>three</p>")
    start, end = view.text.index("two"), view.text.index("two") + 3
    view.wrap(start, end, tei.tei("hi"))
    assert serialized(root) == "<text><p>one<lb/><hi>two</hi><lb/>three</p></text>"


def test_an_empty_element_inside_the_span_moves_in():
    view, root = view_of("<p>one<lb/>two</p>")
    view.wrap(0, 6, tei.tei("q"))
    assert serialized(root) == "<text><p><q>one<lb/>two</q></p></text>"


def test_outer_wraps_an_element_with_exactly_the_same_text():
    view, root = view_of("<p>say <persName>Petro</persName> now</p>")
    start = view.text.index("Petro")
    view.wrap(start, start + 5, tei.tei("q"), outer=True)
    assert serialized(root) == "<text><p>say <q><persName>Petro</persName></q> now</p></text>"


def test_inner_nests_inside_an_element_with_exactly_the_same_text():
    view, root = view_of("<p>say <q>Petro</q> now</p>")
    start = view.text.index("Petro")
    view.wrap(start, start + 5, tei.tei("persName"))
    assert serialized(root) == "<text><p>say <q><persName>Petro</persName></q> now</p></text>"


def test_unwrap_restores_the_exact_tree():
    original = "<p>a <hi>b <lb/>c</hi> d<!-- x --> e</p>"
    view, root = view_of(original)
    before = serialized(root)
    node = view.wrap(2, 7, tei.tei("q"))
    view.unwrap(node)
    assert serialized(root) == before
    assert view.text == "a b c d e"


def test_the_map_stays_right_after_many_edits():
    view, root = view_of("<p>" + " ".join(f"w{i}" for i in range(200)) + "</p>")
    text = view.text
    for i in range(0, 200, 3):
        start = text.index(f"w{i} ") if i < 199 else text.index(f"w{i}")
        view.wrap(start, start + len(f"w{i}"), tei.tei("name"))
    fresh = TextView(root)
    assert fresh.text == text
    for node in root.iter(tei.tei("name")):
        assert view.range_of(node) == fresh.range_of(node)
        start, end = view.range_of(node)
        assert text[start:end] == node.text


def test_deep_nesting_does_not_hit_the_recursion_limit():
    depth = 1500
    xml = "<p>" + "<hi>" * depth + "deep" + "</hi>" * depth + "</p>"
    view, _ = view_of(xml)
    assert view.text == "deep"
    assert view.block_at(0).tag == tei.tei("p")


@pytest.mark.parametrize("original", [
    "<p>a <hi>b</hi> c <name>d</name> e</p>",              # after a sibling, text only
    "<p>a <hi>b</hi> c <name>d <lb/>f</name> e</p>",       # after a sibling, with a child
    "<p>a <hi>b</hi><name>d</name></p>",                   # right after a sibling, no tail
    "<p><hi>b</hi><name><lb/></name> e</p>",               # nothing but a child
])
def test_unwrapping_an_element_after_its_siblings_keeps_its_text_in_place(original):
    view, root = view_of(original)
    before_text = view.text
    node = root.find(f".//{{{tei.TEI_NS}}}name")
    view.unwrap(node)
    assert view.text == before_text
    assert serialized(root) == "<text>" + original.replace("<name>", "").replace("</name>", "") + "</text>"


def test_an_outer_wrap_takes_the_elements_that_hold_exactly_the_span_and_no_more():
    view, root = view_of("<p>x <hi><emph>word</emph> more</hi> y</p>")
    start = view.text.index("word")
    view.wrap(start, start + 4, tei.tei("q"), outer=True)
    assert serialized(root) == "<text><p>x <hi><q><emph>word</emph></q> more</hi> y</p></text>"


def test_unwrapping_an_element_with_several_children_keeps_them_in_order():
    original = "<p>a <hi>b</hi> <hi>c</hi> <name>d <lb/>f<lb/>g<lb/>h</name> e <hi>z</hi></p>"
    view, root = view_of(original)
    view.unwrap(root.find(f".//{{{tei.TEI_NS}}}name"))
    assert serialized(root) == "<text><p>a <hi>b</hi> <hi>c</hi> d <lb/>f<lb/>g<lb/>h e <hi>z</hi></p></text>"


def test_locate_at_the_first_character_after_an_element_and_in_a_later_tail():
    view, root = view_of("<p>ab<hi>cd</hi>ef<hi>gh</hi>ij</p>")
    p = root[0]
    first, second = p[0], p[1]
    assert view.locate(4) == (first, "tail", 0)    # where <hi>cd</hi> ends: not inside it
    assert view.locate(9) == (second, "tail", 1)   # past the first tail, whose end must be right


def test_unwrapping_the_first_child_joins_its_text_to_the_parents():
    view, root = view_of("<p>Hello <date>today</date> now</p>")
    view.unwrap(root[0][0])
    assert serialized(root) == "<text><p>Hello today now</p></text>"
    assert view.text == "Hello today now"


def test_the_views_cache_of_children_matches_a_fresh_view_after_wraps_across_children():
    xml = "<p>" + " ".join(f"<hi>w{i}</hi> x{i}" for i in range(12)) + "</p>"
    view, root = view_of(xml)
    text = view.text
    # Wraps that take in one, two and three children in turn, at odd and even child positions.
    spans = []
    for word in ("w1", "w3 x3 w4", "w6", "w8 x8 w9 x9 w10"):
        start = text.index(word)
        spans.append((start, start + len(word)))
    for start, end in spans:
        view.wrap(start, end, tei.tei("seg"))
        fresh = TextView(root)
        for node in root.iter():
            assert view.range_of(node) == fresh.range_of(node)
            assert view.children(node) == fresh.children(node)
    assert "".join(root.itertext()) == text
    assert [("".join(seg.itertext())) for seg in root.iter(tei.tei("seg"))] == \
        ["w1", "w3 x3 w4", "w6", "w8 x8 w9 x9 w10"]
