"""Runs a compiled schema on one document: each pattern's rules, in order, on the nodes they match."""
from __future__ import annotations

# Every finding is placed at the node it is about (line and column from positions.py) and
# carries the id of its assert or report (else of its rule or pattern) and the schema's name.
# What cannot run is said: a check outside the binding's library is a skipped rule (listed
# once per run); an XPath error while checking a node is an error at that node, so the same
# document always gets the same verdict whatever was checked before it.
import sys
from dataclasses import dataclass, field

from lxml import etree

from ..parsing import Document
from ..report import ERROR, Issue
from . import contexts
from .language import PathExpr, errors, lxml_string, nodes
from .values import LazyVariables, Literal


@dataclass
class CompiledCheck:
    """An assert or report ready to run (see SchematronSchema)."""

    kind: str
    test: object  # PathExpr or LxmlExpr
    rule_id: str
    severity: str
    message: list  # strings and compiled expressions ("value-of" or "name", expr)
    extras: list  # (label or None, message parts) of diagnostics and properties
    guard: object | None = None  # lxml: structural conjuncts of the test (see _guard)
    together: object | None = None  # lxml: the test over many nodes at once (see _check_all)
    key: tuple = ()  # (pattern, rule, check): its place in the schema, counted from 0


@dataclass
class CompiledRule:
    """A rule ready to run: how its nodes are found, its lets and its checks."""

    rule_id: str
    lxml: bool  # run on lxml (XPath 1.0 about elements); else on elementpath
    select: bool  # lxml finds the nodes (see _lxml_branch); else elementpath
    branches: list  # elementpath: (Branch, its expression)
    lets: list  # (name, compiled expression or literal value)
    checks: list[CompiledCheck] = field(default_factory=list)


# One XPath call per candidate costs about as much as visiting 40 nodes in one call.
_ONE_BY_ONE = 40
# The variable that holds the nodes a check runs on at once (see _check_all), and how many
# go in one call: lxml adds a node to a node-set after looking for it among those already
# there, so the cost of one call grows with the square of its nodes.
NODES = "apostilla.checked-nodes"
_AT_ONCE = 256


class Run:
    """One document checked against one schema."""

    def __init__(self, schema, doc: Document) -> None:
        self.schema, self.doc, self.language = schema, doc, schema.language
        self.issues: list[Issue] = []
        self.failures: list[tuple] = []
        self._index: contexts.Index | None = None
        self._tree = None
        self.path_vars: dict = {}
        self.lxml_vars: dict = {}

    @property
    def tree(self):
        if self._tree is None:
            derived = self.doc.derived
            if "elementpath" not in derived:
                from elementpath import get_node_tree

                derived["elementpath"] = get_node_tree(self.doc.tree)
            self._tree = derived["elementpath"]
            self.language.tree = self._tree
        return self._tree

    @property
    def index(self) -> contexts.Index:
        if self._index is None:
            derived = self.doc.derived
            if "index" not in derived:
                derived["index"] = contexts.Index(self.doc.tree)
            self._index = derived["index"]
        return self._index

    def bind_globals(self) -> None:
        for name, value in self.schema.lets:
            if isinstance(value, Literal):
                result = value.nodes
            else:
                self.language.current[0] = self.tree
                result = value.value(self.tree, self.tree, self.path_vars)
            self.path_vars[name] = result
            self.lxml_vars[name] = _for_lxml(result)

    def apply(self, rule: CompiledRule, taken: set) -> None:
        try:
            nodes = self._matches(rule)
        except errors() as exc:
            self.issues.append(self.issue(None, "the rule's context could not be evaluated: "
                                          f"{describe(exc)}", rule.rule_id, ERROR))
            return
        fresh = []
        for node in nodes:
            key = _key(node)
            if key not in taken:
                taken.add(key)
                fresh.append(node)
        if not rule.checks:
            return
        if len(fresh) > 1 and all(check.together is not None for check in rule.checks):
            self._check_all(rule, fresh)
            return
        for node in fresh:
            self._check_node(rule, node)

    def _check_all(self, rule: CompiledRule, nodes: list) -> None:
        """Runs a rule's checks on its elements a few hundred at a time, one lxml call each:
        `$nodes[not(test)]` gives the elements an assert fails on. One call per element
        cost more in setting up lxml's evaluation than in evaluating (see
        SchematronSchema._together for the rules this is exact for)."""
        place = {id(node): i for i, node in enumerate(nodes)}
        fired = []
        variables = dict(self.lxml_vars)
        try:
            for c, check in enumerate(rule.checks):
                for start in range(0, len(nodes), _AT_ONCE):
                    variables[NODES] = nodes[start:start + _AT_ONCE]
                    fired.extend((place[id(node)], c) for node in
                                 check.together.value(nodes[start], None, variables))
        except errors():
            # A test that fails on some element: checked one by one, the error is said there.
            for node in nodes:
                self._check_node(rule, node)
            return
        for i, c in sorted(fired):
            self._check_node(rule, nodes[i], [rule.checks[c]], fired=True)

    def _check_node(self, rule: CompiledRule, node, checks: list | None = None,
                    fired: bool = False) -> None:
        """Runs the rule's checks (or those given) on a node it matched (an lxml element when
        lxml found it); `fired`: the checks are known to fail there, their messages alone are
        made."""
        on_path = None  # the node in elementpath's tree, made when a check needs it
        variables: dict | None = None
        for check in rule.checks if checks is None else checks:
            try:
                if not rule.lxml and check.guard is not None \
                        and isinstance(node, etree._Element):
                    # A structural part of an `and` is false: so is the test (see _guard).
                    self.language.current[0] = node
                    if not check.guard.boolean(node, None, self.lxml_vars):
                        if check.kind == "report":
                            continue
                if variables is None:
                    if not rule.lxml and on_path is None:
                        on_path = self._on_path(node)
                    subject = node if rule.lxml else on_path
                    self.language.current[0] = subject
                    variables = self._rule_variables(rule, subject,
                                                     None if rule.lxml else self.tree)
                subject = node if rule.lxml else on_path
                self.language.current[0] = subject
                root = None if rule.lxml else self.tree
                if not fired and check.test.boolean(subject, root, variables) != \
                        (check.kind == "report"):
                    continue
                text = self._render(check.message, subject, rule, variables)
                for label, parts in check.extras:
                    extra = self._render(parts, subject, rule, variables)
                    if extra:
                        text += f" ({label}: {extra})" if label else f" ({extra})"
            except errors() as exc:
                self.issues.append(self.issue(node, f"could not be checked here: "
                                              f"{describe(exc)}", check.rule_id, ERROR))
                self.failures.append((check.key, node))
                continue
            self.failures.append((check.key, node))
            self.issues.append(self.issue(node, text or f"{check.kind} failed", check.rule_id,
                                          check.severity))

    def _on_path(self, node):
        return self.tree.elements[node] if isinstance(node, etree._Element) else node

    def _rule_variables(self, rule: CompiledRule, node, root) -> dict:
        """The rule's lets at `node`: evaluated now for lxml, on first use for elementpath
        (a test that does not get as far as a variable never pays for it)."""
        if not rule.lxml:
            return LazyVariables(self.path_vars, [
                (name, value.nodes if isinstance(value, Literal) else
                 (lambda value=value, variables=None: value))
                for name, value in rule.lets], node, root)
        variables = dict(self.lxml_vars)
        for name, value in rule.lets:
            variables[name] = value.elements if isinstance(value, Literal) else \
                _for_lxml(value.value(node, root, variables))
        return variables

    def _render(self, parts: list, node, rule: CompiledRule, variables: dict) -> str:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, PathExpr) and isinstance(node, etree._Element):
                item = self.tree.elements.get(node)  # an XPath 2+ message, a rule run on lxml
                self.language.current[0] = item
                out.append(part.string(item, self.tree, self.path_vars))
                self.language.current[0] = node
            else:
                out.append(part.string(node, None if rule.lxml else self.tree, variables))
        return "".join(out)

    def _matches(self, rule: CompiledRule) -> list:
        if rule.select:
            found = self._select(rule)
            return found
        out: list = []
        for branch, expression in rule.branches:
            out.extend(self._branch_matches(branch, expression))
        return out

    def _select(self, rule: CompiledRule) -> list:
        """The elements matched by a rule that lxml finds (see SchematronSchema._lxml_branch):
        by name from the index; candidates checked one by one when they are few; else the
        branch evaluated once, in C, over the whole document."""
        found: list = []
        for branch, (own, whole) in rule.branches:
            if whole is None:
                found.extend(self.index.elements_for(branch.element, set()))
                continue
            if not branch.names <= self.index.by_tag.keys():
                continue  # a step names an element the document does not have
            if own is not None:
                candidates = self.index.elements_for(branch.element, branch.required)
                if len(candidates) * _ONE_BY_ONE < len(self.index.elements):
                    for el in candidates:
                        self.language.current[0] = el
                        if own.boolean(el, None, self.lxml_vars):
                            found.append(el)
                    continue
            result = whole.value(self.doc.tree.getroot(), None, self.lxml_vars)
            found.extend(n for n in result if isinstance(n, etree._Element))
        return found

    def _branch_matches(self, branch: contexts.Branch, expression) -> list:
        if branch.kind == "document":
            return [self.tree]
        if branch.kind == "any" or branch.rooted:
            self.language.current[0] = self.tree
            found = expression.value(self.tree, self.tree, self.path_vars)
            return found if isinstance(found, list) else []
        candidates = self._candidates(branch)
        if branch.exact or not candidates:
            return candidates
        if branch.own_predicates is not None:
            out = []
            for node in candidates:
                self.language.current[0] = node
                if expression.value(node, self.tree, self.path_vars):
                    out.append(node)
            return out
        matched, cache = [], {}
        for node in candidates:
            for anchor in _anchors(node, branch.distance):
                found = cache.get(id(anchor))
                if found is None:
                    self.language.current[0] = anchor
                    result = expression.value(anchor, self.tree, self.path_vars)
                    found = cache[id(anchor)] = {id(n) for n in result} \
                        if isinstance(result, list) else set()
                if id(node) in found:
                    matched.append(node)
                    break
        return matched

    def _candidates(self, branch: contexts.Branch) -> list:
        test = branch.element if branch.kind == "element" else branch.element or (None, None)
        elements = self.index.elements_for(test, branch.required)
        if not elements:
            return []
        nodes = self.tree.elements
        if branch.kind == "element":
            return [nodes[e] for e in elements]
        namespace, local_name = branch.attribute
        out = []
        for e in elements:
            for attribute in nodes[e].attributes:
                qname = etree.QName(attribute.name)
                if (namespace is None or (qname.namespace or "") == namespace) and \
                        (local_name is None or qname.localname == local_name):
                    out.append(attribute)
        return out

    def issue(self, node, message: str, rule_id: str, severity: str) -> Issue:
        line, column = self._position(node)
        return Issue(line, column, " ".join(message.split()), rule_id, self.schema.name,
                     severity)

    def _position(self, node) -> tuple:
        positions = self.doc.positions
        if isinstance(node, etree._Element):
            return positions.element(node) if isinstance(node.tag, str) \
                else (node.sourceline, None)
        if node is None:
            return positions.element(self.doc.tree.getroot())
        AttributeNode, _, ElementNode, XPathNode = nodes()
        if isinstance(node, ElementNode):
            return self._position(node.value)
        if isinstance(node, AttributeNode) and isinstance(node.parent, ElementNode):
            return positions.attribute(node.parent.value, str(node.name))
        if isinstance(node, XPathNode) and isinstance(node.parent, ElementNode):
            return positions.element(node.parent.value)
        return positions.element(self.doc.tree.getroot())


def _anchors(node, distance: int | None):
    """The nodes a branch is evaluated from to see whether it matches `node`."""
    parent = node.parent
    if distance is not None:
        for _ in range(distance - 1):
            if parent is None:
                return []
            parent = parent.parent
        return [] if parent is None else [parent]
    out = []
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _key(node):
    """The same key for a node whichever engine found it (rules of a pattern may differ)."""
    if isinstance(node, etree._Element):
        return node
    AttributeNode, DocumentNode, ElementNode, _ = nodes()
    if isinstance(node, ElementNode):
        return node.value
    if isinstance(node, AttributeNode) and isinstance(node.parent, ElementNode):
        return (node.parent.value, node.name)
    if isinstance(node, DocumentNode):
        return "/"
    return id(node)


def _for_lxml(result):
    """A value lxml can bind: elements as a node-set, other nodes by their string."""
    if isinstance(result, list) and all(isinstance(i, etree._Element) for i in result):
        return result
    if isinstance(result, (bool, str)):
        return result
    if "elementpath" in sys.modules:
        _, _, ElementNode, XPathNode = nodes()
        if isinstance(result, list):
            if all(isinstance(i, ElementNode) for i in result):
                return [i.value for i in result]
            first = result[0]
            return first.string_value if isinstance(first, XPathNode) else lxml_string(result)
        if isinstance(result, ElementNode):
            return [result.value]
        if isinstance(result, XPathNode):
            return result.string_value
    elif isinstance(result, list):
        return lxml_string(result)
    if isinstance(result, (int, float)) or type(result).__name__ == "Decimal":
        return float(result)
    return str(result)


def describe(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    code = getattr(exc, "code", None)
    return f"{message} ({code})" if code and code not in message else message
