"""Which nodes a rule's context matches, found without visiting every node of the document in Python."""
from __future__ import annotations

# A context is an XSLT match pattern: node N matches it when N is among the results of the
# pattern evaluated as an expression from one of N's ancestors (or from the document, for a
# pattern that starts with "/"). Evaluating `//pattern` from the top would walk the whole tree
# in Python for each rule; instead each branch of the pattern (a | b) is read once, with
# elementpath's parser, for what its last step can match: an element or attribute name and
# the attributes its predicates require. Only such nodes of the document (from one index)
# are candidates, and a candidate matches when the branch, evaluated from the ancestor as
# many steps up as the branch has steps (from every ancestor when it has a `//`), returns it.
# A branch of a single name test without predicates needs no evaluation at all. Anything
# the reading does not recognise is evaluated as written, from every node.
from dataclasses import dataclass, field

from lxml import etree

from .optimize import non_positional

_STEP_AXES = {"child", "attribute"}
_KIND_TESTS = {"text", "comment", "processing-instruction", "node", "element", "attribute",
               "document-node", "schema-element", "schema-attribute", "namespace-node"}


@dataclass
class Branch:
    """One alternative of a match pattern, as far as it could be read."""

    source: str
    kind: str  # "document", "element", "attribute" or "any" (evaluated from every node)
    element: tuple | None = None  # (namespace or None for any, local name or None for any)
    attribute: tuple | None = None
    # Attributes the element must have, ({ns}local, the value it must have or None).
    required: set = field(default_factory=set)
    distance: int | None = None  # steps from the anchor; None: any ancestor
    rooted: bool = False  # starts with "/": evaluated from the document
    exact: bool = False  # the candidates are the matches: no evaluation needed
    # A single step whose predicates are not positional: a candidate matches when they all
    # hold at the candidate itself (sources of the predicates), no ancestor needed.
    own_predicates: list | None = None
    # Tags ({ns}local) that some step names: a document without one of them has no match.
    names: frozenset = frozenset()


def read_pattern(token, namespaces: dict[str, str], parse) -> list[Branch]:
    """The branches of a parsed match pattern (elementpath's token tree).

    `(a | b)/c` is read as `a/c | b/c` (the same nodes), so that each branch has one name
    for its first step too; `parse` parses such a rewritten branch.
    """
    if token.symbol in ("|", "union"):
        return read_pattern(token[0], namespaces, parse) + \
            read_pattern(token[1], namespaces, parse)
    if token.symbol == "(" and len(token) == 1:
        return read_pattern(token[0], namespaces, parse)
    steps = _steps(token)
    if steps is not None and len(steps) > 1:
        first = steps[0][1]
        if first.symbol == "(" and len(first) == 1 and first[0].symbol in ("|", "union"):
            rest = "".join(sep + step.source for sep, step in steps[1:])
            return [b for alternative in _alternatives(first[0])
                    for b in read_pattern(parse(f"{alternative.source}{rest}"), namespaces,
                                          parse)]
    return [_branch(token, namespaces)]


def _alternatives(token) -> list:
    if token.symbol in ("|", "union"):
        return _alternatives(token[0]) + _alternatives(token[1])
    return [token]


def element_only(branches: list[Branch]) -> bool:
    """Whether every branch can only match elements (what lxml can start XPath from)."""
    return all(b.kind == "element" for b in branches)


def _branch(token, namespaces: dict) -> Branch:
    source = token.source
    if token.symbol == "/" and len(token) == 0:
        return Branch(source, "document", rooted=True, exact=True)
    rooted = False
    if token.symbol in ("/", "//") and len(token) == 1:
        rooted = token.symbol == "/"
        token = token[0]
    steps = _steps(token)
    if steps is None:
        return Branch(source, "any")
    last, predicates = _unwrap(steps[-1][1])
    distance = None if any(sep == "//" for sep, _ in steps[1:]) else 0
    for _, step in steps:
        d = _distance(step)
        distance = None if d is None or distance is None else distance + d
    if rooted and distance is None:
        return Branch(source, "any")
    required = set().union(*(_required(p, namespaces) for p in predicates)) if predicates \
        else set()
    single = len(steps) == 1 and not predicates and not rooted
    own = [p.source for p in predicates] if len(steps) == 1 and not rooted and predicates \
        and all(non_positional(p) for p in predicates) else None
    names = frozenset(_clark(n) for n in (_name_test(_unwrap(step)[0], namespaces, False)
                                          for _, step in steps)
                      if n is not None and None not in n)
    name = _name_test(last, namespaces, attribute=False)
    if name is not None:
        return Branch(source, "element", element=name, required=required, distance=distance,
                      rooted=rooted, exact=single, own_predicates=own, names=names)
    attribute = _name_test(last, namespaces, attribute=True)
    if attribute is not None:
        # The candidates are attributes of elements: those of the step before, if it is a
        # name test, having this attribute (when named) and those its predicates require.
        element, required = None, set()
        if attribute[0] is not None and attribute[1] is not None:
            required.add((_clark(attribute), None))
        if len(steps) > 1:
            before, before_predicates = _unwrap(steps[-2][1])
            element = _name_test(before, namespaces, attribute=False)
            for p in before_predicates if element is not None else ():
                required |= _required(p, namespaces)
        return Branch(source, "attribute", element=element, attribute=attribute,
                      required=required, distance=distance, rooted=rooted, exact=single,
                      own_predicates=own, names=names)
    return Branch(source, "any")


def _steps(token) -> list | None:
    """[(separator, step), ...] of a relative path; None for any other expression."""
    if token.symbol in ("/", "//") and len(token) == 2:
        left = _steps(token[0])
        return None if left is None else left + [(token.symbol, token[1])]
    return [("", token)]


def _unwrap(token) -> tuple:
    """A step without its predicates, and the predicates."""
    predicates = []
    while token.symbol == "[":
        predicates.insert(0, token[1])
        token = token[0]
    return token, predicates


def _distance(step) -> int | None:
    """How many levels down a step goes from its context (None: not a fixed number)."""
    base, _ = _unwrap(step)
    if base.symbol == "(" and len(base) == 1:
        inner = base[0]
        if inner.symbol in ("|", "union"):
            left, right = _distance(inner[0]), _distance(inner[1])
            return left if left == right else None
        steps = _steps(inner)
        if steps is None or any(sep == "//" for sep, _ in steps[1:]):
            return None
        total = 0
        for _, s in steps:
            d = _distance(s)
            if d is None:
                return None
            total += d
        return total
    if base.symbol in _STEP_AXES or base.symbol in ("(name)", ":", "*", "@") \
            or base.symbol in _KIND_TESTS:
        return 1
    return None


def _name_test(token, namespaces: dict, attribute: bool) -> tuple | None:
    """(namespace, local) of a name test on the element (or attribute) axis; None if not one.

    None inside the pair means any: `*` is (None, None), `x:*` is (the namespace of x, None).
    """
    if token.symbol in _STEP_AXES and len(token) == 1:
        if (token.symbol == "attribute") != attribute:
            return None
        token = token[0]
    elif token.symbol == "@" and len(token) == 1:
        if not attribute:
            return None
        token = token[0]
    elif attribute:
        return None
    if token.symbol == "(name)":
        # Unprefixed names are in no namespace, in patterns as in XPath 1.0 and 2.0.
        return ("", token.value)
    if token.symbol == "*" and len(token) == 0:
        return (None, None)
    if token.symbol == ":" and len(token) == 2:
        prefix, name = token[0], token[1]
        namespace = None if prefix.symbol == "*" else namespaces.get(prefix.value)
        if prefix.symbol != "*" and namespace is None:
            return None
        if name.symbol == "*":
            return (namespace, None)
        if name.symbol == "(name)":
            return (namespace, name.value)
    return None


def _required(predicate, namespaces: dict) -> set:
    """Attributes a predicate cannot be true without: ({ns}local, None), or ({ns}local,
    value) when the attribute must have that value (`@type = 'x'`, `@type eq 'x'`)."""
    if predicate.symbol == "and":
        return _required(predicate[0], namespaces) | _required(predicate[1], namespaces)
    if predicate.symbol == "(" and len(predicate) == 1:
        return _required(predicate[0], namespaces)
    if predicate.symbol in ("=", "eq") and len(predicate) == 2:
        for attribute, value in ((predicate[0], predicate[1]), (predicate[1], predicate[0])):
            name = _name_test(attribute, namespaces, attribute=True)
            if value.symbol == "(string)" and name is not None and None not in name:
                return {(_clark(name), value.value)}
        return set()
    name = _name_test(predicate, namespaces, attribute=True)
    if name is not None and name[1] is not None and name[0] is not None:
        return {(_clark(name), None)}
    return set()


def _clark(name: tuple) -> str:
    namespace, local_name = name
    return f"{{{namespace}}}{local_name}" if namespace else local_name


class Index:
    """Elements of a document by tag and by attribute name, made in one pass when first needed.

    One pass in Python costs less than one search in C per rule: tei_all has 152 patterns.
    """

    def __init__(self, tree: etree._ElementTree) -> None:
        self.by_tag: dict[str, list] = {}
        self.by_attribute: dict[str, list] = {}
        self.elements: list = []
        by_tag, by_attribute = self.by_tag, self.by_attribute
        for el in tree.iter(etree.Element):
            self.elements.append(el)
            found = by_tag.get(el.tag)
            if found is None:
                by_tag[el.tag] = [el]
            else:
                found.append(el)
            if el.attrib:
                for name in el.attrib:
                    found = by_attribute.get(name)
                    if found is None:
                        by_attribute[name] = [el]
                    else:
                        found.append(el)

    def elements_for(self, test: tuple | None, required: set) -> list:
        """Elements that pass a name test (None: any) and have the required attributes."""
        if required:
            ordered = sorted(required, key=lambda r: len(self.by_attribute.get(r[0], ())))
            found = [e for e in self.by_attribute.get(ordered[0][0], ())
                     if all(_has(e, name, value) for name, value in ordered)]
            return [e for e in found if _passes(e.tag, test)]
        if test is None or test == (None, None):
            return self.elements
        namespace, local_name = test
        if namespace is not None and local_name is not None:
            return self.by_tag.get(f"{{{namespace}}}{local_name}" if namespace else local_name,
                                   [])
        return [e for tag, found in self.by_tag.items() if _passes(tag, test) for e in found]


def _has(el: etree._Element, name: str, value: str | None) -> bool:
    found = el.get(name)
    return found is not None and (value is None or found == value)


def _passes(tag: str, test: tuple | None) -> bool:
    if test is None:
        return True
    namespace, local_name = test
    qname = etree.QName(tag)
    return ((namespace is None or (qname.namespace or "") == namespace)
            and (local_name is None or qname.localname == local_name))
