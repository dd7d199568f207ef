"""Orphans: annotations that could not be placed keep their markup, old text and context in standOff.

    <listAnnotation type="orphans">
      <annotation xml:id="orphan1" target="#q7">
        <revisionDesc><change when="..." status="orphaned">rebase onto v2.txt: ... (was in p4)</change></revisionDesc>
        <note type="orphan"><seg type="prefix">told a rally: «</seg><q xml:id="q7" ...>No vamos ...</q><seg
          type="suffix">» She asked</seg></note>
      </annotation>
    </listAnnotation>

The note holds what a W3C TextQuoteSelector holds (prefix, exact, suffix), with the exact text
still inside its element, so its id, attributes and nested orphans survive and every pointer to it
(a gloss, a speaker) still resolves. An orphan inside another orphan stays inside it.
"""
from __future__ import annotations

import copy

from .. import tei
from ..document import TeiDocument, insert_child
from ..textview import Node, is_element
from .collect import Annotation, OldText

PREFIX = 32  # characters of context kept on each side


def keep_orphans(doc: TeiDocument, old: OldText, orphaned: dict[int, str], *, source_name: str,
                 when: str) -> list[str]:
    """Record every orphan in the orphan list; returns the new orphan records' ids."""
    by_order = {a.order: a for a in old.annotations}
    paragraph_of = {a.paragraph: a for a in old.annotations if a.is_paragraph}
    made = []
    holder = None
    kept = {a.node for a in old.annotations if a.order in orphaned}
    for order in sorted(orphaned):
        ann = by_order[order]
        if _held_by_orphan(ann, orphaned, paragraph_of):
            continue
        if holder is None:
            holder = doc.standoff_list("listAnnotation", create=True, attrib={"type": tei.ORPHAN_LIST_TYPE})
        made.append(_record(doc, old, ann, orphaned, kept, holder, source_name=source_name, when=when))
    return made


def _held_by_orphan(ann: Annotation, orphaned: dict[int, str], paragraph_of: dict[int, Annotation]) -> bool:
    parent = ann.parent
    while parent is not None:
        if parent.order in orphaned:
            return True
        parent = parent.parent
    paragraph = paragraph_of.get(ann.paragraph)
    return not ann.is_paragraph and paragraph is not None and paragraph.order in orphaned


def _record(doc: TeiDocument, old: OldText, ann: Annotation, orphaned: dict[int, str], kept: set[Node],
            holder: Node, *, source_name: str, when: str) -> str:
    t = tei.tei
    ident = doc.fresh_id("orphan")
    record = holder.makeelement(t("annotation"), {})
    record.set(tei.XML_ID, ident)
    revision = record.makeelement(t("revisionDesc"), {})
    change = revision.makeelement(t("change"), {"when": when, "status": "orphaned"})
    where = old.nodes[ann.paragraph].get(tei.XML_ID) or f"paragraph {ann.paragraph + 1}"
    change.text = f"rebase onto {source_name}: {orphaned[ann.order]} (was in {where})"
    revision.append(change)
    note = record.makeelement(t("note"), {"type": tei.ORPHAN_NOTE_TYPE})
    markup = _markup(ann, kept)
    if not ann.is_paragraph:
        text, lo, hi = old.version.text, old.version.starts[ann.paragraph], old.version.end_of(ann.paragraph)
        _seg(note, tei.ORPHAN_PREFIX, text[max(lo, ann.start - PREFIX):ann.start])
    note.append(markup)
    if not ann.is_paragraph:
        _seg(note, tei.ORPHAN_SUFFIX, text[ann.end:min(hi, ann.end + PREFIX)])
    target = ann.id
    if target is None:
        target = f"{ident}-markup" if f"{ident}-markup" not in doc.ids else doc.fresh_id(f"{ident}-markup-")
        note.set(tei.XML_ID, target)
    record.set("target", f"#{target}")
    record.extend([revision, note])
    insert_child(holder, record)
    for node in record.iter():
        if is_element(node) and node.get(tei.XML_ID):
            doc.claim_id(node, node.get(tei.XML_ID))
    return ident


def _seg(note: Node, kind: str, text: str) -> None:
    if text:
        seg = note.makeelement(tei.tei("seg"), {"type": kind})
        seg.text = text
        note.append(seg)


def _markup(ann: Annotation, kept: set[Node]) -> Node:
    """A copy of the old element holding only the markup of orphans (kept): placed ones live in the text."""
    original = ann.node
    duplicate = copy.deepcopy(original)
    duplicate.tail = None
    pairs = list(zip(original.iter(), duplicate.iter()))
    for source, made in reversed(pairs[1:]):
        if source not in kept:
            _unwrap(made)
    return duplicate


def _unwrap(node: Node) -> None:
    """Replace node by its content."""
    parent = node.getparent()
    index = parent.index(node)
    text, tail = node.text or "", node.tail or ""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    kids = list(node)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    parent.remove(node)
    if kids:
        kids[-1].tail = (kids[-1].tail or "") + tail or None
    elif index == 0:
        parent.text = (parent.text or "") + tail or None
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail or None
