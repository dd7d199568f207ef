"""Selecting text with `--match`: NFC, runs of white space equal, START ... END, --nth, --all, --in."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .document import TeiDocument
from .errors import AmbiguousMatch, BadInput, NoMatch, UsageError
from .textview import Node, TextView

_RANGE = re.compile(r"\s+(?:\.\.\.|…)\s+")
# Characters that continue a grapheme: a match may not start or end next to them.
_JOINERS = {"\u200d", "\u034f"}


@dataclass(frozen=True)
class Span:
    """A selected stretch of the text view, [start, end), and the paragraph-like element holding it."""

    start: int
    end: int
    block: Node | None


def pattern_for(text: str) -> re.Pattern[str]:
    """The literal text as a pattern where any run of white space matches any other run."""
    words = unicodedata.normalize("NFC", text).split()
    if not words:
        raise UsageError("--match needs some text")
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def grapheme_boundary(text: str, offset: int) -> bool:
    """Whether a span may begin or end at offset without splitting a user-perceived character."""
    if offset <= 0 or offset >= len(text):
        return True
    after, before = text[offset], text[offset - 1]
    if unicodedata.combining(after) or unicodedata.category(after) in ("Mn", "Me", "Mc"):
        return False
    if after in _JOINERS or before in _JOINERS:
        return False
    if "\ufe00" <= after <= "\ufe0f" or "\U0001f3fb" <= after <= "\U0001f3ff":
        return False  # variation selectors and emoji skin-tone modifiers
    if "\U0001f1e6" <= before <= "\U0001f1ff" and "\U0001f1e6" <= after <= "\U0001f1ff":
        return _regional_pair_boundary(text, offset)
    if before == "\r" and after == "\n":
        return False
    return True


def _regional_pair_boundary(text: str, offset: int) -> bool:
    # Flags are pairs of regional indicators: a boundary falls after an even number of them.
    n = 0
    i = offset - 1
    while i >= 0 and "\U0001f1e6" <= text[i] <= "\U0001f1ff":
        n += 1
        i -= 1
    return n % 2 == 0


class Finder:
    """Finds spans of a document's text view, in NFC even when the document is not."""

    def __init__(self, doc: TeiDocument) -> None:
        self.doc = doc
        self.view: TextView = doc.view
        text = self.view.text
        if unicodedata.is_normalized("NFC", text):
            self.search_text, self._back = text, None
        else:
            self.search_text, self._back = _nfc_with_map(text)

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the searched (NFC) text back to offsets in the document's text."""
        if self._back is None:
            return start, end
        return self._back[start], self._back[end]

    def find(self, match: str, *, within: tuple[int, int] | None = None) -> tuple[list[Span], list[Span]]:
        """Every occurrence of match: (spans inside one paragraph, spans that cross paragraphs)."""
        parts = _RANGE.split(match.strip(), maxsplit=1)
        lo, hi = within or (0, len(self.view.text))
        lo_s, hi_s = self._from_view(lo), self._from_view(hi)
        text = self.search_text
        found: list[tuple[int, int]] = []
        if len(parts) == 1:
            pattern = pattern_for(parts[0])
            for m in pattern.finditer(text, lo_s, hi_s):
                found.append((m.start(), m.end()))
        else:
            first, last = pattern_for(parts[0]), pattern_for(parts[1])
            for m in first.finditer(text, lo_s, hi_s):
                end = last.search(text, m.end(), hi_s)
                if end is not None:
                    found.append((m.start(), end.end()))
        inside, crossing = [], []
        for s, e in found:
            if not (grapheme_boundary(text, s) and grapheme_boundary(text, e)):
                continue
            vs, ve = self.to_view(s, e)
            span = self._span(vs, ve)
            (inside if span is not None else crossing).append(span or Span(vs, ve, None))
        return inside, crossing

    def _from_view(self, offset: int) -> int:
        if self._back is None:
            return offset
        from bisect import bisect_left
        return bisect_left(self._back, offset)

    def _span(self, start: int, end: int) -> Span | None:
        """The span if its first and last characters sit in the same paragraph-like element."""
        first = self.view.block_at(start, start + 1)
        last = self.view.block_at(end - 1, end)
        if first is not last:
            return None
        return Span(start, end, first)

    def context(self, span: Span, width: int = 30) -> str:
        """The span with some text around it, on one line, for listing occurrences."""
        return self.context_of(span.start, span.end, width)

    def context_of(self, start: int, end: int, width: int = 30) -> str:
        text = self.view.text
        before = " ".join(text[max(0, start - width):start].split())
        inner = " ".join(text[start:end].split())
        after = " ".join(text[end:end + width].split())
        return f"…{before}[{inner}]{after}…"


def _nfc_with_map(text: str) -> tuple[str, list[int]]:
    """NFC of text, and for each output offset (and the end) the offset it came from."""
    out: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        out.append(cluster)
        back.extend([i] * len(cluster))
        i = j
    back.append(n)
    return "".join(out), back


def select(doc: TeiDocument, match: str, *, nth: int | None = None, all_: bool = False,
           within: str | None = None) -> list[Span]:
    """The spans a command acts on, or a clear error: no match, ambiguous, across paragraphs."""
    if nth is not None and all_:
        raise UsageError("give either --nth or --all, not both")
    if nth is not None and nth < 1:
        raise UsageError("--nth counts from 1")
    finder = Finder(doc)
    limits = None
    if within:
        node = doc.get(within)
        if not doc.view.contains(node):
            raise BadInput(f"--in {within}: that element is not in the document's text", file=doc.name)
        limits = doc.view.range_of(node)
    spans, crossing = finder.find(match, within=limits)
    if not spans:
        if crossing:
            span = crossing[0]
            a = doc.paragraph_label(doc.view.block_at(span.start))
            b = doc.paragraph_label(doc.view.block_at(span.end - 1))
            raise BadInput(f"{match!r} runs from {a} into {b}: a selection must stay within one paragraph",
                           file=doc.name)
        raise NoMatch(f"{match!r} not found in the text", file=doc.name)
    if all_:
        return spans
    if nth is not None:
        if nth > len(spans):
            raise NoMatch(f"--nth {nth}: {match!r} occurs only {len(spans)} time(s)", file=doc.name)
        return [spans[nth - 1]]
    if len(spans) > 1:
        details = [f"{i}. {doc.paragraph_label(s.block)}: {finder.context(s)}" for i, s in enumerate(spans, 1)]
        raise AmbiguousMatch(f"{match!r} occurs {len(spans)} times; choose one with --nth N "
                             "(listed below) or use --all", file=doc.name, details=details)
    return spans
