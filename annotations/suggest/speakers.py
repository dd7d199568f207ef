"""Who said a quotation: a reporting verb near it and the registered person or organisation nearest.

Patterns: "Petro said: '...'", "'...', dijo Petro", "'...', dijo el presidente" (a role in the
register), "según Petro", "He ... dismissing ... as '...'" (the person last named), and a quote
introduced by a colon after its speaker. A name followed by 's, or after "to"/"a" (the addressee),
is not the speaker.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .. import tei
from ..entities import Entity
from .context import WORD, VerbIndex, words_between
from .cues import (
    ADDRESSEE_WORDS,
    ROLE_EQUIVALENTS,
    SOURCE_WORDS,
    SUBJECT_PRONOUNS,
    TITLES,
)

_AFTER_WORDS = 6  # how far after a quote its reporting verb may stand ("—dijo ayer el presidente")


@dataclass
class Mention:
    """A registered entity's name in the text, in view offsets."""

    start: int
    end: int
    entity: Entity
    possessive: bool
    in_quote: bool


def is_speaker(ent: Entity) -> bool:
    return ent.type in tei.SPEAKER_TYPES or tei.local(ent.node) == "personGrp"


def possessive(text: str, end: int) -> bool:
    """Whether the name ending at end is followed by 's or ' (Petro's government, the Flores' house)."""
    return bool(re.match(r"['’]s?\b", text[end:end + 3]))


class Speakers:
    """Finds the speaker of each quote of a document, given its registered names in the text."""

    def __init__(self, text: str, mentions: list[Mention], entities: list[Entity], verbs: VerbIndex) -> None:
        self.text = text
        self.verbs = verbs
        self.mentions = sorted((m for m in mentions if is_speaker(m.entity)), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.entities = [e for e in entities if is_speaker(e)]

    def find(self, sentence: tuple[int, int], quote: tuple[int, int],
             after: tuple[int, int] | None = None) -> tuple[str | None, str]:
        """(speaker id or None, why) for a quote [start, end) in a sentence, all in view offsets.

        after: where the narrator's words stand when they are not simply after the quote (a dash).
        """
        s_start, s_end = sentence
        q_start, q_end = quote
        after = after or (q_end, s_end)
        verb_after = self._verb(after[0], after[1], first=True, limit=_AFTER_WORDS)
        if verb_after is not None:
            who = self._speaker_near_verb_after(after, verb_after)
            if who is not None:
                return who
        verb_before = self._verb(s_start, q_start, first=False)
        if verb_before is not None:
            who = self._before(s_start, verb_before[0], f"before {self.text[verb_before[0]:verb_before[1]]!r}")
            if who is not None:
                return who
        source = self._source(s_start, s_end, quote)
        if source is not None:
            return source
        lead = self.text[s_start:q_start].rstrip()
        if lead.endswith(":") or verb_before is not None:
            who = self._before(s_start, q_start, "before the colon" if lead.endswith(":") else "in the sentence")
            if who is not None:
                return who
            return self._pronoun(s_start, q_start)
        return None, "no reporting verb near it"

    # ------------------------------------------------------------------ parts

    def _verb(self, lo: int, hi: int, *, first: bool, limit: int | None = None) -> tuple[int, int] | None:
        hits = [v for v in self.verbs.within(lo, hi) if v.end() <= hi]
        if limit is not None:
            hits = [w for w in hits if words_between(self.text, lo, w.start()) < limit]
        if not hits:
            return None
        w = hits[0] if first else hits[-1]
        return w.start(), w.end()

    def _speaker_near_verb_after(self, after: tuple[int, int], verb: tuple[int, int]) -> tuple[str, str] | None:
        verb_word = self.text[verb[0]:verb[1]]
        # "'...', dijo Petro" or "'...', Petro said": the name right after the verb, else between.
        for m in self._in(verb[1], after[1]):
            if not m.possessive and not self._addressee(m):
                if len(WORD.findall(self.text[verb[1]:m.start])) <= 3:
                    return m.entity.id, f"{m.entity.id}: named after {verb_word!r}"
                break
        for m in reversed(self._in(after[0], verb[0])):
            if not m.possessive:
                return m.entity.id, f"{m.entity.id}: named before {verb_word!r} after the quote"
        role = self._role(verb[1], after[1])
        if role is not None:
            return role
        pronoun = WORD.search(self.text, verb[1], after[1])
        if pronoun and pronoun.group().lower() in SUBJECT_PRONOUNS:
            return self._pronoun(after[0], after[0])
        return None

    def _before(self, lo: int, hi: int, where: str) -> tuple[str, str] | None:
        """The nearest speaker named in [lo, hi) that is not a possessive or an addressee."""
        for m in reversed(self._in(lo, hi)):
            if m.possessive or m.in_quote or self._addressee(m):
                continue
            return m.entity.id, f"{m.entity.id}: named {where}"
        role = self._role(lo, hi)
        if role is not None:
            return role
        first = WORD.search(self.text, lo, hi)
        if first and first.group().lower() in SUBJECT_PRONOUNS:
            return self._pronoun(lo, hi)
        return None

    def _source(self, lo: int, hi: int, quote: tuple[int, int]) -> tuple[str, str] | None:
        """"según Petro", "according to Petro" in the sentence."""
        for w in WORD.finditer(self.text, lo, hi):
            if w.group().lower() in SOURCE_WORDS and not quote[0] <= w.start() < quote[1]:
                for m in self._in(w.end(), min(hi, w.end() + 60)):
                    if not m.possessive:
                        return m.entity.id, f"{m.entity.id}: named after {w.group()!r}"
        return None

    def _pronoun(self, lo: int, hi: int) -> tuple[str | None, str]:
        """He, she, they: the person or organisation last named before, outside quotes."""
        i = bisect_left(self.starts, lo) - 1
        while i >= 0:
            m = self.mentions[i]
            if not m.possessive and not m.in_quote and not self._addressee(m):
                return m.entity.id, f"{m.entity.id}: the last named before the quote"
            i -= 1
        return None, "no registered person or organisation named before it"

    def _role(self, lo: int, hi: int) -> tuple[str, str] | None:
        """"el presidente", "the governor": a registered speaker whose role says so."""
        words = [w.group().lower() for w in WORD.finditer(self.text, lo, hi)]
        for i, word in enumerate(words):
            if word not in TITLES or i == 0 or words[i - 1] not in ("el", "la", "the"):
                continue
            group = next((g for g in ROLE_EQUIVALENTS if word in g), {word})
            fits = [e for e in self.entities if e.role and group & set(WORD.findall(e.role.lower()))]
            if len(fits) == 1:
                return fits[0].id, f"{fits[0].id}: 'the {word}' is its registered role"
            if fits:
                last = self._last_named(fits, lo)
                if last is not None:
                    return last.id, f"{last.id}: 'the {word}', the last named of those with that role"
        return None

    def _last_named(self, ents: list[Entity], before: int) -> Entity | None:
        ids = {e.id for e in ents}
        i = bisect_left(self.starts, before) - 1
        while i >= 0:
            if self.mentions[i].entity.id in ids:
                return self.mentions[i].entity
            i -= 1
        return None

    def _in(self, lo: int, hi: int) -> list[Mention]:
        i = bisect_left(self.starts, lo)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                found.append(self.mentions[i])
            i += 1
        return found

    def _addressee(self, m: Mention) -> bool:
        """Whether the word before the name (titles skipped) makes it the addressee or an object."""
        tail = self.text[max(0, m.start - 80):m.start]
        tail = re.split(r"[.!?\n]\s", tail)[-1]  # this sentence only
        if tail.rstrip().endswith((",", ":", ";", "(", "—")):
            return False
        words = WORD.findall(tail)
        while words and (words[-1].lower() in TITLES or words[-1][0].isupper()
                         or words[-1].lower() in ("of", "de", "del", "state")):
            words.pop()
        return bool(words) and words[-1].lower() in ADDRESSEE_WORDS
