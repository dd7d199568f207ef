"""An optional spaCy model's named entities, to confirm and add to the names the rules found.

Used only when spaCy and a pipeline for the text's language (en_core_web_sm, es_core_news_md, ...)
are installed; never required. Without them nothing is said, unless the caller asked for one.
"""
from __future__ import annotations

import importlib.util
from importlib import metadata

from apostilla.common.errors import BadInput

from .context import Context
from .entities import Name

# spaCy's labels (OntoNotes for English, WikiNER for Spanish) and the register's types.
_TYPES = {"PERSON": "person", "PER": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
          "EVENT": "event", "MISC": "other", "WORK_OF_ART": "other", "PRODUCT": "other", "LAW": "other"}


def installed_model(lang: str) -> str | None:
    """The name of an installed spaCy pipeline for lang, smallest first, or None."""
    if importlib.util.find_spec("spacy") is None:
        return None
    prefix = f"{lang}_core_"
    names = sorted({(d.metadata["Name"] or "").replace("-", "_").lower() for d in metadata.distributions()})
    found = [n for n in names if n.startswith(prefix)]
    order = {"sm": 0, "md": 1, "lg": 2, "trf": 3}
    found.sort(key=lambda n: order.get(n.rsplit("_", 1)[-1], 9))
    return found[0] if found else None


def spans(model: str, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the entities the model finds in each text."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "lemmatizer", "textcat", "senter"])
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]


def merge(ctx: Context, names: list[Name], taken: list[tuple[int, int]], use: bool | None,
          notes: list[str]) -> list[Name]:
    """names confirmed (or added to) by a spaCy model, when there is one and use allows it."""
    if use is False:
        return names
    model = installed_model(ctx.lang)
    if model is None:
        if use:
            raise BadInput(f"no spaCy model for {ctx.lang!r} is installed (pip install spacy, then "
                           f"python -m spacy download {ctx.lang}_core_{'web' if ctx.lang == 'en' else 'news'}_sm)")
        return names
    notes.append(f"names also read by the spaCy model {model}")
    by_span = {(n.start, n.end): n for n in names}
    for block, found in zip(ctx.blocks, spans(model, [b.text for b in ctx.blocks])):
        for s, e, label in found:
            etype = _TYPES.get(label)
            start, end = block.start + s, block.start + e
            if etype is None or any(a < end and start < b for a, b in taken):
                continue
            name = by_span.get((start, end))
            if name is not None:
                name.cert = min(name.cert + 0.15, 0.9)
                name.type = etype
                name.reason += f"; {model} reads it as {label}"
            elif not any(a < end and start < b for a, b in by_span):
                text = ctx.text[start:end]
                added = Name(start, end, text, None, False, etype, None, 0.6,
                             f"{model} reads it as {label}", key=text)
                names.append(added)
                by_span[(start, end)] = added
    names.sort(key=lambda n: n.start)
    return names
