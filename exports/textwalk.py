"""The TEI `<text>` (front, body, back, nested divs) as memo blocks, in one pass over the tree."""
from __future__ import annotations

from apostilla.annotations import tei

from .inlines import mark_spans, sentence_around, trim_end, unwrap_marks
from .model import (Block, BlockQuote, BulletList, Emph, Heading, Inline, LineBreak, NoteRef, Para, Quote,
                    Strong, Table, Text)
from .phrases import LAYOUT, PHRASES, PREFIX, REGISTER_LISTS, PhraseReader, RawFact, qname

__all__ = ["TextWalker", "RawFact"]

DIVS = frozenset({"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"})
# Wrappers whose content is read as blocks, at the same heading depth.
CONTAINERS = frozenset({"text", "front", "body", "back", "group", "floatingText", "titlePage",
                        "castGroup", "sp", "spGrp", "lg", "epilogue", "prologue", "performance", "set"})
# Elements read as a paragraph of their own (blocks inside them split them).
PARAGRAPHS = frozenset({"p", "ab", "opener", "closer", "salute", "signed", "dateline", "byline",
                        "trailer", "postscript", "epigraph", "argument", "docTitle", "titlePart",
                        "docAuthor", "docDate", "docImprint", "docEdition", "imprimatur", "castItem"})
OTHER_BLOCKS = frozenset({"head", "stage", "speaker", "list", "listBibl", "castList", "table", "figure"})
QUOTES = frozenset({"quote", "q", "said", "cit"})   # blocks when they hold paragraphs or verse
_N = len(PREFIX)
# How _flow treats a child: as a block, a verse line, layout, a phrase, or "look inside first".
_BLOCK, _LINE, _LAYOUT, _PHRASE, _MAYBE = range(5)
_KIND = {**{n: _BLOCK for n in DIVS | CONTAINERS | PARAGRAPHS | OTHER_BLOCKS},
         **{n: _MAYBE for n in QUOTES}, "l": _LINE, **{n: _LAYOUT for n in LAYOUT},
         **{n: _PHRASE for n in PHRASES | REGISTER_LISTS}}


class TextWalker(PhraseReader):
    """One walk over a document's text: blocks, footnotes, quotes, facts and warnings."""

    nested_blocks = (DIVS | CONTAINERS | PARAGRAPHS | OTHER_BLOCKS | {"l", "item", "row", "cell",
                                                                    "headLabel", "headItem"}) - {"figure"}

    # Where the blocks of the first <body> begin: (the list they are in, their index in it).
    body_start: tuple[list[Block], int] | None = None

    def walk(self, node, lang: str) -> list[Block]:
        """The blocks of a container element (text, a div, a note, a cell...)."""
        blocks: list[Block] = []
        self._flow(node, lang, 0, blocks)
        return blocks

    def _flow(self, node, lang: str, depth: int, blocks: list[Block]) -> None:
        """node's mixed content: loose text and phrases gather into paragraphs between blocks,
        and consecutive verse lines into one paragraph with line breaks."""
        para: list[Inline] = []
        verse: list[Inline] = []
        self._space = True
        if node.text:
            self._add(para, node.text)
        for child in node:
            tag = child.tag
            if type(tag) is str:
                name = tag[_N:] if tag.startswith(PREFIX) else ""
                kind = _KIND.get(name, _PHRASE if name in self._handlers else _MAYBE)
                if kind == _MAYBE:
                    kind = _BLOCK if _holds_blocks(child) else _PHRASE
                if kind == _PHRASE:
                    if verse and name != "note":
                        self._end_para(verse, lang, blocks)
                        verse = []
                    self._phrase(child, verse or para, lang)
                elif kind == _LINE:
                    self._end_para(para, lang, blocks)
                    para = []
                    if verse:
                        verse.append(LineBreak())
                    self._space = True
                    self._children(child, verse, child.get(tei.XML_LANG) or lang)
                elif kind == _BLOCK:
                    self._end_para(verse, lang, blocks)
                    self._end_para(para, lang, blocks)
                    para, verse = [], []
                    self._block(child, name, child.get(tei.XML_LANG) or lang, depth, blocks)
                    self._space = True
            tail = child.tail
            if tail:
                if verse and tail.strip():
                    self._end_para(verse, lang, blocks)
                    verse = []
                if not verse:
                    self._add(para, tail)
        self._end_para(verse, lang, blocks)
        self._end_para(para, lang, blocks)

    def _block(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> None:
        if name in DIVS:
            self._flow(node, lang, depth + 1, blocks)
        elif name in CONTAINERS or name in PARAGRAPHS:
            if name == "body" and self.body_start is None:
                self.body_start = (blocks, len(blocks))
            self._flow(node, lang, depth, blocks)
        elif name == "head":
            self._space = True
            blocks.append(Heading(max(depth, 1), self.finish(self._content(node, lang)), self._lang(lang)))
        elif name == "stage":
            self._end_para([Emph(self._content(node, lang))], lang, blocks)
        elif name == "speaker":
            self._end_para([Strong(self._content(node, lang))], lang, blocks)
        elif name in ("list", "listBibl", "castList"):
            self._list(node, lang, blocks)
        elif name == "table":
            self._table(node, lang, blocks)
        elif name == "figure":
            self._figure(node, lang, blocks)
        elif name in QUOTES:
            self._block_quote(node, name, lang, depth, blocks)
        else:
            # A figure, or an element we do not know that holds blocks: its content, as blocks.
            self.unhandled[name or qname(node)] += 1
            self._flow(node, lang, depth, blocks)

    def _block_quote(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> None:
        """A quotation of paragraphs or verse; a <q> among them is also a key quote."""
        inner: list[Block] = []
        self._flow(node, lang, depth, inner)
        blocks.append(BlockQuote(inner, self._lang(lang)))
        if name != "q":
            return
        note = self._gloss(node, lang)
        if note is not None:
            if not inner or type(inner[-1]) is not Para:
                inner.append(Para([]))
            inner[-1].children.append(NoteRef(note))
        lines: list[Inline] = []
        for block in inner:
            if type(block) is Para:
                if lines:
                    lines.append(LineBreak())
                lines.extend(block.children)
        self.quotes.append((node, Quote(lines, lang, self._speaker(node), note)))

    def _figure(self, node, lang: str, blocks: list[Block]) -> None:
        """A figure cannot be shown: its heading and description stand in for it, in italics."""
        self.unhandled["figure"] += 1
        caption: list[Inline] = []
        if node.text:
            self._add(caption, node.text)
        for child in node:
            if type(child.tag) is str:
                if caption:
                    self._add(caption, " ")
                self._phrase(child, caption, lang)
            if child.tail:
                self._add(caption, child.tail)
        self._end_para([Emph(caption)] if caption else [], lang, blocks)

    def _end_para(self, para: list[Inline], lang: str, blocks: list[Block]) -> None:
        self._space = True
        if not para:
            return
        children = self.finish(para)
        if not children:
            return
        if blocks and type(blocks[-1]) is Para and all(type(i) is NoteRef for i in children):
            blocks[-1].children.extend(children)   # a note between blocks belongs to what precedes it
            return
        blocks.append(Para(children, self._lang(lang)))

    def finish(self, inlines: list[Inline]) -> list[Inline]:
        """Trim a finished run; give each date or figure in it the sentence it stands in."""
        trim_end(inlines)
        if self.facts and self.facts[-1].sentence is None:
            spans = mark_spans(inlines)
            if spans:
                for key, (start, end) in spans.items():
                    self.facts[key].sentence = sentence_around(inlines, start, end)
                unwrap_marks(inlines)
        return inlines

    def _lang(self, lang: str) -> str | None:
        return None if lang.lower() == self.memo_lang.lower() else lang

    def _list(self, node, lang: str, blocks: list[Block]) -> None:
        items: list[list[Block]] = []
        label: list[Inline] = []
        for child in node:
            name = tei.local(child)
            if not name or name in LAYOUT:
                continue
            self._space = True
            if name in ("head", "headLabel", "headItem"):
                self._end_para([Strong(self._content(child, lang))], lang, blocks)
            elif name == "label":
                label = self.finish(self._content(child, lang))
            else:
                item: list[Block] = []
                self._flow(child, child.get(tei.XML_LANG) or lang, 0, item)
                if label:
                    lead: list[Inline] = [Strong(label), Text(" ")]
                    if item and type(item[0]) is Para:
                        item[0].children[:0] = lead
                    else:
                        item.insert(0, Para(lead))
                    label = []
                items.append(item)
        if label:
            items.append([Para([Strong(label)])])
        if items:
            blocks.append(BulletList(items))

    def _table(self, node, lang: str, blocks: list[Block]) -> None:
        caption: list[Inline] = []
        rows: list[list[list[Block]]] = []
        header_rows = 0
        for row in node:
            name = tei.local(row)
            if name == "head":
                self._space = True
                caption = self.finish(self._content(row, lang))
            elif name == "row":
                cells = []
                for cell in row:
                    if tei.local(cell) == "cell":
                        content: list[Block] = []
                        self._flow(cell, cell.get(tei.XML_LANG) or lang, 0, content)
                        cells.append(content)
                if row.get("role") == "label" and len(rows) == header_rows:
                    header_rows += 1
                rows.append(cells)
        blocks.append(Table(rows, header_rows, caption))


def _holds_blocks(node) -> bool:
    """Whether an element holds paragraphs, verse or divisions (so it is read as a block)."""
    for child in node:
        tag = child.tag
        if type(tag) is str and tag.startswith(PREFIX):
            if _KIND.get(tag[_N:]) in (_BLOCK, _LINE):
                return True
    return False
