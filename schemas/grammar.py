"""A RELAX NG grammar read into a compact form that can be cut down to one document's names."""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_RNG = "{%s}" % RNG_NS

Key = tuple[str, str]  # (namespace, local name) of an element or attribute

# Node kinds. A node is a tuple (kind, payload, children); payload depends on the kind.
TEXT, EMPTY, NOT_ALLOWED, DATA, REF = "text", "empty", "notAllowed", "data", "ref"
ELEMENT, ATTRIBUTE = "element", "attribute"
GROUP, INTERLEAVE, CHOICE, MIXED, LIST = "group", "interleave", "choice", "mixed", "list"
OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE = "optional", "zeroOrMore", "oneOrMore"
Node = tuple

_CONTAINERS = {GROUP, INTERLEAVE, CHOICE, MIXED, LIST, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE}
_LEAVES = {k: (k, None, ()) for k in (TEXT, EMPTY, NOT_ALLOWED)}
_ANY_RNG = _RNG + "*"
_SKIP = len(_RNG)
_UNSUPPORTED = {"include", "externalRef", "parentRef", "grammar"}
# The code that cuts and explains a grammar walks its patterns recursively, a few Python frames
# per level: a schema nested deeper is checked by libxml2 whole (slower, same verdict), as for
# the constructs above. libxml2 itself reads schemas nested up to 2,048 levels.
DEEPEST = 100


def escape(text: str) -> str:
    """Text made safe for XML character data (xml.sax.saxutils would import urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An attribute value in double quotes, escaped."""
    return '"%s"' % escape(text).replace('"', "&quot;").replace("\n", "&#10;")


class NotPrunable(Exception):
    """The schema uses constructs this index does not model (includes, nested grammars), or
    is nested too deep for it."""


@dataclass
class Grammar:
    """One schema: its defines and start in compact form, plus what is known about its names."""

    start: Node
    defines: dict[str, Node]
    element_keys: frozenset[Key] = frozenset()
    attribute_keys: frozenset[Key] = frozenset()
    _by_element: dict[Key, list[Node]] = field(default_factory=dict, repr=False)
    cache: dict = field(default_factory=dict, repr=False)  # facts derived once per grammar

    @property
    def keys(self) -> frozenset[Key]:
        """Every element and attribute name the schema spells out (not wildcards)."""
        return self.element_keys | self.attribute_keys

    def element_patterns(self, key: Key) -> list[Node]:
        """The element patterns that can match an element named `key` (named ones only)."""
        return self._by_element.get(key, [])


def read_grammar(data: bytes, base_url: str | None = None) -> Grammar:
    """Parses RELAX NG XML syntax; raises NotPrunable for includes and nested grammars."""
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, no_network=True,
                             resolve_entities=False, huge_tree=True)
    root = etree.fromstring(data, parser, base_url=base_url)
    if root.tag != _RNG + "grammar":
        # A bare pattern as the schema is the same as a grammar whose start is that pattern.
        reader = _Reader()
        start = reader.pattern(root, reader.context(root))
        return reader.finish(start, {})
    return _Reader().grammar(root)


class _Reader:
    """Turns the XML tree into nodes, resolving inherited `ns` and `datatypeLibrary`."""

    def __init__(self) -> None:
        self.elements: set[Key] = set()
        self.attributes: set[Key] = set()
        self.by_element: dict[Key, list[Node]] = {}
        self.refs: set[str] = set()
        self.depth = 0  # of the pattern being read

    def context(self, el: etree._Element) -> tuple[str, str]:
        ns = library = None
        for anc in el.iterancestors():
            if ns is None and anc.get("ns") is not None:
                ns = anc.get("ns")
            if library is None and anc.get("datatypeLibrary") is not None:
                library = anc.get("datatypeLibrary")
        return ns or "", library or ""

    def grammar(self, root: etree._Element) -> Grammar:
        bodies: dict[str, list[tuple[str | None, Node]]] = {}
        starts: list[tuple[str | None, Node]] = []
        ctx = (root.get("ns", ""), root.get("datatypeLibrary", ""))
        for child, cctx in self._grammar_content(root, ctx):
            kind = _local(child)
            if kind == "define":
                body = self.group(child, cctx)
                bodies.setdefault(child.get("name"), []).append((child.get("combine"), body))
            elif kind == "start":
                starts.append((child.get("combine"), self.group(child, cctx)))
            elif kind in _UNSUPPORTED:
                raise NotPrunable(kind)
        if not starts:
            raise NotPrunable("no start")
        defines = {name: _combine(parts) for name, parts in bodies.items()}
        return self.finish(_combine(starts), defines)

    def finish(self, start: Node, defines: dict[str, Node]) -> Grammar:
        missing = self.refs - defines.keys()
        if missing:
            # Not a usable schema: libxml2, compiling it whole, says so in its own words.
            raise NotPrunable(f"reference to an undefined define: {min(missing)!r}")
        return Grammar(start, defines, frozenset(self.elements), frozenset(self.attributes),
                       self.by_element)

    def _grammar_content(self, el: etree._Element, ctx: tuple[str, str]):
        for child in el:
            if _local(child) is None:
                continue
            cctx = (child.get("ns", ctx[0]), child.get("datatypeLibrary", ctx[1]))
            if _local(child) == "div":
                yield from self._grammar_content(child, cctx)
            else:
                yield child, cctx

    def group(self, el: etree._Element, ctx: tuple[str, str]) -> Node:
        kids = [self.pattern(c, ctx) for c in el.iterchildren(_ANY_RNG)]
        return kids[0] if len(kids) == 1 else (GROUP, None, tuple(kids))

    def pattern(self, el: etree._Element, ctx: tuple[str, str]) -> Node:
        kind = el.tag[_SKIP:]
        if kind in _LEAVES:
            return _LEAVES[kind]
        if kind == REF:
            name = (el.get("name") or "").strip()
            self.refs.add(name)
            return (REF, name, ())
        attrib = el.attrib
        if "ns" in attrib or "datatypeLibrary" in attrib:
            ctx = (attrib.get("ns", ctx[0]), attrib.get("datatypeLibrary", ctx[1]))
        if kind in ("data", "value"):
            return (DATA, _data_xml(el, *ctx), ())
        self.depth += 1
        try:
            if self.depth > DEEPEST:
                raise NotPrunable(f"patterns nested more than {DEEPEST} deep")
            if kind in (ELEMENT, ATTRIBUTE):
                return self._named(el, kind, ctx)
            if kind in _CONTAINERS:
                kids = [self.pattern(c, ctx) for c in el.iterchildren(_ANY_RNG)]
                if kind in (GROUP, INTERLEAVE, CHOICE):
                    return (kind, None, tuple(kids))
                inner = kids[0] if len(kids) == 1 else (GROUP, None, tuple(kids))
                return (kind, None, (inner,))
        finally:
            self.depth -= 1
        raise NotPrunable(kind)

    def _named(self, el: etree._Element, kind: str, ctx: tuple[str, str]) -> Node:
        kids = list(el.iterchildren(_ANY_RNG))
        name = el.get("name")
        if name is not None:
            key = _key(el, name.strip(), kind, ctx[0])
            name_xml = ""
        else:
            key, name_xml = None, _name_class_xml(kids[0], ctx[0])
            simple = _simple_name(kids[0], ctx[0])
            key = simple
            kids = kids[1:]
        content = [self.pattern(c, ctx) for c in kids]
        if not content:
            content = [(TEXT, None, ())] if kind == ATTRIBUTE else [(EMPTY, None, ())]
        body = content[0] if len(content) == 1 else (GROUP, None, tuple(content))
        node = (kind, (key, name_xml), (body,))
        if key is not None:
            (self.elements if kind == ELEMENT else self.attributes).add(key)
            if kind == ELEMENT:
                self.by_element.setdefault(key, []).append(node)
        return node


def _local(el: etree._Element) -> str | None:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith(_RNG):
        return tag[len(_RNG):]
    return None


def _key(el: etree._Element, name: str, kind: str, ns: str) -> Key:
    if ":" in name:
        prefix, local = name.split(":", 1)
        uri = XML_NS if prefix == "xml" else el.nsmap.get(prefix)
        if uri is None:
            raise NotPrunable(f"undeclared prefix {prefix}")
        return (uri, local)
    # An attribute's unprefixed name is in no namespace unless it says otherwise.
    return ((el.get("ns") or "") if kind == ATTRIBUTE else ns, name)


def _simple_name(nc: etree._Element, ns: str) -> Key | None:
    if _local(nc) == "name":
        return _key(nc, (nc.text or "").strip(), ELEMENT, nc.get("ns", ns))
    return None


def _name_class_xml(nc: etree._Element, ns: str) -> str:
    kind = _local(nc)
    ns = nc.get("ns", ns)
    if kind == "name":
        uri, local = _key(nc, (nc.text or "").strip(), ELEMENT, ns)
        return f"<name ns={quoteattr(uri)}>{escape(local)}</name>"
    kids = "".join(_name_class_xml(c, ns) for c in nc if _local(c) is not None)
    if kind == "nsName":
        return f"<nsName ns={quoteattr(ns)}>{kids}</nsName>"
    if kind in ("anyName", "choice", "except"):
        return f"<{kind}>{kids}</{kind}>"
    raise NotPrunable(f"name class {kind}")


def _data_xml(el: etree._Element, ns: str, library: str) -> str:
    """Data and value patterns are copied whole, with their inherited context made explicit."""
    kind = _local(el)
    attrs = f" datatypeLibrary={quoteattr(library)}"
    if el.get("type") is not None:
        attrs += f" type={quoteattr(el.get('type'))}"
    if kind == "value":
        return f"<value{attrs} ns={quoteattr(ns)}>{escape(el.text or '')}</value>"
    inner = []
    for child in el:
        ck = _local(child)
        if ck == "param":
            inner.append(f"<param name={quoteattr(child.get('name'))}>{escape(child.text or '')}</param>")
        elif ck == "except":
            parts = "".join(_except_xml(c, ns, library) for c in child if _local(c) is not None)
            inner.append(f"<except>{parts}</except>")
    return f"<data{attrs}>{''.join(inner)}</data>"


def _except_xml(el: etree._Element, ns: str, library: str) -> str:
    ns, library = el.get("ns", ns), el.get("datatypeLibrary", library)
    if _local(el) in ("data", "value"):
        return _data_xml(el, ns, library)
    if _local(el) == "choice":
        return "<choice>" + "".join(_except_xml(c, ns, library) for c in el
                                    if _local(c) is not None) + "</choice>"
    raise NotPrunable("except")


def _combine(parts: list[tuple[str | None, Node]]) -> Node:
    if len(parts) == 1:
        return parts[0][1]
    method = next((c for c, _ in parts if c), None)
    if method not in ("choice", "interleave"):
        raise NotPrunable("define without combine")
    return (CHOICE if method == "choice" else INTERLEAVE, None, tuple(p for _, p in parts))
