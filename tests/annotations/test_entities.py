"""The register of people, organisations, places and events, and their mentions in the text."""
from __future__ import annotations

from lxml import etree

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.entities import add_entity, tag_everywhere

from .helpers import STORY, by_id, cli, listed, new_story, ok, paragraphs, refused, sha256, snippet, tei_file


def register(doc, ident: str) -> str:
    """The register entry with this id, serialized."""
    return snippet(doc, ident)


def test_registering_changes_no_text_and_builds_the_register_in_standoff(tmp_path):
    doc = new_story(tmp_path)
    assert ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García",
              "--role", "Mayor of Quito", "--same-as", "Q000001", "--same-as", "https://viaf.org/viaf/0") == "garcia\n"
    ok("entity", "add", doc, "redcross", "--type", "org", "--name", "Red Cross", "--role", "Aid organisation",
       "--same-as", "https://d-nb.info/gnd/0")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito", "--same-as", "https://example.org/quito")
    ok("entity", "add", doc, "meeting", "--type", "event", "--name", "The January meeting", "--same-as", "Q000002")
    ok("entity", "add", doc, "supplies", "--type", "other", "--name", "2,512 tons of supplies")
    assert paragraphs(doc) == [p.strip() for p in STORY.split("\n\n")]
    assert register(doc, "garcia") == (
        '<person xml:id="garcia"><persName>Lucía García</persName><persName type="alias">García</persName>'
        '<idno type="wikidata">Q000001</idno><idno type="viaf">https://viaf.org/viaf/0</idno>'
        "<occupation>Mayor of Quito</occupation></person>")
    assert register(doc, "redcross") == (
        '<org xml:id="redcross"><orgName>Red Cross</orgName><idno type="gnd">https://d-nb.info/gnd/0</idno>'
        '<note type="role">Aid organisation</note></org>')
    assert register(doc, "quito") == ('<place xml:id="quito"><placeName>Quito</placeName>'
                                      '<idno type="URI">https://example.org/quito</idno></place>')
    assert register(doc, "meeting") == ('<event xml:id="meeting"><idno type="wikidata">Q000002</idno>'
                                        "<label>The January meeting</label></event>")
    assert register(doc, "supplies") == ('<object xml:id="supplies"><objectIdentifier>'
                                         "<objectName>2,512 tons of supplies</objectName></objectIdentifier></object>")
    root = etree.parse(str(doc)).getroot()
    assert [tei.local(c) for c in root] == ["teiHeader", "text", "standOff"]
    assert [tei.local(c) for c in root[2]] == ["listPerson", "listOrg", "listPlace", "listEvent", "listObject"]


def test_tagging_marks_every_whole_word_mention_longest_name_first(tmp_path):
    doc = new_story(tmp_path, "Lucía García met García. Garcías and GarcíaX are others; so is garcía.\n")
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    assert ok("entity", "tag", doc, "garcia") == "garcia-m1\ngarcia-m2\n"
    assert snippet(doc, "p1") == (
        '<p xml:id="p1"><persName xml:id="garcia-m1" ref="#garcia">Lucía García</persName> met '
        '<persName xml:id="garcia-m2" ref="#garcia">García</persName>. Garcías and GarcíaX are others; '
        "so is garcía.</p>")


def test_tagging_again_adds_nothing_and_leaves_the_file_alone(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    ok("entity", "tag", doc, "garcia")
    before = sha256(doc)
    result = cli("entity", "tag", doc, "garcia")
    assert result.exit_code == 0 and result.stdout == "" and sha256(doc) == before
    assert by_id(listed(doc, "entities"))["garcia"]["mentions"] == 3


def test_the_header_is_never_tagged(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    root = etree.parse(str(doc)).getroot()
    title = root.find(".//" + tei.tei("title"))
    title.text = "Quito, 7 January"
    doc.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    ok("entity", "tag", doc, "quito")
    assert "Quito, 7 January</title>" in doc.read_text()
    assert [m["paragraph"] for m in listed(doc, "mentions")] == ["p1", "p2"]


def test_a_name_inside_another_entitys_mention_is_left_with_a_warning(tmp_path):
    doc = new_story(tmp_path, "The Red Cross of Quito and Quito itself.\n")
    ok("entity", "add", doc, "rc-quito", "--type", "org", "--name", "Red Cross of Quito")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "tag", doc, "rc-quito")
    result = cli("entity", "tag", doc, "quito")
    assert result.exit_code == 0 and result.stdout == "quito-m1\n"
    assert result.stderr == ("apostilla: warning: quito: …The Red Cross of [Quito] and Quito itself.… is inside "
                             "<orgName xml:id='rc-quito-m1'>; not tagged\n")
    assert snippet(doc, "p1") == (
        '<p xml:id="p1">The <orgName xml:id="rc-quito-m1" ref="#rc-quito">Red Cross of Quito</orgName> and '
        '<placeName xml:id="quito-m1" ref="#quito">Quito</placeName> itself.</p>')


def test_every_tags_all_entities_in_one_pass_so_the_longest_name_wins_whatever_the_order(tmp_path):
    doc = new_story(tmp_path, "The Red Cross of Quito and Quito itself.\n")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "add", doc, "rc-quito", "--type", "org", "--name", "Red Cross of Quito")
    assert ok("entity", "tag", doc, "--every") == "rc-quito-m1\nquito-m1\n"
    assert by_id(listed(doc, "entities"))["quito"]["mentions"] == 1


def test_tagging_one_chosen_occurrence(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "rc", "--type", "org", "--name", "Red Cross")
    assert ok("entity", "tag", doc, "rc", "--match", "Red Cross", "--nth", "2") == "rc-m1\n"
    assert ok("entity", "tag", doc, "rc", "--match", "the Red Cross", "--in", "p3") == "rc-m2\n"
    assert [(m["paragraph"], m["text"]) for m in listed(doc, "mentions")] == [("p2", "Red Cross"),
                                                                              ("p3", "the Red Cross")]
    # Tagging the same stretch again adds nothing; a stretch around another mention is refused.
    assert ok("entity", "tag", doc, "rc", "--match", "Red Cross", "--nth", "2") == ""
    assert "put a mention inside or around <orgName xml:id='rc-m1'>" in refused(
        doc, "entity", "tag", doc, "rc", "--match", "said the Red Cross")


def test_tagging_all_occurrences_of_a_match(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "rc", "--type", "org", "--name", "Red Cross")
    assert ok("entity", "tag", doc, "rc", "--match", "Red Cross", "--all") == "rc-m1\nrc-m2\nrc-m3\n"


def test_names_in_a_register_inside_the_text_are_not_mentions(tmp_path):
    path = tei_file(tmp_path, '<p xml:id="p1">A letter to Blumenthal.</p>'
                              '</body><back><listPerson><person xml:id="pmb1"><persName><forename>Oskar</forename>'
                              "<surname>Blumenthal</surname></persName></person></listPerson></back><body>")
    path.write_text(path.read_text().replace("</back><body></body>", "</back>"))
    doc = TeiDocument.load(path)
    add_entity(doc, "blumenthal", "person", "Blumenthal")
    ids, warnings = tag_everywhere(doc, ["blumenthal"])
    assert ids == ["blumenthal-m1"] and warnings == []
    assert doc.paragraph_id(doc.get("blumenthal-m1")) == "p1"


def test_list_entities_has_the_contract_shape(tmp_path):
    doc = new_story(tmp_path)
    ok("entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García")
    ok("entity", "add", doc, "quito", "--type", "place", "--name", "Quito")
    ok("entity", "tag", doc, "--every")
    rows = listed(doc, "entities")
    assert [{k: r[k] for k in ("id", "type", "name", "aliases", "mentions")} for r in rows] == [
        {"id": "garcia", "type": "person", "name": "Lucía García", "aliases": ["García"], "mentions": 3},
        {"id": "quito", "type": "place", "name": "Quito", "aliases": [], "mentions": 2},
    ]
    assert listed(doc, "mentions")[:2] == [
        {"id": "quito-m1", "entity": "quito", "text": "Quito", "paragraph": "p1"},
        {"id": "garcia-m1", "entity": "garcia", "text": "Lucía García", "paragraph": "p1"},
    ]


def test_a_name_runs_across_inline_markup_but_not_out_of_a_note(tmp_path):
    path = tei_file(tmp_path, '<p xml:id="p1"><hi>Maria</hi> Gomez; Maria <note>Gomez</note>; '
                              '<note>Maria</note> Gomez.</p>')
    doc = TeiDocument.load(path)
    add_entity(doc, "mg", "person", "Maria Gomez")
    ids, warnings = tag_everywhere(doc, ["mg"])
    assert ids == ["mg-m1"] and warnings == []
    assert doc.view.text[slice(*doc.view.range_of(doc.get("mg-m1")))] == "Maria Gomez"
    assert tei.local(doc.get("mg-m1")[0]) == "hi"
