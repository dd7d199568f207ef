"""The DOCX writer, told as stories on memos built by hand (no TEI involved)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from apostilla.common.errors import BadInput
from apostilla.exports.memo import model as m
from apostilla.exports.docx import write as docx_write
from apostilla.exports.memo.options import MemoOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

LABELS_EN = {
    "summary": "Summary", "key_quotes": "Key quotes", "parties": "People and organisations",
    "facts": "Dates and figures", "text": "Annotated text", "notes": "Notes", "provenance": "Provenance",
    "speaker": "Speaker", "original": "Original", "translation": "Translation", "language": "Language",
    "translator": "Translator", "status": "Status", "missing": "Translation missing",
    "no_gloss_needed": "Already in English", "unknown_speaker": "Unknown speaker", "name": "Name",
    "untranslated": "not translated",
    "kind": "Kind", "role": "Role", "mentions": "Mentions", "authority_ids": "Authority ids",
    "value": "Value", "in_context": "In context", "none": "None marked.", "back_to_text": "Back to text",
    "page": "Page", "of": "of", "classification": "Classification",
}
LABELS_ES = dict(LABELS_EN, summary="Resumen", text="Texto anotado", page="Página", of="de",
                 missing="Falta la traducción", none="Nada marcado.")


def write_docx(memo, template=None) -> bytes:
    """The DOCX writer with apostilla's look, or with a template."""
    return docx_write(memo, MemoOptions(template=template))


def sample_memo(lang: str = "en", classification: str | None = "UNCLASSIFIED") -> m.Memo:
    """A small memo like the seed article's: a Spanish quote glossed in a footnote, a source note."""
    gloss = m.Note(1, [m.Para([m.Text("Raise the flag of Colombia in your home now.")])], kind="gloss", lang="en")
    source = m.Note(2, [m.Para([m.Text("Posted on X on January 6, 2026.")])])
    flag = m.Quote([m.Text("Iza ya la bandera de Colombia en tu casa.")], lang="es", speaker="petro",
                   note=gloss, marks=("\u201c", "\u201d"))
    petro = m.Mention([m.Text("Gustavo Petro")], "petro", first=True)
    labels = LABELS_EN if lang == "en" else LABELS_ES
    return m.Memo(
        lang=lang, labels=labels,
        metadata={"title": "US-Colombia tensions", "subject": "Rallies on January 7", "author": "Andean desk",
                  "language": "en", "date": "2026-01-07", "keywords": "Colombia, sovereignty"},
        heading=m.HeadingBlock("MEMORANDUM", [("To", "Director"), ("From", "Andean desk"),
                                              ("Date", "January 7, 2026"), ("Subject", "US-Colombia tensions")],
                               classification),
        summary=[m.Para([m.Text("Petro called for nationwide rallies on January 7.")], lang="en")],
        key_quotes=[
            m.KeyQuote("Gustavo Petro", m.Phrase("President of Colombia"), [m.Text("Iza ya la bandera de Colombia.")],
                       "es", "Spanish", "Raise the flag of Colombia.", "en", "Ana Ruiz", "reviewed", True),
            m.KeyQuote(None, None, [m.Text("Hagamos presencia.")], "es", "Spanish", None, None, None, None, True),
            m.KeyQuote("Donald Trump", None, [m.Text("very sick")], "en", "English", None, None, None, None, False),
        ],
        parties=[m.Party("Gustavo Petro", "Person", m.Phrase("President of Colombia"), "4", ["Q57279"])],
        facts=[m.Fact("Figure", "2,512 t", "2,512 tons", [m.Text("Over 2,512 tons of cocaine were seized.")])],
        body=[
            m.Heading(1, [m.Text("The call to rally")], lang="en"),
            m.Para([petro, m.Text(" wrote: "), flag, m.Text(" The post was shared widely."), m.NoteRef(source)],
                   lang="en"),
            m.BlockQuote([m.Para([m.Text("Hagamos presencia para defender la soberanía.")])], lang="es"),
            m.BulletList([[m.Para([m.Text("Unions endorse the rallies.")])],
                          [m.Para([m.Text("See "), m.Link([m.Text("the statement")], "https://example.org/a b")])]]),
            m.Table([[[m.Para([m.Text("Country")])], [m.Para([m.Text("Role")])]],
                     [[m.Para([m.Text("Brazil")])], []]], header_rows=1, caption=[m.Text("The OAS session")]),
        ],
        notes=[gloss, source],
        provenance=[("Source", "article.xml"), ("SHA-256", "0" * 64), ("apostilla", "0.1.0")],
    )


def parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a DOCX, parsed, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: etree.fromstring(zf.read(name)) for name in zf.namelist()
                if name.endswith((".xml", ".rels"))}


def text(root: etree._Element) -> str:
    return "".join(t.text or "" for t in root.iter(f"{W}t"))


def runs_with(root: etree._Element, needle: str) -> list[etree._Element]:
    return [r for r in root.iter(f"{W}r") if needle in text(r)]


def run_lang(r: etree._Element) -> str | None:
    lang = r.find(f"{W}rPr/{W}lang")
    return None if lang is None else lang.get(f"{W}val")


def stories(xml: dict[str, etree._Element]) -> dict[str, etree._Element]:
    return {name: root for name, root in xml.items()
            if name == "word/document.xml" or name.startswith(("word/footnotes", "word/header", "word/footer"))}


# ---------------------------------------------------------------------------- the memo itself


def test_python_docx_reopens_the_memo_with_its_sections_in_order(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(write_docx(sample_memo()))
    reopened = docx.Document(str(out))
    lines = [p.text for p in reopened.paragraphs]
    assert lines[0] == "MEMORANDUM"
    assert "To:\tDirector" in lines and "Subject:\tUS-Colombia tensions" in lines
    titles = [p.text for p in reopened.paragraphs if p.style.name == "Heading 1"]
    assert titles == ["Summary", "Key quotes", "People and organisations", "Dates and figures",
                      "Annotated text", "Provenance"]
    assert [p.text for p in reopened.paragraphs if p.style.name == "Heading 2"] == ["The call to rally"]
    assert len(reopened.tables) == 4


def test_the_sample_labels_are_exactly_the_models_so_the_writer_needs_no_others() -> None:
    assert set(LABELS_EN) == set(m.LABEL_KEYS) == set(LABELS_ES)


def test_key_quotes_show_the_gloss_its_translator_or_that_it_is_missing() -> None:
    body = parts(write_docx(sample_memo()))["word/document.xml"]
    first_table = body.find(f"{W}body/{W}tbl")
    rows = [[text(tc) for tc in tr.iter(f"{W}tc")] for tr in first_table.iter(f"{W}tr")]
    assert rows[0] == ["Speaker", "Original", "Translation"]
    assert rows[1] == ["Gustavo PetroPresident of Colombia", "Iza ya la bandera de Colombia.Language: Spanish",
                       "Raise the flag of Colombia.Translator: Ana Ruiz · Status: reviewed"]
    assert rows[2] == ["Unknown speaker", "Hagamos presencia.Language: Spanish", "Translation missing"]
    assert rows[3][2] == "Already in English"


def test_memo_table_rows_stay_whole_and_their_header_repeats_on_every_page() -> None:
    body = parts(write_docx(sample_memo()))["word/document.xml"]
    tables = body.findall(f"{W}body/{W}tbl")
    for table in tables[:3]:      # key quotes, parties, facts
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    # The text's own table may break across pages, as long rows must.
    assert tables[3].findall(f"{W}tr")[1].find(f"{W}trPr") is None


def test_an_empty_section_says_so() -> None:
    memo = sample_memo()
    memo.key_quotes, memo.parties, memo.facts = [], [], []
    body = parts(write_docx(memo))["word/document.xml"]
    assert text(body).count("None marked.") == 3
    assert body.find(f"{W}body/{W}tbl") is not None   # only the text's own table is left
    assert len(body.findall(f"{W}body/{W}tbl")) == 1


def test_markup_in_the_text_stays_text_and_bad_characters_are_dropped() -> None:
    memo = sample_memo()
    memo.summary = [m.Para([m.Text("<b>not bold</b> & more\x01")])]
    body = parts(write_docx(memo))["word/document.xml"]
    summary = runs_with(body, "not bold")[0].getparent()
    assert text(summary) == "<b>not bold</b> & more"
    assert summary.find(f".//{W}b") is None


def test_a_node_the_writer_does_not_know_fails_loudly() -> None:
    memo = sample_memo()
    memo.body.append(m.Para([object()]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="no rendering for object"):
        write_docx(memo)


def test_links_point_to_external_targets_that_word_accepts() -> None:
    xml = parts(write_docx(sample_memo()))
    link = next(xml["word/document.xml"].iter(f"{W}hyperlink"))
    rels = {rel.get("Id"): rel for rel in xml["word/_rels/document.xml.rels"]}
    rel = rels[link.get(f"{R}id")]
    assert rel.get("TargetMode") == "External"
    assert rel.get("Target") == "https://example.org/a%20b"
    assert text(link) == "the statement"


# ---------------------------------------------------------------------------- styles


def test_every_style_the_memo_uses_is_defined_in_styles_xml() -> None:
    xml = parts(write_docx(sample_memo()))
    defined = {s.get(f"{W}styleId") for s in xml["word/styles.xml"].iter(f"{W}style")}
    used = {el.get(f"{W}val") for root in stories(xml).values()
            for tag in ("pStyle", "rStyle", "tblStyle") for el in root.iter(f"{W}{tag}")}
    based_on = {el.get(f"{W}val") for el in xml["word/styles.xml"].iter(f"{W}basedOn")}
    assert used and used <= defined
    assert based_on <= defined
    assert {"Title", "Heading1", "Heading2", "Quote", "FootnoteText", "FootnoteReference", "MemoTable",
            "Header", "Footer"} <= defined


def test_first_mentions_quotes_and_glosses_have_their_named_styles() -> None:
    body = parts(write_docx(sample_memo()))["word/document.xml"]

    def style_of(needle: str) -> str | None:
        rstyle = runs_with(body, needle)[-1].find(f"{W}rPr/{W}rStyle")
        return None if rstyle is None else rstyle.get(f"{W}val")

    assert style_of("Gustavo Petro") == "FirstMention"
    assert style_of("Iza ya la bandera de Colombia en tu casa.") == "InlineQuote"
    assert style_of("the statement") == "Hyperlink"
    quote_para = runs_with(body, "Hagamos presencia para")[0].getparent()
    assert quote_para.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Quote"


def _template(path: Path, *, heading_id: str | None = None, footer_page_field: bool = False) -> Path:
    """A house template: Times New Roman 12 pt, A5 pages, a letterhead in the header."""
    house = docx.Document()
    house.styles["Normal"].font.name = "Times New Roman"
    house.styles["Normal"].font.size = Pt(12)
    section = house.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.header.paragraphs[0].text = "Ministry of Examples - Letterhead"
    if footer_page_field:
        footer = section.footer.paragraphs[0]
        footer.text = "House page "
        simple = etree.SubElement(footer._p, f"{W}fldSimple")
        simple.set(f"{W}instr", " PAGE ")
    house.add_paragraph("Template body text that the memo replaces.")
    if heading_id:   # as Word localised in Spanish names its heading style
        style = house.styles["Heading 1"].element
        style.set(f"{W}styleId", heading_id)
    house.save(str(path))
    return path


def test_a_house_template_gives_its_page_styles_and_header(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(write_docx(sample_memo(), _template(tmp_path / "house.docx")))
    memo = docx.Document(str(out))
    section = memo.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)
    assert memo.styles["Normal"].font.name == "Times New Roman"
    assert memo.styles["Normal"].font.size == Pt(12)
    assert [p.text for p in section.header.paragraphs] == ["UNCLASSIFIED", "Ministry of Examples - Letterhead"]
    assert "Template body text" not in "".join(p.text for p in memo.paragraphs)
    # The memo's own styles were added to the template's, and every one used is there.
    xml = parts(out.read_bytes())
    defined = {s.get(f"{W}styleId") for s in xml["word/styles.xml"].iter(f"{W}style")}
    used = {el.get(f"{W}val") for root in stories(xml).values()
            for tag in ("pStyle", "rStyle", "tblStyle") for el in root.iter(f"{W}{tag}")}
    assert {"MemoField", "FirstMention", "MemoTable", "FootnoteText"} <= defined
    assert used <= defined
    # Tables fit the template's narrower page (A5 less 2 x 15 mm = 118 mm = 6690 twips).
    widths = [int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) for tbl in xml["word/document.xml"].iter(f"{W}tbl")]
    assert all(6600 <= width <= 6690 for width in widths)


def test_a_template_with_localised_style_ids_is_used_by_style_name(tmp_path: Path) -> None:
    data = write_docx(sample_memo(), _template(tmp_path / "plantilla.docx", heading_id="Ttulo1"))
    body = parts(data)["word/document.xml"]
    used = {el.get(f"{W}val") for el in body.iter(f"{W}pStyle")}
    assert "Ttulo1" in used and "Heading1" not in used


def test_a_template_footer_that_numbers_pages_is_not_numbered_twice(tmp_path: Path) -> None:
    data = write_docx(sample_memo(), _template(tmp_path / "house.docx", footer_page_field=True))
    footer = next(root for name, root in parts(data).items() if name.startswith("word/footer"))
    assert text(footer) == "House page UNCLASSIFIED"
    assert not list(footer.iter(f"{W}instrText"))


def test_a_template_with_its_own_first_page_gets_the_classification_there_too(tmp_path: Path) -> None:
    house = docx.Document()
    section = house.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Cover letterhead"
    house.save(str(tmp_path / "house.docx"))
    memo = docx.Document(io.BytesIO(write_docx(sample_memo(classification="RESTRICTED"), tmp_path / "house.docx")))
    section = memo.sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == ["RESTRICTED", "Cover letterhead"]
    assert [p.text for p in section.header.paragraphs] == ["RESTRICTED"]
    assert [p.text for p in section.first_page_footer.paragraphs] == ["Page 1 of 1", "RESTRICTED"]


def test_a_dotx_template_is_accepted(tmp_path: Path) -> None:
    source = _template(tmp_path / "house.docx")
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dotx, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(info, data)
    assert "Iza ya la bandera" in text(parts(write_docx(sample_memo(), dotx))["word/document.xml"])


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    (b"plain text, not a zip", "not a zip file"),
    (b"", "not a zip file"),
])
def test_an_unusable_template_is_bad_input(tmp_path: Path, content: bytes | None, message: str) -> None:
    template = tmp_path / "house.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(BadInput, match=message) as caught:
        write_docx(sample_memo(), template)
    assert caught.value.file == str(template)


def test_a_zip_that_is_not_a_word_file_is_bad_input(tmp_path: Path) -> None:
    template = tmp_path / "house.docx"
    with zipfile.ZipFile(template, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
    with pytest.raises(BadInput, match="not a usable Word template"):
        write_docx(sample_memo(), template)


# ---------------------------------------------------------------------------- footnotes


def test_glosses_and_notes_are_real_footnotes_each_called_once() -> None:
    data = write_docx(sample_memo())
    xml = parts(data)
    calls = [el.get(f"{W}id") for el in xml["word/document.xml"].iter(f"{W}footnoteReference")]
    notes = {el.get(f"{W}id"): el for el in xml["word/footnotes.xml"].iter(f"{W}footnote")
             if el.get(f"{W}type") is None}
    assert calls == ["1", "2"]
    assert sorted(notes) == sorted(calls)
    assert text(notes["1"]) == " Raise the flag of Colombia in your home now."
    assert text(notes["2"]) == " Posted on X on January 6, 2026."
    # Each footnote starts with its own number mark, in the footnote reference style.
    for note in notes.values():
        mark = note.find(f"{W}p/{W}r")
        assert mark.find(f"{W}footnoteRef") is not None
        assert mark.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
    # The separators Word expects, named in the settings too.
    kinds = {el.get(f"{W}type"): el.get(f"{W}id") for el in xml["word/footnotes.xml"]}
    assert kinds["separator"] == "-1" and kinds["continuationSeparator"] == "0"
    assert [el.get(f"{W}id") for el in xml["word/settings.xml"].iter(f"{W}footnote")] == ["-1", "0"]


def test_the_footnotes_part_is_related_and_typed() -> None:
    xml = parts(write_docx(sample_memo()))
    rel_types = {rel.get("Type").rsplit("/", 1)[-1]: rel.get("Target") for rel in xml["word/_rels/document.xml.rels"]}
    assert rel_types["footnotes"] == "footnotes.xml"
    overrides = {o.get("PartName"): o.get("ContentType") for o in xml["[Content_Types].xml"]}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")


def test_a_note_repeated_in_the_summary_or_twice_in_the_text_gets_one_footnote() -> None:
    memo = sample_memo()
    memo.summary = list(memo.body[1:2])     # the summary repeats the first paragraph
    memo.body.append(m.Para([m.NoteRef(memo.notes[1])]))
    xml = parts(write_docx(memo))
    calls = [el.get(f"{W}id") for el in xml["word/document.xml"].iter(f"{W}footnoteReference")]
    assert calls == ["1", "2"]
    quoted = [p for p in xml["word/document.xml"].iter(f"{W}p") if "Iza ya la bandera de Colombia en" in text(p)]
    assert len(quoted) == 2
    assert quoted[0].find(f".//{W}footnoteReference") is None          # the summary's copy
    assert quoted[1].find(f".//{W}footnoteReference") is not None      # the text itself


def test_a_note_the_text_never_calls_is_reported_not_dropped_in_silence() -> None:
    memo = sample_memo()
    memo.notes.append(m.Note(3, [m.Para([m.Text("An orphan note.")])]))
    xml = parts(write_docx(memo))
    assert "An orphan note." not in text(xml["word/footnotes.xml"])
    assert memo.warnings == ["docx: note 3 is not called from the text, so it is left out"]


def test_a_memo_without_notes_has_no_footnotes_part() -> None:
    memo = sample_memo()
    memo.body = [m.Para([m.Text("Nothing to annotate.")])]
    memo.notes = []
    assert "word/footnotes.xml" not in parts(write_docx(memo))


# ---------------------------------------------------------------------------- languages


def test_the_spanish_quote_is_tagged_spanish_and_every_run_of_text_has_a_language() -> None:
    xml = parts(write_docx(sample_memo()))
    body = xml["word/document.xml"]
    assert {run_lang(r) for r in runs_with(body, "bandera")} == {"es-ES"}
    assert {run_lang(r) for r in runs_with(body, "Hagamos presencia para")} == {"es-ES"}
    assert {run_lang(r) for r in runs_with(body, "Raise the flag")} == {"en-US"}
    for name, root in stories(xml).items():
        assert all(run_lang(r) for r in root.iter(f"{W}r") if r.find(f"{W}t") is not None), name
    default = xml["word/styles.xml"].find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}val") == "en-US"
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert xml["docProps/core.xml"].find(f"{dc}language").text == "en-US"


def test_a_spanish_memo_of_an_english_text_keeps_each_passage_in_its_language() -> None:
    xml = parts(write_docx(sample_memo("es")))
    body = xml["word/document.xml"]
    assert {run_lang(r) for r in runs_with(body, "Resumen")} == {"es-ES"}
    assert {run_lang(r) for r in runs_with(body, "nationwide rallies")} == {"en-US"}
    assert {run_lang(r) for r in runs_with(body, "bandera")} == {"es-ES"}
    default = xml["word/styles.xml"].find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}val") == "es-ES"
    footer = next(root for name, root in xml.items() if name.startswith("word/footer"))
    assert text(footer).startswith("Página 1 de 1")


# ---------------------------------------------------------------------------- page furniture


def test_every_page_shows_the_classification_and_page_x_of_y() -> None:
    xml = parts(write_docx(sample_memo(classification="CONFIDENTIAL")))
    header = next(root for name, root in xml.items() if name.startswith("word/header"))
    footer = next(root for name, root in xml.items() if name.startswith("word/footer"))
    assert text(header) == "CONFIDENTIAL"
    assert text(footer) == "Page 1 of 1CONFIDENTIAL"
    fields = [el.text.strip() for el in footer.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    sect = xml["word/document.xml"].find(f"{W}body/{W}sectPr")
    assert {ref.get(f"{W}type") for ref in sect.iter(f"{W}headerReference")} == {"default"}
    assert {ref.get(f"{W}type") for ref in sect.iter(f"{W}footerReference")} == {"default"}


def test_without_a_classification_there_is_no_header_but_pages_are_numbered() -> None:
    xml = parts(write_docx(sample_memo(classification=None)))
    assert not any(name.startswith("word/header") for name in xml)
    footer = next(root for name, root in xml.items() if name.startswith("word/footer"))
    assert text(footer) == "Page 1 of 1"


def test_document_properties_come_from_the_memo() -> None:
    reopened = docx.Document(io.BytesIO(write_docx(sample_memo())))
    props = reopened.core_properties
    assert (props.title, props.subject, props.author, props.keywords, props.language) == (
        "US-Colombia tensions", "Rallies on January 7", "Andean desk", "Colombia, sovereignty", "en-US")
    assert props.created.isoformat().startswith("2026-01-07") and props.modified == props.created
    assert props.last_modified_by == "" and props.comments == ""


def test_template_properties_do_not_leak_into_the_memo(tmp_path: Path) -> None:
    house = docx.Document()
    house.core_properties.author = "Template Author"
    house.core_properties.comments = "Internal template, do not circulate"
    house.save(str(tmp_path / "house.docx"))
    props = docx.Document(io.BytesIO(write_docx(sample_memo(), tmp_path / "house.docx"))).core_properties
    assert props.author == "Andean desk" and props.comments == ""


# ---------------------------------------------------------------------------- same input, same bytes


def test_the_same_memo_gives_the_same_bytes_dated_by_the_memo() -> None:
    first, second = write_docx(sample_memo()), write_docx(sample_memo())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in zf.infolist()} == {(2026, 1, 7, 0, 0, 0)}
    later = sample_memo()
    later.metadata["date"] = "2026-02-01"
    assert write_docx(later) != first


def test_the_same_memo_and_template_give_the_same_bytes(tmp_path: Path) -> None:
    template = _template(tmp_path / "house.docx")
    assert write_docx(sample_memo(), template) == write_docx(sample_memo(), template)


# ---------------------------------------------------------------------------- any text at all

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="\r"), max_size=40))
def test_any_text_comes_back_as_written_minus_what_xml_cannot_hold(sample: str) -> None:
    memo = sample_memo()
    memo.summary = [m.Para([m.Text(sample), m.Text(" tail")])]
    body = parts(write_docx(memo))["word/document.xml"]
    paragraphs = [p for p in body.iter(f"{W}p") if text(p).endswith(" tail")]
    assert text(paragraphs[0]) == _NOT_XML.sub("", sample) + " tail"


def test_a_lone_surrogate_is_dropped_rather_than_breaking_the_file() -> None:
    memo = sample_memo()
    memo.heading.fields.append(("Note", "broken \ud800 text"))
    assert "broken  text" in text(parts(write_docx(memo))["word/document.xml"])


@pytest.mark.parametrize("day", ["2108-01-01", "1970-06-30"])
def test_a_memo_dated_where_zip_cannot_date_its_entries(tmp_path: Path, day: str) -> None:
    # Zip entries can only be dated 1980 to 2107; the memo's properties keep the date as given.
    memo = sample_memo()
    memo.metadata["date"] = day
    document = docx.Document(io.BytesIO(write_docx(memo)))
    assert document.core_properties.created.date().isoformat() == day


def test_a_title_longer_than_a_document_property_holds_is_cut_there_and_said():
    # A corpus edition's title runs to 330 characters; Word's properties hold 255.
    memo = sample_memo()
    memo.metadata["title"] = "An historical and geographical description of Formosa " * 6 + "e\u0301"
    document = docx.Document(io.BytesIO(write_docx(memo)))
    title = document.core_properties.title
    assert len(title) <= 255 and title.endswith("\u2026")
    assert memo.metadata["title"].startswith(title[:-1])
    assert any("title is longer than the 255 characters" in w for w in memo.warnings)
