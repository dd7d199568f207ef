"""Old and new text side by side: which paragraphs carry over, and where each old character went.

Two levels keep the cost linear. Paragraphs are matched whole first (identical ones, wherever they
went); the paragraphs left over are paired by the word pairs they share, and only those pairs are
aligned word by word, with rapidfuzz's optimal (LCS) alignment, strongest pair first. A
whole-text alignment would cost the product of the two lengths: minutes on a megabyte.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

from rapidfuzz.distance import Indel

from .collect import Version
from .paragraphs import carry_ids, match_identical, pairs

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
WORD = re.compile(r"\w+")
# An identical run shorter than this, beside a change four times its size, counts as changed.
SHORT_MATCH = 20
# Tokens of old x new text aligned in one piece: rapidfuzz does about 2e9 cells a second.
CELL_BUDGET = 200_000_000


class Alignment:
    """Where the old text's characters are in the new text, and which paragraphs carry over."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.exact: dict[int, int] = {}          # old paragraph -> the identical new one
        self.related: dict[int, set[int]] = defaultdict(set)  # old -> new paragraphs continuing it
        self.carried: dict[int, int] = {}        # new paragraph -> old paragraph whose id it keeps
        self.donor: dict[int, int] = {}          # new paragraph -> old paragraph it took most from
        self.in_order: set[int] = set()          # old paragraphs whose carrier keeps their order
        self.blocks: list[tuple[int, int, int]] = []   # (old start, new start, size), by old start
        self._by_new: list[tuple[int, int, int]] = []  # the same by new start, less the weak ones
        self._tokens: list[tuple[int, int, int, int]] = []  # changed old tokens: old span -> image
        self._token_starts: list[int] = []
        self._block_starts: list[int] = []
        self._new_starts: list[int] = []

    # ------------------------------------------------------------------ queries

    def exact_image(self, start: int, end: int) -> tuple[int, int] | None:
        """Where [start, end) went if it is unchanged and in one piece."""
        i = bisect_right(self._block_starts, start) - 1
        if i >= 0:
            old, new, size = self.blocks[i]
            if end <= old + size:
                return new + start - old, new + end - old
        return None

    def map_start(self, offset: int) -> int | None:
        """The new offset where old text starting at offset now starts (None: nowhere known)."""
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0:
            old, new, size = self.blocks[i]
            if offset < old + size:
                return new + offset - old
        k = bisect_right(self._token_starts, offset) - 1
        if k >= 0 and offset < self._tokens[k][1]:
            return self._tokens[k][2]
        return None

    def map_end(self, offset: int) -> int | None:
        """The new offset where old text ending at offset (exclusive) now ends."""
        i = bisect_left(self._block_starts, offset) - 1
        if i >= 0:
            old, new, size = self.blocks[i]
            if old < offset <= old + size:
                return new + offset - old
        k = bisect_right(self._token_starts, offset - 1) - 1
        if k >= 0 and offset - 1 < self._tokens[k][1]:
            return self._tokens[k][3]
        return None

    def origin_ok(self, x: int, y: int, start: int, end: int) -> bool:
        """Whether every unchanged stretch of new [x, y) came from old [start, end).

        New text that continues some other old text is that text's place, never a new home
        for an annotation from elsewhere.
        """
        i = max(bisect_right(self._new_starts, x) - 1, 0)
        while i < len(self._by_new):
            old, new, size = self._by_new[i]
            if new >= y:
                break
            lo, hi = max(x, new), min(y, new + size)
            if lo < hi and not (start <= old + lo - new and old + hi - new <= end):
                return False
            i += 1
        return True

    def free(self, x: int, y: int) -> bool:
        """Whether no character of new [x, y) continues old text."""
        return self.origin_ok(x, y, 0, 0)

    def free_ranges(self) -> list[tuple[int, int]]:
        """The stretches of new text that continue no old text (inserted or rewritten)."""
        ranges, pos = [], 0
        for _, new, size in self._by_new + [(0, len(self.new.text), 0)]:
            if new > pos:
                ranges.append((pos, new))
            pos = max(pos, new + size)
        return ranges

    # ------------------------------------------------------------------ building

    def _finish(self) -> None:
        self.blocks.sort()
        self._block_starts = [b[0] for b in self.blocks]
        # A run of a space or a comma, or one short word, is as likely chance as continuity: it
        # maps offsets but never bars a place (origin_ok) nor hides new text from the searches.
        self._by_new = sorted((b for b in self.blocks if b[2] >= 8 or _words_in(self.new.text, b) >= 3),
                              key=lambda b: b[1])
        self._new_starts = [b[1] for b in self._by_new]
        self._tokens.sort()
        self._token_starts = [t[0] for t in self._tokens]


def _words_in(text: str, block: tuple[int, int, int]) -> int:
    return sum(c.isalnum() for c in text[block[1]:block[1] + block[2]])


def align(old: Version, new: Version) -> Alignment:
    """Match paragraphs, then align the changed ones word by word, pair by pair."""
    result = Alignment(old, new)
    match_identical(old, new, result)
    left_old = [i for i in range(len(old.paragraphs)) if i not in result.exact]
    taken = set(result.exact.values())
    left_new = [j for j in range(len(new.paragraphs)) if j not in taken]
    for i, j in result.exact.items():
        size = len(old.paragraphs[i])
        if size:
            result.blocks.append((old.starts[i], new.starts[j], size))
        result.related[i].add(j)
    pairing = _Pairing(old, new, result)
    for i, j in pairs(old, new, left_old, left_new):
        pairing.align(i, j)
    result._tokens = [(start, *rest) for start, rest in pairing.images.items()]
    result._finish()
    carry_ids(result)
    return result


class _Pairing:
    """Aligns pairs of paragraphs word by word; a word once matched is not matched again."""

    def __init__(self, old: Version, new: Version, result: Alignment) -> None:
        self.old, self.new, self.result = old, new, result
        self.claimed_old: set[int] = set()
        self.claimed_new: set[int] = set()
        # Changed old words: offset -> (end, where what replaced them starts, ends).
        self.images: dict[int, tuple[int, int, int]] = {}

    def align(self, i: int, j: int) -> None:
        self.result.related[i].add(j)
        a = [t for t in _words(self.old, i) if t[0] not in self.claimed_old]
        b = [t for t in _words(self.new, j) if t[0] not in self.claimed_new]
        if not a or not b or len(a) * len(b) > CELL_BUDGET:
            return  # nothing left to align, or too large: its annotations go to the searches
        for equal, a1, a2, b1, b2 in _cleaned(Indel.opcodes([t[1] for t in a], [t[1] for t in b]), a, b):
            if equal:
                self._equal(a, b, a1, a2, b1)
            else:
                self._changed(a, b, a1, a2, b1, b2)

    def _equal(self, a, b, a1: int, a2: int, b1: int) -> None:
        """Record identical words as blocks, one per stretch contiguous on both sides."""
        run = None  # [old start, new start, size]
        for k in range(a2 - a1):
            (old_at, word), (new_at, _) = a[a1 + k], b[b1 + k]
            self.claimed_old.add(old_at)
            self.claimed_new.add(new_at)
            if run and run[0] + run[2] == old_at and run[1] + run[2] == new_at:
                run[2] += len(word)
            else:
                if run:
                    self.result.blocks.append(tuple(run))
                run = [old_at, new_at, len(word)]
        if run:
            self.result.blocks.append(tuple(run))

    def _changed(self, a, b, a1: int, a2: int, b1: int, b2: int) -> None:
        """Old words deleted or replaced: each maps to the whole of what replaced them, or to the
        point where they were. A replacement found later wins over a point found first."""
        if b2 > b1:
            image = (b[b1][0], b[b2 - 1][0] + len(b[b2 - 1][1]))
        elif b1 > 0:
            image = (b[b1 - 1][0] + len(b[b1 - 1][1]),) * 2
        elif b1 < len(b):
            image = (b[b1][0],) * 2
        else:
            return
        for old_at, word in a[a1:a2]:
            known = self.images.get(old_at)
            if known is None or (known[1] == known[2] and image[0] < image[1]):
                self.images[old_at] = (old_at + len(word), *image)


def _cleaned(opcodes, a, b) -> list[list]:
    """The alignment as runs [equal, a1, a2, b1, b2], changed runs merged, and a short equal run
    between large changes counted as changed: an optimal alignment happily matches one word
    ("Clara") at the start of a paragraph with one 300 characters away, and that word would then
    be taken from the passage it really belongs to."""
    runs: list[list] = []
    for op in opcodes:
        equal = op.tag == "equal"
        if runs and not equal and not runs[-1][0]:
            runs[-1][2], runs[-1][4] = op.src_end, op.dest_end
        else:
            runs.append([equal, op.src_start, op.src_end, op.dest_start, op.dest_end])
    size_a = _sizes(a)
    size_b = _sizes(b)

    def change(run) -> int:
        return 0 if run is None or run[0] else max(size_a[run[2]] - size_a[run[1]], size_b[run[4]] - size_b[run[3]])

    cleaned: list[list] = []
    for k, run in enumerate(runs):
        if run[0]:
            length = size_a[run[2]] - size_a[run[1]]
            around = max(change(runs[k - 1] if k else None), change(runs[k + 1] if k + 1 < len(runs) else None))
            if length < SHORT_MATCH and 4 * length <= around:
                run = [False, *run[1:]]
        if cleaned and not run[0] and not cleaned[-1][0]:
            cleaned[-1][2], cleaned[-1][4] = run[2], run[4]
        else:
            cleaned.append(run)
    return cleaned


def _sizes(tokens: list[tuple[int, str]]) -> list[int]:
    """Characters before each token (and in all of them, last)."""
    sizes = [0]
    for _, word in tokens:
        sizes.append(sizes[-1] + len(word))
    return sizes


def _words(version: Version, i: int) -> list[tuple[int, str]]:
    """The words, spaces and signs of paragraph i, each with its offset in the joined text."""
    base = version.starts[i]
    return [(base + m.start(), m.group()) for m in TOKEN.finditer(version.paragraphs[i])]
