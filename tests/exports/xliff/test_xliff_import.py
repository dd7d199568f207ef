"""Translations come back from the CAT tool and become glosses, or nothing changes at all."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from .xliff_helpers import NS, X12, annotated_seed, body, cli, fill, glosses, save, sha, units

FLAGS_EN = ('Raise the flag of <g id="1">Colombia</g> at home now. <g id="2">On Wednesday</g> we meet in '
            'every square of <g id="3">Colombia</g> at 4 p.m. Now to defend <g id="4">national sovereignty</g>.')
FLAGS_EN_21 = FLAGS_EN.replace("<g ", "<pc ").replace("</g>", "</pc>")
FLAGS_EN_TEXT = ("Raise the flag of Colombia at home now. On Wednesday we meet in every square of Colombia "
                 "at 4 p.m. Now to defend national sovereignty.")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return annotated_seed(tmp_path_factory.mktemp("seed"))


@pytest.fixture
def doc(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "article.xml"
    shutil.copyfile(built, copy)
    return copy


def export(doc: Path, out: Path, *options: str) -> Path:
    result = cli("export", "xliff", doc, "-o", out, *options)
    assert result.exit_code == 0, result.stderr
    return out


def set_target(xlf: Path, ident: str, fragment: str, **attributes: str) -> None:
    found = units(xlf)
    fill(found[ident], fragment, **attributes)
    save(found[ident], xlf)


def test_a_translated_quote_becomes_a_gloss_and_the_names_in_it_stay_as_they_were(
        doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--prefill")
    set_target(xlf, "q-flags", FLAGS_EN, state="translated")
    text_before = body(doc)

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (f"{doc}: 0 gloss(es) added, 1 updated, 0 unchanged, "
                                     "1 untranslated unit(s) skipped")
    gloss = glosses(doc)[("q-flags", "en")]
    assert gloss["text"] == FLAGS_EN_TEXT
    assert (gloss["translator"], gloss["status"]) == ("Test Runner", "draft")
    assert glosses(doc)[("t-soberania", "en")]["text"] == "national sovereignty"  # left untranslated
    assert body(doc) == text_before
    assert "import xliff en.xlf (en): 0 gloss(es) added, 1 updated" in doc.read_text(encoding="utf-8")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    set_target(xlf, "q-cocaine", "le gusta producir cocaína")
    set_target(xlf, "q-senile", "senil", state="final")
    assert cli("import", "xliff", doc, xlf).exit_code == 0
    after_first = sha(doc)

    again = cli("import", "xliff", doc, xlf)

    assert again.exit_code == 0
    assert sha(doc) == after_first
    assert "0 gloss(es) added, 0 updated, 4 unchanged, 0 untranslated" in again.stdout
    assert glosses(doc)[("q-cocaine", "es")]["status"] == "draft"
    assert glosses(doc)[("q-senile", "es")]["status"] == "approved"


def test_empty_targets_and_copies_of_the_source_are_skipped_and_counted(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    set_target(xlf, "q-cocaine", "")
    set_target(xlf, "q-senile", " senile ", state="translated")
    before = sha(doc)

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 0, result.stderr
    assert "0 gloss(es) added, 0 updated, 2 unchanged, 2 untranslated unit(s) skipped" in result.stdout
    assert sha(doc) == before


def test_a_revised_gloss_must_carry_the_tags_of_its_quote(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en")  # q-flags: its reviewed gloss as target
    set_target(xlf, "q-flags", FLAGS_EN_TEXT, state="signed-off")
    before = sha(doc)

    refused = cli("import", "xliff", doc, xlf)
    assert refused.exit_code == 3
    assert "unit 'q-flags': the target lost inline tag '1' of its source" in refused.stderr
    assert sha(doc) == before

    set_target(xlf, "q-flags", FLAGS_EN, state="signed-off")
    assert cli("import", "xliff", doc, xlf).exit_code == 0
    gloss = glosses(doc)[("q-flags", "en")]
    assert (gloss["text"], gloss["status"]) == (FLAGS_EN_TEXT, "reviewed")


@pytest.mark.parametrize("state, option, expected", [
    ("new", None, "draft"), ("translated", None, "draft"), ("needs-review-translation", None, "draft"),
    ("signed-off", None, "reviewed"), ("final", None, "approved"), ("translated", "approved", "approved"),
    ("final", "draft", "draft"),
])
def test_the_status_comes_from_the_state_unless_given(doc: Path, tmp_path: Path, state: str,
                                                      option: str | None, expected: str) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    set_target(xlf, "q-senile", "senil", state=state)

    result = cli("import", "xliff", doc, xlf, *(["--status", option] if option else []))

    assert result.exit_code == 0, result.stderr
    assert glosses(doc)[("q-senile", "es")]["status"] == expected


def test_an_unchanged_gloss_moves_up_the_review_ladder_but_never_down(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    found = units(xlf)
    found["q-terms"].find("x:target", NS).set("state", "final")     # reviewed -> approved
    found["q-sick"].find("x:target", NS).set("state", "new")        # draft stays draft
    save(found["q-terms"], xlf)

    result = cli("import", "xliff", doc, xlf, "--translator", "Someone Else")

    assert result.exit_code == 0, result.stderr
    assert "0 gloss(es) added, 1 updated, 1 unchanged, 2 untranslated" in result.stdout
    terms = glosses(doc)[("q-terms", "es")]
    assert (terms["text"], terms["status"], terms["translator"]) == ("términos irrespetuosos", "approved", "Ana Ruiz")


def test_the_translator_comes_from_the_file_then_the_option_then_the_user(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    tree = etree.parse(str(xlf))
    header = tree.find(".//x:header", NS)
    phases = etree.SubElement(header, f"{{{X12}}}phase-group")
    header.insert(0, phases)
    etree.SubElement(phases, f"{{{X12}}}phase", {"phase-name": "tr1", "process-name": "translation",
                                                 "contact-name": "Marta Gil"})
    tree.write(str(xlf), encoding="UTF-8")
    set_target(xlf, "q-cocaine", "le gusta producir cocaína", phase_name="tr1")
    set_target(xlf, "q-senile", "senil")

    assert cli("import", "xliff", doc, xlf, "--by", "Project Manager").exit_code == 0

    assert glosses(doc)[("q-cocaine", "es")]["translator"] == "Marta Gil"
    assert glosses(doc)[("q-senile", "es")]["translator"] == "Project Manager"
    assert 'who="#project-manager">import xliff es.xlf (es)' in doc.read_text(encoding="utf-8")


def test_a_21_file_round_trips_with_its_segment_state_and_translator(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--xliff-version", "2.1", "--prefill")
    found = units(xlf)
    fill(found["q-flags"], FLAGS_EN_21)
    found["q-flags"].find("x2:segment", NS).set("state", "reviewed")
    meta = etree.fromstring('<mda:metadata xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"><mda:metaGroup>'
                            '<mda:meta type="translator">Marta Gil</mda:meta></mda:metaGroup></mda:metadata>')
    found["q-flags"].insert(0, meta)
    save(found["q-flags"], xlf)

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 0, result.stderr
    gloss = glosses(doc)[("q-flags", "en")]
    assert (gloss["text"], gloss["status"], gloss["translator"]) == (FLAGS_EN_TEXT, "reviewed", "Marta Gil")


def test_a_21_tool_may_split_a_pc_into_sc_and_ec(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--xliff-version", "2.1", "--prefill")
    fragment = ('Raise the flag of <sc id="1"/>Colombia<ec startRef="1"/> at home now. <pc id="2">On Wednesday</pc> '
                'we meet in every square of <pc id="3">Colombia</pc> at 4 p.m. Now to defend '
                '<pc id="4">national sovereignty</pc>.')
    set_target(xlf, "q-flags", fragment)

    assert cli("import", "xliff", doc, xlf).exit_code == 0
    assert glosses(doc)[("q-flags", "en")]["text"] == FLAGS_EN_TEXT


def test_dry_run_shows_the_diff_and_writes_nothing(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--prefill")
    set_target(xlf, "q-flags", FLAGS_EN)
    before = sha(doc)

    result = cli("import", "xliff", doc, xlf, "--dry-run")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/article.xml\n+++ b/article.xml\n")
    assert "+" in result.stdout and "Now to defend national sovereignty." in result.stdout
    assert sha(doc) == before


def test_status_counts_glossed_and_approved_per_target_language(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "es.xlf", "--target-lang", "es")
    set_target(xlf, "q-cocaine", "le gusta producir cocaína", state="final")
    set_target(xlf, "q-senile", "senil")
    assert cli("import", "xliff", doc, xlf).exit_code == 0

    report = json.loads(cli("status", doc, "--format", "json").stdout)

    assert report["languages"]["es"]["quotes"] == {"glossed": 5, "approved": 2, "total": 5}
    assert report["languages"]["en"]["quotes"] == {"glossed": 2, "approved": 1, "total": 2}
    assert report["languages"]["en"]["terms"] == {"glossed": 1, "approved": 0, "total": 1}


# ---------------------------------------------------------------------------- refused files


def _tamper_unknown_id(xlf: Path) -> None:
    found = units(xlf)
    found["t-soberania"].set("id", "t-nowhere")
    fill(found["t-soberania"], "national sovereignty")
    save(found["t-soberania"], xlf)


def _tamper_paragraph_id(xlf: Path) -> None:
    found = units(xlf)
    found["t-soberania"].set("id", "p3")
    save(found["t-soberania"], xlf)


def _tamper_source(xlf: Path) -> None:
    found = units(xlf)
    source = found["t-soberania"].find("x:source", NS)
    source.text = "soberanía popular"
    save(found["t-soberania"], xlf)


def _tamper_drop_g(xlf: Path) -> None:
    set_target(xlf, "q-flags", FLAGS_EN.replace('<g id="2">On Wednesday</g>', "On Wednesday"))


def _tamper_unknown_g(xlf: Path) -> None:
    set_target(xlf, "q-flags", FLAGS_EN.replace('<g id="2">', '<g id="7">'))


def _tamper_duplicate_g(xlf: Path) -> None:
    set_target(xlf, "q-flags", FLAGS_EN.replace('<g id="3">', '<g id="1">'))


def _tamper_foreign_code(xlf: Path) -> None:
    set_target(xlf, "q-flags", FLAGS_EN.replace('<g id="4">national sovereignty</g>',
                                                '<bpt id="4">&lt;b&gt;</bpt>national sovereignty'))


def _tamper_target_language(xlf: Path) -> None:
    text = xlf.read_text(encoding="utf-8")
    xlf.write_text(text.replace('target-language="en"', 'target-language="es"')
                   .replace('<target xml:lang="en"', '<target xml:lang="es"'), encoding="utf-8")


def _tamper_target_lang_attribute(xlf: Path) -> None:
    set_target(xlf, "t-soberania", "souveraineté nationale",
               **{"{http://www.w3.org/XML/1998/namespace}lang": "fr"})


def _tamper_duplicate_unit(xlf: Path) -> None:
    found = units(xlf)
    copy = etree.fromstring(etree.tostring(found["t-soberania"]))
    found["t-soberania"].addnext(copy)
    save(found["t-soberania"], xlf)


def _not_xliff_but_tei(xlf: Path) -> None:
    xlf.write_bytes(xlf.with_name("article.xml").read_bytes())


def _xliff_22(xlf: Path) -> None:
    xlf.write_text('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.2" version="2.2" '
                   'srcLang="es" trgLang="en"/>\n', encoding="utf-8")


def _not_xml(xlf: Path) -> None:
    xlf.write_text("q-flags\tRaise the flag of Colombia\n", encoding="utf-8")


TAMPERED = {
    "unknown unit id": (_tamper_unknown_id, "unit 't-nowhere': article.xml has no quote or term with this id"),
    "id of a paragraph": (_tamper_paragraph_id, "unit 'p3': in article.xml this id is not a quote or a term"),
    "edited source": (_tamper_source, "unit 't-soberania': its source text changed since the export"),
    "dropped <g>": (_tamper_drop_g, "unit 'q-flags': the target lost inline tag '2' of its source"),
    "unknown <g> id": (_tamper_unknown_g, "unit 'q-flags': the target has inline tag '7', which its source does not"),
    "duplicate <g> id": (_tamper_duplicate_g, "inline id '1' is used twice"),
    "native code in target": (_tamper_foreign_code, "unknown inline element <bpt>"),
    "target language = source": (_tamper_target_language, "the target language 'es' is the language of the source"),
    "target in another language": (_tamper_target_lang_attribute,
                                   "the target is in 'fr' but the file's target language is 'en'"),
    "unit twice": (_tamper_duplicate_unit, "unit 't-soberania' appears twice"),
    "a TEI file": (_not_xliff_but_tei, "not an XLIFF file: the root element is <TEI>"),
    "XLIFF 2.2": (_xliff_22, "XLIFF in the namespace 'urn:oasis:names:tc:xliff:document:2.2' is not supported"),
    "not XML": (_not_xml, "not well-formed XML"),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_tampered_file_is_refused_whole_and_the_document_stays_byte_identical(
        doc: Path, tmp_path: Path, case: str) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--prefill")
    set_target(xlf, "q-flags", FLAGS_EN)  # a good unit, which must not be imported either
    tamper, message = TAMPERED[case]
    tamper(xlf)
    before = sha(doc)

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stderr.startswith(f"apostilla: error: {xlf}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sha(doc) == before


BROKEN_21 = {
    "dangling dataRef": (FLAGS_EN_21.replace('<pc id="1">', '<pc id="1" dataRefStart="d1">'),
                         "dataRefStart='d1' points to no <data> in the unit"),
    "sc never closed": (FLAGS_EN_21.replace('<pc id="1">Colombia</pc>', '<sc id="1"/>Colombia'),
                        "<sc id='1'> is never closed"),
    "ec closing nothing": (FLAGS_EN_21.replace('<pc id="1">Colombia</pc>', 'Colombia<ec startRef="1"/>'),
                           "<ec startRef='1'> closes no open <sc>"),
    "isolated sc": (FLAGS_EN_21.replace('<pc id="1">Colombia</pc>', '<sc id="1" isolated="yes"/>Colombia'),
                    "isolated <sc id='1'>"),
}


@pytest.mark.parametrize("case", list(BROKEN_21))
def test_broken_21_tags_are_refused_and_the_document_stays_byte_identical(
        doc: Path, tmp_path: Path, case: str) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--xliff-version", "2.1", "--prefill")
    fragment, message = BROKEN_21[case]
    set_target(xlf, "q-flags", fragment)
    before = sha(doc)

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 3
    assert message in result.stderr
    assert sha(doc) == before


def test_a_missing_file_and_a_bad_status_are_refused(doc: Path, tmp_path: Path) -> None:
    missing = cli("import", "xliff", doc, tmp_path / "nowhere.xlf")
    bad_status = cli("import", "xliff", doc, doc, "--status", "final")

    assert missing.exit_code == 3 and "nowhere.xlf: no such file" in missing.stderr
    assert bad_status.exit_code == 3 and "--status 'final': use one of draft, reviewed, approved" in bad_status.stderr


def _retag(xlf: Path, old: str, new: str) -> None:
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_regional_target_language_replaces_the_gloss_of_its_language(doc: Path, tmp_path: Path) -> None:
    # A CAT tool set to en-US: its translation is the document's English gloss, now said to be en-US.
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--prefill")
    _retag(xlf, 'target-language="en"', 'target-language="en-US"')
    _retag(xlf, 'xml:lang="en"', 'xml:lang="en-US"')
    set_target(xlf, "q-flags", FLAGS_EN, state="translated")

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 0, result.stderr
    english = [g for (target, lang), g in glosses(doc).items() if target == "q-flags" and lang.startswith("en")]
    assert [(g["lang"], g["text"]) for g in english] == [("en-US", FLAGS_EN_TEXT)]
    assert cli("validate", doc).exit_code == 0


def test_a_regional_source_language_matches_the_document_s_language(doc: Path, tmp_path: Path) -> None:
    xlf = export(doc, tmp_path / "en.xlf", "--target-lang", "en", "--prefill")
    _retag(xlf, 'source-language="es"', 'source-language="es-ES"')
    set_target(xlf, "q-flags", FLAGS_EN, state="translated")

    result = cli("import", "xliff", doc, xlf)

    assert result.exit_code == 0, result.stderr
    assert glosses(doc)[("q-flags", "en")]["text"] == FLAGS_EN_TEXT
