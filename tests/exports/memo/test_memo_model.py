"""The memo model, told from the TEI side: what a desk officer's memo holds, in English and Spanish."""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from conftest import need_shared

from apostilla.annotations.document import TeiDocument
from apostilla.common.errors import UsageError
from apostilla.exports.memo import i18n
from apostilla.exports.memo import model as m
from apostilla.exports.memo.inlines import plain_text
from apostilla.exports.memo.options import MemoOptions
from apostilla.exports.memo.reader import build_memo

HEADER = """<teiHeader><fileDesc><titleStmt><title>Port strike in Valparaíso</title>
<respStmt xml:id="ana"><resp>annotation</resp><name>Ana Ruiz</name></respStmt>
<respStmt xml:id="luis"><resp>annotation</resp><name>Luis Vega</name></respStmt></titleStmt>
<publicationStmt><p>Working copy.</p></publicationStmt>
<sourceDesc><bibl><title>strike.txt</title><idno type="sha256">{sha}</idno></bibl></sourceDesc></fileDesc>
<profileDesc>{abstract}<langUsage><language ident="en">English</language><language ident="es">Spanish</language></langUsage></profileDesc>
<revisionDesc><change when="2026-01-05T10:00:00Z" who="#ana">Created.</change>
<change when="2026-01-07T09:30:00Z" who="#luis">quote add q1</change></revisionDesc></teiHeader>"""

BRIEF = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">{header}
<text xml:lang="en"><body>
<p xml:id="p1">Dockers led by <persName xml:id="m1" ref="#rojas">Marta Rojas</persName> stopped work on
<date xml:id="d2" when="2026-01-06">January 6</date>. <persName ref="#rojas">Rojas</persName> said:
'<q xml:id="q1" xml:lang="es" who="#rojas">No vamos a ceder ni un metro de
<term xml:id="t1" xml:lang="es">soberanía</term>.</q>'<note place="foot">Radio Bío-Bío, 6 January.</note></p>
<p xml:id="p2">The <orgName ref="#port">Port Authority</orgName> said the strike cost
<measure quantity="2512" unit="t">2,512 tons</measure> of cargo. Its head called it '<q xml:id="q2" xml:lang="en" who="#port">a reckless stunt</q>'.
Talks resume on <date when="2026-01-03">January 3</date>, after a week with <num value="11000">11,000</num> idle workers.
A minister called the strike '<q xml:id="q3" xml:lang="es">una irresponsabilidad</q>'.</p>
</body></text>
<standOff>
<listPerson><person xml:id="rojas"><persName>Marta Rojas</persName><persName type="alias">Rojas</persName>
<occupation>Union leader</occupation><idno type="wikidata">Q000001</idno></person></listPerson>
<listOrg><org xml:id="port"><orgName>Port Authority</orgName></org></listOrg>
<listPlace><place xml:id="valpo"><placeName>Valparaíso</placeName></place></listPlace>
<listAnnotation type="glosses">
<annotation xml:id="q1-en" target="#q1" motivation="describing"><respStmt><resp>translation</resp><name>Ana Ruiz</name></respStmt>
<revisionDesc><change status="reviewed" when="2026-01-07"/></revisionDesc>
<note type="translation" xml:lang="en">We will not give up one metre of sovereignty.</note></annotation>
<annotation xml:id="q2-es" target="#q2" motivation="describing"><respStmt><resp>translation</resp><name>Luis Vega</name></respStmt>
<revisionDesc><change status="draft" when="2026-01-07"/></revisionDesc>
<note type="translation" xml:lang="es">una maniobra temeraria</note></annotation>
<annotation xml:id="t1-en" target="#t1" motivation="describing"><revisionDesc><change status="approved" when="2026-01-07"/></revisionDesc>
<note type="gloss" xml:lang="en">sovereignty</note></annotation>
</listAnnotation></standOff></TEI>
"""


def brief(folder: Path, *, abstract: str = "", body: str | None = None, name: str = "brief.xml") -> Path:
    """The annotated brief (or another body in the same header) as a TEI file."""
    text = BRIEF.format(header=HEADER.format(sha="ab" * 32, abstract=abstract))
    if body is not None:
        start, end = text.index("<body>") + len("<body>"), text.index("</body>")
        text = text[:start] + body + text[end:]
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def memo_of(path: Path, **options) -> m.Memo:
    return build_memo(TeiDocument.load(path), MemoOptions(**options))


def words(inlines: list) -> str:
    return " ".join(plain_text(inlines).split())


def body_text(memo: m.Memo) -> str:
    return " ".join(words(b.children) for b in memo.body if hasattr(b, "children"))


# ---------------------------------------------------------------------------- heading block


def test_english_heading_block_defaults_come_from_the_tei_header(tmp_path):
    memo = memo_of(brief(tmp_path), lang="en")
    assert memo.heading.title == "MEMORANDUM"
    assert memo.heading.fields == [("To", "File"), ("From", "Luis Vega"), ("Date", "January 7, 2026"),
                                   ("Subject", "Port strike in Valparaíso")]
    assert memo.heading.classification is None
    assert memo.metadata["date"] == "2026-01-07" and memo.metadata["language"] == "en"


def test_spanish_memo_translates_labels_dates_and_numbers(tmp_path):
    memo = memo_of(brief(tmp_path), lang="es")
    assert memo.heading.title == "MEMORÁNDUM"
    assert memo.heading.fields[0] == ("A", "Archivo")
    assert memo.heading.fields[2] == ("Fecha", "7 de enero de 2026")
    assert memo.labels["summary"] == "Resumen" and memo.labels["parties"] == "Quién es quién"
    assert set(memo.labels) == set(m.LABEL_KEYS)
    figures = {f.text: f.value for f in memo.facts if f.kind == "Cifra"}
    assert figures == {"2,512 tons": "2.512 t", "11,000": "11.000"}


def test_options_replace_the_defaults(tmp_path):
    memo = memo_of(brief(tmp_path), lang="en", to="Director", from_="Southern Cone desk",
                   subject="Strike", date="2026-02-01", classification="UNCLASSIFIED")
    assert memo.heading.fields == [("To", "Director"), ("From", "Southern Cone desk"),
                                   ("Date", "February 1, 2026"), ("Subject", "Strike")]
    assert memo.heading.classification == "UNCLASSIFIED"
    assert memo.metadata["author"] == "Southern Cone desk"


def test_without_a_change_the_date_is_source_date_epoch_never_the_clock(tmp_path, monkeypatch):
    path = brief(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").split("<revisionDesc>")[0] +
                    "</teiHeader>" + path.read_text(encoding="utf-8").split("</teiHeader>")[1], encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767787200")  # 2026-01-07
    assert dict(memo_of(path).heading.fields)["Date"] == "January 7, 2026"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert dict(memo_of(path).heading.fields)["Date"] == "undated"


@pytest.mark.parametrize("options, message", [
    ({"lang": "fr"}, "--lang 'fr'"),
    ({"date": "7 January"}, "--date '7 January'"),
    ({"date": "2026-13-01"}, "--date"),
])
def test_bad_options_are_usage_errors(tmp_path, options, message):
    with pytest.raises(UsageError) as error:
        memo_of(brief(tmp_path), **options)
    assert message in error.value.message and error.value.exit_code == 2


# ---------------------------------------------------------------------------- sections


def test_key_quotes_show_speaker_original_and_the_gloss_in_the_memo_language(tmp_path):
    en = memo_of(brief(tmp_path), lang="en").key_quotes
    assert [words(q.original) for q in en] == ["No vamos a ceder ni un metro de soberanía.",
                                                "a reckless stunt", "una irresponsabilidad"]
    flags = en[0]
    assert (flags.speaker, flags.role, flags.original_lang, flags.original_lang_name) == \
        ("Marta Rojas", m.Phrase("Union leader"), "es", "Spanish")
    assert (flags.gloss, flags.translator, flags.status, flags.needs_gloss) == \
        ("We will not give up one metre of sovereignty.", "Ana Ruiz", "reviewed", True)
    assert en[1].needs_gloss is False and en[1].gloss is None
    assert en[2].needs_gloss is True and en[2].gloss is None and en[2].speaker is None  # missing, not hidden


def test_spanish_memo_shows_the_spanish_glosses(tmp_path):
    es = memo_of(brief(tmp_path), lang="es").key_quotes
    assert es[0].needs_gloss is False and es[0].original_lang_name == "español"
    assert (es[1].gloss, es[1].translator, es[1].status, es[1].original_lang_name) == \
        ("una maniobra temeraria", "Luis Vega", "borrador", "inglés")


def test_parties_are_the_people_and_organisations_of_the_register(tmp_path):
    parties = memo_of(brief(tmp_path), lang="en").parties
    assert [(p.name, p.kind, p.role, p.mentions, p.authority_ids) for p in parties] == [
        ("Marta Rojas", "Person", m.Phrase("Union leader"), "2", ["Q000001"]),
        ("Port Authority", "Organisation", None, "1", []),
        ("Valparaíso", "Place", None, "0", [])]     # who's who has places (and events) too


def test_facts_list_dates_in_order_then_figures_each_in_its_sentence(tmp_path):
    facts = memo_of(brief(tmp_path), lang="en").facts
    assert [(f.kind, f.value, f.text) for f in facts] == [
        ("Date", "January 3, 2026", "January 3"), ("Date", "January 6, 2026", "January 6"),
        ("Figure", "2,512 t", "2,512 tons"), ("Figure", "11,000", "11,000")]
    assert words(facts[0].sentence) == "Talks resume on January 3, after a week with 11,000 idle workers."
    assert any(isinstance(i, m.Strong) and words(i.children) == "January 3" for i in facts[0].sentence)
    assert words(facts[2].sentence) == "The Port Authority said the strike cost 2,512 tons of cargo."


def test_summary_is_the_abstract_when_there_is_one_else_the_first_paragraph(tmp_path):
    first = memo_of(brief(tmp_path)).summary
    assert len(first) == 1 and words(first[0].children).startswith("Dockers led by Marta Rojas stopped work")
    assert not _find(first, m.NoteRef) and not any(x.first for x in _find(first, m.Mention))
    abstract = "<abstract><p>The strike may spread to <placeName>San Antonio</placeName>.</p></abstract>"
    summary = memo_of(brief(tmp_path, abstract=abstract, name="b2.xml")).summary
    assert [words(p.children) for p in summary] == ["The strike may spread to San Antonio."]


def test_provenance_names_source_document_translators_review_date_and_version(tmp_path):
    path = brief(tmp_path)
    rows = dict(memo_of(path, lang="en").provenance)
    assert rows["Source"] == "strike.txt" and rows["Source SHA-256"] == "ab" * 32
    assert rows["Document"] == "brief.xml"
    assert rows["Document SHA-256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rows["Translators"] == "Ana Ruiz"
    assert rows["Translations shown"] == "approved: 1; reviewed: 1"
    assert rows["Memo date"] == "January 7, 2026" and rows["Made with"].startswith("apostilla ")
    es = dict(memo_of(path, lang="es").provenance)
    assert es["Traductores"] == "Luis Vega" and es["Traducciones mostradas"] == "borrador: 1"


# ---------------------------------------------------------------------------- the annotated text


def _find(blocks_or_inlines, kind) -> list:
    found = []

    def visit(item):
        if isinstance(item, kind):
            found.append(item)
        for child in getattr(item, "children", []) or []:
            visit(child)
        for block in (getattr(item, "blocks", []) or []) + (getattr(item, "original", []) or []):
            visit(block)
        for item_blocks in getattr(item, "items", []) or []:
            for block in item_blocks:
                visit(block)
        for row in getattr(item, "rows", []) or []:
            for cell in row:
                for block in cell:
                    visit(block)
    for item in blocks_or_inlines:
        visit(item)
    return found


def test_first_mention_of_each_entity_is_marked_once(tmp_path):
    body = memo_of(brief(tmp_path)).body
    mentions = [(x.entity, x.first, words(x.children)) for x in _find(body, m.Mention)]
    assert mentions == [("rojas", True, "Marta Rojas"), ("rojas", False, "Rojas"), ("port", True, "Port Authority")]


def test_quotes_keep_their_language_and_glosses_become_numbered_notes(tmp_path):
    memo = memo_of(brief(tmp_path), lang="en")
    quotes = _find(memo.body, m.Quote)
    # The marks the source typed ('...') are taken out; the memo sets its own language's.
    assert [(q.lang, q.speaker, q.marks) for q in quotes] == [
        ("es", "Marta Rojas", ("“", "”")), ("en", "Port Authority", ("“", "”")), ("es", None, ("“", "”"))]
    assert "said: No vamos" in body_text(memo)
    assert "'" not in body_text(memo)
    term = _find(memo.body, m.Foreign)[0]
    assert term.lang == "es" and term.note.number == 1          # inside the quote: first in reading order
    assert quotes[0].note.number == 2 and quotes[0].note.kind == "gloss"
    assert words(quotes[0].note.blocks[0].children) == \
        "Translation (Ana Ruiz, reviewed): We will not give up one metre of sovereignty."
    assert quotes[1].note is None and quotes[2].note is None     # English, and no English gloss
    assert [(n.number, n.kind) for n in memo.notes] == [(1, "gloss"), (2, "gloss"), (3, "note")]
    assert words(memo.notes[2].blocks[0].children) == "Radio Bío-Bío, 6 January."
    es = memo_of(brief(tmp_path), lang="es")
    assert [words(n.blocks[0].children) for n in es.notes] == [
        "Radio Bío-Bío, 6 January.", "Traducción (Luis Vega, borrador): una maniobra temeraria"]
    assert es.notes[0].lang == "en" and es.notes[1].lang is None


def test_text_in_another_language_than_the_memo_carries_its_tag(tmp_path):
    en, es = memo_of(brief(tmp_path), lang="en"), memo_of(brief(tmp_path), lang="es")
    assert {b.lang for b in en.body} == {None}
    assert {b.lang for b in es.body} == {"en"}


def test_a_quotation_in_verse_is_a_block_quote_and_still_a_key_quote(tmp_path):
    path = brief(tmp_path, body='<p>The poet wrote <q xml:id="qv" xml:lang="es" who="#rojas"><l>Puerto mío,</l>'
                                '<l>no te vendas.</l></q> and left.</p>')
    path.write_text(path.read_text(encoding="utf-8").replace('target="#q1"', 'target="#qv"'), encoding="utf-8")
    memo = memo_of(path)
    assert [type(b).__name__ for b in memo.body] == ["Para", "BlockQuote", "Para"]
    [quote] = memo.key_quotes
    assert words(quote.original) == "Puerto mío, no te vendas."
    assert quote.speaker == "Marta Rojas" and quote.gloss == "We will not give up one metre of sovereignty."
    assert _find(memo.body[1].blocks, m.NoteRef)[0].note.kind == "gloss"


def test_quotes_get_the_marks_of_the_memo_language_and_lose_those_the_source_typed(tmp_path):
    path = brief(tmp_path, body='<p>She said <q xml:lang="es">basta</q> and "<q xml:lang="en">enough, '
                                '<q xml:lang="en">‘really’</q></q>".</p>')
    en, es = _find(memo_of(path).body, m.Quote), _find(memo_of(path, lang="es").body, m.Quote)
    assert [q.marks for q in en] == [("“", "”"), ("“", "”"), ("‘", "’")]   # a quote in a quote: ‘…’
    assert [q.marks for q in es] == [("«", "»"), ("«", "»"), ("“", "”")]
    assert words(memo_of(path).body[0].children) == "She said basta and enough, really."


FOREIGN_TEI = """
<div type="chapter"><head>Part <hi rend="bold">One</hi></head>
  <div><head>Scene 1</head>
    <p>A <hi rend="italic">fine</hi> day in Lon<lb break="no"/>don,<lb/>second line<pb n="2"/> and more.
       <foreign xml:lang="la">carpe diem</foreign> and <seg xml:lang="fr">bonjour</seg>.</p>
    <list><item>first point</item><item>second <emph>point</emph></item></list>
    <table><head>Figures</head><row role="label"><cell>Year</cell><cell>Tons</cell></row>
      <row><cell>2025</cell><cell>12</cell></row></table>
    <lg><l>Line one,</l><l>line two.</l></lg>
    <figure><head>A map</head><figDesc>The port</figDesc></figure>
    <p>See <ref target="https://example.org/report">the report</ref> and <ref target="javascript:alert(1)">this</ref>;
       <choice><sic>teh</sic><corr>the</corr></choice> end <gap/> <unknownThing>kept words</unknownThing>
       <unknownThing>again</unknownThing> <x:odd xmlns:x="urn:x">other ns</x:odd>.</p>
    <quote><p>A block quotation.</p></quote>
  </div>
</div>"""


def test_any_tei_becomes_headings_paragraphs_lists_tables_and_verse(tmp_path):
    memo = memo_of(brief(tmp_path, body=FOREIGN_TEI))
    kinds = [type(b).__name__ for b in memo.body]
    assert kinds == ["Heading", "Heading", "Para", "BulletList", "Table", "Para", "Para", "Para", "BlockQuote"]
    h1, h2 = memo.body[0], memo.body[1]
    assert (h1.level, words(h1.children), h2.level) == (1, "Part One", 2)
    assert isinstance(h1.children[1], m.Strong)
    first = memo.body[2].children
    assert words(first).startswith("A fine day in London, second line and more. carpe diem and bonjour.")
    assert any(isinstance(i, m.LineBreak) for i in first)
    assert [(f.lang, type(f.children[0]).__name__) for f in _find(first, m.Foreign)] == [("la", "Emph"), ("fr", "Text")]
    table = memo.body[4]
    assert table.header_rows == 1 and words(table.caption) == "Figures" and len(table.rows) == 2
    assert words(memo.body[5].children) == "Line one, line two."
    assert words(memo.body[6].children) == "A map The port"
    links = _find([memo.body[7]], m.Link)
    assert [(link.target, words(link.children)) for link in links] == [("https://example.org/report", "the report")]
    assert "this; the end […] kept words again other ns." in words(memo.body[7].children)
    assert words(memo.body[8].blocks[0].children) == "A block quotation."


def test_what_the_memo_cannot_render_is_kept_as_text_with_one_warning_per_element(tmp_path):
    memo = memo_of(brief(tmp_path, body=FOREIGN_TEI))
    assert memo.warnings == ["memo: <figure> rendered as plain text (once)",
                             "memo: <odd> rendered as plain text (once)",
                             "memo: <unknownThing> rendered as plain text (2 times)"]


# ---------------------------------------------------------------------------- catalogs


def _code_msgids() -> set[str]:
    folder = Path(i18n.__file__).parent
    return {msg for path in folder.glob("*.py") for _, msg, _, _ in extract_from_file("python", str(path))}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_label_in_the_code_is_in_the_catalog(lang):
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "apostilla.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    ids = {message.id for message in catalog if message.id}
    assert _code_msgids() <= ids, f"missing from {lang}.po: {sorted(_code_msgids() - ids)}"
    if lang != "en":
        assert all(message.string for message in catalog if message.id), "untranslated labels"


def test_compiled_catalogs_are_used_when_present(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    written = i18n.compile_all(copy)
    assert sorted(p.relative_to(copy).as_posix() for p in written) == [
        "en/LC_MESSAGES/apostilla.mo", "es/LC_MESSAGES/apostilla.mo"]
    po = copy / "es" / "LC_MESSAGES" / "apostilla.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Resumen"', 'msgstr "Sumario"'),
                  encoding="utf-8")
    old = time.time() - 60
    os.utime(po, (old, old))                 # the .mo is newer: it wins over the edited .po
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    i18n.translations.cache_clear()
    try:
        assert i18n.gettext_for("es")("Summary") == "Resumen"
        os.utime(po, (old + 120, old + 120))     # the .po edited after the compile: the .po wins
        i18n.translations.cache_clear()
        assert i18n.gettext_for("es")("Summary") == "Sumario"
        (copy / "es" / "LC_MESSAGES" / "apostilla.mo").unlink()   # no .mo: the .po, compiled now
        i18n.translations.cache_clear()
        assert i18n.gettext_for("es")("Summary") == "Sumario"
    finally:
        i18n.translations.cache_clear()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_compiled_catalogs_in_the_tree_are_those_of_their_po(lang):
    # Every install carries them, so no memo compiles a catalog: after editing a .po, run
    # `python -m apostilla.exports.memo.i18n`.
    folder = i18n.LOCALE_DIR / lang / "LC_MESSAGES"
    assert (folder / "apostilla.mo").read_bytes() == \
        i18n.compile_catalog(folder / "apostilla.po", lang)


# ---------------------------------------------------------------------------- TEI written by others

CORPUS = [
    "COST-ELTeC__ELTeC-spa/level1/SPA2009_PerezGaldos_Marianela.xml",
    "COST-ELTeC__ELTeC-spa/level2/SPA2003_PerezGaldos_Trafalgar.xml",
    "dracor-org__caldracor/tei/el-magico-prodigioso.xml",
    "dracor-org__gerdracor/tei/stramm-erwachen.xml",
    "arthur-schnitzler__schnitzler-briefe-data/data/editions/L00010.xml",
    "TEI-Correspondence-SIG__correspDesc/examples/example06_embedded-letter.xml",
    "eeditiones__tei-publisher-app/data/demo/let695.xml",
    "eeditiones__tei-publisher-app/data/demo/F-rom.xml",
    "lucaju__cwrc-writer-samples/TEI Drama sample.xml",
    "TEIC__TEI/Extensions/Lite/teilite.xml",
    "sarit__SARIT-corpus/naradasmrti.xml",
    "kb-dk__public-adl-text-sources/texts/andersen01val.xml",
    "OpenArabicPE__journal_al-haqaiq/tei/oclc_644997575-i_1.TEIP5.xml",
]


@pytest.mark.parametrize("name", CORPUS, ids=lambda n: n.split("/")[-1])
def test_tei_from_the_corpus_gives_a_memo_without_crashing(name):
    path = need_shared("corpus", *name.split("/"))
    memo = build_memo(TeiDocument.load(path), MemoOptions(lang="es"))
    assert memo.heading.fields[3][1]                     # a subject from the title
    assert all(w.startswith("memo: ") for w in memo.warnings)
    assert len(memo.warnings) == len(set(memo.warnings))
    numbers = [n.number for n in memo.notes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_quijote_keeps_its_ten_thousand_notes_in_order():
    path = need_shared("corpus", "st-srnm__QuiXoTEI", "QuiXoTEI-Texto marcado XML-TEI-01.xml")
    memo = build_memo(TeiDocument.load(path), MemoOptions(lang="es"))
    refs = [r.note.number for r in _find(memo.body, m.NoteRef)]
    assert len(memo.notes) == len(refs) > 10_000 and refs == sorted(refs)
    assert "En un lugar de la Mancha" in body_text(memo)


def test_the_bench_briefing_gives_its_sections_quotes_and_notes():
    memo = build_memo(TeiDocument.load(need_shared("bench", "small.xml")), MemoOptions(lang="en"))
    assert [words(b.children) for b in memo.body if isinstance(b, m.Heading)] == [
        "Summary", "Background", "Positions of the parties", "Outlook", "Sources"]
    assert [q.lang for q in _find(memo.body, m.Quote)] == ["es", "es"]
    assert len(memo.notes) == 3 and memo.warnings == []


def test_a_file_written_with_ns0_prefixes_reads_like_any_other(tmp_path):
    path = tmp_path / "ns0.xml"
    path.write_text(
        '<ns0:TEI xmlns:ns0="http://www.tei-c.org/ns/1.0"><ns0:teiHeader><ns0:fileDesc><ns0:titleStmt>'
        "<ns0:title>Prefixed</ns0:title></ns0:titleStmt><ns0:publicationStmt><ns0:p>P</ns0:p>"
        "</ns0:publicationStmt><ns0:sourceDesc><ns0:p>S</ns0:p></ns0:sourceDesc></ns0:fileDesc>"
        '</ns0:teiHeader><ns0:text xml:lang="en"><ns0:body><ns0:div><ns0:head>One</ns0:head>'
        '<ns0:p>Text with <ns0:quote xml:lang="es">«una cita»</ns0:quote>.</ns0:p></ns0:div>'
        "</ns0:body></ns0:text></ns0:TEI>", encoding="utf-8")
    memo = memo_of(path)
    assert [type(b).__name__ for b in memo.body] == ["Heading", "Para"]
    assert words(memo.body[1].children) == "Text with una cita."   # the memo sets the marks itself
    [quote] = _find(memo.body, m.Quote)
    assert (quote.lang, quote.marks) == ("es", ("“", "”")) and memo.warnings == []
