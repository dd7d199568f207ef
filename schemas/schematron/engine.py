"""Runs a Schematron schema on a document: each pattern's rules, in order, on the nodes they match."""
from __future__ import annotations

# Every finding is placed at the node it is about (line and column from positions.py) and
# carries the id of its assert or report (else of its rule or pattern) and the schema's name.
# What cannot run is said: a check outside the binding's library is a skipped rule (listed
# once per run); an XPath error while checking a node is an error at that node, so the same
# document always gets the same verdict whatever was checked before it.

import copy
from dataclasses import dataclass, field

from elementpath import ElementPathError, get_node_tree
from elementpath.xpath_nodes import AttributeNode, DocumentNode, ElementNode, XPathNode
from lxml import etree

from ...common.errors import BadInput
from .. import functions
from ..parsing import Document
from ..report import ERROR, WARNING, Issue, SkippedRule
from . import contexts, expand, structural
from .language import Invalid, Language, PathExpr, Unsupported, lxml_string
from .model import Check, Let, Message, Schema

_ERRORS = (ElementPathError, etree.XPathError, ValueError, TypeError, ArithmeticError,
           LookupError, OverflowError)


@dataclass
class _Check:
    kind: str
    test: object  # PathExpr or LxmlExpr
    rule_id: str
    severity: str
    message: list  # strings and compiled expressions ("value-of" or "name", expr)
    extras: list  # (label or None, message parts) of diagnostics and properties
    guard: object | None = None  # lxml: structural conjuncts of the test (see _guard)
    key: tuple = ()  # (pattern, rule, check): its place in the schema, counted from 0


@dataclass
class _Rule:
    rule_id: str
    lxml: bool  # run on lxml (XPath 1.0 about elements); else on elementpath
    select: bool  # lxml finds the nodes (see _lxml_branch); else elementpath
    branches: list  # elementpath: (Branch, its expression)
    lets: list  # (name, compiled expression or literal value)
    checks: list[_Check] = field(default_factory=list)


class SchematronSchema:
    """A Schematron schema ready to run on documents."""

    def __init__(self, root: etree._Element, version: str, name: str,
                 phase: str | None = None) -> None:
        self.name = name
        self.phase = phase  # as asked for; None: the schema's default phase
        model = expand.build(root, version, name, phase)
        self.language = Language(version, model.namespaces, model.xslt_functions)
        self.skipped = [SkippedRule(name, n.rule_id, n.line, n.reason) for n in model.notices]
        self._model = model
        self.lets = [(let.name, self._let(let, lxml=False)) for let in model.lets]
        self.patterns = [self._rules(p.rules, i) for i, p in enumerate(model.patterns)]

    # ------------------------------------------------------------------ compiling
    def _rules(self, rules: list, pattern_index: int) -> list[_Rule]:
        out = []
        for i, rule in enumerate(rules):
            try:
                token = self.language.parse(rule.context)
            except Unsupported as exc:
                later = f" (and the {len(rules) - i - 1} rules after it in its pattern, which "\
                        "depend on which nodes it takes)" if i + 1 < len(rules) else ""
                self._skip(rule.rule_id, rule.line, f"context {exc}{later}")
                break
            except Invalid as exc:
                raise BadInput(f"rule context: {exc}", file=self.name, line=rule.line) from None
            out.append(self._rule(rule, token, (pattern_index, i)))
        return out

    def _rule(self, rule, token, place: tuple) -> _Rule:
        branches = contexts.read_pattern(token, self.language.namespaces, self.language.parse)
        select_on_lxml = self._fits_lxml(branches)
        lxml = select_on_lxml and (self.language.version == "1.0" or not rule.lets and all(
            self._fits(c.test or "true()") for c in rule.checks))
        compiled = _Rule(rule.rule_id, lxml, False, [], [])
        if select_on_lxml:
            compiled.select = True
            compiled.branches = [(b, self._lxml_branch(b, rule.line)) for b in branches]
        else:
            compiled.branches = [(b, self._branch_expression(b, rule.line)) for b in branches]
        try:
            compiled.lets = [(let.name, self._let(let, lxml)) for let in rule.lets]
        except Unsupported as exc:
            # The rule still takes its nodes from later rules of the pattern; it checks nothing.
            self._skip(rule.rule_id, rule.line, f"a variable {exc}")
            return compiled
        for i, check in enumerate(rule.checks):
            try:
                compiled.checks.append(self._check(check, lxml))
                compiled.checks[-1].key = place + (i,)
                if select_on_lxml and not lxml:
                    compiled.checks[-1].guard = self._guard(check)
            except Unsupported as exc:
                self._skip(check.rule_id, check.line, str(exc))
        return compiled

    def _fits_lxml(self, branches: list) -> bool:
        """Whether lxml can find the rule's nodes: elements, by a pattern of XPath 1.0 or one
        of XPath 2.0 and 3.1 that means the same in XPath 1.0 (see structural.py)."""
        if not contexts.element_only(branches):
            return False
        return self.language.version == "1.0" or all(self._fits(b.source) for b in branches)

    def _fits(self, expr: str) -> bool:
        try:
            return structural.fits(self.language.parse(expr))
        except (Unsupported, Invalid):
            return False  # said when the expression is compiled for elementpath

    def _lxml_branch(self, branch: contexts.Branch, line: int | None):
        """What lxml evaluates for a branch: nothing (the index has the elements), its own
        predicates at each candidate, or the whole branch from the root."""
        if branch.exact:
            return None
        if branch.own_predicates is not None:
            predicates = "".join(f"[{p}]" for p in branch.own_predicates)
            return self._compile(f"self::node(){predicates}", True, line)
        source = branch.source
        return self._compile(source if source.startswith("/") else "//" + source, True, line)

    def _guard(self, check: Check):
        """The parts of a test `a and b and ...` that lxml can run, joined; None if none.

        When one of them is false the whole test is false (XPath 2.0 lets `and` stop there,
        section 3.6), and elementpath need not see the node, nor the document be read into
        its tree. TEI's tests often start with such a part (`(self::tei:classRef | ...) and`).
        """
        parts, token = [], self.language.parse(check.test or "true()")
        while token.symbol == "and":
            parts.insert(0, token[1])
            token = token[0]
        parts.insert(0, token)
        fitting = [p.source for p in parts if structural.fits(p)]
        if not fitting or len(fitting) == len(parts):
            return None
        return self._compile(" and ".join(f"({p})" for p in fitting), True, check.line)

    def _branch_expression(self, branch: contexts.Branch, line: int | None):
        if branch.exact and not branch.rooted:
            return None
        if branch.own_predicates is not None:
            predicates = "".join(f"[{p}]" for p in branch.own_predicates)
            return self._compile(f"self::node(){predicates}", False, line)
        source = branch.source
        if branch.kind == "any" and not source.startswith("/"):
            # A node matches when it is among the pattern's results from some ancestor.
            source = ("//" + source if self.language.version == "1.0"
                      else f"descendant-or-self::node()/({source})")
        return self._compile(source, False, line)

    def _check(self, check: Check, lxml: bool) -> _Check:
        extras = []
        for kind, ids, table in (("diagnostic", check.diagnostics, self._model.diagnostics),
                                 ("property", check.properties, self._model.properties)):
            for ref in ids:
                if ref not in table:
                    raise BadInput(f"{check.kind} refers to {kind} {ref!r}, which the schema "
                                   "does not define", file=self.name, line=check.line)
                extras.append((ref if kind == "property" else None,
                               self._message(table[ref], lxml, check, check.params)))
        return _Check(check.kind, self._compile(check.test or "true()", lxml, check.line),
                      check.rule_id, WARNING if check.warning else ERROR,
                      self._message(check.message, lxml, check, {}), extras)

    def _message(self, message: Message, lxml: bool, check: Check, params: dict) -> list:
        # Messages of XPath 2.0 and 3.1 rules are computed on elementpath even when lxml
        # runs the rule's tests: only for the nodes that fail, whose tree is then made.
        lxml = lxml and self.language.version == "1.0"
        if message.xslt:
            self._skip(check.rule_id, check.line, "its message holds XSLT instructions, which "
                       "are not run: the text shown leaves them out")
        parts = []
        for part in message.parts:
            if isinstance(part, str):
                parts.append(part)
                continue
            kind, expr = part
            expr = expand.substitute(expr, params)
            source = expr if kind == "value-of" else f"name({expr})"
            try:
                parts.append(self._compile(source, lxml, check.line))
            except Unsupported as exc:
                self._skip(check.rule_id, check.line, f"its message shows {{{expr}}} as "
                           f"written: the expression {exc}")
                parts.append("{" + expr + "}")
        return parts

    def _let(self, let: Let, lxml: bool):
        if let.value is not None:
            return self._compile(let.value, lxml, let.line)
        return _Literal(let.content, let.sequence)

    def _compile(self, expr: str, lxml: bool, line: int | None):
        try:
            return self.language.compile_lxml(expr) if lxml else self.language.compile(expr)
        except Invalid as exc:
            raise BadInput(str(exc), file=self.name, line=line) from None

    def _skip(self, rule_id: str, line: int | None, reason: str) -> None:
        self.skipped.append(SkippedRule(self.name, rule_id, line, reason))

    @property
    def model(self) -> Schema:
        """The schema as read and expanded (what another engine would run, in tests)."""
        return self._model

    # ------------------------------------------------------------------ running
    def check(self, doc: Document, vocabulary: object = None) -> list[Issue]:
        """Every failed assert and fired report, at the node it is about (the vocabulary is
        what RELAX NG schemas need; Schematron does not)."""
        return self._run(doc).issues

    def failures(self, doc: Document) -> list[tuple]:
        """(the check's place (pattern, rule, check), the node) of each finding about `doc`,
        the node as lxml's element or elementpath's node: for comparing with other engines."""
        return self._run(doc).failures

    def _run(self, doc: Document) -> _Run:
        run = _Run(self, doc)
        self.language.invariants = {}
        with functions.indexed(doc.tree):
            try:
                run.bind_globals()
            except _ERRORS as exc:
                run.issues.append(run.issue(None, "a global variable could not be evaluated: "
                                            f"{_describe(exc)}", "schematron-variable", ERROR))
                return run
            for rules in self.patterns:
                taken: set = set()
                for rule in rules:
                    run.apply(rule, taken)
        self.language.tree = None
        return run


class _Literal:
    """A let whose value is its content: the nodes as written (never run as XSLT)."""

    def __init__(self, content: list, sequence: bool) -> None:
        holder = etree.Element("let")
        for el in content:
            holder.append(copy.deepcopy(el))
        self.elements = list(holder)
        tree = get_node_tree(etree.ElementTree(holder))
        self.nodes = list(tree.getroot().children) if sequence or len(content) != 1 \
            else [tree.getroot()]
        self.nodes = [n for n in self.nodes if isinstance(n, ElementNode)]


class _LazyVariables(dict):
    """Variables of a rule for elementpath, each evaluated when an expression first reads it.

    Lets are in order: one evaluated later sees those before it, never those after it.
    """

    def __init__(self, outer: dict, lets: list, node, root) -> None:
        super().__init__(outer)
        self._lets = lets
        self._pending = {name: i for i, (name, _) in enumerate(lets)}
        self._node, self._root = node, root

    def __missing__(self, name: str):
        i = self._pending.pop(name, None)
        if i is None:
            raise KeyError(name)
        value = self._lets[i][1]
        if callable(value):
            expression = value()
            earlier = _LazyVariables(dict(self), self._lets[:i], self._node, self._root)
            earlier._pending = {n: j for n, j in self._pending.items() if j < i}
            value = expression.value(self._node, self._root, earlier)
        self[name] = value
        return value

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._pending

    def copy(self) -> _LazyVariables:
        # elementpath copies the variables for `for` and quantified expressions.
        twin = _LazyVariables(dict(self), self._lets, self._node, self._root)
        twin._pending = dict(self._pending)
        return twin


class _Run:
    """One document checked against one schema."""

    def __init__(self, schema: SchematronSchema, doc: Document) -> None:
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
            self._tree = get_node_tree(self.doc.tree)
            self.language.tree = self._tree
        return self._tree

    @property
    def index(self) -> contexts.Index:
        if self._index is None:
            self._index = contexts.Index(self.doc.tree)
        return self._index

    def bind_globals(self) -> None:
        for name, value in self.schema.lets:
            if isinstance(value, _Literal):
                result = value.nodes
            else:
                self.language.current[0] = self.tree
                result = value.value(self.tree, self.tree, self.path_vars)
            self.path_vars[name] = result
            self.lxml_vars[name] = _for_lxml(result)

    def apply(self, rule: _Rule, taken: set) -> None:
        try:
            nodes = self._matches(rule)
        except _ERRORS as exc:
            self.issues.append(self.issue(None, "the rule's context could not be evaluated: "
                                          f"{_describe(exc)}", rule.rule_id, ERROR))
            return
        for node in nodes:
            key = _key(node)
            if key in taken:
                continue
            taken.add(key)
            if rule.checks:
                self._check_node(rule, node)

    def _check_node(self, rule: _Rule, node) -> None:
        """Runs the rule's checks on a node it matched (an lxml element when lxml found it)."""
        on_path = None  # the node in elementpath's tree, made when a check needs it
        variables: dict | None = None
        for check in rule.checks:
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
                fired = check.test.boolean(subject, root, variables) == (check.kind == "report")
                if not fired:
                    continue
                text = self._render(check.message, subject, rule, variables)
                for label, parts in check.extras:
                    extra = self._render(parts, subject, rule, variables)
                    if extra:
                        text += f" ({label}: {extra})" if label else f" ({extra})"
            except _ERRORS as exc:
                self.issues.append(self.issue(node, f"could not be checked here: "
                                              f"{_describe(exc)}", check.rule_id, ERROR))
                self.failures.append((check.key, node))
                continue
            self.failures.append((check.key, node))
            self.issues.append(self.issue(node, text or f"{check.kind} failed", check.rule_id,
                                          check.severity))

    def _on_path(self, node):
        return self.tree.elements[node] if isinstance(node, etree._Element) else node

    def _rule_variables(self, rule: _Rule, node, root) -> dict:
        """The rule's lets at `node`: evaluated now for lxml, on first use for elementpath
        (a test that does not get as far as a variable never pays for it)."""
        if not rule.lxml:
            return _LazyVariables(self.path_vars, [
                (name, value.nodes if isinstance(value, _Literal) else
                 (lambda value=value, variables=None: value))
                for name, value in rule.lets], node, root)
        variables = dict(self.lxml_vars)
        for name, value in rule.lets:
            variables[name] = value.elements if isinstance(value, _Literal) else \
                _for_lxml(value.value(node, root, variables))
        return variables

    def _render(self, parts: list, node, rule: _Rule, variables: dict) -> str:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, PathExpr) and not isinstance(node, XPathNode):
                item = self.tree.elements.get(node)  # an XPath 2+ message, a rule run on lxml
                self.language.current[0] = item
                out.append(part.string(item, self.tree, self.path_vars))
                self.language.current[0] = node
            else:
                out.append(part.string(node, None if rule.lxml else self.tree, variables))
        return "".join(out)

    def _matches(self, rule: _Rule) -> list:
        if rule.select:
            found = self._select(rule)
            return found
        out: list = []
        for branch, expression in rule.branches:
            out.extend(self._branch_matches(branch, expression))
        return out

    def _select(self, rule: _Rule) -> list:
        """The elements matched by a rule that lxml finds (see SchematronSchema._lxml_branch)."""
        found: list = []
        for branch, expression in rule.branches:
            if branch.exact:
                found.extend(self.index.elements_for(branch.element, set()))
            elif branch.own_predicates is not None:
                for el in self.index.elements_for(branch.element, branch.required):
                    self.language.current[0] = el
                    if expression.boolean(el, None, self.lxml_vars):
                        found.append(el)
            else:
                result = expression.value(self.doc.tree.getroot(), None, self.lxml_vars)
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
        if isinstance(node, ElementNode):
            node = node.value
        if isinstance(node, etree._Element):
            return positions.element(node) if isinstance(node.tag, str) \
                else (node.sourceline, None)
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
    if isinstance(node, ElementNode):
        return node.value
    if isinstance(node, AttributeNode) and isinstance(node.parent, ElementNode):
        return (node.parent.value, node.name)
    if isinstance(node, DocumentNode):
        return "/"
    return node if isinstance(node, etree._Element) else id(node)


def _for_lxml(result):
    """A value lxml can bind: elements as a node-set, other nodes by their string."""
    if isinstance(result, list):
        if all(isinstance(i, ElementNode) for i in result):
            return [i.value for i in result]
        if all(isinstance(i, etree._Element) for i in result):
            return result
        first = result[0] if result else ""
        return first.string_value if isinstance(first, XPathNode) else lxml_string(result)
    if isinstance(result, ElementNode):
        return [result.value]
    if isinstance(result, XPathNode):
        return result.string_value
    if isinstance(result, (bool, str)):
        return result
    if isinstance(result, (int, float)) or type(result).__name__ == "Decimal":
        return float(result)
    return str(result)


def _describe(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    code = getattr(exc, "code", None)
    return f"{message} ({code})" if code and code not in message else message
