"""Findings said once, in words that match the case: what is missing (one or several), the same
problem reported once however libxml2 repeats it, and prefixed documents pointed at exactly."""
from __future__ import annotations

from apostilla.schemas import validate_document

ARTICLE = """\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" {ns}>
  <start><element name="doc">
    <element name="title"><text/></element>
    <element name="author"><text/></element>
    <zeroOrMore><element name="p"><text/></element></zeroOrMore>
  </element></start>
</grammar>"""
DATED = """\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:example:dated"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="events"><zeroOrMore><choice>
    <element name="when"><attribute name="on"><data type="date"/></attribute></element>
    <element name="when"><attribute name="on"><data type="gYear"/></attribute></element>
  </choice></zeroOrMore></element></start>
</grammar>"""


def errors(tmp_path, schema: str, document: str) -> list:
    (tmp_path / "s.rng").write_text(schema, encoding="utf-8")
    (tmp_path / "d.xml").write_text(document, encoding="utf-8")
    return validate_document(tmp_path / "d.xml", schemas=[tmp_path / "s.rng"], rules=False).errors


def test_an_empty_element_names_every_required_child_it_lacks(tmp_path):
    [issue] = errors(tmp_path, ARTICLE.format(ns=""), "<doc/>\n")
    assert issue.rule == "rng-element-missing"
    assert issue.message == "<doc> is incomplete (at /doc); <doc> requires <author>, <title>, which are missing"


def test_one_missing_child_is_named_alone_and_the_children_present_are_not(tmp_path):
    [issue] = errors(tmp_path, ARTICLE.format(ns=""), "<doc><title>T</title><p>x</p></doc>\n")
    assert issue.rule == "rng-element-misplaced" and (issue.line, issue.column) == (1, 22)
    assert issue.message.endswith("<doc> requires <author>, which is missing")
    assert "<title>" not in issue.message.split(";")[1]


def test_a_misplaced_element_where_nothing_is_missing_says_what_is_allowed(tmp_path):
    [issue] = errors(tmp_path, ARTICLE.format(ns=""), "<doc><title>T</title><author>A</author><p>x</p>"
                                                      "<title>again</title></doc>\n")
    assert issue.message.endswith("<doc> allows <author>, <p>, <title>")
    assert "missing" not in issue.message


def test_a_value_refused_by_every_branch_of_a_choice_is_one_finding(tmp_path):
    # libxml2 reports 'soon' once for each datatype it tried: one problem, said once.
    found = errors(tmp_path, DATED, '<events xmlns="urn:example:dated">\n  <when on="soon"/>\n</events>\n')
    places = [(i.line, i.column, i.rule) for i in found]
    assert places.count((2, 9, "rng-value-invalid")) == 1
    assert len(set(places)) == len(places)
    assert "'soon' is not a valid date" in next(i.message for i in found if i.rule == "rng-value-invalid")


DATES = DATED.replace("<choice>", "").replace("</choice>", "").replace(
    '<element name="when"><attribute name="on"><data type="gYear"/></attribute></element>', "")


def test_a_prefixed_document_gets_the_same_findings_as_the_same_document_unprefixed(tmp_path):
    events = "".join(f'  <{{p}}when on="{"soon" if i in (3, 7) else "2026-01-07"}"/>\n' for i in range(1, 10))
    plain = errors(tmp_path, DATES, '<events xmlns="urn:example:dated">\n' + events.format(p="") + "</events>\n")
    prefixed = errors(tmp_path, DATES, '<d:events xmlns:d="urn:example:dated">\n' + events.format(p="d:")
                      + "</d:events>\n")
    assert [(i.line, i.rule) for i in plain] == [(4, "rng-value-invalid"), (8, "rng-value-invalid")]
    assert [(i.line, i.rule) for i in prefixed] == [(4, "rng-value-invalid"), (8, "rng-value-invalid")]
    assert [i.column for i in prefixed] == [i.column + 2 for i in plain]  # past the "d:" of each tag
    assert all("<d:when>" in i.message and "/d:events/d:when[" in i.message for i in prefixed)


def test_a_prefixed_document_missing_a_child_names_it_with_its_prefix(tmp_path):
    [issue] = errors(tmp_path, ARTICLE.format(ns='ns="urn:a"'),
                     '<a:doc xmlns:a="urn:a">\n  <a:title>T</a:title>\n  <a:p>x</a:p>\n</a:doc>\n')
    assert (issue.line, issue.rule) == (3, "rng-element-misplaced")
    assert "<a:p>" in issue.message and "requires <author>" in issue.message


EVENTS = """\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="events"><zeroOrMore><element name="event">
    <optional><attribute name="n"/></optional>
    <element name="when"><attribute name="on"><data type="date"/></attribute></element>
  </element></zeroOrMore></element></start>
</grammar>"""


def test_every_unknown_attribute_of_one_element_is_named_not_only_the_first(tmp_path):
    found = errors(tmp_path, EVENTS, '<events>\n<event colour="red" size="big"><when on="2026-01-07"/></event>\n</events>\n')
    assert sorted((i.rule, i.message.split(" is ")[0]) for i in found) == [
        ("rng-attribute-not-allowed", "attribute colour"), ("rng-attribute-not-allowed", "attribute size")]


def test_a_problem_explained_exactly_does_not_hide_a_later_one_only_libxml2_sees(tmp_path):
    found = errors(tmp_path, EVENTS, '<events>\n<event><when on="2026-01-07"/><extra/></event>\n'
                                     '<event><when on="2026-01-08"/></event>\n<event><when on="soon"/></event>\n</events>\n')
    assert [(i.line, i.rule) for i in found] == [(2, "rng-element-not-allowed"), (4, "rng-value-invalid")]
