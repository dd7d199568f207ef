"""Marks in the running text: dates, quantities and foreign terms."""
from __future__ import annotations

import re
from datetime import date, datetime

from apostilla.common.errors import BadInput, Conflict, UsageError

from . import tei
from .document import TeiDocument
from .entities import check_new_id
from .languages import check_lang
from .select import select
from .session import Done
from .textview import describe

# TEI's @when takes W3C (XML Schema) dates: a time of day needs its seconds, 16:00:00 and not 16:00.
_ISO = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$")


def check_iso_date(value: str) -> str:
    """Return value if it is an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, or a date-time)."""
    if not _ISO.match(value or ""):
        raise BadInput(f"--date {value!r} is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD "
                       "or YYYY-MM-DDThh:mm:ss)")
    try:
        if "T" in value:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif len(value.lstrip("-")) == 10:
            date.fromisoformat(value.lstrip("-"))
        elif len(value.lstrip("-")) == 7 and not 1 <= int(value[-2:]) <= 12:
            raise ValueError
    except ValueError:
        raise BadInput(f"--date {value!r} is not a real calendar date") from None
    return value


def check_number(value: str, option: str = "--measure") -> str:
    """Return value if it is a plain decimal number, as TEI's data.numeric wants."""
    if not re.fullmatch(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", value or ""):
        raise BadInput(f"{option} {value!r} is not a number (write 2512 or 2.8e6, not 2,512)")
    return value


def mark(doc: TeiDocument, match: str, *, date: str | None = None, measure: str | None = None,
         unit: str | None = None, term: str | None = None, ident: str | None = None, substring: bool = False,
         nth: int | None = None, all_: bool = False, within: str | None = None) -> Done:
    """`mark`: dates (`<date when>`), quantities (`<measure>`/`<num>`) or terms (`<term xml:lang>`)."""
    ids = _mark(doc, match, when=date, quantity=measure, unit=unit, term_lang=term, ident=ident, nth=nth,
                all_=all_, within=within, substring=substring)
    kind = "date" if date else "term" if term else "measure"
    return Done(ids, f"mark {kind} {', '.join(ids) or '(none new)'}")


def _mark(doc: TeiDocument, match: str, *, when: str | None, quantity: str | None, unit: str | None,
          term_lang: str | None, ident: str | None, nth: int | None, all_: bool,
          within: str | None, substring: bool = False) -> list[str]:
    chosen = [x is not None for x in (when, quantity, term_lang)]
    if sum(chosen) != 1:
        raise UsageError("give exactly one of --date, --measure or --term")
    if unit is not None and quantity is None:
        raise UsageError("--unit goes with --measure")
    if when is not None:
        tag, attrib, prefix = tei.DATE, {"when": check_iso_date(when)}, "d"
    elif quantity is not None:
        check_number(quantity)
        if unit:
            tag, attrib = tei.MEASURE, {"quantity": quantity, "unit": unit.strip()}
        else:
            tag, attrib = tei.NUM, {"value": quantity}
        prefix = "n"
    else:
        check_lang(term_lang, option="--term")
        tag, attrib, prefix = tei.TERM, {tei.XML_LANG: term_lang}, "t"
        doc.declare_language(term_lang)
    spans = select(doc, match, nth=nth, all_=all_, within=within, substring=substring)
    if ident is not None:
        if len(spans) > 1:
            raise UsageError(f"--id names one element, but --all selects {len(spans)}")
        check_new_id(doc, ident)
    ids = []
    for span in spans:
        deepest = doc.view.path_to(span.start, span.end)[-1]
        if tei.local(deepest) == tag and doc.view.range_of(deepest) == (span.start, span.end):
            if all_:
                continue
            raise Conflict(f"already marked as {describe(deepest)}", file=doc.name)
        new_id = ident or doc.fresh_id(prefix)
        node = doc.view.wrap(span.start, span.end, tei.tei(tag), {tei.XML_ID: new_id, **attrib})
        doc.claim_id(node, new_id)
        ids.append(new_id)
    return ids
