"""Quotes: `<q>` with its language and speaker; quotation marks stay outside."""
from __future__ import annotations

from apostilla.common.errors import BadInput, Conflict, NotFound, UsageError

from . import tei
from .document import TeiDocument
from .entities import check_new_id
from .languages import check_lang, same_language
from .select import select
from .session import Done
from .textview import describe

QUOTATION_MARKS = "'\"“”‘’«»„‚‹›「」『』"


def check_speaker(doc: TeiDocument, speaker: str) -> str:
    """The speaker's id if it is a registered person or organisation (or a group of persons)."""
    node = doc.ids.get(speaker.lstrip("#"))
    if node is None:
        raise NotFound(f"no registered speaker {speaker!r} (register it with `apostilla entity add`)",
                       file=doc.name)
    kind = tei.ENTRY_TYPES.get(tei.local(node))
    # Plays list their choruses as <personGrp>, and <sp who> points at them: they speak too.
    if kind not in tei.SPEAKER_TYPES and tei.local(node) != "personGrp":
        what = kind or f"<{tei.local(node) or node.tag}>"
        raise BadInput(f"speaker {speaker!r} is a {what}, not a person or organisation", file=doc.name)
    return speaker.lstrip("#")


def quote_add(doc: TeiDocument, match: str, lang: str, *, speaker: str | None = None,
              ident: str | None = None, substring: bool = False, nth: int | None = None,
              within: str | None = None) -> Done:
    """`quote add`: mark a quotation, with its language and speaker."""
    qid = add_quote(doc, match, lang, speaker=speaker, ident=ident, nth=nth, within=within, substring=substring)
    return Done([qid], f"quote add {qid} ({lang})")


def add_quote(doc: TeiDocument, match: str, lang: str, *, speaker: str | None = None,
              ident: str | None = None, nth: int | None = None, within: str | None = None,
              substring: bool = False) -> str:
    """Mark a quotation; returns its id."""
    check_lang(lang)
    who = check_speaker(doc, speaker) if speaker else None
    if ident is not None:
        check_new_id(doc, ident, "quote id")
    span = select(doc, match, nth=nth, within=within, can_all=False, substring=substring)[0]
    start, end = span.start, span.end
    text = doc.view.text
    # The quotation marks are the source's punctuation, not part of what was said.
    while start < end and text[start] in QUOTATION_MARKS:
        start += 1
    while end > start and text[end - 1] in QUOTATION_MARKS:
        end -= 1
    if start == end:
        raise BadInput(f"{match!r} holds only quotation marks", file=doc.name)
    # A second <q> around the same words would show the quotation twice (as `mark` refuses a second date).
    for node in doc.view.path_to(start, end):
        if tei.kind_of(node) == "quote" and doc.view.range_of(node) == (start, end):
            raise Conflict(f"already marked as {describe(node)}", file=doc.name)
    doc.view.check_span(start, end, outer=True)  # fail before an id is taken
    ident = ident or doc.fresh_id("q")
    attrib = {tei.XML_ID: ident, tei.XML_LANG: lang}
    if who:
        attrib["who"] = f"#{who}"
    node = doc.view.wrap(start, end, tei.tei(tei.QUOTE), attrib, outer=True)
    doc.claim_id(node, ident)
    doc.declare_language(lang)
    return ident


def quote_set(doc: TeiDocument, ident: str, *, speaker: str | None = None, no_speaker: bool = False,
              lang: str | None = None) -> Done:
    """`quote set`: change a quote's speaker (or say it is unknown) or its language."""
    if speaker is None and lang is None and not no_speaker:
        raise UsageError("give what to change: --speaker, --no-speaker or --lang")
    if speaker is not None and no_speaker:
        raise UsageError("give either --speaker or --no-speaker, not both")
    node = doc.get(ident)
    ident = ident.lstrip("#")
    if tei.local(node) != tei.QUOTE or not doc.view.contains(node):
        raise BadInput(f"{ident!r} is {describe(node)}, not a quote (<q>) of the text", file=doc.name)
    changed = []
    who = f"#{check_speaker(doc, speaker)}" if speaker is not None else None
    if who is not None and node.get("who") != who:
        node.set("who", who)
        changed.append("speaker")
    if no_speaker and node.get("who") is not None:
        del node.attrib["who"]
        changed.append("speaker")
    if lang is not None and node.get(tei.XML_LANG) != lang:
        check_lang(lang)
        _refuse_glosses_in(doc, ident, lang)
        node.set(tei.XML_LANG, lang)
        doc.declare_language(lang)
        changed.append("lang")
    if not changed:
        return Done([], "", [f"quote {ident} already has these values; nothing changed"])
    return Done([ident], f"quote set {ident}: {', '.join(changed)}")


def _refuse_glosses_in(doc: TeiDocument, ident: str, lang: str) -> None:
    """A quote cannot be in the language of one of its glosses: a gloss translates into another."""
    from .glosses import glosses_by_target

    for gloss in glosses_by_target(doc).get(ident, []):
        if same_language(gloss.lang, lang):
            raise Conflict(f"{ident!r} has a gloss in {gloss.lang} ({gloss.id}), and a gloss must be in another "
                           f"language than its quote: remove that gloss before setting the quote's language "
                           f"to {lang}", file=doc.name)
