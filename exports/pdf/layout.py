"""A small typesetter: runs of styled text broken into lines, lines and tables placed on pages.

Every piece of text belongs to a structure element (Elem); drawing it marks it as that element's
content (a marked-content sequence with an MCID), in reading order, which is what makes the PDF
tagged. Rules, shading, page numbers and the classification line are marked as artifacts.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .fonts import Font, FontSet
from .pdffile import PAGE_HEIGHT, PAGE_WIDTH, Elem

_PARTS = re.compile(r"( +|\n)")


class Style(NamedTuple):
    """How a run of text looks; colours are PDF rg operands ("0 0 0")."""

    family: str = "serif"
    bold: bool = False
    italic: bool = False
    size: float = 9.5
    color: str = "0.1 0.1 0.1"
    rise: float = 0.0
    fill: str | None = None            # a background (labels)
    tracking: float = 0.0


class Piece(NamedTuple):
    text: str
    style: Style
    elem: Elem


class Line:
    """One line of text, or (no items) a gap; `keep_next` keeps it on the page of the next line."""

    __slots__ = ("items", "height", "ascent", "indent", "keep_next", "group", "deco")

    def __init__(self, items: list, height: float, ascent: float, indent: float = 0.0,
                 keep_next: bool = False, group: int = 0, deco: list | None = None) -> None:
        self.items = items            # (x, text, style, elem)
        self.height = height
        self.ascent = ascent
        self.indent = indent
        self.keep_next = keep_next
        self.group = group            # lines of one group stay on one page (0: none)
        self.deco = deco or []        # (kind, ...) drawn as artifacts: ("bar", x), ("bullet", x, elem)


def gap(height: float, keep_next: bool = False) -> Line:
    return Line([], height, 0.0, keep_next=keep_next)


class Typesetter:
    """Breaks runs of pieces into lines of a given width (greedy, at spaces)."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._faces: dict[tuple, Font] = {}
        self._widths: dict[Style, dict[str, float]] = {}    # style -> text -> width in points

    def font(self, style: Style) -> Font:
        key = (style.family, style.bold, style.italic)
        face = self._faces.get(key)
        if face is None:
            face = self._faces[key] = self.fonts.get(*key)
        return face

    def width(self, text: str, style: Style) -> float:
        cache = self._widths.get(style)
        if cache is None:
            cache = self._widths[style] = {}
        found = cache.get(text)
        if found is None:
            found = cache[text] = self.font(style).width(text) * style.size / 1000 + style.tracking * len(text)
        return found

    def lines(self, pieces: list[Piece], width: float, leading: float = 1.3, indent: float = 0.0) -> list[Line]:
        """The lines of a paragraph, filled greedily and broken at spaces; "\n" breaks a line."""
        fast = self._fast_lines(pieces, width - indent, leading, indent)
        return fast if fast is not None else self._lines(pieces, width, leading, indent)

    def _fast_lines(self, pieces: list[Piece], avail: float, leading: float, indent: float) -> list[Line] | None:
        """The common case, with few objects per word: no line break in the text, no word wider than
        the line. None otherwise (the general way then does it)."""
        measure, widths = self.width, self._widths
        words: list[str] = []           # every word part, in order
        owners: list[int] = []          # the piece it comes from
        sizes: list[float] = []         # its width
        units: list[tuple] = []         # (first part, width, space before: width or 0.0 when glued)
        space = 0.0
        for k, (text, style, elem) in enumerate(pieces):
            if "\n" in text:
                return None
            cache = widths.get(style)
            if cache is None:
                measure(" ", style)
                cache = widths[style]
            space_w = cache[" "]
            for n, part in enumerate(text.split(" ")):
                if n:
                    space = space_w
                if not part:
                    continue
                w = cache.get(part)
                if w is None:
                    w = measure(part, style)
                if units and not space:         # glued to the word before: one unit with it
                    first, unit_w, before = units[-1]
                    units[-1] = (first, unit_w + w, before)
                else:
                    units.append((len(words), w, space))
                words.append(part)
                owners.append(k)
                sizes.append(w)
                space = 0.0
        starts: list[int] = []          # the unit each line starts with
        used = 0.0
        for u, (_, w, before) in enumerate(units):
            if w > avail:
                return None
            if starts and used + before + w <= avail:
                used += before + w
            else:
                starts.append(u)
                used = w
        if not units:
            return [self._line([], leading, indent)]
        lines = []
        bounds = starts + [len(units)]
        for a, b in zip(bounds, bounds[1:]):
            first = units[a][0]
            last = units[b][0] if b < len(units) else len(words)
            lines.append(self._assemble(pieces, words, owners, sizes, units, a, b, first, last, leading, indent))
        return lines

    def _assemble(self, pieces, words, owners, sizes, units, a, b, first, last, leading, indent) -> Line:
        """One line of words[first:last] as runs of one piece each, with their x positions."""
        gaps = {units[u][0]: units[u][2] for u in range(a + 1, b)}   # word index -> space before it
        items = []
        x = indent
        size = 0.0
        i = first
        while i < last:
            k = owners[i]
            text, style, elem = pieces[k]
            run = [words[i]]
            run_x = x
            x += sizes[i]
            i += 1
            while i < last and owners[i] == k:
                gap = gaps.get(i, 0.0)
                if gap:
                    run.append(" ")
                    x += gap
                run.append(words[i])
                x += sizes[i]
                i += 1
            if i < last and gaps.get(i):
                run.append(" ")               # the space between two runs ends the first
                x += gaps[i]
            items.append((run_x, "".join(run), style, elem))
            if style.size > size and not style.rise:
                size = style.size
        size = size or 9.5
        height = size * leading
        return Line(items, height, (height - size) / 2 + size * 0.8, indent)

    def _lines(self, pieces: list[Piece], width: float, leading: float = 1.3, indent: float = 0.0) -> list[Line]:
        avail = width - indent
        measure, widths = self.width, self._widths
        # Words as lists of parts (text, style, elem, width), each with the space before it.
        words: list = []                # (space part or None, parts, width); None parts: a forced break
        word: list = []
        word_w = 0.0
        space = None
        for text, style, elem in pieces:
            cache = widths.get(style)
            if cache is None:
                measure(" ", style)
                cache = widths[style]
            for part in _PARTS.split(text):
                if not part:
                    continue
                first = part[0]
                if first == " " or first == "\n":
                    if word:
                        words.append((space, word, word_w))
                        word, word_w = [], 0.0
                    if first == "\n":
                        words.append((None, None, 0.0))
                        space = None
                    else:
                        space = (" ", style, elem, cache[" "])
                    continue
                w = cache.get(part)
                if w is None:
                    w = measure(part, style)
                word.append((part, style, elem, w))
                word_w += w
        if word:
            words.append((space, word, word_w))
        lines: list[Line] = []
        line: list = []
        used = 0.0
        for space, parts, w in words:
            if parts is None:
                lines.append(self._line(line, leading, indent))
                line, used = [], 0.0
                continue
            if line and space is not None:
                if used + space[3] + w <= avail:
                    line.append(space)
                    line.extend(parts)
                    used += space[3] + w
                    continue
            elif not line or used + w <= avail:
                if w > avail and not line:
                    used = self._split(parts, avail, line, lines, leading, indent)
                else:
                    line.extend(parts)
                    used += w
                continue
            lines.append(self._line(line, leading, indent))
            line, used = [], 0.0
            if w > avail:
                used = self._split(parts, avail, line, lines, leading, indent)
            else:
                line.extend(parts)
                used = w
        if line or not lines:
            lines.append(self._line(line, leading, indent))
        return lines

    def _split(self, parts: list, avail: float, line: list, lines: list, leading: float, indent: float) -> float:
        """A word longer than the line, cut between characters; the width left on the last line."""
        used = 0.0
        for text, style, elem, _ in parts:
            for char in text:
                w = self.width(char, style)
                if line and used + w > avail:
                    lines.append(self._line(list(line), leading, indent))
                    line.clear()
                    used = 0.0
                line.append((char, style, elem, w))
                used += w
        return used

    def _line(self, parts: list, leading: float, indent: float) -> Line:
        merged: list = []
        x = indent
        size = 0.0
        last_style = last_elem = None
        for text, style, elem, w in parts:
            if style is last_style and elem is last_elem:
                item = merged[-1]
                merged[-1] = (item[0], item[1] + text, style, elem)
            else:
                merged.append((x, text, style, elem))
                last_style, last_elem = style, elem
                if style.size > size and not style.rise:
                    size = style.size
            x += w
        size = size or 9.5
        height = size * leading
        return Line(merged, height, (height - size) / 2 + size * 0.8, indent)


class Pages:
    """Pages being filled from the top: text lines, rules and tables, marked for the structure tree."""

    def __init__(self, setter: Typesetter, margins: tuple[float, float, float, float]) -> None:
        self.setter = setter
        self.top, self.right, self.bottom, self.left = margins
        self.width = PAGE_WIDTH - self.left - self.right
        self.ops: list[list[str]] = []
        self.marks: list[list[Elem]] = []     # per page: MCID -> element
        self.fonts: dict[tuple, str] = {}     # face key -> resource name
        self.y = 0.0
        self.new_page()

    # ------------------------------------------------------------------ pages

    def new_page(self) -> None:
        self.ops.append([])
        self.marks.append([])
        self.y = PAGE_HEIGHT - self.top

    def room(self) -> float:
        return self.y - self.bottom

    def ensure(self, height: float) -> None:
        """A new page unless this one has `height` left (a title keeps some of what follows it)."""
        if height > self.room() and not self.at_top():
            self.new_page()

    @property
    def page(self) -> int:
        return len(self.ops) - 1

    def at_top(self) -> bool:
        return self.y >= PAGE_HEIGHT - self.top - 0.01

    # ------------------------------------------------------------------ drawing

    def resource(self, style: Style) -> str:
        key = (style.family, style.bold, style.italic)
        name = self.fonts.get(key)
        if name is None:
            name = self.fonts[key] = f"/F{len(self.fonts) + 1}"
        return name

    def artifact(self, ops: str) -> None:
        self.ops[-1].append(f"/Artifact BMC {ops} EMC")

    def text(self, items: list, x0: float, baseline: float, artifact: bool = False) -> None:
        """Draw a line's items, each run of one element as one marked-content sequence."""
        out = self.ops[-1]
        marks = self.marks[-1]
        page = self.page
        setter = self.setter
        fills = [(x, text, style) for x, text, style, _ in items if style.fill]
        for x, text, style in fills:
            w = setter.width(text, style)
            self.artifact(f"{style.fill} rg {x0 + x - 1.5:.2f} {baseline - style.size * 0.25:.2f} "
                          f"{w + 3:.2f} {style.size * 1.15:.2f} re f")
        if artifact:     # a repeated table header: shown again, read once
            runs = " ".join(f"{self.resource(style)} {style.size:g} Tf {style.color} rg 1 0 0 1 "
                            f"{x0 + x:.2f} {baseline + style.rise:.2f} Tm <{setter.font(style).encode(text)}> Tj"
                            for x, text, style, _ in items)
            self.artifact(f"BT {runs} ET")
            return
        current = last = None
        font = setter.font
        for x, text, style, elem in items:
            if elem is not current:
                if current is not None:
                    out.append("ET EMC")
                current = elem
                last = None
                mcid = len(marks)
                marks.append(elem)
                elem.attach()
                elem.kids.append((page, mcid))
                out.append(f"/{elem.type} <</MCID {mcid}>> BDC BT")
            if style is not last:
                last = style
                out.append(f"{self.resource(style)} {style.size:g} Tf {style.color} rg {style.tracking:g} Tc")
            out.append(f"1 0 0 1 {x0 + x:.2f} {baseline + style.rise:.2f} Tm <{font(style).encode(text)}> Tj")
        if current is not None:
            out.append("ET EMC")

    def rule(self, x: float, y: float, width: float, thickness: float = 0.5, color: str = "0.75 0.75 0.75") -> None:
        self.artifact(f"{color} RG {thickness:g} w {x:.2f} {y:.2f} m {x + width:.2f} {y:.2f} l S")

    def box(self, x: float, y: float, width: float, height: float, color: str) -> None:
        self.artifact(f"{color} rg {x:.2f} {y:.2f} {width:.2f} {height:.2f} re f")

    def draw_line(self, line: Line, x0: float, top: float) -> None:
        baseline = top - line.ascent
        for deco in line.deco:
            if deco[0] == "under":
                self.rule(x0, top - line.height + 1, self.width - (x0 - self.left), deco[1], deco[2])
            elif deco[0] == "bar":
                self.artifact(f"0.71 0.68 0.61 RG 1.5 w {x0 + deco[1]:.2f} {top:.2f} m "
                              f"{x0 + deco[1]:.2f} {top - line.height:.2f} l S")
        if line.items:
            self.text(line.items, x0, baseline)

    # ------------------------------------------------------------------ flowing lines

    def flow(self, lines: list[Line]) -> None:
        """Place lines one after another, breaking pages: a line marked keep_next goes with the
        next one, a group stays whole, and no paragraph leaves a single first line at a page end."""
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if not line.items and self.at_top():
                i += 1                    # no gap at the top of a page
                continue
            need = self._need(lines, i)
            if need > self.room() and not self.at_top() and need <= self.body_height():
                self.new_page()
                continue
            if line.height > self.room() and not self.at_top():
                self.new_page()
                continue
            self.draw_line(line, self.left, self.y)
            self.y -= line.height
            i += 1

    def body_height(self) -> float:
        return PAGE_HEIGHT - self.top - self.bottom

    def _need(self, lines: list[Line], i: int) -> float:
        """The room line i needs: itself, what it keeps with, its group, or a paragraph's first two lines."""
        line = lines[i]
        need = line.height
        j = i
        while lines[j].keep_next and j + 1 < len(lines):
            j += 1
            need += lines[j].height
        if line.group:
            k = i + 1
            while k < len(lines) and lines[k].group == line.group:
                need += lines[k].height if k > j else 0
                k += 1
        elif line.items and j + 1 < len(lines) and lines[j + 1].items and j == i:
            need += lines[j + 1].height       # the first two lines of a paragraph together
        return need


class Cell(NamedTuple):
    elem: Elem
    lines: list[Line]
    span: int = 1


class Row(NamedTuple):
    elem: Elem
    cells: list[Cell]
    header: bool = False


PAD_X, PAD_Y = 4.0, 2.6
SHADE = "0.945 0.937 0.914"
RULE = "0.85 0.84 0.80"
DARK = "0.12 0.22 0.39"


def cell_height(cell: Cell) -> float:
    return sum(line.height for line in cell.lines)


def place_table(pages: Pages, widths: list[float], rows) -> None:
    """Draw a table: header rows shaded and repeated (as artifacts) on every page it runs onto;
    a row moves whole to the next page unless it is taller than a page, then it is cut by lines.
    `rows` may be made as they are drawn (an iterator): the header rows come first."""
    headers: list[Row] = []
    for row in rows:
        if row.header:
            headers.append(row)
        for cell in row.cells:        # every cell is in the structure, even an empty one
            cell.elem.attach()
        heights = [cell_height(c) for c in row.cells]
        height = max(heights, default=0.0) + 2 * PAD_Y
        if height > pages.room() and not pages.at_top():
            pages.new_page()
            if not row.header:
                for head in headers:
                    _draw_row(pages, widths, head, [list(c.lines) for c in head.cells], repeat=True)
        remaining = [list(c.lines) for c in row.cells]
        while True:
            remaining = _draw_row(pages, widths, row, remaining)
            if not any(remaining):
                break
            pages.new_page()
            for head in headers:
                if head is not row:
                    _draw_row(pages, widths, head, [list(c.lines) for c in head.cells], repeat=True)


def _draw_row(pages: Pages, widths: list[float], row: Row, lines: list[list[Line]], repeat: bool = False) -> list[list[Line]]:
    """Draw as much of a row as fits on the page; what is left of each cell."""
    room = pages.room() - 2 * PAD_Y
    shown: list[list[Line]] = []
    left: list[list[Line]] = []
    for cell_lines in lines:
        used, cut = 0.0, len(cell_lines)
        for n, line in enumerate(cell_lines):
            if used + line.height > room and n:
                cut = n
                break
            used += line.height
        shown.append(cell_lines[:cut])
        left.append(cell_lines[cut:])
    height = max((sum(l.height for l in part) for part in shown), default=0.0) + 2 * PAD_Y
    top = pages.y
    total = sum(widths)
    if row.header:
        pages.box(pages.left, top - height, total, height, SHADE)
    x = pages.left
    column = 0
    for cell, part in zip(row.cells, shown):
        width = sum(widths[column:column + cell.span])
        y = top - PAD_Y
        for line in part:
            if repeat:
                if line.items:
                    pages.text(line.items, x + PAD_X, y - line.ascent, artifact=True)
            else:
                pages.draw_line(line, x + PAD_X, y)
            y -= line.height
        x += width
        column += cell.span
    pages.rule(pages.left, top - height, total, 1.0 if row.header else 0.4, DARK if row.header else RULE)
    pages.y = top - height
    return left
