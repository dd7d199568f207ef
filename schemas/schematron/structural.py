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


# ---------------------------------------------------------------------- translation
# Some XPath 2.0 tests say in their own words what XPath 1.0 says in others: TEI checks
# `string-length(normalize-space(.)) gt 0` on every element with @calendar, and
# `namespace-uri(.) = ('a', 'b')` inside <content>. xpath1() writes such a test in XPath 1.0
# when both mean the same on every document, so that lxml runs it. What it accepts, beyond
# what fits() accepts:
# - a value comparison (eq, ne, lt, ...) of two single strings (eq, ne: = and !=) or of two
#   numbers (every one). A single string is a string literal, a variable bound to one, or one
#   of the string functions below; a single node is `.`, `..`, `current()`, one named
#   attribute or one step ending in a position (`*[1]`). XPath 2.0 raises an error on a sequence of two or more where XPath 1.0 takes the
#   first node: sequences are never accepted where a single item is meant;
# - the string functions name, local-name, namespace-uri, generate-id (of a single node or of
#   the context), string, normalize-space, string-length, concat, contains, starts-with,
#   substring-before and substring-after, of single items: both versions read an absent node
#   as the empty string;
# - `=` or `!=` between a path or single string and a parenthesised list of string literals:
#   both versions compare each pair and are true when one pair is;
# - exists(path) and empty(path).
_NODE_STRING = {"name", "local-name", "namespace-uri", "generate-id"}
_STRING_STRING = {"normalize-space", "string"}
_STRINGS_BOOLEAN = {"contains": 2, "starts-with": 2}
_STRINGS_STRING = {"substring-before": 2, "substring-after": 2}
_VALUE = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
STRING, NUMBER = "string", "number"


def xpath1(token, variables: dict[str, str] | None = None) -> str | None:
    """XPath 1.0 that means what `token` (XPath 2.0 or 3.1) means as a test, or None.

    `variables`: the kind (STRING or NUMBER) of each variable bound to a single value."""
    return _test(token, variables or {})


def kind_of(token, variables: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(STRING or NUMBER, XPath 1.0) for an expression that gives a single string or number
    (what a variable may hold and still be read by lxml), else None."""
    variables = variables or {}
    for kind, write in ((STRING, _string), (NUMBER, _number)):
        source = write(token, variables)
        if source is not None:
            return kind, source
    return None


def _test(token, variables: dict) -> str | None:
    symbol = token.symbol
    if symbol == "(" and len(token) == 1:
        inner = _test(token[0], variables)
        return None if inner is None else f"({inner})"
    if symbol in _BOOLEANS and len(token) == 2:
        left, right = _test(token[0], variables), _test(token[1], variables)
        return None if left is None or right is None else f"({left} {symbol} {right})"
    if token.label == "function":
        return _function_test(token, variables)
    if symbol in _VALUE and len(token) == 2:
        return _value_comparison(token, variables)
    if symbol in _RELATIONS and len(token) == 2:
        return _general_comparison(token, variables)
    return _path_source(token, variables)


def _function_test(token, variables: dict) -> str | None:
    symbol, arity = token.symbol, len(token)
    if symbol in ("true", "false") and arity == 0:
        return f"{symbol}()"
    if symbol in ("not", "boolean") and arity == 1:
        inner = _test(token[0], variables)
        return None if inner is None else f"{symbol}({inner})"
    if symbol in ("exists", "empty") and arity == 1:
        path = _path_source(token[0], variables)
        return None if path is None else ("boolean" if symbol == "exists" else "not") + \
            f"({path})"
    if symbol in _STRINGS_BOOLEAN and arity == _STRINGS_BOOLEAN[symbol]:
        return _call(symbol, [_string(t, variables) for t in token])
    return None


def _value_comparison(token, variables: dict) -> str | None:
    operator = _VALUE[token.symbol]
    if operator in ("=", "!="):
        left, right = _string(token[0], variables), _string(token[1], variables)
        if left is not None and right is not None:
            return f"{left} {operator} {right}"
    left, right = _number(token[0], variables), _number(token[1], variables)
    if left is not None and right is not None:
        return f"{left} {operator} {right}"
    return None


def _general_comparison(token, variables: dict) -> str | None:
    if fits(token):
        return _fitting(token, variables)
    if token.symbol not in _EQUALITY:
        left, right = _number(token[0], variables), _number(token[1], variables)
        return None if left is None or right is None else f"{left} {token.symbol} {right}"
    for one, other in ((token[0], token[1]), (token[1], token[0])):
        literals = _literals(other)
        if literals is None:
            continue
        single = _path_source(one, variables) or _string(one, variables)
        if single is None:
            return None
        return "(" + " or ".join(f"{single} {token.symbol} {lit}" for lit in literals) + ")"
    left, right = _string(token[0], variables), _string(token[1], variables)
    return None if left is None or right is None else f"{left} {token.symbol} {right}"


# The longest list of literals written out as `or`s: libxml2 nests them, and refuses a few
# thousand (its recursion limit) where elementpath compares the list as it is.
_MOST_LITERALS = 64


def _literals(token) -> list[str] | None:
    """A parenthesised list of two to _MOST_LITERALS string literals, as XPath 1.0 literals."""
    if token.symbol != "(" or len(token) != 1 or token[0].symbol != ",":
        return None
    items, token = [], token[0]
    while token.symbol == ",":   # a list is parsed as ((a, b), c): read it from its end
        items.append(token[1])
        token = token[0]
    items.append(token)
    items.reverse()
    if len(items) > _MOST_LITERALS:
        return None
    written = [_literal(t) for t in items]
    return None if any(w is None for w in written) else written


def _string(token, variables: dict) -> str | None:
    """XPath 1.0 for a single string (or an absent node, read as the empty string)."""
    symbol = token.symbol
    if symbol == "(string)":
        return _literal(token)
    if symbol == "$" and variables.get(token[0].value) == STRING:
        return f"${token[0].value}"
    if symbol == "(" and len(token) == 1:
        return _string(token[0], variables)
    single = _single_node(token)
    if single is not None:
        return single
    if token.label != "function":
        return None
    if symbol in _NODE_STRING and len(token) <= 1:
        node = _single_node(token[0]) if len(token) else ""
        return None if node is None else f"{symbol}({node})"
    if symbol in _STRING_STRING and len(token) <= 1:
        return _call(symbol, [_string(t, variables) for t in token])
    if symbol in _STRINGS_STRING and len(token) == _STRINGS_STRING[symbol]:
        return _call(symbol, [_string(t, variables) for t in token])
    if symbol == "concat" and len(token) >= 2:
        return _call(symbol, [_string(t, variables) for t in token])
    return None


def _number(token, variables: dict) -> str | None:
    """XPath 1.0 for a single integer: a literal, a count of nodes or a string's length."""
    symbol = token.symbol
    if symbol == "(integer)":
        return str(token.value)
    if symbol == "$" and variables.get(token[0].value) == NUMBER:
        return f"${token[0].value}"
    if symbol == "(" and len(token) == 1:
        return _number(token[0], variables)
    if token.label != "function":
        return None
    if symbol == "string-length" and len(token) <= 1:
        return _call(symbol, [_string(t, variables) for t in token])
    if symbol == "count" and len(token) == 1:
        path = _path_source(token[0], variables)
        return None if path is None else f"count({path})"
    return None


def _single_node(token) -> str | None:
    """XPath 1.0 for an expression that gives one node at most, else None."""
    if token.symbol in (".", "..") and len(token) == 0:
        return token.symbol
    if token.symbol == "current" and token.label == "function" and len(token) == 0:
        return "current()"
    if token.symbol == "@" and len(token) == 1 and token[0].symbol in ("(name)", ":"):
        name = _name(token[0])
        return None if name is None or "*" in name else f"@{name}"
    if token.symbol == "[" and len(token) == 2 and token[1].symbol == "(integer)":
        # One step from the context node with a position last: `*[1]`, `tei:p[2]`.
        step = token[0]
        while step.symbol == "[" and len(step) == 2:
            step = step[0]
        if step.symbol in ("(name)", ":", "*") or step.symbol in _AXES and step.label == "axis":
            return _path_source(token, {})
    return None


def _call(name: str, arguments: list) -> str | None:
    if any(a is None for a in arguments):
        return None
    return f"{name}({', '.join(arguments)})"


def _literal(token) -> str | None:
    value = token.value
    if "'" not in value:
        return f"'{value}'"
    return f'"{value}"' if '"' not in value else None


def _fitting(token, variables: dict) -> str | None:
    """A part that fits() accepts, written out again (its predicates may need translation)."""
    if token.symbol in _RELATIONS and len(token) == 2:
        if _count(token[0]) or _count(token[1]):
            left, right = _number(token[0], variables), _number(token[1], variables)
        else:
            left = _path_source(token[0], variables) or _string(token[0], variables)
            right = _path_source(token[1], variables) or _string(token[1], variables)
        return None if left is None or right is None else f"{left} {token.symbol} {right}"
    return _test(token, variables)


def _path_source(token, variables: dict) -> str | None:
    """XPath 1.0 for a location path (or a union of them) whose predicates translate."""
    symbol = token.symbol
    if symbol == "(" and len(token) == 1:
        inner = _path_source(token[0], variables)
        return None if inner is None else f"({inner})"
    if symbol in ("|", "union") and len(token) == 2:
        left, right = _path_source(token[0], variables), _path_source(token[1], variables)
        return None if left is None or right is None else f"{left} | {right}"
    if symbol in ("/", "//"):
        if len(token) == 0:
            return symbol if symbol == "/" else None
        parts = [_path_source(t, variables) for t in token]
        if any(p is None for p in parts):
            return None
        return symbol + parts[0] if len(parts) == 1 else f"{parts[0]}{symbol}{parts[1]}"
    if symbol == "[" and len(token) == 2:
        step = _path_source(token[0], variables)
        predicate = token[1]
        inside = str(predicate.value) if predicate.symbol == "(integer)" \
            else _test(predicate, variables)
        return None if step is None or inside is None else f"{step}[{inside}]"
    if symbol in (":", "(name)"):
        return _name(token)
    if symbol == "*" and len(token) == 0:
        return "*"
    if symbol in (".", "..") and len(token) == 0:
        return symbol
    if symbol == "current" and token.label == "function" and len(token) == 0:
        return "current()"
    if symbol in _AXES and token.label == "axis" and len(token) == 1:
        step = _path_source(token[0], variables)
        return None if step is None else f"{symbol}::{step}"
    if symbol in _KIND_TESTS and token.label == "kind test" and len(token) == 0:
        return f"{symbol}()"
    if symbol == "@" and len(token) == 1:
        name = _path_source(token[0], variables)
        return None if name is None else f"@{name}"
    return None


def _name(token) -> str | None:
    """A name test: name, prefix:name or prefix:* (XPath 1.0 has no *:name)."""
    if token.symbol == "(name)":
        return token.value
    if token.symbol == ":" and len(token) == 2 and token[0].symbol == "(name)" \
            and token[1].symbol in ("(name)", "*"):
        return f"{token[0].value}:{token[1].value if token[1].symbol == '(name)' else '*'}"
    return None
