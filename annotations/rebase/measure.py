"""Small measures of text for placing annotations: similarity, agreement of contexts, word edges."""
from __future__ import annotations

from rapidfuzz.distance import Indel

NEAR = 10  # the nearest characters of a context, which count double


def through(ops, pos: int, *, end: bool) -> int:
    """Where position pos of the source lands in the destination of Indel opcodes."""
    probe = pos - 1 if end else pos
    for op in ops:
        if op.src_start <= probe < op.src_end:
            if op.tag == "equal":
                return op.dest_start + pos - op.src_start
            return op.dest_start if not end else op.dest_end
    return ops[-1].dest_end if ops else 0


def side(old: str, new: str) -> float:
    """How much two contexts agree, read outwards from the annotation; the nearest characters count double."""
    if bool(old) != bool(new):
        return 0.5
    return (similar(old[:NEAR], new[:NEAR]) + similar(old, new)) / 2


def similar(a: str, b: str) -> float:
    return 1.0 if a == b else Indel.normalized_similarity(a, b)


def is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def word_edge(text: str, k: int) -> bool:
    """Whether offset k is not inside a word."""
    return k <= 0 or k >= len(text) or not (is_word(text[k - 1]) and is_word(text[k]))
