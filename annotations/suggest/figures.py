"""Figures in English and Spanish, as the plain decimal number and unit that `mark --measure` takes.

"2,512 tons" (2512, t), "2.512 toneladas" (2512, t), "US$4,5 millones" (4500000, USD), "2.8 million"
(2800000), "11,000 troops" (11000: a count, the noun stays outside). Which of "." and "," groups
thousands follows the language of the passage; a reading that could go either way says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CURRENCY = {"us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "$", "€": "EUR", "eur": "EUR", "£": "GBP",
             "gbp": "GBP", "cop": "COP", "clp": "CLP", "mxn": "MXN"}
_SCALES = {"thousand": 3, "mil": 3, "million": 6, "millions": 6, "millón": 6, "millon": 6, "millones": 6,
           "mn": 6, "billion": 9, "billions": 9, "bn": 9, "mil millones": 9, "trillion": 12,
           "billón": 12, "billones": 12}
_UNITS = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilómetros": "km", "kilometros": "km",
    "kilometre": "km", "kilometer": "km", "kilómetro": "km", "m": "m", "metres": "m", "meters": "m",
    "metros": "m", "kg": "kg", "kilos": "kg", "kilograms": "kg", "kilogramos": "kg", "t": "t", "tons": "t",
    "tonnes": "t", "ton": "t", "tonne": "t", "toneladas": "t", "tonelada": "t", "%": "percent",
    "percent": "percent", "per cent": "percent", "por ciento": "percent", "dollars": "USD",
    "dólares": "USD", "dolares": "USD", "euros": "EUR", "pesos": "pesos", "ha": "ha", "hectares": "ha",
    "hectáreas": "ha", "barrels": "bbl", "barriles": "bbl", "miles": "mi", "mph": "mph", "km/h": "km/h",
    "°c": "Cel", "ºc": "Cel",
}
_NUM = r"(?P<num>\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_SCALE = r"(?:\s?(?P<scale>mil millones|thousand|millions?|millón|millon|millones|billions?|billón|billones|" \
         r"trillion|mil|bn|mn)\b)?"
# "millones de pesos", "miles de toneladas": in Spanish a unit may follow a scale after "de".
_UNIT = r"(?:\s?(?(scale)(?:de\s)?)(?P<unit>" \
        + "|".join(sorted((re.escape(u) for u in _UNITS if u != "m"), key=len, reverse=True)) + r"|m)(?!\w))?"
# Not inside a word or another number, and not a prime (5'10"): those are no figures.
# (checked in find(): a figure starting with a lookbehind is scanned for many times slower)
_FIGURE = re.compile(rf"{_NUM}{_SCALE}{_UNIT}(?![\w'’\"″′]|[.,]\d)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|U\.S\.\s?\$|\$|€|£|(?<![A-Za-z])(?:USD|EUR|GBP|COP|CLP|MXN)\s?)$", re.IGNORECASE)
_NOT_BEFORE = set(".,/'’-_")
_BARE_YEAR = re.compile(r"1[6-9]\d\d|20\d\d|21\d\d")


@dataclass
class Found:
    """A figure in a paragraph: [start, end), quantity, unit (or None), certainty and reason."""

    start: int
    end: int
    quantity: str
    unit: str | None
    cert: float
    reason: str


def find(text: str, lang_at) -> list[Found]:
    """The figures of one paragraph; lang_at(offset) is the language of the passage there."""
    found = []
    for m in _FIGURE.finditer(text):
        cur_match = _CURRENCY_BEFORE.search(text, max(0, m.start() - 6), m.start())
        start = cur_match.start() if cur_match else m.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before in _NOT_BEFORE:
            continue
        cur = cur_match.group() if cur_match else None
        num, scale, unit = m.group("num"), m.group("scale"), m.group("unit")
        lang = lang_at(m.start())
        if unit and unit.lower() == "miles" and lang == "es":
            unit = None  # "miles de familias": thousands of families, not miles
        if not cur and not scale and not unit and _BARE_YEAR.fullmatch(num):
            continue  # a year: dates.py reads it
        value, doubt = _number(num, lang)
        if value is None:
            continue
        if scale:
            value *= Decimal(10) ** _SCALES[scale.lower()]
        code = _CURRENCY.get(cur.strip().lower()) if cur else None
        if code == "$":
            code = "USD" if lang == "en" else None
            doubt = doubt or ("$ read as US dollars" if lang == "en" else "")
        unit_code = _UNITS.get(unit.lower()) if unit else None
        # Only a currency or a unit of measure goes into @unit; "troops" and "ships" stay outside.
        end = m.end("unit") if unit else m.end("scale") if scale else m.end("num")
        final_unit = code or unit_code
        if code and unit_code and code != unit_code:
            final_unit = code
        cert = 0.9 if final_unit else 0.85 if scale else 0.7
        if doubt:
            cert -= 0.15
        parts = [f"{_plain(value)}" + (f" {final_unit}" if final_unit else "")]
        if doubt:
            parts.append(doubt)
        found.append(Found(start, end, _plain(value), final_unit, cert, "a figure: " + "; ".join(parts)))
    return found


def _number(num: str, lang: str) -> tuple[Decimal | None, str]:
    """The value of a written number, and a note when its separators could be read otherwise."""
    text = num.replace("\u00a0", "").replace("\u202f", "")
    seps = [ch for ch in text if ch in ".,"]
    doubt = ""
    if not seps:
        plain = text
    elif len(set(seps)) == 2:
        decimal = text[max(text.rfind("."), text.rfind(","))]
        group = "," if decimal == "." else "."
        plain = text.replace(group, "").replace(decimal, ".")
    elif len(seps) > 1:
        plain = text.replace(seps[0], "")  # 1.234.567 or 1,234,567: only thousands
    else:
        sep = seps[0]
        after = len(text) - text.index(sep) - 1
        decimal_sep = "," if lang == "es" else "."
        if after != 3:
            plain = text.replace(sep, ".")
            if sep != decimal_sep:
                doubt = f"{sep!r} read as the decimal point"
        elif sep == decimal_sep:
            # "2.512" in English or "4,500" in Spanish: a decimal by the language, thousands by habit.
            plain = text.replace(sep, "") if sep == "," else text
            doubt = (f"{sep!r} read as a thousands separator" if sep == "," else
                     f"{sep!r} read as the decimal point")
        else:
            plain = text.replace(sep, "")
    try:
        return Decimal(plain), doubt
    except InvalidOperation:
        return None, ""


def _plain(value: Decimal) -> str:
    """A number as TEI's data.numeric wants it: digits and at most one point, no exponent."""
    text = format(value.normalize(), "f")
    return text
