"""`suggest`: read a document once, run the suggesters, and keep what `apply` could carry out."""
from __future__ import annotations

from bisect import bisect_right

from apostilla.common.errors import Overlap, UsageError

from .. import tei
from ..document import TeiDocument
from . import dates, figures, ner, quoted
from .context import WORD, Context, read, sentences
from .entities import Name, registered, unregistered
from .model import KINDS, Suggestion

DEFAULT_MIN_CERT = 0.5


def suggest(doc: TeiDocument, kinds: list[str] | tuple[str, ...] = KINDS, min_cert: float = DEFAULT_MIN_CERT,
            *, use_ner: bool | None = None, notes: list[str] | None = None) -> list[Suggestion]:
    """What the document lacks, most of it found by rules, with a certainty and a reason; writes nothing.

    kinds: any of quotes, entities, dates, measures. use_ner: None uses a spaCy model when one is
    installed (silently otherwise); True requires one; False never loads it. notes collects what the
    caller should tell the user (a detector that is missing, for instance).
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r}; use one of {', '.join(KINDS)}")
    if not 0 <= min_cert <= 1:
        raise UsageError(f"--min-cert {min_cert} is not between 0 and 1")
    notes = notes if notes is not None else []
    ctx = read(doc)
    names = registered(ctx)
    quote_found = quoted.find_all(ctx)
    langs = quoted.languages(ctx, quote_found, notes) if "quotes" in kinds or "measures" in kinds else {}
    found: list[Suggestion] = []
    if "quotes" in kinds:
        found.extend(quoted.quote_suggestions(ctx, quote_found, names, langs))
    if "dates" in kinds or "measures" in kinds:
        found.extend(_figures(ctx, quote_found, langs, kinds))
    if "entities" in kinds:
        found.extend(_entities(ctx, quote_found, names, use_ner, notes))
    kept = [s for s in found if s.cert >= min_cert and _fits(ctx, s)]
    return _number(ctx, _without_overlaps(kept))


# ---------------------------------------------------------------------- dates and figures


def _figures(ctx: Context, quote_found, langs, kinds) -> list[Suggestion]:
    text = ctx.text
    found_dates: list[tuple[int, dates.Found]] = []
    # A figure inside a quotation is written as the quotation's language writes it ("2.512" in Spanish).
    quoted = sorted((span, guess.lang) for span, guess in langs.items() if span[1] - span[0] >= 12)
    quoted_starts = [span[0] for span, _ in quoted]
    found_dates.extend((0, d) for d in dates.find(text) if ctx.block_of(d.start, d.end) is not None)
    marked = [(ctx.doc.view.range_of(n)[0], n.get("when") or "")
              for n in ctx.doc.text_el.iter(tei.tei("date")) if ctx.doc.view.contains(n)]
    dates.resolve(found_dates, _header_year(ctx.doc), marked)
    out: list[Suggestion] = []
    date_spans = []
    for base, d in found_dates:
        start, end = base + d.start, base + d.end
        date_spans.append((start, end))
        if "dates" in kinds and not ctx.covered("date", start, end):
            out.append(Suggestion("date", start, end, text[start:end], d.cert, d.reason, {"when": d.when}))
    date_spans.sort()
    if "measures" in kinds:
        for block in ctx.blocks:
            def lang_at(offset: int, block=block) -> str:
                pos = block.start + offset
                i = bisect_right(quoted_starts, pos) - 1
                if i >= 0 and quoted[i][0][0] <= pos < quoted[i][0][1]:
                    return quoted[i][1]
                return block.lang.split("-")[0].lower()
            for f in figures.find(block.text, lang_at):
                start, end = block.start + f.start, block.start + f.end
                if ctx.covered("measure", start, end) or ctx.covered("date", start, end):
                    continue
                i = bisect_right(date_spans, (start, end))
                if any(a < end and start < b for a, b in date_spans[max(0, i - 2):i + 2]):
                    continue
                out.append(Suggestion("measure", start, end, text[start:end], f.cert, f.reason,
                                      {"quantity": f.quantity, "unit": f.unit}))
    return out


def _header_year(doc: TeiDocument) -> str | None:
    """The year of the header's first dated <date> (publication, source or creation)."""
    for node in doc.header.iter(tei.tei("date")):
        when = node.get("when") or ""
        if len(when) >= 4 and when[:4].isdigit():
            return when[:4]
    return None


# ---------------------------------------------------------------------- entities


def _entities(ctx: Context, quote_found, names: list[Name], use_ner, notes) -> list[Suggestion]:
    out = []
    for n in names:
        if ctx.covered("mention", n.start, n.end):
            continue
        out.append(Suggestion("entity", n.start, n.end, n.text, n.cert, n.reason,
                              {"type": n.type, "entity": n.entity.id}))
    taken = sorted([(n.start, n.end) for n in names] + ctx.annotated["mention"])
    starts = _sentence_starts(ctx, quote_found)
    fresh = unregistered(ctx, taken, starts)
    fresh = ner.merge(ctx, fresh, taken, use_ner, notes)
    heads = {}
    for n in fresh:
        heads.setdefault(n.key, n)
    for n in fresh:
        head = heads[n.key]
        out.append(Suggestion("entity", n.start, n.end, n.text, n.cert, n.reason,
                              {"type": head.type, "entity": None},
                              new_entity={"name": head.text, "type": head.type, "role": head.role,
                                          "aliases": head.aliases, "key": head.key}))
    return out


def _sentence_starts(ctx: Context, quote_found) -> set[int]:
    """View offsets of the first word of every sentence and every quotation."""
    starts = set()
    for block in ctx.blocks:
        for lo, hi in sentences(block.text):
            m = WORD.search(block.text, lo, hi)
            if m:
                starts.add(block.start + m.start())
    for base, q in quote_found:
        m = WORD.search(ctx.text, base + q.start, base + q.end)
        if m:
            starts.add(m.start())
    return starts


# ---------------------------------------------------------------------- what apply can carry out


def _fits(ctx: Context, s: Suggestion) -> bool:
    """Whether the span stays in one paragraph and the markup lets `apply` wrap it."""
    block = ctx.block_of(s.start, s.end)
    if block is None:
        return False
    if len(block.node) == 0:
        return True  # a paragraph of plain text: any span inside it can be wrapped
    view = ctx.doc.view
    if s.start >= s.end or view.block_at(s.start) is not view.block_at(s.end - 1):
        return False
    try:
        view.check_span(s.start, s.end, outer=s.kind == "quote")
    except Overlap:
        return False
    return ctx.block_of(s.start, s.end) is not None


def _without_overlaps(found: list[Suggestion]) -> list[Suggestion]:
    """Of two suggestions that cross (neither holds the other), keep the surer.

    One sweep in text order finds the crossing pairs; only spans still open at a start can cross it,
    and those are few (nesting is shallow), so the cost stays linear.
    """
    found.sort(key=lambda s: (s.start, -s.end, s.kind))
    crossing: dict[int, list[int]] = {}
    open_: list[int] = []
    for i, s in enumerate(found):
        open_ = [j for j in open_ if found[j].end > s.start]
        for j in open_:
            if _cross(found[j], s):
                crossing.setdefault(i, []).append(j)
                crossing.setdefault(j, []).append(i)
        open_.append(i)
    dropped: set[int] = set()
    for i in sorted(crossing, key=lambda i: -found[i].cert):
        if i not in dropped:
            dropped.update(j for j in crossing[i] if found[j].cert <= found[i].cert)
    return [s for i, s in enumerate(found) if i not in dropped]


def _cross(a: Suggestion, b: Suggestion) -> bool:
    if a.end <= b.start or b.end <= a.start:
        return False
    holds = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return not holds or (a.kind == b.kind and (a.start, a.end) == (b.start, b.end))


def _number(ctx: Context, found: list[Suggestion]) -> list[Suggestion]:
    for i, s in enumerate(found, 1):
        s.id = f"s{i}"
        block = ctx.block_of(s.start, s.end)
        if len(block.node) == 0:
            s.paragraph, s.offset = block.ident, block.start
            continue
        node = ctx.doc.view.block_at(s.start, s.end)
        para = _paragraph(node) if node is not None else None
        para = para if para is not None else block.node
        s.paragraph = para.get(tei.XML_ID)
        s.offset = ctx.doc.view.range_of(para)[0]
    return found


def _paragraph(node):
    while node is not None and tei.local(node) not in tei.PARAGRAPHS:
        node = node.getparent()
    return node

