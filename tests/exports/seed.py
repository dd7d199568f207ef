"""The seed article annotated as a desk would, for the memo tests of every writer."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import need_shared
from lxml import etree

from apostilla.annotations.apply import apply
from apostilla.annotations.newdoc import new_document

BATCH = Path(__file__).resolve().parent / "memo" / "seed-memo.jsonl"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Roles in Spanish, as `entity set ID --role TEXT --lang es` writes them: one per language.
SPANISH_ROLES = {"petro": "Presidente de Colombia", "trump": "Presidente de Estados Unidos",
                 "arias": "Presidente de la CUT", "cut": "Principal central sindical de Colombia"}


def seed_article(folder: Path) -> Path:
    """article.xml in folder: the seed article annotated by the batch, with Spanish roles."""
    doc = folder / "article.xml"
    new_document(need_shared("seed", "source-article.txt"), doc, title="US-Colombia tensions, January 2026",
                  lang="en", force=True)
    apply(doc, BATCH, by="Ana Ruiz")
    tree = etree.parse(str(doc))
    for entry in tree.iter(f"{TEI}person", f"{TEI}org"):
        role = SPANISH_ROLES.get(entry.get("{http://www.w3.org/XML/1998/namespace}id"))
        if role:
            tag = "occupation" if entry.tag == f"{TEI}person" else "note"
            el = etree.SubElement(entry, f"{TEI}{tag}", {XML_LANG: "es"} if tag == "occupation" else
                                  {"type": "role", XML_LANG: "es"})
            el.text = role
    tree.write(str(doc), encoding="UTF-8", xml_declaration=True)
    return doc


def article_fixture():
    """A module fixture: the seed article annotated once for the test module that sets
    `article = article_fixture()`, with the clock and the user fixed as each test's own are (a
    module's fixture runs before the per-test ones)."""

    @pytest.fixture(scope="module")
    def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", "1767787200")
            patch.setenv("APOSTILLA_USER", "Test Runner")
            return seed_article(tmp_path_factory.mktemp("seed"))

    return article
