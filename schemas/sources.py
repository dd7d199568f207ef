"""The schemas a run checks documents against, loaded by file extension or by built-in name."""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..common.errors import BadInput, NotFound, UsageError
from .localfiles import LocalFilesOnly
from .parsing import Document, Vocabulary
from .relaxng import RelaxngSchema
from .report import Issue, SkippedRule

HERE = Path(__file__).resolve().parent
PROFILE = "apostilla:profile"
RULES = "apostilla:rules"
_EXTENSIONS = (".rng", ".rnc", ".xsd", ".sch")
# Schemas shipped with apostilla, named without an extension (see tei/README.md).
BUILT_IN = {"tei_all": HERE / "tei" / "tei_all.rng"}


@dataclass(frozen=True)
class Settings:
    """What a run checks: schema files as given (none: the profile), and the options."""

    schemas: tuple[str, ...] = ()
    rules: bool = True
    trust_dtd: bool = False
    strict: bool = False
    phase: str | None = None  # the Schematron phase to run (None: each schema's default)
    integrity: bool = True  # apostilla's integrity rules too (when `rules`)


class XsdSchema:
    """A W3C XML Schema, checked by libxml2."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        self.skipped: list[SkippedRule] = []
        parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
        parser.resolvers.add(LocalFilesOnly())  # includes and imports: local regular files
        try:
            self._schema = etree.XMLSchema(etree.parse(str(path), parser))
        except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
            raise BadInput(f"not a usable XML Schema: {exc}", file=name) from None

    def check(self, doc: Document, vocabulary: Vocabulary) -> list[Issue]:
        if self._schema.validate(doc.tree):
            return []
        issues = []
        prefixes: dict | None = None
        for entry in self._schema.error_log:
            if prefixes is None and ":" in (entry.path or ""):
                prefixes = _prefixes(doc.tree)
            found = _element_at(doc.tree, entry, prefixes or {})
            if found is not None:
                line, column = doc.positions.element(found)
            else:
                line, column = entry.line or None, None
            issues.append(Issue(line, column, entry.message, "xsd-invalid", self.name))
        return issues


def _element_at(tree: etree._ElementTree, entry: object, prefixes: dict
                ) -> etree._Element | None:
    """The element an XML Schema error is about, from libxml2's path to it (written with the
    document's own prefixes); None when the path cannot be followed or leads to another line."""
    if not entry.path:
        return None
    try:
        found = tree.xpath(entry.path, namespaces=prefixes)
    except etree.XPathError:
        return None
    if found and isinstance(found[0], etree._Element) \
            and (not entry.line or found[0].sourceline == entry.line):
        return found[0]
    return None


def _prefixes(tree: etree._ElementTree) -> dict[str, str]:
    """The prefixes a document binds, each to its one namespace (a prefix bound to two is left
    out: a path using it could not say which)."""
    bound: dict[str, str | None] = {}
    for el in tree.iter(etree.Element):
        for prefix, uri in el.nsmap.items():
            if prefix and bound.setdefault(prefix, uri) != uri:
                bound[prefix] = None
    return {prefix: uri for prefix, uri in bound.items() if uri is not None}


def load(settings: Settings) -> list:
    """Every checker for `settings`, in the order their findings are reported."""
    checkers: list = []
    if not settings.schemas:
        checkers.append(RelaxngSchema((HERE / "profile.rng").read_bytes(), PROFILE))
    phased = False
    for given in settings.schemas:
        loaded = _load_one(_path(given), given, settings.rules, settings.phase)
        phased |= any(getattr(c, "phase", None) for c in loaded)
        checkers.extend(loaded)
    if settings.phase and not phased:
        raise UsageError(f"--phase {settings.phase}: no Schematron schema given defines "
                         "that phase")
    if settings.rules and settings.integrity:
        # Schematron is imported only when some is run, to keep a grammar-only start short.
        from .schematron import load_file
        checkers.append(load_file(HERE / "integrity.sch", RULES))
    return checkers


def check_schema_paths(schemas: Sequence[str]) -> None:
    """Fails early, before any document is read, on schema files that cannot be used."""
    for given in schemas:
        if given in BUILT_IN:
            continue
        path = Path(given)
        if path.suffix.lower() not in _EXTENSIONS:
            raise UsageError(f"unknown schema type {path.suffix or '(no extension)'!r}; "
                             "use .rng, .rnc, .xsd or .sch, or the name "
                             + " or ".join(BUILT_IN), file=given)
        if not os.path.isfile(path):  # never raises (a name too long is not a file either)
            raise NotFound("no such schema file", file=given)


def _path(given: str) -> Path:
    return BUILT_IN.get(given) or Path(given)


def _load_one(path: Path, name: str, rules: bool, phase: str | None) -> list:
    suffix = path.suffix.lower()
    try:
        if suffix in (".rng", ".rnc"):
            schema = RelaxngSchema.from_file(path, name)
            embedded = _embedded_schematron(schema, path, name) \
                if rules and suffix == ".rng" else None
            return [schema] + ([embedded] if embedded else [])
        if suffix == ".xsd":
            return [XsdSchema(path, name)]
        from .schematron import load_file
        return [load_file(path, name, phase)]
    except OSError as exc:
        raise BadInput(f"cannot read the schema: {exc.strerror or exc}", file=name) from None
    except etree.XMLSyntaxError as exc:
        raise BadInput(f"the schema is not well-formed XML: {exc}", file=name) from None
    except UnicodeDecodeError as exc:
        raise BadInput(f"the schema is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at {exc.start})",
                       file=name) from None
    except RecursionError:
        raise BadInput("the schema is nested too deeply to read", file=name) from None


def _embedded_schematron(schema: RelaxngSchema, path: Path, name: str) -> object | None:
    """The Schematron patterns a RELAX NG schema carries (as TEI's do), as one schema."""
    from .schematron import load_embedded

    return load_embedded(schema.source_bytes, path.parent, name)
