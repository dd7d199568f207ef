"""Runs ISO Schematron rules whose XPath is 1.0, with lxml; the others are reported as skipped."""
from __future__ import annotations

# A small interpreter rather than lxml's XSLT pipeline, for three reasons: one rule written in
# XPath 2.0 must not stop every other rule from running, each finding needs the node it is about
# (for its line and column), and rules must be known as skipped, never silently passed.
# Supported: ns, let (schema, pattern, rule), pattern, rule (with extends of abstract rules),
# assert, report, value-of, name. Abstract patterns are reported as skipped.
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import functions
from .parsing import Document
from .report import ERROR, WARNING, Issue, SkippedRule

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_S = "{%s}" % SCH_NS
_WARNING_ROLES = {"warning", "warn", "info", "information", "nonfatal"}
# XPath 1.0's functions and node tests; any other name called means a later XPath (or XSLT).
_XPATH1 = {
    "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
    "starts-with", "contains", "substring-before", "substring-after", "substring",
    "string-length", "normalize-space", "translate", "boolean", "not", "true", "false", "lang",
    "number", "sum", "floor", "ceiling", "round", "node", "text", "comment",
    "processing-instruction"}
_OPERATORS = {"and", "or", "div", "mod"}  # "a or (b)" is no function call
_STRINGS = re.compile(r"\"[^\"]*\"|'[^']*'")
_CALLS = re.compile(r"(?<![\w.$:-])((?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)\s*\(")
_AXES = re.compile(r"::\s*$")


class XPath2(Exception):
    """An expression that XPath 1.0 cannot evaluate."""


@dataclass
class _Check:
    kind: str  # "assert" or "report"
    test: etree.XPath
    rule_id: str
    severity: str
    message: list  # text and compiled value-of / name parts


@dataclass
class _Rule:
    select: etree.XPath
    lets: list[tuple[str, etree.XPath]]
    checks: list[_Check] = field(default_factory=list)


@dataclass
class _Pattern:
    lets: list[tuple[str, etree.XPath]]
    rules: list[_Rule]


class SchematronSchema:
    """A Schematron schema ready to run on documents."""

    def __init__(self, root: etree._Element, name: str) -> None:
        self.name = name
        self.skipped: list[SkippedRule] = []
        self.namespaces = {n.get("prefix"): n.get("uri") for n in root.iter(_S + "ns")
                           if n.get("prefix")}
        self.namespaces.setdefault("apo", functions.FUNCTIONS_NS)
        self.lets = self._lets(root)
        abstract = {r.get("id"): r for r in root.iter(_S + "rule") if r.get("abstract") == "true"}
        self.patterns: list[_Pattern] = []
        for pattern in root.iter(_S + "pattern"):
            if pattern.get("abstract") == "true" or pattern.get("is-a"):
                self._skip(pattern, pattern.get("id") or "pattern",
                           "abstract patterns are not supported")
                continue
            try:
                self.patterns.append(self._pattern(pattern, abstract))
            except XPath2 as exc:
                self._skip(pattern, pattern.get("id") or "pattern", str(exc))

    @classmethod
    def from_file(cls, path: Path, name: str) -> SchematronSchema:
        """Reads a .sch file; raises etree.XMLSyntaxError when it is not XML."""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return cls(etree.parse(str(path), parser).getroot(), name)

    def check(self, doc: Document, vocabulary: object = None) -> list[Issue]:
        """Every failed assert and fired report, at the node it is about (the vocabulary is
        what RELAX NG schemas need; Schematron does not)."""
        issues: list[Issue] = []
        root = doc.tree.getroot()
        with functions.indexed(doc.tree):
            variables = self._bind(self.lets, root, {})
            for pattern in self.patterns:
                fired: set = set()
                pvars = self._bind(pattern.lets, root, variables)
                for rule in pattern.rules:
                    for node in self._run(rule.select, root, pvars, rule):
                        if not isinstance(node, etree._Element) or node in fired:
                            continue
                        fired.add(node)
                        rvars = self._bind(rule.lets, node, pvars)
                        for check in rule.checks:
                            issue = self._apply(check, node, rvars, doc, rule)
                            if issue is not None:
                                issues.append(issue)
        return issues

    # ------------------------------------------------------------------ reading the schema
    def _pattern(self, pattern: etree._Element, abstract: dict) -> _Pattern:
        rules = []
        for rule in pattern.iterchildren(_S + "rule"):
            if rule.get("abstract") == "true":
                continue
            rule_id = rule.get("id") or pattern.get("id") or "schematron"
            try:
                compiled = _Rule(self._compile(_select(rule.get("context", ""))),
                                 self._lets(rule))
            except XPath2 as exc:
                self._skip(rule, rule_id, str(exc))
                continue
            bodies = [rule] + [abstract[e.get("rule")] for e in rule.iterchildren(_S + "extends")
                               if e.get("rule") in abstract]
            for body in bodies:
                for check in body.iterchildren(_S + "assert", _S + "report"):
                    try:
                        compiled.checks.append(self._check(check, rule_id))
                    except XPath2 as exc:
                        self._skip(check, check.get("id") or rule_id, str(exc))
            rules.append(compiled)
        return _Pattern(self._lets(pattern), rules)

    def _check(self, el: etree._Element, rule_id: str) -> _Check:
        role = (el.get("role") or "").lower()
        parts: list = [el.text or ""]
        for child in el:
            if child.tag == _S + "value-of":
                parts.append(self._compile(child.get("select", ".")))
            elif child.tag == _S + "name":
                parts.append(self._compile(f"name({child.get('path', '.')})"))
            else:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        return _Check(el.tag[len(_S):], self._compile(el.get("test", "true()")),
                      el.get("id") or rule_id, WARNING if role in _WARNING_ROLES else ERROR, parts)

    def _lets(self, el: etree._Element) -> list:
        return [(let.get("name"), self._compile(let.get("value", "''")))
                for let in el.iterchildren(_S + "let")]

    def _compile(self, expr: str) -> etree.XPath:
        bare = _STRINGS.sub("''", expr)
        for m in _CALLS.finditer(bare):
            name = m.group(1)
            if name in _OPERATORS or _AXES.search(bare[:m.start()]):
                continue
            if name not in _XPATH1 and not name.startswith("apo:"):
                raise XPath2(f"needs XPath 2.0 or XSLT (calls {name}())")
        try:
            return etree.XPath(expr, namespaces=self.namespaces, smart_strings=False)
        except etree.XPathSyntaxError as exc:
            raise XPath2(f"is not XPath 1.0 ({exc}): {expr.strip()[:60]}") from None

    def _skip(self, el: etree._Element, rule_id: str, reason: str) -> None:
        self.skipped.append(SkippedRule(self.name, rule_id, el.sourceline, reason))

    # ------------------------------------------------------------------ running it
    def _run(self, xpath: etree.XPath, node: etree._Element, variables: dict, rule: _Rule):
        try:
            found = xpath(node, **variables)
        except etree.XPathError as exc:
            self._fail(rule, exc)
            rule.checks = []
            return []
        return found if isinstance(found, list) else []

    def _bind(self, lets: list, node: etree._Element, outer: dict) -> dict:
        if not lets:
            return outer
        variables = dict(outer)
        for name, xpath in lets:
            try:
                value = xpath(node, **variables)
            except etree.XPathError:
                value = ""
            if isinstance(value, list) and not all(isinstance(v, etree._Element) for v in value):
                # lxml binds only element lists as node-sets; attribute or text nodes come back
                # as strings, and a node-set compares by its first node's string anyway.
                value = _string(value)
            variables[name] = value
        return variables

    def _apply(self, check: _Check, node: etree._Element, variables: dict, doc: Document,
               rule: _Rule) -> Issue | None:
        try:
            result = bool(_value(check.test(node, **variables)))
            if result == (check.kind == "assert"):
                return None
            text = "".join(p if isinstance(p, str) else _string(p(node, **variables))
                           for p in check.message)
        except etree.XPathError as exc:
            self._fail(rule, exc, check)
            return None
        line, column = doc.positions.element(node)
        return Issue(line, column, " ".join(text.split()), check.rule_id, self.name,
                     check.severity)

    def _fail(self, rule: _Rule, exc: Exception, check: _Check | None = None) -> None:
        """A run-time XPath error takes the rule (or check) out, reported once as skipped."""
        rule_id = check.rule_id if check else (rule.checks[0].rule_id if rule.checks else "?")
        if check is not None and check in rule.checks:
            rule.checks.remove(check)
        if not any(s.rule == rule_id for s in self.skipped):
            self.skipped.append(SkippedRule(self.name, rule_id, None,
                                            f"could not be evaluated with XPath 1.0: {exc}"))


def _select(context: str) -> str:
    """A match pattern as a selection from the root: `a | b` becomes `//a | //b`."""
    branches, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(context):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(context[start:i])
            start = i + 1
    branches.append(context[start:])
    out = []
    for branch in branches:
        branch = branch.strip()
        if not branch:
            raise XPath2("empty rule context")
        if branch.startswith("/"):
            out.append(branch)
        else:  # libxml2 takes time that grows with the square of the matches for //name[test]
            out.append(("/descendant::" if _NAME_STEP.match(branch) else "//") + branch)
    return " | ".join(out)


# A first step that /descendant:: selects exactly as // does: a name with only attribute tests
# (a positional one, a[1], would mean another thing).
_ATTRIBUTE_TEST = r"@[\w:.-]+(?:\s*!?=\s*'[^']*')?"
_NAME_STEP = re.compile(rf"(?:[\w.-]+:)?(?:\*|[\w.-]+)(?:\[{_ATTRIBUTE_TEST}(?:\s+(?:and|or)\s+{_ATTRIBUTE_TEST})*\])*(?:/|$)")


def _value(result: object) -> object:
    """XPath's boolean(): a node-set is true when not empty, NaN is false."""
    if isinstance(result, list):
        return bool(result)
    if isinstance(result, float) and result != result:
        return False
    return result


def _string(result: object) -> str:
    if isinstance(result, list):
        if not result:
            return ""
        first = result[0]
        return first if isinstance(first, str) else "".join(first.itertext()) \
            if isinstance(first, etree._Element) else str(first)
    if isinstance(result, float) and result.is_integer():
        return str(int(result))
    if isinstance(result, bool):
        return "true" if result else "false"
    return str(result)
