"""What apostilla keeps with each change so that it can be undone: an undo record in the header.

Every `<change>` apostilla writes gets an xml:id and, in the header's undo log, a step that
points to it. TEI keeps data of other vocabularies in `<xenoData>`, so the log is one
`<xenoData>` holding `<undo:log xmlns:undo="urn:apostilla:undo">`, one `<undo:step
change="#change-3">` per change; nothing in it is text of the document. A step's text is four
words:

    1 AFTER BEFORE PATCH

AFTER is the SHA-256 (base64) of the file as this change wrote it, without the step's own text:
a file whose bytes differ from it was changed outside apostilla. BEFORE is the same digest of
the file the change started from, so a chain of steps shows where another tool came in between.
PATCH turns the file as this change wrote it (again without the step's text) back into the file
it started from, byte for byte (annotations/patch.py): small for small changes.

An undo (or redo) puts back an earlier version and records itself on top of it: its step says
so (`type="undo"`) and has two more words, BASE and DROP, the digest of that earlier version and
the patch back to it, so a later undo can pass over it; PATCH still leads back to the file as it
was before the undo, which is what `redo` puts back.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from apostilla.common.safexml import make_parser
from lxml import etree

from . import tei
from .document import TeiDocument, insert_child
from .patch import apply_patch, differences, reverse_patch
from .textview import Node

UNDO_NS = "urn:apostilla:undo"
VERSION = "1"
KINDS = ("change", "undo", "redo")


@dataclass(frozen=True)
class Step:
    """The undo record of one change, as read from the log."""

    change: str       # the xml:id of the <change> it belongs to
    kind: str         # "change", or "undo" / "redo" for a step that put back an earlier version
    text: str         # the whole record, as it stands in the file
    after: str
    before: str
    patch: str
    base: str         # the version below it in the document's history: BEFORE, for a change
    drop: str         # the patch back to that version: PATCH, for a change


def digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii").rstrip("=")


def steps(doc: TeiDocument) -> dict[str, Step]:
    """Every well-formed step of the document's undo log, by the id of its change."""
    found = {}
    for node in doc.header.iter(f"{{{UNDO_NS}}}step"):
        words = (node.text or "").split(" ")
        target = (node.get("change") or "").strip()
        kind = node.get("type") or "change"
        if words[0] != VERSION or not target.startswith("#") or kind not in KINDS:
            continue
        if len(words) == 4 and kind == "change":
            found[target[1:]] = Step(target[1:], kind, node.text, *words[1:], *words[2:])
        elif len(words) == 6 and kind != "change":
            found[target[1:]] = Step(target[1:], kind, node.text, *words[1:])
    return found


def last_step(doc: TeiDocument, log: dict[str, Step] | None = None) -> Step | None:
    """The step of the document's last recorded change, if that change has one."""
    changes = doc.changes()
    if not changes:
        return None
    log = steps(doc) if log is None else log
    return log.get(changes[-1].get(tei.XML_ID) or "")


def cut(data: bytes, step: Step, doc: TeiDocument) -> bytes | None:
    """The file without the step's text (what AFTER is the digest of), or None when that text is
    not in the file exactly once."""
    text = encode(step.text, doc)
    if data.count(text) != 1:
        return None
    return data.replace(text, b"", 1)


def signature(doc: TeiDocument, data: bytes, step: Step | None) -> str:
    """The digest by which a later step knows the file it started from."""
    bare = cut(data, step, doc) if step is not None else None
    return digest(data if bare is None else bare)


def encode(text: str, doc: TeiDocument) -> bytes:
    """ASCII text as the document's encoding spells it (the callers check it is found)."""
    return text.encode(doc.parsed.codec or "ascii")


# ---------------------------------------------------------------------------- writing


def start_step(doc: TeiDocument, change: Node, kind: str = "change") -> tuple[Node, str]:
    """A step for change (which has an xml:id) in the undo log, and the placeholder text that
    stands in it until `seal` puts the record there."""
    log = _log(doc)
    attrib = {"change": f"#{change.get(tei.XML_ID)}", **({"type": kind} if kind != "change" else {})}
    step = log.makeelement(f"{{{UNDO_NS}}}step", attrib)
    insert_child(log, step)
    placeholder = f"apostilla-step-{secrets.token_hex(16)}"
    step.text = placeholder
    return step, placeholder


def seal(raw: bytes, placeholder: str, started_from: bytes, before: str, doc: TeiDocument,
         base: tuple[bytes, str] | None = None) -> bytes | None:
    """raw (the saved document with the placeholder in its step) with the undo record in place,
    or None when the placeholder cannot be found once (the change is then saved unrecorded).
    base: the earlier version an undo or redo put back, and its signature."""
    mark = encode(placeholder, doc)
    if raw.count(mark) != 1 or started_from.count(mark):
        return None
    written = raw.replace(mark, b"")
    record = f"{VERSION} {digest(written)} {before} {reverse_patch(started_from, written)}"
    if base is not None:
        record += f" {base[1]} {reverse_patch(base[0], written)}"
    return raw.replace(mark, encode(record, doc))


def _log(doc: TeiDocument) -> Node:
    """The undo log, `<xenoData><undo:log>` in the header, made just before revisionDesc if missing."""
    for node in doc.header:
        if tei.local(node) == "xenoData" and len(node) and node[0].tag == f"{{{UNDO_NS}}}log":
            return node[0]
    holder = doc.header.makeelement(tei.tei("xenoData"), {})
    insert_child(doc.header, holder, before=("revisionDesc",))
    log = holder.makeelement(f"{{{UNDO_NS}}}log", {}, nsmap={"undo": UNDO_NS})
    insert_child(holder, log)
    return log


# ---------------------------------------------------------------------------- undoing


def written_by(data: bytes, step: Step, doc: TeiDocument) -> bool:
    """Whether data is the file as the change of this step wrote it."""
    written = cut(data, step, doc)
    return written is not None and digest(written) == step.after


def revert(data: bytes, step: Step, doc: TeiDocument, *, below: bool = False) -> bytes | None:
    """The file before the change whose step this is (below: the version an undo or redo put
    back), or None when data is not what that change wrote or the record does not fit."""
    written = cut(data, step, doc)
    if written is None or digest(written) != step.after:
        return None
    try:
        return apply_patch(written, step.drop if below else step.patch)
    except ValueError:
        return None


def transplant(original: bytes, normal: bytes, edited: bytes) -> bytes | None:
    """original with the edits that turned normal into edited, where normal is original as lxml
    writes it (quotes, character references, empty elements respelt): the file's own spelling
    stays byte for byte around a change recorded on a restored version. None when an edit falls
    where the two spellings differ."""
    if original == normal:
        return edited
    spelling = differences(original, normal)
    pieces, at = [], 0
    for n0, n1, e0, e1 in differences(normal, edited):
        start, end = _place(n0, spelling), _place(n1, spelling)
        if start is None or end is None or start < at:
            return None
        pieces += [original[at:start], edited[e0:e1]]
        at = end
    pieces.append(original[at:])
    kept = b"".join(pieces)
    # The respelt places are those lxml respells, never where a change goes; should an edit fall
    # beside one all the same, the result must still say what edited says.
    return kept if _same_tree(kept, edited) else None


def _same_tree(a: bytes, b: bytes) -> bool:
    try:
        first, second = (etree.fromstring(x, make_parser()) for x in (a, b))
    except etree.XMLSyntaxError:
        return False
    return etree.tostring(first, method="c14n") == etree.tostring(second, method="c14n")


def _place(offset: int, spelling: list[tuple[int, int, int, int]]) -> int | None:
    """Where an offset of the respelt file is in the original, unless it falls inside a respelling."""
    shift = 0
    for o0, o1, n0, n1 in spelling:
        if offset < n0:
            break
        if offset == n0:
            return o0
        if offset == n1:
            return o1
        if offset < n1:
            return None
        shift = o1 - n1
    return offset + shift
