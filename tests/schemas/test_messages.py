"""Messages that point at the problem: the element, its path, the column, and what was expected."""
from __future__ import annotations

from apostilla.schemas import validate_document, validate_paths

from .helpers import annotated_text, edited, found


def column_text(path, issue) -> str:
    """The source from the issue's line and column on."""
    line = path.read_text(encoding="utf-8").splitlines()[issue.line - 1]
    return line[issue.column - 1:]


def test_an_attribute_the_schema_does_not_know_is_named_with_what_is_allowed(tmp_path):
    path, line = edited(tmp_path, '<measure xml:id="n2"', '<measure xml:id="n2" weight="heavy"')
    issue = validate_document(path, rules=False).errors[0]
    assert (issue.rule, issue.line) == ("rng-attribute-not-allowed", line)
    assert column_text(path, issue).startswith('weight="heavy"')
    assert "attribute weight is not allowed on <measure>" in issue.message
    assert "/TEI/text/body/p/measure" in issue.message
    assert "quantity" in issue.message and "unit" in issue.message


def test_an_element_out_of_its_place_is_named_with_its_parent_and_path(tmp_path):
    path, line = edited(tmp_path, "<listPlace>", "<listPlace><p>stray</p>")
    issue = validate_document(path, rules=False).errors[0]
    assert (issue.rule, issue.line) == ("rng-element-not-allowed", line)
    assert column_text(path, issue).startswith("<p>stray</p>")
    assert "element <p> is not allowed in <listPlace>" in issue.message
    assert "/TEI/standOff/listPlace/p" in issue.message
    assert "<place>" in issue.message


def test_a_missing_required_attribute_is_named(tmp_path):
    path, line = edited(tmp_path, '<language ident="es">', "<language>")
    report = validate_document(path, rules=False)
    assert ("rng-attribute-missing", line) in found(report)
    issue = next(i for i in report.errors if i.rule == "rng-attribute-missing")
    assert "<language> lacks the required attribute ident" in issue.message


def test_elements_in_the_wrong_order_are_reported_where_libxml2_stops(tmp_path):
    path, line = edited(tmp_path, "<publicationStmt><p>Working copy made with apostilla; not "
                        "published.</p></publicationStmt>", "")
    report = validate_document(path, rules=False)
    assert not report.valid
    messages = " ".join(i.message for i in report.errors)
    assert "<fileDesc>" in messages or "<sourceDesc>" in messages
    assert all(i.column is not None for i in report.errors)


def test_a_value_the_datatype_refuses_says_what_the_datatype_is(tmp_path, tei_all):
    path, line = edited(tmp_path, '<date xml:id="d1" when="2026-01-07">',
                        '<date xml:id="d1" when="January 2026">')
    issue = validate_document(path, schemas=[tei_all], rules=False).errors[0]
    assert (issue.rule, issue.line) == ("rng-value-invalid", line)
    assert column_text(path, issue).startswith('when="January 2026"')
    assert "date" in issue.message and "gYear" in issue.message


def test_a_duplicate_id_is_a_finding_with_its_line_not_a_failure_to_read(tmp_path, tei_all):
    path, line = edited(tmp_path, '<num xml:id="n1"', '<num xml:id="d1"')
    report = validate_document(path, schemas=[tei_all], rules=False)
    assert found(report) == {("rng-id-not-unique", line)}
    assert "<date> on line" in report.errors[0].message


def test_an_unknown_root_element_is_reported_as_such(tmp_path):
    path = tmp_path / "html.xml"
    path.write_text("<html><body><p>Not TEI</p></body></html>\n", encoding="utf-8")
    report = validate_document(path, rules=False)
    assert found(report) == {("rng-root-not-allowed", 1)}
    assert "expected <TEI>" in report.errors[0].message


def test_a_malformed_file_in_a_folder_does_not_stop_the_others(tmp_path):
    (tmp_path / "a-good.xml").write_text(annotated_text(), encoding="utf-8")
    (tmp_path / "b-broken.xml").write_text("<TEI>\n  <teiHeader>\n</TEI>\n", encoding="utf-8")
    report = validate_paths([tmp_path], rules=False)
    assert [d.path.rsplit("/", 1)[-1] for d in report.documents] == ["a-good.xml",
                                                                       "b-broken.xml"]
    good, broken = report.documents
    assert good.valid
    issue = broken.errors[0]
    assert (issue.rule, issue.line, issue.column) == ("xml-well-formed", 3, 7)
    assert "not well-formed" in issue.message and "teiHeader" in issue.message


def test_a_dtd_on_the_network_is_refused_even_when_dtds_are_trusted(tmp_path):
    path = tmp_path / "remote.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "https://example.org/tei.dtd">\n'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0">&nbsp;</TEI>\n', encoding="utf-8")
    report = validate_document(path, trust_dtd=True)
    assert found(report) == {("xml-network-refused", None)}
    assert "https://example.org/tei.dtd" in report.errors[0].message


def test_a_local_dtd_defines_entities_only_when_trusted(tmp_path):
    # libxml2 reads an entity's markup outside the document's namespaces, so the entity
    # declares its own (as the Casebooks project's DTD does).
    (tmp_path / "ents.dtd").write_text(
        """<!ENTITY who "<persName xmlns='http://www.tei-c.org/ns/1.0'>Ana</persName>">\n""",
        encoding="utf-8")
    text = annotated_text().replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI SYSTEM "ents.dtd">', 1).replace(
        "about <measure", "about &who; and <measure", 1)
    path = tmp_path / "with-entities.xml"
    path.write_text(text, encoding="utf-8")
    assert validate_document(path, rules=False, trust_dtd=True).valid
    # Untrusted, the entity stays a reference: never expanded, never fetched.
    assert validate_document(path, rules=False).valid


def test_a_billion_laughs_is_refused_not_expanded(tmp_path):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    path = tmp_path / "bomb.xml"
    path.write_text(f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{lol}]>\n<TEI>&l9;</TEI>\n',
                    encoding="utf-8")
    report = validate_document(path, trust_dtd=True)
    assert found(report) == {("xml-well-formed", 1)}



def test_a_pointer_with_a_space_in_it_is_named_with_its_attribute(tmp_path):
    schema = tmp_path / "links.rng"
    schema.write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="links"><oneOrMore><element name="link">
    <attribute name="href"><data type="anyURI"><param name="pattern">\\S+</param></data></attribute>
  </element></oneOrMore></element></start>
</grammar>""", encoding="utf-8")
    path = tmp_path / "links.xml"
    path.write_text('<links>\n  <link href="a.xml"/>\n  <link href="page 2.xml"/>\n</links>\n',
                    encoding="utf-8")
    issue = validate_document(path, schemas=[schema], rules=False).errors[0]
    assert (issue.rule, issue.line) == ("rng-value-invalid", 3)
    assert column_text(path, issue).startswith('href="page 2.xml"')
    assert "attribute href of <link>" in issue.message and "'page 2.xml'" in issue.message


def test_a_document_written_on_one_line_gets_every_column_right(tmp_path):
    # Tools that write XML without line breaks are common; each finding must still point at
    # its own tag, however many elements come before it on the line.
    schema = tmp_path / "list.rng"
    schema.write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <start><element name="list"><zeroOrMore><element name="item">
    <optional><attribute name="n"/></optional><text/>
  </element></zeroOrMore></element></start>
</grammar>""", encoding="utf-8")
    items = [f'<item n="{i}">{i}</item>' if i % 7 else f'<item n="{i}" bad="{i}">{i}</item>'
             for i in range(1, 400)]
    path = tmp_path / "one-line.xml"
    path.write_text("<list>" + "".join(items) + "</list>", encoding="utf-8")
    errors = validate_document(path, schemas=[schema], rules=False).errors
    assert [e.line for e in errors] == [1] * (399 // 7)
    assert [column_text(path, e).split(">", 1)[0] for e in errors] == \
        [f'bad="{i}"' for i in range(7, 400, 7)]


def test_bad_values_deep_in_a_long_list_each_point_at_their_own_element(tmp_path):
    # libxml2 locates these by position among hundreds of siblings (/*/*[250]/*[2]).
    schema = tmp_path / "dated.rng"
    schema.write_text("""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:example:dated"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="events"><zeroOrMore><element name="event">
    <element name="what"><text/></element>
    <element name="when"><attribute name="on"><data type="date"/></attribute></element>
  </element></zeroOrMore></element></start>
</grammar>""", encoding="utf-8")
    bad = {50, 250, 299}
    events = [f'<event><what>e{i}</what><when on="{"soon" if i in bad else "2026-01-07"}"/>'
              "</event>" for i in range(1, 301)]
    path = tmp_path / "events.xml"
    path.write_text('<events xmlns="urn:example:dated">\n' + "\n".join(events) + "\n</events>\n",
                    encoding="utf-8")
    errors = validate_document(path, schemas=[schema], rules=False).errors
    assert [(e.rule, e.line) for e in errors] == [("rng-value-invalid", i + 1) for i in sorted(bad)]
    assert [f"/events/event[{i}]/when" in e.message for e, i in zip(errors, sorted(bad))] == \
        [True] * 3
    assert all(column_text(path, e).startswith('on="soon"') for e in errors)
