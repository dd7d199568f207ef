"""Quotes: `<q>` with its language and speaker; quotation marks stay outside."""
from __future__ import annotations

from apostilla.common.errors import BadInput, Conflict, NotFound

from . import tei
from .document import TeiDocument
from .entities import check_new_id
from .languages import check_lang
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
