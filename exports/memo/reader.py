"""Build the memo model from a TEI document, once, in the memo's language (writers only render it)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument, text_of
from apostilla.annotations.glosses import Gloss, glosses, glosses_by_target
from apostilla.annotations.languages import same_language
from apostilla.annotations.memoparts import MemoParts, memo_parts
from apostilla.common.errors import UsageError
from apostilla.common.files import shown_name
from apostilla.common.settings import source_date
from apostilla.common.text import xml_text
from apostilla.common.version import version

from . import localize as fmt
from .i18n import check_memo_lang, gettext_for
from .inlines import note_refs, plain_text, without_notes
from .model import (
    LAYOUTS,
    SECTIONS,
    Block,
    BulletList,
    Emph,
    Fact,
    HeadingBlock,
    KeyQuote,
    Label,
    Memo,
    Note,
    Para,
    Party,
    Passage,
    Phrase,
    Quote,
    Text,
    passage_shown,
)
from .options import MemoOptions
from .text import RawFact, TextReader

if TYPE_CHECKING:
    from apostilla.annotations.entities import Entity

SUMMARY_WORDS = 10  # a paragraph shorter than this is a salutation or a dateline, not a summary
STATUS_RANK = {status: rank for rank, status in enumerate(tei.GLOSS_STATUSES)}


def build_memo(doc: TeiDocument, options: MemoOptions) -> Memo:
    """The whole memo of doc in options.lang: heading, summary, quotes, parties, facts, text, notes."""
    lang = check_memo_lang(options.lang)
    for option, value in (("--to", options.to), ("--from", options.from_), ("--subject", options.subject),
                          ("--classification", options.classification)):
        if value is not None:
            xml_text(value, option)  # what the memo's own formats cannot carry either (ESC, NUL...)
    sections, layout, least = check_sections(options.sections), check_layout(options.layout), \
        check_min_status(options.min_status)
    _ = gettext_for(lang)
    register = registers(doc)
    by_target = {target: [g for g in found if _strong_enough(g, least)]
                 for target, found in glosses_by_target(doc).items()}
    # A text that does not say its language cannot be said to be translated or not.
    declared = doc.text_el.get(tei.XML_LANG) or doc.root.get(tei.XML_LANG)
    untranslated: dict[str, Label] = {}     # one label per language: a long text has thousands

    def label(gloss: Gloss | None, own: str) -> Label:
        if gloss is not None:
            return _passage_label(gloss, own, lang, _)
        if own not in untranslated:
            untranslated[own] = _passage_label(None, own, lang, _)
        return untranslated[own]

    walker = TextReader(lang, register, by_target, lambda gloss: _gloss_blocks(gloss, _),
                        label if declared else None)
    body = walker.read(doc.text_el, doc.text_lang())
    iso_date = _memo_date(doc, options.date)
    when = fmt.long_date(iso_date, lang) if iso_date else _("undated")
    title = doc.title()
    subject = options.subject or title or _("untitled")
    sender = options.from_ or _sender(doc) or _("not stated")
    heading = HeadingBlock(
        title=_("MEMORANDUM"),
        fields=[(_("To"), options.to or _("File")), (_("From"), sender), (_("Date"), when),
                (_("Subject"), subject)],
        classification=options.classification or None)
    if "text" not in sections:
        notes = []
    elif layout == "memo" and not any(type(b) is Passage and b.translation is not None for b in body):
        notes = walker.notes       # every note is called where it was read: already in reading order
    else:
        notes = number_notes(body, layout)
    return Memo(
        lang=lang,
        labels=labels(_),
        metadata={"title": title or subject, "subject": subject, "author": sender, "language": lang,
                  "date": iso_date or "", "keywords": ", ".join(doc.keywords())},
        heading=heading,
        summary=_summary(doc, body, walker, lang, _),
        key_quotes=[_key_quote(node, quote, register, by_target, lang, _) for node, quote in walker.quotes],
        parties=_parties(doc, register, lang, _),
        facts=_facts(walker.facts, lang, _),
        source_lang=doc.text_lang(),
        body=body,
        notes=notes,
        provenance=_provenance(doc, lang, when, least, _),
        warnings=walker.warnings() + ([] if declared else [
            "memo: the text does not say its language (xml:lang on <text> or <TEI>), so no passage "
            "is marked as translated or not translated"]),
        sections=sections,
        layout=layout,
    )


def check_sections(chosen) -> tuple[str, ...]:
    """--sections as the memo's sections in their order; UsageError for a name that is not one."""
    if chosen is None:
        return SECTIONS
    names = [n.strip().lower() for item in ([chosen] if isinstance(chosen, str) else chosen)
             for n in str(item).split(",") if n.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown or not names:
        raise UsageError(f"--sections {','.join(unknown) or repr('')}: use some of {','.join(SECTIONS)}")
    return tuple(n for n in SECTIONS if n in names)


def check_layout(layout: str | None) -> str:
    if (layout or "memo") not in LAYOUTS:
        raise UsageError(f"--layout {layout!r}: use {' or '.join(LAYOUTS)}")
    return layout or "memo"


def check_min_status(status: str | None) -> int:
    """The rank below which glosses are left out (0: none is)."""
    if status is None:
        return 0
    if status not in STATUS_RANK:
        raise UsageError(f"--min-status {status!r}: use one of {', '.join(tei.GLOSS_STATUSES)}")
    return STATUS_RANK[status]


def _strong_enough(gloss: Gloss, least: int) -> bool:
    # A gloss without a status counts as a draft.
    return STATUS_RANK.get(gloss.status or "draft", 0) >= least


def number_notes(body: list[Block], layout: str) -> list[Note]:
    """The notes the text calls, numbered in the order a reader meets them; notes it no longer
    calls (glosses of quotes inside a translated paragraph) are left out."""
    shown: list[Block] = []
    for block in body:
        if type(block) is Passage:
            if layout == "parallel":
                shown.extend(block.original)
            translation = passage_shown(block)
            shown.extend(translation if isinstance(translation, list) else [translation])
        else:
            shown.append(block)
    notes: list[Note] = []
    seen: set[int] = set()
    stack = [iter(note_refs(shown))]
    while stack:
        ref = next(stack[-1], None)
        if ref is None:
            stack.pop()
            continue
        if id(ref.note) in seen:
            continue
        seen.add(id(ref.note))
        notes.append(ref.note)
        ref.note.number = len(notes)
        stack.append(iter(note_refs(ref.note.blocks)))   # a note's own notes come right after it
    return notes


def registers(doc: TeiDocument) -> dict[str, Entity]:
    """Every register entry of the document by id (standOff first), names read word by word."""
    entries = doc.entries()
    if not entries:
        return {}
    # Imported here, as is the count of mentions: a document without a register needs neither,
    # and with them come the modules that edit registers (1.3 ms to import).
    from apostilla.annotations.entities import as_entity

    found: dict[str, Entity] = {}
    for node in entries:
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
        "parties": _("Who's who"), "facts": _("Dates and figures"), "untranslated": _("not translated"),
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


def _passage_label(gloss: Gloss | None, own: str, lang: str, _) -> Label:
    """How a passage in another language is marked: a translation and its status, or not translated."""
    if gloss is None:
        return Label(f"{_('Not translated')} ({fmt.language(own, lang)})", "untranslated")
    about = [part for part in (status_label(gloss.status, _), gloss.translator) if part]
    return Label(_("Translation") + (f" ({', '.join(about)})" if about else ""), "translation")


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


def _sender(doc: TeiDocument) -> str | None:
    """The last translator or reviewer recorded: the translator of the gloss changed last, else
    the last person titleStmt names for a translation or a review. Never who ran a command."""
    dated = []
    for order, gloss in enumerate(glosses(doc)):
        if gloss.translator:
            when = max((c.get("when", "") for c in gloss.node.iter(tei.tei("change"))), default="")
            dated.append((when, order, gloss.translator))
    if dated:
        return max(dated)[2]
    named = None
    for resp in tei.xpath(doc.header, tei.TITLE_RESPS):
        roles = " ".join(text_of(r) for r in resp if tei.local(r) == "resp").lower()
        names = [text_of(n) for n in resp if tei.local(n) in tei.AGENT_NAMES and text_of(n)]
        if names and any(word in roles for word in ("transl", "review", "traduc", "revis")):
            named = names[0]
    return named


# ---------------------------------------------------------------------------- sections


def _summary(doc: TeiDocument, body: list[Block], walker: TextReader, lang: str, _) -> list[Block]:
    """The summary and key points set for the memo's language; else those in the document's
    language, marked as not translated; else the first paragraph of the text, marked as an excerpt."""
    parts = memo_parts(doc)
    mine = next((p for p in parts if same_language(p.lang, lang) and (p.summary or p.key_points)), None)
    if mine is not None:
        return _parts_blocks(mine, None, None)
    # The summary in the document's own language is the original the memo's would translate.
    other = next((p for p in parts if same_language(p.lang, doc.text_lang()) and p.summary), None)
    if other is not None:
        label = Label(f"{_('Not translated')} ({fmt.language(other.lang, lang)})", "untranslated")
        return _parts_blocks(other, walker.lang_tag(other.lang), label)
    if walker.body_start is not None:
        holder, start = walker.body_start
        first = _first_para(holder[start:]) or _first_para(body)
    else:
        first = _first_para(body)
    if first is None:
        return []
    shown, label = first
    text = _("Excerpt from the text") + (f" · {label.text}" if label else "")
    return [Para([Label(text, "excerpt"), *without_notes(shown.children)], shown.lang)]


def _parts_blocks(parts: MemoParts, lang: str | None, label: Label | None) -> list[Block]:
    blocks: list[Block] = [Para([Text(text)], lang) for text in parts.summary]
    if label is not None and blocks:
        blocks[0].children.insert(0, label)
    if parts.key_points:
        blocks.append(BulletList([[Para([Text(point)], lang)] for point in parts.key_points]))
    return blocks


def _first_para(blocks: list[Block]) -> tuple[Para, Label | None] | None:
    """The first paragraph of some length (a letter's "Dear Sir," is not one), else the first, as
    the memo shows it (a passage's translation), with the passage's label."""
    first = None
    for found in _paras(blocks):   # in order, up to the first long one: a long text has thousands
        if len(plain_text(found[0].children).split()) >= SUMMARY_WORDS:
            return found
        if first is None:
            first = found
    return first


def _paras(blocks: list[Block]) -> Iterator[tuple[Para, Label | None]]:
    """The paragraphs among blocks as the memo shows them, each with its passage's label."""
    for block in blocks:
        if type(block) is Para:
            yield block, None
        elif type(block) is Passage:
            shown = passage_shown(block)
            para = shown if type(shown) is Para else next((b for b in block.original if type(b) is Para), None)
            if para is not None:
                yield para, block.label


def role_in(entity: Entity, lang: str, doc_lang: str) -> Phrase | None:
    """An entity's role in the memo's language, else in its own language marked as not translated.

    Roles are a person's <occupation> or another entry's <note type="role">, one per language
    (xml:lang; none: the document's language)."""
    roles: list[tuple[str, str]] = []
    for child in entity.node:
        name = tei.local(child)
        if name == "occupation" or (name == "note" and child.get("type") == tei.ROLE_NOTE_TYPE):
            text = text_of(child)
            if text:
                roles.append((child.get(tei.XML_LANG) or doc_lang, text))
    mine = next((text for own, text in roles if same_language(own, lang)), None)
    if mine is not None:
        return Phrase(mine)
    if not roles:
        return None
    own, text = next(((o, t) for o, t in roles if same_language(o, doc_lang)), roles[0])
    return Phrase(text, own, untranslated=True)


def _key_quote(node, quote, register, by_target, lang: str, _) -> KeyQuote:
    who = (node.get("who") or "").split()
    entity = register.get(who[0].lstrip("#")) if who else None
    qlang = quote.lang or lang
    needs = not same_language(qlang, lang)
    gloss = None
    if needs:
        gloss = next((g for g in by_target.get(node.get(tei.XML_ID) or "", ())
                      if same_language(g.lang, lang)), None)
    doc_lang = TeiDocument.lang_of(node.getparent()) or lang
    return KeyQuote(
        speaker=entity.name if entity else quote.speaker,
        role=role_in(entity, lang, doc_lang) if entity else None,
        original=[Quote(without_notes(quote.children), qlang, quote.speaker, None, fmt.quotation_marks(lang))],
        original_lang=qlang,
        original_lang_name=fmt.language(qlang, lang),
        gloss=gloss.text if gloss else None,
        gloss_lang=gloss.lang if gloss else None,
        translator=gloss.translator if gloss else None,
        status=status_label(gloss.status, _) if gloss else None,
        needs_gloss=needs)


def _parties(doc: TeiDocument, register, lang: str, _) -> list[Party]:
    """Who's who: every entry of the register (people, organisations, places, events, others) in
    register order, with its role in the memo's language and its number of mentions."""
    if not register:
        return []   # no one to count the mentions of: they take a pass over the whole text
    from apostilla.annotations.query import mention_counts

    counts = mention_counts(doc)
    kinds = {"person": _("Person"), "org": _("Organisation"), "place": _("Place"), "event": _("Event"),
             "other": _("Other")}
    doc_lang = doc.text_lang()
    return [Party(name=e.name, kind=kinds[e.type], role=role_in(e, lang, doc_lang),
                  mentions=fmt.number(str(counts.get(e.id, 0)), lang) or "0",
                  authority_ids=list(e.same_as))
            for e in register.values() if e.type in kinds]


def _facts(raw: list[RawFact], lang: str, _) -> list[Fact]:
    """Every date (in date order, the same date once; undated ones after) then every figure, each
    with the sentence it stands in (the first one, for a date met again)."""
    dates: dict[str, Fact] = {}
    times: dict[str, int] = {}
    undated, figures = [], []
    for item in raw:
        node = item.node
        sentence = item.sentence or []
        written = text_of(node)
        if item.kind == "date":
            key = node.get("when") or node.get("from") or node.get("notBefore") or ""
            if not key:
                undated.append(Fact(_("Date"), written, written, sentence, "", _context_lang(node)))
                continue
            range_key = f"{key}/{node.get('to') or node.get('notAfter') or ''}"
            if range_key in dates:
                times[range_key] += 1
                continue
            times[range_key] = 1
            dates[range_key] = Fact(_("Date"), _date_value(node, lang) or written, written, sentence, key,
                                    _context_lang(node))
        else:
            if tei.local(node) == "measure":
                value = fmt.quantity(node.get("quantity") or "", node.get("unit"), lang)
            else:
                value = fmt.number(node.get("value") or "", lang)
            figures.append(Fact(_("Figure"), value or written, written, sentence, "", _context_lang(node)))
    for key, fact in dates.items():
        if times[key] > 1:
            fact.value = f"{fact.value} (×{fmt.number(str(times[key]), lang)})"
    ordered = sorted(dates.values(), key=lambda f: f.sort_key)
    return ordered + undated + figures


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


def _provenance(doc: TeiDocument, lang: str, when: str, least: int, _) -> list[tuple[str, str]]:
    """Where the memo comes from: source, document, translators and review, date, tool version."""
    rows: list[tuple[str, str]] = []
    described, digest = doc.source()
    if described:
        rows.append((_("Source"), _shorten(described)))
    if digest:
        rows.append((_("Source SHA-256"), digest))
    # A file name is bytes: one that is not UTF-8 is shown as \xNN, which every writer can encode.
    rows.append((_("Document"), shown_name(Path(doc.name).name)))
    rows.append((_("Document SHA-256"), hashlib.sha256(doc.original).hexdigest()))
    shown = [g for g in glosses(doc) if same_language(g.lang, lang) and _strong_enough(g, least)]
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
