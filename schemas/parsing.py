"""Reads a document to validate with a hardened parser; a broken document is a finding, not a crash."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .naming import key_of
from .positions import Positions
from .report import Issue

if TYPE_CHECKING:
    from .localfiles import LocalDtds, Refused

XML_RULE_SCHEMA = "xml"
_LOCATION_SUFFIX = re.compile(r",? line \d+, column \d+.*$")
_DEPTH = re.compile(r"Excessive depth in document: (\d+)")


@dataclass(frozen=True)
class Vocabulary:
    """What documents read together use, for a schema they can share (see Document.scan)."""

    names: frozenset  # (namespace, local name) of their elements and attributes
    # (element name, the names used directly inside such elements: children and attributes)
    contexts: frozenset


@dataclass
class Document:
    """A parsed document: its tree, its bytes (for columns) and what the schemas need to know."""

    path: str
    tree: etree._ElementTree
    data: bytes
    _positions: Positions | None = field(default=None, repr=False)
    # What scan() finds, by lxml tag: the tags of each element's children (comments and
    # processing instructions appear as their factory functions) and its attribute names.
    tags: frozenset[str] = frozenset()
    children: dict = field(default_factory=dict, repr=False)
    attributes: dict = field(default_factory=dict, repr=False)
    # What the Schematron engine builds once from the tree (its element index, the functions'
    # index, elementpath's tree) and every Schematron schema checking the document shares:
    # tei_all's constraints and the integrity rules would otherwise each build their own.
    derived: dict = field(default_factory=dict, repr=False)

    @property
    def positions(self) -> Positions:
        """Where elements and attributes stand in the source; built on first use only."""
        if self._positions is None:
            self._positions = Positions(self.data, self.tree)
        return self._positions

    def scan(self) -> frozenset:
        """The element and attribute names used, as (namespace, local name).

        Also records which children and attributes each tag has (`children`, `attributes`),
        so that messages can find a disallowed child without visiting every element again.
        """
        tags: set = set()
        children: dict = {}
        attributes: dict[str, set[str]] = {}
        add = tags.add
        for el in self.tree.iter():
            tag = el.tag
            add(tag)
            names = el.keys()
            if names:
                known = attributes.get(tag)
                if known is None:
                    attributes[tag] = set(names)
                else:
                    known.update(names)
            if len(el):
                kids = {child.tag for child in el}
                known = children.get(tag)
                if known is None:
                    children[tag] = kids
                else:
                    known |= kids
        self.tags = frozenset(t for t in tags if isinstance(t, str))
        self.children, self.attributes = children, attributes
        used = set().union(*attributes.values()) if attributes else set()
        return _keys(tags | used)

    def contexts(self) -> dict[tuple[str, str], frozenset]:
        """Per element name, the names used directly inside such elements (after scan())."""
        out: dict[tuple[str, str], frozenset] = {}
        for table in (self.children, self.attributes):
            for tag, inside in table.items():
                if isinstance(tag, str):
                    key = key_of(tag)
                    out[key] = out.get(key, frozenset()) | _keys(inside)
        return out

    def vocabulary(self) -> Vocabulary:
        """What this document uses, for a schema of its own."""
        names = self.scan()
        return Vocabulary(names, frozenset(self.contexts().items()))


def make_parser(trust_dtd: bool) -> tuple[etree.XMLParser, LocalDtds | None]:
    """The parser for documents; `trust_dtd` lets a local DTD define entities."""
    if not trust_dtd:
        # collect_ids=False: duplicate or malformed xml:ids are findings of the rules, and
        # must not stop the file from loading.
        return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               huge_tree=True, collect_ids=False), None
    from .localfiles import LocalDtds

    parser = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=True,
                             huge_tree=True, collect_ids=False)
    guard = LocalDtds()
    parser.resolvers.add(guard)
    return parser, guard


def read_document(path: Path, shown: str, trust_dtd: bool) -> Document | Issue:
    """The parsed document, or the issue that stops it from being read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Issue(None, None, f"cannot read the file: {exc.strerror or exc}", "xml-readable",
                     XML_RULE_SCHEMA)
    # A path that is not UTF-8 can only reach libxml2 as a URI (a DTD beside it is still found).
    base = str(path) if shown == str(path) else path.absolute().as_uri()
    return parse_bytes(data, shown, base, trust_dtd)


def parse_bytes(data: bytes, shown: str, base_url: str | None,
                trust_dtd: bool) -> Document | Issue:
    """Like read_document, for bytes; `base_url` locates a relative DTD."""
    parser, guard = make_parser(trust_dtd)
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        if guard is not None and guard.refused:
            return _refused(guard.refused)
        line, column = exc.position if exc.position else (exc.lineno, None)
        return Issue(line or None, column or None, f"not well-formed XML: {syntax_error(exc)}",
                     "xml-well-formed", XML_RULE_SCHEMA)
    if guard is not None and guard.refused:
        return _refused(guard.refused)
    return Document(shown, root.getroottree(), data)


def syntax_error(exc: etree.XMLSyntaxError) -> str:
    """libxml2's reason for a parse error, without its position (given apart) or its advice
    to use an option apostilla does not offer."""
    message = _LOCATION_SUFFIX.sub("", exc.msg or "not well-formed")
    depth = _DEPTH.match(message)
    if depth:
        return f"elements nested more than {depth.group(1)} deep (the most apostilla reads)"
    return message


def _refused(refused: list[tuple[str, Refused]]) -> Issue:
    url, why = refused[0]
    if why.network:
        return Issue(None, None, f"refused to load {url} from the network (apostilla reads "
                     "local DTDs only, with --trust-dtd)", "xml-network-refused", XML_RULE_SCHEMA)
    return Issue(None, None, f"refused to load {url}: {why.reason}", "xml-readable",
                 XML_RULE_SCHEMA)


def _keys(tags: set) -> frozenset:
    # Comments and processing instructions have functions as tags.
    return frozenset(key_of(tag) for tag in tags if isinstance(tag, str))
