"""Memo labels in the memo's language, from gettext catalogs kept as `.po` sources in exports/locale."""
from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from apostilla.common.errors import UsageError

DOMAIN = "apostilla"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The memo languages: one catalog each. English is the language of the msgids.
LANGUAGES = ("en", "es")
# An installer writes the .po and the .mo a moment apart, in any order: within this many seconds
# the .mo counts as current. A .po edited after the last compile is newer by more than that.
_SAME_BUILD = 2.0


def N_(message: str) -> str:
    """Mark a string for the catalogs without translating it here (the caller translates later)."""
    return message


def check_memo_lang(lang: str) -> str:
    """lang itself when a catalog exists for it, else UsageError naming the choices."""
    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang!r}: memos are written in {' or '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a memo language: its compiled `.mo` when current, else its `.po` compiled now.

    The `.mo` files are kept in the tree beside their `.po` (`python -m
    apostilla.exports.memo.i18n` writes them; a test checks they are current), so every install
    carries them: compiling a `.po` with babel costs a memo some 20 ms. A `.po` edited after
    its `.mo` is compiled in memory here instead.
    """
    check_memo_lang(lang)
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime + _SAME_BUILD >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compile_catalog(po, lang)))
    if lang == "en":
        return gettext.NullTranslations()  # the msgids are English already
    raise UsageError(f"--lang {lang}: the catalog {po.name} is missing from this installation")


def compile_catalog(po: Path, lang: str) -> bytes:
    """The `.mo` bytes of a `.po` file, compiled with babel (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def gettext_for(lang: str):
    """The `_` function of a memo language."""
    return translations(lang).gettext


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write the `.mo` file beside every `.po` (a build step: wheels then ship compiled catalogs)."""
    from apostilla.common.files import atomic_write

    written = []
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        atomic_write(mo, compile_catalog(po, po.parent.parent.name))
        written.append(mo)
    translations.cache_clear()
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
