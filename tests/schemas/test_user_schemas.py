"""A project brings its own schemas: RELAX NG (both syntaxes), XML Schema and Schematron."""
from __future__ import annotations

import pytest

from apostilla.common.errors import BadInput, UsageError
from apostilla.schemas import validate_document, validate_paths

from .helpers import ANNOTATED, edited, found

LETTER_RNC = """\
default namespace = "urn:example:letters"
start = element letter { attribute date { xsd:date }, element to { text }, element body { text } }
"""
LETTER_XSD = """\
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:letters"
           elementFormDefault="qualified">
  <xs:element name="letter"><xs:complexType><xs:sequence>
    <xs:element name="to" type="xs:string"/><xs:element name="body" type="xs:string"/>
  </xs:sequence><xs:attribute name="date" type="xs:date" use="required"/></xs:complexType>
  </xs:element>
</xs:schema>
"""
LETTER = """\
<letter xmlns="urn:example:letters" date="{date}">
  <to>Ana</to>
  {extra}<body>Dear Ana,</body>
</letter>
"""
SCHEMATRON = """\
<schema xmlns="http://purl.oclc.org/dsdl/schematron">
  <ns prefix="l" uri="urn:example:letters"/>
  <pattern id="greeting">
    <rule context="l:body">
      <assert id="greets" test="starts-with(normalize-space(.), 'Dear')">a letter opens with
        "Dear", not "<value-of select="substring(normalize-space(.), 1, 10)"/>"</assert>
    </rule>
  </pattern>
  <pattern id="modern">
    <rule context="l:letter">
      <assert id="uses-xpath2" test="matches(@date, '^\\d{4}')">needs XPath 2</assert>
    </rule>
  </pattern>
</schema>
"""


def letter(tmp_path, date="1899-05-03", extra="", body="Dear Ana,"):
    path = tmp_path / "letter.xml"
    path.write_text(LETTER.format(date=date, extra=extra).replace("Dear Ana,", body),
                    encoding="utf-8")
    return path


@pytest.fixture
def schemas(tmp_path):
    pytest.importorskip("rnc2rng")
    (tmp_path / "letter.rnc").write_text(LETTER_RNC, encoding="utf-8")
    (tmp_path / "letter.xsd").write_text(LETTER_XSD, encoding="utf-8")
    (tmp_path / "letter.sch").write_text(SCHEMATRON, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("kind", ["rnc", "xsd"])
def test_a_project_grammar_accepts_its_letters_and_finds_what_is_wrong(schemas, kind):
    schema = schemas / f"letter.{kind}"
    good = validate_document(letter(schemas), schemas=[schema], rules=False)
    assert good.valid, good.errors
    bad = validate_document(letter(schemas, extra="<cc>Luis</cc>"), schemas=[schema],
                            rules=False)
    assert not bad.valid
    assert bad.errors[0].line == 3 and bad.errors[0].schema == str(schema)
    assert "cc" in bad.errors[0].message


def test_a_wrong_date_is_caught_by_the_datatype(schemas):
    report = validate_document(letter(schemas, date="3 May 1899"),
                               schemas=[schemas / "letter.rnc"], rules=False)
    assert found(report) == {("rng-value-invalid", 1)}


def test_schematron_rules_run_and_xpath2_rules_are_reported_once_as_skipped(schemas):
    report = validate_paths([letter(schemas, body="Hello Ana")],
                            schemas=[schemas / "letter.sch"], rules=False)
    (document,) = report.documents
    assert found(document) == {("greets", 3)}
    assert 'not "Hello Ana"' in document.errors[0].message
    assert [(s.rule, s.line) for s in report.skipped] == [("uses-xpath2", 11)]
    assert "matches()" in report.skipped[0].reason


def test_schematron_inside_a_relax_ng_schema_runs_with_the_rules(tmp_path):
    rng = tmp_path / "with-rules.rng"
    rng.write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron"
         ns="urn:example:letters">
  <sch:ns prefix="l" uri="urn:example:letters"/>
  <start><element name="letter"><attribute name="date"/><element name="to"><text/>
    <sch:pattern id="to"><sch:rule context="l:to"><sch:assert id="to-named" test="string-length(.) &gt; 3">
      the addressee needs a full name</sch:assert></sch:rule></sch:pattern>
  </element><element name="body"><text/></element></element></start>
</grammar>
""", encoding="utf-8")
    path = letter(tmp_path)
    assert found(validate_document(path, schemas=[rng])) == {("to-named", 2)}
    assert validate_document(path, schemas=[rng], rules=False).valid


def test_several_schemas_all_apply(schemas):
    report = validate_document(letter(schemas, body="Hi"),
                               schemas=[schemas / "letter.rnc", schemas / "letter.sch"],
                               rules=False)
    assert found(report) == {("greets", 3)}


def test_unusable_schemas_are_errors_of_usage_not_findings(tmp_path):
    broken = tmp_path / "broken.rng"
    broken.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>",
                      encoding="utf-8")
    with pytest.raises(BadInput, match="not well-formed"):
        validate_document(ANNOTATED, schemas=[broken])
    with pytest.raises(UsageError, match="unknown schema type"):
        validate_document(ANNOTATED, schemas=[tmp_path / "schema.dtd"])
    # Well-formed, but a reference leads nowhere: the schema is refused, not half-applied.
    for ref in ('<ref name="missing"/>', "<ref/>"):
        broken.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>"
                          f"<element name='TEI'>{ref}</element></start></grammar>",
                          encoding="utf-8")
        with pytest.raises(BadInput, match="not a usable RELAX NG schema"):
            validate_document(ANNOTATED, schemas=[broken])


def test_a_relax_ng_schema_with_includes_is_used_whole(tmp_path):
    (tmp_path / "parts.rng").write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:example:letters">
  <define name="to"><element name="to"><text/></element></define>
</grammar>""", encoding="utf-8")
    (tmp_path / "main.rng").write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:example:letters">
  <include href="parts.rng"/>
  <start><element name="letter"><attribute name="date"/><ref name="to"/>
    <element name="body"><text/></element></element></start>
</grammar>""", encoding="utf-8")
    assert validate_document(letter(tmp_path), schemas=[tmp_path / "main.rng"]).valid
    bad = validate_document(letter(tmp_path, extra="<cc/>"), schemas=[tmp_path / "main.rng"])
    assert not bad.valid and bad.errors[0].line == 3


def test_the_profile_accepts_what_the_rules_reject_and_the_other_way_round(tmp_path, tei_all):
    # With tei_all, apostilla's rules still run: a dangling pointer is not tei_all's business.
    path, line = edited(tmp_path, 'ref="#colombia"', 'ref="#nowhere"')
    report = validate_document(path, schemas=[tei_all])
    assert ("apo-ref-resolves", line) in found(report)


def test_a_schema_edited_between_two_runs_of_one_process_is_read_again(tmp_path):
    # A notebook or a service validates, the archivist fixes the schema, validates again.
    sch = tmp_path / "s.sch"
    rule = ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="a">'
            '<assert id="b" test="{test}">needs b</assert></rule></pattern></schema>')
    (tmp_path / "doc.xml").write_text("<a/>", encoding="utf-8")
    sch.write_text(rule.format(test="b"), encoding="utf-8")
    assert not validate_paths([tmp_path / "doc.xml"], schemas=[sch], rules=False).valid
    sch.write_text(rule.format(test="true()"), encoding="utf-8")
    assert validate_paths([tmp_path / "doc.xml"], schemas=[sch], rules=False).valid
