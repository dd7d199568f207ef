"""Render the memo model's blocks and inlines as WordprocessingML, with real footnotes."""
from __future__ import annotations

from urllib.parse import quote as percent_encode

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from . import model as m
from .docx_xml import Look, paragraph, run, sub, table, table_row, text_run, w, word_lang

# Character styles whose look must survive as direct formatting when a run inside them
# takes another style (a run has room for one style only): (bold, italic).
_CARRIED = {"Strong": (True, False), "FirstMention": (True, False), "Emphasis": (False, True),
            "InlineQuote": (False, True), "ForeignTerm": (False, True)}

# Characters a relationship target may hold as they are; anything else is percent-encoded,
# since Word refuses a document with a malformed link target.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

HEADING_LEVELS = 4


class Footnotes:
    """The footnotes part's root and which notes already have their footnote."""

    def __init__(self, root: etree._Element, renderer: "Renderer") -> None:
        self.root = root
        self.renderer = renderer            # renders note text, with links related to this part
        self.ids: dict[int, int] = {}       # id(Note) -> w:id


class Renderer:
    """Turns model blocks and inlines into w:p and w:tbl elements for one package part.

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
            m.NoteRef: self._noteref, m.Link: self._link,
        }
        self._block = {
            m.Para: self._para, m.Heading: self._heading, m.BlockQuote: self._blockquote,
            m.BulletList: self._list, m.Table: self._table,
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

    def inlines(self, p: etree._Element, items: list[m.Inline], look: Look) -> None:
        """Append runs for `items` to paragraph (or hyperlink) `p`."""
        for item in items:
            handler = self._inline.get(type(item))
            if handler is None:
                raise TypeError(f"the DOCX writer has no rendering for {type(item).__name__}")
            handler(p, item, look)

    def _text(self, p, item: m.Text, look: Look) -> None:
        text_run(p, item.text, look)

    def _break(self, p, item: m.LineBreak, look: Look) -> None:
        sub(run(p, look), "br")

    def _emph(self, p, item: m.Emph, look: Look) -> None:
        self.inlines(p, item.children, self.nest(look, "Emphasis"))

    def _strong(self, p, item: m.Strong, look: Look) -> None:
        self.inlines(p, item.children, self.nest(look, "Strong"))

    def _mention(self, p, item: m.Mention, look: Look) -> None:
        self.inlines(p, item.children, self.nest(look, "FirstMention" if item.first else "EntityMention"))

    def _quote(self, p, item: m.Quote, look: Look) -> None:
        inner = self.nest(look, "InlineQuote", item.lang)
        opening, closing = item.marks
        text_run(p, opening, inner)
        self.inlines(p, item.children, inner)
        text_run(p, closing, inner)
        if item.note is not None:
            self.footnote_call(p, item.note, look)

    def _foreign(self, p, item: m.Foreign, look: Look) -> None:
        self.inlines(p, item.children, self.nest(look, "ForeignTerm", item.lang))
        if item.note is not None:
            self.footnote_call(p, item.note, look)

    def _noteref(self, p, item: m.NoteRef, look: Look) -> None:
        self.footnote_call(p, item.note, look)

    def _link(self, p, item: m.Link, look: Look) -> None:
        target = percent_encode(item.target, safe=_URI_SAFE)
        link = etree.SubElement(p, w("hyperlink"))
        link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
                 self.part.relate_to(target, RT.HYPERLINK, is_external=True))
        self.inlines(link, item.children, self.nest(look, "Hyperlink"))

    # ------------------------------------------------------------------ footnotes

    def footnote_call(self, p: etree._Element, note: m.Note, look: Look) -> None:
        """A footnote reference in `p`, and the footnote itself the first time `note` is called."""
        notes = self.footnotes
        if notes is None or id(note) in notes.ids:
            return
        number = len(notes.ids) + 1
        notes.ids[id(note)] = number
        sub(run(p, self.nest(look, "FootnoteReference")), "footnoteReference").set(w("id"), str(number))
        notes.renderer.footnote(notes.root, note, number)

    def footnote(self, root: etree._Element, note: m.Note, number: int) -> None:
        """Append w:footnote `number` holding the text of `note` to the footnotes root."""
        fn = sub(root, "footnote")
        fn.set(w("id"), str(number))
        lang = note.lang
        self.blocks(fn, note.blocks, "FootnoteText", lang)
        first = fn.find(w("p"))
        if first is None or fn.index(first) != 0:
            first = paragraph(fn, self.styles["FootnoteText"])
            fn.insert(0, first)
        # The footnote's own number, then a space, at the start of its first paragraph.
        where = 1 if first.find(w("pPr")) is not None else 0
        mark = run(first, self.look(lang, "FootnoteReference"))
        sub(mark, "footnoteRef")
        first.insert(where, mark)
        space = text_run(first, " ", self.look(lang))
        first.insert(where + 1, space)

    # ------------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, items: list[m.Block], style: str, lang: str | None,
               depth: int = 0) -> None:
        """Append paragraphs and tables for `items`; paragraphs get paragraph style key `style`."""
        for item in items:
            handler = self._block.get(type(item))
            if handler is None:
                raise TypeError(f"the DOCX writer has no rendering for {type(item).__name__}")
            handler(parent, item, style, lang, depth)

    def _para(self, parent, item: m.Para, style: str, lang: str | None, depth: int) -> None:
        p = paragraph(parent, self.styles[style])
        self.inlines(p, item.children, self.look(item.lang or lang))

    def _heading(self, parent, item: m.Heading, style: str, lang: str | None, depth: int) -> None:
        level = min(max(item.level + self.heading_offset, 1), HEADING_LEVELS)
        p = paragraph(parent, self.styles[f"Heading{level}"])
        self.inlines(p, item.children, self.look(item.lang or lang))

    def _blockquote(self, parent, item: m.BlockQuote, style: str, lang: str | None, depth: int) -> None:
        self.blocks(parent, item.blocks, "Quote", item.lang or lang, depth)

    def _list(self, parent, item: m.BulletList, style: str, lang: str | None, depth: int) -> None:
        bullet = "ListBullet" if depth == 0 else f"ListBullet{min(depth + 1, 3)}"
        for entry in item.items:
            self.blocks(parent, entry, bullet, lang, depth + 1)

    def _table(self, parent, item: m.Table, style: str, lang: str | None, depth: int) -> None:
        if item.caption:
            self.inlines(paragraph(parent, self.styles["Caption"]), item.caption, self.look(lang))
        columns = max((len(row) for row in item.rows), default=0)
        if not columns:
            return
        cells = self.new_table(parent, [1] * columns)
        for number, row in enumerate(item.rows):
            header = number < item.header_rows
            for tc, blocks in zip(cells(header), row + [[]] * (columns - len(row))):
                self.blocks(tc, blocks, "MemoTableHeading" if header else "MemoTableText", lang)

    def new_table(self, parent: etree._Element, shares: list[int]):
        """A Memo Table across the text width, columns in proportion to `shares`.

        Returns a function that adds a row (a header row if asked) and gives its cells.
        Cells left without a paragraph are closed by `close_cells` once the part is built.
        """
        if len(parent) and parent[-1].tag == w("tbl"):
            paragraph(parent, None)   # two tables in a row would merge into one
        total = sum(shares)
        widths = [self.text_width * share // total for share in shares]
        tbl = table(parent, self.styles["MemoTable"], widths)
        return lambda header=False: table_row(tbl, widths, header)


def close_cells(root: etree._Element, style: str) -> None:
    """Give every table cell under `root` that does not end with a paragraph an empty one."""
    for tc in root.iter(w("tc")):
        if tc[-1].tag != w("p"):
            paragraph(tc, style)
