"""The TEI document model: a parsed file, its header, its text view and its stand-off registers."""
from __future__ import annotations

import re
from pathlib import Path

from apostilla.common.errors import BadInput, NotFound
from apostilla.common.files import read_bytes
from apostilla.common.safexml import ParsedXml, parse_xml, serialize
from lxml import etree

from . import tei
from .textview import TextView

Node = etree._Element
_NCNAME = re.compile(r"^[A-Za-z_\u00C0-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F"
                     r"\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF]"
                     r"[-.0-9A-Za-z_\u00B7\u00C0-\u02FF\u0300-\u036F\u0370-\u037D\u037F-\u1FFF"
                     r"\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF"
                     r"\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF]*$")


_XML_SPACE = re.compile(r"[ \t\n\r]+")


def is_ncname(value: str) -> bool:
    """Whether value can be an xml:id."""
    return bool(_NCNAME.match(value))


class TeiDocument:
    """A TEI file in memory: the tree, what surrounds it in the file, and lazily its text view."""

    def __init__(self, parsed: ParsedXml, name: str | Path, original: bytes = b"") -> None:
        self.parsed = parsed
        self.name = str(name)
        self.original = original
        self.root: Node = parsed.tree.getroot()
        if self.root.tag != tei.tei("TEI"):
            found = etree.QName(self.root).localname if isinstance(self.root.tag, str) else "?"
            ns = etree.QName(self.root).namespace if isinstance(self.root.tag, str) else None
            hint = f" (TEI P5 needs the namespace {tei.TEI_NS})" if found == "TEI" and ns != tei.TEI_NS else ""
            raise BadInput(f"not a TEI document: the root element is <{found}>{hint}", file=name,
                           line=self.root.sourceline)
        self.header = self._child("teiHeader")
        self.text_el = self._child("text")
        if self.header is None:
            raise BadInput("not a TEI document: it has no <teiHeader>", file=name)
        if self.text_el is None:
            raise BadInput("the TEI document has no <text> element to annotate", file=name)
        self._view: TextView | None = None
        self._ids: dict[str, Node] | None = None
        self._next_number: dict[str, int] = {}
        # Indexes that annotation modules keep in step with their own edits (e.g. glosses by target).
        self.cache: dict[str, object] = {}

    # ------------------------------------------------------------------ loading and saving

    @classmethod
    def load(cls, path: str | Path) -> "TeiDocument":
        """Read and parse a TEI file with the hardened parser."""
        path = Path(path)
        data = read_bytes(path)
        return cls.from_bytes(data, path)

    @classmethod
    def from_bytes(cls, data: bytes, name: str | Path = "<memory>") -> "TeiDocument":
        """Parse TEI from bytes; `name` is used in messages."""
        return cls(parse_xml(data, name), name, data)

    def to_bytes(self) -> bytes:
        """The document serialized, keeping the declaration, doctype and prolog as they were."""
        return serialize(self.parsed)

    # ------------------------------------------------------------------ structure

    def _child(self, name: str) -> Node | None:
        for child in self.root:
            if child.tag == tei.tei(name):
                return child
        return None

    @property
    def view(self) -> TextView:
        """The text view of `<text>`, built once and kept in step by the editing functions."""
        if self._view is None:
            self._view = TextView(self.text_el)
        return self._view

    @property
    def ids(self) -> dict[str, Node]:
        """Every xml:id in the document (first occurrence wins)."""
        if self._ids is None:
            index: dict[str, Node] = {}
            # iterwalk, in document order: lxml's iter() takes time that grows with the square of
            # the nesting depth, and the XPath //*[@xml:id] with the square of the ids found.
            for _, node in etree.iterwalk(self.root, events=("start",)):
                ident = node.get(tei.XML_ID)
                if ident is not None:
                    index.setdefault(ident, node)
            self._ids = index
        return self._ids

    def get(self, ident: str) -> Node:
        """The element with this xml:id, or NotFound."""
        node = self.ids.get(ident.lstrip("#"))
        if node is None:
            raise NotFound(f"no element with xml:id {ident!r}", file=self.name)
        return node

    def claim_id(self, node: Node, ident: str) -> None:
        """Set node's xml:id and record it."""
        node.set(tei.XML_ID, ident)
        self.ids[ident] = node

    def release_id(self, ident: str | None) -> None:
        if ident:
            self.ids.pop(ident, None)

    def fresh_id(self, base: str) -> str:
        """base1, base2, ...: the next number not taken (numbers freed by removal are not reused)."""
        n = self._next_number.get(base, 1)
        while f"{base}{n}" in self.ids:
            n += 1
        self._next_number[base] = n + 1
        return f"{base}{n}"

    def text_lang(self) -> str:
        """The language of the text: `<text xml:lang>`, else the root's, else 'en'."""
        return self.text_el.get(tei.XML_LANG) or self.root.get(tei.XML_LANG) or "en"

    @staticmethod
    def lang_of(node: Node) -> str | None:
        """The xml:lang in force at node (its own or the nearest ancestor's)."""
        while node is not None:
            lang = node.get(tei.XML_LANG) if isinstance(node.tag, str) else None
            if lang:
                return lang
            node = node.getparent()
        return None

    def paragraph_label(self, node: Node | None) -> str:
        """How to name where a node is: the xml:id of its paragraph, else a line number."""
        while node is not None and tei.local(node) not in tei.PARAGRAPHS:
            node = node.getparent()
        if node is None:
            return "?"
        return node.get(tei.XML_ID) or (f"line {node.sourceline}" if node.sourceline else tei.local(node))

    def paragraph_id(self, node: Node | None) -> str | None:
        while node is not None and tei.local(node) not in tei.PARAGRAPHS:
            node = node.getparent()
        return None if node is None else node.get(tei.XML_ID)

    # ------------------------------------------------------------------ what the header says

    def title(self) -> str:
        """The main title of titleStmt (the first untyped or type="main" one), '' when none."""
        found = tei.xpath(self.header, tei.TITLES)
        main = next((t for t in found if t.get("type") in (None, "main")), found[0] if found else None)
        return text_of(main) if main is not None else ""

    def keywords(self) -> list[str]:
        """The keyword terms of textClass, in order."""
        return [t for t in (text_of(n) for n in tei.xpath(self.header, tei.KEYWORDS)) if t]

    def abstract(self) -> Node | None:
        """The first <abstract> of profileDesc, or None."""
        found = tei.xpath(self.header, tei.ABSTRACT)
        return found[0] if found else None

    def source(self) -> tuple[str, str]:
        """What sourceDesc says the text came from (its bibl's title, else its text) and its SHA-256."""
        found = tei.xpath(self.header, tei.SOURCE_DESC)
        if not found:
            return "", ""
        titles = tei.xpath(found[0], tei.SOURCE_TITLE)
        digest = tei.xpath(found[0], tei.SOURCE_SHA256)
        return (text_of(titles[0]) if titles else text_of(found[0]),
                text_of(digest[0]) if digest else "")

    def changes(self) -> list[Node]:
        """Every <change> of the header, in document order."""
        return list(self.header.iter(tei.tei("change")))

    def agents(self) -> list[str]:
        """The people titleStmt names (respStmt names, then authors), in order."""
        for path in tei.AGENTS:
            found = [text_of(n) for n in tei.xpath(self.header, path) if text_of(n)]
            if found:
                return found
        return []

    def entries(self) -> list[Node]:
        """Every register entry with an id, wherever the document keeps it (standOff first)."""
        return self.registers() + tei.all_entries(self.root)

    # ------------------------------------------------------------------ header parts

    def ensure(self, parent: Node, name: str, *, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> Node:
        """parent's first child `name`, created in a valid position when missing."""
        for child in parent:
            if child.tag == tei.tei(name):
                return child
        node = parent.makeelement(tei.tei(name), {})
        insert_child(parent, node, before=before, after=after)
        return node

    def lang_usage(self) -> Node:
        profile = self.ensure(self.header, "profileDesc", after=("fileDesc",),
                              before=("revisionDesc",))
        return self.ensure(profile, "langUsage")

    def declared_languages(self) -> set[str]:
        usage = self.header.find(f"{tei.tei('profileDesc')}/{tei.tei('langUsage')}")
        if usage is None:
            return set()
        return {lang.get("ident") for lang in usage.iter(tei.tei("language")) if lang.get("ident")}

    def declare_language(self, tag: str) -> None:
        """Add `<language ident=tag>` to langUsage unless it is there."""
        if tag in self.declared_languages():
            return
        from .languages import (
            language_name,  # babel is only loaded when a language is new
        )
        usage = self.lang_usage()
        lang = usage.makeelement(tei.tei("language"), {"ident": tag})
        lang.text = language_name(tag)
        insert_child(usage, lang)

    def standoff(self) -> Node:
        """The document's `<standOff>`, created after `<text>` when missing."""
        for child in self.root:
            if child.tag == tei.tei("standOff") and child.get("type") in (None, "apostilla"):
                return child
        node = self.root.makeelement(tei.tei("standOff"), {})
        resources = [c for c in self.root if tei.local(c) in tei.RESOURCES]
        anchor = resources[-1] if resources else self.text_el
        anchor.addnext(node)
        _indent_new(node)
        return node

    def standoff_list(self, name: str, *, create: bool, attrib: dict[str, str] | None = None) -> Node | None:
        """A register list (listPerson, listAnnotation, ...) in standOff, matching attrib."""
        attrib = attrib or {}
        for child in self.root:
            if child.tag == tei.tei("standOff"):
                for lst in child:
                    if lst.tag == tei.tei(name) and all(lst.get(k) == v for k, v in attrib.items()):
                        return lst
        if not create:
            return None
        standoff = self.standoff()
        lst = standoff.makeelement(tei.tei(name), attrib)
        insert_child(standoff, lst)
        return lst

    def registers(self) -> list[Node]:
        """Every register entry (person, org, place, event, object) anywhere in standOff or the header."""
        entries = []
        for path in tei.STANDOFF_ENTRIES.values():
            entries.extend(tei.xpath(self.root, path))
        return entries


def text_of(node: Node) -> str:
    """An element's text on one line. XML white space only: str.split() would also eat U+0085."""
    return _XML_SPACE.sub(" ", "".join(node.itertext())).strip(" ")


def insert_child(parent: Node, node: Node, *, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> None:
    """Append node to parent, or place it before the first of `before` / after the last of `after`."""
    if not before and not after:
        parent.append(node)
        _indent_new(node)
        return
    kids = [k for k in parent if isinstance(k.tag, str)]
    for kid in kids:
        if tei.local(kid) in before:
            kid.addprevious(node)
            _indent_new(node)
            return
    for kid in reversed(kids):
        if tei.local(kid) in after:
            kid.addnext(node)
            _indent_new(node)
            return
    parent.append(node)
    _indent_new(node)


def _indent_new(node: Node) -> None:
    """Indent a new block element like its siblings, so files stay readable.

    A compact file (no white space between elements) stays compact. The new node's tail
    takes over the white space that followed the node before it, so that removing it
    again (remove._drop) gives back the same bytes.
    """
    parent = node.getparent()
    prev = node.getprevious()
    before = parent.text if prev is None else prev.tail
    if before is None and prev is None and node.getnext() is None:
        # The only child of an element just made: one step deeper than that element.
        outer = _space_before(parent)
        if outer is None:
            return
        pad, before = outer + "  ", outer
    elif before and before.strip():
        return  # mixed content: white space here would be text
    elif before is None or "\n" not in before:
        pad = before  # compact, or all on one line
    else:
        pad = _sibling_indent(node, prev, before)
    if prev is None:
        parent.text = pad
    else:
        prev.tail = pad
    node.tail = before


def _space_before(node: Node) -> str | None:
    """The indentation in front of node, if it starts a line of its own."""
    prev = node.getprevious()
    parent = node.getparent()
    space = (prev.tail if prev is not None else parent.text if parent is not None else None)
    if space is None or space.strip() or "\n" not in space:
        return None
    return space


def _sibling_indent(node: Node, prev: Node | None, before: str) -> str:
    """The indentation for node: its next sibling's, else its previous sibling's, else one step in."""
    if node.getnext() is not None:
        return before
    if prev is not None:
        return _space_before(prev) or before + "  "
    return before + "  "
