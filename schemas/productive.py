"""Which defines of a grammar can match anything, for the names one document uses."""
from __future__ import annotations

from collections.abc import Set

from .grammar import (
    ATTRIBUTE,
    CHOICE,
    DATA,
    ELEMENT,
    EMPTY,
    NOT_ALLOWED,
    OPTIONAL,
    REF,
    TEXT,
    ZERO_OR_MORE,
    Grammar,
    Key,
    Node,
)


def prepare(grammar: Grammar) -> None:
    """Works out, once, what pruning needs from the grammar alone (kept with cached grammars)."""
    _formulas(grammar)
    direct_names(grammar)


def direct_names(grammar: Grammar) -> dict[str, frozenset[Key]]:
    """Per define, the element and attribute names it can match at its own level: those of
    the patterns it reaches through other defines, without entering an element's content."""
    found = grammar.cache.get("direct")
    if found is None:
        found = grammar.cache["direct"] = {}
        for name in grammar.defines:
            _direct(grammar, name, found)
    return found


def _direct(grammar: Grammar, name: str, found: dict) -> frozenset[Key]:
    names = found.get(name)
    if names is None:
        found[name] = frozenset()  # a guard: RELAX NG allows recursion only through elements
        keys: set[Key] = set()
        todo = [grammar.defines[name]]
        while todo:
            node = todo.pop()
            kind = node[0]
            if kind in (ELEMENT, ATTRIBUTE):
                if node[1][0] is not None:
                    keys.add(node[1][0])
            elif kind == REF:
                if node[1] in grammar.defines:
                    keys |= _direct(grammar, node[1], found)
            else:
                todo.extend(node[2])
        names = found[name] = frozenset(keys)
    return names


def productive_defines(grammar: Grammar, names: Set[Key]) -> set[str]:
    """Defines that can match something: the least fixpoint, found with a work list."""
    formulas, users, always = _formulas(grammar)
    alive = set(always)
    work = [name for name, f in formulas.items() if f is not True and f is not False]
    while work:
        name = work.pop()
        if name not in alive and holds(formulas[name], names, alive):
            alive.add(name)
            work.extend(u for u in users.get(name, ()) if u not in alive)
    return alive


def holds(f: object, names: Set[Key], alive: set[str]) -> bool:
    if f is True or f is False:
        return f
    tag = f[0]
    if tag == "k":
        return f[1] in names and holds(f[2], names, alive)
    if tag == "r":
        return f[1] in alive
    if tag == "&":
        return all(holds(x, names, alive) for x in f[1])
    return any(holds(x, names, alive) for x in f[1])


def _formulas(grammar: Grammar) -> tuple[dict, dict, set]:
    """Per define, when it can match: a small and/or formula over names and other defines.

    Worked out once per grammar; most defines (attribute lists, optional content) reduce to
    `True` and element defines to "its name is used".
    """
    cached = grammar.cache.get("formulas")
    if cached is None:
        formulas = {name: formula(body) for name, body in grammar.defines.items()}
        users: dict[str, set[str]] = {}
        for name, f in formulas.items():
            for ref in _refs(f):
                users.setdefault(ref, set()).add(name)
        always = {name for name, f in formulas.items() if f is True}
        cached = grammar.cache["formulas"] = (formulas, users, always)
    return cached


def formula(node: Node) -> object:
    kind = node[0]
    if kind in (TEXT, EMPTY, DATA, OPTIONAL, ZERO_OR_MORE):
        return True
    if kind == NOT_ALLOWED:
        return False
    if kind == REF:
        return ("r", node[1])
    if kind in (ELEMENT, ATTRIBUTE):
        sub = formula(node[2][0])
        key = node[1][0]
        if sub is False or key is None:
            return sub
        return ("k", key, sub)
    subs = [formula(c) for c in node[2]]
    if kind == CHOICE:
        if any(f is True for f in subs):
            return True
        subs = [f for f in subs if f is not False]
        return (subs[0] if len(subs) == 1 else ("|", tuple(subs))) if subs else False
    if any(f is False for f in subs):
        return False
    subs = [f for f in subs if f is not True]
    return (subs[0] if len(subs) == 1 else ("&", tuple(subs))) if subs else True


def _refs(f: object) -> set[str]:
    if f is True or f is False:
        return set()
    if f[0] == "r":
        return {f[1]}
    if f[0] == "k":
        return _refs(f[2])
    return set().union(*[_refs(x) for x in f[1]])
