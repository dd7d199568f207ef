"""Cuts a grammar down to the names a document uses and writes it back as RELAX NG XML."""
from __future__ import annotations

# Soundness: for a given document, a pattern that can match none of its elements or attributes
# (an `element` or `attribute` whose name the document never uses) is equivalent to
# `notAllowed`, so replacing it cannot change the verdict. The same holds within one element's
# content: a pattern there for a name that no such element of the document has as a child or
# attribute matches nothing there. Either cut only shrinks the schema's language (RELAX NG has
# no negation) and keeps every derivation of the document, so a valid document stays valid
# and an invalid one invalid. The rest is the standard RELAX NG simplification (notAllowed and
# empty propagate, `(p+)+` is `p+`, ...), which preserves the language. Besides compiling in
# milliseconds, the result validates faster: libxml2 backtracks over nested repetitions such as
# tei_all's `(person+, relation*)+`, which become a plain `person+` once `relation` is gone.
from collections.abc import Mapping, Set

from .grammar import (
    ATTRIBUTE,
    CHOICE,
    DATA,
    ELEMENT,
    EMPTY,
    GROUP,
    LIST,
    MIXED,
    NOT_ALLOWED,
    ONE_OR_MORE,
    OPTIONAL,
    REF,
    RNG_NS,
    TEXT,
    ZERO_OR_MORE,
    Grammar,
    Key,
    Node,
    NotPrunable,
    quoteattr,
)
from .productive import direct_names, formula, holds, productive_defines

AUTOMATON_UP_TO = 200  # names an element's content may use for libxml2 to get an automaton
_ONE_TOKEN = '><param name="pattern">\\S+</param>'
# XML Schema types whose values are collapsed (trimmed, inner white space runs made one space)
# before a pattern is checked.
_XSD_TYPES = 'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"'
_COLLAPSED = ("anyURI", "token", "NMTOKEN", "Name", "NCName", "QName", "language", "ID", "IDREF",
              "ENTITY")

# Shapes of a simplified pattern; repetitions and options keep what they wrap in `inner`.
_NA, _EMPTY, _PLAIN, _STAR, _PLUS, _OPT, _PLUS_STAR = range(7)


class _R:
    """A simplified pattern: its shape, its XML, and what element emission needs to know."""

    __slots__ = ("shape", "xml", "inner", "attr", "parts")

    def __init__(self, shape: int, xml: str, inner: object = None, attr: bool = False,
                 parts: list[_R] | None = None) -> None:
        self.shape, self.xml = shape, xml
        self.inner = xml if inner is None else inner
        self.attr = attr  # matches attributes only, never content
        self.parts = parts  # the items of a group, flattened


_Variant = tuple[str, bool, frozenset]  # a define, in a list or not, and its names in scope
_NO_NAMES: frozenset = frozenset()
_R_NA = _R(_NA, "")
_R_EMPTY = _R(_EMPTY, "<empty/>", attr=True)
_R_TEXT = _R(_PLAIN, "<text/>")


def pruned_xml(grammar: Grammar, names: Set[Key], hoist: Set[Key] | None = None,
               contexts: Mapping[Key, Set[Key]] | None = None) -> bytes | None:
    """The grammar restricted to documents using only `names`; None when it matches nothing.

    `hoist`: the elements whose content libxml2 should compile into an automaton (None: all).
    An automaton makes long child lists fast to check, but building it costs time that grows
    with the square of the names allowed, so an element whose content may use over
    AUTOMATON_UP_TO names never gets one.
    `contexts`: per element name, the names used directly inside such elements (child
    elements and attributes). Within those elements everything else is cut as well, which
    leaves libxml2 small content models to compile and to check.
    """
    alive = productive_defines(grammar, names)
    emitter = _Emitter(grammar, names, alive, hoist, contexts or {})
    start = emitter.emit(grammar.start)
    if start.shape == _NA:
        return None
    parts = [f'<grammar xmlns="{RNG_NS}"><start>{start.xml}</start>']
    # Element patterns become defines of their own, so emitting a pattern never recurses into
    # an element's content; the queue grows while it is drained.
    i = 0
    while i < len(emitter.queue):
        name, node = emitter.queue[i]
        i += 1
        body = emitter.element_body(node)
        parts.append(f"<define name={quoteattr(name)}>{_named_xml(node, body)}</define>")
    for key in emitter.used_defines:
        parts.append(f"<define name={quoteattr(emitter.define_name(key))}>"
                     f"{emitter.shapes[key].xml}</define>")
    for xml, name in emitter.values.items():
        parts.append(f"<define name={quoteattr(name)}>{xml}</define>")
    parts.append("</grammar>")
    return "".join(parts).encode("utf-8")


def _dead(node: Node, names: Set[Key]) -> bool:
    key = node[1][0]
    return key is not None and key not in names


class _Emitter:
    """Writes simplified patterns and remembers which defines the output refers to."""

    def __init__(self, grammar: Grammar, names: Set[Key], alive: set[str],
                 hoist: Set[Key] | None, contexts: Mapping[Key, Set[Key]]) -> None:
        self.grammar, self.names, self.alive, self.hoist = grammar, names, alive, hoist
        self.contexts = contexts
        self.scope: Set[Key] = names  # the names usable where patterns are being emitted
        self.direct = direct_names(grammar)
        self.queue: list[tuple[str, Node]] = []
        self._element_names: dict[int, str] = {}
        # A define is written once per context: inside a `list` or not (see _data), and per
        # the names of the scope that it can match.
        self.shapes: dict[_Variant, _R] = {}
        self.used_defines: list[_Variant] = []
        self._define_names: dict[_Variant, str] = {}
        self._in_list = False
        self.values: dict[str, str] = {}
        self._busy: set[_Variant] = set()
        self._prefix = "_e"
        while any(n.startswith(self._prefix) for n in grammar.defines):
            self._prefix += "_"

    def emit(self, node: Node) -> _R:
        kind = node[0]
        if kind == TEXT:
            return _R_TEXT
        if kind == EMPTY:
            return _R_EMPTY
        if kind == NOT_ALLOWED:
            return _R_NA
        if kind == DATA:
            return _R(_PLAIN, self._data(node[1]))
        if kind == REF:
            return self._ref(node[1])
        if kind == ELEMENT:
            return self._element(node)
        if kind == ATTRIBUTE:
            if _dead(node, self.scope):
                return _R_NA
            body = self.emit(node[2][0])
            if body.shape == _NA:
                return _R_NA
            return _R(_PLAIN, _named_xml(node, self._shared(body.xml)), attr=True)
        if kind == CHOICE:
            return self._choice(node)
        if kind in (OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE):
            return _repeat(kind, self.emit(node[2][0]))
        return self._sequence(node)

    def element_body(self, node: Node) -> str:
        """An element's content, with its attributes first and directly under `element` if hoisted.

        libxml2 compiles an element's content into an automaton only when no attribute is
        mixed into it; otherwise it checks the children by backtracking.
        """
        key = node[1][0]
        scope = self.contexts.get(key, self.names) if key is not None else self.names
        body = self._emit_in(scope, node[2][0])
        if body.shape == _NA and scope is not self.names:
            # With the names its instances use, none can match: cut to the document's names
            # instead, so that libxml2 can tell what they lack.
            scope = self.names
            body = self._emit_in(scope, node[2][0])
        if self.hoist is not None and key not in self.hoist or len(scope) > AUTOMATON_UP_TO:
            return body.xml
        items = body.parts or ([body] if body.shape != _EMPTY else [])
        attrs = "".join(i.xml for i in items if i.attr)
        rest = [i for i in items if not i.attr]
        if not rest:
            return attrs or "<empty/>"
        if len(rest) == 1:
            return attrs + rest[0].xml
        return attrs + "<group>" + "".join(i.xml for i in rest) + "</group>"

    def _emit_in(self, scope: Set[Key], node: Node) -> _R:
        self.scope = scope
        try:
            return self.emit(node)
        finally:
            self.scope = self.names

    def _shared(self, xml: str) -> str:
        """Attribute values go to shared defines: every element repeats its attributes."""
        if len(xml) < 40:
            return xml
        name = self.values.get(xml)
        if name is None:
            name = self.values[xml] = f"{self._prefix}v{len(self.values)}"
        return f"<ref name={quoteattr(name)}/>"

    def _ref(self, name: str) -> _R:
        if name not in self.alive:
            return _R_NA
        key = (name, self._in_list, self.direct.get(name, _NO_NAMES) & self.scope)
        shape = self.shapes.get(key)
        if shape is None:
            if key in self._busy:
                raise NotPrunable(f"define {name} refers to itself outside an element")
            self._busy.add(key)
            shape = self.emit(self.grammar.defines[name])
            self._busy.discard(key)
            self.shapes[key] = shape
            if shape.shape not in (_NA, _EMPTY) and not shape.attr:
                self.used_defines.append(key)
        if shape.shape in (_NA, _EMPTY) or shape.attr:
            # Attribute lists are inlined so that elements can gather them up front.
            return shape
        # Keep the define's shape so that optional(ref) of a starred define needs no wrapper.
        return _R(shape.shape, f"<ref name={quoteattr(self.define_name(key))}/>", shape.inner)

    def define_name(self, key: _Variant) -> str:
        """The name a variant of a define is written under."""
        name = self._define_names.get(key)
        if name is None:
            name = self._define_names[key] = \
                f"{self._prefix}d{len(self._define_names)}.{key[0]}"
        return name

    def _data(self, xml: str) -> str:
        """A datatype, without a `\\S+` pattern where it can go: libxml2 compiles a pattern
        each time it checks a value, which makes pointers (TEI's anyURI with `\\S+`) the
        slowest part of many documents. The pattern says "one token": inside a list every
        item is one already; elsewhere a list of exactly one item says the same, for types
        whose white space is collapsed before patterns apply."""
        head, found, tail = xml.partition(_ONE_TOKEN)
        if not found or tail != "</data>" or "<param" in head:
            return xml
        if _XSD_TYPES not in head or not any(f' type="{t}"' in head for t in _COLLAPSED):
            return xml
        plain = head + "/>"
        return plain if self._in_list else f"<list>{plain}</list>"

    def _element(self, node: Node) -> _R:
        if _dead(node, self.scope) or not self._can_match(node[2][0]):
            return _R_NA
        name = self._element_names.get(id(node))
        if name is None:
            name = f"{self._prefix}{len(self.queue)}"
            self._element_names[id(node)] = name
            self.queue.append((name, node))
        return _R(_PLAIN, f'<ref name="{name}"/>')

    def _can_match(self, node: Node) -> bool:
        formulas = self.grammar.cache.setdefault("content", {})
        f = formulas.get(id(node))
        if f is None:
            f = formulas[id(node)] = (formula(node), node)  # the node keeps its id unique
        return holds(f[0], self.names, self.alive)

    def _sequence(self, node: Node) -> _R:
        kind = node[0]
        items: list[_R] = []
        was_in_list = self._in_list
        self._in_list = was_in_list or kind == LIST
        try:
            for child in node[2]:
                r = self.emit(child)
                if r.shape == _NA:
                    return _R_NA
                if r.shape != _EMPTY:
                    items.append(r)
        finally:
            self._in_list = was_in_list
        if kind == MIXED:
            if not items:
                return _R_TEXT
            return _R(_PLAIN, "<mixed>" + "".join(i.xml for i in items) + "</mixed>")
        if kind == LIST:
            return _R(_PLAIN, "<list>" + ("".join(i.xml for i in items) or "<empty/>") + "</list>")
        if not items:
            return _R_EMPTY
        if len(items) == 1:
            return items[0]
        attr = all(i.attr for i in items)
        if kind != GROUP:
            return _R(_PLAIN, "<interleave>" + "".join(i.xml for i in items) + "</interleave>",
                      attr=attr)
        parts: list[_R] = []
        for i in items:
            parts.extend(i.parts or [i])
        xml = "<group>" + "".join(i.xml for i in parts) + "</group>"
        if len(items) == 2 and items[0].shape == _PLUS and items[1].shape == _STAR:
            return _R(_PLUS_STAR, xml, (items[0].inner, items[1].inner), attr, parts)
        return _R(_PLAIN, xml, attr=attr, parts=parts)

    def _choice(self, node: Node) -> _R:
        items: list[_R] = []
        seen: set[str] = set()
        optional = False
        for child in node[2]:
            r = self.emit(child)
            if r.shape == _NA:
                continue
            if r.shape == _EMPTY:
                optional = True
            elif r.xml not in seen:
                seen.add(r.xml)
                items.append(r)
        if not items:
            return _R_EMPTY if optional else _R_NA
        if len(items) == 1:
            one = items[0]
        else:
            xml = "<choice>" + "".join(i.xml for i in items) + "</choice>"
            one = _R(_PLAIN, xml, attr=all(i.attr for i in items))
        return _repeat(OPTIONAL, one) if optional else one


def _named_xml(node: Node, body: str) -> str:
    kind = node[0]
    key, name_xml = node[1]
    if key is not None:
        head = f"<{kind} name={quoteattr(key[1])} ns={quoteattr(key[0])}>"
    else:
        head = f"<{kind}>{name_xml}"
    return f"{head}{body}</{kind}>"


def _repeat(kind: str, r: _R) -> _R:
    shape = r.shape
    if shape == _NA:
        return _R_NA if kind == ONE_OR_MORE else _R_EMPTY
    if shape == _EMPTY:
        return _R_EMPTY
    if shape == _PLUS_STAR and kind != OPTIONAL:
        # (a+, b*)+ is a, (a | b)*: the same sequences, read in one way instead of many, which
        # spares libxml2 the backtracking that makes long registers slow.
        a, b = r.inner
        xml = f"<group>{a}<zeroOrMore><choice>{a}{b}</choice></zeroOrMore></group>"
        r = _R(_PLAIN, xml, attr=r.attr)
        return r if kind == ONE_OR_MORE else _repeat(OPTIONAL, r)
    if kind == OPTIONAL:
        if shape in (_STAR, _OPT):
            return r
        if shape == _PLUS:
            return _star(r.inner, r.attr)
        return _R(_OPT, f"<optional>{r.xml}</optional>", r.xml, r.attr)
    if kind == ZERO_OR_MORE:
        return _star(r.inner if shape in (_STAR, _PLUS, _OPT) else r.xml, r.attr)
    if shape in (_PLUS, _STAR):
        return r
    if shape == _OPT:
        return _star(r.inner, r.attr)
    return _R(_PLUS, f"<oneOrMore>{r.xml}</oneOrMore>", r.xml, r.attr)


def _star(inner: str, attr: bool) -> _R:
    return _R(_STAR, f"<zeroOrMore>{inner}</zeroOrMore>", inner, attr)
