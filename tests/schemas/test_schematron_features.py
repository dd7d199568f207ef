"""A project's own Schematron uses the whole language: variables at every level, phases,
diagnostics and properties, roles, rules about attributes and the document; each finding is
placed and named."""
from __future__ import annotations

from typer.testing import CliRunner

from apostilla.cli.main import app
from apostilla.schemas import validate_paths

SCH = "http://purl.oclc.org/dsdl/schematron"
LETTER = ('<letter xmlns="urn:example:letters" date="{date}">\n'
          '  <to>{to}</to>\n  <body>Dear Ana,</body>\n</letter>\n')
SCHEMA = f"""<schema xmlns="{SCH}" queryBinding="{{binding}}" defaultPhase="everything">
  <ns prefix="l" uri="urn:example:letters"/>
  <ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
  <let name="last" value="1899"/>
  <phase id="everything"><active pattern="dates"/><active pattern="people"/></phase>
  <phase id="dates"><active pattern="dates"/></phase>
  <pattern id="dates">
    <let name="century" value="'18'"/>
    <rule context="l:letter/@date">
      <let name="year" value="substring(., 1, 4)"/>
      <assert id="date-year" test="{{test}}" diagnostics="until" properties="where">the letter
        is dated <value-of select="."/>, after <value-of select="$last"/></assert>
    </rule>
  </pattern>
  <pattern id="people">
    <rule context="/"><assert id="has-to" test="count(//l:to) = 1">one addressee</assert></rule>
    <rule context="l:to"><report id="short-name" role="warning" test="string-length(.) &lt; 4"
      ><name/> holds a short name</report></rule>
  </pattern>
  <diagnostics><diagnostic id="until">letters run to <value-of select="$last"/></diagnostic>
  </diagnostics>
  <properties><property id="where">on <name path=".."/></property></properties>
</schema>
"""
TESTS = {"xslt": "starts-with($year, $century) and $year &lt;= $last",
         "xslt2": "starts-with($year, $century) and xs:integer($year) le $last",
         "xslt3": "starts-with($year, $century) and xs:integer($year) le $last"}


def run(tmp_path, binding, date="1900-01-01", to="Ana", phase=None):
    (tmp_path / "s.sch").write_text(SCHEMA.format(binding=binding, test=TESTS[binding]),
                                    encoding="utf-8")
    (tmp_path / "letter.xml").write_text(LETTER.format(date=date, to=to), encoding="utf-8")
    return validate_paths([tmp_path / "letter.xml"], schemas=[tmp_path / "s.sch"],
                          rules=False, phase=phase)


def test_every_binding_gives_the_same_findings_in_the_same_places(tmp_path):
    for binding in TESTS:
        (document,) = run(tmp_path, binding).documents
        (error,) = document.errors
        assert (error.rule, error.line, error.column) == ("date-year", 1, 37), binding
        assert error.message == ("the letter is dated 1900-01-01, after 1899 "
                                 "(letters run to 1899) (where: on letter)")
        (warning,) = document.warnings
        assert (warning.rule, warning.line, warning.column) == ("short-name", 2, 3)
        assert warning.message == "to holds a short name"
        assert error.schema == str(tmp_path / "s.sch")


def test_a_phase_runs_its_patterns_only(tmp_path):
    (document,) = run(tmp_path, "xslt2", phase="dates").documents
    assert [i.rule for i in document.errors + document.warnings] == ["date-year"]
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "letter.xml"), "--schema",
                                      str(tmp_path / "s.sch"), "--no-rules", "--phase", "dates"])
    assert result.exit_code == 1 and "[date-year]" in result.stdout
    assert "[short-name]" not in result.stdout


def test_a_rule_about_the_document_speaks_at_the_root(tmp_path):
    (tmp_path / "two.xml").write_text(LETTER.format(date="1850", to="Ana Ruiz").replace(
        "<to>Ana Ruiz</to>", "<to>Ana Ruiz</to><to>Luis Mora</to>"), encoding="utf-8")
    (tmp_path / "s.sch").write_text(SCHEMA.format(binding="xslt2", test=TESTS["xslt2"]),
                                    encoding="utf-8")
    report = validate_paths([tmp_path / "two.xml"], schemas=[tmp_path / "s.sch"], rules=False)
    assert [(i.rule, i.line, i.column) for i in report.documents[0].errors] == [
        ("has-to", 1, 1)]


def test_warnings_count_as_errors_when_strict(tmp_path):
    (tmp_path / "s.sch").write_text(SCHEMA.format(binding="xslt", test=TESTS["xslt"]),
                                    encoding="utf-8")
    (tmp_path / "letter.xml").write_text(LETTER.format(date="1850", to="Ana"), encoding="utf-8")
    kind = validate_paths([tmp_path / "letter.xml"], schemas=[tmp_path / "s.sch"], rules=False)
    strict = validate_paths([tmp_path / "letter.xml"], schemas=[tmp_path / "s.sch"],
                            rules=False, strict=True)
    assert kind.valid and not strict.valid


MANY_SCHEMA = f"""<schema xmlns="{SCH}" queryBinding="xslt">
  <pattern>
    <rule context="item">
      <assert id="numbered" test="@n">an item without a number</assert>
      <report id="twice" test="preceding-sibling::item[. = current()]">item <value-of
        select="."/> again</report>
    </rule>
    <rule context="entry">
      <assert id="ided" test="generate-id(@id) = ''">an entry</assert>
    </rule>
  </pattern>
</schema>
"""


def test_a_rule_on_a_thousand_elements_finds_each_one_that_fails(tmp_path):
    # Many items: the checks run on hundreds at a time, and must say what they say one by one,
    # in order; current() is the item being checked; an XPath error names its own element.
    items = [f'<item n="{k}">{k}</item>' for k in range(1000)]
    items[10] = "<item>10</item>"
    items[700] = '<item n="700">3</item>'  # item 3, again
    entries = ["<entry/>"] * 300 + ['<entry id="x"/>']
    (tmp_path / "list.xml").write_text("<list>\n" + "\n".join(items + entries) + "\n</list>\n",
                                       encoding="utf-8")
    (tmp_path / "s.sch").write_text(MANY_SCHEMA, encoding="utf-8")
    (document,) = validate_paths([tmp_path / "list.xml"], schemas=[tmp_path / "s.sch"],
                                 rules=False).documents
    found = [(e.rule, e.line, e.message) for e in document.errors]
    assert found == [("numbered", 12, "an item without a number"),
                     ("twice", 702, "item 3 again"),
                     ("ided", 1302, "could not be checked here: generate-id() needs a node")]
