"""Validating one document: parse it safely, run every schema and the rules, gather one report."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from ..common.errors import ApostillaError, NotFound
from .parsing import Document, Vocabulary, parse_bytes, read_document
from .report import DocumentReport, Issue, SkippedRule
from .sources import Settings, check_schema_paths, load


class Validator:
    """Checks documents against one set of schemas, keeping compiled schemas between documents."""

    def __init__(self, settings: Settings) -> None:
        check_schema_paths(settings.schemas)
        self.settings = settings
        self.checkers = load(settings)

    @property
    def skipped(self) -> list[SkippedRule]:
        """Schematron rules that could not run, each listed once."""
        return [s for c in self.checkers for s in getattr(c, "skipped", [])]

    def validate_file(self, path: Path, shown: str | None = None) -> DocumentReport:
        """The report for the file at `path`, listed under `shown` (default: the path)."""
        shown = shown if shown is not None else str(path)
        parsed = read_document(path, shown, self.settings.trust_dtd)
        return self.validate_parsed(parsed, shown)

    def validate_files(self, items: Sequence[tuple[Path, str]]) -> list[DocumentReport]:
        """Reports for a few files (path, name shown) read together.

        They share one RELAX NG schema, made for all their names (see relaxng.py).
        """
        parsed = [(shown, read_document(path, shown, self.settings.trust_dtd))
                  for path, shown in items]
        return self.validate_together(parsed)

    def validate_together(self, parsed: Sequence[tuple[str, Document | object]]
                          ) -> list[DocumentReport]:
        """Reports for documents read together, as (name shown, what read_document gave)."""
        vocabulary = _shared([doc for _, doc in parsed])
        return [self.validate_parsed(doc, shown, vocabulary) for shown, doc in parsed]

    def validate_parsed(self, parsed: Document | object, shown: str,
                        vocabulary: Vocabulary | None = None) -> DocumentReport:
        """The report for a parsed document, or for the issue that kept it from parsing."""
        report = DocumentReport(shown)
        if not isinstance(parsed, Document):
            report.add(parsed)
            return report
        if vocabulary is None:
            vocabulary = parsed.vocabulary()
        try:
            for checker in self.checkers:
                try:
                    issues = checker.check(parsed, vocabulary)
                except ApostillaError:
                    raise  # the schema itself is unusable (found out on first use): stop
                except Exception as error:
                    # A bug, or input no check foresaw: this document says so, with the other
                    # schemas' findings, and the documents after it are still checked.
                    issues = [_failed(checker, error)]
                for issue in issues:
                    report.add(issue.as_error() if self.settings.strict else issue)
        finally:
            parsed.derived.clear()  # documents read together wait for their turn: keep them small
        report.sort()
        return report


def _failed(checker: object, error: Exception) -> Issue:
    name = getattr(checker, "name", type(checker).__name__)
    detail = str(error).strip().splitlines()
    what = f"{type(error).__name__}: {detail[0]}" if detail else type(error).__name__
    return Issue(None, None, f"{name} could not check this document ({what}); this is a bug "
                 "in apostilla, please report it", "check-failed", name)


def _shared(docs: list[object]) -> Vocabulary:
    """What the parsed documents among `docs` use, all together."""
    names: set = set()
    contexts: dict = {}
    for doc in docs:
        if isinstance(doc, Document):
            names |= doc.scan()
            for key, inside in doc.contexts().items():
                contexts[key] = contexts.get(key, frozenset()) | inside
    return Vocabulary(frozenset(names), frozenset(contexts.items()))


def validate_document(source: str | Path | etree._ElementTree | etree._Element,
                      schemas: Sequence[str | Path] = (), rules: bool = True,
                      trust_dtd: bool = False, strict: bool = False,
                      phase: str | None = None) -> DocumentReport:
    """Validates one document: a file, or a tree in memory (e.g. before it is written).

    `schemas`: .rng, .rnc, .xsd or .sch files, or "tei_all" (the copy apostilla ships); none
    means apostilla's TEI profile. The integrity rules run unless `rules` is False. `phase`
    chooses the phase of the Schematron schemas that define phases. Never raises for an invalid document; raises
    ApostillaError subclasses for unusable schemas or a missing file.
    """
    settings = Settings(tuple(str(s) for s in schemas), rules, trust_dtd, strict, phase)
    validator = Validator(settings)
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise NotFound("no such file", file=str(source))
        return validator.validate_file(path, str(source))
    tree = source.getroottree() if isinstance(source, etree._Element) else source
    # A tree edited in memory has stale line numbers: validate what would be written.
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    shown = tree.docinfo.URL or "<document>"
    parsed = parse_bytes(data, shown, tree.docinfo.URL, trust_dtd)
    return validator.validate_parsed(parsed, shown)
