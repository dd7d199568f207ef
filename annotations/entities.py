"""Entities: the register in `<standOff>` and the mentions in the text that point to it."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from apostilla.common.errors import BadInput, Conflict, NotFound, Overlap, UsageError
from apostilla.common.text import visible_text

from . import tei
from .document import TeiDocument, insert_child, is_ncname
from .languages import check_lang, same_language
from .remove import drop
from .select import Finder, grapheme_boundary, select
from .session import Done
from .textview import Node, describe

_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_SPACES = re.compile(r"\s+")


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


def entity_add(doc: TeiDocument, ident: str, etype: str, name: str, *, aliases: list[str] | None = None,
               role: str | None = None, same_as: list[str] | None = None) -> Done:
    """`entity add`: register an entity; the text is not touched."""
    add_entity(doc, ident, etype, name, aliases=aliases, role=role, same_as=same_as)
    return Done([ident], f"entity add {ident} ({etype})")


def entity_tag(doc: TeiDocument, ids: list[str] | None = None, *, every: bool = False, match: str | None = None,
               substring: bool = False, nth: int | None = None, all_: bool = False,
               within: str | None = None) -> Done:
    """`entity tag`: mark the mentions of some entities (every: all registered), or the spans of match."""
    ids = list(ids or [])
    if not ids and not every:
        raise UsageError("give an entity ID (or --every)")
    if every and (ids or match):
        raise UsageError("--every tags every registered entity: give no ID and no --match")
    if every:
        ids = [node.get(tei.XML_ID) for node in doc.registers()]
        if not ids:
            raise BadInput("no entity is registered yet (add one with `apostilla entity add`)")
    if match:
        if len(ids) != 1:
            raise BadInput("entity tag with a match takes one entity id")
        new = tag_matches(doc, ids[0], match, nth=nth, all_=all_, within=within, substring=substring)
        return Done(new, f"entity tag {ids[0]}: {len(new)} mention(s)")
    new, warnings = tag_everywhere(doc, ids)
    what = ids[0] if len(ids) == 1 else f"{len(ids)} entities"
    return Done(new, f"entity tag {what}: {len(new)} mention(s)", warnings)


def entity_set(doc: TeiDocument, ident: str, *, name: str | None = None, aliases: list[str] | None = None,
               remove_aliases: list[str] | None = None, role: str | None = None, lang: str | None = None,
               same_as: list[str] | None = None, remove_same_as: list[str] | None = None) -> Done:
    """`entity set`: change a registered entity. --alias and --same-as add to what it has
    (--remove-alias, --remove-same-as take one away); --role replaces the role in its language."""
    aliases, remove_aliases = list(aliases or []), list(remove_aliases or [])
    same_as, remove_same_as = list(same_as or []), list(remove_same_as or [])
    if lang is not None and role is None:
        raise UsageError("--lang goes with --role (the language of the role)")
    if name is None and role is None and not (aliases or remove_aliases or same_as or remove_same_as):
        raise UsageError("give what to change: --name, --alias, --remove-alias, --role, --same-as or --remove-same-as")
    ent = entity(doc, ident)
    changed = []
    if name is not None and _set_name(doc, ent, _clean(name, "--name")):
        changed.append("name")
    if _set_aliases(doc, ent, [_clean(a, "--alias") for a in aliases],
                    [_clean(a, "--remove-alias") for a in remove_aliases]):
        changed.append("aliases")
    if role is not None and _set_role(doc, ent, _clean(role, "--role"), lang):
        changed.append(f"role ({lang})" if lang else "role")
    if _set_same_as(doc, ent, [u.strip() for u in same_as], [u.strip() for u in remove_same_as]):
        changed.append("same-as")
    if not changed:
        return Done([], "", [f"entity {ident} already has these values; nothing changed"])
    return Done([ident], f"entity set {ident}: {', '.join(changed)}")


def _names(ent: Entity) -> list[Node]:
    return list(ent.node.iter(tei.tei(tei.ENTITY_TYPES[ent.type][2])))


def _plain_text(doc: TeiDocument, node: Node, what: str) -> None:
    """Refuse to overwrite an element with markup inside: its parts would be lost."""
    if len(node):
        raise BadInput(f"the {what} of {describe(node.getparent())} is marked up ({describe(node[0])}); "
                       "change it in the file", file=doc.name)


def _set_name(doc: TeiDocument, ent: Entity, name: str) -> bool:
    main = next((n for n in _names(ent) if n.get("type") != "alias"), None)
    if main is None:
        raise BadInput(f"entity {ent.id!r} has no name element to change", file=doc.name)
    if " ".join("".join(main.itertext()).split()) == name:
        return False
    _plain_text(doc, main, "name")
    main.text = name
    return True


def _set_aliases(doc: TeiDocument, ent: Entity, added: list[str], removed: list[str]) -> bool:
    t = tei.tei
    name_el = tei.ENTITY_TYPES[ent.type][2]
    changed = False
    for alias in removed:
        found = [n for n in _names(ent) if n.get("type") == "alias" and " ".join("".join(n.itertext()).split()) == alias]
        if not found:
            raise NotFound(f"entity {ent.id!r} has no alias {alias!r} (its aliases: "
                           f"{', '.join(ent.aliases) or 'none'})", file=doc.name)
        for node in found:
            drop(node.getparent() if ent.type == "other" else node)
        changed = True
    present = {ent.name, *(a for a in ent.aliases if a not in removed)}
    for alias in added:
        if alias in present:
            continue
        el = ent.node.makeelement(t(name_el), {"type": "alias"})
        el.text = alias
        if ent.type == "other":  # each name of an object is an objectIdentifier of its own
            holder = ent.node.makeelement(t("objectIdentifier"), {})
            holder.append(el)
            insert_child(ent.node, holder, after=("objectIdentifier",))
        else:
            insert_child(ent.node, el, after=(name_el,))
        present.add(alias)
        changed = True
    return changed


def role_elements(node: Node) -> list[Node]:
    """An entry's roles: a person's <occupation>s, another entity's <note type="role">s."""
    if tei.ENTRY_TYPES.get(tei.local(node)) == "person":
        return [k for k in node if tei.local(k) == "occupation"]
    return [k for k in node if tei.local(k) == "note" and k.get("type") == "role"]


def _set_role(doc: TeiDocument, ent: Entity, role: str, lang: str | None) -> bool:
    """Add or replace the role in lang; without lang, the unlabelled role (in the document's language)."""
    if lang is not None:
        check_lang(lang)
    wanted = lang or doc.text_lang()
    roles = role_elements(ent.node)
    # One role per language: the unlabelled one is in the document's language.
    same = [r for r in roles if (r.get(tei.XML_LANG) or None) == lang] or \
        [r for r in roles if same_language(r.get(tei.XML_LANG) or doc.text_lang(), wanted)]
    if same:
        node = same[0]
        if " ".join("".join(node.itertext()).split()) == role and (lang is None or node.get(tei.XML_LANG) == lang):
            return False
        _plain_text(doc, node, "role")
        node.text = role
    else:
        person = ent.type == "person"
        node = ent.node.makeelement(tei.tei("occupation" if person else "note"), {} if person else {"type": "role"})
        node.text = role
        insert_child(ent.node, node, after=(tei.local(roles[-1]),) if roles else ())
    if lang is not None:
        node.set(tei.XML_LANG, lang)
        doc.declare_language(lang)
    return True


def _set_same_as(doc: TeiDocument, ent: Entity, added: list[str], removed: list[str]) -> bool:
    changed = False
    idnos = list(ent.node.iter(tei.tei("idno")))
    for uri in removed:
        found = [i for i in idnos if (i.text or "").strip() == uri]
        if not found:
            raise NotFound(f"entity {ent.id!r} has no authority id {uri!r} (it has: "
                           f"{', '.join(ent.same_as) or 'none'})", file=doc.name)
        for node in found:
            drop(node)
            idnos.remove(node)
        changed = True
    for uri in added:
        if not uri:
            raise BadInput("--same-as is empty", file=doc.name)
        if any((i.text or "").strip() == uri for i in idnos):
            continue
        idno = ent.node.makeelement(tei.tei("idno"), {"type": idno_type(uri)})
        idno.text = uri
        if ent.type == "other":
            insert_child(ent.node[0], idno)
        elif idnos:
            insert_child(ent.node, idno, after=("idno",))
        elif ent.type == "org":  # an org's idno goes among its names, before its notes
            insert_child(ent.node, idno, after=(tei.ENTITY_TYPES["org"][2],))
        else:
            insert_child(ent.node, idno)
        idnos.append(idno)
        changed = True
    return changed


def _clean(value: str, option: str) -> str:
    return visible_text(value, option)


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


def _within_mention(path: list[Node]) -> Node | None:
    """The mention (an element with @ref) that holds the span whose path this is."""
    for node in path[1:]:
        if tei.local(node) in tei.MENTION_ELEMENTS and node.get("ref"):
            return node
    return None


def _kids_inside(doc: TeiDocument, parent: Node, start: int, end: int) -> list[Node]:
    """The children of parent that lie within [start, end) or touch it (found by bisection)."""
    starts, kids = doc.view.children(parent)
    return kids[bisect_left(starts, start):bisect_right(starts, end)]


def _holds_mention(doc: TeiDocument, path: list[Node], start: int, end: int) -> Node | None:
    """A mention inside the span whose path this is."""
    for kid in _kids_inside(doc, path[-1], start, end):
        ks, ke = doc.view.range_of(kid)
        if start <= ks and ke <= end and isinstance(kid.tag, str):
            for node in kid.iter(*(tei.tei(n) for n in tei.MENTION_ELEMENTS)):
                if node.get("ref"):
                    return node
    return None


def _one_block(doc: TeiDocument, path: list[Node], start: int, end: int) -> bool:
    """Whether the span's first and last characters are in the same paragraph-like element."""
    starts, kids = doc.view.children(path[-1])
    i = bisect_left(starts, end)
    if i == 0 or doc.view.range_of(kids[i - 1])[1] <= start:
        return True  # no element inside the span: both ends lie in the innermost element of the path
    return doc.view.block_at(start) is doc.view.block_at(end - 1)


def wrap_mention(doc: TeiDocument, ent: Entity, start: int, end: int) -> str:
    """Mark [start, end) as a mention of ent; returns the mention's id."""
    tag, extra = mention_element(ent.type)
    ident = doc.fresh_id(f"{ent.id}-m")
    node = doc.view.wrap(start, end, tag, {tei.XML_ID: ident, **extra, "ref": f"#{ent.id}"})
    doc.claim_id(node, ident)
    return ident


def tag_matches(doc: TeiDocument, ident: str, match: str, *, nth: int | None = None,
                all_: bool = False, within: str | None = None, substring: bool = False) -> list[str]:
    """Mark the spans that --match selects as mentions of one entity."""
    ent = entity(doc, ident)
    ids = []
    for span in select(doc, match, nth=nth, all_=all_, within=within, substring=substring):
        path = doc.view.path_to(span.start, span.end)
        # Not `a or b`: an lxml element without children is false.
        other = _within_mention(path)
        if other is None:
            other = _holds_mention(doc, path, span.start, span.end)
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
    candidates, warnings = find_names(finder.search_text, ents)
    new_ids = []
    text = finder.search_text
    for s, e, ent in candidates:
        if not (grapheme_boundary(text, s) and grapheme_boundary(text, e)):
            continue  # the name ends inside a character (a base letter with more accents to come)
        start, end = finder.to_view(s, e)
        if start >= end:
            continue
        path = doc.view.path_to(start, end)
        if not _one_block(doc, path, start, end):
            continue
        if any(tei.local(node) in tei.REGISTERS for node in path):
            continue  # a name in a register kept inside <text> (<back><listPerson>) is no mention
        inside = _within_mention(path)
        if inside is not None:
            if inside.get("ref") != f"#{ent.id}" or doc.view.range_of(inside) != (start, end):
                warnings.append(f"{ent.id}: {finder.context_of(start, end)} is inside {describe(inside)}; not tagged")
            continue
        holds = _holds_mention(doc, path, start, end)
        if holds is not None:
            warnings.append(f"{ent.id}: {finder.context_of(start, end)} holds {describe(holds)}; not tagged")
            continue
        try:
            new_ids.append(wrap_mention(doc, ent, start, end))
        except Overlap as exc:
            warnings.append(f"{ent.id}: {finder.context_of(start, end)}: {exc.message}; not tagged")
    return new_ids, warnings


def find_names(text: str, ents: list[Entity]) -> tuple[list[tuple[int, int, Entity]], list[str]]:
    """Leftmost-longest whole-word occurrences of every name, in one scan of the words.

    Names are kept in a trie of words, so the cost per word of the text does not grow with the
    number of names that share a first word ("Cooperativa ...", "San ..."). Also returns a
    warning for each name that two entities share (the first registered gets it).
    """
    trie: dict = {}
    odd: list[tuple[int, re.Pattern[str], Entity]] = []
    clashes: list[str] = []
    for ent in ents:
        for name in [ent.name, *ent.aliases]:
            name = " ".join(unicodedata.normalize("NFC", name).split())
            parts = _WORD_SPLIT.split(name)  # ["", word, separator, word, ..., suffix]
            if len(parts) < 3 or parts[0] or " " in parts[-1]:
                # Starts with punctuation or ends with spaced punctuation: a pattern of its own.
                # Every place it starts, overlapping ones too: the one chosen may not be the first.
                body = r"\s+".join(re.escape(w) for w in name.split())
                pattern = re.compile(rf"(?<!\w)(?=({body})(?!\w))")
                odd.append((len(name), pattern, ent))
                continue
            node = trie
            for i in range(1, len(parts) - 1, 2):
                node = node.setdefault((parts[i - 1] if i > 1 else "", parts[i]), {})
            ends = node.setdefault(None, [])
            owner = next((e for suffix, e in ends if suffix == parts[-1]), None)
            if owner is None:
                ends.append((parts[-1], ent))
                ends.sort(key=lambda end: -len(end[0]))
            elif owner is not ent:
                clashes.append(f"{ent.id}: the name {name!r} is also {owner.id}'s; tagged as {owner.id}")
    starts: list[tuple[int, int, int, Entity]] = []
    for word in _WORD.finditer(text):
        node = trie.get(("", word.group()))
        if node is not None:
            found = _longest(text, word.end(), node)
            if found is not None:
                starts.append((word.start(), word.start() - found[0], found[0], found[1]))
    for length, pattern, ent in odd:
        for m in pattern.finditer(text):
            starts.append((m.start(1), -length, m.end(1), ent))
    starts.sort(key=lambda item: (item[0], item[1]))
    chosen, covered = [], 0
    for begin, _, end, ent in starts:
        if begin >= covered:
            chosen.append((begin, end, ent))
            covered = end
    return chosen, clashes


def _longest(text: str, pos: int, node: dict) -> tuple[int, Entity] | None:
    """The end and entity of the longest name that goes on, from pos, along the trie from node."""
    found = None
    while True:
        for suffix, ent in node.get(None, ()):
            end = pos + len(suffix)
            if text.startswith(suffix, pos) and _WORD.match(text, end) is None:
                found = (end, ent)
                break
        if len(node) == (None in node):  # no longer name goes this way
            return found
        following = _WORD.search(text, pos)
        if following is None:
            return found
        # As in --match, a run of white space between two words equals any other run.
        node = node.get((_SPACES.sub(" ", text[pos:following.start()]), following.group()))
        if node is None:
            return found
        pos = following.end()
