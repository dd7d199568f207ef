"""A project manager sends the article's quotes and terms to translators as XLIFF."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from apostilla.annotations.operations import run
from .xliff_helpers import NS, annotated_seed, cli, schema_errors, text, units


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return annotated_seed(tmp_path_factory.mktemp("seed"))


def export(seed: Path, out: Path, *options: str) -> Path:
    result = cli("export", "xliff", seed, "-o", out, *options)
    assert result.exit_code == 0, result.stderr
    return out


def inline_ids(unit) -> list[str]:
    source = unit.xpath("x:source | x2:segment/x2:source", namespaces=NS)[0]
    return [el.get("id") for el in source.iter() if el is not source]


@pytest.mark.parametrize("version", ["1.2", "2.1"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("extra", [(), ("--prefill",), ("--all",)])
def test_every_export_of_the_seed_article_is_valid_against_the_oasis_schema(
        seed: Path, tmp_path: Path, version: str, lang: str, extra: tuple[str, ...]) -> None:
    out = export(seed, tmp_path / "out.xlf", "--target-lang", lang, "--xliff-version", version, *extra)

    assert schema_errors(out, version) == []
    for unit in units(out).values():
        ids = inline_ids(unit)
        assert len(ids) == len(set(ids)), f"duplicate inline id in {unit.get('id')}"
        assert not unit.xpath(".//@dataRef | .//@dataRefStart | .//@dataRefEnd")


def test_the_default_is_xliff_12_with_units_lacking_an_approved_gloss(seed: Path, tmp_path: Path) -> None:
    result = cli("export", "xliff", seed, "-o", tmp_path / "en.xlf", "--target-lang", "en")

    assert result.exit_code == 0, result.stderr
    assert "1 quote(s) and 1 term(s) from es into en" in result.stdout
    found = units(tmp_path / "en.xlf")
    assert list(found) == ["q-flags", "t-soberania"]  # q-cut has an approved English gloss
    file_el = found["q-flags"].getparent().getparent()
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("es", "en")
    assert file_el.get("original") == "article.xml"


def test_all_takes_approved_ones_too_and_the_other_direction_takes_the_english_quotes(
        seed: Path, tmp_path: Path) -> None:
    assert list(units(export(seed, tmp_path / "a.xlf", "--target-lang", "en", "--all"))) == [
        "q-flags", "t-soberania", "q-cut"]
    assert list(units(export(seed, tmp_path / "b.xlf", "--target-lang", "es"))) == [
        "q-sick", "q-cocaine", "q-senile", "q-terms"]  # q-calumny has an approved Spanish gloss


def test_names_inside_a_quote_are_numbered_tags_and_their_tei_attributes_stay_home(
        seed: Path, tmp_path: Path) -> None:
    out = export(seed, tmp_path / "en.xlf", "--target-lang", "en")
    source = units(out)["q-flags"].find("x:source", NS)

    tags = [(g.get("id"), g.get("ctype"), g.text) for g in source.iterfind("x:g", NS)]
    assert tags == [("1", "x-placeName", "Colombia"), ("2", "x-date", "El miércoles"),
                    ("3", "x-placeName", "Colombia"), ("4", "x-term", "soberanía nacional")]
    assert text(source).startswith("Iza ya la bandera de Colombia en tu casa.")
    raw = out.read_text(encoding="utf-8")
    assert "#colombia" not in raw and "when=" not in raw and "2026-01-07" not in raw


def test_xliff_21_uses_pc_tags_that_ask_tools_to_keep_them(seed: Path, tmp_path: Path) -> None:
    out = export(seed, tmp_path / "en.xlf", "--target-lang", "en", "--xliff-version", "2.1")
    unit = units(out)["q-flags"]
    pcs = unit.findall("x2:segment/x2:source/x2:pc", NS)

    assert [(pc.get("id"), pc.get("subType"), pc.get("canDelete")) for pc in pcs] == [
        ("1", "tei:placeName", "no"), ("2", "tei:date", "no"), ("3", "tei:placeName", "no"),
        ("4", "tei:term", "no")]
    assert unit.get("canResegment") == "no"
    root = unit.getroottree().getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "es", "en")


def test_speaker_paragraph_and_existing_glosses_travel_as_notes(seed: Path, tmp_path: Path) -> None:
    notes = [n.text for n in units(export(seed, tmp_path / "en.xlf", "--target-lang", "en"))["q-flags"]
             .iterfind("x:note", NS)]

    assert notes[0] == "Said by Gustavo Petro (President of Colombia)"
    assert notes[1].startswith("In paragraph p3: On January 6, Petro escalated via X")
    assert notes[2].startswith("Existing gloss in en (reviewed, Ana Ruiz): Raise the flag of Colombia")


def test_an_existing_gloss_is_the_target_and_its_status_the_state(seed: Path, tmp_path: Path) -> None:
    one = units(export(seed, tmp_path / "a.xlf", "--target-lang", "es"))
    two = units(export(seed, tmp_path / "b.xlf", "--target-lang", "es", "--xliff-version", "2.1"))

    states = {k: (u.find("x:target", NS).get("state") if u.find("x:target", NS) is not None else None)
              for k, u in one.items()}
    assert states == {"q-sick": "needs-review-translation", "q-cocaine": None, "q-senile": None,
                      "q-terms": "signed-off"}
    assert text(one["q-terms"].find("x:target", NS)) == "términos irrespetuosos"
    assert {k: u.find("x2:segment", NS).get("state") for k, u in two.items()} == {
        "q-sick": "translated", "q-cocaine": "initial", "q-senile": "initial", "q-terms": "reviewed"}


@pytest.mark.parametrize("version, target_path", [("1.2", "x:target"), ("2.1", "x2:segment/x2:target")])
def test_prefill_copies_the_source_with_its_tags_and_claims_nothing(
        seed: Path, tmp_path: Path, version: str, target_path: str) -> None:
    out = export(seed, tmp_path / "en.xlf", "--target-lang", "en", "--prefill", "--xliff-version", version)
    unit = units(out)["q-flags"]
    source = unit.xpath("x:source | x2:segment/x2:source", namespaces=NS)[0]
    target = unit.xpath(target_path, namespaces=NS)[0]

    assert text(target) == text(source)
    assert [el.get("id") for el in target.iter() if el is not target] == ["1", "2", "3", "4"]
    assert (target.get("state") or unit.find("x2:segment", NS).get("state")) in ("needs-translation", "initial")


def test_white_space_is_preserved_and_survives_pretty_printing(tmp_path: Path) -> None:
    doc = tmp_path / "doc.xml"
    (tmp_path / "in.txt").write_text("He said «Nos  vemos\u00a0mañana, amigos» and left.\n", encoding="utf-8")
    assert cli("new", tmp_path / "in.txt", "-o", doc).exit_code == 0
    run(doc, "quote.add", {"match": "Nos  vemos\u00a0mañana, amigos", "lang": "es", "id": "q1"})

    unit = units(export(doc, tmp_path / "out.xlf", "--target-lang", "en"))["q1"]
    assert unit.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert unit.find("x:source", NS).text == "Nos  vemos\u00a0mañana, amigos"


def test_quotes_in_two_languages_make_two_files_in_12_and_need_a_choice_in_21(
        seed: Path, tmp_path: Path) -> None:
    doc = tmp_path / "mixed.xml"
    doc.write_bytes(seed.read_bytes())
    run(doc, "quote.add", {"match": "energy policy", "lang": "fr", "id": "q-fr"})  # pretend: French words

    out = export(doc, tmp_path / "en.xlf", "--target-lang", "en")
    files = units(out)["q-fr"].getroottree().getroot().findall("x:file", NS)
    assert [f.get("source-language") for f in files] == ["es", "fr"]
    assert schema_errors(out, "1.2") == []

    refused = cli("export", "xliff", doc, "-o", tmp_path / "two.xlf", "--target-lang", "en", "--xliff-version", "2.1")
    assert refused.exit_code == 2
    assert "--source-lang" in refused.stderr
    assert not (tmp_path / "two.xlf").exists()
    only = export(doc, tmp_path / "fr.xlf", "--target-lang", "en", "--xliff-version", "2.1", "--source-lang", "fr")
    assert list(units(only)) == ["q-fr"]


def test_nothing_left_to_translate_still_writes_a_valid_empty_file(seed: Path, tmp_path: Path) -> None:
    out = export(seed, tmp_path / "de.xlf", "--target-lang", "de", "--source-lang", "it")

    assert units(out) == {}
    assert schema_errors(out, "1.2") == []


@pytest.mark.parametrize("options, code, message", [
    (("--target-lang", "en", "--xliff-version", "3.0"), 2, "--xliff-version '3.0': use 1.2 or 2.1"),
    (("--target-lang", "e n"), 3, "--target-lang 'e n' is not a well-formed BCP 47 language tag"),
])
def test_bad_options_are_refused_with_one_line(seed: Path, tmp_path: Path, options, code, message) -> None:
    result = cli("export", "xliff", seed, "-o", tmp_path / "out.xlf", *options)

    assert result.exit_code == code
    assert message in result.stderr
    assert Counter(result.stderr)["\n"] == 1
    assert not (tmp_path / "out.xlf").exists()


def test_the_document_itself_is_never_overwritten(seed: Path) -> None:
    before = seed.read_bytes()

    result = cli("export", "xliff", seed, "-o", seed, "--target-lang", "en")

    assert result.exit_code == 2
    assert "is the same file as" in result.stderr
    assert seed.read_bytes() == before


def test_an_unwritable_output_is_exit_4(seed: Path, tmp_path: Path) -> None:
    result = cli("export", "xliff", seed, "-o", tmp_path / "missing" / "out.xlf", "--target-lang", "en")

    assert result.exit_code == 4
    assert "the folder does not exist" in result.stderr
