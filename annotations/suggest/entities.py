"""Names: registered names and aliases not tagged yet, and capitalised names the register lacks.

A name the register lacks is a run of capitalised words (joined by de, del, of, ...) that is not a
month or weekday, not a title ("Foreign Minister"), not a word that only starts a sentence
("Unions have ..."), and not a nation's adjective (Venezuelan, Colombians). Its type is guessed
from its words and the word before it; a later lone surname becomes the alias of the full name.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from ..entities import Entity, find_names
from ..select import Finder, grapheme_boundary
from .context import WORD, Context
from .cues import (
    CONNECTORS,
    DEMONYMS,
    EN_COMMON,
    ES_COMMON,
    EVENT_WORDS,
    MONTHS,
    ORG_WORDS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    TITLES,
    WEEKDAYS,
)

_DERIVED = ("n", "an", "ns", "ans", "ian", "ians", "ean", "eans", "ese", "s")
_PERSON_TITLES = TITLES - {"union", "state", "foreign", "interior", "defence", "defense", "labour", "labor",
                           "finance", "prime", "vice"}
_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{2,6}")
# A capitalised word of the Latin alphabets (Spanish and English names), and runs of them joined by
# single spaces and connectors; found by the regular expression engine, not word by word in Python.
_CAP = r"[A-ZÀ-ÖØ-Þ]\w*(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*"
_RUN = re.compile(rf"{_CAP}(?: (?:(?:{'|'.join(sorted(CONNECTORS))}) )*{_CAP})*")
_CAP_WORD = re.compile(_CAP)
_LOWER_RUN = re.compile(r"[a-zß-öø-ÿ]+")
# Acronyms of common nouns (gross domestic product, value added tax, ...): no one's name.
_COMMON_ACRONYMS = frozenset("GDP PIB VAT IVA CEO CFO NGO ONG TV PM AM UTC GMT ID DNA ADN HIV VIH".split())


@dataclass
class Name:
    """A name found in the text: [start, end) in view offsets, and what it is."""

    start: int
    end: int
    text: str
    entity: Entity | None = None  # the registered entity it names
    alias: bool = False
    type: str = "other"
    role: str | None = None
    cert: float = 0.5
    reason: str = ""
    key: str = ""  # for a name the register lacks: the full name it belongs to
    aliases: list[str] = field(default_factory=list)


def registered(ctx: Context) -> list[Name]:
    """Every whole-word occurrence of a registered name or alias, longest first, as `entity tag` finds them."""
    finder = Finder.of(ctx.doc)
    found, _ = find_names(finder.search_text, ctx.entities)
    text = finder.search_text
    names = []
    for s, e, ent in found:
        if not (grapheme_boundary(text, s) and grapheme_boundary(text, e)):
            continue
        start, end = finder.to_view(s, e)
        if start >= end:
            continue
        written = " ".join(text[s:e].split())
        alias = _norm(written) != _norm(ent.name)
        names.append(Name(start, end, ctx.text[start:end], ent, alias, ent.type,
                          cert=0.9 if alias else 0.95,
                          reason=f"{'an alias' if alias else 'the name'} of registered {ent.type} {ent.id}"))
    return names


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def unregistered(ctx: Context, taken: list[tuple[int, int]], starts: set[int]) -> list[Name]:
    """Capitalised names the register lacks, outside the ranges taken (registered names, mentions).

    starts: view offsets where a sentence (or a quotation) begins.
    """
    capitals = _capitalised_elsewhere(ctx, starts)
    lowered = _lower_words(ctx)
    found: list[Name] = []
    for block in ctx.blocks:
        for run in _runs(block.text):
            words = [(block.start + m.start(), block.start + m.end(), m.group()) for m in run]
            for group in _split_taken(words, taken):
                name = _judge(ctx.text, group, starts, capitals, lowered)
                if name is not None:
                    found.append(name)
    _group_aliases(found)
    return found


def _runs(text: str):
    """Runs of capitalised words (with lower-case connectors between them) separated by single spaces."""
    for run in _RUN.finditer(text):
        if _word_start(text, run.start()):
            yield list(WORD.finditer(text, run.start(), run.end()))


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_'’")


def _split_taken(words, taken):
    """The runs of words left between the ranges taken (sorted, and not nested but for a few)."""
    group = []
    for w in words:
        i = bisect_left(taken, (w[1], w[1]))
        if any(a < w[1] and w[0] < b for a, b in taken[max(0, i - 4):i]):
            if group:
                yield group
            group = []
        else:
            group.append(w)
    if group:
        yield group


def _judge(text: str, words, starts: set[int], capitals: set[str], lowered: set[str]) -> Name | None:
    """A Name from a run of capitalised words, or None when it is no name."""
    words = [w for w in words]
    # Possessive: "Bogotá's" is the name Bogotá.
    last = words[-1] if words else None
    if last and re.search(r"['’]s?$", last[2]):
        cut = re.sub(r"['’]s?$", "", last[2])
        words[-1] = (last[0], last[0] + len(cut), cut)
    while words and words[0][2] in CONNECTORS:
        words.pop(0)
    if words and words[0][0] in starts:
        first = words[0][2]
        low = first.lower()
        common = (low in EN_COMMON or low in ES_COMMON or low in lowered
                  or (low.endswith(("ly", "mente")) and len(low) > 5))
        if common or (len(words) == 1 and first not in capitals):
            words.pop(0)  # "The ...", "Unions have ...": capitalised because a sentence starts there
    role = []
    while words and (words[0][2].lower() in TITLES or (role and words[0][2] in CONNECTORS)):
        role.append(words.pop(0)[2])
    while words and (words[0][2] in CONNECTORS):
        words.pop(0)
    if not words:
        return None
    first_word = words[0][2]
    if len(words) == 1:
        low = first_word.lower()
        if (len(first_word) < 2 or low in MONTHS or low in WEEKDAYS or low in DEMONYMS or low in TITLES
                or _derived(first_word, capitals) or low in EN_COMMON or low in ES_COMMON
                or first_word in _COMMON_ACRONYMS):
            return None
    start, end = words[0][0], words[-1][1]
    name = text[start:end]
    etype, why = _type(text, start, [w[2] for w in words], role)
    cert = 0.65 if len(words) > 1 else 0.55 if why else 0.4
    if role:
        cert += 0.1
    reason = f"a capitalised name not in the register ({why or 'type guessed'})"
    return Name(start, end, name, None, False, etype, " ".join(role) if role else None, min(cert, 0.8), reason,
                key=name)


def _type(text: str, start: int, words: list[str], role: list[str]) -> tuple[str, str]:
    lows = [w.lower() for w in words]
    if any(w in EVENT_WORDS for w in lows):
        return "event", "an event's word"
    if any(w in ORG_WORDS for w in lows) or (len(words) == 1 and _ACRONYM.fullmatch(words[0])):
        return "org", "an organisation's word" if len(words) > 1 else "an acronym"
    if lows[0] in PLACE_WORDS:
        return "place", "a place's word"
    if any(r.lower() in _PERSON_TITLES for r in role):
        return "person", f"after the title {' '.join(role)!r}"
    before = WORD.findall(text[max(0, start - 20):start])
    if before and before[-1].lower() in PLACE_PREPOSITIONS:
        return "place", f"after {before[-1]!r}"
    if len(words) >= 2:
        return "person", "two or more capitalised words"
    return "other", ""


def _derived(word: str, capitals: set[str]) -> bool:
    """Whether word is an adjective or plural made from another name (Venezuelan, Colombians)."""
    for suffix in _DERIVED:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and (stem in capitals or stem + "a" in capitals
                                                          or stem + "e" in capitals):
            return True
    return False


def _capitalised_elsewhere(ctx: Context, starts: set[int]) -> set[str]:
    """Capitalised words seen away from a sentence start, and the words of registered names."""
    seen = set()
    text = ctx.text
    for m in _CAP_WORD.finditer(text):
        if m.start() not in starts and _word_start(text, m.start()):
            word = m.group()
            seen.add(re.sub(r"['’]s?$", "", word) if "'" in word or "’" in word else word)
    for ent in ctx.entities:
        for name in [ent.name, *ent.aliases]:
            seen.update(WORD.findall(name))
    return seen


def _lower_words(ctx: Context) -> set[str]:
    """The words written in lower case somewhere (and the lower-case tails of others: harmless)."""
    return set(_LOWER_RUN.findall(ctx.text))


def _group_aliases(names: list[Name]) -> None:
    """A lone word that ends a longer person's name (Rojas, after Marta Rojas) belongs to that name."""
    fulls = {}
    for n in names:
        words = n.text.split()
        if len(words) > 1 and n.type == "person":
            fulls.setdefault(words[-1], n.key)
    for n in names:
        if len(n.text.split()) == 1 and n.text in fulls:
            n.key, n.type, n.alias = fulls[n.text], "person", True
            n.cert = max(n.cert, 0.6)
            n.reason = f"the surname of {fulls[n.text]!r}, a name not in the register"
    by_key: dict[str, Name] = {}
    for n in names:
        first = by_key.setdefault(n.key, n)
        if n.alias and n.text not in first.aliases:
            first.aliases.append(n.text)
        if n.role and not first.role:
            first.role = n.role
