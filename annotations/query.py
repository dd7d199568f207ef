"""Read-only views of a document's annotations: the rows of `list` and the counts of `status`."""
from __future__ import annotations

from collections import Counter

from . import tei
from .document import TeiDocument
from .entities import as_entity
from .glosses import glosses, glosses_by_target, target_language
from .languages import same_language
from .textview import Node

KINDS = ("entities", "mentions", "quotes", "glosses", "dates", "measures", "terms")
# The keys of each kind's rows, in order: the columns of a table or CSV, even an empty one.
COLUMNS = {
    "entities": ("id", "type", "name", "aliases", "role", "same_as", "mentions"),
    "mentions": ("id", "entity", "text", "paragraph"),
    "quotes": ("id", "text", "lang", "speaker", "paragraph", "glosses"),
    "glosses": ("id", "target", "lang", "text", "translator", "status"),
    "dates": ("id", "text", "when"),
    "measures": ("id", "text", "quantity", "unit"),
    "terms": ("id", "text", "lang", "glosses"),
}


def text_of(node: Node) -> str:
    """An element's text on one line (white-space runs as one space)."""
    return " ".join("".join(node.itertext()).split())


def _in_text(doc: TeiDocument, *names: str) -> list[Node]:
    return list(doc.text_el.iter(*(tei.tei(n) for n in names)))


def mention_counts(doc: TeiDocument) -> Counter[str]:
    counts: Counter[str] = Counter()
    for node in _in_text(doc, *tei.MENTION_ELEMENTS):
        for ref in (node.get("ref") or "").split():
            if ref.startswith("#"):
                counts[ref[1:]] += 1
    return counts


def entities(doc: TeiDocument) -> list[dict]:
    counts = mention_counts(doc)
    rows = []
    for node in doc.registers():
        ent = as_entity(node)
        rows.append({"id": ent.id, "type": ent.type, "name": ent.name, "aliases": ent.aliases,
                     "role": ent.role, "same_as": ent.same_as, "mentions": counts.get(ent.id, 0)})
    return rows


def mentions(doc: TeiDocument) -> list[dict]:
    registered = {n.get(tei.XML_ID) for n in doc.registers()}
    rows = []
    for node in _in_text(doc, *tei.MENTION_ELEMENTS):
        ref = (node.get("ref") or "").split()
        target = ref[0][1:] if ref and ref[0].startswith("#") else None
        if target in registered:
            rows.append({"id": node.get(tei.XML_ID), "entity": target, "text": text_of(node),
                         "paragraph": doc.paragraph_id(node)})
    return rows


def _gloss_map(items: list, lang_key: str = "lang") -> dict[str, str]:
    return {g.lang: g.text for g in items}


def quotes(doc: TeiDocument) -> list[dict]:
    by_target = glosses_by_target(doc)
    rows = []
    for node in _in_text(doc, tei.QUOTE):
        ident = node.get(tei.XML_ID)
        who = (node.get("who") or "").split()
        rows.append({"id": ident, "text": text_of(node), "lang": target_language(doc, node),
                     "speaker": who[0].lstrip("#") if who else None, "paragraph": doc.paragraph_id(node),
                     "glosses": _gloss_map(by_target.get(ident, []) if ident else [])})
    return rows


def gloss_rows(doc: TeiDocument) -> list[dict]:
    return [{"id": g.id, "target": g.target, "lang": g.lang, "text": g.text, "translator": g.translator,
             "status": g.status} for g in glosses(doc)]


def dates(doc: TeiDocument) -> list[dict]:
    return [{"id": n.get(tei.XML_ID), "text": text_of(n), "when": n.get("when")}
            for n in _in_text(doc, tei.DATE)]


def measures(doc: TeiDocument) -> list[dict]:
    rows = []
    for node in _in_text(doc, tei.MEASURE, tei.NUM):
        rows.append({"id": node.get(tei.XML_ID), "text": text_of(node),
                     "quantity": node.get("quantity") if tei.local(node) == tei.MEASURE else node.get("value"),
                     "unit": node.get("unit")})
    return rows


def terms(doc: TeiDocument) -> list[dict]:
    by_target = glosses_by_target(doc)
    return [{"id": n.get(tei.XML_ID), "text": text_of(n), "lang": target_language(doc, n),
             "glosses": _gloss_map(by_target.get(n.get(tei.XML_ID), []) if n.get(tei.XML_ID) else [])}
            for n in _in_text(doc, tei.TERM)]


def listing(doc: TeiDocument, kind: str) -> list[dict]:
    """The rows of `apostilla list DOC KIND`."""
    return {"entities": entities, "mentions": mentions, "quotes": quotes, "glosses": gloss_rows,
            "dates": dates, "measures": measures, "terms": terms}[kind](doc)


def status(doc: TeiDocument) -> dict:
    """Counts and gloss coverage, overall and per target language."""
    all_glosses = glosses(doc)
    q_rows, t_rows = quotes(doc), terms(doc)
    languages = sorted({g.lang for g in all_glosses} | doc.declared_languages())
    status_of = {(g.target, g.lang): g.status for g in all_glosses}
    per_language = {}
    for lang in languages:
        entry = {}
        for label, rows in (("quotes", q_rows), ("terms", t_rows)):
            pending = [r for r in rows if not same_language(r["lang"], lang)]
            glossed = [r for r in pending if lang in r["glosses"]]
            approved = [r for r in glossed if status_of.get((r["id"], lang)) == "approved"]
            entry[label] = {"glossed": len(glossed), "approved": len(approved), "total": len(pending)}
        per_language[lang] = entry
    return {
        "paragraphs": len(_in_text(doc, "p")),
        "entities": len(doc.registers()),
        "mentions": len(mentions(doc)),
        "quotes": len(q_rows),
        "glosses": len(all_glosses),
        "dates": len(_in_text(doc, tei.DATE)),
        "measures": len(_in_text(doc, tei.MEASURE, tei.NUM)),
        "terms": len(t_rows),
        "text_lang": doc.text_lang(),
        "coverage": {
            "quotes": {"glossed": sum(1 for r in q_rows if r["glosses"]), "total": len(q_rows)},
            "terms": {"glossed": sum(1 for r in t_rows if r["glosses"]), "total": len(t_rows)},
        },
        "languages": per_language,
    }
