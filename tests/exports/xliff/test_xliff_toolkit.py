"""translate-toolkit, an independent XLIFF 1.2 reader and writer, translates our file and we take it back."""
from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import xliff, xliff2
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G

from .xliff_helpers import annotated_seed, body, cli, glosses, schema_errors, sha

TRANSLATIONS = {
    "q-flags": ("translated", ["Raise the flag of ", G(id="1", sub=["Colombia"]), " at home now. ",
                               G(id="2", sub=["On Wednesday"]), " we meet in every square of ",
                               G(id="3", sub=["Colombia"]), " at 4 p.m. Now to defend ",
                               G(id="4", sub=["national sovereignty"]), "."]),
    "q-cut": ("signed-off", ["Let us stand up for sovereignty and democracy in ", G(id="1", sub=["Colombia"]),
                             " against the threats of a military invasion."]),
    "t-soberania": ("final", ["sovereignty of the nation"]),
}


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    return annotated_seed(tmp_path)


def test_the_toolkit_reads_our_units_notes_and_tags(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.xlf"
    assert cli("export", "xliff", doc, "-o", out, "--target-lang", "en", "--all").exit_code == 0

    store = xliff.xlifffile.parsefile(str(out))

    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("es", "en")
    by_id = {u.xmlelement.get("id"): u for u in store.units}
    assert list(by_id) == ["q-flags", "t-soberania", "q-cut"]
    flags = by_id["q-flags"]
    assert flags.source.startswith("Iza ya la bandera de Colombia en tu casa.")
    assert "Said by Gustavo Petro" in flags.getnotes()
    tags = [(e.id, str(e)) for e in flags.rich_source[0].depth_first() if isinstance(e, G)]
    assert tags == [("1", "Colombia"), ("2", "El miércoles"), ("3", "Colombia"), ("4", "soberanía nacional")]


def test_targets_set_by_the_toolkit_with_their_tags_come_back_as_glosses(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.xlf"
    assert cli("export", "xliff", doc, "-o", out, "--target-lang", "en", "--all").exit_code == 0
    store = xliff.xlifffile.parsefile(str(out))
    for unit in store.units:
        state, parts = TRANSLATIONS[unit.xmlelement.get("id")]
        unit.rich_target = [StringElem(parts)]
        unit.set_state_n(unit.statemap[state])
    translated = tmp_path / "en-translated.xlf"
    translated.write_bytes(bytes(store))
    assert '<g id="4">national sovereignty</g>' in translated.read_text(encoding="utf-8")
    assert schema_errors(translated, "1.2") == []
    text_before = body(doc)

    result = cli("import", "xliff", doc, translated)

    assert result.exit_code == 0, result.stderr
    assert "0 gloss(es) added, 3 updated, 0 unchanged, 0 untranslated" in result.stdout
    found = glosses(doc)
    assert (found[("q-flags", "en")]["text"], found[("q-flags", "en")]["status"]) == (
        "Raise the flag of Colombia at home now. On Wednesday we meet in every square of Colombia at 4 p.m. "
        "Now to defend national sovereignty.", "draft")
    assert (found[("q-cut", "en")]["text"], found[("q-cut", "en")]["status"]) == (
        "Let us stand up for sovereignty and democracy in Colombia against the threats of a military invasion.",
        "reviewed")
    assert (found[("t-soberania", "en")]["text"], found[("t-soberania", "en")]["status"]) == (
        "sovereignty of the nation", "approved")
    assert body(doc) == text_before

    after = sha(doc)
    assert cli("import", "xliff", doc, translated).exit_code == 0
    assert sha(doc) == after


def test_the_toolkit_reads_our_21_file_and_a_plain_target_that_drops_the_tags_is_refused(
        doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.xlf"
    assert cli("export", "xliff", doc, "-o", out, "--target-lang", "en", "--xliff-version", "2.1").exit_code == 0

    store = xliff2.Xliff2File.parsefile(str(out))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("es", "en")
    flags = {u.getid(): u for u in store.units}["q-flags"]
    assert flags.source.startswith("Iza ya la bandera de Colombia en tu casa.")
    assert [e.id for e in flags.rich_source[0].depth_first() if getattr(e, "id", None)] == ["1", "2", "3", "4"]

    flags.target = "Raise the flag of Colombia now."  # plain text: the four <pc> are gone
    out.write_bytes(bytes(store))
    before = sha(doc)
    result = cli("import", "xliff", doc, out)
    assert result.exit_code == 3
    assert "unit 'q-flags': the target lost inline tag '1' of its source" in result.stderr
    assert sha(doc) == before
