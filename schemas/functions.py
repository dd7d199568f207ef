"""XPath extension functions for the integrity rules, for what XPath 1.0 cannot check alone."""
from __future__ import annotations

# They live in the namespace FUNCTIONS_NS (prefix `apo` in integrity.sch) and are registered
# with lxml globally, so both apostilla's Schematron runner and lxml's own ISO Schematron can
# call them. Answers about pointers and declared languages come from an index of the document
# being checked, set with `indexed(tree)` around the run.
import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from ..annotations.tei import GLOSS_NOTE_TYPES, TEI_NS, XML_ID

FUNCTIONS_NS = "urn:apostilla:functions"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# RFC 5646, section 2.1: the syntax of a well-formed language tag (case does not matter).
_ALNUM = "[a-z0-9]"
_LANGTAG = re.compile(rf"""
    (?:[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4}}|[a-z]{{5,8}})   # language, extlang
    (?:-[a-z]{{4}})?                                                  # script
    (?:-(?:[a-z]{{2}}|[0-9]{{3}}))?                                   # region
    (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*                      # variants
    (?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*                             # extensions
    (?:-x(?:-{_ALNUM}{{1,8}})+)?                                      # private use
    """, re.X | re.I)
_PRIVATE = re.compile(rf"x(?:-{_ALNUM}{{1,8}})+", re.I)
_GRANDFATHERED = {
    "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
    "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl",
    "sgn-ch-de", "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
    "zh-min", "zh-min-nan", "zh-xiang"}

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                   r"(Z|[+-](\d{2}):(\d{2}))?)?)?)?")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?\d+/-?\d+")
_NAME_START = ("A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
               "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
               "\U00010000-\U000EFFFF")
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]*")


def is_bcp47(tag: str) -> bool:
    """Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax)."""
    return bool(_LANGTAG.fullmatch(tag) or _PRIVATE.fullmatch(tag)
                or tag.lower() in _GRANDFATHERED)


def is_iso_date(value: str) -> bool:
    """YYYY, YYYY-MM, YYYY-MM-DD, optionally with Thh:mm[:ss[.s]] and a zone, all in range."""
    m = _DATE.fullmatch(value)
    if not m:
        return False
    year, month, day, hour, minute, second, zone, zh, zm = m.groups()
    if month and not 1 <= int(month) <= 12:
        return False
    if day and not 1 <= int(day) <= calendar.monthrange(int(year) or 2000, int(month))[1]:
        return False
    if hour and not (int(hour) <= 23 and int(minute) <= 59 and int(second or 0) <= 60):
        return False
    return not zone or zone == "Z" or (int(zh) <= 14 and int(zm) <= 59)


def is_number(value: str) -> bool:
    """A decimal or scientific number, or a fraction like 1/2 (as TEI's quantities allow)."""
    return bool(_NUMBER.fullmatch(value.strip()))


def is_ncname(value: str) -> bool:
    """Whether `value` can be an xml:id (an XML name without a colon)."""
    return bool(_NCNAME.fullmatch(value))


def primary_language(tag: str) -> str:
    """The primary subtag, lower-cased: 'es' for 'es-CO'."""
    return tag.split("-", 1)[0].lower()


class DocumentIndex:
    """The xml:ids of a document's TEI elements and the languages its headers declare."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.ids: dict[str, etree._Element] = {}
        for el in tree.iter(f"{{{TEI_NS}}}*"):
            value = el.get(XML_ID)
            if value is not None:
                self.ids.setdefault(value, el)
        self.languages = {(el.get("ident") or "").lower()
                          for el in tree.iter(f"{{{TEI_NS}}}language")
                          if any(a.tag == f"{{{TEI_NS}}}langUsage" for a in el.iterancestors())}
        self._tree = tree
        self._mentioned: set[str] | None = None
        self._glosses: dict[str, set[str]] | None = None

    @property
    def mentioned(self) -> set[str]:
        """Ids that some @ref or @who points to."""
        if self._mentioned is None:
            self._mentioned = {p for el in self._tree.iter(f"{{{TEI_NS}}}*")
                               for att in ("ref", "who") for p in _local_pointers(el.get(att, ""))}
        return self._mentioned

    def gloss_languages(self, target_id: str) -> set[str]:
        """Primary languages of the glosses that point at `target_id`."""
        if self._glosses is None:
            self._glosses = {}
            for ann in self._tree.iter(f"{{{TEI_NS}}}annotation"):
                for note in ann.iterchildren(f"{{{TEI_NS}}}note"):
                    if note.get("type") in GLOSS_NOTE_TYPES:
                        lang = primary_language(_language_of(note))
                        for p in _local_pointers(ann.get("target", "")):
                            self._glosses.setdefault(p, set()).add(lang)
        return self._glosses.get(target_id, set())


_current: list[DocumentIndex] = []


@contextmanager
def indexed(tree: etree._ElementTree, kept: dict | None = None) -> Iterator[DocumentIndex]:
    """Makes `tree` the document the functions answer about, for the duration of the block.

    `kept`: where the index of this tree is kept for the next schema run on it (its
    Document's `derived`), or None to build one for this block alone.
    """
    index = kept.get("functions") if kept is not None else None
    if index is None:
        index = DocumentIndex(tree)
        if kept is not None:
            kept["functions"] = index
    _current.append(index)
    try:
        yield _current[-1]
    finally:
        _current.pop()


def _index() -> DocumentIndex:
    if not _current:
        raise RuntimeError("apostilla's XPath functions need indexed(tree) around the run")
    return _current[-1]


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, etree._Element):
        return value.text or ""
    return str(value)


def _local_pointers(value: object) -> list[str]:
    return [p[1:] for p in _text(value).split() if p.startswith("#")]


def _language_of(el: etree._Element) -> str:
    """The element's own xml:lang, or the nearest ancestor's."""
    for node in (el, *el.iterancestors()):
        lang = node.get(XML_LANG)
        if lang is not None:
            return lang
    return ""


_ns = etree.FunctionNamespace(FUNCTIONS_NS)
_ns["bcp47"] = lambda _ctx, v: is_bcp47(_text(v))
_ns["iso-date"] = lambda _ctx, v: is_iso_date(_text(v))
_ns["number"] = lambda _ctx, v: is_number(_text(v))
_ns["ncname"] = lambda _ctx, v: is_ncname(_text(v))
_ns["primary"] = lambda _ctx, v: primary_language(_text(v))
_ns["lang-declared"] = lambda _ctx, v: _text(v).lower() in _index().languages
_ns["unresolved"] = lambda _ctx, v: " ".join(
    f"#{p}" for p in _local_pointers(v) if p not in _index().ids)
_ns["id-first"] = lambda _ctx, v: [e] if (e := _index().ids.get(_text(v))) is not None else []
# Whether the element is the first to hold its xml:id: a test written count(id-first(@xml:id) | .)
# makes libxml2 order the two nodes, walking their siblings each time (quadratic in paragraphs).
_ns["id-is-first"] = lambda _ctx, v: bool(v) and isinstance(v[0], etree._Element) and \
    _index().ids.get(v[0].get(XML_ID)) is v[0]
_ns["mentioned"] = lambda _ctx, v: _text(v) in _index().mentioned
_ns["gloss-languages"] = lambda _ctx, v: " ".join(sorted(_index().gloss_languages(_text(v))))
_ns["line"] = lambda _ctx, v: (v[0].sourceline if v and isinstance(v, list)
                               and isinstance(v[0], etree._Element) else "")
_ns["pointer-lang"] = lambda _ctx, v: next(
    (_language_of(_index().ids[p]) for p in _local_pointers(v) if p in _index().ids), "")


# The same functions for schemas run on elementpath (XPath 2.0 and 3.1, and XPath 1.0 rules
# about attributes or text): arguments arrive as elementpath's items; elements come back as
# lxml elements, which the caller turns into elementpath's nodes of the same document.
def _item_text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    string_value = getattr(value, "string_value", None)
    if string_value is not None:  # an elementpath node
        return str(string_value)
    return "" if value is None else str(value)


def _item_element(value: object) -> etree._Element | None:
    if isinstance(value, list):
        value = value[0] if value else None
    element = getattr(value, "value", None)
    return element if isinstance(element, etree._Element) else None


def _pointers(value: object) -> list[str]:
    return [p[1:] for p in _item_text(value).split() if p.startswith("#")]


PATH_FUNCTIONS = {
    "bcp47": lambda v: is_bcp47(_item_text(v)),
    "iso-date": lambda v: is_iso_date(_item_text(v)),
    "number": lambda v: is_number(_item_text(v)),
    "ncname": lambda v: is_ncname(_item_text(v)),
    "primary": lambda v: primary_language(_item_text(v)),
    "lang-declared": lambda v: _item_text(v).lower() in _index().languages,
    "unresolved": lambda v: " ".join(f"#{p}" for p in _pointers(v) if p not in _index().ids),
    "id-first": lambda v: [e] if (e := _index().ids.get(_item_text(v))) is not None else [],
    "id-is-first": lambda v: (e := _item_element(v)) is not None and _index().ids.get(e.get(XML_ID)) is e,
    "mentioned": lambda v: _item_text(v) in _index().mentioned,
    "gloss-languages": lambda v: " ".join(sorted(_index().gloss_languages(_item_text(v)))),
    "line": lambda v: (e.sourceline if (e := _item_element(v)) is not None else ""),
    "pointer-lang": lambda v: next((_language_of(_index().ids[p]) for p in _pointers(v)
                                    if p in _index().ids), ""),
}
