"""A Schematron schema after inclusion and expansion: what the engine runs, and nothing more."""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
S = "{%s}" % SCH_NS
OLD_NS = "http://www.ascc.net/xml/schematron"  # Schematron 1.5, before ISO
XSL_NS = "http://www.w3.org/1999/XSL/Transform"

# queryBinding (lower case) -> the XPath version its expressions are written in.
BINDINGS = {"": "1.0", "xslt": "1.0", "xpath": "1.0",
            "xslt2": "2.0", "xpath2": "2.0",
            "xslt3": "3.1", "xpath3": "3.1", "xpath31": "3.1"}

_WARNING_ROLES = {"warning", "warn", "info", "information", "nonfatal", "caution"}


@dataclass
class Let:
    """A variable: an expression (`value`), or literal nodes given as the let's content."""

    name: str
    value: str | None
    content: list[etree._Element] = field(default_factory=list)
    sequence: bool = False  # content given with @as: a sequence of nodes, else one document
    line: int | None = None


@dataclass
class Message:
    """Text with computed parts: strings, ("value-of", expr) and ("name", expr) in order."""

    parts: list = field(default_factory=list)
    xslt: bool = False  # held XSLT instructions, which are not run (left out of the text)


@dataclass
class Check:
    """An assert (fails when its test is false) or a report (fires when it is true)."""

    kind: str
    test: str
    rule_id: str
    warning: bool
    message: Message
    diagnostics: list[str]
    properties: list[str]
    line: int | None
    params: dict[str, str] = field(default_factory=dict)  # of the abstract pattern it came from


@dataclass
class Rule:
    """Checks that apply to the nodes its context matches (unless an earlier rule took them)."""

    context: str
    lets: list[Let]
    checks: list[Check]
    rule_id: str
    line: int | None


@dataclass
class Pattern:
    """Rules of which at most one fires on a node."""

    pattern_id: str
    lets: list[Let]
    rules: list[Rule]
    line: int | None


@dataclass
class Notice:
    """Something in the schema that is not run: said once as a skipped rule, never silent."""

    rule_id: str
    line: int | None
    reason: str


@dataclass
class Schema:
    """Namespaces, the XPath version, global variables (schema, phase, pattern) and patterns."""

    version: str
    namespaces: dict[str, str]
    lets: list[Let]
    patterns: list[Pattern]
    diagnostics: dict[str, Message]
    properties: dict[str, Message]
    notices: list[Notice] = field(default_factory=list)
    xslt_functions: set[str] = field(default_factory=set)  # {namespace}name of xsl:function


def is_warning(el: etree._Element) -> bool:
    """role or flag names a warning level (ISO leaves their values to the schema)."""
    return any((el.get(a) or "").strip().lower() in _WARNING_ROLES for a in ("role", "flag"))


def local(el: etree._Element) -> str | None:
    """The local name of a Schematron element; None for any other node."""
    tag = el.tag
    if isinstance(tag, str) and tag.startswith(S):
        return tag[len(S):]
    return None
