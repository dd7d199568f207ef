"""Placing one annotation on the new text, or saying why it cannot be placed with confidence.

In order: its paragraph is unchanged; the alignment carries it over unchanged (its context agreeing
on both sides); its exact text is found with its context (W3C TextQuoteSelector: prefix, exact,
suffix); a bounded fuzzy search in the paragraphs that continue its own. Every place found after
the first step is scored on text, context and position, and taken only above MIN_SCORE and MARGIN
ahead of the next-best place. New text that continues some other old text is never a candidate,
and a place whose context agrees on neither side is a look-alike, whatever its score.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ..select import grapheme_boundary
from .align import WORD, Alignment
from .collect import SEP, Annotation, Version
from .measure import is_word, side, similar, through, word_edge

CONTEXT = 32        # characters of prefix and suffix compared
MIN_SCORE = 0.7     # below this no place is taken
SURE = 0.85         # an exact text with its context scoring this is taken before any fuzzy search
MIN_TEXT = 0.5      # changed text must still share this much with the old (Indel similarity)
ANCHORED = 0.75     # a place is taken only where the context agrees this well on one side at least,
DISTINCT = 40       # unless the exact text is this long: then it identifies its passage by itself
MARGIN = 0.1        # the best place must lead the next-best place (elsewhere) by this much
POSITION_SCALE = 400  # characters from where the alignment expects it at which position counts 0
SLACK = 12          # extra characters searched around a fuzzy window when fitting its ends
MAX_POSTINGS = 400    # occurrences of a word checked, those nearest where the annotation is expected
MAX_SEARCHED = 4    # paragraphs searched for one annotation
_SPACE = re.compile(r"\s")


@dataclass
class Placement:
    """Where an annotation goes in the joined new text, how sure we are, and which step found it."""

    start: int
    end: int
    score: float
    step: str


@dataclass
class Miss:
    """Why an annotation was not placed; score is the best rejected place's, if any."""

    reason: str
    score: float | None = None


class Anchorer:
    """Places annotations of one old version on one new version."""

    def __init__(self, old: Version, new: Version, alignment: Alignment) -> None:
        self.old, self.new, self.al = old, new, alignment
        self.claimed: set[tuple[int, int, str]] = set()
        self._index: dict[str, list[int]] | None = None
        self._lookalikes = 0   # places of the current search refused for their surroundings

    # ------------------------------------------------------------------ steps 1 and 2

    def certain(self, ann: Annotation) -> Placement | None:
        """The places that need no search: an unchanged paragraph, an unchanged aligned stretch."""
        j = self.al.exact.get(ann.paragraph)
        if j is not None:
            x = self.new.starts[j] + ann.start - self.old.starts[ann.paragraph]
            return Placement(x, x + len(ann.text), 1.0, "paragraph")
        image = self.al.exact_image(ann.start, ann.end)
        # Taken without a search only where the context agrees on both sides; otherwise the
        # alignment's place competes with the other places in the search (it may have matched
        # a repeated word on the wrong side of an edit).
        if image is not None and self.fits(ann, *image) and min(self._sides(ann, *image)) >= ANCHORED:
            score = self.score(ann, *image, expected=image[0])
            if score >= MIN_SCORE:
                return Placement(*image, score, "alignment")
        return None

    # ------------------------------------------------------------------ steps 3 and 4

    def search(self, ann: Annotation, tag: str, within: tuple[int, int] | None = None) -> Placement | Miss:
        """The exact text with its context, then a bounded fuzzy search; within: the parent's place."""
        expected = self._expected(ann)
        self._lookalikes = 0
        exact = self._candidates(ann, tag, within, self._occurrences(ann, expected), expected, "exact")
        chosen = _choose(exact)
        if isinstance(chosen, Placement) and chosen.score >= SURE:
            return chosen  # otherwise it competes with what the fuzzy search finds
        fuzzy = self._candidates(ann, tag, within, self._fuzzy_places(ann), expected, "fuzzy")
        chosen = _choose(exact + fuzzy)
        if isinstance(chosen, Miss) and chosen.score is None:
            if self._lookalikes:
                return Miss("its text, or text close to it, is only in other surroundings: a look-alike, "
                            "not its passage")
            if not self.al.related.get(ann.paragraph):
                return Miss("its paragraph was deleted (no new paragraph continues it) and no new text holds it")
        return chosen

    def _candidates(self, ann, tag, within, places, expected, step) -> list[Placement]:
        found, seen = [], set()
        for x, y in places:
            x, y = self._trim(ann, x, y)
            if (x, y) in seen or x >= y:
                continue
            seen.add((x, y))
            if within is not None and not (within[0] <= x and y <= within[1]):
                continue
            if (x, y, tag) in self.claimed or not self.fits(ann, x, y):
                continue
            if not self.al.origin_ok(x, y, ann.start, ann.end):
                continue
            if similar(ann.text, self.new.text[x:y]) < MIN_TEXT:
                continue
            if not self.anchored(ann, x, y):
                if similar(ann.text, self.new.text[x:y]) >= 0.6:
                    self._lookalikes += 1
                continue
            found.append(Placement(x, y, self.score(ann, x, y, expected=expected), step))
        return found

    def _occurrences(self, ann: Annotation, expected: int | None = None):
        """Where ann's exact text is in new text that is free or continues ann itself.

        A text whose rarest word is everywhere (a name in every paragraph of a long document)
        is looked for at the MAX_POSTINGS occurrences nearest where it is expected: each
        annotation then costs a bounded amount, and a place farther off would score no better
        on position while any look-alike nearer still denies it the margin."""
        text, new = ann.text, self.new.text
        lo, hi = self._own_region(ann)
        if lo is not None:
            x = new.find(text, lo, hi)
            while x >= 0:
                yield x, x + len(text)
                x = new.find(text, x + 1, hi)
        words = [m for m in WORD.finditer(text)
                 if (m.start() > 0 or word_edge(self.old.text, ann.start))
                 and (m.end() < len(text) or word_edge(self.old.text, ann.end))]
        index = self._free_index()
        if not words:
            for start, end in self.al.free_ranges():
                x = new.find(text, start, end)
                while x >= 0:
                    yield x, x + len(text)
                    x = new.find(text, x + 1, end)
            return
        word = min(words, key=lambda m: len(index.get(m.group(), ())))
        postings = _nearest(index.get(word.group(), []), expected, MAX_POSTINGS)
        for at in postings:
            x = at - word.start()
            if new.startswith(text, x):
                yield x, x + len(text)

    def _fuzzy_places(self, ann: Annotation):
        """The alignment's guess, and the best two windows of each paragraph that continues ann's."""
        lo, hi = self.al.map_start(ann.start), self.al.map_end(ann.end)
        if lo is not None and hi is not None and lo < hi:
            yield lo, hi
        if len(ann.text.strip()) < 4:
            return  # too short for a window search to mean anything
        for j in sorted(self.al.related.get(ann.paragraph, ()))[:MAX_SEARCHED]:
            hay, base = self.new.paragraphs[j], self.new.starts[j]
            for _ in range(2):
                found = fuzz.partial_ratio_alignment(ann.text, hay, score_cutoff=50)
                if found is None or found.dest_end <= found.dest_start:
                    break
                yield self._fit(ann, base + found.dest_start, base + found.dest_end, j)
                hay = hay[:found.dest_start] + SEP * (found.dest_end - found.dest_start) + hay[found.dest_end:]

    def _fit(self, ann: Annotation, x: int, y: int, j: int) -> tuple[int, int]:
        """Fit a window's ends by aligning the old prefix, text and suffix around it."""
        i = ann.paragraph
        p_lo, p_hi = self.old.starts[i], self.old.end_of(i)
        prefix = self.old.text[max(p_lo, ann.start - CONTEXT):ann.start]
        suffix = self.old.text[ann.end:min(p_hi, ann.end + CONTEXT)]
        n_lo, n_hi = self.new.starts[j], self.new.end_of(j)
        lo = max(n_lo, x - len(prefix) - SLACK)
        hi = min(n_hi, y + len(suffix) + SLACK)
        ops = Indel.opcodes(prefix + ann.text + suffix, self.new.text[lo:hi])
        start = through(ops, len(prefix), end=False)
        end = through(ops, len(prefix) + len(ann.text), end=True)
        x, y = lo + start, lo + end
        return self._snap(ann, x, y)

    # ------------------------------------------------------------------ scoring and checks

    def score(self, ann: Annotation, x: int, y: int, *, expected: int | None) -> float:
        """Text, context and position, weighted so that short texts lean on their context."""
        new = self.new.text[x:y]
        text = 1.0 if new == ann.text else Indel.normalized_similarity(ann.text, new)
        position = 0.5 if expected is None else max(0.0, 1 - abs(x - expected) / POSITION_SCALE)
        weight = min(0.8, max(0.3, len(ann.text) / (len(ann.text) + 20)))
        context = sum(self._sides(ann, x, y)) / 2
        return weight * text + (1 - weight) * (0.8 * context + 0.2 * position)

    def anchored(self, ann: Annotation, x: int, y: int) -> bool:
        """Whether the place's surroundings agree on one side at least, or its exact text is distinctive.

        A name or a figure is only known by where it stands; changed text with changed
        surroundings is a look-alike, whatever the score.
        """
        if len(ann.text) >= DISTINCT and self.new.text[x:y] == ann.text:
            return True
        return max(self._sides(ann, x, y)) >= ANCHORED

    def _sides(self, ann: Annotation, x: int, y: int) -> tuple[float, float]:
        """How much the text before and the text after agree, each from 0 to 1.

        Context stops at the paragraph's edges: the start or end of a paragraph is context too
        (both at an edge agree fully), and the next paragraph is not (it may have moved). One side
        at an edge and the other not says nothing either way (paragraphs merge and split): 0.5.
        """
        old, new = self.old.text, self.new.text
        i, j = ann.paragraph, self.new.paragraph_at(x)
        old_pre = old[max(self.old.starts[i], ann.start - CONTEXT):ann.start]
        new_pre = new[max(self.new.starts[j], x - CONTEXT):x]
        old_suf = old[ann.end:min(self.old.end_of(i), ann.end + CONTEXT)]
        new_suf = new[y:min(self.new.end_of(j), y + CONTEXT)]
        return side(old_pre[::-1], new_pre[::-1]), side(old_suf, new_suf)

    def fits(self, ann: Annotation, x: int, y: int) -> bool:
        """Within one paragraph, not splitting a character, and cut at words where the old one was."""
        new, old = self.new.text, self.old.text
        if not 0 <= x < y <= len(new) or self.new.paragraph_at(x) != self.new.paragraph_at(y - 1):
            return False
        if not (grapheme_boundary(new, x) and grapheme_boundary(new, y)):
            return False
        if word_edge(old, ann.start) and not word_edge(new, x):
            return False
        return not (word_edge(old, ann.end) and not word_edge(new, y))

    def _trim(self, ann: Annotation, x: int, y: int) -> tuple[int, int]:
        """Drop white space at either end that the old text did not have there."""
        new = self.new.text
        if not _SPACE.match(ann.text[:1]):
            while x < y and new[x].isspace():
                x += 1
        if not _SPACE.match(ann.text[-1:]):
            while y > x and new[y - 1].isspace():
                y -= 1
        return x, y

    def _snap(self, ann: Annotation, x: int, y: int) -> tuple[int, int]:
        """Move fitted ends out to word edges where the old ends were at word edges."""
        new, old = self.new.text, self.old.text
        if word_edge(old, ann.start):
            k = x
            while k > 0 and not word_edge(new, k) and x - k < 20:
                k -= 1
            x = k if word_edge(new, k) else x
        if word_edge(old, ann.end):
            k = y
            while k < len(new) and not word_edge(new, k) and k - y < 20:
                k += 1
            y = k if word_edge(new, k) else y
        return x, y

    def _expected(self, ann: Annotation) -> int | None:
        at = self.al.map_start(ann.start)
        if at is None:
            related = sorted(self.al.related.get(ann.paragraph, ()))
            if related:
                at = self.new.starts[related[0]] + ann.start - self.old.starts[ann.paragraph]
        return at

    def _own_region(self, ann: Annotation) -> tuple[int | None, int | None]:
        """The new stretch that replaced ann's old text, with some room around it."""
        lo, hi = self.al.map_start(ann.start), self.al.map_end(ann.end)
        if lo is None or hi is None:
            return None, None
        j = self.new.paragraph_at(lo)
        return max(self.new.starts[j], min(lo, hi) - CONTEXT), min(self.new.end_of(j), max(lo, hi) + CONTEXT)

    def _free_index(self) -> dict[str, list[int]]:
        """Every word of the new text that continues no old text, with its offsets; built once."""
        if self._index is None:
            index: dict[str, list[int]] = defaultdict(list)
            text = self.new.text
            for start, end in self.al.free_ranges():
                # Whole words only: widen the range to the words it cuts.
                while start > 0 and is_word(text[start - 1]):
                    start -= 1
                while end < len(text) and is_word(text[end]):
                    end += 1
                for m in WORD.finditer(text, start, end):
                    index[m.group()].append(m.start())
            self._index = index
        return self._index


def _choose(candidates: list[Placement]) -> Placement | Miss:
    if not candidates:
        return Miss("its passage was deleted or rewritten: no new or changed text holds it, nor anything "
                    "close enough")
    candidates = sorted(candidates, key=lambda c: (-c.score, c.start))
    best = candidates[0]
    if best.score < MIN_SCORE:
        return Miss(f"the best place found scores {best.score:.2f}, below {MIN_SCORE}", best.score)
    for other in candidates[1:]:
        if other.end <= best.start or other.start >= best.end:
            if best.score - other.score < MARGIN:
                return Miss(f"two places fit almost equally well ({best.score:.2f} and {other.score:.2f})",
                            best.score)
            break
    return best


def _nearest(postings: list[int], expected: int | None, most: int) -> list[int]:
    """At most `most` of the sorted postings, those nearest expected (the first ones without it)."""
    if len(postings) <= most:
        return postings
    if expected is None:
        return postings[:most]
    middle = bisect_left(postings, expected)
    lo = max(0, min(middle - most // 2, len(postings) - most))
    return postings[lo:lo + most]
