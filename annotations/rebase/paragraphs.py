"""Which paragraphs of the old and new text belong together, which keep their ids and their order."""
from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from typing import TYPE_CHECKING

from rapidfuzz.distance import Indel

from .collect import Version

if TYPE_CHECKING:
    from .align import Alignment

_WORD = re.compile(r"\w+")
# A word pair found in more leftover paragraphs than this says nothing about which is which.
COMMON_SHINGLE = 64
# Partners aligned for one paragraph: a paragraph split in more pieces than this loses the rest.
MAX_PARTNERS = 4


def match_identical(old: Version, new: Version, result: Alignment) -> None:
    """Identical paragraphs, paired in order (the first old one with the first new one, and so on);
    which of them kept their order is worked out later, with the changed ones (in_order)."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, text in enumerate(new.paragraphs):
        waiting[text].append(j)
    for i, text in enumerate(old.paragraphs):
        if waiting.get(text):
            result.exact[i] = waiting[text].popleft()


def _shingles(text: str) -> set[int]:
    """The word pairs of a paragraph (case folded, so that a fixed capital still matches); a short
    paragraph adds its single words, or one typo would leave it nothing in common."""
    words = [w.casefold() for w in _WORD.findall(text)]
    found = {hash((a, b)) for a, b in zip(words, words[1:])}
    if len(words) < 4:
        found.update(hash(w) for w in words)
    return found


def pairs(old: Version, new: Version, left_old: list[int], left_new: list[int]) -> list[tuple[int, int]]:
    """Leftover old and new paragraphs that share enough word pairs to be one passage, strongest first.

    A paragraph can have several partners (split, merged, a passage moved from one to another).
    A pair qualifies when the word pairs shared make a quarter of the smaller paragraph's; pairs
    are then taken by how alike the two paragraphs are as a whole (Indel similarity), so that a
    paragraph's own continuation claims its words before a paragraph that copies them can.
    """
    old_sh = {i: _shingles(old.paragraphs[i]) for i in left_old}
    index: dict[int, list[int]] = defaultdict(list)
    for i, shingles in old_sh.items():
        for s in shingles:
            index[s].append(i)
    edges = []
    for j in left_new:
        mine = _shingles(new.paragraphs[j])
        counts: Counter[int] = Counter()
        for s in mine:
            holders = index.get(s)
            if holders and len(holders) <= COMMON_SHINGLE:
                counts.update(holders)
        for i, shared in counts.items():
            smaller = min(len(old_sh[i]), len(mine)) or 1
            if shared / smaller >= 0.25 and (shared >= 2 or smaller <= 3):
                alike = Indel.normalized_similarity(old.paragraphs[i], new.paragraphs[j])
                edges.append((-alike, -shared, i, j))
    edges.sort()
    per_old: Counter[int] = Counter()
    per_new: Counter[int] = Counter()
    chosen = []
    for _, _, i, j in edges:
        if per_old[i] < MAX_PARTNERS and per_new[j] < MAX_PARTNERS:
            per_old[i] += 1
            per_new[j] += 1
            chosen.append((i, j))
    return chosen


def carry_ids(result: Alignment) -> None:
    """Which new paragraph keeps which old paragraph's id, and which of them kept their order."""
    old, new = result.old, result.new
    for i, j in result.exact.items():
        result.carried[j] = i
        result.donor[j] = i
    shares: Counter[tuple[int, int]] = Counter()
    for o, n, size in result.blocks:
        i, j = old.paragraph_at(o), new.paragraph_at(n)
        if i not in result.exact and j not in result.carried:
            shares[i, j] += size
            result.related[i].add(j)
    best_new: dict[int, tuple[int, int]] = {}
    best_old: dict[int, tuple[int, int]] = {}
    for (i, j), size in shares.items():
        if size > best_new.get(i, (0, 0))[0] or (size == best_new[i][0] and j < best_new[i][1]):
            best_new[i] = (size, j)
        if size > best_old.get(j, (0, 0))[0] or (size == best_old[j][0] and i < best_old[j][1]):
            best_old[j] = (size, i)
    for j, (_, i) in best_old.items():
        result.donor[j] = i
    for i, (size, j) in best_new.items():
        shorter = min(len(old.paragraphs[i]), len(new.paragraphs[j]))
        if best_old[j][1] == i and size * 2 >= shorter:
            result.carried[j] = i
    order = [result.carried[j] for j in sorted(result.carried)]
    result.in_order = in_order(order, [len(old.paragraphs[i]) + 1 for i in order])


def in_order(order: list[int], weights: list[int]) -> set[int]:
    """The old paragraphs that kept their order: the increasing run of old indices (in new order)
    that holds the most text, so that when two paragraphs swap, the shorter is the one that moved.
    A Fenwick tree of best totals by old index makes it n log n."""
    size = max(order, default=-1) + 1
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)   # (best total, item ending it)
    totals, back = [], []
    for k, value in enumerate(order):
        best, i = (0, -1), value            # the best run over old indices below value
        while i > 0:
            if tree[i][0] > best[0]:
                best = tree[i]
            i -= i & -i
        total = best[0] + weights[k]
        totals.append(total)
        back.append(best[1])
        i = value + 1
        while i <= size:
            if total > tree[i][0]:
                tree[i] = (total, k)
            i += i & -i
    kept: set[int] = set()
    k = max(range(len(totals)), key=totals.__getitem__) if totals else -1
    while k >= 0:
        kept.add(order[k])
        k = back[k]
    return kept
