"""Render the memo model's blocks and inlines as WordprocessingML, with real footnotes."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import quote as percent_encode

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ..memo import model as m
from .wml import Look, Wml, attr, word_lang

# Character styles whose look must survive as direct formatting when a run inside them
# takes another style (a run has room for one style only): (bold, italic).
_CARRIED = {"Strong": (True, False), "FirstMention": (True, False), "Emphasis": (False, True),
            "ForeignTerm": (False, True)}

# Characters a relationship target may hold as they are; anything else is percent-encoded,
# since Word refuses a document with a malformed link target.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

HEADING_LEVELS = 4

Cell = Callable[[Wml], None]


class Footnotes:
    """The footnotes being written, and which notes already have theirs (id(Note) -> w:id)."""

    def __init__(self, renderer: "Renderer") -> None:
        self.out = Wml()
        self.renderer = renderer            # renders note text, relating links to the footnotes part
        self.ids: dict[int, int] = {}


class Renderer:
    """Writes model blocks and inlines as WordprocessingML for one package part.

    `styles` maps the writer's style keys to the styleIds in the package; `lang` is the
    memo's language as Word tags it; `part` receives the relationships of links.
    """

    def __init__(self, styles: dict[str, str], lang: str, part, text_width: int) -> None:
        self.styles = styles
        self.lang = lang
        self.part = part
        self.text_width = text_width
        self.footnotes: Footnotes | None = None   # None: note calls are left out (excerpts)
        self.heading_offset = 1
        self._carried = {styles[key]: flags for key, flags in _CARRIED.items()}
        self._inline = {
            m.Text: self._text, m.LineBreak: self._break, m.Emph: self._emph, m.Strong: self._strong,
            m.Mention: self._mention, m.Quote: self._quote, m.Foreign: self._foreign,
            m.NoteRef: self._noteref, m.Link: self._link, m.Label: self._label,
        }
        self._block = {
            m.Para: self._para, m.Heading: self._heading, m.BlockQuote: self._blockquote,
            m.BulletList: self._list, m.Table: self._table, m.Passage: self._passage,
        }

    # ------------------------------------------------------------------ looks

    def look(self, lang: str | None = None, style: str | None = None) -> Look:
        """The plain look of a run in `lang` (None: the memo's), with character style key `style`."""
        return Look(self.styles[style] if style else None, False, False, word_lang(lang) if lang else self.lang)

    def nest(self, look: Look, style: str, lang: str | None = None) -> Look:
        """The look of a run inside `look` that takes character style key `style`."""
        bold, italic = self._carried.get(look.style, (False, False)) if look.style else (False, False)
        return Look(self.styles[style], look.bold or bold, look.italic or italic,
                    word_lang(lang) if lang else look.lang)

    # ------------------------------------------------------------------ inlines

    def inlines(self, out: Wml, items: Sequence[m.Inline], look: Look) -> None:
        """Write the runs of `items` into the open paragraph."""
        handlers = self._inline
        for item in items:
            handler = handlers.get(type(item))
            if handler is None:
                raise TypeError(f"the DOCX writer has no rendering for {type(item).__name__}")
            handler(out, item, look)

    def _text(self, out: Wml, item: m.Text, look: Look) -> None:
        out.text(item.text, look)

    def _break(self, out: Wml, item: m.LineBreak, look: Look) -> None:
        out.run(look, "<w:br/>")

    def _emph(self, out: Wml, item: m.Emph, look: Look) -> None:
        self.inlines(out, item.children, self.nest(look, "Emphasis"))

    def _strong(self, out: Wml, item: m.Strong, look: Look) -> None:
        self.inlines(out, item.children, self.nest(look, "Strong"))

    def _mention(self, out: Wml, item: m.Mention, look: Look) -> None:
        self.inlines(out, item.children, self.nest(look, "FirstMention" if item.first else "EntityMention"))

    def _quote(self, out: Wml, item: m.Quote, look: Look) -> None:
        inner = self.nest(look, "InlineQuote", item.lang)
        opening, closing = item.marks
        out.text(opening, inner)
        self.inlines(out, item.children, inner)
        out.text(closing, inner)
        if item.note is not None:
            self.footnote_call(out, item.note, look)

    def _foreign(self, out: Wml, item: m.Foreign, look: Look) -> None:
        self.inlines(out, item.children, self.nest(look, "ForeignTerm", item.lang))
        if item.note is not None:
            self.footnote_call(out, item.note, look)

    def _noteref(self, out: Wml, item: m.NoteRef, look: Look) -> None:
        self.footnote_call(out, item.note, look)

    def _label(self, out: Wml, item: m.Label, look: Look) -> None:
        style = "UntranslatedLabel" if item.kind == "untranslated" else "PassageLabel"
        label = self.look(None, style)
        out.text(item.text, label)
        out.text(" ", self.look())

    def _link(self, out: Wml, item: m.Link, look: Look) -> None:
        target = percent_encode(item.target, safe=_URI_SAFE)
        rid = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
        out.raw(f"<w:hyperlink r:id={attr(rid)}>")
        self.inlines(out, item.children, self.nest(look, "Hyperlink"))
        out.raw("</w:hyperlink>")

    # ------------------------------------------------------------------ footnotes

    def footnote_call(self, out: Wml, note: m.Note, look: Look) -> None:
        """A footnote reference, and the footnote itself the first time `note` is called."""
        notes = self.footnotes
        if notes is None or id(note) in notes.ids:
            return
        number = len(notes.ids) + 1
        notes.ids[id(note)] = number
        out.run(self.nest(look, "FootnoteReference"), f'<w:footnoteReference w:id="{number}"/>')
        notes.renderer.footnote(notes.out, note, number)

    def footnote(self, out: Wml, note: m.Note, number: int) -> None:
        """Write w:footnote `number` with the text of `note`, its number mark leading."""
        lang = note.lang
        out.raw(f'<w:footnote w:id="{number}">')

        def mark() -> None:
            out.run(self.look(lang, "FootnoteReference"), "<w:footnoteRef/>")
            out.text(" ", self.look(lang))

        rest = note.blocks
        if rest and type(rest[0]) is m.Para:
            self._para(out, rest[0], "FootnoteText", lang, 0, before=mark)
            rest = rest[1:]
        else:
            out.open_paragraph(self.styles["FootnoteText"])
            mark()
            out.close_paragraph()
        self.blocks(out, rest, "FootnoteText", lang)
        out.raw("</w:footnote>")

    # ------------------------------------------------------------------ blocks

    def blocks(self, out: Wml, items: Sequence[m.Block], style: str, lang: str | None, depth: int = 0) -> None:
        """Write paragraphs and tables for `items`; paragraphs get paragraph style key `style`."""
        for item in items:
            handler = self._block.get(type(item))
            if handler is None:
                raise TypeError(f"the DOCX writer has no rendering for {type(item).__name__}")
            handler(out, item, style, lang, depth)

    def _para(self, out: Wml, item: m.Para, style: str, lang: str | None, depth: int,
              before: Callable[[], None] | None = None) -> None:
        out.open_paragraph(self.styles[style])
        if before is not None:
            before()
        self.inlines(out, item.children, self.look(item.lang or lang))
        out.close_paragraph()

    def _heading(self, out: Wml, item: m.Heading, style: str, lang: str | None, depth: int,
                 label: m.Label | None = None) -> None:
        level = min(max(item.level + self.heading_offset, 1), HEADING_LEVELS)
        out.open_paragraph(self.styles[f"Heading{level}"])
        self.inlines(out, item.children, self.look(item.lang or lang))
        if label is not None:
            out.text(" ", self.look(item.lang or lang))
            self._label(out, label, self.look())
        out.close_paragraph()

    def _passage(self, out: Wml, item: m.Passage, style: str, lang: str | None, depth: int) -> None:
        """A passage in another language: its translation, else the original, after its label."""
        first, rest = (item.translation, []) if item.translation is not None else \
            (item.original[0], item.original[1:])
        if type(first) is m.Heading:
            self._heading(out, first, style, lang, depth, item.label)
        elif type(first) is m.Para:
            self._para(out, first, style, lang, depth,
                       before=lambda: self._label(out, item.label, self.look()))
        else:
            out.open_paragraph(self.styles[style])
            self._label(out, item.label, self.look())
            out.close_paragraph()
            self.blocks(out, [first], style, lang, depth)
        self.blocks(out, rest, style, lang, depth)

    def _blockquote(self, out: Wml, item: m.BlockQuote, style: str, lang: str | None, depth: int) -> None:
        self.blocks(out, item.blocks, "Quote", item.lang or lang, depth)

    def _list(self, out: Wml, item: m.BulletList, style: str, lang: str | None, depth: int) -> None:
        bullet = "ListBullet" if depth == 0 else f"ListBullet{min(depth + 1, 3)}"
        for entry in item.items:
            self.blocks(out, entry, bullet, lang, depth + 1)

    def _table(self, out: Wml, item: m.Table, style: str, lang: str | None, depth: int) -> None:
        if item.caption:
            out.open_paragraph(self.styles["Caption"])
            self.inlines(out, item.caption, self.look(lang))
            out.close_paragraph()
        columns = max((len(row) for row in item.rows), default=0)
        if not columns:
            return

        def cell(blocks: list[m.Block], header: bool) -> Cell:
            return lambda out: self.blocks(out, blocks, "MemoTableHeading" if header else "MemoTableText", lang)

        rows = [[cell(blocks, number < item.header_rows) for blocks in row + [[]] * (columns - len(row))]
                for number, row in enumerate(item.rows)]
        self.table(out, [1] * columns, rows, item.header_rows)

    def table(self, out: Wml, shares: list[int], rows: list[list[Cell]], header_rows: int = 0,
              keep_rows: bool = False) -> None:
        """A Memo Table across the text width, columns in proportion to `shares`; each cell
        is a function that writes its content. `keep_rows`: no row breaks across pages."""
        total = sum(shares)
        widths = [self.text_width * share // total for share in shares]
        out.open_table(self.styles["MemoTable"], widths)
        for number, row in enumerate(rows):
            out.open_row(number < header_rows, keep_rows)
            for width, write in zip(widths, row):
                out.open_cell(width)
                write(out)
                out.close_cell(self.styles["MemoTableText"])
            out.close_row()
        out.close_table()
