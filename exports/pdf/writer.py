"""Write a briefing memo as a tagged, accessible PDF (PDF/UA-1), set by apostilla's own typesetter.

The memo's sections become headings, paragraphs, lists and tables of a tagged PDF: the document
language is the memo's (/Lang), every passage in another language is a Span with its own /Lang,
tables have header cells, and the page furniture is marked as artifacts. Fonts (Liberation or
DejaVu, found on the machine) are embedded and subset with fontTools: `pip install 'apostilla[pdf]'`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from apostilla.annotations.languages import same_language
from apostilla.common.errors import ApostillaError

from ..memo import model as m
from ..memo.options import MemoOptions
from .layout import Cell, Line, Pages, Piece, Row, Style, Typesetter, gap, place_table
from .pdffile import PAGE_WIDTH, Elem, PdfFile, font_objects, pdf_string, structure, xmp

INSTALL_HINT = "pip install 'apostilla[pdf]'"

NAVY, GREY, RED, LINK = "0.12 0.22 0.39", "0.36 0.35 0.32", "0.54 0.07 0.07", "0.11 0.31 0.54"
BODY = Style("serif", size=9.5)
H1 = Style("sans", True, size=17, color=NAVY, tracking=3.2)
H2 = Style("sans", True, size=10, color=NAVY)
HEADINGS = {3: Style("sans", True, size=11.5, color=NAVY), 4: Style("sans", True, size=10, color=NAVY),
            5: Style("sans", True, False, 9.5, NAVY), 6: Style("sans", True, True, 9.5, NAVY)}
FIELD = Style("sans", True, size=7.8, color=NAVY)
TABLE = Style("sans", size=7.8)
TABLE_HEAD = Style("sans", True, size=7.4, color=NAVY)
DETAIL = Style("sans", size=6.8, color=GREY)
NEEDLESS = Style("sans", False, True, 6.8, GREY)
MISSING = Style("sans", False, True, 7, RED)
LABEL = Style("sans", size=6.4, color=GREY, fill="0.945 0.937 0.914")
UNTRANSLATED = Style("sans", size=6.4, color=RED, fill="0.984 0.918 0.918")
NOTE = Style("serif", size=8)
SMALL = Style("sans", size=7.5, color=GREY)
MARGINS = (51.0, 56.7, 56.7, 56.7)          # top, right, bottom, left (1.8 cm, 2 cm)
PARA_GAP, BLOCK_GAP = 3.5, 6.0


def write(memo: m.Memo, options: MemoOptions) -> bytes:
    """The memo as PDF bytes; the same memo (on the same fonts) always gives the same bytes."""
    try:
        from .fonts import FontSet
        fonts = FontSet()
        import fontTools  # noqa: F401  (fonts.py imports it when a font is loaded)
    except ImportError:
        raise ApostillaError(f"PDF memos need the fontTools package, an optional part of apostilla: "
                             f"{INSTALL_HINT}") from None
    if options.template is not None:
        memo.warnings.append("pdf: a template only restyles DOCX memos; this one does not use it")
    return PdfWriter(memo, fonts).render()


class PdfWriter:
    """One memo set on pages; every model node has its visit method."""

    def __init__(self, memo: m.Memo, fonts) -> None:
        self.memo = memo
        self.labels = memo.labels
        self.fonts = fonts
        self.setter = Typesetter(fonts)
        self.pages = Pages(self.setter, MARGINS)
        self.width = self.pages.width
        self.root = Elem("Document", lang=memo.lang)
        self.notes: list[m.Note] = []
        self.called: set[int] = set()
        self.group = 0
        self._inline = {m.Text: self._text, m.LineBreak: self._break, m.Emph: self._emph,
                        m.Strong: self._strong, m.Mention: self._mention, m.Quote: self._quote,
                        m.Foreign: self._foreign, m.NoteRef: self._noteref, m.Link: self._link,
                        m.Label: self._label}

    # ------------------------------------------------------------------ the document

    def render(self) -> bytes:
        memo, chosen = self.memo, self.memo.sections
        self._heading_block()
        if "summary" in chosen and memo.summary:
            self._section("summary")
            self.flow_blocks(memo.summary)
        if "quotes" in chosen:
            self._section("key_quotes")
            self._key_quotes()
        if "people" in chosen:
            self._section("parties")
            self._parties()
        if "dates" in chosen:
            self._section("facts")
            self._facts()
        if "text" in chosen:
            self._section("text")
            self._text_section()
            if self.notes:
                self._notes()
        if "provenance" in chosen:
            self._provenance()
        self._furniture()
        return self._file()

    def _file(self) -> bytes:
        memo, pages = self.memo, self.pages
        pdf = PdfFile()
        catalog, page_tree = pdf.reserve(), pdf.reserve()
        page_refs = [pdf.reserve() for _ in pages.ops]
        fonts = {name: font_objects(pdf, self.setter.font(Style(key[0], key[1], key[2])))
                 for key, name in sorted(pages.fonts.items(), key=lambda kv: kv[1])}
        resources = pdf.add("<< /Font << " + " ".join(f"{name} {num} 0 R" for name, num in fonts.items())
                            + " >> >>")
        for n, ops in enumerate(pages.ops):
            content = pdf.stream("\n".join(ops).encode("latin-1"))
            pdf.put(page_refs[n], f"<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 595.28 841.89] "
                                  f"/Resources {resources} 0 R /Contents {content} 0 R /StructParents {n} "
                                  f"/Tabs /S >>")
        pdf.put(page_tree, f"<< /Type /Pages /Kids [{' '.join(f'{r} 0 R' for r in page_refs)}] "
                           f"/Count {len(page_refs)} >>")
        tree = structure(pdf, self.root, page_refs, pages.marks)
        meta = memo.metadata
        when = _date(meta.get("date", ""))
        title = meta.get("title") or meta.get("subject") or memo.heading.title
        metadata = pdf.stream(xmp(title, meta.get("author", ""), memo.lang, when),
                              " /Type /Metadata /Subtype /XML", compress=False)
        pdf.put(catalog, f"<< /Type /Catalog /Pages {page_tree} 0 R /StructTreeRoot {tree} 0 R "
                         f"/MarkInfo << /Marked true >> /Lang {pdf_string(memo.lang)} /Metadata {metadata} 0 R "
                         f"/ViewerPreferences << /DisplayDocTitle true >> >>")
        stamp = when.strftime("D:%Y%m%d%H%M%SZ")
        info = pdf.add(f"<< /Title {pdf_string(title)} /Author {pdf_string(meta.get('author', ''))} "
                       f"/Subject {pdf_string(meta.get('subject', ''))} /Keywords {pdf_string(meta.get('keywords', ''))} "
                       f"/Producer (apostilla) /CreationDate ({stamp}) /ModDate ({stamp}) >>")
        missing = sorted({c for font in self.fonts.loaded.values() for c in font.missing})
        if missing:
            memo.warnings.append(f"pdf: {len(missing)} character(s) the fonts lack are shown as empty boxes "
                                 f"(e.g. {''.join(missing[:5])!r})")
        return pdf.bytes(catalog, info)

    def _furniture(self) -> None:
        """Page X of Y and the classification at the top and bottom of every page, as artifacts."""
        count = len(self.pages.ops)
        classification = self.memo.heading.classification
        right = PAGE_WIDTH - MARGINS[1]
        mark = SMALL._replace(bold=True, color=RED)
        for n, ops in enumerate(self.pages.ops):
            text = f"{self.labels['page']} {n + 1} {self.labels['of']} {count}"
            ops.append(self._artifact_text(text, SMALL, right - self.setter.width(text, SMALL), 30))
            if classification:
                x = (PAGE_WIDTH - self.setter.width(classification, mark)) / 2
                ops.append(self._artifact_text(classification, mark, x, 812))
                ops.append(self._artifact_text(classification, mark, x, 18))

    def _artifact_text(self, text: str, style: Style, x: float, y: float) -> str:
        font = self.setter.font(style)
        return (f"/Artifact BMC BT {self.pages.resource(style)} {style.size:g} Tf {style.color} rg "
                f"{style.tracking:g} Tc 1 0 0 1 {x:.2f} {y:.2f} Tm <{font.encode(text)}> Tj ET EMC")

    # ------------------------------------------------------------------ heading block and sections

    def _heading_block(self) -> None:
        heading = self.memo.heading
        h1 = Elem("H1", self.root)
        lines = self.setter.lines([Piece(heading.title, H1, h1)], self.width, 1.5)
        for label, value in heading.fields:
            p = Elem("P", self.root)
            lines.append(Line([(0.0, f"{label.upper()} ", FIELD, p), (72.0, value, BODY, p)], 13.5, 10.0))
        lines[-1].deco = [("under", 1.2, NAVY)]
        lines[-1].height += 4
        self.pages.flow(lines)

    def _section(self, key: str, group: int = 0) -> None:
        elem = Elem("H2", self.root)
        self._heading_lines([Piece(self.labels[key], H2, elem)], H2, under=True, group=group)

    def _heading_lines(self, pieces: list[Piece], style: Style, under: bool = False, group: int = 0) -> None:
        lines = self.setter.lines(pieces, self.width, 1.35)
        for line in lines:
            line.keep_next = True
            line.group = group
        if under:
            lines[-1].deco = [("under", 0.6, NAVY)]
            lines[-1].height += 2
        if not group:     # a title with at least a table row or three lines of what follows it
            self.pages.ensure(9.0 + sum(line.height for line in lines) + 40.0)
        self.pages.flow([gap(9.0, True), *lines, gap(3.0, True)])

    def _none(self) -> None:
        self.pages.flow(self.setter.lines([Piece(self.labels["none"], BODY._replace(italic=True),
                                                 Elem("P", self.root))], self.width))

    # ------------------------------------------------------------------ tables

    def _table(self, shares: list[int], heads: list[str], rows: list[list[list[Piece] | list[Line]]]) -> None:
        """A memo table of header labels and rows of cells, each cell pieces or ready lines."""
        if not rows:
            return self._none()
        total = sum(shares)
        widths = [self.width * s / total for s in shares]
        table = Elem("Table", self.root)
        head = Elem("TR", table)
        out = [Row(head, [self._cell(Elem("TH", head, attrs=" /A << /O /Table /Scope /Column >>"),
                                     [Piece(self.labels[h], TABLE_HEAD, None)], w)
                          for h, w in zip(heads, widths)], header=True)]
        for row in rows:
            tr = Elem("TR", table)
            out.append(Row(tr, [self._cell(Elem("TD", tr), content, w) for content, w in zip(row, widths)]))
        place_table(self.pages, widths, out)
        self.pages.flow([gap(BLOCK_GAP)])

    def _cell(self, elem: Elem, content, width: float, span: int = 1) -> Cell:
        """A cell: pieces (their element None: a paragraph of the cell) or a function making lines."""
        inner = width - 8
        if callable(content):
            return Cell(elem, content(elem, inner), span)
        lines: list[Line] = []
        para = None
        chunk: list[Piece] = []
        for piece in content + [None]:
            if piece is None or piece.text == "\f":      # \f: a new paragraph of the cell
                if chunk:
                    para = Elem("P", elem)
                    spans: dict[int, Elem] = {}

                    def owner(mark: Elem | None, para: Elem = para, spans: dict = spans) -> Elem:
                        if mark is None:
                            return para
                        if type(mark) is _LangMark:
                            return spans.setdefault(id(mark), Elem("Span", para, lang=mark.lang))
                        return mark

                    lines += self.setter.lines([Piece(p.text, p.style, owner(p.elem)) for p in chunk], inner, 1.25)
                chunk = []
                continue
            chunk.append(piece)
        return Cell(elem, lines, span)

    def _key_quotes(self) -> None:
        rows = []
        for quote in self.memo.key_quotes:
            speaker = [Piece(quote.speaker, TABLE, None)] if quote.speaker else \
                [Piece(self.labels["unknown_speaker"], NEEDLESS, None)]
            if quote.role:
                speaker += [Piece("\f", TABLE, None)] + self._phrase(quote.role, DETAIL)
            original = lambda elem, width, q=quote: self._cell_inlines(  # noqa: E731
                elem, width, q.original, [Piece(f"{self.labels['language']}: {q.original_lang_name}", DETAIL, None)])
            if not quote.needs_gloss:
                gloss = [Piece(self.labels["no_gloss_needed"], NEEDLESS, None)]
            elif quote.gloss is None:
                gloss = [Piece(self.labels["missing"], MISSING, None)]
            else:
                gloss = self._lang_pieces(quote.gloss, TABLE, quote.gloss_lang)
                about = " · ".join(f"{self.labels[k]}: {v}" for k, v in
                                   (("translator", quote.translator), ("status", quote.status)) if v)
                if about:
                    gloss += [Piece("\f", TABLE, None), Piece(about, DETAIL, None)]
            rows.append([speaker, original, gloss])
        self._table([22, 39, 39], ["speaker", "original", "translation"], rows)

    def _phrase(self, phrase: m.Phrase, style: Style) -> list[Piece]:
        pieces = self._lang_pieces(phrase.text, style, phrase.lang)
        if phrase.untranslated:
            pieces.append(Piece(f" ({self.labels['untranslated']})", style._replace(color=RED, italic=True), None))
        return pieces

    def _lang_pieces(self, text: str, style: Style, lang: str | None) -> list[Piece]:
        """Text in lang: a Span with its language when it is not the memo's (made per cell paragraph)."""
        if lang and not same_language(lang, self.memo.lang):
            return [Piece(text, style, _LangMark(lang))]
        return [Piece(text, style, None)]

    def _cell_inlines(self, elem: Elem, width: float, inlines: list[m.Inline], after: list[Piece],
                      lang: str | None = None) -> list[Line]:
        para = Elem("P", elem, lang=lang if lang and not same_language(lang, self.memo.lang) else None)
        pieces: list[Piece] = []
        self._inlines(inlines, TABLE, para, lang or self.memo.lang, pieces)
        lines = self.setter.lines(pieces, width, 1.25)
        if after:
            detail = Elem("P", elem)
            lines += self.setter.lines([Piece(p.text, p.style, detail) for p in after], width, 1.25)
        return lines

    def _parties(self) -> None:
        source = self.memo.source_lang
        rows = [[self._lang_pieces(p.name, TABLE, source), [Piece(p.kind, TABLE, None)],
                 self._phrase(p.role, TABLE) if p.role else [],
                 [Piece(p.mentions, TABLE, None)], [Piece(", ".join(p.authority_ids), TABLE, None)]]
                for p in self.memo.parties]
        self._table([25, 13, 35, 10, 17], ["name", "kind", "role", "mentions", "authority_ids"], rows)

    def _facts(self) -> None:
        rows = []
        for fact in self.memo.facts:
            context = lambda elem, width, f=fact: self._cell_inlines(elem, width, f.sentence, [], f.lang)  # noqa: E731
            rows.append([[Piece(fact.kind, TABLE, None)], [Piece(fact.value, TABLE, None)], context])
        self._table([12, 22, 66], ["kind", "value", "in_context"], rows)

    # ------------------------------------------------------------------ the text

    def _text_section(self) -> None:
        body = self.memo.body
        if not body:
            return self._none()
        if self.memo.layout != "parallel":
            return self.flow_blocks(body)
        half = [self.width / 2, self.width / 2]
        place_table(self.pages, half, self._parallel_rows(body, Elem("Table", self.root), half))

    def _parallel_rows(self, body: list[m.Block], table: Elem, half: list[float]):
        """The rows of the side-by-side text, made one at a time as they are drawn."""
        head = Elem("TR", table)
        yield Row(head, [self._cell(Elem("TH", head, attrs=" /A << /O /Table /Scope /Column >>"),
                                    [Piece(self.labels[k], TABLE_HEAD, None)], w)
                         for k, w in zip(("original", "translation"), half)], header=True)
        for block in body:
            tr = Elem("TR", table)
            if type(block) is not m.Passage:
                td = Elem("TD", tr, attrs=" /A << /O /Table /ColSpan 2 >>")
                yield Row(tr, [Cell(td, self.block_lines([block], self.width - 8, td, self.memo.lang), 2)])
                continue
            left = Elem("TD", tr, lang=block.lang)
            right = Elem("TD", tr)
            # The translation after its label and status, or the label saying there is none.
            translation = [block] if block.translation is not None else [m.Para([block.label])]
            yield Row(tr, [Cell(left, self.block_lines(block.original, half[0] - 8, left, block.lang)),
                           Cell(right, self.block_lines(translation, half[1] - 8, right, self.memo.lang))])

    def flow_blocks(self, blocks: list[m.Block]) -> None:
        """Blocks of the memo's body: lines flowed onto pages, tables placed as tables."""
        pending: list[Line] = []
        for block in blocks:
            if type(block) is m.Table and block.rows:
                self.pages.flow(pending)
                pending = []
                self._text_table(block, self.root)
            else:
                pending += self.block_lines([block], self.width, self.root, self.memo.lang)
                if len(pending) > 200 and not pending[-1].keep_next:   # a page or so at a time
                    self.pages.flow(pending)
                    pending = []
        self.pages.flow(pending)

    def _text_table(self, table: m.Table, parent: Elem) -> None:
        if table.caption:
            self.pages.flow(self._para_lines(table.caption, Elem("Caption", parent), BODY._replace(italic=True),
                                             self.width, self.memo.lang))
        columns = max(len(row) for row in table.rows)
        widths = [self.width / columns] * columns
        elem = Elem("Table", parent)
        rows = []
        for n, row in enumerate(table.rows):
            tr = Elem("TR", elem)
            header = n < table.header_rows
            cells = []
            for blocks in row + [[]] * (columns - len(row)):
                cell = Elem("TH" if header else "TD", tr,
                            attrs=" /A << /O /Table /Scope /Column >>" if header else "")
                cells.append(Cell(cell, self.block_lines(blocks, widths[0] - 8, cell, self.memo.lang, TABLE)))
            rows.append(Row(tr, cells, header))
        place_table(self.pages, widths, rows)
        self.pages.flow([gap(BLOCK_GAP)])

    def block_lines(self, blocks: list[m.Block], width: float, parent: Elem, lang: str,
                    style: Style = BODY, indent: float = 0.0) -> list[Line]:
        """The lines of some blocks at a width (a table inside them as one line per row)."""
        lines: list[Line] = []
        for block in blocks:
            kind = type(block)
            if kind is m.Para:
                elem = Elem("P", parent, lang=self._own(block.lang, lang))
                lines += self._para_lines(block.children, elem, style, width, block.lang or lang, indent)
                lines.append(gap(PARA_GAP))
            elif kind is m.Heading:
                lines += self._heading_block_lines(block, parent, width, lang, None)
            elif kind is m.Passage:
                lines += self._passage_lines(block, parent, width, lang, style, indent)
            elif kind is m.BlockQuote:
                elem = Elem("BlockQuote", parent, lang=self._own(block.lang, lang))
                inner = self.block_lines(block.blocks, width - 18, elem, block.lang or lang, style, indent + 12)
                for line in inner:
                    if line.items:
                        line.deco.append(("bar", indent + 4))
                lines += inner
            elif kind is m.BulletList:
                elem = Elem("L", parent)
                for item in block.items:
                    li = Elem("LI", elem)
                    label, body = Elem("Lbl", li), Elem("LBody", li)
                    inner = self.block_lines(item, width, body, lang, style, indent + 11)
                    first = next((line for line in inner if line.items), None)
                    if first is not None:
                        first.items.insert(0, (indent + 2, "•", style, label))
                    lines += inner
            elif kind is m.Table:
                for row in block.rows:       # inside a cell: a table's rows as lines
                    inlines: list[m.Inline] = []
                    for cell in row:
                        for inner in cell:
                            if hasattr(inner, "children"):
                                if inlines:
                                    inlines.append(m.Text(" · "))
                                inlines += inner.children
                    lines += self._para_lines(inlines, Elem("P", parent), style, width, lang, indent)
            else:
                raise TypeError(f"the PDF writer has no rendering for {kind.__name__}")
        return lines

    def _own(self, block_lang: str | None, context: str) -> str | None:
        return block_lang if block_lang and not same_language(block_lang, context) else None

    def _heading_block_lines(self, heading: m.Heading, parent: Elem, width: float, lang: str,
                             label: m.Label | None) -> list[Line]:
        level = min(heading.level + 2, 6)
        style = HEADINGS[max(level, 3)]
        elem = Elem(f"H{level}", parent, lang=self._own(heading.lang, lang))
        pieces: list[Piece] = []
        self._inlines(heading.children, style, elem, heading.lang or lang, pieces)
        if label is not None:
            pieces.append(Piece(" ", style, elem))
            self._label(label, style, elem, lang, pieces)
        lines = self.setter.lines(pieces, width, 1.3)
        for line in lines:
            line.keep_next = True
        return [gap(6.0, True), *lines, gap(2.0, True)]

    def _passage_lines(self, passage: m.Passage, parent: Elem, width: float, lang: str, style: Style,
                       indent: float) -> list[Line]:
        first, rest = (passage.translation, []) if passage.translation is not None else \
            (passage.original[0], passage.original[1:])
        if type(first) is m.Heading:
            lines = self._heading_block_lines(first, parent, width, lang, passage.label)
        elif type(first) is m.Para:
            lead = m.Para([passage.label, *first.children], first.lang)
            lines = self.block_lines([lead], width, parent, lang, style, indent)
        else:
            lines = self.block_lines([m.Para([passage.label]), first], width, parent, lang, style, indent)
        return lines + self.block_lines(rest, width, parent, lang, style, indent)

    def _para_lines(self, inlines: list[m.Inline], elem: Elem, style: Style, width: float, lang: str,
                    indent: float = 0.0) -> list[Line]:
        pieces: list[Piece] = []
        self._inlines(inlines, style, elem, lang, pieces)
        return self.setter.lines(pieces, width, 1.3, indent)

    def _notes(self) -> None:
        """The notes, numbered, after the text (each call in the text gives its number)."""
        self._section("notes")
        lines: list[Line] = []
        done = 0
        while done < len(self.notes):        # a note may call another: it joins the end of the list
            note = self.notes[done]
            done += 1
            elem = Elem("Note", self.root, lang=self._own(note.lang, self.memo.lang))
            elem.alt = None
            first = True
            for block in note.blocks or [m.Para([])]:
                if type(block) is m.Para:
                    para = Elem("P", elem)
                    pieces = [Piece(f"{note.number}. ", NOTE._replace(bold=True), Elem("Lbl", para))] if first else []
                    self._inlines(block.children, NOTE, para, note.lang or self.memo.lang, pieces)
                    lines += self.setter.lines(pieces, self.width, 1.3)
                else:
                    lines += self.block_lines([block], self.width, elem, note.lang or self.memo.lang, NOTE)
                first = False
            lines.append(gap(2.0))
        self.pages.flow(lines)

    def _provenance(self) -> None:
        """Provenance, kept on one page with its title: no page holds only the memo's last lines."""
        self.group += 1
        group = self.group
        lines = []
        for label, value in self.memo.provenance:
            p = Elem("P", self.root)
            label_style = SMALL._replace(bold=True, color="0.1 0.1 0.1")
            value_lines = self.setter.lines([Piece(value, SMALL._replace(color="0.1 0.1 0.1"), p)],
                                            self.width - 120, 1.3, 0)
            first = value_lines[0]
            first.items = [(0.0, label, label_style, p)] + [(x + 120, t, s, e) for x, t, s, e in first.items]
            for line in value_lines[1:]:
                line.items = [(x + 120, t, s, e) for x, t, s, e in line.items]
            lines += value_lines
        for line in lines:
            line.group = group
        self.pages.ensure(sum(line.height for line in lines) + 40.0)   # with its title
        self._section("provenance", group=group)
        self.pages.flow(lines)

    # ------------------------------------------------------------------ inlines

    def _inlines(self, items: list[m.Inline], style: Style, elem: Elem, lang: str, out: list[Piece]) -> None:
        visit = self._inline
        for item in items:
            try:
                method = visit[type(item)]
            except KeyError:
                raise TypeError(f"the PDF writer has no rendering for {type(item).__name__}") from None
            method(item, style, elem, lang, out)

    def _text(self, item, style, elem, lang, out) -> None:
        out.append(Piece(item.text, style, elem))

    def _break(self, item, style, elem, lang, out) -> None:
        out.append(Piece("\n", style, elem))

    def _emph(self, item, style, elem, lang, out) -> None:
        self._inlines(item.children, style._replace(italic=not style.italic), elem, lang, out)

    def _strong(self, item, style, elem, lang, out) -> None:
        self._inlines(item.children, style._replace(bold=True), elem, lang, out)

    def _mention(self, item, style, elem, lang, out) -> None:
        self._inlines(item.children, style._replace(bold=True) if item.first else style, elem, lang, out)

    def _span(self, elem: Elem, own: str | None, lang: str) -> tuple[Elem, str]:
        """A Span with its own /Lang for a passage in another language than its surroundings."""
        if own and not same_language(own, lang):
            return Elem("Span", elem, lang=own), own
        return elem, lang

    def _quote(self, item, style, elem, lang, out) -> None:
        span, inner = self._span(elem, item.lang, lang)
        opening, closing = item.marks
        if opening:
            out.append(Piece(opening, style, span))
        self._inlines(item.children, style, span, inner, out)
        if closing:
            out.append(Piece(closing, style, span))
        if item.note is not None:          # the call after the closing mark
            self._noteref(m.NoteRef(item.note), style, elem, lang, out)

    def _foreign(self, item, style, elem, lang, out) -> None:
        span, inner = self._span(elem, item.lang, lang)
        self._inlines(item.children, style, span, inner, out)
        if item.note is not None:
            self._noteref(m.NoteRef(item.note), style, elem, lang, out)

    def _noteref(self, item, style, elem, lang, out) -> None:
        note = item.note
        if id(note) not in self.called:
            self.called.add(id(note))
            self.notes.append(note)
        call = style._replace(size=style.size * 0.62, rise=style.size * 0.38, bold=False, italic=False)
        out.append(Piece(str(note.number), call, Elem("Reference", elem)))

    def _link(self, item, style, elem, lang, out) -> None:
        self._inlines(item.children, style._replace(color=LINK), elem, lang, out)
        shown = "".join(c.text for c in item.children if type(c) is m.Text)
        if shown.strip() != item.target:   # the address too: a printed page has no links
            out.append(Piece(f" ({item.target})", style._replace(color=GREY), elem))

    def _label(self, item, style, elem, lang, out) -> None:
        look = UNTRANSLATED if item.kind == "untranslated" else LABEL
        span = Elem("Span", elem, lang=self.memo.lang if not same_language(lang, self.memo.lang) else None)
        out.append(Piece(item.text, look, span))
        out.append(Piece(" ", style, elem))


class _LangMark(Elem):
    """Stands for "a Span in this language" in a cell's pieces until the cell's paragraph exists."""

    def __init__(self, lang: str) -> None:
        super().__init__("Span", None, lang)


def _date(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value or "1980-01-01")
    except ValueError:
        when = datetime(1980, 1, 1)
    return when.replace(tzinfo=None) if when.tzinfo is None else when.astimezone(timezone.utc).replace(tzinfo=None)
