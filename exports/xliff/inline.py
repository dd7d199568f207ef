"""Inline markup inside a quote or term as XLIFF carries it: text runs and numbered tags.

A quote's children (names, dates, terms) become paired tags (`<g>` in XLIFF 1.2, `<pc>` in 2.1)
and its empty children (`<lb/>`) placeholders (`<x/>`, `<ph/>`). The tags carry only an id and
a hint of the TEI element: the TEI attributes never leave apostilla. Reading works the other way
and refuses anything that is not a tag we wrote, so a broken target fails loudly.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from apostilla.annotations import tei
from lxml import etree

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"


@dataclass(frozen=True)
class Tag:
    """One inline tag: `kind` is 'open', 'close' or 'empty'; `name` is the TEI element's name."""

    kind: str
    id: str
    name: str = ""


Token = str | Tag


class InlineError(ValueError):
    """Inline tags that do not fit: unknown element, missing id, unbalanced or duplicated tags."""


# ---------------------------------------------------------------------------- from TEI


def tei_tokens(node: etree._Element) -> list[Token]:
    """The content of a TEI element as text and tags numbered 1, 2, ... in document order."""
    tokens: list[Token] = []
    counter = [0]

    def walk(element: etree._Element) -> None:
        if element.text:
            tokens.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                counter[0] += 1
                ident, name = str(counter[0]), etree.QName(child).localname
                if child.text or len(child):
                    tokens.append(Tag("open", ident, name))
                    walk(child)
                    tokens.append(Tag("close", ident, name))
                else:
                    tokens.append(Tag("empty", ident, name))
            if child.tail:  # a comment or processing instruction still has a tail of text
                tokens.append(child.tail)

    walk(node)
    return tokens


# ---------------------------------------------------------------------------- to XLIFF


def write_tokens(parent: etree._Element, tokens: list[Token], version: str) -> None:
    """Append tokens to an XLIFF `<source>` or `<target>` as text and `<g>/<x/>` or `<pc>/<ph/>`."""
    ns = XLIFF12_NS if version == "1.2" else XLIFF2_NS
    stack = [parent]
    for token in tokens:
        current = stack[-1]
        if isinstance(token, str):
            _append_text(current, token)
        elif token.kind == "close":
            stack.pop()
        else:
            element = etree.SubElement(current, f"{{{ns}}}{_tag_name(token, version)}",
                                       _tag_attributes(token, version))
            if token.kind == "open":
                stack.append(element)


def _tag_name(tag: Tag, version: str) -> str:
    if version == "1.2":
        return "g" if tag.kind == "open" else "x"
    return "pc" if tag.kind == "open" else "ph"


def _tag_attributes(tag: Tag, version: str) -> dict[str, str]:
    if version == "1.2":
        return {"id": tag.id, "ctype": f"x-{tag.name}"}
    # canDelete="no" asks 2.x tools to keep the tag in the translation.
    return {"id": tag.id, "canDelete": "no", "type": "other", "subType": tei.prefixed(tag.name)}


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


# ---------------------------------------------------------------------------- from XLIFF


def read_tokens(element: etree._Element, version: str) -> list[Token]:
    """The tokens of an XLIFF `<source>` or `<target>`; InlineError for markup we did not write."""
    ns = XLIFF12_NS if version == "1.2" else XLIFF2_NS
    tokens: list[Token] = []
    open_sc: set[str] = set()

    def walk(el: etree._Element) -> None:
        if el.text:
            tokens.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                tokens.append(child.tail)

    def visit(child: etree._Element) -> None:
        qname = etree.QName(child)
        name = qname.localname
        if qname.namespace != ns:
            raise InlineError(f"unknown inline element <{name}> from another namespace")
        if name == "mrk":  # an annotation marker, not a code: its text is the translation's
            walk(child)
            return
        paired, empty = ("g", "x") if version == "1.2" else ("pc", "ph")
        if name == paired:
            ident = _id(child, name)
            tokens.append(Tag("open", ident))
            walk(child)
            tokens.append(Tag("close", ident))
        elif name == empty:
            if child.text or len(child):
                raise InlineError(f"<{name} id={_id(child, name)!r}> must be empty")
            tokens.append(Tag("empty", _id(child, name)))
        elif version != "1.2" and name == "sc":
            ident = _id(child, name)
            if child.get("isolated") == "yes":
                raise InlineError(f"isolated <sc id={ident!r}>: its tag is not closed in this unit")
            open_sc.add(ident)
            tokens.append(Tag("open", ident))
        elif version != "1.2" and name == "ec":
            start = child.get("startRef") or ""
            if start not in open_sc:
                raise InlineError(f"<ec startRef={start!r}> closes no open <sc>")
            open_sc.remove(start)
            tokens.append(Tag("close", start))
        else:
            raise InlineError(f"unknown inline element <{name}>")

    walk(element)
    if open_sc:
        raise InlineError(f"<sc id={next(iter(open_sc))!r}> is never closed")
    return tokens


def _id(element: etree._Element, name: str) -> str:
    ident = element.get("id")
    if not ident:
        raise InlineError(f"<{name}> without an id")
    return ident


# ---------------------------------------------------------------------------- checks and text


def tag_ids(tokens: list[Token]) -> dict[str, str]:
    """Each tag id -> 'paired' or 'empty'; InlineError when an id is used twice or left open."""
    found: dict[str, str] = {}
    open_ids: dict[str, None] = {}  # in the order opened; a dict, so that a deep nest costs no more per tag
    for token in tokens:
        if isinstance(token, str):
            continue
        if token.kind == "close":
            if token.id not in open_ids:
                raise InlineError(f"tag {token.id!r} is closed but never opened")
            del open_ids[token.id]
            continue
        if token.id in found:
            raise InlineError(f"inline id {token.id!r} is used twice")
        found[token.id] = "paired" if token.kind == "open" else "empty"
        if token.kind == "open":
            open_ids[token.id] = None
    if open_ids:
        raise InlineError(f"tag {next(iter(open_ids))!r} is opened but never closed")
    return found


def check_target_tags(source: list[Token], target: list[Token]) -> None:
    """A translation must carry every tag of its source, once each, and no other."""
    expected, got = tag_ids(source), tag_ids(target)
    unknown = sorted(set(got) - set(expected), key=_order)
    if unknown:
        raise InlineError(f"the target has inline tag {unknown[0]!r}, which its source does not")
    missing = sorted(set(expected) - set(got), key=_order)
    if missing:
        raise InlineError(f"the target lost inline tag {missing[0]!r} of its source")
    for ident, kind in got.items():
        if expected[ident] != kind:
            raise InlineError(f"inline tag {ident!r} is {kind} in the target but {expected[ident]} in the source")


def _order(ident: str) -> tuple[int, str]:
    return (int(ident), "") if ident.isdigit() else (1 << 30, ident)


def plain_text(tokens: list[Token]) -> str:
    """The text of tokens without the tags, as written."""
    return "".join(t for t in tokens if isinstance(t, str))


def comparable(text: str) -> str:
    """Text as compared across tools: NFC, runs of white space as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())
