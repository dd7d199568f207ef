"""`suggest`: read a document once, run the suggesters, and keep what `apply` could carry out."""
from __future__ import annotations

from bisect import bisect_right

from .. import tei
from ..document import TeiDocument
from apostilla.common.errors import Overlap, UsageError
from . import dates, figures, language, ner, quotes
from .context import WORD, Context, VerbIndex, read, sentence_at, sentences, words_between
from .entities import Name, registered, unregistered
from .model import KINDS, Suggestion
from .speakers import Mention, Speakers, possessive

DEFAULT_MIN_CERT = 0.5
_SCARE_WORDS = 2  # a quotation of this many words or fewer is a scare quote unless context says otherwise
_NEAR_WORDS = 12  # how many words away a reporting verb or another quote still counts as near


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
    quote_found = _quotes(ctx)
    langs = _languages(ctx, quote_found, notes) if "quotes" in kinds or "measures" in kinds else {}
    found: list[Suggestion] = []
    if "quotes" in kinds:
        found.extend(_quote_suggestions(ctx, quote_found, names, langs))
    if "dates" in kinds or "measures" in kinds:
        found.extend(_figures(ctx, quote_found, langs, kinds))
    if "entities" in kinds:
        found.extend(_entities(ctx, quote_found, names, use_ner, notes))
    kept = [s for s in found if s.cert >= min_cert and _fits(ctx, s)]
    return _number(ctx, _without_overlaps(kept))


# ---------------------------------------------------------------------- quotes


def _quotes(ctx: Context) -> list[tuple[int, quotes.Found]]:
    """(paragraph offset, quotation) for every quotation of the text, annotated or not."""
    return [(block.start, q) for block in ctx.blocks for q in quotes.find(block.text)]


def _languages(ctx: Context, found, notes: list[str]) -> dict[tuple[int, int], language.Guess]:
    """The language of every quotation found, by its span in the view."""
    if not language.detector_available():
        notes.append("lingua-language-detector is not installed: quote languages are guessed from common "
                     "words; install it with pip install 'apostilla[suggest]'")
    langs = tuple(ctx.languages)
    guesses = {}
    for base, q in found:
        block = ctx.block_of(base, base)
        guesses[(base + q.start, base + q.end)] = language.guess(ctx.text[base + q.start:base + q.end], langs,
                                                                 block.lang.split("-")[0].lower())
    return guesses


def _quote_suggestions(ctx: Context, found, names: list[Name], langs) -> list[Suggestion]:
    text = ctx.text
    ranges = sorted((base + q.outer_start, base + q.outer_end) for base, q in found)
    mentions = [Mention(n.start, n.end, n.entity, possessive(text, n.end), _inside(ranges, n.start, n.end))
                for n in names]
    for node in ctx.doc.text_el.iter(*(tei.tei(n) for n in tei.MENTION_ELEMENTS)):
        ent = _registered_ref(ctx, node.get("ref"))
        if ent is not None and ctx.doc.view.contains(node):
            s, e = ctx.doc.view.range_of(node)
            mentions.append(Mention(s, e, ent, possessive(text, e), _inside(ranges, s, e)))
    verbs = VerbIndex(text)
    speakers = Speakers(text, mentions, ctx.entities, verbs)
    out = []
    by_block: dict[int, list[quotes.Found]] = {}
    for base, q in found:
        by_block.setdefault(base, []).append(q)
    for base, qs in by_block.items():
        block = ctx.block_of(base, base)
        keep = [(q.outer_start, q.outer_end) for q in qs]
        bounds = sentences(block.text, keep)
        for q in qs:
            start, end = base + q.start, base + q.end
            if _annotated_quote(ctx, start, end):
                continue
            cert, why = _certainty(block.text, q, qs, bounds, verbs, base)
            guess = langs[(start, end)]
            s_lo, s_hi = sentence_at(bounds, q.outer_start)
            _, s_end = sentence_at(bounds, max(q.outer_end - 1, q.outer_start))
            after = (base + q.inciso[0], base + q.inciso[1]) if q.inciso else None
            who, who_why = speakers.find((base + s_lo, base + max(s_hi, s_end)),
                                         (base + q.outer_start, base + q.outer_end), after)
            reason = "; ".join([*why, f"language {guess.how}", f"speaker {who_why}"])
            out.append(Suggestion("quote", start, end, text[start:end], cert, reason,
                                  {"lang": guess.lang, "speaker": who}))
    return out


def _certainty(text: str, q: quotes.Found, qs: list[quotes.Found], bounds, verbs: VerbIndex,
               base: int) -> tuple[float, list[str]]:
    """How sure the quotation is one: scare quotes need a reporting verb or another quote near them."""
    words = WORD.findall(text[q.start:q.end])
    why = list(q.reasons)
    cert = q.cert
    if q.mark == "—":
        return cert, why
    s_lo, s_hi = sentence_at(bounds, q.outer_start)
    before = [v for v in verbs.within(base + s_lo, base + q.outer_start)
              if words_between(text, v.end() - base, q.outer_start) < _NEAR_WORDS]
    after = [v for v in verbs.within(base + q.outer_end, base + s_hi)
             if words_between(text, q.outer_end, v.start() - base) < 4]
    verb = before[-1].group() if before else after[0].group() if after else None
    title_case = all(w[0].isupper() for w in words)
    if len(words) <= _SCARE_WORDS:
        cert = 0.35
        why = [f"{len(words)} word(s) in {q.reasons[0]}: a scare quote unless context says otherwise"]
        if verb:
            cert += 0.4
            why.append(f"reporting verb {verb!r} near it")
        elif any(o is not q and abs(o.outer_start - q.outer_end) < 80 and s_lo <= o.outer_start < s_hi
                 for o in qs):
            cert += 0.2
            why.append("another quotation near it in the sentence")
        if title_case:
            cert -= 0.15
            why.append("capitalised like a name")
    elif title_case and len(words) <= 4:
        cert -= 0.3
        why.append("capitalised like a title or a name")
    elif verb:
        cert = min(cert + 0.05, 0.98)
        why.append(f"reporting verb {verb!r} near it")
    return cert, why


def _annotated_quote(ctx: Context, start: int, end: int) -> bool:
    """Whether a quotation element already covers (nearly) this span."""
    for a, b in ctx.annotated["quote"]:
        if a < end and start < b:
            inside = max(0, min(b, end) - max(a, start))
            if inside >= 0.8 * (end - start) and inside >= 0.8 * (b - a):
                return True
            if not (a <= start and end <= b) and not (start <= a and b <= end):
                return True  # a partial overlap: no quote can go there
    return False


def _registered_ref(ctx: Context, ref: str | None):
    if not ref or not ref.startswith("#"):
        return None
    return next((e for e in ctx.entities if e.id == ref[1:].split()[0]), None)


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies in one of the sorted ranges (nested a few deep at most)."""
    i = bisect_right(ranges, (start, len(ranges) and ranges[-1][1] + end))
    return any(a <= start and end <= b for a, b in ranges[max(0, i - 4):i])


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

