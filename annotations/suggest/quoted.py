"""Quotations as suggestions: where they are, whether they are quotes at all, their language and speaker."""
from __future__ import annotations

from bisect import bisect_right

from .. import tei
from . import language, quotes
from .context import WORD, Context, VerbIndex, sentence_at, sentences, words_between
from .entities import Name
from .model import Suggestion
from .speakers import Mention, Speakers, possessive

_SCARE_WORDS = 2  # a quotation of this many words or fewer is a scare quote unless context says otherwise
_NEAR_WORDS = 12  # how many words away a reporting verb or another quote still counts as near


def find_all(ctx: Context) -> list[tuple[int, quotes.Found]]:
    """(paragraph offset, quotation) for every quotation of the text, annotated or not."""
    return [(block.start, q) for block in ctx.blocks for q in quotes.find(block.text)]


def languages(ctx: Context, found, notes: list[str]) -> dict[tuple[int, int], language.Guess]:
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


def quote_suggestions(ctx: Context, found, names: list[Name], langs) -> list[Suggestion]:
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
            cert, why = certainty(block.text, q, qs, bounds, verbs, base)
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


def certainty(text: str, q: quotes.Found, qs: list[quotes.Found], bounds, verbs: VerbIndex,
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
