"""TEI that apostilla did not write: real editions from ../shared, prefixes, comments and PIs kept."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from lxml import etree

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.entities import add_entity, tag_everywhere
from apostilla.annotations.glosses import add_gloss
from apostilla.annotations.quotes import add_quote
from apostilla.annotations.remove import remove
from conftest import need_shared

from .helpers import cli, ok, refused

CORPUS = "corpus"
LETTER = (CORPUS, "TEI-Correspondence-SIG__correspDesc", "examples", "example05_fictional-letter.xml")
PLAY_DE = (CORPUS, "dracor-org__gerdracor", "tei", "leisewitz-die-pfandung.xml")
PLAY_ES = (CORPUS, "dracor-org__caldracor", "tei", "loa-a-el-ano-santo-de-roma.xml")
QUIJOTE = (CORPUS, "st-srnm__QuiXoTEI", "QuiXoTEI-Texto marcado XML-TEI-01.xml")
SMALL = ("bench", "small.xml")


def copy(tmp_path: Path, parts: tuple[str, ...], name: str | None = None) -> Path:
    source = need_shared(*parts)
    target = tmp_path / (name or source.name)
    shutil.copyfile(source, target)
    target.chmod(0o644)
    return target


def valid(jing: str, schema: Path, doc: Path) -> str:
    """jing's complaints about doc (empty when it is valid against schema)."""
    proc = subprocess.run([jing, str(schema), str(doc)], capture_output=True, text=True, timeout=120)
    return proc.stdout.strip() or ("" if proc.returncode == 0 else proc.stderr.strip())


def after_header(data: bytes) -> bytes:
    """Everything from the end of teiHeader on: what annotations must leave alone except where they add."""
    return data[re.search(rb"</(\w+:)?teiHeader>", data).end():]


def before_root(data: bytes) -> bytes:
    return data[:re.search(rb"<(\w+:)?TEI[\s>]", data).start()]


def running_text(doc: Path) -> str:
    return "".join(etree.parse(str(doc)).getroot().find(tei.tei("text")).itertext())


def test_briefing_with_names_notes_and_quotes(tmp_path, jing, tei_all):
    doc = copy(tmp_path, SMALL)
    original = doc.read_bytes()
    text = running_text(doc)
    ok("entity", "add", doc, "ana-lopez", "--type", "person", "--name", "Ana López", "--alias", "López")
    result = cli("entity", "tag", doc, "ana-lopez")
    # Names the file already marks up with a ref of its own are left alone, with a warning each.
    assert result.stdout.split() == ["ana-lopez-m1", "ana-lopez-m2", "ana-lopez-m3", "ana-lopez-m4"]
    assert result.stderr.count("is inside <persName> at line") == 1
    assert '<persName><persName xml:id="ana-lopez-m1" ref="#ana-lopez">López</persName></persName> said' \
        in doc.read_text()
    ok("quote", "add", doc, "--match", "«No vamos ... particulares.»", "--lang", "es", "--speaker", "ana-lopez")
    ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not allow the aquifer to be exhausted.")
    ok("mark", doc, "--match", "2 May", "--date", "2024-05-02")
    assert '<quote xml:lang="es">«<q xml:id="q1" xml:lang="es" who="#ana-lopez">No vamos a permitir' \
        in doc.read_text()
    assert running_text(doc) == text
    assert before_root(doc.read_bytes()) == before_root(original)
    assert valid(jing, tei_all, doc) == ""
    for ident in ("q1", "d1", "ana-lopez"):
        ok("remove", doc, ident)
    assert after_header(doc.read_bytes()) == after_header(original)


def prefixed(data: str) -> str:
    """The same TEI written with an ns0: prefix, as some tools write it, plus a comment and a PI."""
    data = re.sub(r"<(/?)([A-Za-z])", r"<\1ns0:\2", data)
    data = data.replace('xmlns="http://www.tei-c.org/ns/1.0"', 'xmlns:ns0="http://www.tei-c.org/ns/1.0"')
    return data.replace("<ns0:body>", "<ns0:body><!-- checked by the desk --><?page-break before?>")


def test_a_prefixed_document_keeps_its_prefix_comments_and_pis(tmp_path, jing, tei_all):
    doc = tmp_path / "prefixed.xml"
    doc.write_text(prefixed(need_shared(*SMALL).read_text(encoding="utf-8")), encoding="utf-8")
    assert valid(jing, tei_all, doc) == ""
    original = doc.read_bytes()
    ok("entity", "add", doc, "jgarcia", "--type", "person", "--name", "Javier García")
    ok("entity", "tag", doc, "jgarcia")
    ok("quote", "add", doc, "--match", "Sin agua ... pueblo.", "--lang", "es", "--id", "q-agua")
    ok("gloss", "add", doc, "q-agua", "--lang", "en", "--text", "No water, no harvest; no harvest, no village.")
    data = doc.read_text(encoding="utf-8")
    assert 'xmlns="' not in data and data.count("xmlns:ns0=") == 1
    assert '<ns0:q xml:id="q-agua" xml:lang="es">Sin agua no hay cosecha, y sin cosecha no hay pueblo.</ns0:q>' \
        in data
    assert re.search(r"<ns0:standOff>\s*<ns0:listPerson>\s*<ns0:person xml:id=\"jgarcia\">", data)
    assert "<!-- checked by the desk --><?page-break before?>" in data
    assert valid(jing, tei_all, doc) == ""
    ok("remove", doc, "q-agua")
    ok("remove", doc, "jgarcia")
    assert after_header(doc.read_bytes()) == after_header(original)


def test_a_play_with_its_own_standoff_and_cast_list(tmp_path, jing, tei_all):
    doc = copy(tmp_path, PLAY_DE)
    original = doc.read_bytes()
    text = running_text(doc)
    ok("entity", "add", doc, "fuerst", "--type", "person", "--name", "Fürst", "--alias", "Fürsten")
    assert ok("entity", "tag", doc, "fuerst").split()[-1] == "fuerst-m6"
    # The speaker is the play's own cast list entry in the header.
    ok("quote", "add", doc, "--match", "Unsern durchlauchtigen ... hohes Haus", "--lang", "de",
       "--speaker", "der_mann", "--id", "q-gebet")
    ok("gloss", "add", doc, "q-gebet", "--lang", "en", "--text", "Our most serene sovereign and his noble house",
       "--status", "approved")
    ok("entity", "add", doc, "pfandung", "--type", "event", "--name", "Pfändung")
    root = etree.parse(str(doc)).getroot()
    [standoff] = root.findall(tei.tei("standOff"))  # the play's own standOff, reused
    assert [tei.local(c) for c in standoff] == ["listEvent", "listRelation", "listPerson", "listAnnotation"]
    assert [e.get(tei.XML_ID) for e in standoff[0]] == [None, "pfandung"]
    assert running_text(doc) == text
    assert before_root(doc.read_bytes()) == before_root(original)  # the stylesheet and model PIs
    assert valid(jing, tei_all, doc) == ""


def test_a_verse_play_quotes_lines_and_its_chorus_speaks(tmp_path, jing, tei_all):
    doc = copy(tmp_path, PLAY_ES)
    ok("quote", "add", doc, "--match", "Hoy Naturaleza y Gracia", "--lang", "es", "--speaker", "música")
    ok("quote", "add", doc, "--match", "Supuesto, Divina Gracia,", "--lang", "es", "--speaker", "la-naturaleza")
    ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "Today Nature and Grace")
    line = refused(doc, "quote", "add", doc, "--match", "Hoy Naturaleza ... competencia", "--lang", "es")
    assert re.search(r"runs from line \d+ into line \d+", line)
    assert '<q xml:id="q1" xml:lang="es" who="#música">Hoy Naturaleza y Gracia</q>' in doc.read_text()
    assert valid(jing, tei_all, doc) == ""


def test_a_letter_keeps_its_comments_and_its_header_names_are_not_mentions(tmp_path):
    doc = copy(tmp_path, LETTER)
    original = doc.read_bytes()
    ok("entity", "add", doc, "werther", "--type", "person", "--name", "Werther")
    assert ok("entity", "tag", doc, "werther") == ""  # Werther is named only in the header
    data = doc.read_text()
    assert data.count("<!-- The proposed correspDesc element") == 2
    assert "<div><!-- Transcription of the fictional letter. --></div>" in data
    ok("remove", doc, "werther")
    assert after_header(doc.read_bytes()) == after_header(original)


def test_the_quijote_round_trip_keeps_every_byte_the_serializer_keeps(tmp_path):
    path = copy(tmp_path, QUIJOTE, "quijote.xml")
    original = path.read_bytes()
    # lxml writes <head></head> as <head/>: that much of the file is the serializer's, not ours.
    serialized = TeiDocument.from_bytes(original, path).to_bytes()
    assert serialized == re.sub(rb"<([A-Za-z]+)([^<>]*)></\1>", rb"<\1\2/>", original)
    doc = TeiDocument.from_bytes(original, path)
    add_entity(doc, "sancho", "person", "Sancho Panza", aliases=["Sancho"])
    ids, _ = tag_everywhere(doc, ["sancho"])
    assert len(ids) > 2000
    qid = add_quote(doc, "En un lugar ... acordarme,", "es")
    add_gloss(doc, qid, "en", "Somewhere in La Mancha, in a place whose name I do not care to remember")
    annotated = doc.to_bytes()
    assert b'<q xml:id="q1" xml:lang="es">En un lugar<note target="fn-1-01-003">[3]</note> de la Mancha' \
        in annotated
    remove(doc, qid)
    remove(doc, "sancho")
    # The languages of the quote and its gloss stay declared in the header; the rest is as it was.
    assert after_header(doc.to_bytes()) == after_header(serialized)
    assert before_root(doc.to_bytes()) == before_root(original)
