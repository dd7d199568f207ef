"""Suggestions as a batch for `apostilla apply`: one commented line per suggestion, to keep or delete.

Each line selects its span as `--match` would, inside its paragraph (`in`), with `nth` when the
text occurs there more than once; the selection is checked against the document, so applying the
line wraps exactly the suggested span. A name the register lacks gets an `entity add` first.
"""
from __future__ import annotations

import json
import re
import unicodedata

from ..document import TeiDocument
from ..select import Finder
from .model import Suggestion


def batch_lines(doc: TeiDocument, found: list[Suggestion], *, source: str = "DOC") -> list[str]:
    """The JSON Lines (and # comments) that carry out the suggestions with `apostilla apply`."""
    finder = Finder.of(doc)
    lines = [f"# apostilla suggest: {len(found)} suggestion(s) for {source}. Delete the lines you reject,",
             f"# then run: apostilla apply {source} FILE"]
    new_ids = _new_entity_ids(doc, found)
    heads: dict[str, list[str]] = {}
    for s in found:
        if s.new_entity is not None:
            heads.setdefault(str(s.new_entity["key"]), []).append(s.id)
    if heads:
        lines.append("# Entities the register lacks: a line below that tags one needs its `entity add`.")
    done = set()
    for s in found:
        if s.new_entity is None or s.new_entity["key"] in done:
            continue
        key = str(s.new_entity["key"])
        done.add(key)
        op = {"op": "entity add", "id": new_ids[key], "type": s.new_entity["type"], "name": s.new_entity["name"]}
        if s.new_entity.get("aliases"):
            op["aliases"] = list(s.new_entity["aliases"])
        if s.new_entity.get("role"):
            op["role"] = s.new_entity["role"]
        lines.append(f"# new {s.new_entity['type']} {new_ids[key]}, tagged by {', '.join(heads[key])}")
        lines.append(_json(op))
    for s in found:
        lines.append(f"# {s.id} {s.kind} ({s.cert:.2f}) {s.paragraph or '-'}: {_short(s.text)} — {_one_line(s.reason)}")
        where = _selection(doc, finder, s)
        if where is None:
            lines.append(f"# {s.id}: no --match selects exactly this span; annotate it by hand")
            continue
        op = _operation(s, where, new_ids)
        if s.kind == "date" and not s.extra.get("when"):
            lines.append(f"# {_json(op)}  <- give the date, then remove the '#'")
        else:
            lines.append(_json(op))
    return lines


def _operation(s: Suggestion, where: dict, new_ids: dict[str, str]) -> dict:
    if s.kind == "quote":
        op = {"op": "quote add", **where, "lang": s.extra["lang"]}
        if s.extra.get("speaker"):
            op["speaker"] = s.extra["speaker"]
        return op
    if s.kind == "entity":
        ident = s.extra["entity"] or new_ids[str(s.new_entity["key"])]
        return {"op": "entity tag", "id": ident, **where}
    if s.kind == "date":
        return {"op": "mark", **where, "date": s.extra.get("when") or "YYYY-MM-DD"}
    op = {"op": "mark", **where, "measure": s.extra["quantity"]}
    if s.extra.get("unit"):
        op["unit"] = s.extra["unit"]
    return op


def _selection(doc: TeiDocument, finder: Finder, s: Suggestion) -> dict | None:
    """match, in and nth that select exactly [s.start, s.end), or None if no match can."""
    within = None
    if s.paragraph:
        within = doc.view.range_of(doc.get(s.paragraph))
    spans, _ = finder.find(s.text, within=within)
    for i, span in enumerate(spans, 1):
        if (span.start, span.end) == (s.start, s.end):
            where: dict = {"match": " ".join(s.text.split())}
            if s.paragraph:
                where["in"] = s.paragraph
            if len(spans) > 1:
                where["nth"] = i
            return where
    return None


def _new_entity_ids(doc: TeiDocument, found: list[Suggestion]) -> dict[str, str]:
    """A readable, unused xml:id for each entity the register lacks (marta-rojas, san-antonio)."""
    ids: dict[str, str] = {}
    used = set(doc.ids)
    for s in found:
        if s.new_entity is None or s.new_entity["key"] in ids:
            continue
        ascii_name = unicodedata.normalize("NFKD", str(s.new_entity["name"])).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "entity"
        if not base[0].isalpha():
            base = f"e-{base}"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        ids[str(s.new_entity["key"])] = ident
    return ids


def _json(op: dict) -> str:
    return json.dumps(op, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, width: int = 60) -> str:
    text = _one_line(text)
    return f"“{text}”" if len(text) <= width else f"“{text[:width - 25]}…{text[-20:]}”"
