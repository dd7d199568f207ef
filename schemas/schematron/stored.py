"""Compiled Schematron schemas kept on disk, so that a one-file run does not compile tei_all again."""
from __future__ import annotations

# Compiling a schema reads each of its expressions with elementpath's parser (tei_all: some 340
# of them) to find what lxml can run and to refuse what no engine can: most of a cold run's
# Schematron time. What the compilation decides is plain data (which engine runs each
# expression, and in what words), kept here under a key made of the schema as read, its query
# binding, phase and name, this package's code, elementpath's version and Python's: the same
# key always means what this code would compile from that schema. Expressions for lxml are
# compiled again by lxml when loaded; those for elementpath are parsed when first run. A schema
# whose variables hold literal nodes is not kept. The folder is the grammars' (cache.py): set
# APOSTILLA_CACHE_DIR to move it, or to an empty value to turn both off. Any failure to read
# falls back to compiling.
import dataclasses
import functools
import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path

from lxml import etree

from ..cache import cache_dir, read_kept, store
from ..report import SkippedRule
from .contexts import Branch
from .language import Language, LxmlExpr, PathExpr
from .run import CompiledCheck, CompiledRule

_HERE = Path(__file__).resolve().parent
_CODE = sorted(_HERE.glob("*.py")) + [_HERE.parent / "functions.py"]
_BRANCH = [f.name for f in dataclasses.fields(Branch)]


class NotKept(Exception):
    """A compiled schema that is not plain data (a variable holding literal nodes)."""


def key(root: etree._Element, version: str, name: str, phase: str | None) -> Path | None:
    """Where the compiled schema would be kept; None when the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(etree.tostring(root))
    for part in (version, name, phase or "", _code_digest()):
        digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
    return folder / f"{digest.hexdigest()}.schematron.marshal"


@functools.cache
def _code_digest() -> str:
    """This package's code, elementpath's version (its __init__.py states it; found without
    importing it) and Python's: read once per process."""
    digest = hashlib.sha256(sys.version.encode())
    for code in _CODE + [Path(importlib.util.find_spec("elementpath").origin)]:
        digest.update(code.read_bytes())
    return digest.hexdigest()


def read(path: Path | None, language: Language) -> tuple | None:
    """(global lets, patterns, skipped rules) kept at `path`, made ready for `language`."""
    if path is None:
        return None
    try:
        lets, patterns, skipped = marshal.loads(read_kept(path))
        expr = functools.partial(_ready, language)
        return ([(name, expr(value)) for name, value in lets],
                [[_rule(r, expr) for r in rules] for rules in patterns],
                [SkippedRule(*s) for s in skipped])
    except (OSError, ValueError, EOFError, TypeError, KeyError, etree.XPathError):
        return None


def write(path: Path | None, lets: list, patterns: list, skipped: list[SkippedRule]) -> None:
    """Keeps a compiled schema at `path` (nothing when the cache is off or it is not plain)."""
    if path is None:
        return
    try:
        payload = ([(name, _expr(value)) for name, value in lets],
                   [[_rule_data(r) for r in rules] for rules in patterns],
                   [(s.schema, s.rule, s.line, s.reason) for s in skipped])
    except NotKept:
        return
    store(path, marshal.dumps(payload))


# ---------------------------------------------------------------------- to plain data
def _rule_data(rule: CompiledRule) -> tuple:
    if rule.select:
        branches = [(_branch(b), (_expr(own), _expr(whole))) for b, (own, whole) in rule.branches]
    else:
        branches = [(_branch(b), _expr(e)) for b, e in rule.branches]
    checks = [(c.kind, _expr(c.test), c.rule_id, c.severity, _parts(c.message),
               [(label, _parts(parts)) for label, parts in c.extras],
               _expr(c.guard), _expr(c.together), c.key) for c in rule.checks]
    return (rule.rule_id, rule.lxml, rule.select, branches,
            [(name, _expr(value)) for name, value in rule.lets], checks)


def _branch(branch: Branch) -> tuple:
    return tuple(getattr(branch, f) for f in _BRANCH)


def _parts(parts: list) -> list:
    return [p if isinstance(p, str) else _expr(p) for p in parts]


def _expr(value) -> tuple | None:
    if value is None:
        return None
    if isinstance(value, LxmlExpr):
        return ("lxml", value.xpath.path, value.source)
    if isinstance(value, PathExpr):
        return ("path", value.source)
    raise NotKept(type(value).__name__)


# ---------------------------------------------------------------------- from plain data
def _ready(language: Language, value: tuple | None):
    if value is None:
        return None
    if value[0] == "lxml":
        return language.lxml_expr(value[1], value[2])
    if value[0] == "path":
        return PathExpr(language, value[1])
    raise ValueError(f"unknown kind of expression {value[0]!r}")


def _rule(data: tuple, expr) -> CompiledRule:
    rule_id, lxml, select, branches, lets, checks = data
    if select:
        branches = [(Branch(*b), (expr(own), expr(whole))) for b, (own, whole) in branches]
    else:
        branches = [(Branch(*b), expr(e)) for b, e in branches]
    rule = CompiledRule(rule_id, lxml, select, branches, [(name, expr(v)) for name, v in lets])
    for kind, test, check_id, severity, message, extras, guard, together, place in checks:
        rule.checks.append(CompiledCheck(
            kind, expr(test), check_id, severity, _message(message, expr),
            [(label, _message(parts, expr)) for label, parts in extras],
            expr(guard), expr(together), tuple(place)))
    return rule


def _message(parts: list, expr) -> list:
    return [p if isinstance(p, str) else expr(p) for p in parts]
