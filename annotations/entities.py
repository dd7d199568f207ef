"""Entities: the register in `<standOff>` and the mentions in the text that point to it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import tei
from .document import TeiDocument, insert_child, is_ncname
from .errors import BadInput, Conflict, NotFound, Overlap
from .select import Finder, select
from .textview import Node, describe

_WORD = re.compile(r"\w+")
# Registers and their entries: the names in them describe entities, they do not mention them.
_REGISTERS = frozenset({"listPerson", "listPersonGrp", "listOrg", "listPlace", "listEvent", "listObject",
                        "listNym", "listRelation", "person", "personGrp", "org", "place", "event", "object"})


@dataclass
class Entity:
    """A register entry as the rest of apostilla sees it."""

    id: str
    type: str
    name: str
    aliases: list[str]
    role: str | None
    same_as: list[str]
    node: Node


def check_new_id(doc: TeiDocument, ident: str, what: str = "id") -> str:
    if not is_ncname(ident):
        raise BadInput(f"{what} {ident!r} is not a valid xml:id (a letter or _, then letters, digits, "
                       "'-', '_' or '.')", file=doc.name)
    if ident in doc.ids:
        raise Conflict(f"{what} {ident!r} is already used by {describe(doc.ids[ident])}", file=doc.name)
    return ident


def idno_type(uri: str) -> str:
    """The `<idno type>` for an authority identifier."""
    low = uri.lower()
    if re.fullmatch(r"q\d+", low) or "wikidata.org" in low:
        return "wikidata"
    if "viaf.org" in low:
        return "viaf"
    if "d-nb.info/gnd" in low:
        return "gnd"
    return "URI"


def add_entity(doc: TeiDocument, ident: str, etype: str, name: str, *, aliases: list[str] | None = None,
               role: str | None = None, same_as: list[str] | None = None) -> Node:
    """Register an entity in standOff; the text is not touched."""
    if etype not in tei.ENTITY_TYPES:
        raise BadInput(f"unknown entity type {etype!r}; use one of {', '.join(tei.ENTITY_TYPES)}", file=doc.name)
    check_new_id(doc, ident, "entity id")
    name = _clean(name, "--name")
    aliases = [_clean(a, "--alias") for a in aliases or []]
    list_name, entry_name, name_el, _ = tei.ENTITY_TYPES[etype]
    register = doc.standoff_list(list_name, create=True)
    entry = register.makeelement(tei.tei(entry_name), {})
    doc.claim_id(entry, ident)
    t = tei.tei
    idnos = []
    for uri in same_as or []:
        idno = entry.makeelement(t("idno"), {"type": idno_type(uri)})
        idno.text = uri.strip()
        idnos.append(idno)
    names = []
    for value, alias in [(name, False)] + [(a, True) for a in aliases]:
        el = entry.makeelement(t(name_el), {"type": "alias"} if alias else {})
        el.text = value
        names.append(el)
    role_el = None
    if role:
        role_el = entry.makeelement(t("occupation" if etype == "person" else "note"),
                                    {} if etype == "person" else {"type": "role"})
        role_el.text = _clean(role, "--role")
    if etype == "event":
        entry.extend(idnos + names)  # an event's idno must come first
    elif etype == "other":
        for el in names:
            identifier = entry.makeelement(t("objectIdentifier"), {})
            identifier.append(el)
            entry.append(identifier)
        if idnos:
            entry[0].extend(idnos)
    else:
        entry.extend(names + idnos)
    if role_el is not None:
        entry.append(role_el)
    insert_child(register, entry)
    return entry


def _clean(value: str, option: str) -> str:
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if not value:
        raise BadInput(f"{option} is empty")
    return value


def entity(doc: TeiDocument, ident: str) -> Entity:
    """The registered entity with this id, or NotFound."""
    node = doc.ids.get(ident)
    if node is None or tei.local(node) not in tei.ENTRY_TYPES:
        raise NotFound(f"no registered entity {ident!r} (add it with `apostilla entity add`)", file=doc.name)
    return as_entity(node)


def as_entity(node: Node) -> Entity:
    etype = tei.ENTRY_TYPES[tei.local(node)]
    name_el = tei.ENTITY_TYPES[etype][2]
    name, aliases = None, []
    for el in node.iter(tei.tei(name_el)):
        text = " ".join("".join(el.itertext()).split())
        if el.get("type") == "alias":
            aliases.append(text)
        elif name is None:
            name = text
    role_el = node.find(tei.tei("occupation")) if etype == "person" else None
    if role_el is None:
        role_el = node.find(f"{tei.tei('note')}[@type='role']")
    same_as = [(i.text or "").strip() for i in node.iter(tei.tei("idno"))]
    return Entity(id=node.get(tei.XML_ID), type=etype, name=name or "", aliases=aliases,
                  role=(role_el.text or "").strip() if role_el is not None else None,
                  same_as=same_as, node=node)


# ---------------------------------------------------------------------------- mentions


def mention_element(etype: str) -> tuple[str, dict[str, str]]:
    """The element name and extra attributes of a mention of this entity type."""
    name = tei.ENTITY_TYPES[etype][3]
    return tei.tei(name), ({"type": "event"} if etype == "event" else {})


def _within_mention(doc: TeiDocument, start: int, end: int) -> Node | None:
    for node in doc.view.path_to(start, end)[1:]:
        if tei.local(node) in tei.MENTION_ELEMENTS and node.get("ref"):
            return node
    return None


def _holds_mention(doc: TeiDocument, start: int, end: int) -> Node | None:
    view = doc.view
    parent = view.path_to(start, end)[-1]
    for kid in parent:
        ks, ke = view.range_of(kid)
        if start <= ks and ke <= end and isinstance(kid.tag, str):
            for node in kid.iter(*(tei.tei(n) for n in tei.MENTION_ELEMENTS)):
                if node.get("ref"):
                    return node
    return None


def wrap_mention(doc: TeiDocument, ent: Entity, start: int, end: int) -> str:
    """Mark [start, end) as a mention of ent; returns the mention's id."""
    tag, extra = mention_element(ent.type)
    ident = doc.fresh_id(f"{ent.id}-m")
    node = doc.view.wrap(start, end, tag, {tei.XML_ID: ident, **extra, "ref": f"#{ent.id}"})
    doc.claim_id(node, ident)
    return ident


def tag_matches(doc: TeiDocument, ident: str, match: str, *, nth: int | None = None,
                all_: bool = False, within: str | None = None) -> list[str]:
    """Mark the spans that --match selects as mentions of one entity."""
    ent = entity(doc, ident)
    ids = []
    for span in select(doc, match, nth=nth, all_=all_, within=within):
        # Not `a or b`: an lxml element without children is false.
        other = _within_mention(doc, span.start, span.end)
        if other is None:
            other = _holds_mention(doc, span.start, span.end)
        if other is not None:
            if other.get("ref") == f"#{ent.id}" and doc.view.range_of(other) == (span.start, span.end):
                continue  # already tagged: tagging again adds nothing
            raise Conflict(f"the selection would put a mention inside or around {describe(other)}",
                           file=doc.name)
        ids.append(wrap_mention(doc, ent, span.start, span.end))
    return ids


def tag_everywhere(doc: TeiDocument, idents: list[str]) -> tuple[list[str], list[str]]:
    """Mark every whole-word mention of these entities' names and aliases, longest first.

    One pass over the text whatever the number of entities. Returns (new ids, warnings).
    """
    ents = [entity(doc, ident) for ident in idents]
    finder = Finder.of(doc)
    candidates = _find_names(finder.search_text, ents)
    new_ids, warnings = [], []
    for s, e, ent in candidates:
        start, end = finder.to_view(s, e)
        if doc.view.block_at(start) is not doc.view.block_at(end - 1):
            continue
        if any(tei.local(node) in _REGISTERS for node in doc.view.path_to(start, end)):
            continue  # a name in a register kept inside <text> (<back><listPerson>) is no mention
        inside = _within_mention(doc, start, end)
        if inside is not None:
            if inside.get("ref") != f"#{ent.id}" or doc.view.range_of(inside) != (start, end):
                warnings.append(f"{ent.id}: {finder.context_of(start, end)} is inside {describe(inside)}; not tagged")
            continue
        holds = _holds_mention(doc, start, end)
        if holds is not None:
            warnings.append(f"{ent.id}: {finder.context_of(start, end)} holds {describe(holds)}; not tagged")
            continue
        try:
            new_ids.append(wrap_mention(doc, ent, start, end))
        except Overlap as exc:
            warnings.append(f"{ent.id}: {finder.context_of(start, end)}: {exc.message}; not tagged")
    return new_ids, warnings


def _find_names(text: str, ents: list[Entity]) -> list[tuple[int, int, Entity]]:
    """Leftmost-longest whole-word occurrences of every name, found in one scan of the words."""
    by_first: dict[str, list[tuple[int, re.Pattern[str], Entity]]] = {}
    odd: list[tuple[int, re.Pattern[str], Entity]] = []
    for ent in ents:
        for name in [ent.name, *ent.aliases]:
            words = unicodedata.normalize("NFC", name).split()
            if not words:
                continue
            pattern = re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
            first = _WORD.match(words[0])
            entry = (len(" ".join(words)), pattern, ent)
            if first is not None and first.end() > 0:
                by_first.setdefault(first.group(), []).append(entry)
            else:
                odd.append(entry)
    for entries in by_first.values():
        entries.sort(key=lambda item: -item[0])
    starts: list[tuple[int, int, int, Entity]] = []
    for word in _WORD.finditer(text):
        for length, pattern, ent in by_first.get(word.group(), ()):
            m = pattern.match(text, word.start())
            if m:
                starts.append((word.start(), -length, m.end(), ent))
                break
        else:
            # The name's first word may be a prefix of a longer run of word characters.
            pass
    for length, pattern, ent in odd:
        for m in pattern.finditer(text):
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                starts.append((m.start(), -length, m.end(), ent))
    starts.sort(key=lambda item: (item[0], item[1]))
    chosen, covered = [], 0
    for start, _, end, ent in starts:
        if start >= covered:
            chosen.append((start, end, ent))
            covered = end
    return chosen
