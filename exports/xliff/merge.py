"""`import xliff`: translated units become glosses, all or nothing, and importing twice changes nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.glosses import Gloss, glosses_by_target, target_language
from apostilla.annotations.languages import same_language
from apostilla.annotations.operations import perform
from apostilla.annotations.session import Outcome, acting_user, edit
from apostilla.annotations.textview import Node
from apostilla.common.deep import deep
from apostilla.common.errors import BadInput

from .inline import InlineError, check_target_tags, comparable, plain_text, tei_tokens
from .read import RANKS, FileUnit, read_xliff

STATUSES = tuple(RANKS)


@dataclass
class ImportReport:
    """What an import did, unit ids by fate; `outcome` has the diff of a dry run."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    outcome: Outcome | None = None


@dataclass
class _Change:
    unit: FileUnit
    text: str
    status: str
    translator: str | None
    existing: Gloss | None
    same_text: bool = False


def import_xliff(doc_path: str | Path, xliff_path: str | Path, *, status: str | None = None,
                 translator: str | None = None, dry_run: bool = False, by: str | None = None) -> ImportReport:
    """Turn the file's translated units into glosses of the document's quotes and terms."""
    # Inline markup in targets and sources is a tree as deep as the file's: room for it.
    return deep(_import_xliff, doc_path, xliff_path, status=status, translator=translator, dry_run=dry_run, by=by)


def _import_xliff(doc_path: str | Path, xliff_path: str | Path, *, status: str | None,
                  translator: str | None, dry_run: bool, by: str | None) -> ImportReport:
    if status is not None and status not in STATUSES:
        raise BadInput(f"--status {status!r}: use one of {', '.join(STATUSES)}")
    xliff_path = Path(xliff_path)
    units = read_xliff(xliff_path)
    report = ImportReport()
    with edit(doc_path, dry_run=dry_run, by=by) as session:
        doc = session.doc
        changes = [c for c in (_plan(doc, u, xliff_path, status, report) for u in units) if c]
        for change in changes:
            if not change.same_text:
                change.translator = translator or change.translator or acting_user(by)
            _apply(doc, change, report)
        if report.added or report.updated:
            langs = ", ".join(sorted({c.unit.target_lang for c in changes}))
            session.record(f"import xliff {xliff_path.name} ({langs}): {len(report.added)} gloss(es) added, "
                           f"{len(report.updated)} updated")
    report.outcome = session.outcome
    return report


def _plan(doc: TeiDocument, unit: FileUnit, path: Path, status: str | None,
          report: ImportReport) -> _Change | None:
    """Check one unit against the document; None when it brings nothing new."""
    node = _target_node(doc, unit, path)
    source_lang = target_language(doc, node)
    if not same_language(source_lang, unit.source_lang):  # es-ES in the file, es in the document
        raise BadInput(f"unit {unit.id!r}: the file says its source is in {unit.source_lang!r}, "
                       f"but {Path(doc.name).name} has it in {source_lang!r}", file=path, line=unit.line)
    if unit.target_lang.split("-")[0].lower() == source_lang.split("-")[0].lower():
        raise BadInput(f"unit {unit.id!r}: the target language {unit.target_lang!r} is the language "
                       "of the source; a gloss must be in another language", file=path, line=unit.line)
    current = comparable(plain_text(tei_tokens(node)))
    if comparable(plain_text(unit.source)) != current:
        raise BadInput(f"unit {unit.id!r}: its source text changed since the export (the file has "
                       f"{_short(plain_text(unit.source))!r}, {Path(doc.name).name} has {_short(current)!r}); "
                       "export again", file=path, line=unit.line)
    text = comparable(plain_text(unit.target)) if unit.target is not None else ""
    if not text or text == current:
        report.untranslated.append(unit.id)
        return None
    existing = _existing(doc, unit)
    wanted = status or unit.status or "draft"
    if existing is not None and comparable(existing.text) == text:
        # Same words: keep the gloss, unless the file or --status moves it up the review ladder.
        if RANKS.get(wanted, 0) <= RANKS.get(existing.status or "draft", 0):
            report.unchanged.append(unit.id)
            return None
        return _Change(unit, text, wanted, existing.translator, existing, same_text=True)
    try:
        check_target_tags(unit.source, unit.target)
    except InlineError as error:
        raise BadInput(f"unit {unit.id!r}: {error}", file=path, line=unit.line) from None
    return _Change(unit, text, wanted, unit.translator, existing)


def _target_node(doc: TeiDocument, unit: FileUnit, path: Path) -> Node:
    node = doc.ids.get(unit.id)
    name = Path(doc.name).name
    if node is None:
        raise BadInput(f"unit {unit.id!r}: {name} has no quote or term with this id", file=path, line=unit.line)
    if tei.local(node) not in (tei.QUOTE, tei.TERM) or not doc.view.contains(node):
        raise BadInput(f"unit {unit.id!r}: in {name} this id is not a quote or a term", file=path,
                       line=unit.line)
    return node


def _existing(doc: TeiDocument, unit: FileUnit) -> Gloss | None:
    for gloss in glosses_by_target(doc).get(unit.id, []):
        if same_language(gloss.lang, unit.target_lang):  # an en-US translation replaces the en gloss
            return gloss
    return None


def _apply(doc: TeiDocument, change: _Change, report: ImportReport) -> None:
    # Through the operation layer, as `gloss add` itself: the same checks, ids and provenance.
    perform(doc, "gloss.add", {"target": change.unit.id, "lang": change.unit.target_lang, "text": change.text,
                               "translator": change.translator, "status": change.status,
                               "replace": change.existing is not None})
    (report.updated if change.existing is not None else report.added).append(change.unit.id)


def _short(text: str, limit: int = 60) -> str:
    text = comparable(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
