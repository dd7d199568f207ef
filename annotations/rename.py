"""`rename`: an xml:id changes, and so does every pointer to it, anywhere in the document."""
from __future__ import annotations

import re

from apostilla.common.errors import Conflict

from . import tei
from .document import TeiDocument
from .entities import check_new_id
from .session import Done
from .textview import Node, describe


def rename(doc: TeiDocument, old: str, new: str) -> Done:
    """`rename`: give the element with xml:id old the id new, and rewrite every `#old` in any
    attribute of the text, standOff and header. The ids apostilla made from old go along:
    `old-m1` (its mentions) becomes `new-m1`, `old-en` (its glosses) `new-en`."""
    node = doc.get(old)
    old = old.lstrip("#")
    if new == old:
        return Done([], "", [f"{old!r} already has that id; nothing changed"])
    check_new_id(doc, new)
    plan = {old: (node, new), **_derived(doc, old, new)}
    for element, fresh in plan.values():
        if fresh in doc.ids and doc.ids[fresh] is not element and fresh not in plan:
            raise Conflict(f"renaming {old} would rename {element.get(tei.XML_ID)} to {fresh}, which is already "
                           f"used by {describe(doc.ids[fresh])}", file=doc.name)
    for ident, (element, fresh) in plan.items():
        doc.release_id(ident)
    for ident, (element, fresh) in plan.items():
        doc.claim_id(element, fresh)
    pointers = _repoint(doc, {ident: fresh for ident, (_, fresh) in plan.items()})
    doc.cache.pop("glosses", None)
    also = f", and {len(plan) - 1} id(s) made from it" if len(plan) > 1 else ""
    return Done([new], f"rename {old} to {new}: {pointers} pointer(s){also}")


def _derived(doc: TeiDocument, old: str, new: str) -> dict[str, tuple[Node, str]]:
    """The ids apostilla made from old: mentions `old-mN` that point to it, glosses `old-LANG...`
    that translate it."""
    found = {}
    pointer = f"#{old}"
    for ident, element in list(doc.ids.items()):
        if not ident.startswith(f"{old}-"):
            continue
        mention = re.fullmatch(rf"{re.escape(old)}-m\d+", ident) and element.get("ref") == pointer
        gloss = tei.local(element) == "annotation" and element.get("target") == pointer
        if mention or gloss:
            found[ident] = (element, new + ident[len(old):])
    return found


def _repoint(doc: TeiDocument, renamed: dict[str, str]) -> int:
    """Rewrite `#old` tokens in every attribute of every element; how many attributes changed."""
    token = re.compile(r"(?<!\S)#([^\s#]+)(?!\S)")
    count = 0
    for value in tei.pointing_attributes(doc.root):
        if value.attrname == tei.XML_ID:
            continue
        changed = token.sub(lambda m: f"#{renamed.get(m.group(1), m.group(1))}", value)
        if changed != value:
            value.getparent().set(value.attrname, changed)
            count += 1
    return count
