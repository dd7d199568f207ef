"""What a grammar allows inside each element, for exact checks and for messages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .grammar import (
    ATTRIBUTE,
    CHOICE,
    DATA,
    ELEMENT,
    MIXED,
    OPTIONAL,
    REF,
    TEXT,
    ZERO_OR_MORE,
    Grammar,
    Key,
    Node,
)


@dataclass(frozen=True)
class Allowed:
    """What an element's patterns allow directly inside it: child elements and attributes."""

    children: frozenset[Key]
    attributes: frozenset[Key]
    required_attributes: frozenset[Key]
    any_child: bool  # a wildcard (anyName, nsName) element is allowed somewhere
    any_attribute: bool
    text: bool
    required_children: frozenset[Key] = frozenset()


class AllowedIndex:
    """Answers `Allowed` questions about a grammar's elements, remembering every answer."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self._defines: dict[str, tuple] = {}
        self._elements: dict[Key, Allowed | None] = {}

    def allowed(self, key: Key) -> Allowed | None:
        """None when no named pattern matches `key` (the name is unknown to the schema)."""
        if key not in self._elements:
            patterns = self.grammar.element_patterns(key)
            parts = [self._summary(p[2][0]) for p in patterns]
            self._elements[key] = Allowed(
                frozenset().union(*[p[0] for p in parts]),
                frozenset().union(*[p[1] for p in parts]),
                frozenset.intersection(*[p[5] for p in parts]),
                any(p[2] for p in parts), any(p[3] for p in parts),
                any(p[4] for p in parts),
                frozenset.intersection(*[p[6] for p in parts])) if parts else None
        return self._elements[key]

    def start(self) -> Allowed:
        """What may be the document's root element."""
        s = self._summary(self.grammar.start)
        return Allowed(s[0], s[1], s[5], s[2], s[3], s[4], s[6])

    def required_closure(self, keys: frozenset[Key]) -> frozenset[Key]:
        """`keys` plus the elements they require, and those require, and so on."""
        out, todo = set(keys), list(keys)
        while todo:
            allowed = self.allowed(todo.pop())
            for child in allowed.required_children if allowed else ():
                if child not in out:
                    out.add(child)
                    todo.append(child)
        return frozenset(out)

    def _summary(self, node: Node) -> tuple:
        """(children, attributes, any child, any attribute, text, required attributes,
        required children)."""
        kind = node[0]
        if kind == ELEMENT:
            key = node[1][0]
            keys = frozenset([key]) if key else _NONE
            return (keys, _NONE, key is None, False, False, _NONE, keys)
        if kind == ATTRIBUTE:
            key = node[1][0]
            keys = frozenset([key]) if key else _NONE
            return (_NONE, keys, False, key is None, False, keys, _NONE)
        if kind in (TEXT, DATA):
            return (_NONE, _NONE, False, False, True, _NONE, _NONE)
        if kind == REF:
            name = node[1]
            if name not in self._defines:
                self._defines[name] = _EMPTY_SUMMARY  # a guard; recursion passes elements only
                body = self.grammar.defines.get(name)
                self._defines[name] = self._summary(body) if body else _EMPTY_SUMMARY
            return self._defines[name]
        parts = [self._summary(c) for c in node[2]]
        if not parts:
            return _EMPTY_SUMMARY
        if kind in (OPTIONAL, ZERO_OR_MORE):
            required = needed = _NONE
        elif kind == CHOICE:
            required = frozenset.intersection(*[p[5] for p in parts])
            needed = frozenset.intersection(*[p[6] for p in parts])
        else:
            required = frozenset().union(*[p[5] for p in parts])
            needed = frozenset().union(*[p[6] for p in parts])
        return (frozenset().union(*[p[0] for p in parts]),
                frozenset().union(*[p[1] for p in parts]),
                any(p[2] for p in parts), any(p[3] for p in parts),
                any(p[4] for p in parts) or kind == MIXED, required, needed)


_NONE: frozenset = frozenset()
_EMPTY_SUMMARY = (_NONE, _NONE, False, False, False, _NONE, _NONE)


def value_forms(grammar: Grammar, element: Key, attribute: Key) -> list[str]:
    """What the grammar accepts as the value of `attribute` on `element`: datatype names and
    literal values, for messages (e.g. ['date', 'gYear'] or ['"a"', '"b"'])."""
    known = grammar.cache.setdefault("value_forms", {})
    forms = known.get((element, attribute))
    if forms is None:
        forms = known[(element, attribute)] = tuple(_value_forms(grammar, element, attribute))
    return list(forms)


def _value_forms(grammar: Grammar, element: Key, attribute: Key) -> list[str]:
    forms: list[str] = []
    seen: set[str] = set()
    seen_values: set[str] = set()

    def values(node: Node) -> None:
        kind = node[0]
        if kind == DATA:
            head, _, rest = node[1].partition(">")
            if head.startswith("<value"):
                form = '"%s"' % rest.split("</value", 1)[0]
            else:
                m = re.search(r' type="([^"]*)"', head)
                form = m.group(1) if m else "text"
                if "<param" in rest:
                    form += " (restricted)"
            if form not in forms:
                forms.append(form)
        elif kind == TEXT:
            forms.append("any text")
        elif kind == REF:
            body = grammar.defines.get(node[1])
            if body is not None and node[1] not in seen_values:
                seen_values.add(node[1])
                values(body)
        elif kind not in (ELEMENT, ATTRIBUTE):
            for child in node[2]:
                values(child)

    def find(node: Node) -> None:
        kind = node[0]
        if kind == ATTRIBUTE:
            if node[1][0] == attribute:
                values(node[2][0])
        elif kind == REF:
            body = grammar.defines.get(node[1])
            if body is not None and node[1] not in seen:
                seen.add(node[1])
                find(body)
        elif kind != ELEMENT:
            for child in node[2]:
                find(child)

    for pattern in grammar.element_patterns(element):
        find(pattern[2][0])
    return forms
