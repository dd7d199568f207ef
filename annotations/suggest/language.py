"""The language of a quotation, among the document's languages (Spanish and English at least).

lingua-language-detector (`pip install 'apostilla[suggest]'`) reads short passages best of the
detectors we measured (benchmarks/suggest_langs.py); it is imported only when `suggest` runs.
Without it, a word-list reading of Spanish against English stands in, and `suggest` says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cues import EN_COMMON as _EN, ES_COMMON as _ES

# A language outside the document's is only named when the detector is this sure of it.
OTHER_CERT = 0.75
# Neighbours a Spanish or English news text quotes most; a quote in one of them is marked as such.
_NEIGHBOURS = ("fr", "pt", "it", "de", "ca")
_WORDS = re.compile(r"[^\W\d_]+")

_ES_LETTERS = set("ñáéíóúü¿¡")
_BOTH = (_ES & _EN) | {"a", "no", "he", "me", "son", "once", "era", "sin", "come", "red", "pie", "fin"}


@dataclass(frozen=True)
class Guess:
    """A language guess: the tag, how sure, and a few words saying how it was made."""

    lang: str
    cert: float
    how: str


def detector_available() -> bool:
    """Whether lingua-language-detector can be imported."""
    try:
        import lingua  # noqa: F401
    except ImportError:
        return False
    return True


def guess(text: str, languages: tuple[str, ...], default: str) -> Guess:
    """The language of text among languages (ISO 639-1 codes); others named only when clear."""
    detector = _lingua(languages)
    if detector is None:
        return _by_words(text, languages, default)
    mine, everyone = detector
    values = mine.compute_language_confidence_values(text)
    if not values:
        return Guess(default, 0.5, f"too little text to tell; the text's language ({default})")
    best = values[0]
    lang = best.language.iso_code_639_1.name.lower()
    # A quote in a third language: only named when the wider detector is sure of it.
    wider = everyone.compute_language_confidence_values(text)
    if wider and len(_WORDS.findall(text)) >= 3:
        top = wider[0]
        other = top.language.iso_code_639_1.name.lower()
        if other not in languages and top.value >= OTHER_CERT:
            return Guess(other, top.value, f"{other}, not one of the document's languages "
                                           f"({', '.join(languages)})")
    return Guess(lang, best.value, f"{lang} ({best.value:.2f}) by lingua")


@lru_cache(maxsize=8)
def _lingua(languages: tuple[str, ...]):
    """Two lingua detectors (the document's languages; those plus neighbours), or None if absent."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None

    def language(code: str):
        try:
            return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        except (AttributeError, ValueError):
            return None

    mine = [x for x in (language(c) for c in languages) if x is not None]
    wider = mine + [x for x in (language(c) for c in _NEIGHBOURS) if x is not None and x not in mine]
    if len(mine) < 2:
        return None
    return (LanguageDetectorBuilder.from_languages(*mine).build(),
            LanguageDetectorBuilder.from_languages(*wider).build())


def _by_words(text: str, languages: tuple[str, ...], default: str) -> Guess:
    """Spanish or English by their commonest words and Spanish letters: the stand-in for lingua."""
    # Words both languages write ("a", "no", "he", "me") tell nothing.
    words = [w.lower() for w in _WORDS.findall(text) if w.lower() not in _BOTH]
    es = sum(1 for w in words if w in _ES) + 2 * sum(1 for ch in text.lower() if ch in _ES_LETTERS)
    en = sum(1 for w in words if w in _EN)
    es += sum(0.5 for w in words if w.endswith(("ción", "mente", "ado", "ada", "amos", "emos", "ía")))
    en += sum(0.5 for w in words if w.endswith(("tion", "ly", "ing", "ed", "ness", "able")))
    if "es" not in languages or "en" not in languages or es == en:
        return Guess(default, 0.5, f"no clear sign; the text's language ({default})")
    lang = "es" if es > en else "en"
    sure = 0.6 + 0.3 * abs(es - en) / (es + en)
    return Guess(lang, sure, f"{lang} by common words (lingua-language-detector is not installed)")
