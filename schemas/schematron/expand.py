"""Turns a Schematron schema element into the model: abstract rules and patterns expanded, a phase chosen."""
from __future__ import annotations

# ISO/IEC 19757-3:2020 terms. A rule extends abstract rules (which may extend others); an
# abstract pattern is instantiated by `is-a` with `param`s, whose values replace `$name` in the
# query attributes of the copy (whole names only: $path never touches $paths). Variables of
# the schema, of the chosen phase and of the active patterns are global, as in every XSLT
# implementation (a pattern may use a let of another pattern, SchXslt bug 341).
import re

from lxml import etree

from ...common.errors import BadInput
from .model import (
    XSL_NS,
    Check,
    Let,
    Message,
    Notice,
    Pattern,
    Rule,
    S,
    Schema,
    is_warning,
    local,
)

ALL_PHASES = "#ALL"


def build(root: etree._Element, version: str, name: str, phase: str | None = None) -> Schema:
    """The model of a checked, include-resolved schema element for `phase` (None: default)."""
    namespaces = {n.get("prefix"): n.get("uri") for n in root.iter(S + "ns") if n.get("prefix")}
    notices: list[Notice] = []
    abstract_rules = {r.get("id"): r for r in root.iter(S + "rule")
                      if r.get("abstract") == "true" and r.get("id")}
    abstract_patterns = {p.get("id"): p for p in root.iterchildren(S + "pattern")
                         if p.get("abstract") == "true" and p.get("id")}
    active = _active(root, phase, name)
    patterns, global_lets = [], _lets(root, name)
    if active is not None:
        global_lets += _lets(active[0], name)
    for el in root.iterchildren(S + "pattern"):
        if el.get("abstract") == "true":
            continue
        if active is not None and el.get("id") not in active[1]:
            continue
        params: dict[str, str] = {}
        body = el
        if el.get("is-a"):
            body = abstract_patterns.get(el.get("is-a"))
            if body is None:
                raise BadInput(f"pattern is-a={el.get('is-a')!r}: no abstract pattern has "
                               "that id", file=name, line=el.sourceline)
            params = {p.get("name"): p.get("value", "") for p in el.iterchildren(S + "param")}
        if el.get("documents"):
            notices.append(Notice(el.get("id") or "pattern", el.sourceline,
                                  "checks other documents (pattern/@documents), which "
                                  "apostilla does not load: not run"))
            continue
        pattern = _pattern(el, body, params, abstract_rules, name)
        global_lets += pattern.lets
        pattern.lets = []
        patterns.append(pattern)
    _no_duplicates(global_lets, name)
    for el in root.iter(f"{{{XSL_NS}}}*"):
        if el.getparent() is root:
            kind = etree.QName(el).localname
            if kind != "function":
                notices.append(Notice(f"xsl:{kind}", el.sourceline,
                                      f"xsl:{kind} is XSLT, which apostilla does not run"))
    functions = set()
    for el in root.iterchildren(f"{{{XSL_NS}}}function"):
        prefix, _, local_name = (el.get("name") or "").rpartition(":")
        functions.add(f"{{{el.nsmap.get(prefix, '')}}}{local_name}")
    return Schema(version, namespaces, global_lets, patterns,
                  _messages(root, "diagnostic"), _messages(root, "property"),
                  notices, functions)


def _active(root: etree._Element, phase: str | None, name: str):
    """(phase element, ids of its active patterns), or None when every pattern runs."""
    chosen = phase if phase not in (None, "#DEFAULT") else root.get("defaultPhase")
    if chosen in (None, "", ALL_PHASES):
        return None
    for el in root.iterchildren(S + "phase"):
        if el.get("id") == chosen:
            return el, {a.get("pattern") for a in el.iterchildren(S + "active")}
    known = ", ".join(p.get("id") for p in root.iterchildren(S + "phase") if p.get("id"))
    raise BadInput(f"no phase {chosen!r} in this schema" + (f" (it has {known})" if known
                                                             else " (it has none)"), file=name)


def _pattern(el: etree._Element, body: etree._Element, params: dict, abstract: dict,
             name: str) -> Pattern:
    pattern_id = el.get("id") or body.get("id") or "pattern"
    rules = []
    for rule in body.iterchildren(S + "rule"):
        if rule.get("abstract") == "true":
            continue
        if rule.get("context") is None:
            raise BadInput("a rule without context (only abstract rules may have none)",
                           file=name, line=rule.sourceline)
        rule_id = rule.get("id") or pattern_id
        children = _extended(rule, abstract, name, ())
        lets = [_let(c, name, params) for c in children if local(c) == "let"]
        checks = [_check(c, rule_id, params) for c in children
                  if local(c) in ("assert", "report")]
        rules.append(Rule(_substitute(rule.get("context"), params), lets, checks, rule_id,
                          rule.sourceline))
    lets = [_let(c, name, params) for c in body.iterchildren(S + "let")]
    return Pattern(pattern_id, lets, rules, el.sourceline)


def _extended(rule: etree._Element, abstract: dict, name: str, seen: tuple) -> list:
    """The rule's children with each `extends rule=` replaced by that abstract rule's own."""
    out = []
    for child in rule:
        if local(child) != "extends":
            out.append(child)
            continue
        target_id = child.get("rule")
        target = abstract.get(target_id)
        if target is None:
            raise BadInput(f"extends rule={target_id!r}: no abstract rule has that id"
                           + (" (a rule can only extend an abstract one)"
                              if target_id in _ids(rule) else ""),
                           file=name, line=child.sourceline)
        if target_id in seen:
            raise BadInput(f"extends rule={target_id!r} extends itself", file=name,
                           line=child.sourceline)
        out.extend(_extended(target, abstract, name, seen + (target_id,)))
    return out


def _ids(el: etree._Element) -> set:
    return {r.get("id") for r in el.getroottree().iter(S + "rule")}


def _lets(el: etree._Element, name: str) -> list[Let]:
    return [_let(c, name, {}) for c in el.iterchildren(S + "let")]


def _let(el: etree._Element, name: str, params: dict) -> Let:
    if not el.get("name"):
        raise BadInput("a let without a name", file=name, line=el.sourceline)
    value = el.get("value")
    content = [c for c in el if isinstance(c.tag, str)] if value is None else []
    if value is None and not content and (el.text or "").strip():
        value = "'" + el.text.strip().replace("'", "''") + "'"  # literal text content
    return Let(el.get("name"), _substitute(value, params) if value is not None else None,
               content, el.get("as") is not None, el.sourceline)


def _check(el: etree._Element, rule_id: str, params: dict) -> Check:
    return Check(local(el), _substitute(el.get("test", ""), params), el.get("id") or rule_id,
                 is_warning(el), _message(el, params), (el.get("diagnostics") or "").split(),
                 (el.get("properties") or "").split(), el.sourceline, params)


def _message(el: etree._Element, params: dict | None = None) -> Message:
    """The text of an assert, report, diagnostic or property with its computed parts.

    Comments and processing instructions are left out (their tails kept); Schematron's
    inline elements give their text; XSLT instructions are not run (and noted).
    """
    message = Message([el.text or ""])
    for child in el:
        kind = local(child)
        if kind == "value-of":
            message.parts.append(("value-of", _substitute(child.get("select", "."), params)))
        elif kind == "name":
            message.parts.append(("name", _substitute(child.get("path", "."), params)))
        elif isinstance(child.tag, str):
            if etree.QName(child).namespace == XSL_NS:
                message.xslt = True
            else:
                nested = _message(child, params)
                message.parts.extend(nested.parts)
                message.xslt |= nested.xslt
        message.parts.append(child.tail or "")
    return message


def _messages(root: etree._Element, kind: str) -> dict[str, Message]:
    return {el.get("id"): _message(el) for el in root.iter(S + kind) if el.get("id")}


def _substitute(text: str | None, params: dict | None) -> str | None:
    if not params or text is None:
        return text
    names = sorted(params, key=len, reverse=True)
    pattern = re.compile(r"\$(%s)(?![\w.\-])" % "|".join(re.escape(n) for n in names))
    return pattern.sub(lambda m: params[m.group(1)], text)


def substitute(text: str, params: dict) -> str:
    """`text` with the abstract pattern's parameters replaced (for diagnostics, properties)."""
    return _substitute(text, params) or ""


def _no_duplicates(lets: list[Let], name: str) -> None:
    seen: dict[str, Let] = {}
    for let in lets:
        if let.name in seen:
            raise BadInput(f"variable ${let.name} is defined twice among the global variables "
                           f"(schema, phase and pattern lets; first on line {seen[let.name].line})",
                           file=name, line=let.line)
        seen[let.name] = let

