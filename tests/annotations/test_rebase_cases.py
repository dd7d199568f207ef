"""Rebase, case by case: nesting, look-alikes, paragraph ids, encodings, orphans, refusals."""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.rebase import rebase_file
from apostilla.annotations.rebase.align import align
from apostilla.annotations.rebase.anchor import Placement
from apostilla.annotations.rebase.collect import Version, collect
from apostilla.annotations.rebase.rebuild import new_paragraphs, wrap_all
from apostilla.schemas import validate_document

from .helpers import STORY, do, new_story, paragraphs, refused, sha256, snippet, tei_file

P1, P2, P3 = STORY.strip().split("\n\n")


@pytest.fixture
def story(tmp_path) -> Path:
    """docs/batch.md's story, annotated as there."""
    doc = new_story(tmp_path)
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"])
    do(doc, "entity.add", id="ruiz", type="person", name="Ana Ruiz", aliases=["Ruiz"])
    do(doc, "entity.add", id="redcross", type="org", name="Red Cross")
    do(doc, "entity.add", id="quito", type="place", name="Quito")
    do(doc, "entity.tag", ids=["garcia", "ruiz", "redcross", "quito"])
    do(doc, "quote.add", id="q-rendirnos", match="No vamos ... rinde.", lang="es", speaker="garcia")
    do(doc, "gloss.add", target="q-rendirnos", lang="en", text="We will not give up; Quito does not surrender.",
       status="reviewed")
    do(doc, "mark", match="January 7, 2026", date="2026-01-07")
    do(doc, "mark", match="2,512 tons", measure="2512", unit="t")
    do(doc, "mark", match="soberanía", term="es", nth=1, id="t-soberania")
    return doc


def rebased(doc: Path, *paras: str, name: str = "v2.txt"):
    source = doc.parent / name
    source.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    report, _ = rebase_file(doc, source)
    return {e.id: e for e in report.entries}


def assert_valid(doc: Path) -> None:
    report = validate_document(doc)
    assert report.valid, [i.message for i in report.errors]


# ---------------------------------------------------------------------- nesting

def test_a_name_inside_a_corrected_quote_stays_inside_it(story):
    fates = rebased(story, P1, P2.replace("rendirnos,", "rendirnos nunca,"), P3)
    assert fates["q-rendirnos"].status == "fuzzy"
    assert fates["q-rendirnos"].new_text == "No vamos a rendirnos nunca, Quito no se rinde."
    assert fates["quito-m2"].status == "moved"
    assert ('«<q xml:id="q-rendirnos" xml:lang="es" who="#garcia">No vamos a rendirnos nunca, '
            '<placeName xml:id="quito-m2" ref="#quito">Quito</placeName> no se rinde.</q>»') in snippet(story, "p2")
    assert_valid(story)


def test_places_that_would_cross_orphan_the_later_annotation(tmp_path):
    doc = TeiDocument.load(tei_file(tmp_path, '<p xml:id="p1"><q xml:id="q1">Marta Rojas</q> and <persName '
                                               'xml:id="m1">Ana Ruiz</persName> spoke.</p>'))
    old = collect(doc)
    new = Version(["Marta Rojas and Ana Ruiz spoke."])
    made = new_paragraphs(old, new, align(old.version, new), set(doc.ids))
    q, m = old.annotations
    # Say the quote were placed over "Rojas and Ana" and the name where it was: they would cross.
    nodes, refused_ = wrap_all(made, new, {q.order: (q, Placement(6, 19, 0.8, "fuzzy")),
                                          m.order: (m, Placement(16, 24, 1.0, "paragraph"))})
    assert list(nodes) == [q.order]
    assert refused_ == {m.order: "its new place would partially overlap <q xml:id='q1'> in p1"}
    assert "".join(made[0].itertext()) == "Marta Rojas and Ana Ruiz spoke."


# ---------------------------------------------------------------------- look-alikes

def test_a_name_whose_sentence_was_deleted_is_not_put_on_the_same_name_elsewhere(story):
    # "Later García thanked the Red Cross." goes; García and the Red Cross are still in p1 and p2.
    fates = rebased(story, P1, P2, "The word soberanía came up twice, soberanía being the theme of the day.")
    assert fates["garcia-m3"].status == "orphaned"
    assert fates["redcross-m3"].status == "orphaned"
    assert fates["t-soberania"].status == "moved"
    assert_valid(story)


def test_a_passage_deleted_and_its_words_set_in_another_sentence_is_a_look_alike(tmp_path):
    doc = new_story(tmp_path, "The port strike said Marta Rojas on March.\n\nTalks open the week of ships.\n")
    do(doc, "entity.add", id="rojas", type="person", name="Marta Rojas")
    do(doc, "entity.tag", id="rojas")
    fates = rebased(doc, "The port strike said on March.", "Talks open the week of ships, the union of Marta "
                    "Rojas leads.")
    assert fates["rojas-m1"].status == "orphaned"
    assert "look-alike" in fates["rojas-m1"].reason


def test_a_figure_with_one_digit_changed_is_fuzzy_and_one_replaced_outright_is_orphaned(story):
    fates = rebased(story, P1, P2.replace("2,512 tons", "2,612 tons"), P3)
    assert (fates["n1"].status, fates["n1"].new_text) == ("fuzzy", "2,612 tons")
    fates = rebased(story, P1, P2.replace("2,512 tons", "a third of its stock"), P3, name="v3.txt")
    assert fates["n1"].status == "orphaned"


# ---------------------------------------------------------------------- paragraphs and their ids

def test_paragraphs_that_carry_over_keep_their_ids_and_new_ones_count_on(story):
    first, second = P2.split(" Ruiz said")
    rebased(story, P1, "A new paragraph.", first, "Ruiz said" + second)
    ids = [p.get(tei.XML_ID) for p in etree.parse(str(story)).iter(tei.tei("p")) if p.getparent().tag == tei.tei("body")]
    assert ids == ["p1", "p4", "p2", "p5"]          # p3 is gone; its id is not given to anything new
    assert paragraphs(story) == [P1, "A new paragraph.", first, "Ruiz said" + second]
    rebased(story, P1, "Another one.", first, "Ruiz said" + second, name="v3.txt")
    assert "p6" in snippet(story, "p6")            # after p5, even though p4 was dropped meanwhile


def test_the_split_off_part_of_a_paragraph_in_another_language_keeps_that_language(tmp_path):
    doc = tei_file(tmp_path, '<p xml:id="p1">English first.</p><p xml:id="p2" xml:lang="es">Primero esto, que '
                             'es lo más largo. Después aquello.</p>')
    source = tmp_path / "v2.txt"
    source.write_text("English first.\n\nPrimero esto, que es lo más largo.\n\nDespués aquello.\n", encoding="utf-8")
    rebase_file(doc, source)
    assert '<p xml:id="p3" xml:lang="es">Después aquello.</p>' in etree.tostring(
        etree.parse(str(doc)), encoding="unicode").replace(f' xmlns="{tei.TEI_NS}"', "")


def test_paragraphs_without_ids_get_them(tmp_path):
    doc = tei_file(tmp_path, '<p>First <persName xml:id="m1" ref="#x">Ana</persName>.</p><p>Second.</p>')
    source = tmp_path / "v2.txt"
    source.write_text("First Ana.\n\nSecond, longer.\n", encoding="utf-8")
    report, _ = rebase_file(doc, source)
    assert [(e.id, e.status, e.old_paragraph, e.paragraph) for e in report.entries] == [("m1", "kept", None, "p1")]
    assert [p.get(tei.XML_ID) for p in etree.parse(str(doc)).iter(tei.tei("p"))][-2:] == ["p1", "p2"]


# ---------------------------------------------------------------------- encodings: the `new` rules

@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
], ids=["bom-crlf", "nfd"])
def test_the_same_text_in_another_encoding_form_keeps_everything(story, encode):
    source = story.parent / "same.txt"
    source.write_bytes(encode(STORY))
    report, _ = rebase_file(story, source)
    assert report.summary()["kept"] == len(report.entries) > 0
    assert paragraphs(story) == [P1, P2, P3]


def test_an_unchanged_source_leaves_the_file_byte_identical(story):
    before = sha256(story)
    report, outcome = rebase_file(story, story.parent / "story.xml.txt")
    assert not report.changed and outcome.diff is None
    assert sha256(story) == before


# ---------------------------------------------------------------------- orphans

def test_an_orphaned_quote_keeps_its_markup_context_and_glosses_in_standoff(story):
    fates = rebased(story, P1, P3)
    assert {fates[k].status for k in ("q-rendirnos", "quito-m2", "garcia-m2", "ruiz-m2", "n1")} == {"orphaned"}
    root = etree.parse(str(story)).getroot()
    records = root.xpath("//tei:listAnnotation[@type='orphans']/tei:annotation", namespaces=tei.NSMAP)
    quote = [r for r in records if r.get("target") == "#q-rendirnos"][0]
    note = etree.tostring(quote.find(tei.tei("note")), encoding="unicode").replace(f' xmlns="{tei.TEI_NS}"', "")
    assert note == ('<note type="orphan"><seg type="prefix">García told reporters: «</seg><q xml:id="q-rendirnos" '
                    'xml:lang="es" who="#garcia">No vamos a rendirnos, <placeName xml:id="quito-m2" ref="#quito">'
                    'Quito</placeName> no se rinde.</q><seg type="suffix">» Ruiz said the Red Cross had 2,</seg>'
                    '</note>')
    assert not [r for r in records if r.get("target") == "#quito-m2"]   # held inside the quote's record
    change = quote.find(f"{tei.tei('revisionDesc')}/{tei.tei('change')}")
    assert change.get("status") == "orphaned" and "(was in p2)" in change.text
    assert_valid(story)   # the gloss of q-rendirnos still points at something


def test_a_second_rebase_keeps_the_first_orphans_and_numbers_its_own_after_them(story):
    rebased(story, P1, P3)
    rebased(story, P1, name="v3.txt")
    root = etree.parse(str(story)).getroot()
    ids = root.xpath("//tei:listAnnotation[@type='orphans']/tei:annotation/@xml:id", namespaces=tei.NSMAP)
    assert ids[:5] == ["orphan1", "orphan2", "orphan3", "orphan4", "orphan5"] and len(ids) == len(set(ids))
    assert len(root.xpath("//tei:listAnnotation[@type='orphans']", namespaces=tei.NSMAP)) == 1
    assert_valid(story)


def test_an_orphan_without_an_id_is_pointed_at_through_its_note(tmp_path):
    doc = tei_file(tmp_path, '<p xml:id="p1">A <hi rend="bold">bold</hi> word.</p>')
    source = tmp_path / "v2.txt"
    source.write_text("A plain word.\n", encoding="utf-8")
    report, _ = rebase_file(doc, source)
    assert [(e.id, e.kind, e.status) for e in report.entries] == [(None, "hi", "orphaned")]
    record = etree.parse(str(doc)).getroot().xpath("//tei:listAnnotation[@type='orphans']/tei:annotation",
                                                   namespaces=tei.NSMAP)[0]
    assert record.get("target") == "#orphan1-markup"
    assert record.find(tei.tei("note")).get(tei.XML_ID) == "orphan1-markup"


# ---------------------------------------------------------------------- what rebase refuses

@pytest.mark.parametrize("body, why", [
    ('<div><p xml:id="p1">Text.</p></div>', "holds <div>"),
    ('<p xml:id="p1">Text <!-- note --> more.</p>', "comment"),
    ('<p xml:id="p1">Line one<lb/>line two.</p>', "holds no text"),
], ids=["div", "comment", "empty-element"])
def test_a_body_rebase_cannot_carry_is_refused_and_left_alone(tmp_path, body, why):
    doc = tei_file(tmp_path, body)
    source = tmp_path / "v2.txt"
    source.write_text("Text.\n", encoding="utf-8")
    line = refused(doc, "rebase", doc, source)
    assert why in line


def test_a_source_that_is_empty_or_not_utf8_is_refused(story):
    empty = story.parent / "empty.txt"
    empty.write_text("\n \n", encoding="utf-8")
    assert "has no text" in refused(story, "rebase", story, empty)
    latin = story.parent / "latin.txt"
    latin.write_bytes("Dijo García\n".encode("latin-1"))
    assert refused(story, "rebase", story, latin).startswith(f"apostilla: error: {latin}:1:10: not UTF-8")
