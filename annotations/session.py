"""One change to a document file: lock, load, change, record provenance and how to undo it, save
atomically or diff. Every changing command goes through `edit`, so every one can be undone."""
from __future__ import annotations

import difflib
import getpass
import os
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from apostilla.common.files import FileLock, atomic_write, read_bytes, refuse_symlink
from apostilla.common.settings import source_date
from apostilla.common.text import visible_text

from . import records, tei
from .document import TeiDocument, insert_child
from .textview import Node


@dataclass
class Done:
    """What one operation did to a document in memory: new ids, a line for revisionDesc, warnings."""

    ids: list[str]
    description: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a changing command did: new ids, lines for the user, and the diff of a dry run."""

    ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: str | None = None
    changed: bool = False


def acting_user(by: str | None = None) -> str:
    """Who is acting: --by, else APOSTILLA_USER, else the system user."""
    if by is not None:
        return visible_text(by, "--by")
    if os.environ.get("APOSTILLA_USER"):
        return visible_text(os.environ["APOSTILLA_USER"], "$APOSTILLA_USER")
    return visible_text(_system_user(), "the system user's name (give --by NAME)")


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


_CHANGE_ID = re.compile(r"change-([0-9]{1,9})")


def now() -> datetime:
    """The current time in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds and tests)."""
    return source_date() or datetime.now(timezone.utc).replace(microsecond=0)


def timestamp() -> str:
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


class Edit:
    """A document open for one change; `record` says what was done, for revisionDesc."""

    def __init__(self, doc: TeiDocument, by: str | None, data: bytes) -> None:
        self.doc = doc
        self.by = by
        self.data = data  # the file as it was read
        self.outcome = Outcome()
        self.descriptions: list[str] = []
        self.restored: tuple[bytes, bytes] | None = None
        self.restored_as = ""
        self.base = ""
        self.taken_ids: set[str] = set()

    def record(self, description: str) -> None:
        self.descriptions.append(description)

    def restore(self, data: bytes, kind: str = "undo") -> None:
        """Make an earlier version of the file the document (for undo or redo): it is saved byte
        for byte as data, plus the record of this change (with none of the replaced ids)."""
        self.taken_ids = {c.get(tei.XML_ID) for c in self.doc.changes() if c.get(tei.XML_ID)}
        self.doc = TeiDocument.from_bytes(data, self.doc.name)
        self.restored = (data, self.doc.to_bytes())
        self.restored_as = kind
        self.base = records.signature(self.doc, data, records.last_step(self.doc))


@contextmanager
def edit(path: str | Path, *, dry_run: bool = False, by: str | None = None) -> Iterator[Edit]:
    """Open path for a change; on a clean exit record it and save atomically (or diff it)."""
    path = Path(path)
    if not dry_run:
        refuse_symlink(path)
    with FileLock(path):
        data = read_bytes(path)
        doc = TeiDocument.from_bytes(data, path)
        before = records.signature(doc, data, records.last_step(doc))
        session = Edit(doc, by, data)
        yield session
        if not session.descriptions:
            # Nothing was done: never rewrite the file (re-serializing alone could change its bytes).
            session.outcome.diff = "" if dry_run else None
            return
        new = _recorded(session, "; ".join(session.descriptions), acting_user(by), before)
        if session.doc.parsed.expanded:
            names = ", ".join(f"&{name}; ({n}x)" for name, n in sorted(session.doc.parsed.expanded.items()))
            session.outcome.warnings.append(f"the entity references {names} are written out as their text")
        session.outcome.changed = new != data
        if dry_run:
            session.outcome.diff = unified_diff(data, new, path, session.doc.parsed.encoding)
        elif session.outcome.changed:
            atomic_write(path, new)


def _recorded(session: Edit, description: str, user: str, before: str) -> bytes:
    """The changed document as bytes, with its <change> and the undo record of that change."""
    doc = session.doc
    change = add_change(doc, description, user, avoid=session.taken_ids)
    if change is None:
        session.outcome.warnings.append("revisionDesc is a list of items, where no <change> fits: "
                                        "this change is not recorded and cannot be undone")
        return doc.to_bytes()
    step, placeholder = records.start_step(doc, change, session.restored_as or "change")
    raw = doc.to_bytes()
    if session.restored is not None:
        kept = records.transplant(*session.restored, raw)
        if kept is None:
            session.outcome.warnings.append("the earlier version is back, but not in its own XML spelling: "
                                            "it is written as apostilla writes XML")
        raw = kept or raw
    base = (session.restored[0], session.base) if session.restored else None
    sealed = records.seal(raw, placeholder, session.data, before, doc, base)
    if sealed is None:
        step.getparent().remove(step)
        session.outcome.warnings.append("this change cannot be undone: its undo record could not be placed "
                                        f"in a file encoded as {doc.parsed.encoding}")
        return doc.to_bytes()
    return sealed


def unified_diff(old: bytes, new: bytes, path: Path, encoding: str = "utf-8") -> str:
    """The change as a unified diff, as `diff -u` would show it."""
    a = old.decode(encoding, errors="replace").splitlines(keepends=True)
    b = new.decode(encoding, errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, fromfile=f"a/{path.name}", tofile=f"b/{path.name}"))


def add_change(doc: TeiDocument, description: str, user: str, *, avoid: set[str] | None = None) -> Node | None:
    """Append `<change xml:id when who>` to revisionDesc, declaring the user in titleStmt if new;
    None when revisionDesc is an old-style list of items, where no <change> fits."""
    who = agent_id(doc, user)
    revision = doc.ensure(doc.header, "revisionDesc")
    holder = revision
    lists = [c for c in revision if tei.local(c) == "listChange"]
    if lists:
        holder = lists[-1]
    elif any(tei.local(c) == "list" for c in revision):
        return None  # an old-style revisionDesc of list/item: we cannot add a <change> there validly
    ident = _next_change_id(doc, avoid or set())
    change = holder.makeelement(tei.tei("change"), {tei.XML_ID: ident, "when": timestamp(), "who": f"#{who}"})
    doc.claim_id(change, ident)
    change.text = description
    insert_child(holder, change)
    return change


def _next_change_id(doc: TeiDocument, avoid: set[str]) -> str:
    """change-N, N above every change-N of the document (and of avoid): an id that undo took out
    of the file never comes back for another change."""
    numbers = [int(m.group(1)) for ident in [*doc.ids, *avoid] if (m := _CHANGE_ID.fullmatch(ident))]
    return f"change-{max(numbers, default=0) + 1}"


def agent_id(doc: TeiDocument, user: str) -> str:
    """The xml:id of the respStmt naming user in titleStmt, created when missing."""
    title_stmt = doc.header.find(f"{tei.tei('fileDesc')}/{tei.tei('titleStmt')}")
    if title_stmt is None:
        file_desc = doc.ensure(doc.header, "fileDesc")
        title_stmt = doc.ensure(file_desc, "titleStmt")
    for resp in title_stmt.iter(tei.tei("respStmt")):
        names = [n for n in resp if tei.local(n) in tei.AGENT_NAMES]
        if resp.get(tei.XML_ID) and any((n.text or "").strip() == user for n in names):
            return resp.get(tei.XML_ID)
    base = slug(user) or "user"
    ident = base if base not in doc.ids else doc.fresh_id(f"{base}-")
    resp = title_stmt.makeelement(tei.tei("respStmt"), {})
    doc.claim_id(resp, ident)
    role = resp.makeelement(tei.tei("resp"), {})
    role.text = "annotation"
    name = resp.makeelement(tei.tei("name"), {})
    name.text = user
    resp.extend([role, name])
    insert_child(title_stmt, resp)
    return ident


def slug(text: str) -> str:
    """A readable NCName from free text: 'Lucía García' -> 'lucia-garcia'."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if plain and not plain[0].isalpha():
        plain = f"x-{plain}"
    return plain
