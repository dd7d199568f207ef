"""Language tags: BCP 47 (RFC 5646) well-formedness and display names from babel."""
from __future__ import annotations

import re

from apostilla.common.errors import BadInput

# RFC 5646 section 2.1, "langtag", "privateuse" and "grandfathered", as one expression.
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"   # language (+ extlang)
    r"(?:-[a-z]{4})?"                                        # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"                           # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"              # variants
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"                  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"                            # private use
)
_PRIVATE = r"x(?:-[a-z0-9]{1,8})+"
_GRANDFATHERED = (
    r"en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|"
    r"i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|"
    r"zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(rf"^(?:{_LANGTAG}|{_PRIVATE}|{_GRANDFATHERED})$", re.IGNORECASE)


def is_bcp47(tag: str) -> bool:
    """Whether tag is a well-formed BCP 47 language tag (syntax only, not the registry)."""
    return bool(_BCP47.match(tag)) and not _duplicate_singleton(tag)


def _duplicate_singleton(tag: str) -> bool:
    parts = tag.lower().split("-")
    singletons = []
    for part in parts:
        if part == "x":
            break
        if len(part) == 1:
            singletons.append(part)
    return len(singletons) != len(set(singletons))


def check_lang(tag: str, *, option: str = "--lang") -> str:
    """Return tag if well-formed, else BadInput naming the option."""
    if not tag or not is_bcp47(tag):
        raise BadInput(f"{option} {tag!r} is not a well-formed BCP 47 language tag (e.g. en, es, es-CO)")
    return tag


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two tags name the same language (primary subtags compared, case-insensitively)."""
    if not a or not b:
        return False
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def language_name(tag: str, in_locale: str = "en") -> str:
    """The display name of tag in the given locale ('es' -> 'Spanish' / 'español'), else tag itself."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(in_locale) or tag
    except (ValueError, UnknownLocaleError):
        try:
            return Locale(in_locale).languages.get(tag.split("-")[0].lower(), tag)
        except (ValueError, UnknownLocaleError):
            return tag
