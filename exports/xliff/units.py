"""The quotes and terms of a document as translation units: source text, tags, notes, glosses."""
from __future__ import annotations

from dataclasses import dataclass, field

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.entities import as_entity
from apostilla.annotations.glosses import Gloss, glosses_by_target, target_language
from apostilla.annotations.languages import same_language

from .inline import Token, comparable, plain_text, tei_tokens


@dataclass
class SourceUnit:
    """A quote or term to translate: `kind` is 'quote' or 'term', `lang` its language."""

    id: str
    kind: str
    lang: str
    tokens: list[Token]
    notes: list[tuple[str, str]] = field(default_factory=list)
    gloss: Gloss | None = None  # the existing gloss in the target language, if any

    @property
    def text(self) -> str:
        return plain_text(self.tokens)


def translatable(doc: TeiDocument) -> list:
    """Every quote and term in the running text, in document order."""
    return [node for node in doc.text_el.iter(tei.tei(tei.QUOTE), tei.tei(tei.TERM))]


def source_units(doc: TeiDocument, target_lang: str, *, all_: bool = False,
                 source_lang: str | None = None) -> list[SourceUnit]:
    """Units for every quote and term not in target_lang that lacks an approved gloss (all_: every one)."""
    units = []
    for node in translatable(doc):
        ident = node.get(tei.XML_ID)
        lang = target_language(doc, node)
        if not ident or same_language(lang, target_lang):
            continue
        if source_lang and lang.lower() != source_lang.lower():
            continue
        unit = source_unit(doc, node, target_lang)
        if not unit.text.strip():
            continue
        if unit.gloss is not None and unit.gloss.status == "approved" and not all_:
            continue
        units.append(unit)
    return units


def source_unit(doc: TeiDocument, node, target_lang: str) -> SourceUnit:
    """The unit of one quote or term, with its notes for the translator."""
    ident = node.get(tei.XML_ID)
    kind = "quote" if tei.local(node) == tei.QUOTE else "term"
    glosses = glosses_by_target(doc).get(ident, [])
    mine = [g for g in glosses if g.lang.lower() == target_lang.lower()]
    unit = SourceUnit(id=ident, kind=kind, lang=target_language(doc, node), tokens=tei_tokens(node),
                      gloss=mine[0] if mine else None)
    speaker = _speaker(doc, node)
    if speaker:
        unit.notes.append(("speaker", f"Said by {speaker}"))
    context = _paragraph_text(doc, node)
    if context and comparable(context) != comparable(unit.text):
        unit.notes.append(("context", f"In paragraph {doc.paragraph_id(node) or '?'}: {context}"))
    for gloss in glosses:
        unit.notes.append(("gloss", _describe_gloss(gloss)))
    return unit


def _speaker(doc: TeiDocument, node) -> str | None:
    who = (node.get("who") or "").split()
    if not who:
        return None
    entry = doc.ids.get(who[0].lstrip("#"))
    if entry is None or tei.local(entry) not in tei.ENTRY_TYPES:
        return who[0].lstrip("#")
    entity = as_entity(entry)
    return f"{entity.name} ({entity.role})" if entity.role else entity.name


def _paragraph_text(doc: TeiDocument, node) -> str:
    while node is not None and tei.local(node) not in tei.PARAGRAPHS:
        node = node.getparent()
    return comparable("".join(node.itertext())) if node is not None else ""


def _describe_gloss(gloss: Gloss) -> str:
    who = f", {gloss.translator}" if gloss.translator else ""
    return f"Existing gloss in {gloss.lang} ({gloss.status or 'no status'}{who}): {gloss.text}"
