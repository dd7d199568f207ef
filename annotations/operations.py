"""The changing operations by name, shared by the commands and by `apply` batches."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .document import TeiDocument
from .entities import add_entity, tag_everywhere, tag_matches
from apostilla.common.errors import ApostillaError, BadInput
from .glosses import add_gloss
from .marks import mark
from .quotes import add_quote
from .remove import remove
from .session import Outcome, edit
from .tei import XML_ID


@dataclass
class Done:
    """What one operation did to the document in memory."""

    ids: list[str]
    description: str
    warnings: list[str] = field(default_factory=list)


def as_list(value: Any) -> list[str]:
    """A list option from a command line list, a JSON array or a CSV cell of items joined by "|"."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    return [str(v) for v in value]


def entity_add(doc: TeiDocument, p: dict) -> Done:
    add_entity(doc, p["id"], p["type"], p["name"], aliases=as_list(p.get("aliases")), role=p.get("role"),
               same_as=as_list(p.get("same_as")))
    return Done([p["id"]], f"entity add {p['id']} ({p['type']})")


def entity_tag(doc: TeiDocument, p: dict) -> Done:
    ids = as_list(p.get("ids")) or as_list(p.get("id"))
    if p.get("every"):
        ids = [node.get(XML_ID) for node in doc.registers()]
        if not ids:
            raise BadInput("no entity is registered yet (add one with `apostilla entity add`)")
    if not ids:
        raise BadInput("entity tag needs an entity id")
    if p.get("match"):
        if len(ids) != 1:
            raise BadInput("entity tag with a match takes one entity id")
        new = tag_matches(doc, ids[0], p["match"], nth=p.get("nth"), all_=bool(p.get("all")), within=p.get("in"))
        return Done(new, f"entity tag {ids[0]}: {len(new)} mention(s)")
    new, warnings = tag_everywhere(doc, ids)
    what = ids[0] if len(ids) == 1 else f"{len(ids)} entities"
    return Done(new, f"entity tag {what}: {len(new)} mention(s)", warnings)


def mark_op(doc: TeiDocument, p: dict) -> Done:
    new = mark(doc, p["match"], when=p.get("date"), quantity=_str(p.get("measure")), unit=p.get("unit"),
               term_lang=p.get("term"), ident=p.get("id"), nth=p.get("nth"), all_=bool(p.get("all")),
               within=p.get("in"))
    kind = "date" if p.get("date") else "term" if p.get("term") else "measure"
    return Done(new, f"mark {kind} {', '.join(new) or '(none new)'}")


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def quote_add(doc: TeiDocument, p: dict) -> Done:
    qid = add_quote(doc, p["match"], p["lang"], speaker=p.get("speaker"), ident=p.get("id"), nth=p.get("nth"),
                    within=p.get("in"))
    return Done([qid], f"quote add {qid} ({p['lang']})")


def gloss_add(doc: TeiDocument, p: dict) -> Done:
    gid = add_gloss(doc, p["target"], p["lang"], p["text"], translator=p.get("translator"),
                    status=p.get("status") or "draft", replace=bool(p.get("replace")))
    return Done([gid], f"gloss add {gid} ({p.get('status') or 'draft'})")


def remove_op(doc: TeiDocument, p: dict) -> Done:
    what = remove(doc, p["id"])
    return Done([p["id"]], f"remove {what}")


OPERATIONS: dict[str, tuple[Callable[[TeiDocument, dict], Done], tuple[str, ...]]] = {
    "entity.add": (entity_add, ("id", "type", "name")),
    "entity.tag": (entity_tag, ()),
    "mark": (mark_op, ("match",)),
    "quote.add": (quote_add, ("match", "lang")),
    "gloss.add": (gloss_add, ("target", "lang", "text")),
    "remove": (remove_op, ("id",)),
}


# The fields each operation reads: its command's options, spelled with "_" ("same_as", "in").
FIELDS: dict[str, frozenset[str]] = {
    "entity.add": frozenset({"id", "type", "name", "aliases", "role", "same_as"}),
    "entity.tag": frozenset({"id", "ids", "every", "match", "nth", "all", "in"}),
    "mark": frozenset({"match", "date", "measure", "unit", "term", "id", "nth", "all", "in"}),
    "quote.add": frozenset({"match", "lang", "speaker", "id", "nth", "in"}),
    "gloss.add": frozenset({"target", "lang", "text", "translator", "status", "replace"}),
    "remove": frozenset({"id"}),
}


def op_name(name: str) -> str:
    """Accept 'entity add', 'entity_add' and 'entity.add' alike."""
    key = ".".join(str(name).strip().lower().replace("_", " ").replace("-", " ").replace(".", " ").split())
    if key not in OPERATIONS:
        raise BadInput(f"unknown operation {name!r}; use one of {', '.join(OPERATIONS)}")
    return key


def perform(doc: TeiDocument, name: str, params: dict) -> Done:
    """Run one named operation on a document in memory."""
    key = op_name(name)
    function, required = OPERATIONS[key]
    missing = [r for r in required if params.get(r) in (None, "")]
    if missing:
        raise BadInput(f"{key} needs {', '.join(missing)}", file=doc.name)
    try:
        return function(doc, params)
    except ApostillaError as exc:
        # Checks of option values know no file; the message names the document all the same.
        if exc.file is None:
            exc.file = doc.name
        raise


def run(path: str | Path, name: str, params: dict, *, dry_run: bool = False, by: str | None = None) -> Outcome:
    """Run one operation on a file: locked, recorded in revisionDesc, saved atomically."""
    with edit(path, dry_run=dry_run, by=by) as session:
        done = perform(session.doc, name, params)
        session.outcome.ids = done.ids
        session.outcome.warnings = done.warnings
        if done.ids:  # an operation that added nothing leaves the file byte-identical
            session.record(done.description)
    return session.outcome
