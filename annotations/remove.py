"""Removing one annotation: its markup and what hangs on it go; the text stays."""
from __future__ import annotations

import re

from apostilla.common.errors import BadInput, Conflict

from . import tei
from .document import TeiDocument
from .session import Done
from .textview import Node, describe


def remove(doc: TeiDocument, ident: str) -> Done:
    """`remove`: the annotation with this xml:id goes (its markup and what hangs on it); the text stays."""
    return Done([ident], f"remove {_remove(doc, ident)}")


def _remove(doc: TeiDocument, ident: str) -> str:
    """Remove the annotation with this xml:id; returns a short description of what went."""
    node = doc.get(ident)
    doc.cache.pop("glosses", None)
    name = tei.local(node)
    view = doc.view
    if name == "annotation" and node.get("target"):
        return _remove_record(doc, node)
    if name in tei.ENTRY_TYPES and _in_standoff(node):
        return _remove_entity(doc, node)
    if not view.contains(node):
        raise BadInput(f"{ident!r} is {describe(node)}, not an annotation in the text", file=doc.name)
    if name in tei.MENTION_ELEMENTS and node.get("ref"):
        _unwrap(doc, node)
        return f"mention {ident}"
    if name in tei.GLOSS_TARGETS:
        for gloss in _pointing(doc, ident, ("target",)):
            if tei.local(gloss) == "annotation":
                _delete(doc, gloss)
        _unwrap(doc, node)
        return f"{'quote' if name == tei.QUOTE else 'term'} {ident} and its glosses"
    if name in tei.UNWRAPPABLE:
        _unwrap(doc, node)
        return f"{name} {ident}"
    raise BadInput(f"{ident!r} is {describe(node)}, not an annotation apostilla removes "
                   "(mentions, quotes, dates, measures, terms, glosses, entities)", file=doc.name)


def _remove_entity(doc: TeiDocument, entry: Node) -> str:
    ident = entry.get(tei.XML_ID)
    speaking = [q for q in _pointing(doc, ident, ("who",))]
    if speaking:
        names = ", ".join(q.get(tei.XML_ID) or describe(q) for q in speaking)
        raise Conflict(f"entity {ident!r} is the speaker of {names}; remove those quotes or their speaker first",
                       file=doc.name)
    mentions = [m for m in _pointing(doc, ident, ("ref",))]
    others = [m for m in mentions if tei.local(m) not in tei.MENTION_ELEMENTS or not doc.view.contains(m)]
    if others:
        raise Conflict(f"entity {ident!r} is referred to by {describe(others[0])}, which is not a mention",
                       file=doc.name)
    # Only the mentions apostilla made go. Markup the file had before is not ours to unwrap, and
    # left in place it would point at nothing: then the entry stays.
    older = [m for m in mentions if not _made_for(m, ident)]
    if older:
        where = ", ".join(describe(m) for m in older[:3]) + (" ..." if len(older) > 3 else "")
        raise Conflict(f"entity {ident!r} is also named by {len(older)} mention(s) apostilla did not make "
                       f"({where}); they would point at nothing. Change them first, or take back "
                       "the entity's registration with `apostilla undo`", file=doc.name)
    made = [m for m in mentions if _made_for(m, ident)]
    for mention in made:
        _unwrap(doc, mention)
    _delete(doc, entry)
    return f"entity {ident} and {len(made)} mention(s)"


def _remove_record(doc: TeiDocument, record: Node) -> str:
    """A gloss, or a record that keeps annotations aside (a rebase's orphan): it goes with the
    glosses of what it keeps; anything else pointing inside it is a reason to refuse."""
    ident = record.get(tei.XML_ID)
    inside = {n.get(tei.XML_ID) for n in record.iter() if isinstance(n.tag, str) and n.get(tei.XML_ID)}
    inside.discard(ident)
    glosses = [g for kept in sorted(inside) for g in _pointing(doc, kept, ("target",))
               if tei.local(g) == "annotation" and g is not record]
    for kept in sorted(inside):
        for node in _pointing(doc, kept, tei.POINTERS):
            if node not in glosses and record not in node.iterancestors() and node is not record:
                raise Conflict(f"{ident!r} keeps {kept!r}, which {describe(node)} points to; "
                               "remove or change that first", file=doc.name)
    for gloss in glosses:
        _delete(doc, gloss)
    _delete(doc, record)
    also = f" and {len(glosses)} gloss(es) of what it kept" if glosses else ""
    return f"{'gloss' if not inside else 'record'} {ident}{also}"



def _made_for(mention: Node, ident: str) -> bool:
    """Whether apostilla tagged this mention of ident (it names them ID-m1, ID-m2, ...)."""
    own_id = mention.get(tei.XML_ID) or ""
    return mention.get("ref") == f"#{ident}" and re.fullmatch(rf"{re.escape(ident)}-m\d+", own_id) is not None


def _pointing(doc: TeiDocument, ident: str, attributes: tuple[str, ...]) -> list[Node]:
    ref = f"#{ident}"
    found = []
    for node in doc.root.iter():
        if isinstance(node.tag, str):
            for attr in attributes:
                value = node.get(attr)
                if value and ref in value.split():
                    found.append(node)
                    break
    return found


def _in_standoff(node: Node) -> bool:
    return any(tei.local(a) == "standOff" for a in node.iterancestors())


def _unwrap(doc: TeiDocument, node: Node) -> None:
    doc.release_id(node.get(tei.XML_ID))
    doc.view.unwrap(node)


def _delete(doc: TeiDocument, node: Node) -> None:
    """Delete a stand-off element, then any list or standOff it leaves empty."""
    for sub in node.iter():
        if isinstance(sub.tag, str):
            doc.release_id(sub.get(tei.XML_ID))
    parent = node.getparent()
    drop(node)
    while parent is not None and tei.local(parent) in tei.STANDOFF_LISTS \
            and not any(isinstance(k.tag, str) for k in parent) and not parent.get(tei.XML_ID):
        grand = parent.getparent()
        drop(parent)
        parent = grand


def drop(node: Node) -> None:
    """Remove node and its tail; the white space after it moves in front, undoing insert_child."""
    parent = node.getparent()
    prev = node.getprevious()
    before = parent.text if prev is None else prev.tail
    if not (before or "").strip() and not (node.tail or "").strip():
        if prev is not None:
            prev.tail = node.tail
        else:
            parent.text = node.tail if node.getnext() is not None else None
    parent.remove(node)
