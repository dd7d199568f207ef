"""Evaluates once per document what a rule's expressions compute the same way for every node."""
from __future__ import annotations

# elementpath evaluates an expression as written, so a test such as TEI's
# `... or //t:moduleSpec[@ident = current()/@module]` walks the whole document again for
# every node the rule checks: quadratic in the document's size. XSLT processors move such
# work out of the loop; this does the same for the two shapes that matter:
# - an absolute path that uses no variable and no current() gives the same nodes for every
#   node checked: it is evaluated once per document and kept;
# - `//step[predicate]...` whose predicates are not positional (a comparison, a path, a
#   boolean function: never a number, never position() or last()) is the kept `//step`,
#   filtered by the predicates at each node checked.
# Both are exact rewrites of XPath's own semantics; the second opinion test in
# tests/schemas compares the results with Saxon's on every tei_all constraint.
from copy import copy

_VARYING = {"$", "current"}
_POSITIONAL = {"position", "last"}
_BOOLEAN = {"=", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt", "gt", "le", "ge", "is", "<<",
            ">>", "and", "or", "not", "true", "false", "boolean", "exists", "empty",
            "contains", "starts-with", "ends-with", "matches", "lang", "some", "every"}
_PATHS = {"@", "(name)", ":", "*", "/", "//", "..", ".", "child", "descendant", "attribute",
          "self", "parent", "ancestor", "ancestor-or-self", "descendant-or-self",
          "following", "following-sibling", "preceding", "preceding-sibling", "namespace",
          "|", "union", "intersect", "except", "text", "node", "comment",
          "processing-instruction", "element"}


def prepare(token, language) -> None:
    """Rewrites, in place, the parts of `token`'s tree that need not be evaluated per node."""
    if _absolute(token) and _invariant(token):
        _keep(token, language)
        return
    if token.symbol == "/" and len(token) == 2 and token[1].symbol == "@" \
            and _filterable(token[0]):
        # `//step[p]/@a`: only elements with @a can give a result, so they alone are kept
        # and filtered (p is not positional: the order of the predicates does not matter).
        step, predicates = unwrap(token[0][0])
        _filter(token[0], f"//{step.source}[{token[1].source}]", predicates, language)
        return
    if _filterable(token):
        step, predicates = unwrap(token[0])
        _filter(token, f"//{step.source}", predicates, language)
        return
    for child in token:
        prepare(child, language)


def unwrap(token) -> tuple:
    """A step without its predicates, and the predicates in order."""
    predicates = []
    while token.symbol == "[":
        predicates.insert(0, token[1])
        token = token[0]
    return token, predicates


def non_positional(predicate) -> bool:
    """Whether a predicate keeps or drops a node by itself, whatever its position."""
    if any(t.symbol in _POSITIONAL for t in _tokens(predicate)):
        return False
    symbol = predicate.symbol
    if symbol == "(" and len(predicate) == 1:
        return non_positional(predicate[0])
    return symbol in _BOOLEAN or symbol in _PATHS or symbol == "(string)"


def _filterable(token) -> bool:
    """`//step[p]...` with a step that does not vary and predicates that are not positional."""
    if token.symbol != "//" or len(token) != 1 or token[0].symbol != "[":
        return False
    step, predicates = unwrap(token[0])
    return _invariant(step) and all(non_positional(p) for p in predicates)


def _absolute(token) -> bool:
    if token.symbol in ("/", "//"):
        return len(token) == 1 or (len(token) == 2 and _absolute(token[0]))
    return False


def _invariant(token) -> bool:
    return not any(t.symbol in _VARYING for t in _tokens(token))


def _tokens(token):
    yield token
    for child in token:
        yield from _tokens(child)


def _keep(token, language) -> None:
    select = token.select
    key = id(token)

    def kept(context=None):
        found = language.invariants.get(key)
        if found is None:
            found = language.invariants[key] = list(select(copy(context)))
        return iter(found)

    token.select = kept
    token.evaluate = lambda context=None: list(kept(context))


def _filter(token, base_source: str, predicates: list, language) -> None:
    """`token` becomes the kept nodes of `base_source`, filtered by `predicates` at each."""
    base = language.parser.parse(base_source)
    _keep(base, language)
    for predicate in predicates:
        prepare(predicate, language)

    def select(context=None):
        for node in base.select(context):
            inner = copy(context)
            inner.item, inner.position, inner.size = node, 1, 1
            if all(p.boolean_value(p.evaluate(inner)) for p in predicates):
                yield node

    token.select = select
    token.evaluate = lambda context=None: list(select(context))
