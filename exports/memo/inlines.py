"""Operations on runs of memo inlines: tidy white space, copy without notes, cut out one sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import (
    Foreign,
    Inline,
    Label,
    LineBreak,
    Mention,
    NoteRef,
    Quote,
    Strong,
    Text,
)

_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: no-break spaces stay
# A sentence ends at . ! ? or … (then closing quotes or brackets) before white space and a capital,
# a digit or an opening mark. Simple on purpose: a wrong cut only shortens a context line.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«¿¡(\[]?[A-ZÀ-ÖØ-Þ0-9])")
CONTEXT_CHARS = 110  # around a fact, when its sentence is longer than twice and a half that


@dataclass
class FactMark:
    """Where a date or figure stands while a paragraph is built; unwrapped before the memo is done."""

    children: list[Inline]
    key: int


def tidy(items: list[Inline]) -> list[Inline]:
    """Collapse white space as a browser would: runs to one space, none at the ends or after a break."""
    state = [True]  # whether the last character written was a space (or nothing was written)
    out = _tidy(items, state)
    trim_end(out)
    return out


def _tidy(items: list, state: list[bool]) -> list:
    out = []
    for item in items:
        kind = type(item)
        if kind is Text:
            text = _SPACES.sub(" ", item.text)
            if state[0] and text.startswith(" "):
                text = text[1:]
            if not text:
                continue
            state[0] = text.endswith(" ")
            out.append(Text(text))
        elif kind is LineBreak:
            _strip_end(out)
            state[0] = True
            out.append(item)
        elif kind is NoteRef or kind is Label:
            out.append(item)
        else:
            kids = _tidy(item.children, state)
            if kids or getattr(item, "note", None) is not None:
                out.append(replace(item, children=kids))
    return out


def trim_end(items: list) -> None:
    """Drop line breaks and spaces at the end of a run, in place."""
    while items and type(items[-1]) is LineBreak:
        items.pop()
    _strip_end(items)


def _strip_end(items: list) -> None:
    while items:
        last = items[-1]
        kind = type(last)
        if kind is Text:
            last.text = last.text.rstrip(" ")
            if last.text:
                return
            items.pop()
        elif kind is LineBreak or kind is NoteRef or kind is Label:
            return
        else:
            _strip_end(last.children)
            if last.children or getattr(last, "note", None) is not None:
                return
            items.pop()


def without_notes(items: list[Inline]) -> list[Inline]:
    """A copy for the summary, tables and contexts: no footnote calls, no first-mention bold, no marks."""
    out: list[Inline] = []
    for item in items:
        kind = type(item)
        if kind is NoteRef:
            continue
        if kind is Text:
            out.append(Text(item.text))
        elif kind is LineBreak or kind is Label:
            out.append(item)
        elif kind is FactMark:
            out.extend(without_notes(item.children))
        elif kind is Mention:
            out.append(Mention(without_notes(item.children), item.entity, False))
        elif kind is Quote or kind is Foreign:
            out.append(replace(item, children=without_notes(item.children), note=None))
        else:
            out.append(replace(item, children=without_notes(item.children)))
    return out


def note_refs(blocks: list) -> list[NoteRef]:
    """Every footnote call in some blocks (and their inlines), in reading order."""
    found: list[NoteRef] = []
    _refs(blocks, found)
    return found


def _refs(items: list, found: list[NoteRef]) -> None:
    for item in items:
        kind = type(item)
        if kind is NoteRef:
            found.append(item)
        elif kind in (Text, LineBreak):
            continue
        else:
            note = getattr(item, "note", None)
            for attr in ("children", "blocks", "original"):
                _refs(getattr(item, attr, None) or [], found)
            for entry in getattr(item, "items", None) or []:
                _refs(entry, found)
            for row in getattr(item, "rows", None) or []:
                for cell in row:
                    _refs(cell, found)
            if note is not None:
                found.append(NoteRef(note))


def plain_text(items: list) -> str:
    """The text of a run of inlines (a line break counts as one space, a note call as nothing)."""
    parts: list[str] = []
    _collect(items, parts)
    return "".join(parts)


def _collect(items: list, parts: list[str]) -> None:
    for item in items:
        kind = type(item)
        if kind is Text:
            parts.append(item.text)
        elif kind is LineBreak:
            parts.append(" ")
        elif kind is not NoteRef and kind is not Label:
            _collect(item.children, parts)


def mark_spans(items: list) -> dict[int, tuple[int, int]]:
    """The [start, end) text offsets of every FactMark in a run, by key."""
    spans: dict[int, tuple[int, int]] = {}
    _spans(items, 0, spans)
    return spans


def _spans(items: list, pos: int, spans: dict[int, tuple[int, int]]) -> int:
    for item in items:
        kind = type(item)
        if kind is Text:
            pos += len(item.text)
        elif kind is LineBreak:
            pos += 1
        elif kind is not NoteRef:
            start = pos
            pos = _spans(item.children, pos, spans)
            if kind is FactMark:
                spans[item.key] = (start, pos)
    return pos


def unwrap_marks(items: list) -> None:
    """Replace every FactMark by its children, in place (the run keeps its identity)."""
    out = []
    for item in items:
        kind = type(item)
        if kind is FactMark:
            unwrap_marks(item.children)
            out.extend(item.children)
        else:
            if kind not in (Text, LineBreak, NoteRef):
                unwrap_marks(item.children)
            out.append(item)
    items[:] = out


def sentence_around(items: list[Inline], start: int, end: int) -> list[Inline]:
    """The sentence holding [start, end) as inlines (a copy, without notes), the span itself in bold."""
    text = plain_text(items)
    left, right = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start() + len(m.group().rstrip())
            break
    prefix = suffix = ""
    if right - left > 5 * CONTEXT_CHARS // 2:
        if start - left > CONTEXT_CHARS:
            cut = text.find(" ", start - CONTEXT_CHARS, start)
            left, prefix = (cut + 1 if cut >= 0 else start - CONTEXT_CHARS), "… "
        if right - end > CONTEXT_CHARS:
            cut = text.rfind(" ", end, end + CONTEXT_CHARS)
            right, suffix = (cut if cut >= 0 else end + CONTEXT_CHARS), " …"
    run = _slice(without_notes(items), [0], left, right, start, end)
    run = tidy(run)
    if prefix:
        run.insert(0, Text(prefix))
    if suffix:
        run.append(Text(suffix))
    return run


def _slice(items: list, pos: list[int], left: int, right: int, hs: int, he: int) -> list:
    out: list = []
    for item in items:
        if pos[0] >= right:
            break
        kind = type(item)
        if kind is Text:
            a, b = pos[0], pos[0] + len(item.text)
            pos[0] = b
            lo, hi = max(a, left), min(b, right)
            if lo < hi:
                out.extend(_highlight(item.text, a, lo, hi, hs, he))
        elif kind is LineBreak:
            if left <= pos[0] < right:
                out.append(Text(" "))
            pos[0] += 1
        elif kind is NoteRef:
            continue
        else:
            kids = _slice(item.children, pos, left, right, hs, he)
            if kids:
                out.append(replace(item, children=kids))
    return out


def _highlight(text: str, base: int, lo: int, hi: int, hs: int, he: int) -> list[Inline]:
    """text[lo:hi] (offsets from base) split so that the part inside [hs, he) is Strong."""
    parts: list[Inline] = []
    a, b = max(lo, hs), min(hi, he)
    if a >= b:
        return [Text(text[lo - base:hi - base])]
    if lo < a:
        parts.append(Text(text[lo - base:a - base]))
    parts.append(Strong([Text(text[a - base:b - base])]))
    if b < hi:
        parts.append(Text(text[b - base:hi - base]))
    return parts
