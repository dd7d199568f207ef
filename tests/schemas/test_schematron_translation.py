"""XPath 2.0 tests that say what XPath 1.0 says run on lxml; those that do not, never: a
project's XPath 2.0 schema gets XPath 2.0's verdicts either way."""
from __future__ import annotations

import pytest
from elementpath import XPath2Parser

from apostilla.schemas import validate_paths
from apostilla.schemas.schematron.structural import STRING, kind_of, xpath1

SCH = "http://purl.oclc.org/dsdl/schematron"
PARSER = XPath2Parser(namespaces={"t": "urn:t"})


@pytest.mark.parametrize("xpath2, xpath1_expected", [
    ("string-length(normalize-space(.)) gt 0", "string-length(normalize-space(.)) > 0"),
    ("@type eq 'a' and @n ne ''", "(@type = 'a' and @n != '')"),
    ("namespace-uri(.) = ('urn:a', 'urn:b')", "(namespace-uri(.) = 'urn:a' or "
                                              "namespace-uri(.) = 'urn:b')"),
    ("t:p[name(.) eq $gi]", "t:p[name(.) = $gi]"),
    ("local-name(*[1]) = 'idno'", "local-name(*[1]) = 'idno'"),
    ("child::text()[normalize-space(.) ne '']", "child::text()[normalize-space(.) != '']"),
    ("exists(@a) and empty(t:p)", "(boolean(@a) and not(t:p))"),
    ("count(t:p) ge 2", "count(t:p) >= 2"),
    ("contains(@target, ' ')", "contains(@target, ' ')"),
    # XPath 2.0 raises an error for two p where XPath 1.0 would take the first:
    ("t:p eq 'x'", None),
    ("string-length(t:p) gt 0", None),
    ("name(t:p/t:q[1]) = 'q'", None),
    ("@* eq 'x'", None),
    # a string compared with lt, or an attribute with a number: XPath 1.0 converts to numbers
    ("@a lt 'b'", None),
    ("@a gt 3", None),
    ("*:p", None),  # not XPath 1.0
    ("position() eq 1", None),
])
def test_which_xpath_2_tests_run_as_xpath_1(xpath2, xpath1_expected):
    assert xpath1(PARSER.parse(xpath2), {"gi": STRING}) == xpath1_expected


def test_a_variable_holds_one_string_or_number_or_stays_with_xpath_2():
    assert kind_of(PARSER.parse("normalize-space(@ident)")) == (STRING, "normalize-space(@ident)")
    assert kind_of(PARSER.parse("count(*)")) == ("number", "count(*)")
    assert kind_of(PARSER.parse("tokenize(@a, ' ')")) is None
    assert kind_of(PARSER.parse("t:p")) is None


SCHEMA = f"""<schema xmlns="{SCH}" queryBinding="xslt2">
  <pattern>
    <rule context="item">
      <assert id="has-text" test="string-length(normalize-space(.)) gt 0">item <value-of
        select="@n"/> is empty</assert>
      <assert id="known-kind" test="@kind = ('a', 'b')">kind <value-of select="@kind"/></assert>
      <report id="one-x" test="p eq 'x'">x in <name/></report>
    </rule>
    <rule context="group">
      <let name="first" value="name(*[1])"/>
      <report id="same-twice" test="*[2][name(.) eq $first]">two alike in <name/></report>
    </rule>
  </pattern>
</schema>
"""
DOCUMENT = """<list>
<item n="1" kind="a"><p>x</p></item>
<item n="2" kind="c"><p>y</p></item>
<item n="3" kind="b"> </item>
<item n="4" kind="a"><p>x</p><p>x</p></item>
<group><a/><a/></group>
<group><a/><b/></group>
</list>
"""


def test_an_xpath_2_schema_gets_xpath_2_verdicts_and_messages(tmp_path):
    (tmp_path / "s.sch").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "list.xml").write_text(DOCUMENT, encoding="utf-8")
    (document,) = validate_paths([tmp_path / "list.xml"], schemas=[tmp_path / "s.sch"],
                                 rules=False).documents
    found = [(e.rule, e.line, e.message) for e in document.errors]
    # XPath 2.0 refuses `eq` on two nodes: the error is said at the item, never a guess.
    refused = found.pop(3)
    assert refused[:2] == ("one-x", 5) and refused[2].startswith("could not be checked here")
    assert found == [("one-x", 2, "x in item"), ("known-kind", 3, "kind c"),
                     ("has-text", 4, "item 3 is empty"), ("same-twice", 6, "two alike in group")]


def test_a_long_list_of_literals_stays_with_xpath_2():
    # Written out as `or`s, a few thousand would pass libxml2's recursion limit: an error where
    # elementpath compares the list as it is.
    short = ", ".join(f"'v{i}'" for i in range(64))
    long = ", ".join(f"'v{i}'" for i in range(65))
    assert xpath1(PARSER.parse(f"@x = ({short})")).count(" or ") == 63
    assert xpath1(PARSER.parse(f"@x = ({long})")) is None
