"""Cutting a schema down to a document's names never changes the verdict on that document."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from apostilla.schemas.grammar import read_grammar
from apostilla.schemas.parsing import Document
from apostilla.schemas.prune import pruned_xml

# A grammar with the constructs pruning has to respect: choices with empty branches, nested
# repetitions (rewritten), interleave, mixed content, lists, wildcards, attribute choices,
# required attributes, recursion, combine, datatypes with except, and notAllowed. (The wildcard
# excludes `end`: libxml2 picks a choice's branch by element name, so a name that both a named
# and a wildcard branch match is judged by the named branch alone, where jing tries both.)
GRAMMAR = b"""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc">
    <optional><attribute name="n"><data type="integer"/></attribute></optional>
    <ref name="head"/>
    <oneOrMore><group><oneOrMore><ref name="item"/></oneOrMore>
      <zeroOrMore><choice><ref name="sep"/><element name="rel"><empty/></element></choice></zeroOrMore>
    </group></oneOrMore>
    <optional><ref name="tail"/></optional>
  </element></define>
  <define name="head"><choice><empty/><element name="h"><mixed><zeroOrMore><ref name="inline"/></zeroOrMore></mixed></element></choice></define>
  <define name="item"><element name="item">
    <choice><attribute name="kind"><choice><value>a</value><value>b</value></choice></attribute>
            <attribute name="code"><data type="token"><except><value>x</value></except></data></attribute>
            <empty/></choice>
    <interleave><optional><element name="x"><text/></element></optional>
                <optional><element name="y"><list><oneOrMore><data type="integer"/></oneOrMore></list></element></optional></interleave>
    <zeroOrMore><ref name="item"/></zeroOrMore>
  </element></define>
  <define name="inline" combine="choice"><element name="b"><ref name="inline-content"/></element></define>
  <define name="inline" combine="choice"><element name="i"><ref name="inline-content"/></element></define>
  <define name="inline-content"><mixed><zeroOrMore><ref name="inline"/></zeroOrMore></mixed></define>
  <define name="sep"><element name="sep"><attribute name="w"/><empty/></element></define>
  <define name="tail"><choice><element name="end"><notAllowed/></element>
    <element><anyName><except><name>doc</name><name>item</name><name>end</name></except></anyName>
      <zeroOrMore><attribute><anyName/></attribute></zeroOrMore><text/></element></choice></define>
</grammar>
"""
NAMES = ["doc", "h", "item", "x", "y", "b", "i", "sep", "rel", "end", "other", "z"]
ATTRS = {"n": ["3", "x"], "kind": ["a", "c"], "code": ["ok", "x"], "w": ["1"], "q": ["1"]}

WHOLE = etree.RelaxNG(etree.fromstring(GRAMMAR))
PARSED = read_grammar(GRAMMAR)


@st.composite
def trees(draw, depth=0):
    name = draw(st.sampled_from(NAMES if depth else ["doc", "doc", "item", "other"]))
    attrs = draw(st.dictionaries(st.sampled_from(sorted(ATTRS)), st.just(None), max_size=2))
    el = etree.Element(name, {a: draw(st.sampled_from(ATTRS[a])) for a in attrs})
    if depth < 4:
        for child in draw(st.lists(trees(depth + 1), max_size=4)):
            el.append(child)
    el.text = draw(st.sampled_from([None, "", "1 2", "t"]))
    return el


@st.composite
def documents(draw):
    """Documents that follow GRAMMAR, half of them then changed in one place (which may or
    may not break them): random trees alone are nearly always invalid."""
    doc = etree.Element("doc")
    if draw(st.booleans()):
        doc.set("n", "3")
    if draw(st.booleans()):
        doc.append(draw(inline("h")))
    for _ in range(draw(st.integers(1, 2))):
        for _ in range(draw(st.integers(1, 3))):
            doc.append(draw(items()))
        for _ in range(draw(st.integers(0, 2))):
            doc.append(etree.Element("sep", w="1") if draw(st.booleans()) else etree.Element("rel"))
    if draw(st.booleans()):
        other = etree.SubElement(doc, draw(st.sampled_from(["z", "other"])))
        other.text = "t"
        if draw(st.booleans()):
            other.set("q", "1")
    if draw(st.booleans()):
        change(draw, doc)
    return doc


@st.composite
def inline(draw, name, depth=0):
    el = etree.Element(name)
    el.text = draw(st.sampled_from([None, "t"]))
    for _ in range(draw(st.integers(0, 2)) if depth < 2 else 0):
        child = draw(inline(draw(st.sampled_from(["b", "i"])), depth + 1))
        child.tail = draw(st.sampled_from([None, "u"]))
        el.append(child)
    return el


@st.composite
def items(draw, depth=0):
    el = etree.Element("item")
    attribute = draw(st.sampled_from([None, "kind", "code"]))
    if attribute:
        el.set(attribute, "a" if attribute == "kind" else "ok")
    parts = []
    if draw(st.booleans()):
        parts.append(etree.Element("x"))
        parts[-1].text = "t"
    if draw(st.booleans()):
        parts.append(etree.Element("y"))
        parts[-1].text = "1 2"
    for part in draw(st.permutations(parts)):  # x and y interleave
        el.append(part)
    for _ in range(draw(st.integers(0, 2)) if depth < 2 else 0):
        el.append(draw(items(depth + 1)))
    return el


def change(draw, doc: etree._Element) -> None:
    el = draw(st.sampled_from(list(doc.iter())))
    how = draw(st.sampled_from(["rename", "attribute", "remove", "text", "insert"]))
    if how == "rename":
        el.tag = draw(st.sampled_from(NAMES))
    elif how == "attribute":
        name = draw(st.sampled_from(sorted(ATTRS)))
        el.set(name, draw(st.sampled_from(ATTRS[name])))
    elif how == "remove" and el is not doc:
        el.getparent().remove(el)
    elif how == "text":
        el.text = draw(st.sampled_from(["1 2", "t", "x"]))
    else:
        el.append(draw(trees(3)))


def verdict_after_pruning(tree: etree._ElementTree, *read_with: etree._ElementTree,
                          inside_elements: bool = False) -> bool:
    """The verdict on `tree` from the grammar cut to the names it and `read_with` use, and
    also, with `inside_elements`, to the names used directly inside each element."""
    names: set = set()
    contexts: dict = {}
    for t in (tree, *read_with):
        doc = Document("t", t, b"")
        names |= doc.scan()
        for key, inside in doc.contexts().items():
            contexts[key] = contexts.get(key, frozenset()) | inside
    xml = pruned_xml(PARSED, frozenset(names) & PARSED.keys, None,
                     contexts if inside_elements else None)
    return xml is not None and etree.RelaxNG(etree.fromstring(xml)).validate(tree)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents(), trees()))
def test_any_document_gets_the_same_verdict_from_the_cut_schema(root):
    tree = root.getroottree()
    assert verdict_after_pruning(tree) == WHOLE.validate(tree)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents(), trees()), st.one_of(documents(), trees()))
def test_cutting_inside_each_element_too_keeps_the_verdict(root, other):
    # `other` stands for the documents read together with this one: their names widen the
    # schema they share, and must not change this document's verdict.
    tree = root.getroottree()
    expected = WHOLE.validate(tree)
    assert verdict_after_pruning(tree, inside_elements=True) == expected
    assert verdict_after_pruning(tree, other.getroottree(), inside_elements=True) == expected


def test_the_cases_that_matter_most_are_among_them():
    valid = [b'<doc n="3"><item kind="a"><y>1 2</y><x>t</x></item><item/><sep w="1"/><item/></doc>',
             b'<doc><h>t<b>u<i/></b></h><item><item code="ok"/></item><rel/><z q="1">t</z></doc>']
    invalid = [b"<doc><item/><end/></doc>", b'<doc><item code="x"/></doc>', b"<doc/>",
               b"<doc><sep w='1'/><item/></doc>", b"<doc><item/><doc/></doc>"]
    for text in valid + invalid:
        tree = etree.fromstring(text).getroottree()
        assert WHOLE.validate(tree) == (text in valid), text
        assert verdict_after_pruning(tree) == (text in valid), text
        assert verdict_after_pruning(tree, inside_elements=True) == (text in valid), text


# TEI's pointers are anyURI with the pattern \S+. A cut schema says "one token" with a list
# instead (libxml2 compiles a pattern for every value it checks); jing decides what is right.
POINTERS = b"""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><zeroOrMore><element name="p">
    <optional><attribute name="target"><ref name="pointer"/></attribute></optional>
    <optional><attribute name="refs"><list><oneOrMore><ref name="pointer"/></oneOrMore></list>
    </attribute></optional>
    <optional><ref name="pointer"/></optional>
  </element></zeroOrMore></element></start>
  <define name="pointer"><data type="anyURI"><param name="pattern">\\S+</param></data></define>
</grammar>
"""
POINTER_VALUES = ["a", " a ", "a b", "", "\u00a0", "a\tb", "\na\n", "#x #y", "  "]


def test_pointers_get_jings_verdict_from_the_cut_schema(tmp_path, jing):
    from .test_profile import jing_errors

    schema = tmp_path / "pointers.rng"
    schema.write_bytes(POINTERS)
    names = {("", "doc"), ("", "p"), ("", "target"), ("", "refs")}
    cut = etree.RelaxNG(etree.fromstring(pruned_xml(read_grammar(POINTERS), names)))
    cases = {}
    for where in ("target", "refs", "text"):
        for value in POINTER_VALUES:
            p = etree.Element("p")
            if where == "text":
                p.text = value
            else:
                p.set(where, value)
            doc = etree.Element("doc")
            doc.append(p)
            path = tmp_path / f"case{len(cases)}.xml"
            path.write_bytes(etree.tostring(doc))
            cases[path] = (where, value, doc)
    complaints = jing_errors(jing, schema, list(cases))
    assert ".xml:" in complaints  # some of the values are wrong, for jing too
    for path, (where, value, doc) in cases.items():
        jing_says_valid = f"{path.name}:" not in complaints
        assert cut.validate(doc) == jing_says_valid, (where, value)
