"""How the DOCX writer renders the text's own structure: nested lists, headings in their language,
italics that a bold run inside them keeps, and footnotes of more than one paragraph."""
from __future__ import annotations

from dataclasses import replace

from apostilla.exports.memo import model as m

from .test_docx import W, parts, sample_memo, text, write_docx


def body_xml(body: list, notes: list | None = None) -> dict:
    memo = replace(sample_memo(), body=body, notes=notes or [])
    return parts(write_docx(memo))


def paragraph_of(root, needle: str):
    return next(p for p in root.iter(f"{W}p") if needle in text(p))


def style(p) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(f"{W}val")


def run_of(root, needle: str):
    return next(r for r in root.iter(f"{W}r") if needle in text(r))


def test_lists_inside_lists_take_the_bullet_style_of_their_level():
    inner = m.BulletList([[m.Para([m.Text("second level")]),
                           m.BulletList([[m.Para([m.Text("third level")]),
                                          m.BulletList([[m.Para([m.Text("fourth level")])]])]])]])
    doc = body_xml([m.BulletList([[m.Para([m.Text("first level")]), inner]])])["word/document.xml"]
    assert [style(paragraph_of(doc, f"{n} level")) for n in ("first", "second", "third", "fourth")] == \
        ["ListBullet", "ListBullet2", "ListBullet3", "ListBullet3"]


def test_a_heading_in_another_language_is_tagged_with_it():
    doc = body_xml([m.Heading(1, [m.Text("La convocatoria")], lang="es"),
                    m.Heading(1, [m.Text("The call")])])["word/document.xml"]
    spanish, english = run_of(doc, "La convocatoria"), run_of(doc, "The call")
    assert spanish.find(f"{W}rPr/{W}lang").get(f"{W}val") == "es-ES"
    assert english.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en-US"
    # Level 1 of the text sits one below the memo's own section headings.
    assert style(paragraph_of(doc, "La convocatoria")) == "Heading2"


def test_deep_headings_stop_at_the_last_heading_style():
    doc = body_xml([m.Heading(7, [m.Text("Very deep")])])["word/document.xml"]
    assert style(paragraph_of(doc, "Very deep")) == "Heading4"


def test_bold_inside_italics_stays_italic_and_italics_inside_bold_stay_bold():
    doc = body_xml([m.Para([m.Emph([m.Text("slanted "), m.Strong([m.Text("both")])]),
                            m.Strong([m.Emph([m.Text("also both")])]), m.Text(" plain")])])["word/document.xml"]
    both = run_of(doc, "both")
    assert both.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Strong"
    assert both.find(f"{W}rPr/{W}i") is not None
    also = run_of(doc, "also both")
    assert also.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Emphasis"
    assert also.find(f"{W}rPr/{W}b") is not None
    plain = run_of(doc, " plain")
    assert plain.find(f"{W}rPr/{W}i") is None and plain.find(f"{W}rPr/{W}b") is None


def test_a_quote_inside_a_foreign_term_keeps_the_italics_and_takes_its_own_language():
    doc = body_xml([m.Para([m.Foreign([m.Text("dicho "), m.Quote([m.Text("citado")], lang="fr",
                                                                   marks=("\u00ab", "\u00bb"))], lang="es")])])
    run = run_of(doc["word/document.xml"], "citado")
    assert run.find(f"{W}rPr/{W}i") is not None
    assert run.find(f"{W}rPr/{W}lang").get(f"{W}val") == "fr-FR"


def test_a_footnote_of_several_paragraphs_keeps_them_all_and_its_mark_leads_the_first():
    note = m.Note(1, [m.Para([m.Text("First paragraph.")]), m.Para([m.Text("Second paragraph.")]),
                      m.BulletList([[m.Para([m.Text("A listed point.")])]])], lang="es")
    xml = body_xml([m.Para([m.Text("Text"), m.NoteRef(note)])], [note])
    footnote = next(f for f in xml["word/footnotes.xml"].iter(f"{W}footnote") if f.get(f"{W}id") == "1")
    paragraphs = footnote.findall(f"{W}p")
    assert [text(p) for p in paragraphs] == [" First paragraph.", "Second paragraph.", "A listed point."]
    assert [style(p) for p in paragraphs[:2]] == ["FootnoteText", "FootnoteText"]
    assert paragraphs[0].find(f"{W}r/{W}footnoteRef") is not None
    assert all(p.find(f"{W}r/{W}footnoteRef") is None for p in paragraphs[1:])
    assert run_of(footnote, "Second").find(f"{W}rPr/{W}lang").get(f"{W}val") == "es-ES"


def test_a_footnote_that_starts_with_a_list_gets_a_paragraph_for_its_mark():
    note = m.Note(1, [m.BulletList([[m.Para([m.Text("Only a list.")])]])])
    xml = body_xml([m.Para([m.Text("Text"), m.NoteRef(note)])], [note])
    footnote = next(f for f in xml["word/footnotes.xml"].iter(f"{W}footnote") if f.get(f"{W}id") == "1")
    first, second = footnote.findall(f"{W}p")
    assert first.find(f"{W}r/{W}footnoteRef") is not None and style(first) == "FootnoteText"
    assert text(second) == "Only a list." and second.find(f"{W}r/{W}footnoteRef") is None


def test_a_ragged_table_gets_empty_cells_up_to_its_widest_row():
    table = m.Table([[[m.Para([m.Text("Country")])], [m.Para([m.Text("Role")])], [m.Para([m.Text("Since")])]],
                     [[m.Para([m.Text("Brazil")])]]], header_rows=1, caption=[m.Text("Members")])
    doc = body_xml([table])["word/document.xml"]
    rows = next(t for t in doc.iter(f"{W}tbl") if "Brazil" in text(t)).findall(f"{W}tr")
    assert [len(row.findall(f"{W}tc")) for row in rows] == [3, 3]
    assert [text(cell) for cell in rows[1].findall(f"{W}tc")] == ["Brazil", "", ""]


def test_a_table_without_rows_keeps_its_caption_and_draws_no_table():
    doc = body_xml([m.Table([], caption=[m.Text("Nothing yet")])])["word/document.xml"]
    assert style(paragraph_of(doc, "Nothing yet")) == "Caption"
    assert all("Nothing yet" not in text(t) for t in doc.iter(f"{W}tbl"))
    tables_before = len(list(body_xml([])["word/document.xml"].iter(f"{W}tbl")))
    assert len(list(doc.iter(f"{W}tbl"))) == tables_before


def test_a_quote_or_term_without_a_gloss_calls_no_footnote():
    doc = body_xml([m.Para([m.Quote([m.Text("sin nota")], lang="es", marks=("\u00ab", "\u00bb")),
                            m.Foreign([m.Text("soberan\u00eda")], lang="es")])])["word/document.xml"]
    assert list(doc.iter(f"{W}footnoteReference")) == []
    assert "\u00absin nota\u00bb" in text(doc)


def test_a_second_level_heading_of_the_text_is_a_third_level_heading_of_the_memo():
    doc = body_xml([m.Heading(2, [m.Text("Second level")])])["word/document.xml"]
    assert style(paragraph_of(doc, "Second level")) == "Heading3"


def test_header_rows_take_the_heading_style_and_the_others_the_text_style():
    table = m.Table([[[m.Para([m.Text("Country")])]], [[m.Para([m.Text("Brazil")])]], [[m.Para([m.Text("Peru")])]]],
                    header_rows=1)
    doc = body_xml([table])["word/document.xml"]
    assert [style(paragraph_of(doc, word)) for word in ("Country", "Brazil", "Peru")] == \
        ["MemoTableHeading", "MemoTableText", "MemoTableText"]


def test_a_first_mention_makes_what_it_holds_bold_not_italic_and_emphasis_italic_not_bold():
    # A quote is set off by its marks, not by italics (as in the HTML memo); emphasis is italic,
    # and a name inside it carries the italics although it takes a style of its own.
    doc = body_xml([m.Para([m.Mention([m.Strong([m.Text("Rojas")])], "rojas", first=True), m.Text(" said "),
                            m.Emph([m.Mention([m.Text("Chile")], "chile")]), m.Text(" and "),
                            m.Quote([m.Text("basta")], lang="es", marks=("\u00ab", "\u00bb"))])])
    rojas, chile = run_of(doc["word/document.xml"], "Rojas"), run_of(doc["word/document.xml"], "Chile")
    basta = run_of(doc["word/document.xml"], "basta")
    assert rojas.find(f"{W}rPr/{W}b") is not None and rojas.find(f"{W}rPr/{W}i") is None
    assert chile.find(f"{W}rPr/{W}i") is not None and chile.find(f"{W}rPr/{W}b") is None
    assert basta.find(f"{W}rPr/{W}i") is None and basta.find(f"{W}rPr/{W}b") is None


def test_an_untranslated_heading_keeps_its_level_and_language_and_says_so_after_it():
    heading = m.Heading(1, [m.Text("La convocatoria")], lang="es")
    passage = m.Passage([heading], None, m.Label("Not translated (Spanish)", "untranslated"), "es")
    doc = body_xml([passage])["word/document.xml"]
    p = paragraph_of(doc, "La convocatoria")
    assert style(p) == "Heading2"
    assert text(p).split() == ["La", "convocatoria", "Not", "translated", "(Spanish)"]
    # The space between the heading and its label is part of the Spanish heading.
    runs = list(p.iter(f"{W}r"))
    before_label = runs[:runs.index(run_of(p, "Not translated"))]
    assert "".join(text(r) for r in before_label) == "La convocatoria "
    assert {r.find(f"{W}rPr/{W}lang").get(f"{W}val") for r in before_label} == {"es-ES"}
