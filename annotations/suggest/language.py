"""The language of a quotation, among the document's languages (Spanish and English at least).

lingua-language-detector (`pip install 'apostilla[suggest]'`) reads short passages best of the
detectors we measured (benchmarks/suggest_langs.py); it is imported only when `suggest` runs.
Without it, a word-list reading of Spanish against English stands in, and `suggest` says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cues import EN_COMMON as _EN
from .cues import ES_COMMON as _ES

# A language outside the document's is only named when the detector is this sure of it.
OTHER_CERT = 0.75
# Neighbours a Spanish or English news text quotes most; a quote in one of them is marked as such.
_NEIGHBOURS = ("fr", "pt", "it", "de", "ca")
_WORDS = re.compile(r"[^\W\d_]+")
_LONG = 120  # characters: from here on a passage is long enough for lingua's quick mode

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
    import importlib.util

    return importlib.util.find_spec("lingua") is not None and _lingua(("en", "es")) is not None


def guess(text: str, languages: tuple[str, ...], default: str) -> Guess:
    """The language of text among languages (ISO 639-1 codes); others named only when clear."""
    detector = _lingua(languages)
    if detector is None:
        return _by_words(text, languages, default)
    plain = _plainly(text, languages)
    if plain is not None:
        return _other(text, languages) or plain
    short, long_ = detector
    # lingua's trigram-only mode is as sure as the full one on long passages, and many times faster.
    values = (long_ if len(text) >= _LONG else short).compute_language_confidence_values(text)
    if not values:
        return Guess(default, 0.5, f"too little text to tell; the text's language ({default})")
    best = values[0]
    lang = best.language.iso_code_639_1.name.lower()
    other = _other(text, languages)
    if other is not None:
        return other
    return Guess(lang, best.value, f"{lang} ({best.value:.2f}) by lingua")


def _other(text: str, languages: tuple[str, ...]) -> Guess | None:
    """A third language, named only when lingua is sure of it: a quick screen of the neighbours first,
    then the full models of the document's languages and the one suspected."""
    if len(_WORDS.findall(text)) < 3:
        return None
    top = _screen(languages).compute_language_confidence_values(text)[0]
    suspect = top.language.iso_code_639_1.name.lower()
    if suspect in languages or top.value < OTHER_CERT:
        return None
    top = _lingua((*languages, suspect))[0].compute_language_confidence_values(text)[0]
    other = top.language.iso_code_639_1.name.lower()
    if other in languages or top.value < OTHER_CERT:
        return None
    return Guess(other, top.value, f"{other}, not one of the document's languages ({', '.join(languages)})")


def _language(code: str):
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        return None


@lru_cache(maxsize=8)
def _lingua(languages: tuple[str, ...]):
    """lingua's detectors for the document's languages (short passages, long ones), or None without lingua."""
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    mine = [x for x in (_language(c) for c in languages) if x is not None]
    if len(mine) < 2:
        return None
    return (LanguageDetectorBuilder.from_languages(*mine).build(),
            LanguageDetectorBuilder.from_languages(*mine).with_low_accuracy_mode().build())


@lru_cache(maxsize=8)
def _screen(languages: tuple[str, ...]):
    """A quick detector (trigrams only) of the document's languages and their neighbours."""
    from lingua import LanguageDetectorBuilder

    wider = list(dict.fromkeys(x for x in (_language(c) for c in (*languages, *_NEIGHBOURS)) if x is not None))
    return LanguageDetectorBuilder.from_languages(*wider).with_low_accuracy_mode().build()


def _plainly(text: str, languages: tuple[str, ...]) -> Guess | None:
    """Spanish or English when three or more of its commonest words (or letters) and none of the
    other's say so: no detector is needed for "No vamos a aceptar que ...". On the 60 short quotes
    this decides 20, all rightly; the rest go to lingua."""
    if "es" not in languages or "en" not in languages:
        return None
    words = [w.lower() for w in _WORDS.findall(text) if w.lower() not in _BOTH]
    es = sum(1 for w in words if w in _ES) + sum(1 for ch in text.lower() if ch in _ES_LETTERS)
    en = sum(1 for w in words if w in _EN)
    if es >= 3 and en == 0:
        return Guess("es", 0.95, "es by its common words")
    if en >= 3 and es == 0:
        return Guess("en", 0.95, "en by its common words")
    return None


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
