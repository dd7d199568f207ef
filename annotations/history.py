"""`history`, `undo` and `redo`: the changes recorded in a document, taking the last ones back,
and taking back an undo.

Undo replays the records of annotations/records.py backwards: the file is then byte for byte
what it was before the changes it takes back, plus one `<change>` saying so. Repeated, it goes
further back: it passes over the records of earlier undos (and redos) to the changes below them.
Redo takes back the last undo the same way. Both are changes like any other (they go through
`session.edit`), recorded, and checked against edits made outside apostilla.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apostilla.common.errors import BadInput, UsageError
from apostilla.common.files import read_bytes

from . import records, tei
from .document import TeiDocument, text_of
from .session import Edit, Outcome, edit
from .textview import Node

NO_RECORD = ("it has no undo record (the document's creation, a change made by another tool, "
             "or one from before apostilla kept undo records)")
EDITED_AFTER = "the file was changed outside apostilla after this change"


@dataclass
class Change:
    """One recorded change, and whether `undo --steps N` can take it back."""

    id: str | None
    when: str
    who: str
    what: str
    kind: str = "change"     # or "undo", "redo": a record that put back an earlier version
    steps: int | None = None  # the --steps that takes it back, with every later change
    reason: str | None = None  # why undo cannot reach it
    step: records.Step | None = None

    @property
    def undoable(self) -> bool:
        return self.steps is not None

    def label(self) -> str:
        return f"{self.id or 'a change'} ({self.what})"


def history(path: str | Path) -> list[Change]:
    """The document's recorded changes, oldest first, each marked with what undo can do with it."""
    data = read_bytes(Path(path))
    return recorded_changes(TeiDocument.from_bytes(data, path), data)


def recorded_changes(doc: TeiDocument, data: bytes) -> list[Change]:
    """Every <change> of the header, checked from the newest back against the undo records.

    The newest is within reach if the file is what it wrote; each earlier one if every later
    one is, and the one after it started from what it wrote (no other tool came in between).
    Records of undos and redos are passed over and not counted.
    """
    log = records.steps(doc)
    expected = records.signature(doc, data, records.last_step(doc, log))
    found: list[Change] = []
    blocker: Change | None = None
    counted = 0
    for node in reversed(doc.changes()):
        ident = node.get(tei.XML_ID)
        step = log.get(ident or "")
        change = Change(ident, node.get("when") or "", _who(doc, node), text_of(node),
                        step.kind if step else "change", step=step)
        if blocker is not None:
            change.reason = f"{blocker.id or 'a later change'}, made after it, cannot be undone"
        elif step is None:
            change.reason, blocker = NO_RECORD, change
        elif step.after != expected:
            change.reason, blocker = EDITED_AFTER, change
        else:
            expected = step.base
            if change.kind == "change":
                counted += 1
                change.steps = counted
        found.append(change)
    return found[::-1]


def _who(doc: TeiDocument, change: Node) -> str:
    """The names of the people @who points to (as titleStmt gives them), else @who itself."""
    names = []
    for pointer in (change.get("who") or "").split():
        node = doc.ids.get(pointer[1:]) if pointer.startswith("#") else None
        agents = [text_of(n) for n in node.iter() if tei.local(n) in tei.AGENT_NAMES] if node is not None else []
        names.append(agents[0] if agents else pointer)
    return ", ".join(names)


def undo(path: str | Path, *, steps: int = 1, dry_run: bool = False, by: str | None = None) -> Outcome:
    """Take back the last `steps` recorded changes: the file is then byte for byte what it was
    before them, plus one <change> recording the undo."""
    if steps < 1:
        raise UsageError("--steps counts from 1")
    with edit(path, dry_run=dry_run, by=by) as session:
        listed = recorded_changes(session.doc, session.data)
        taken: list[Change] = []
        current = session.data
        for i in range(len(listed) - 1, -1, -1):
            if len(taken) == steps:
                break
            change = listed[i]
            if change.step is None or change.reason:
                raise BadInput(_short_of(steps, taken, change), file=session.doc.name)
            current = _below(current, change, listed[i - 1] if i else None, session)
            if change.kind == "change":
                taken.append(change)
        if not taken:
            raise BadInput("nothing to undo: the document records no change", file=session.doc.name)
        if len(taken) < steps:
            raise BadInput(f"--steps {steps}: the document records only {len(taken)} change(s) undo can "
                           "take back", file=session.doc.name)
        session.restore(current, "undo")
        session.record("undo " + "; ".join(f"{c.id} of {c.when} by {c.who}: {c.what}" for c in taken))
        session.outcome.messages = [f"undone: {c.label()}" for c in taken]
    return session.outcome


def redo(path: str | Path, *, dry_run: bool = False, by: str | None = None) -> Outcome:
    """Take back the last undo: the file is then byte for byte what it was before that undo, plus
    one <change> recording the redo."""
    with edit(path, dry_run=dry_run, by=by) as session:
        listed = recorded_changes(session.doc, session.data)
        current = session.data
        for i in range(len(listed) - 1, -1, -1):
            change = listed[i]
            if change.kind == "change":
                raise BadInput(f"nothing to redo: the newest change, {change.label()}, is not an undo",
                               file=session.doc.name)
            if change.reason:
                raise BadInput(f"{change.label()} cannot be taken back: {change.reason}", file=session.doc.name)
            if change.kind == "redo":
                current = _below(current, change, listed[i - 1] if i else None, session)
                continue
            before = records.revert(current, change.step, session.doc)
            if before is None:
                raise BadInput(f"{change.label()} cannot be taken back: {EDITED_AFTER}", file=session.doc.name)
            session.restore(before, "redo")
            if session.base != change.step.before:
                raise BadInput(f"{change.label()} cannot be taken back: its record does not give back the "
                               "file it started from", file=session.doc.name)
            session.record(f"redo {change.id}: took back {change.what}")
            session.outcome.messages = [f"took back {change.label()}"]
            return session.outcome
        raise BadInput("nothing to redo: the document records no undo", file=session.doc.name)


def _below(data: bytes, change: Change, earlier: Change | None, session: Edit) -> bytes:
    """The file as it was below change in its history, checked against the digest kept for it."""
    previous = records.revert(data, change.step, session.doc, below=True)
    if previous is None:
        raise BadInput(f"{change.label()} cannot be undone: {EDITED_AFTER}", file=session.doc.name)
    if records.signature(session.doc, previous, earlier.step if earlier else None) != change.step.base:
        raise BadInput(f"{change.label()} cannot be undone: its undo record does not give back the file "
                       "it started from", file=session.doc.name)
    return previous


def _short_of(steps: int, taken: list[Change], change: Change) -> str:
    can = f"only {len(taken)} can" if taken else "none can"
    return f"cannot undo {steps} change(s) ({can}): {change.label()} cannot be undone: {change.reason}"
