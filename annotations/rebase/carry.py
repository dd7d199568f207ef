"""Carry a document's annotations onto a new version of its source text: the library entry points."""
from __future__ import annotations

import hashlib
from pathlib import Path

from apostilla.common.errors import BadInput
from apostilla.common.files import read_bytes
from rapidfuzz.distance import Indel

from .. import tei
from ..document import TeiDocument
from ..newdoc import decode_text, split_paragraphs
from ..session import Outcome, edit, now, timestamp
from .align import Alignment, align
from .anchor import Anchorer, Miss, Placement
from .collect import Annotation, OldText, Version, collect
from .drafts import back_to_draft
from .orphans import keep_orphans
from .rebuild import new_paragraphs, wrap_all
from .report import Entry, RebaseReport


def rebase(doc: TeiDocument, new_text: str, *, source_name: str, sha256: str) -> RebaseReport:
    """Replace doc's body text by new_text (the `new` rules) and carry every annotation over, in memory."""
    text = decode_text(new_text.encode("utf-8", errors="surrogatepass"), source_name)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise BadInput("has no text (empty or only white space)", file=source_name)
    old = collect(doc)
    new = Version(paragraphs)
    report = RebaseReport(source_name, sha256)
    if old.version.paragraphs == paragraphs and _recorded_digest(doc) == sha256:
        return _unchanged(old, report)
    alignment = align(old.version, new)
    placed, missed = _place(old, new, alignment)
    when = timestamp()
    ids_before = set(doc.ids)
    made = new_paragraphs(old, new, alignment, ids_before)
    _, refused = wrap_all(made, new, placed)
    for order, reason in refused.items():
        del placed[order]
        missed[order] = Miss(reason)
    missed.update(_paragraph_fates(old, alignment))
    report.entries = _entries(old, new, alignment, made, placed, missed)
    report.paragraphs = _paragraph_counts(old, new, alignment)
    keep_orphans(doc, old, {o: m.reason for o, m in missed.items()}, source_name=source_name, when=when)
    changed = {e.id: (e.old_text, e.new_text or "") for e in report.entries if e.status == "fuzzy" and e.id}
    back_to_draft(doc, changed, source_name=source_name, when=when)
    _record_source(doc, source_name, sha256)
    _refresh(doc)
    old.release()
    return report


def rebase_file(path: str | Path, source: str | Path, *, dry_run: bool = False,
                by: str | None = None) -> tuple[RebaseReport, Outcome]:
    """`apostilla rebase DOC NEW_SOURCE`: locked, recorded in one <change>, saved atomically or diffed."""
    source = Path(source)
    data = read_bytes(source)
    text = decode_text(data, source)
    with edit(path, dry_run=dry_run, by=by) as session:
        report = rebase(session.doc, text, source_name=source.name, sha256=hashlib.sha256(data).hexdigest())
        if report.changed:
            session.record(report.description())
    return report, session.outcome


# ---------------------------------------------------------------------- placing

def _place(old: OldText, new: Version, alignment: Alignment):
    """Placements and misses by annotation order: certain places first, then searches in order."""
    anchorer = Anchorer(old.version, new, alignment)
    inline = [a for a in old.annotations if not a.is_paragraph]
    placed: dict[int, tuple[Annotation, Placement]] = {}
    missed: dict[int, Miss] = {}
    for ann in inline:
        place = anchorer.certain(ann)
        if place is not None:
            placed[ann.order] = (ann, place)
            anchorer.claimed.add((place.start, place.end, ann.node.tag))
    for ann in inline:
        if ann.order in placed:
            continue
        within = None
        if ann.parent is not None:
            if ann.parent.order in placed:
                parent = placed[ann.parent.order][1]
                within = (parent.start, parent.end)
        found = anchorer.search(ann, ann.node.tag, within)
        if isinstance(found, Placement):
            placed[ann.order] = (ann, found)
            anchorer.claimed.add((found.start, found.end, ann.node.tag))
        else:
            missed[ann.order] = found
    return placed, missed


def _unchanged(old: OldText, report: RebaseReport) -> RebaseReport:
    """The same text from the same source: everything is kept and the document is not touched."""
    for ann in old.annotations:
        p = old.nodes[ann.paragraph].get(tei.XML_ID)
        report.entries.append(Entry(ann.id, ann.kind, "kept", ann.text, ann.text, 1.0, p, p, step="paragraph"))
    n = len(old.nodes)
    report.paragraphs = {"old": n, "new": n, "carried": n, "added": 0, "dropped": 0}
    report.changed = False
    return report


def _paragraph_fates(old: OldText, alignment: Alignment) -> dict[int, Miss]:
    carried = set(alignment.carried.values())
    return {a.order: Miss("the paragraph it points at did not carry over to the new text (deleted, "
                          "merged into another or rewritten)")
            for a in old.annotations if a.is_paragraph and a.paragraph not in carried}


# ---------------------------------------------------------------------- reporting

def _entries(old: OldText, new: Version, alignment: Alignment, made, placed, missed) -> list[Entry]:
    entries = []
    new_of_old = {i: j for j, i in alignment.carried.items()}
    for ann in old.annotations:
        old_p = old.nodes[ann.paragraph].get(tei.XML_ID)
        if ann.order in missed:
            miss = missed[ann.order]
            entries.append(Entry(ann.id, ann.kind, "orphaned", ann.text, None, None, old_p, None,
                                 reason=miss.reason))
        elif ann.is_paragraph:
            j = new_of_old[ann.paragraph]
            text = new.paragraphs[j]
            same = text == ann.text
            status = ("kept" if ann.paragraph in alignment.in_order else "moved") if same else "fuzzy"
            score = 1.0 if same else Indel.normalized_similarity(ann.text, text)
            entries.append(Entry(ann.id, ann.kind, status, ann.text, text, score, old_p,
                                 made[j].get(tei.XML_ID), step="paragraph"))
        else:
            _, place = placed[ann.order]
            j = new.paragraph_at(place.start)
            text = new.text[place.start:place.end]
            entries.append(Entry(ann.id, ann.kind, _status(ann, place, j, text, old, new, alignment), ann.text,
                                 text, place.score, old_p, made[j].get(tei.XML_ID), step=place.step))
    return entries


def _status(ann: Annotation, place: Placement, j: int, text: str, old: OldText, new: Version,
            alignment: Alignment) -> str:
    if text != ann.text:
        return "fuzzy"
    same_paragraph = alignment.carried.get(j) == ann.paragraph and ann.paragraph in alignment.in_order
    same_offset = place.start - new.starts[j] == ann.start - old.version.starts[ann.paragraph]
    return "kept" if same_paragraph and same_offset else "moved"


def _paragraph_counts(old: OldText, new: Version, alignment: Alignment) -> dict[str, int]:
    carried = len(alignment.carried)
    return {"old": len(old.nodes), "new": len(new.paragraphs), "carried": carried,
            "added": len(new.paragraphs) - carried, "dropped": len(old.nodes) - carried}


# ---------------------------------------------------------------------- the header

def _recorded_digest(doc: TeiDocument) -> str | None:
    return doc.source()[1] or None


def _record_source(doc: TeiDocument, name: str, sha256: str) -> None:
    """sourceDesc names the new source: apostilla's <bibl> is updated, else one is added."""
    t = tei.tei
    day = now().date().isoformat()
    source_desc = doc.header.find(f"{t('fileDesc')}/{t('sourceDesc')}")
    if source_desc is None:
        return  # a header without fileDesc/sourceDesc is not ours to complete; the <change> says it
    bibls = tei.xpath(source_desc, tei.SOURCE_BIBL)
    if bibls:
        bibl = bibls[0]
        for child, value in (("title", name), ("idno", sha256), ("date", day)):
            node = next((c for c in bibl if tei.local(c) == child
                         and (child != "idno" or c.get("type") == "sha256")), None)
            if node is not None:
                node.text = value
                if child == "date":
                    node.set("when", day)
        return
    if any(tei.local(c) == "p" for c in source_desc):
        p = source_desc.makeelement(t("p"), {})
        p.text = f"Text replaced on {day} by {name} (sha256 {sha256})."
        source_desc.append(p)
        return
    bibl = source_desc.makeelement(t("bibl"), {})
    for child, value, attrib in (("title", name, {}), ("idno", sha256, {"type": "sha256"}),
                                 ("date", day, {"when": day})):
        node = bibl.makeelement(t(child), attrib)
        node.text = value
        bibl.append(node)
    source_desc.append(bibl)


def _refresh(doc: TeiDocument) -> None:
    # The body was rebuilt: the document's id index, text view and caches describe the old one.
    doc._ids = None
    doc._view = None
    doc.cache.clear()
