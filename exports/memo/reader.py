"""Build the memo model from a TEI document, once, in the memo's language (writers only render it)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument, text_of
from apostilla.annotations.entities import Entity, as_entity
from apostilla.annotations.glosses import Gloss, glosses, glosses_by_target
from apostilla.annotations.languages import same_language
from apostilla.annotations.query import mention_counts
from apostilla.common.errors import UsageError
from apostilla.common.settings import source_date
from apostilla.common.text import xml_text
from apostilla.common.version import version

from . import localize as fmt
from .i18n import check_memo_lang, gettext_for
from .inlines import plain_text, without_notes
from .model import Block, Emph, Fact, HeadingBlock, KeyQuote, Memo, Para, Party, Text
from .options import MemoOptions
from .text import RawFact, TextReader

SUMMARY_WORDS = 10  # a paragraph shorter than this is a salutation or a dateline, not a summary


def build_memo(doc: TeiDocument, options: MemoOptions) -> Memo:
    """The whole memo of doc in options.lang: heading, summary, quotes, parties, facts, text, notes."""
    lang = check_memo_lang(options.lang)
    for option, value in (("--to", options.to), ("--from", options.from_), ("--subject", options.subject),
                          ("--classification", options.classification)):
        if value is not None:
            xml_text(value, option)  # what the memo's own formats cannot carry either (ESC, NUL...)
    _ = gettext_for(lang)
    register = registers(doc)
    by_target = glosses_by_target(doc)
    walker = TextReader(lang, register, by_target, lambda gloss: _gloss_blocks(gloss, _))
    body = walker.read(doc.text_el, doc.text_lang())
    iso_date = _memo_date(doc, options.date)
    when = fmt.long_date(iso_date, lang) if iso_date else _("undated")
    title = doc.title()
    subject = options.subject or title or Path(doc.name).name
    sender = options.from_ or _last_person(doc) or _("not stated")
    heading = HeadingBlock(
        title=_("MEMORANDUM"),
        fields=[(_("To"), options.to or _("File")), (_("From"), sender), (_("Date"), when),
                (_("Subject"), subject)],
        classification=options.classification or None)
    return Memo(
        lang=lang,
        labels=labels(_),
        metadata={"title": title or subject, "subject": subject, "author": sender, "language": lang,
                  "date": iso_date or "", "keywords": ", ".join(doc.keywords())},
        heading=heading,
        summary=_summary(doc, body, walker),
        key_quotes=[_key_quote(node, quote, register, by_target, lang, _) for node, quote in walker.quotes],
        parties=_parties(doc, register, lang, _),
        facts=_facts(walker.facts, lang, _),
        source_lang=doc.text_lang(),
        body=body,
        notes=walker.notes,
        provenance=_provenance(doc, lang, when, _),
        warnings=walker.warnings(),
    )


def registers(doc: TeiDocument) -> dict[str, Entity]:
    """Every register entry of the document by id (standOff first), names read word by word."""
    found: dict[str, Entity] = {}
    for node in doc.entries():
        ident = node.get(tei.XML_ID)
        if ident not in found:
            entity = as_entity(node)
            name_el = node.find(f".//{tei.tei(tei.ENTITY_TYPES[entity.type][2])}")
            if name_el is not None and len(name_el):   # <forename/><surname/>: words apart
                entity.name = " ".join(" ".join(name_el.itertext()).split())
            found[ident] = entity
    return found


def labels(_) -> dict[str, str]:
    """Section titles and column headers in the memo's language (the keys of model.LABEL_KEYS)."""
    return {
        "summary": _("Summary"), "key_quotes": _("Key quotes"),
        "parties": _("People and organisations"), "facts": _("Dates and figures"),
        "text": _("Annotated text"), "notes": _("Notes"), "provenance": _("Provenance"),
        "speaker": _("Speaker"), "original": _("Original"), "translation": _("Translation"),
        "language": _("Language"), "translator": _("Translator"), "status": _("Status"),
        "missing": _("Translation missing"), "no_gloss_needed": _("No translation needed"),
        "unknown_speaker": _("Unknown"), "name": _("Name"), "kind": _("Type"), "role": _("Role"),
        "mentions": _("Mentions"), "authority_ids": _("Authority IDs"), "value": _("Value"),
        "in_context": _("In context"), "none": _("None marked."), "back_to_text": _("Back to text"),
        "page": _("Page"), "of": _("of"), "classification": _("Classification"),
    }


def status_label(status: str | None, _) -> str | None:
    """A gloss's review status in the memo's language."""
    names = {"draft": _("draft"), "reviewed": _("reviewed"), "approved": _("approved")}
    return names.get(status, status) if status else None


def _gloss_blocks(gloss: Gloss, _) -> list[Block]:
    """A gloss as a footnote: marked as a translation, with who made it and its review status."""
    about = [part for part in (gloss.translator, status_label(gloss.status, _)) if part]
    label = _("Translation") + (f" ({', '.join(about)})" if about else "") + ": "
    return [Para([Emph([Text(label)]), Text(gloss.text)])]


# ---------------------------------------------------------------------------- heading block


def _memo_date(doc: TeiDocument, option: str | None) -> str | None:
    """--date, else the day of the document's last change, else SOURCE_DATE_EPOCH; never the clock."""
    if option:
        if fmt.parse_iso(option) is None or len(option.strip()) != 10:
            raise UsageError(f"--date {option!r} is not an ISO 8601 day (YYYY-MM-DD)")
        return option.strip()
    days = [c.get("when", "")[:10] for c in doc.changes()]
    days = [d for d in days if len(d) == 10 and fmt.parse_iso(d) is not None]
    if days:
        return max(days)
    epoch = source_date()
    return epoch.date().isoformat() if epoch else None


def _last_person(doc: TeiDocument) -> str | None:
    """Who made the last change (its @who resolved), else the last respStmt or author of titleStmt."""
    for change in reversed(doc.changes()):
        for who in (change.get("who") or "").split():
            node = doc.ids.get(who.lstrip("#"))
            if node is not None:
                names = [n for n in node.iter(*map(tei.tei, tei.AGENT_NAMES)) if text_of(n)]
                if names:
                    return text_of(names[0])
    agents = doc.agents()
    return agents[-1] if agents else None


# ---------------------------------------------------------------------------- sections


def _summary(doc: TeiDocument, body: list[Block], walker: TextReader) -> list[Block]:
    """The abstract of the header, else the first paragraph of the text; no footnote calls."""
    abstract = doc.abstract()
    if abstract is not None:
        reader = TextReader(walker.memo_lang, {}, {}, lambda gloss: [])
        blocks = reader.read(abstract, doc.lang_of(abstract) or doc.text_lang())
        return [Para(without_notes(b.children), b.lang) for b in blocks if isinstance(b, Para)]
    if walker.body_start is not None:
        holder, start = walker.body_start
        first = _first_para(holder[start:]) or _first_para(body)
    else:
        first = _first_para(body)
    return [Para(without_notes(first.children), first.lang)] if first else []


def _first_para(blocks: list[Block]) -> Para | None:
    """The first paragraph of some length (a letter's "Dear Sir," is not one), else the first."""
    paras = [b for b in blocks if isinstance(b, Para)]
    return next((p for p in paras if len(plain_text(p.children).split()) >= SUMMARY_WORDS),
                paras[0] if paras else None)


def _key_quote(node, quote, register, by_target, lang: str, _) -> KeyQuote:
    who = (node.get("who") or "").split()
    entity = register.get(who[0].lstrip("#")) if who else None
    qlang = quote.lang or lang
    needs = not same_language(qlang, lang)
    gloss = None
    if needs:
        gloss = next((g for g in by_target.get(node.get(tei.XML_ID) or "", ())
                      if same_language(g.lang, lang)), None)
    return KeyQuote(
        speaker=entity.name if entity else quote.speaker,
        role=entity.role if entity else None,
        original=without_notes(quote.children),
        original_lang=qlang,
        original_lang_name=fmt.language(qlang, lang),
        gloss=gloss.text if gloss else None,
        gloss_lang=gloss.lang if gloss else None,
        translator=gloss.translator if gloss else None,
        status=status_label(gloss.status, _) if gloss else None,
        needs_gloss=needs)


def _parties(doc: TeiDocument, register, lang: str, _) -> list[Party]:
    """People and organisations of the register, in register order, with their mention counts."""
    counts = mention_counts(doc)
    kinds = {"person": _("Person"), "org": _("Organisation")}
    return [Party(name=e.name, kind=kinds[e.type], role=e.role,
                  mentions=fmt.number(str(counts.get(e.id, 0)), lang) or "0",
                  authority_ids=list(e.same_as))
            for e in register.values() if e.type in kinds]


def _facts(raw: list[RawFact], lang: str, _) -> list[Fact]:
    """Every date (in date order; undated ones after) then every figure, each with its sentence."""
    dates, figures = [], []
    for item in raw:
        node = item.node
        sentence = item.sentence or []
        written = text_of(node)
        if item.kind == "date":
            key = node.get("when") or node.get("from") or node.get("notBefore") or ""
            dates.append(Fact(_("Date"), _date_value(node, lang) or written, written, sentence, key,
                              _context_lang(node)))
        else:
            if tei.local(node) == "measure":
                value = fmt.quantity(node.get("quantity") or "", node.get("unit"), lang)
            else:
                value = fmt.number(node.get("value") or "", lang)
            figures.append(Fact(_("Figure"), value or written, written, sentence, "", _context_lang(node)))
    dates.sort(key=lambda f: (f.sort_key == "", f.sort_key))
    return dates + figures


def _context_lang(node) -> str | None:
    """The language of the text around a date or figure (the sentence it is quoted in)."""
    parent = node.getparent()
    return TeiDocument.lang_of(parent) if parent is not None else None


def _date_value(node, lang: str) -> str | None:
    when = node.get("when")
    if when:
        return fmt.long_date(when, lang)
    start, end = node.get("from") or node.get("notBefore"), node.get("to") or node.get("notAfter")
    if start and end:
        return fmt.date_range(start, end, lang) or f"{fmt.long_date(start, lang)} – {fmt.long_date(end, lang)}"
    return fmt.long_date(start or end, lang) if (start or end) else None


def _provenance(doc: TeiDocument, lang: str, when: str, _) -> list[tuple[str, str]]:
    """Where the memo comes from: source, document, translators and review, date, tool version."""
    rows: list[tuple[str, str]] = []
    described, digest = doc.source()
    if described:
        rows.append((_("Source"), _shorten(described)))
    if digest:
        rows.append((_("Source SHA-256"), digest))
    rows.append((_("Document"), Path(doc.name).name))
    rows.append((_("Document SHA-256"), hashlib.sha256(doc.original).hexdigest()))
    shown = [g for g in glosses(doc) if same_language(g.lang, lang)]
    translators = sorted({g.translator for g in shown if g.translator})
    rows.append((_("Translators"), fmt.join(translators, lang) or _("not stated")))
    statuses: dict[str, int] = {}
    for gloss in shown:
        label = status_label(gloss.status, _) or _("no status")
        statuses[label] = statuses.get(label, 0) + 1
    review = "; ".join(f"{label}: {fmt.number(str(n), lang)}" for label, n in sorted(statuses.items()))
    rows.append((_("Translations shown"), review or _("none")))
    rows.append((_("Memo date"), when))
    rows.append((_("Made with"), f"apostilla {version()}"))
    return rows


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
