"""The query language of a schema: XPath 1.0, 2.0 or 3.1, with exactly the functions its binding allows."""
from __future__ import annotations

# elementpath parses every expression of a schema, whatever engine later runs it: its parser
# for the binding's XPath version knows that version's functions and no others, so a call to
# anything else (EXSLT's re:test, a function of a later XPath, XSLT's key()) is found before
# anything runs, and the rule is reported as not run. To that library the XSLT binding adds
# current() and generate-id() (XSLT's own, which Schematron rules use), and any schema may
# call apostilla's functions (functions.py) under a prefix it maps to their namespace.
#
# XPath 2.0 and 3.1 run on elementpath. XPath 1.0 runs on lxml (libxml2, in C) wherever the
# context node is an element, which lxml requires; rules about the document node, attributes
# or text run on elementpath's XPath 1.0. lxml adds EXSLT functions to every XPath it
# compiles: the parse above is what keeps them out.
import re
from datetime import datetime, timezone

# elementpath is imported when first needed (a parse, an evaluation, a node of its tree): a
# schema read from the cache (stored.py) whose rules find nothing for elementpath in a document
# never imports it, which is a fifth of a cold run.
import sys
from importlib import import_module

from lxml import etree

from .. import functions
from . import optimize

# Each binding's parser: (module, class).
_PARSERS = {"1.0": ("elementpath", "XPath1Parser"), "2.0": ("elementpath", "XPath2Parser"),
            "3.1": ("elementpath.xpath31", "XPath31Parser")}
_BASE_ERRORS = (etree.XPathError, ValueError, TypeError, ArithmeticError, LookupError,
                OverflowError)


def errors() -> tuple:
    """What an expression may raise while it is evaluated: XPath's dynamic errors, and Python's
    from the functions behind them (a cast, a date out of range). elementpath's own are among
    them once it is imported; before, nothing can raise them."""
    elementpath = sys.modules.get("elementpath")
    return _BASE_ERRORS if elementpath is None else (elementpath.ElementPathError, *_BASE_ERRORS)


def nodes() -> tuple:
    """elementpath's node classes (AttributeNode, DocumentNode, ElementNode, XPathNode). Asked
    for after a check for lxml's elements: only a run that made elementpath's tree has them."""
    from elementpath.xpath_nodes import AttributeNode, DocumentNode, ElementNode, XPathNode

    return AttributeNode, DocumentNode, ElementNode, XPathNode


_UNKNOWN_FUNCTION = re.compile(r"unknown function '([^']+)'")
_XSLT_FUNCTIONS = {"key", "document", "format-number", "format-date", "format-time",
                   "format-dateTime", "system-property", "element-available",
                   "function-available", "type-available", "unparsed-entity-uri",
                   "unparsed-entity-public-id", "regex-group", "unparsed-text",
                   "unparsed-text-available", "accumulator-before", "accumulator-after",
                   "current-group", "current-grouping-key", "current-merge-group",
                   "current-merge-key", "current-output-uri", "copy-of", "snapshot",
                   "stream-available", "available-system-properties"}


class Unsupported(Exception):
    """An expression that calls a function outside the binding's library: its rule is not run."""


class Invalid(Exception):
    """An expression that is not one of the binding's XPath: the schema is refused."""


class Language:
    """Compiles a schema's expressions for one XPath version and its namespaces."""

    def __init__(self, version: str, namespaces: dict[str, str], xslt_functions: set,
                 now: datetime | None = None) -> None:
        self.version = version
        self.namespaces = {p: u for p, u in namespaces.items() if p}
        self.xslt_functions = xslt_functions
        self.now = now or _now()
        self.current: list = [None]  # current(): the node the rule is checking
        self.tree = None  # elementpath's tree of the document being checked (apo functions)
        self.invariants: dict = {}  # per document: see optimize.py
        self._parser = None
        self._parsed: dict = {}  # expression -> its token, or the exception it raised
        self._add_functions()

    @property
    def parser(self):
        """elementpath's parser for the binding's XPath (imported and made when first used)."""
        if self._parser is None:
            self._parser = _parser(self)
        return self._parser

    # ------------------------------------------------------------------ compiling
    def parse(self, expr: str):
        """elementpath's parse of `expr`, to read and not to change (it is kept: a schema's
        expressions are read several times while it is compiled, and repeat each other, as
        TEI's 60 calendar checks do); raises Unsupported or Invalid."""
        found = self._parsed.get(expr)
        if found is None:
            try:
                found = self._parsed[expr] = self._parse_new(expr)
            except (Unsupported, Invalid) as exc:
                found = self._parsed[expr] = exc
        if isinstance(found, Exception):
            raise type(found)(*found.args) from None
        return found

    def _parse_new(self, expr: str):
        from elementpath import ElementPathError

        try:
            return self.parser.parse(expr)
        except ElementPathError as exc:
            raise self._explain(expr, exc) from None

    def compile(self, expr: str) -> PathExpr:
        """`expr` to run on elementpath (read now, made ready when first run)."""
        self.parse(expr)
        return PathExpr(self, expr)

    def ready(self, expr: str):
        """The token elementpath evaluates for `expr`: its own parse, which optimize.prepare
        rewrites."""
        token = self._parse_new(expr)
        optimize.prepare(token, self)
        return token

    def compile_lxml(self, expr: str, checked: bool = False) -> LxmlExpr:
        """`expr` (XPath 1.0) to run on lxml, after the same check of its functions (unless
        `checked`: a translation of an expression parsed already)."""
        if not checked:
            self.parse(expr)
        try:
            return self.lxml_expr(expr, expr)
        except etree.XPathSyntaxError as exc:
            raise Invalid(f"not XPath 1.0 ({exc}): {_short(expr)}") from None

    def lxml_expr(self, path: str, source: str) -> LxmlExpr:
        """`path` compiled by lxml with the schema's namespaces and functions, shown as `source`."""
        return LxmlExpr(self, etree.XPath(path, namespaces=self.namespaces, regexp=False,
                                          smart_strings=False, extensions=self._lxml_extensions),
                        source)

    def compile_lxml_filter(self, variable: str, test: str, keep_true: bool) -> LxmlExpr:
        """`$variable[test]` (or `[not(test)]`) on lxml: the nodes of a node-set for which an
        XPath 1.0 test, compiled already with compile_lxml, is true (or false)."""
        predicate = f"boolean(({test}))" if keep_true else f"not(({test}))"
        return self.lxml_expr(f"${variable}[{predicate}]", test)

    def _explain(self, expr: str, exc: Exception) -> Exception:
        found = _UNKNOWN_FUNCTION.search(str(exc))
        if found is None:
            return Invalid(f"not valid XPath {self.version}: {_short(expr)} ({exc.message})")
        name = found.group(1)
        if ":" not in name:  # XPath 1.0's parser names the function without its prefix
            prefixed = re.search(r"([A-Za-z_][\w.-]*):%s\s*\(" % re.escape(name), expr)
            name = f"{prefixed.group(1)}:{name}" if prefixed else name
        prefix, _, local_name = name.rpartition(":")
        namespace = self.namespaces.get(prefix, "")
        if f"{{{namespace}}}{local_name}" in self.xslt_functions:
            return Unsupported(f"calls {name}(), a function written in XSLT (xsl:function), "
                               "which apostilla does not run")
        if not prefix and local_name in _XSLT_FUNCTIONS:
            return Unsupported(f"calls {name}(), which needs XSLT itself; apostilla runs "
                               "the XPath of the rules only")
        if prefix:
            return Unsupported(f"calls {name}() (namespace {namespace or 'undeclared'}), "
                               f"which is not in XPath {self.version}'s library: extension "
                               "functions are not run")
        return Unsupported(f"calls {name}(), which is not in XPath {self.version}"
                           + (" (needs XPath 2.0 or XSLT)" if self.version == "1.0" else ""))

    # ------------------------------------------------------------------ added functions
    def _add_functions(self) -> None:
        self._lxml_extensions = {
            (None, "current"): lambda _ctx: _lxml_value(self.current[0]),
            (None, "generate-id"): lambda ctx, nodes=None: node_id(
                self, nodes[0] if nodes else ctx.context_node) if nodes != [] else ""}


# elementpath's parsers for schemas: each version's own parser with current(), generate-id()
# (before XPath 3.0) and apostilla's functions added, made once (elementpath allows one parser
# class per module, so they are made here rather than written as classes).
_CLASSES: dict[str, type] = {}


def _parser(language: Language):
    from elementpath.collations import UNICODE_CODEPOINT_COLLATION as CODEPOINTS

    cls = _CLASSES.get(language.version)
    if cls is None:
        module, name = _PARSERS[language.version]
        base = getattr(import_module(module), name)
        cls = type(base)(f"Schematron{base.__name__}", (base,), {"__module__": __name__})
        _function(cls, "current", 0, _current)
        if language.version != "3.1":  # XPath 3.0 has generate-id() itself
            _function(cls, "generate-id", (0, 1), _generate_id)
        for name, call in functions.PATH_FUNCTIONS.items():
            _function(cls, name, 1, _apostilla_function(call), functions.FUNCTIONS_NS)
        _CLASSES[language.version] = cls
    # XPath's default collation is Unicode code points; elementpath would otherwise take the
    # process's locale, and answer differently on another machine.
    options = {} if language.version == "1.0" else {"default_collation": CODEPOINTS}
    parser = cls(namespaces=language.namespaces, **options)
    parser.apostilla = language
    return parser


def _function(cls, name: str, nargs, evaluate, namespace: str | None = None) -> None:
    """Adds a function the way elementpath's own are declared (Parser.function)."""
    from elementpath.namespaces import XPATH_FUNCTIONS_NAMESPACE
    from elementpath.xpath_tokens import XPathFunction

    kwargs = {"bases": (XPathFunction,), "label": "function", "nargs": nargs, "lbp": 90,
              "rbp": 90, "evaluate": evaluate, "namespace": XPATH_FUNCTIONS_NAMESPACE}
    if namespace:
        kwargs.update(namespace=namespace, lookup_name=f"{{{namespace}}}{name}",
                      class_name="_Apostilla" + name.title().replace("-", "") + "Function")
        # The name now stands for a function or an element (TEI's <line> is one): a proxy
        # decides which when it is read. elementpath's proxy forgets the prefix's namespace
        # when it turns out to be a name; this one keeps it.
        cls.proxy(name, label="function", bp=90).nud = _proxy_nud
    cls.register(name, **kwargs)


def _proxy_nud(token):
    from elementpath.xpath_tokens import ProxyToken

    if token.parser.next_token.symbol in ("(", "#"):
        return ProxyToken.nud(token)
    name = token.as_name()
    if "name" in token.__dict__:  # bound to a prefix's namespace
        name.namespace, name.name = token.namespace, token.name
    return name


def _current(token, context=None):
    return token.parser.apostilla.current[0]


def _generate_id(token, context=None):
    item = token.get_argument(context, default_to_context=True)
    return "" if item is None else node_id(token.parser.apostilla, item)


def _apostilla_function(call):
    def evaluate(token, context=None):
        result = call(token[0].evaluate(context))
        if isinstance(result, list):  # elements of the document, as elementpath's nodes
            tree = token.parser.apostilla.tree
            nodes = tree.elements if tree is not None else {}
            return [nodes[e] for e in result if e in nodes]
        return result
    return evaluate


class PathExpr:
    """An expression run by elementpath on its tree of an lxml document.

    Made ready when first run: most of a schema's never are on a given document (messages of
    checks that pass, rules about elements it does not have), and a one-file run is spared
    their second parse."""

    def __init__(self, language: Language, source: str) -> None:
        self.language, self.source = language, source
        self._token = None

    @property
    def token(self):
        if self._token is None:
            self._token = self.language.ready(self.source)
        return self._token

    def value(self, item, root, variables: dict):
        from elementpath import XPathContext

        context = XPathContext(root=root, item=item, current_dt=self.language.now)
        context.variables = variables  # values of elementpath already (and maybe lazy)
        return self.token.evaluate(context)

    def boolean(self, item, root, variables: dict) -> bool:
        return self.token.boolean_value(self.value(item, root, variables))

    def string(self, item, root, variables: dict) -> str:
        """What value-of prints: every item's string joined by spaces (XSLT 1.0: the first)."""
        result = self.value(item, root, variables)
        items = result if isinstance(result, list) else [result]
        if self.language.version == "1.0":
            items = items[:1]
        return " ".join(self.token.string_value(i) for i in items if i is not None)


class LxmlExpr:
    """An XPath 1.0 expression run by lxml with an element as the context node."""

    def __init__(self, language: Language, xpath: etree.XPath, source: str) -> None:
        self.language, self.xpath, self.source = language, xpath, source

    def value(self, item, root, variables: dict):
        return self.xpath(item, **variables)

    def boolean(self, item, root, variables: dict) -> bool:
        result = self.value(item, root, variables)
        if isinstance(result, list):
            return bool(result)
        if isinstance(result, float) and result != result:
            return False
        return bool(result)

    def string(self, item, root, variables: dict) -> str:
        return lxml_string(self.value(item, root, variables))


def lxml_string(result) -> str:
    """XPath 1.0's string() of an lxml result: a node-set gives its first node's text."""
    if isinstance(result, list):
        if not result:
            return ""
        first = result[0]
        if isinstance(first, etree._Element):
            return "".join(first.itertext()) if isinstance(first.tag, str) else (first.text or "")
        return str(first)
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        if result != result:
            return "NaN"
        if result.is_integer():
            return str(int(result))
    return str(result)


def node_id(language: Language, item) -> str:
    """generate-id(): the same for a node whichever engine asks, different for two nodes
    (numbered in the order asked, per document: see Language.invariants)."""
    if not isinstance(item, etree._Element):
        item = _path_node_id(item)
    ids = language.invariants.setdefault("generate-id", {})
    return f"d{ids.setdefault(item, len(ids))}"


def _path_node_id(item):
    """What identifies one of elementpath's nodes across the two engines."""
    if "elementpath" not in sys.modules:
        raise TypeError("generate-id() needs a node")
    AttributeNode, _, ElementNode, XPathNode = nodes()
    if isinstance(item, ElementNode):
        return item.value
    if isinstance(item, AttributeNode) and isinstance(item.parent, ElementNode):
        return (item.parent.value, item.name)
    if isinstance(item, XPathNode):
        return id(item)
    raise TypeError("generate-id() needs a node")


def _lxml_value(item):
    if isinstance(item, etree._Element):
        return [item]
    if "elementpath" in sys.modules:
        _, _, ElementNode, XPathNode = nodes()
        if isinstance(item, ElementNode):
            return [item.value]
        if isinstance(item, XPathNode):
            return item.string_value
    return item


def _now() -> datetime:
    """current-dateTime() for a run: SOURCE_DATE_EPOCH when set (reproducible runs), else now."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def _short(expr: str) -> str:
    expr = " ".join(expr.split())
    return expr if len(expr) <= 80 else expr[:77] + "..."
