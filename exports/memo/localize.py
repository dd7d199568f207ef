"""Dates, numbers, quantities, lists and language names written the way the memo's language writes them."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from apostilla.annotations.languages import language_name
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, get_currency_name
from babel.units import UnknownUnitError, format_unit

_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?[^\s]*)?)?)?$")

# TEI @unit values that CLDR knows under another name (CLDR then gives "2,512 t" / "2.512 t").
_CLDR_UNITS = {
    "t": "mass-tonne", "tonne": "mass-tonne", "tonnes": "mass-tonne", "tons": "mass-tonne",
    "kg": "mass-kilogram", "g": "mass-gram", "km": "length-kilometer", "m": "length-meter",
    "cm": "length-centimeter", "mi": "length-mile", "ha": "area-hectare", "km2": "area-square-kilometer",
    "l": "volume-liter", "L": "volume-liter", "%": "concentr-percent", "percent": "concentr-percent",
    "h": "duration-hour", "d": "duration-day", "y": "duration-year", "yr": "duration-year",
}


def parse_iso(value: str) -> date | datetime | tuple[int, ...] | None:
    """An ISO 8601 date (2026-01-07), date-time, month (2026-01) or year (2026); None if not one."""
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second = m.groups()
    try:
        if day is None:
            return (int(year),) if month is None else (int(year), int(month))
        when = date(int(year), int(month), int(day))
        if hour is None:
            return when
        return datetime(when.year, when.month, when.day, int(hour), int(minute), int(second or 0))
    except ValueError:
        return None


def long_date(value: str, lang: str) -> str | None:
    """'2026-01-07' -> 'January 7, 2026' / '7 de enero de 2026'; None when value is not ISO 8601."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    if isinstance(parsed, tuple):
        if len(parsed) == 1:
            return str(parsed[0])
        if not 1 <= parsed[1] <= 12:
            return None
        return format_skeleton("yMMMM", date(parsed[0], parsed[1], 1), locale=lang)
    if isinstance(parsed, datetime):
        day = format_date(parsed.date(), format="long", locale=lang)
        return f"{day}, {format_time(parsed, format='short', locale=lang)}"
    return format_date(parsed, format="long", locale=lang)


def date_range(start: str, end: str, lang: str) -> str | None:
    """Two ISO days as one interval: 'January 7 – 9, 2026'; None unless both are full dates."""
    a, b = parse_iso(start), parse_iso(end)
    if type(a) is not date or type(b) is not date:
        return None
    return format_interval(a, b, "yMMMMd", locale=lang)


def number(value: str, lang: str) -> str | None:
    """'2512' -> '2,512' / '2.512'; None when value is not a number."""
    parsed = _decimal(value)
    return None if parsed is None else format_decimal(parsed, locale=lang)


def quantity(value: str, unit: str | None, lang: str) -> str | None:
    """A quantity with its unit: '2,512 t', '2.200 km', '$4,500,000'; None when value is not a number."""
    parsed = _decimal(value)
    if parsed is None:
        return None
    if not unit:
        return format_decimal(parsed, locale=lang)
    if len(unit) == 3 and unit.isupper() and _is_currency(unit, lang):
        if parsed == parsed.to_integral_value():   # "$4,500,000", not "$4,500,000.00"
            pattern = Locale.parse(lang).currency_formats["standard"].pattern.replace(".00", "")
            return format_currency(parsed, unit, format=pattern, locale=lang, currency_digits=False)
        return format_currency(parsed, unit, locale=lang)
    cldr = _CLDR_UNITS.get(unit)
    if cldr:
        try:
            return format_unit(parsed, cldr, length="short", locale=lang)
        except UnknownUnitError:  # not in this babel's unit data: the plain form below
            pass
    return f"{format_decimal(parsed, locale=lang)} {unit}"


def join(items: list[str], lang: str) -> str:
    """'Ana Ruiz, Luis Vega and Eva Sanz' / '... y Eva Sanz'."""
    return format_list(items, locale=lang) if items else ""


@lru_cache(maxsize=256)
def language(tag: str, lang: str) -> str:
    """A language tag's name in the memo's language: 'es' -> 'Spanish' / 'español'."""
    return language_name(tag, lang)


def _decimal(value: str) -> Decimal | None:
    try:
        parsed = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    return parsed if parsed.is_finite() else None


def _is_currency(code: str, lang: str) -> bool:
    return get_currency_name(code, locale=lang) != code  # babel echoes codes it does not know


# CLDR's <delimiters> of each memo language (quotationStart/End, alternateQuotationStart/End,
# from common/main/en.xml and es.xml). babel's locale data leaves the delimiters out, so the
# four characters of each language are kept here; a memo language without an entry is refused
# by i18n.check_memo_lang before it gets this far.
_QUOTATION_MARKS = {"en": ("\u201c", "\u201d", "\u2018", "\u2019"), "es": ("\u00ab", "\u00bb", "\u201c", "\u201d")}


def quotation_marks(lang: str, depth: int = 0) -> tuple[str, str]:
    """The opening and closing marks of a quote in the memo's language; depth 1 is a quote inside
    a quote (English “…‘…’…”, Spanish «…“…”…»)."""
    marks = _QUOTATION_MARKS.get(lang.split("-")[0].lower(), _QUOTATION_MARKS["en"])
    return (marks[0], marks[1]) if depth % 2 == 0 else (marks[2], marks[3])
