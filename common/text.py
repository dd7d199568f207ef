"""Text that apostilla stores or shows: what XML can hold, and what a terminal may be sent."""
from __future__ import annotations

import re
import unicodedata

from .errors import BadInput

# XML 1.0's Char production: tab, newline, carriage return, and everything from U+0020 but the
# surrogates and U+FFFE, U+FFFF. Anything else cannot be written into a document at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Sent to a terminal raw, these move the cursor, set the title, clear the screen (C0, DEL, C1) or
# reverse the order in which the following text is shown (bidi embeddings and overrides).
# Lone surrogates (a file name that is not UTF-8) cannot be written out at all.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_LINES = re.compile(_UNSAFE.pattern.replace("\x0a-\x1f", "\x0b-\x1f"))
_VISIBLE = ("L", "N", "P", "S")


def xml_text(value: str, option: str) -> str:
    """value if XML can hold every character of it, else BadInput naming the option and the character."""
    bad = _NOT_XML.search(value)
    if bad:
        char = bad.group()
        raise BadInput(f"{option}: the character {_code(char)} at position {bad.start() + 1} cannot be "
                       "stored in an XML document")
    return value


def visible_text(value: str, option: str, *, one_line: bool = True) -> str:
    """value, NFC and stripped (with white-space runs as one space when one_line), if XML can
    hold it and it shows at least one visible character (not only spaces, joiners or accents)."""
    value = unicodedata.normalize("NFC", xml_text(value, option))
    value = " ".join(value.split()) if one_line else value.strip()
    if not any(unicodedata.category(c)[0] in _VISIBLE for c in value):
        what = "empty" if not value else "made only of invisible characters"
        raise BadInput(f"{option} is {what}")
    return value


def printable(text: str, *, lines: bool = False) -> str:
    """text for a terminal: each control or bidi override as one visible stand-in, the rest as is.

    C0 controls and DEL become their Unicode control pictures (ESC shows as ␛), C1 controls,
    bidi controls and lone surrogates U+FFFD; tabs stay, and with `lines` newlines too (else one line could pose as
    two). One character for one, so offsets into the text still hold.
    """
    return (_UNSAFE_IN_LINES if lines else _UNSAFE).sub(_stand_in, text)


def _stand_in(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"
