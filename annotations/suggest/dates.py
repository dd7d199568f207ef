"""Dates in English and Spanish, with the ISO value `mark --date` takes.

"January 7, 2026", "7 January", "7 de enero de 2026", "enero de 2026", "since 2022", weekdays
("Wednesday", "el miércoles": the first such day on or after the date named before them) and times
next to a date ("4 p.m. on January 7"). A date without a year takes the year of the nearest date
before it in the text that has one, else of the document's header; the reason says which.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from .cues import MONTHS, WEEKDAYS

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_EN_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
# The first letter in either case, the rest as written: a pattern that starts with one class of
# letters is scanned for faster than one that starts with twenty-six words.
_ES_MONTH = r"(?:(?i:[efmajsond])(?:nero|ebrero|arzo|bril|ayo|unio|ulio|gosto|eptiembre|etiembre|ctubre|" \
            r"oviembre|iciembre))"
_DAY = r"(?P<day>\d\d?)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d|21\d\d)"
# No pattern starts with \b: a pattern that starts with letters or digits is scanned for many times
# faster, and found() checks the word boundary before a match instead.
_PATTERNS = [
    re.compile(rf"(?P<month>{_EN_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?(?![\d,.]\d)\b"),
    re.compile(rf"{_DAY}\s+(?:of\s+)?(?P<month>{_EN_MONTH})(?:,?\s+{_YEAR})?\b"),
    re.compile(rf"{_DAY}\s+de\s+(?P<month>{_ES_MONTH})(?:\s+de(?:l)?\s+{_YEAR})?\b"),
    re.compile(rf"(?P<month>{_EN_MONTH}),?\s+{_YEAR}\b"),
    re.compile(rf"(?P<month>{_ES_MONTH})\s+de(?:l)?\s+{_YEAR}\b"),
]
_WEEKDAY = re.compile(r"(?P<wd>(?i:[mtwfsljvd])(?:onday|uesday|ednesday|hursday|riday|aturday|unday|unes|artes|"
                      r"iércoles|ueves|iernes|ábado|omingo))\b")
_WEEKDAY_ARTICLE = re.compile(r"(?<!\w)(?:[Ee]l|[Tt]his|[Nn]ext|[Ll]ast)\s+$")
_LONE_YEAR = re.compile(rf"{_YEAR}(?![\w%]|[.,]\d)")
_YEAR_WORDS = re.compile(r"(?:\b(?:in|since|by|until|till|from|through|of|before|after|en|desde|hasta|para|"
                         r"de|del|antes|después|año|year)\s+)$", re.IGNORECASE)
_TIME = re.compile(r"(?P<h>\d\d?)(?::(?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.\s?m\.(?!\w)|"
                   r"(?P<h24>\d\d?)[:h](?P<m24>[0-5]\d)\s?(?:h|hrs|horas)?\b")


@dataclass
class Found:
    """A date in a paragraph: [start, end), its ISO value (None if unknown), certainty and reason."""

    start: int
    end: int
    when: str | None
    cert: float
    reason: str
    kind: str = "date"  # or "weekday", "time", "year" (resolved after all dates are known)


def find(text: str) -> list[Found]:
    """The dates of a text (one scan of the whole document), before years and weekdays are resolved."""
    found: list[Found] = []
    taken = _Taken(len(text))
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not _word_start(text, m.start()) or taken.overlaps(m.start(), m.end()):
                continue
            month = MONTHS.get(m.group("month").lower().rstrip("."))
            if month is None:
                continue  # "anero": the first letter and the rest of two different months
            day = int(m.group("day")) if "day" in pattern.groupindex and m.group("day") else None
            year = m.group("year")
            if day is not None and not _real(year, month, day):
                continue
            when = _iso(year, month, day)
            found.append(Found(m.start(), m.end(), when, 0.95 if year else 0.85,
                               "a month and a day" if day else "a month and a year",
                               "date" if year else "date-no-year"))
            taken.add(m.start(), m.end())
    by_start = {f.start: f for f in found}
    for m in _WEEKDAY.finditer(text):
        if not _word_start(text, m.start()) or m.group("wd").lower() not in WEEKDAYS:
            continue
        start, end = m.start(), m.end()
        follows = next((by_start[i] for i in range(end, end + 3)
                        if i in by_start and text[end:i].strip() in ("", ",")), None)
        if follows is not None:  # "Wednesday, January 7", "martes 14 de octubre": one date
            follows.start = start
            continue
        if taken.overlaps(start, end):
            continue
        article = _WEEKDAY_ARTICLE.search(text, max(0, start - 6), start)
        if article and article.group().lower().startswith("el"):
            start = article.start()  # "el miércoles": Spanish says "on" with the article
        found.append(Found(start, end, None, 0.6, m.group("wd"), "weekday"))
        taken.add(start, end)
    for m in _LONE_YEAR.finditer(text):
        if (m.start() and text[m.start() - 1] in "$€£.,-") or not _word_start(text, m.start()) \
                or taken.overlaps(m.start(), m.end()):
            continue
        cue = _YEAR_WORDS.search(text, max(0, m.start() - 12), m.start())
        cert = 0.8 if cue else 0.45
        found.append(Found(m.start(), m.end(), m.group("year"), cert,
                           f"a year after {cue.group().strip()!r}" if cue else "a number that may be a year",
                           "year"))
    for m in _TIME.finditer(text):
        if not _word_start(text, m.start()) or taken.overlaps(m.start(), m.end()):
            continue
        if m.group("h") is not None:
            hour = int(m.group("h")) % 12 + (12 if m.group("ap") == "p" else 0)
            minute = int(m.group("m") or 0)
            if int(m.group("h")) > 12:
                continue
        else:
            hour, minute = int(m.group("h24")), int(m.group("m24"))
            if hour > 23:
                continue
        found.append(Found(m.start(), m.end(), f"T{hour:02d}:{minute:02d}:00", 0.6, "a time of day", "time"))
    found.sort(key=lambda f: f.start)
    return found


def resolve(found: list[tuple[int, Found]], header_year: str | None,
            marked: list[tuple[int, str]]) -> None:
    """Give years, weekdays and times their full ISO value from the dates around them.

    found: (view offset of the paragraph, date) for every date of the document, in text order;
    marked: (view offset, @when) of the dates already marked in the document.
    """
    full = sorted([(base + f.start, f.when) for base, f in found if f.kind == "date" and f.when]
                  + [(pos, when) for pos, when in marked if len(when) >= 7 and when[:4].isdigit()])
    known = [(pos, when) for pos, when in full if len(when) >= 10]  # days, to count weekdays from
    lone = sorted((base + f.start, f.when) for base, f in found if f.kind == "year" and f.cert >= 0.8)
    for base, f in found:
        pos = base + f.start
        if f.kind != "date-no-year":
            continue
        year, source = _year_for(full, lone, pos, header_year)
        if year is None:
            f.when, f.cert = None, 0.3
            f.reason += "; no year in the document to complete it"
            continue
        f.when = year + f.when
        f.reason += f"; year {year} from {source}"
        f.kind = "date"
        if len(f.when) >= 10:
            known.insert(bisect_right(known, (pos, f.when)), (pos, f.when))
    for base, f in found:
        pos = base + f.start
        if f.kind == "weekday":
            ref, _ = _nearest_before(known, pos)
            if ref is None:
                f.cert, f.reason = 0.3, f"{f.reason}: no date before it to count from"
                continue
            day = date.fromisoformat(ref[:10])
            target = WEEKDAYS[f.reason.lower()]
            f.when = (day + timedelta(days=(target - day.weekday()) % 7)).isoformat()
            f.reason = f"{f.reason}: the first on or after {ref[:10]}, the date named before it"
            known.insert(bisect_right(known, (pos, f.when)), (pos, f.when))
        elif f.kind == "time":
            near = _nearest(known, pos, within=200)
            if near is None:
                f.when, f.cert = None, 0.2
                f.reason += "; no date near it"
            else:
                f.when = near[:10] + f.when
                f.reason += f" on {near[:10]}, the date nearest to it"


def _year_for(full, lone, pos: int, header_year: str | None) -> tuple[str | None, str]:
    """The year for a date written without one: the nearest full date before it, else after it,
    else a year named alone ("since 2022"), else the header's."""
    for items in (full, lone):
        before, _ = _nearest_before(items, pos)
        if before is not None:
            return before[:4], f"{before}, the nearest date before it"
        after = next((when for p, when in items if p > pos), None)
        if after is not None:
            return after[:4], f"{after}, the nearest date after it"
    if header_year:
        return header_year, "the document's header"
    return None, ""


def _nearest_before(items: list[tuple[int, str]], pos: int) -> tuple[str | None, str]:
    i = bisect_right(items, (pos, "\uffff")) - 1
    while i >= 0 and items[i][0] >= pos:
        i -= 1
    return (items[i][1], "") if i >= 0 else (None, "")


def _nearest(items: list[tuple[int, str]], pos: int, *, within: int) -> str | None:
    """The value of the item nearest to pos, if it lies within so many characters."""
    i = bisect_right(items, (pos, "\uffff"))
    near = [items[j] for j in (i - 1, i) if 0 <= j < len(items) and abs(items[j][0] - pos) <= within]
    return min(near, key=lambda item: abs(item[0] - pos))[1] if near else None


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


class _Taken:
    """The characters already read as part of a date: one byte each, so a check costs one scan in C."""

    def __init__(self, size: int) -> None:
        self.marks = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self.marks.find(1, start, end) != -1


def _real(year: str | None, month: int, day: int) -> bool:
    try:
        date(int(year or 2000), month, day)  # 2000 is a leap year: 29 February passes without a year
    except ValueError:
        return False
    return True


def _iso(year: str | None, month: int, day: int | None) -> str:
    tail = f"-{month:02d}" + (f"-{day:02d}" if day else "")
    return f"{year}{tail}" if year else tail
