"""A Schematron schema compiled for its engines: lxml where it can, elementpath elsewhere."""
from __future__ import annotations

import re

from lxml import etree

from ...common.errors import BadInput
from .. import functions
from ..parsing import Document
from ..report import ERROR, WARNING, Issue, SkippedRule
from . import contexts, expand, stored, structural
from .language import Invalid, Language, Unsupported, errors
from .model import Check, Let, Message, Schema
from .run import NODES, CompiledCheck, CompiledRule, Run, describe
from .values import Literal

# A call of position(), last() or current(), anywhere in a test.
_CONTEXT_BOUND = re.compile(r"(?<![\w.-])(position|last|current)\s*\(")


class SchematronSchema:
    """A Schematron schema ready to run on documents."""

    def __init__(self, root: etree._Element, version: str, name: str,
                 phase: str | None = None) -> None:
        self.name = name
        self.phase = phase  # as asked for; None: the schema's default phase
        model = expand.build(root, version, name, phase)
        self.language = Language(version, model.namespaces, model.xslt_functions)
        self._model = model
        kept_at = stored.key(root, version, name, phase)
        kept = stored.read(kept_at, self.language)
        if kept is not None:
            self.lets, self.patterns, self.skipped = kept
            return
        self.skipped = [SkippedRule(name, n.rule_id, n.line, n.reason) for n in model.notices]
        self.lets = [(let.name, self._let(let, lxml=False)) for let in model.lets]
        self.patterns = [self._rules(p.rules, i) for i, p in enumerate(model.patterns)]
        stored.write(kept_at, self.lets, self.patterns, self.skipped)

    # ------------------------------------------------------------------ compiling
    def _rules(self, rules: list, pattern_index: int) -> list[CompiledRule]:
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

    def _rule(self, rule, token, place: tuple) -> CompiledRule:
        branches = contexts.read_pattern(token, self.language.namespaces, self.language.parse)
        select_on_lxml = self._fits_lxml(branches)
        # What lxml runs for the lets and tests: as written for XPath 1.0; for 2.0 and 3.1,
        # their translation (structural.xpath1), or None when one has none.
        written = self._in_xpath1(rule) if select_on_lxml else None
        lxml = written is not None
        compiled = CompiledRule(rule.rule_id, lxml, False, [], [])
        if select_on_lxml:
            compiled.select = True
            compiled.branches = [(b, self._lxml_branch(b, rule.line)) for b in branches]
        else:
            compiled.branches = [(b, self._branch_expression(b, rule.line)) for b in branches]
        lets, tests = written or ({}, [None] * len(rule.checks))
        try:
            compiled.lets = [(let.name, self._let(let, lxml, lets.get(let.name)))
                             for let in rule.lets]
        except Unsupported as exc:
            # The rule still takes its nodes from later rules of the pattern; it checks nothing.
            self._skip(rule.rule_id, rule.line, f"a variable {exc}")
            return compiled
        for i, check in enumerate(rule.checks):
            try:
                compiled.checks.append(self._check(check, lxml, tests[i]))
                compiled.checks[-1].key = place + (i,)
                if select_on_lxml and not lxml:
                    compiled.checks[-1].guard = self._guard(check)
            except Unsupported as exc:
                self._skip(check.rule_id, check.line, str(exc))
        if lxml and not rule.lets and len(compiled.checks) == len(rule.checks):
            self._together(compiled, rule.checks, tests)
        return compiled

    def _in_xpath1(self, rule) -> tuple[dict, list] | None:
        """({let name: XPath 1.0}, [each test in XPath 1.0]) for a rule lxml can run: None
        for a rule of XPath 2.0 or 3.1 that does not translate; XPath 1.0's as written
        (None)."""
        if self.language.version == "1.0":
            return {}, [None] * len(rule.checks)
        kinds, lets = {}, {}
        for let in rule.lets:
            found = None if let.value is None else self._translate(let.value, kinds, single=True)
            if found is None:
                return None
            kinds[let.name], lets[let.name] = found
        if lets and any("$" in expr for check in rule.checks for expr in self._shown(check)):
            return None  # messages run on elementpath, which does not see the rule's lets
        tests = [self._translate(c.test or "true()", kinds) for c in rule.checks]
        return None if None in tests else (lets, tests)

    def _translate(self, expr: str, kinds: dict, single: bool = False):
        try:
            token = self.language.parse(expr)
        except (Unsupported, Invalid):
            return None  # said when the expression is compiled for elementpath
        if single:
            return structural.kind_of(token, kinds)
        return structural.xpath1(token, kinds)

    def _shown(self, check: Check) -> list[str]:
        """The expressions of a check's message, diagnostics and properties."""
        messages = [check.message] + \
            [self._model.diagnostics[d] for d in check.diagnostics if d in self._model.diagnostics] + \
            [self._model.properties[p] for p in check.properties if p in self._model.properties]
        return [part[1] for m in messages for part in m.parts if not isinstance(part, str)]

    def _together(self, compiled: CompiledRule, checks: list[Check], tests: list) -> None:
        """Compiles each check to run on many of the rule's elements in one lxml call (see
        Run._check_all), when that means exactly what it means on each alone: the rule has no
        variables of its own, and no test asks for its position, its context's size or XSLT's
        current node, which a predicate over many elements would answer differently."""
        if NODES in {let.name for let in self._model.lets}:
            return
        if any(_CONTEXT_BOUND.search(check.test or "") for check in checks):
            return
        for compiled_check, check, test in zip(compiled.checks, checks, tests):
            compiled_check.together = self.language.compile_lxml_filter(
                NODES, test or check.test or "true()", keep_true=check.kind == "report")

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

    def _lxml_branch(self, branch: contexts.Branch, line: int | None) -> tuple:
        """What lxml evaluates for a branch: (its own predicates, to check candidates from
        the index one by one, or None; the whole branch from the root, or None when the
        index has the elements)."""
        if branch.exact:
            return None, None
        own = None
        if branch.own_predicates is not None:
            predicates = "".join(f"[{p}]" for p in branch.own_predicates)
            own = self._compile(f"self::node(){predicates}", True, line)
        source = branch.source
        if not source.startswith("/"):
            # One element step whose predicates do not count positions: /descendant:: finds the
            # same elements as //, in one walk; libxml2 answers //step[p] by merging a node-set
            # per parent, in time that grows with the square of the matches.
            single = branch.own_predicates is not None and branch.kind == "element"
            source = ("/descendant::" if single else "//") + source
        whole = self._compile(source, True, line)
        return own, whole

    def _guard(self, check: Check):
        """The parts of a test `a and b and ...` that lxml can run, joined; None if none.

        When one of them is false the whole test is false (XPath 2.0 lets `and` stop there,
        section 3.6), and elementpath need not see the node, nor the document be read into
        its tree. TEI's tests often start with such a part (`(self::x:classRef | ...) and`, x bound to TEI).
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

    def _check(self, check: Check, lxml: bool, written: str | None = None) -> CompiledCheck:
        extras = []
        for kind, ids, table in (("diagnostic", check.diagnostics, self._model.diagnostics),
                                 ("property", check.properties, self._model.properties)):
            for ref in ids:
                if ref not in table:
                    raise BadInput(f"{check.kind} refers to {kind} {ref!r}, which the schema "
                                   "does not define", file=self.name, line=check.line)
                extras.append((ref if kind == "property" else None,
                               self._message(table[ref], lxml, check, check.params)))
        test = self.language.compile_lxml(written, checked=True) if written is not None \
            else self._compile(check.test or "true()", lxml, check.line)
        return CompiledCheck(check.kind, test,
                      check.rule_id, WARNING if check.warning else ERROR,
                      self._message(check.message, lxml, check, {}), extras)

    def _message(self, message: Message, lxml: bool, check: Check, params: dict) -> list:
        # A message of an XPath 2.0 or 3.1 rule that lxml runs is computed on lxml when its
        # expression is a single string or number (structural.kind_of); else on elementpath,
        # for the nodes that fail only, whose tree is then made.
        translate = lxml and self.language.version != "1.0"
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
            written = self._translate(source, {}, single=True) if translate else None
            try:
                parts.append(self.language.compile_lxml(written[1], checked=True) if written
                             else self._compile(source, lxml and not translate, check.line))
            except Unsupported as exc:
                self._skip(check.rule_id, check.line, f"its message shows {{{expr}}} as "
                           f"written: the expression {exc}")
                parts.append("{" + expr + "}")
        return parts

    def _let(self, let: Let, lxml: bool, written: str | None = None):
        if written is not None:
            return self.language.compile_lxml(written, checked=True)
        if let.value is not None:
            return self._compile(let.value, lxml, let.line)
        return Literal(let.content, let.sequence)

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

    def _run(self, doc: Document) -> Run:
        run = Run(self, doc)
        self.language.invariants = {}
        with functions.indexed(doc.tree, doc.derived):
            try:
                run.bind_globals()
            except errors() as exc:
                run.issues.append(run.issue(None, "a global variable could not be evaluated: "
                                            f"{describe(exc)}", "schematron-variable", ERROR))
                return run
            for rules in self.patterns:
                taken: set = set()
                for rule in rules:
                    run.apply(rule, taken)
        self.language.tree = None
        return run
