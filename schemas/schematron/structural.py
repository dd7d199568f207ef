"""Which XPath 2.0 and 3.1 expressions mean exactly what they mean in XPath 1.0, so lxml can run them."""
from __future__ import annotations

# Most of TEI's constraints only ask whether nodes exist: `(ancestor::t:l or
# ancestor::t:lg) and not(ancestor::t:floatingText | parent::t:figure)`. XPath 2.0
# defines these exactly as XPath 1.0 does (a sequence of nodes is true when it is not empty;
# paths, axes, name tests, unions and positional predicates are the same), and lxml runs them
# in C, some twenty times faster than elementpath in Python. An expression qualifies only when
# every part of it is one of:
# - a path: any axis, name and kind tests, `.`, `..`, `/`, `//`, with qualifying predicates
#   or an integer (a position);
# - a union `|`; `and`, `or`, `not()`, `true()`, `false()`, `boolean()`, `current()`;
# - `=` or `!=` between two paths, or a path and a string (both compare strings, existentially);
# - `count(path)` compared with an integer.
# Anything else (a number compared with a node, a string function, a variable, a value
# comparison such as `eq`) runs on elementpath, where XPath 2.0's answer may differ (an error
# where XPath 1.0 gives false or NaN, a sequence where it takes the first node).

_AXES = {"child", "descendant", "attribute", "self", "descendant-or-self", "following",
         "following-sibling", "parent", "ancestor", "ancestor-or-self", "preceding",
         "preceding-sibling"}
_KIND_TESTS = {"node", "text", "comment", "processing-instruction"}
_STEPS = {"(name)", "*", ".", "..", "@"} | _AXES | _KIND_TESTS
_BOOLEANS = {"and", "or"}
_FUNCTIONS = {"not": 1, "boolean": 1, "true": 0, "false": 0}
_EQUALITY = {"=", "!="}
_RELATIONS = {"=", "!=", "<", "<=", ">", ">="}


def fits(token) -> bool:
    """Whether lxml's XPath 1.0 gives the same answer as XPath 2.0 or 3.1 for `token`."""
    symbol = token.symbol
    if symbol == "(" and len(token) == 1:
        return fits(token[0])
    if symbol in _BOOLEANS:
        return fits(token[0]) and fits(token[1])
    if symbol in _FUNCTIONS and token.label == "function":
        return len(token) == _FUNCTIONS[symbol] and all(fits(t) for t in token)
    if symbol in _RELATIONS and len(token) == 2:
        return _comparison(token[0], token[1], symbol)
    return _path(token)


def _comparison(left, right, symbol: str) -> bool:
    if _count(left) and right.symbol == "(integer)" or \
            _count(right) and left.symbol == "(integer)":
        return True
    if symbol not in _EQUALITY:
        return False
    if _path(left) and _path(right):
        return True
    return (_path(left) and right.symbol == "(string)") or \
        (_path(right) and left.symbol == "(string)")


def _count(token) -> bool:
    return token.symbol == "count" and token.label == "function" and len(token) == 1 \
        and _path(token[0])


def _path(token) -> bool:
    """A location path (or union of paths) made only of qualifying parts."""
    symbol = token.symbol
    if symbol == "(" and len(token) == 1:
        return _path(token[0])
    if symbol in ("|", "union"):
        return _path(token[0]) and _path(token[1])
    if symbol in ("/", "//"):
        return all(_path(t) for t in token)
    if symbol == "[":
        predicate = token[1]
        return _path(token[0]) and (predicate.symbol == "(integer)" or fits(predicate))
    if symbol == ":" and len(token) == 2:  # prefix:name, prefix:*, *:name
        return all(t.symbol in ("(name)", "*") for t in token)
    if symbol == "current" and token.label == "function":
        return len(token) == 0
    if symbol in _AXES:
        return len(token) == 1 and _path(token[0])
    if symbol in _KIND_TESTS:
        return token.label == "kind test" and len(token) == 0
    if symbol == "@":
        return len(token) == 1 and _path(token[0])
    return symbol in _STEPS and len(token) == 0
