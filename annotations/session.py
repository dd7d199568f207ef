"""One change to a document file: lock, load, change, record provenance, save atomically or diff."""
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

from . import tei
from .document import TeiDocument, insert_child


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


def now() -> datetime:
    """The current time in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds and tests)."""
    return source_date() or datetime.now(timezone.utc).replace(microsecond=0)


def timestamp() -> str:
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


class Edit:
    """A document open for one change; `record` says what was done, for revisionDesc."""

    def __init__(self, doc: TeiDocument, by: str | None) -> None:
        self.doc = doc
        self.by = by
        self.outcome = Outcome()
        self.descriptions: list[str] = []

    def record(self, description: str) -> None:
        self.descriptions.append(description)


@contextmanager
def edit(path: str | Path, *, dry_run: bool = False, by: str | None = None) -> Iterator[Edit]:
    """Open path for a change; on a clean exit record it and save atomically (or diff it)."""
    path = Path(path)
    if not dry_run:
        refuse_symlink(path)
    with FileLock(path):
        data = read_bytes(path)
        doc = TeiDocument.from_bytes(data, path)
        session = Edit(doc, by)
        yield session
        if not session.descriptions:
            # Nothing was done: never rewrite the file (re-serializing alone could change its bytes).
            session.outcome.diff = "" if dry_run else None
            return
        add_change(doc, "; ".join(session.descriptions), acting_user(by))
        new = doc.to_bytes()
        if doc.parsed.expanded:
            names = ", ".join(f"&{name}; ({n}x)" for name, n in sorted(doc.parsed.expanded.items()))
            session.outcome.warnings.append(f"the entity references {names} are written out as their text")
        session.outcome.changed = new != data
        if dry_run:
            session.outcome.diff = unified_diff(data, new, path, doc.parsed.encoding)
        elif session.outcome.changed:
            atomic_write(path, new)


def unified_diff(old: bytes, new: bytes, path: Path, encoding: str = "utf-8") -> str:
    """The change as a unified diff, as `diff -u` would show it."""
    a = old.decode(encoding, errors="replace").splitlines(keepends=True)
    b = new.decode(encoding, errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, fromfile=f"a/{path.name}", tofile=f"b/{path.name}"))


def add_change(doc: TeiDocument, description: str, user: str) -> None:
    """Append `<change when who>` to revisionDesc, declaring the user in titleStmt if new."""
    who = agent_id(doc, user)
    revision = doc.ensure(doc.header, "revisionDesc")
    holder = revision
    lists = [c for c in revision if tei.local(c) == "listChange"]
    if lists:
        holder = lists[-1]
    elif any(tei.local(c) == "list" for c in revision):
        return  # an old-style revisionDesc of list/item: we cannot add a <change> there validly
    change = holder.makeelement(tei.tei("change"), {"when": timestamp(), "who": f"#{who}"})
    change.text = description
    insert_child(holder, change)


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
