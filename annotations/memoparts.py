"""The memo's own parts kept in the TEI header: a summary and key points per language (`memo set`).

Each language has one `<abstract xml:lang>` in profileDesc: the summary as paragraphs, then the
key points as `<list type="key-points">`. The memo shows them first (bottom line up front).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from apostilla.common.errors import BadInput, UsageError

from . import tei
from .document import TeiDocument, insert_child, text_of
from .languages import check_lang, same_language
from .session import Done
from .textview import Node

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass
class MemoParts:
    """A summary and key points in one language, as plain paragraphs of text."""

    lang: str
    summary: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    node: Node | None = None


def memo_set(doc: TeiDocument, lang: str, summary: str | None = None,
             key_points: list[str] | None = None) -> Done:
    """`memo set`: keep the memo's summary and/or key points in lang in the header.

    A part that is given replaces the one kept in that language; a part not given stays.
    """
    check_lang(lang)
    paragraphs = _paragraphs(summary, "--summary") if summary is not None else None
    points = [_one_line(p, "--key-point") for p in key_points or []]
    if paragraphs is None and not points:
        raise UsageError("give --summary TEXT, --key-point TEXT or both")
    abstract = _abstract(doc, lang)
    if abstract is None:
        abstract = _new_abstract(doc, lang)
    if paragraphs is not None:
        for old in [c for c in abstract if tei.local(c) == "p"]:
            abstract.remove(old)
        anchor = 0
        for text in paragraphs:
            p = abstract.makeelement(tei.tei("p"), {})
            p.text = text
            abstract.insert(anchor, p)
            anchor += 1
    if points:
        for old in _key_point_lists(abstract):
            abstract.remove(old)
        lst = abstract.makeelement(tei.tei("list"), {"type": tei.KEY_POINTS_TYPE})
        for text in points:
            item = lst.makeelement(tei.tei("item"), {})
            item.text = text
            lst.append(item)
        abstract.append(lst)
    _indent(abstract)
    doc.declare_language(lang)
    what = ", ".join(part for part in ("summary" if paragraphs is not None else "",
                                       f"{len(points)} key point(s)" if points else "") if part)
    return Done([abstract.get(tei.XML_ID)], f"memo set {lang}: {what}")


def memo_parts(doc: TeiDocument) -> list[MemoParts]:
    """Every abstract of the header as summary paragraphs and key points, with its language
    (an abstract without xml:lang is in the text's language)."""
    found = []
    for abstract in tei.xpath(doc.header, tei.ABSTRACT):
        lang = abstract.get(tei.XML_LANG) or doc.text_lang()
        lists = _key_point_lists(abstract)
        points = [text_of(item) for lst in lists for item in lst if tei.local(item) == "item"]
        summary = [text_of(c) for c in abstract if tei.local(c) in tei.PROSE_BLOCKS and text_of(c)]
        found.append(MemoParts(lang, summary, [p for p in points if p], abstract))
    return found


def parts_in(doc: TeiDocument, lang: str) -> MemoParts | None:
    """The memo parts in lang (es-CO counts as es), else None."""
    return next((parts for parts in memo_parts(doc) if same_language(parts.lang, lang)
                 and (parts.summary or parts.key_points)), None)


def _abstract(doc: TeiDocument, lang: str) -> Node | None:
    for abstract in tei.xpath(doc.header, tei.ABSTRACT):
        own = abstract.get(tei.XML_LANG)
        if own is not None and own.lower() == lang.lower():
            return abstract
    return None


def _new_abstract(doc: TeiDocument, lang: str) -> Node:
    profile = doc.ensure(doc.header, "profileDesc", after=("fileDesc", "encodingDesc"),
                         before=("revisionDesc",))
    abstract = profile.makeelement(tei.tei("abstract"), {tei.XML_LANG: lang})
    ident = f"abstract-{lang}"
    doc.claim_id(abstract, ident if ident not in doc.ids else doc.fresh_id(f"{ident}-"))
    insert_child(profile, abstract, before=("langUsage", "textClass"))
    return abstract


def _key_point_lists(abstract: Node) -> list[Node]:
    return [c for c in abstract if tei.local(c) == "list" and c.get("type") == tei.KEY_POINTS_TYPE]


def _indent(abstract: Node) -> None:
    """One child per line, one step deeper than the abstract itself (files stay readable)."""
    outer = abstract.tail if abstract.tail and not abstract.tail.strip() else "\n"
    if "\n" not in outer:
        return
    step = outer + "  "
    abstract.text = step
    for child in abstract:
        child.tail = step
        if tei.local(child) == "list":
            child.text = step + "  "
            for item in child:
                item.tail = step + "  "
            if len(child):
                child[-1].tail = step
    if len(abstract):
        abstract[-1].tail = outer


def _paragraphs(text: str, option: str) -> list[str]:
    """Text as paragraphs: blank lines separate them; white space runs become one space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise BadInput(f"{option} is empty")
    return paragraphs


def _one_line(text: str, option: str) -> str:
    value = " ".join(unicodedata.normalize("NFC", text).split())
    if not value:
        raise BadInput(f"{option} is empty")
    return value
