"""The schemas a run checks documents against, loaded by file extension."""
from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..common.errors import BadInput, NotFound, UsageError
from .parsing import Document, Vocabulary
from .relaxng import RelaxngSchema
from .report import Issue, SkippedRule

HERE = Path(__file__).resolve().parent
PROFILE = "apostilla:profile"
RULES = "apostilla:rules"
_EXTENSIONS = (".rng", ".rnc", ".xsd", ".sch")


@dataclass(frozen=True)
class Settings:
    """What a run checks: schema files as given (none: the profile), and the options."""

    schemas: tuple[str, ...] = ()
    rules: bool = True
    trust_dtd: bool = False
    strict: bool = False


class XsdSchema:
    """A W3C XML Schema, checked by libxml2."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        self.skipped: list[SkippedRule] = []
        parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
        try:
            self._schema = etree.XMLSchema(etree.parse(str(path), parser))
        except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
            raise BadInput(f"not a usable XML Schema: {exc}", file=name) from None

    def check(self, doc: Document, vocabulary: Vocabulary) -> list[Issue]:
        if self._schema.validate(doc.tree):
            return []
        issues = []
        for entry in self._schema.error_log:
            found = doc.tree.xpath(entry.path) if entry.path else []
            if found and isinstance(found[0], etree._Element):
                line, column = doc.positions.element(found[0])
            else:
                line, column = entry.line or None, None
            issues.append(Issue(line, column, entry.message, "xsd-invalid", self.name))
        return issues


def load(settings: Settings) -> list:
    """Every checker for `settings`, in the order their findings are reported."""
    checkers: list = []
    if not settings.schemas:
        checkers.append(RelaxngSchema((HERE / "profile.rng").read_bytes(), PROFILE))
    for given in settings.schemas:
        checkers.extend(_load_one(Path(given), given, settings.rules))
    if settings.rules:
        # Schematron is imported only when some is run, to keep a grammar-only start short.
        from .schematron import SchematronSchema
        checkers.append(SchematronSchema.from_file(HERE / "integrity.sch", RULES))
    return checkers


def check_schema_paths(schemas: Sequence[str]) -> None:
    """Fails early, before any document is read, on schema files that cannot be used."""
    for given in schemas:
        path = Path(given)
        if path.suffix.lower() not in _EXTENSIONS:
            raise UsageError(f"unknown schema type {path.suffix or '(no extension)'!r}; "
                             "use .rng, .rnc, .xsd or .sch", file=given)
        if not os.path.isfile(path):  # never raises (a name too long is not a file either)
            raise NotFound("no such schema file", file=given)


def _load_one(path: Path, name: str, rules: bool) -> list:
    suffix = path.suffix.lower()
    try:
        if suffix in (".rng", ".rnc"):
            schema = RelaxngSchema.from_file(path, name)
            embedded = _embedded_schematron(schema, name) if rules and suffix == ".rng" else None
            return [schema] + ([embedded] if embedded else [])
        if suffix == ".xsd":
            return [XsdSchema(path, name)]
        from .schematron import SchematronSchema
        return [SchematronSchema.from_file(path, name)]
    except OSError as exc:
        raise BadInput(f"cannot read the schema: {exc.strerror or exc}", file=name) from None
    except etree.XMLSyntaxError as exc:
        raise BadInput(f"the schema is not well-formed XML: {exc}", file=name) from None
    except UnicodeDecodeError as exc:
        raise BadInput(f"the schema is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at {exc.start})",
                       file=name) from None
    except RecursionError:
        raise BadInput("the schema is nested too deeply to read", file=name) from None


def _embedded_schematron(schema: RelaxngSchema, name: str) -> object | None:
    """The Schematron patterns a RELAX NG schema carries (as TEI's do), as one schema."""
    from .schematron import SCH_NS, SchematronSchema

    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
    root = etree.fromstring(schema.source_bytes, parser)
    patterns = list(root.iter(f"{{{SCH_NS}}}pattern"))
    if not patterns:
        return None
    sch = etree.Element(f"{{{SCH_NS}}}schema")
    for el in root.iter(f"{{{SCH_NS}}}ns"):
        sch.append(copy.deepcopy(el))
    for el in patterns:
        sch.append(copy.deepcopy(el))
    return SchematronSchema(sch, name)
