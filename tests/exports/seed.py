"""The seed article annotated as a desk would, for the memo tests of every writer."""
from __future__ import annotations

from pathlib import Path

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
