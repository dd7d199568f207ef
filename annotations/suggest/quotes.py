"""Quotations in a paragraph: paired quotation marks of every kind, and Spanish dialogue dashes.

Straight single quotes are the hard case: the same character is an apostrophe (won't, Petro's),
a possessive plural (Colombians'), a prime (5'10") or a quotation mark. A mark between two
letters or after a digit is never a quotation mark; a possessive plural closes a quotation only
when no later mark can; a quotation of one or two words is a scare quote unless a reporting
verb or another quotation stands near it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes import QUOTATION_MARKS
from .context import WORD, reporting_verbs

# Each closing mark and the opening marks it may close (straight marks close curly ones: mixed typing).
_CLOSES = {"'": "'‘", "’": "‘'", '"': '"“', "”": "“\"", "»": "«", "›": "‹", "」": "「", "』": "『"}
_OPENERS = "'‘\"“«‹「『"
_ALWAYS_OPEN = "‘“«‹「『"
_ALWAYS_CLOSE = "”»›」』"
_BEFORE_OPEN = set(" \t\n([{—–-/:;,¿¡") | set(_OPENERS)
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-…") | set(_ALWAYS_CLOSE) | {"'", "’", '"'}
_DASHES = "—―"
_MARK = re.compile("[" + re.escape("".join(sorted(set(_CLOSES) | set(_OPENERS)))) + "]")
_DECADE = re.compile(r"['’]\d\ds\b")
_FEET = re.compile(r"\d+['’]\d+(?:\.\d+)?\"?$")
STYLE_CERT = {"“": 0.95, "«": 0.95, "‹": 0.9, "「": 0.95, "『": 0.95, "‘": 0.9, '"': 0.9, "'": 0.85, "—": 0.8}


@dataclass
class Found:
    """A quotation in a paragraph's text: its words [start, end), its marks, and how sure we are."""

    start: int
    end: int
    outer_start: int  # the opening mark (or dash)
    outer_end: int  # just after the closing mark (or the end of the speech)
    mark: str
    cert: float
    reasons: list[str]
    inciso: tuple[int, int] | None = None  # for a dash: the narrator's words ("—dijo María—")


def find(text: str) -> list[Found]:
    """Every quotation of one paragraph's text, outermost first where they nest."""
    found = [q for q in (_trim(text, *pair) for pair in _pairs(text)) if q is not None]
    found.extend(_dialogue(text))
    found.sort(key=lambda q: (q.outer_start, -q.outer_end))
    return found


def _role(text: str, i: int) -> str:
    """What the mark at i can be: 'open', 'close', 'weak' (a possessive plural or a close), or ''."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _ALWAYS_OPEN:
        return "open" if not after.isspace() else ""
    if ch in _ALWAYS_CLOSE:
        return "close" if not before.isspace() else ""
    if before.isalnum() and after.isalnum():
        return ""  # won't, d'affaires, Petro's, 5'10
    if ch in "'’" and _DECADE.match(text, i) and not before.isalnum():
        return ""  # the '90s
    if before.isdigit() and _FEET.search(text[max(0, i - 12):i + 1]):
        return ""  # 5'10" and 6': primes, not quotation marks
    if ch in "'’\"" and before.isdigit() and (after.isspace() or after in ".,;)"):
        return "weak"  # 6' tall, a 27" screen; or a quotation that ends in a number
    if before in _BEFORE_OPEN and not after.isspace() and ch != "’":
        return "open"
    if not before.isspace() and (after in _AFTER_CLOSE):
        return "weak" if ch in "'’" and before in "sSzZ" and after.isspace() else "close"
    return ""


def _pairs(text: str) -> list[tuple[int, int, str]]:
    """(opening mark, closing mark, opening character) of every matched pair."""
    marks = [(m.start(), _role(text, m.start())) for m in _MARK.finditer(text)]
    marks = [(i, role) for i, role in marks if role]
    stack: list[int] = []
    pairs = []
    for k, (i, role) in enumerate(marks):
        ch = text[i]
        if role == "open":
            stack.append(i)
            continue
        depth = next((d for d in range(len(stack) - 1, -1, -1) if text[stack[d]] in _CLOSES[ch]), None)
        if depth is None:
            continue
        if role == "weak" and _later_close(text, marks, k, text[stack[depth]]):
            continue  # Colombians' ... 'quote': a later mark closes it; this one is a possessive
        opener = stack[depth]
        del stack[depth:]  # openers left inside were apostrophes or stray marks
        pairs.append((opener, i, text[opener]))
    return pairs


def _later_close(text: str, marks: list[tuple[int, str]], k: int, opener: str) -> bool:
    """Whether a later mark in the paragraph closes this opener before another one opens."""
    for i, role in marks[k + 1:]:
        if role == "open" and text[i] == opener:
            return False
        if role in ("close", "weak") and opener in _CLOSES[text[i]]:
            return True
    return False


def _trim(text: str, open_at: int, close_at: int, mark: str) -> Found | None:
    """The words between two marks as `quote add` would wrap them, and a first certainty."""
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    fragment = start < end and not text[start].isupper() and not _starts_sentence(text, open_at)
    # A comma inside the marks belongs to the sentence around the quote; so does the full stop
    # of a fragment ('likes to produce cocaine.'), as American punctuation puts it inside.
    while end > start and (text[end - 1] == "," or (fragment and text[end - 1] == ".")):
        end -= 1
    while start < end and (text[start] in QUOTATION_MARKS or text[start].isspace()):
        start += 1  # as `quote add` does: marks at either end stay outside
    while end > start and (text[end - 1] in QUOTATION_MARKS or text[end - 1].isspace()):
        end -= 1
    words = WORD.findall(text[start:end])
    if not words:
        return None
    return Found(start, end, open_at, close_at + 1, mark, STYLE_CERT.get(mark, 0.85),
                 [f"{_name(mark)} marks"])


def _starts_sentence(text: str, i: int) -> bool:
    before = text[:i].rstrip()
    return not before or before[-1] in ".!?:"


def _name(mark: str) -> str:
    return {"'": "straight single", '"': "straight double", "“": "curly double", "‘": "curly single",
            "«": "angle", "‹": "single angle"}.get(mark, mark)


def _dialogue(text: str) -> list[Found]:
    """A paragraph of dialogue opened by a dash: the speech, and its continuation after the narrator."""
    lead = len(text) - len(text.lstrip())
    if lead >= len(text) or text[lead] not in _DASHES:
        return []
    found = []
    pos, outer = lead + 1, lead
    while pos < len(text):
        cut = re.compile(rf"\s[{_DASHES}](?=\S)").search(text, pos)
        speech_end = cut.start() if cut else len(text)
        start, end = pos, speech_end
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        while start < end and (text[start] in QUOTATION_MARKS or text[start].isspace()):
            start += 1  # as `quote add` does: marks at either end stay outside
        while end > start and (text[end - 1] in QUOTATION_MARKS or text[end - 1].isspace()):
            end -= 1
        inciso = None
        if cut:
            close = re.compile(rf"[{_DASHES}]|$").search(text, cut.end())
            inciso = (cut.end(), close.start())
        if WORD.search(text, start, end):
            said = inciso is not None and bool(reporting_verbs(text, *inciso))
            found.append(Found(start, end, outer, speech_end, "—", 0.85 if said else 0.75,
                               ["dialogue dash" + (" and a reporting verb after it" if said else "")], inciso))
        if not cut or inciso is None or inciso[1] >= len(text):
            break
        pos = inciso[1] + 1
        while pos < len(text) and (text[pos] in ".,;: " or text[pos].isspace()):
            pos += 1
        outer = inciso[1]
    return found


def word_count(text: str) -> int:
    return len(WORD.findall(text))
