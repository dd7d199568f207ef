"""A translator works in OmegaT: our prefilled XLIFF 1.2 goes in, OmegaT's translated file comes back."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from tools import make_omegat_project, run_omegat
from .xliff_helpers import NS, TEI, annotated_seed, body, cli, glosses, schema_errors, sha, units

pytestmark = pytest.mark.interop

# What the translator typed, in OmegaT's tag shortcuts: <g id="1"> is shown as <g0>, and so on.
TRANSLATIONS = {
    "q-flags": "Raise the flag of <g0>Colombia</g0> at home now. <g1>On Wednesday</g1> we meet in every "
               "square of <g2>Colombia</g2> at 4 p.m. Now to defend <g3>national sovereignty</g3>.",
    "q-cut": "Let us stand up for sovereignty and democracy in <g0>Colombia</g0> against the threats of a "
             "military invasion.",
}


def omegat_segment(source: etree._Element) -> str:
    """A source as OmegaT shows it: each <g> becomes <gN>...</gN>, N counting from 0 in order."""
    parts, numbers = [source.text or ""], {}

    def walk(element: etree._Element) -> None:
        for child in element:
            assert etree.QName(child).localname == "g", "the seed's quotes hold only paired tags"
            number = numbers.setdefault(child.get("id"), len(numbers))
            parts.append(f"<g{number}>{child.text or ''}")
            walk(child)
            parts.append(f"</g{number}>{child.tail or ''}")

    walk(source)
    return "".join(parts)


def memory(pairs: list[tuple[str, str]]) -> str:
    """OmegaT's project memory with these (source, translation) segments."""
    tus = "".join(f'<tu><tuv lang="es"><seg>{escape(s)}</seg></tuv><tuv lang="en"><seg>{escape(t)}</seg></tuv></tu>\n'
                  for s, t in pairs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">\n'
            '<header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" '
            'creationtoolversion="3.6.0" segtype="paragraph" srclang="es"/>\n'
            f"<body>\n{tus}</body>\n</tmx>\n")


def test_omegat_translates_our_prefilled_xliff_and_the_translations_come_back_as_glosses(tmp_path: Path) -> None:
    doc = annotated_seed(tmp_path)
    text_before = body(doc)
    project = tmp_path / "omegat-project"
    make_omegat_project(project)
    xlf = project / "source" / "article.xlf"
    assert cli("export", "xliff", doc, "-o", xlf, "--target-lang", "en", "--prefill", "--all").exit_code == 0
    sources = {ident: omegat_segment(unit.find("x:source", NS)) for ident, unit in units(xlf).items()}
    assert sources["q-flags"].startswith("Iza ya la bandera de <g0>Colombia</g0> en tu casa. <g1>El miércoles</g1>")
    # The term is left untranslated: OmegaT keeps the source in its target.
    (project / "omegat" / "project_save.tmx").write_text(
        memory([(sources[ident], TRANSLATIONS[ident]) for ident in TRANSLATIONS]), encoding="utf-8")

    result = run_omegat(project, timeout=120)

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    translated = project / "target" / "article.xlf"
    assert schema_errors(translated, "1.2") == []
    assert '<g id="1" ctype="x-placeName">Colombia</g> at home now.' in translated.read_text(encoding="utf-8")

    imported = cli("import", "xliff", doc, translated)

    assert imported.exit_code == 0, imported.stderr
    assert "0 gloss(es) added, 2 updated, 0 unchanged, 1 untranslated unit(s) skipped" in imported.stdout
    found = glosses(doc)
    assert found[("q-flags", "en")]["text"] == (
        "Raise the flag of Colombia at home now. On Wednesday we meet in every square of Colombia at 4 p.m. "
        "Now to defend national sovereignty.")
    assert found[("q-cut", "en")]["text"] == (
        "Let us stand up for sovereignty and democracy in Colombia against the threats of a military invasion.")
    assert found[("q-flags", "en")]["status"] == "draft"  # OmegaT left state="needs-translation"
    assert found[("t-soberania", "en")]["text"] == "national sovereignty"
    assert body(doc) == text_before
    quote = etree.parse(str(doc)).find(f".//{TEI}q[@{{http://www.w3.org/XML/1998/namespace}}id='q-flags']")
    assert [(el.get("ref"), el.text) for el in quote.iter(f"{TEI}placeName")] == [
        ("#colombia", "Colombia"), ("#colombia", "Colombia")]

    after = sha(doc)
    assert cli("import", "xliff", doc, translated).exit_code == 0
    assert sha(doc) == after

