"""Selecting text with `--match`: whole words, NFC, runs of white space equal, START ... END, --nth, --all, --in."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from apostilla.common.errors import AmbiguousMatch, BadInput, NoMatch, UsageError

from . import tei
from .document import TeiDocument
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
    """Finds spans of a document's text view, in NFC even when the document is not.

    The searched text is the view's text with a space between two paragraph-like elements
    that touch without white space (`<p>end.</p><p>Start`), so words never run together
    across them; an offset map leads back to the view.
    """

    def __init__(self, doc: TeiDocument) -> None:
        self.doc = doc
        self.view: TextView = doc.view
        self.search_text, self._map = _searchable(self.view)
        self._breaks: frozenset[int] | None = None

    @classmethod
    def of(cls, doc: TeiDocument) -> "Finder":
        """The document's finder, built once: the text never changes, only the markup does."""
        finder = doc.cache.get("finder")
        if not isinstance(finder, cls) or finder.view is not doc.view:
            finder = cls(doc)
            doc.cache["finder"] = finder
        return finder

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the searched text back to offsets in the document's text."""
        if self._map is None:
            return start, end
        return self._map.to_view(start), self._map.to_view(end)

    def find(self, match: str, *, within: tuple[int, int] | None = None,
             substring: bool = False) -> tuple[list[Span], list[Span]]:
        """Every occurrence of match: (spans inside one paragraph, spans that cross paragraphs).

        An occurrence is whole words unless substring: it neither starts nor ends inside a word.
        """
        parts = _RANGE.split(match.strip(), maxsplit=1)
        lo, hi = within or (0, len(self.view.text))
        lo_s, hi_s = self._from_view(lo), self._from_view(hi)
        found: list[tuple[int, int]] = []
        if len(parts) == 1:
            found = list(self._occurrences(pattern_for(parts[0]), lo_s, hi_s, substring))
        else:
            first, last = pattern_for(parts[0]), pattern_for(parts[1])
            for s, e in self._occurrences(first, lo_s, hi_s, substring):
                end = next(self._occurrences(last, e, hi_s, substring), None)
                if end is not None:
                    found.append((s, end[1]))
        inside, crossing = [], []
        for s, e in found:
            vs, ve = self.to_view(s, e)
            span = self._span(vs, ve)
            (inside if span is not None else crossing).append(span or Span(vs, ve, None))
        return inside, crossing

    def _occurrences(self, pattern: re.Pattern[str], lo: int, hi: int, substring: bool):
        """(start, end) of each non-overlapping occurrence in the searched text[lo:hi], left to
        right, that keeps characters whole and, unless substring, words whole.

        A refused occurrence is searched for again one character further on, so one inside a
        word never hides a whole-word one that overlaps it.
        """
        text = self.search_text
        pos = lo
        while pos <= hi:
            m = pattern.search(text, pos, hi)
            if m is None:
                return
            s, e = m.span()
            if grapheme_boundary(text, s) and grapheme_boundary(text, e) and \
                    (substring or not (self._inside_word(s) or self._inside_word(e))):
                yield s, e
                pos = e if e > s else e + 1
            else:
                pos = s + 1

    def _inside_word(self, offset: int) -> bool:
        return inside_word(self.search_text, offset) and offset not in self.breaks()

    def breaks(self) -> frozenset[int]:
        """Offsets of the searched text where a line, page or column break parts two words."""
        if self._breaks is None:
            found = set()
            for node in self.view.root.iter(*(tei.tei(name) for name in tei.BREAKS)):
                # As `show` reads them (blocks.py): a break marked as inside a word joins it.
                within_word = node.get("break") == "no" or "hyphen" in (node.get("type") or "").lower()
                if not within_word and self.view.contains(node):
                    found.add(self._from_view(self.view.range_of(node)[0]))
            self._breaks = frozenset(found)
        return self._breaks

    def _from_view(self, offset: int) -> int:
        return offset if self._map is None else self._map.from_view(offset)

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
        """The text around [start, end), within its paragraph, with the span in brackets."""
        text = self.view.text
        lo, hi = max(0, start - width), min(len(text), end + width)
        block = self.view.block_at(start, end)
        if block is not None:
            block_start, block_end = self.view.range_of(block)
            lo, hi = max(lo, block_start), min(hi, block_end)
        before = _one_line(text[lo:start]).lstrip()
        inner = " ".join(text[start:end].split())
        after = _one_line(text[end:hi]).rstrip()
        return f"…{before}[{inner}]{after}…"


def is_word_character(char: str) -> bool:
    """Letters, digits, _ and the marks that continue a letter (accents, vowel signs)."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def inside_word(text: str, offset: int) -> bool:
    """Whether offset falls between two characters of one word."""
    return 0 < offset < len(text) and is_word_character(text[offset - 1]) and is_word_character(text[offset])


def _one_line(text: str) -> str:
    """White-space runs as one space, keeping one at either end so words stay apart."""
    return re.sub(r"\s+", " ", text)


class OffsetMap:
    """Offsets of the searched text to and from the view's, as runs that map one to one.

    A run that does not (an inserted space, a cluster that NFC recomposed) maps every one of
    its offsets to its start. Kept as run starts, not one entry per character: a 10 MB
    document costs a few entries per paragraph.
    """

    def __init__(self) -> None:
        self.search_starts: list[int] = []
        self.view_starts: list[int] = []
        self.linear: list[bool] = []

    def add(self, search_start: int, view_start: int, linear: bool) -> None:
        if self.search_starts and self.search_starts[-1] == search_start:
            self.search_starts.pop(), self.view_starts.pop(), self.linear.pop()
        self.search_starts.append(search_start)
        self.view_starts.append(view_start)
        self.linear.append(linear)

    def to_view(self, offset: int) -> int:
        i = bisect_right(self.search_starts, offset) - 1
        base = self.view_starts[i]
        return base + (offset - self.search_starts[i]) if self.linear[i] else base

    def from_view(self, offset: int) -> int:
        i = bisect_right(self.view_starts, offset) - 1
        base = self.search_starts[i]
        return base + (offset - self.view_starts[i]) if self.linear[i] else base


def _block_cuts(view: TextView) -> list[int]:
    """Offsets where two paragraph-like elements meet with no white space between them."""
    text = view.text
    cuts = set()
    for node in view.root.iter(*(tei.tei(name) for name in tei.BLOCKS)):
        if view.contains(node):
            cuts.update(view.range_of(node))
    return sorted(c for c in cuts
                  if 0 < c < len(text) and not text[c - 1].isspace() and not text[c].isspace())


def _searchable(view: TextView) -> tuple[str, OffsetMap | None]:
    """The text to search (NFC, paragraphs kept apart) and its map back to the view."""
    text = view.text
    cuts = _block_cuts(view)
    if not cuts and unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    offsets = OffsetMap()
    size = 0
    previous = 0
    for cut in [*cuts, len(text)]:
        size = _append_nfc(text, previous, cut, pieces, offsets, size)
        if cut < len(text):
            offsets.add(size, cut, False)
            pieces.append(" ")
            size += 1
        previous = cut
    offsets.add(size, len(text), True)
    return "".join(pieces), offsets


def _append_nfc(text: str, start: int, end: int, pieces: list[str], offsets: OffsetMap, size: int) -> int:
    """Append NFC of text[start:end] to pieces, mapping it; returns the new searched length."""
    segment = text[start:end]
    if unicodedata.is_normalized("NFC", segment):
        offsets.add(size, start, True)
        pieces.append(segment)
        return size + len(segment)
    i, n = start, end
    run = start  # start of the current one-to-one run in the view
    offsets.add(size, start, True)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        if cluster != text[i:j]:
            pieces.append(text[run:i])
            size += i - run
            offsets.add(size, i, False)
            pieces.append(cluster)
            size += len(cluster)
            offsets.add(size, j, True)
            run = j
        i = j
    pieces.append(text[run:end])
    return size + (end - run)


def select(doc: TeiDocument, match: str, *, nth: int | None = None, all_: bool = False,
           within: str | None = None, can_all: bool = True, substring: bool = False) -> list[Span]:
    """The spans a command acts on, or a clear error: no match, ambiguous, across paragraphs.

    Whole words only (a span never starts or ends inside a word) unless substring; --nth counts
    those. can_all says whether the command offers --all, so the error only suggests what exists.
    """
    if nth is not None and all_:
        raise UsageError("give either --nth or --all, not both")
    if nth is not None and nth < 1:
        raise UsageError("--nth counts from 1")
    finder = Finder.of(doc)
    limits = None
    if within:
        node = doc.get(within)
        if not doc.view.contains(node):
            raise BadInput(f"--in {within}: that element is not in the document's text", file=doc.name)
        limits = doc.view.range_of(node)
    spans, crossing = finder.find(match, within=limits, substring=substring)
    if not spans:
        if crossing:
            span = crossing[0]
            a = doc.paragraph_label(doc.view.block_at(span.start))
            b = doc.paragraph_label(doc.view.block_at(span.end - 1))
            raise BadInput(f"{match!r} runs from {a} into {b}: a selection must stay within one paragraph",
                           file=doc.name)
        hint = "" if substring or not finder.find(match, within=limits, substring=True)[0] else \
            " as whole words (it occurs inside a word: add --substring to select there)"
        raise NoMatch(f"{match!r} not found in the text{hint}", file=doc.name)
    if all_:
        return spans
    if nth is not None:
        if nth > len(spans):
            raise NoMatch(f"--nth {nth}: {match!r} occurs only {len(spans)} time(s)", file=doc.name)
        return [spans[nth - 1]]
    if len(spans) > 1:
        details = [f"{i}. {doc.paragraph_label(s.block)}: {finder.context(s)}" for i, s in enumerate(spans, 1)]
        also = " or use --all" if can_all else ""
        raise AmbiguousMatch(f"{match!r} occurs {len(spans)} times; choose one with --nth N "
                             f"(listed below){also}", file=doc.name, details=details)
    return spans
