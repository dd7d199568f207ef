"""Language tags: BCP 47 (RFC 5646) well-formed and registered (IANA, through langcodes), with
display names from babel and a suggestion when a tag is not one."""
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
    """Return tag if it is well-formed and every subtag is registered, else BadInput naming the
    option and, when there is one, the tag that was likely meant (`sp`, `spanish` -> `es`)."""
    if not tag or not is_bcp47(tag):
        raise BadInput(f"{option} {tag!r} is not a well-formed BCP 47 language tag (e.g. en, es, es-CO)"
                       + _hint(tag))
    import langcodes  # the IANA subtag registry; loaded only when a tag is checked

    if not langcodes.tag_is_valid(tag):
        raise BadInput(f"{option} {tag!r} is not a registered language tag (IANA language subtag "
                       f"registry){_hint(tag)}")
    return tag


def likely_tag(value: str) -> str | None:
    """The registered tag a user likely meant: from a language's name in English or Spanish
    ("spanish", "Español"), or the most widely used language whose English name starts with it
    ("sp")."""
    key = value.strip().lower().replace("_", "-")
    if not key:
        return None
    names = _names()
    if key in names:
        return names[key]
    starting = {code for name, code in names.items() if name.startswith(key) and len(code) == 2}
    if not starting:
        return None
    spread = _spread()
    return max(sorted(starting), key=lambda code: spread.get(code, 0))


def _hint(value: str) -> str:
    found = likely_tag(value or "")
    return f"; did you mean {found!r}?" if found and found != value else ""


def _names() -> dict[str, str]:
    """Language names (lower case) in English and Spanish, by CLDR (babel), to their codes."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("es", "en"):  # English last: it wins where both name a language alike
        for code, name in Locale(locale).languages.items():
            if "_" not in code:
                names[name.lower()] = code
    return names


def _spread() -> dict[str, int]:
    """In how many territories each language is spoken, by CLDR: a measure of how likely it is meant."""
    from babel.core import get_global

    counts: dict[str, int] = {}
    for languages in get_global("territory_languages").values():
        for code in languages:
            counts[code] = counts.get(code, 0) + 1
    return counts


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
