"""The TrueType fonts a PDF memo embeds: found on the machine, measured, and subset to the glyphs used.

fontTools reads and subsets the fonts (glyph ids are kept, so the content streams stay right).
Widths are in thousandths of an em, rounded the same way for layout and for the PDF's W array.
"""
from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from apostilla.common.errors import ApostillaError

# (family, bold, italic) -> file names, best first. Liberation is metric-compatible with the Times
# and Arial of the HTML and DOCX memos; DejaVu covers more scripts.
FACES = {
    ("serif", False, False): ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    ("serif", True, False): ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    ("serif", False, True): ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
    ("serif", True, True): ("LiberationSerif-BoldItalic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ("sans", False, False): ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    ("sans", True, False): ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    ("sans", False, True): ("LiberationSans-Italic.ttf", "DejaVuSans-Oblique.ttf"),
    ("sans", True, True): ("LiberationSans-BoldItalic.ttf", "DejaVuSans-BoldOblique.ttf"),
}
# Tables a PDF does not use: no shaping beyond one glyph per character, no kerning.
DROPPED = ("FFTM", "DSIG", "GSUB", "GPOS", "GDEF", "kern", "morx", "JSTF", "BASE", "MATH")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts")
FONTS_HINT = ("the PDF memo needs the Liberation or DejaVu TrueType fonts (Debian: apt-get install "
              "fonts-liberation2 fonts-dejavu-core); APOSTILLA_FONT_DIR may name a folder that holds them")


@dataclass
class Font:
    """One embedded face: its glyphs and widths, and what the memo used of it."""

    key: tuple[str, bool, bool]
    path: Path
    name: str                                   # the PostScript name
    cmap: dict[int, int]                        # code point -> glyph id
    widths: list[int]                           # glyph id -> width in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    flags: int
    chars: set[str] = field(default_factory=set)           # every character drawn with this face
    _word: dict[str, float] = field(default_factory=dict)
    _hex: dict[int, str] = field(default_factory=dict)

    def width(self, text: str) -> float:
        """The width of text in 1/1000 em (cached per word: memos repeat their words)."""
        found = self._word.get(text)
        if found is None:
            cmap, widths = self.cmap, self.widths
            found = float(sum(widths[cmap.get(ord(c), 0)] for c in text))
            self._word[text] = found
        return found

    def encode(self, text: str) -> str:
        """text as the hex glyph ids of a Tj operand (a character the face lacks: glyph 0)."""
        if not self._hex:
            self._hex = {code: f"{gid:04X}" for code, gid in self.cmap.items()}
        self.chars.update(text)
        out = text.translate(self._hex)
        if len(out) != 4 * len(text):      # some character is not in the face
            out = "".join(self._hex.get(ord(c), "0000") for c in text)
        return out

    @property
    def used(self) -> dict[int, str]:
        """Glyph id -> the character it shows, for every glyph drawn."""
        found: dict[int, str] = {}
        for char in sorted(self.chars):
            gid = self.cmap.get(ord(char))
            if gid is not None and gid not in found:
                found[gid] = char
        return found

    @property
    def missing(self) -> list[str]:
        return sorted(c for c in self.chars if ord(c) not in self.cmap)

    def subset(self) -> bytes:
        """The font file with only the glyphs used (ids unchanged)."""
        from fontTools import subset
        from fontTools.ttLib import TTFont

        options = subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        options.hinting = False
        options.layout_features = []
        options.name_IDs = ["*"]
        options.drop_tables += list(DROPPED)
        with TTFont(io.BytesIO(self.path.read_bytes()), lazy=True) as font:
            for tag in DROPPED:       # taken out unread: decoding the layout tables costs most of the time
                if tag in font:
                    del font[tag]
            subsetter = subset.Subsetter(options)
            subsetter.populate(gids=sorted({0, *self.used}))
            subsetter.subset(font)
            out = io.BytesIO()
            font.save(out)
        return out.getvalue()


class FontSet:
    """The faces of one memo, loaded when first used."""

    def __init__(self) -> None:
        self.files = _find_files()
        self.loaded: dict[tuple[str, bool, bool], Font] = {}

    def get(self, family: str, bold: bool = False, italic: bool = False) -> Font:
        key = (family, bold, italic)
        font = self.loaded.get(key)
        if font is None:
            font = self.loaded[key] = _load(key, self.files)
        return font


def _find_files() -> dict[str, Path]:
    """Every font file we might use, by file name, from APOSTILLA_FONT_DIR and the usual folders."""
    wanted = {name for names in FACES.values() for name in names}
    found: dict[str, Path] = {}
    dirs = [os.environ.get("APOSTILLA_FONT_DIR", ""), *FONT_DIRS]
    for folder in dirs:
        if not folder:
            continue
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for dirpath, _, names in os.walk(root):
            for name in names:
                if name in wanted and name not in found:
                    found[name] = Path(dirpath) / name
    return found


def _load(key: tuple[str, bool, bool], files: dict[str, Path]) -> Font:
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    path = next((files[name] for name in FACES[key] if name in files), None)
    if path is None:
        regular = next((files[name] for name in FACES[(key[0], False, False)] if name in files), None)
        if regular is None:
            raise ApostillaError(FONTS_HINT)
        path = regular
    with TTFont(io.BytesIO(path.read_bytes()), lazy=True) as font:
        return _measure(key, path, font)


def _measure(key: tuple[str, bool, bool], path: Path, font) -> Font:
    upm = font["head"].unitsPerEm
    scale = 1000 / upm
    metrics = font["hmtx"].metrics
    order = font.getGlyphOrder()
    widths = [round(metrics[name][0] * scale) for name in order]
    names = {name: gid for gid, name in enumerate(order)}
    cmap = {code: names[name] for code, name in font.getBestCmap().items()}
    head, hhea, post = font["head"], font["hhea"], font["post"]
    os2 = font["OS/2"] if "OS/2" in font else None
    cap = getattr(os2, "sCapHeight", 0) or hhea.ascent * 0.7
    ps_name = font["name"].getDebugName(6) or path.stem
    italic = bool(key[2])
    flags = (1 << 5) | (1 << 1 if key[0] == "serif" else 0) | (1 << 6 if italic else 0)
    return Font(key=key, path=path, name=ps_name.replace(" ", ""), cmap=cmap, widths=widths,
                ascent=round(hhea.ascent * scale), descent=round(hhea.descent * scale),
                cap_height=round(cap * scale),
                bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
                italic_angle=float(post.italicAngle), flags=flags)
