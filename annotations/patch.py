"""Two versions of a file: where they differ (found fast, in time near linear) and the small patch
that turns the newer back into the older, as text that can be kept inside the document.

The difference is found on bytes, so it holds for any encoding and any layout (a document on one
line too): common beginnings and ends are trimmed with byte comparisons, and what stays is split
at a stretch of the older version found again in the newer one near where it should be. An edit
that adds markup in a thousand places costs a thousand splits, never a comparison of every line
with every other. The result is always exact; a poor split only makes the patch larger.
"""
from __future__ import annotations

import base64
import zlib

Hunk = tuple[int, int, int, int]  # old_start, old_end, new_start, new_end

_ANCHOR = 32          # bytes of the older version looked for in the newer one
_SMALL = 2 * _ANCHOR  # a stretch shorter than this is one difference, not split further
_WINDOWS = (1 << 10, 1 << 14, 1 << 18, 1 << 62)
_CANDIDATES = (4, 3, 5, 2, 6, 1, 7)  # where to cut, in eighths of the stretch: middle first


def differences(old: bytes, new: bytes) -> list[Hunk]:
    """Every stretch where old and new differ, in order: old[a:b] became new[c:d]."""
    found: list[Hunk] = []
    stack = [(0, len(old), 0, len(new))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        n = _common_prefix(old, a0, a1, new, b0, b1)
        a0, b0 = a0 + n, b0 + n
        n = _common_suffix(old, a0, a1, new, b0, b1)
        a1, b1 = a1 - n, b1 - n
        if a0 == a1 and b0 == b1:
            continue
        cut = None
        if a1 - a0 >= _SMALL and b1 - b0 >= _SMALL:
            cut = _anchor(old, a0, a1, new, b0, b1)
        if cut is None:
            found.append((a0, a1, b0, b1))
            continue
        am, bm = cut
        stack.append((am, a1, bm, b1))  # popped after the left part: the result stays in order
        stack.append((a0, am, b0, bm))
    return found


def _common_prefix(a: bytes, a0: int, a1: int, b: bytes, b0: int, b1: int) -> int:
    """How many bytes a[a0:a1] and b[b0:b1] share at their start (galloping, then halving)."""
    n = min(a1 - a0, b1 - b0)
    same, step = 0, 256
    while same < n:
        upto = min(n, same + step)
        if a.startswith(b[b0 + same:b0 + upto], a0 + same):
            same, step = upto, step * 2
            continue
        while upto - same > 1:  # same bytes agree, upto bytes do not
            mid = (same + upto) // 2
            if a.startswith(b[b0 + same:b0 + mid], a0 + same):
                same = mid
            else:
                upto = mid
        return same
    return same


def _common_suffix(a: bytes, a0: int, a1: int, b: bytes, b0: int, b1: int) -> int:
    """How many bytes a[a0:a1] and b[b0:b1] share at their end."""
    n = min(a1 - a0, b1 - b0)
    same, step = 0, 256
    while same < n:
        upto = min(n, same + step)
        if a.endswith(b[b1 - upto:b1 - same], a0, a1 - same):
            same, step = upto, step * 2
            continue
        while upto - same > 1:
            mid = (same + upto) // 2
            if a.endswith(b[b1 - mid:b1 - same], a0, a1 - same):
                same = mid
            else:
                upto = mid
        return same
    return same


def _anchor(a: bytes, a0: int, a1: int, b: bytes, b0: int, b1: int) -> tuple[int, int] | None:
    """A place to cut both stretches: a[am:am+32] found in b at bm, as near as can be to where
    a proportional shift puts it (text repeated far away is not taken for it)."""
    for eighth in _CANDIDATES:
        am = a0 + (a1 - a0) * eighth // 8
        piece = a[am:am + _ANCHOR]
        if len(piece) < _ANCHOR:
            continue
        expected = b0 + (am - a0) * (b1 - b0) // (a1 - a0)
        for window in _WINDOWS:
            after = b.find(piece, max(b0, expected), min(b1, expected + window + _ANCHOR))
            before = b.rfind(piece, max(b0, expected - window), min(b1, expected + _ANCHOR))
            hits = [j for j in (after, before) if j >= 0]
            if hits:
                return am, min(hits, key=lambda j: abs(j - expected))
    return None


# ---------------------------------------------------------------------------- patches


def reverse_patch(old: bytes, new: bytes) -> str:
    """What turns new back into old, as ASCII text (deflated, base64, no padding)."""
    out = bytearray()
    previous = 0
    for a0, a1, b0, b1 in differences(old, new):
        out += _varint(b0 - previous) + _varint(b1 - b0) + _varint(a1 - a0) + old[a0:a1]
        previous = b1
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(bytes(out)) + packer.flush()
    return base64.b64encode(packed).decode("ascii").rstrip("=")


def apply_patch(new: bytes, patch: str) -> bytes:
    """The older version: new with the patch applied. ValueError when the patch does not fit."""
    try:
        packed = base64.b64decode(patch + "=" * (-len(patch) % 4), validate=True)
        data = zlib.decompress(packed, -15)
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"the patch cannot be read ({exc})") from None
    pieces, at, pos = [], 0, 0
    while pos < len(data):
        gap, pos = _read_varint(data, pos)
        length, pos = _read_varint(data, pos)
        size, pos = _read_varint(data, pos)
        start = at + gap
        if start + length > len(new) or pos + size > len(data):
            raise ValueError("the patch does not fit this file")
        pieces += [new[at:start], data[pos:pos + size]]
        at, pos = start + length, pos + size
    pieces.append(new[at:])
    return b"".join(pieces)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("the patch is cut short")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return value, pos
