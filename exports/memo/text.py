"""The TEI text (front, body, back, nested divs, notes) as memo blocks and inlines, in one walk.

The reader follows the events of annotations.walk and keeps a stack of frames, one per element
being read: a frame gathers its element's content and, when the element ends, hands the result
to the frame below it. So a document nested thousands of levels deep reads as well as a flat one.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from apostilla.annotations import tei
from apostilla.annotations.glosses import Gloss
from apostilla.annotations.languages import same_language
from apostilla.annotations.walk import visit

from .inlines import (
    FactMark,
    mark_spans,
    note_refs,
    sentence_around,
    trim_end,
    unwrap_marks,
)
from .localize import quotation_marks
from .model import (
    Block,
    BlockQuote,
    BulletList,
    Emph,
    Foreign,
    Heading,
    Inline,
    Label,
    LineBreak,
    Link,
    Mention,
    Note,
    NoteRef,
    Para,
    Passage,
    Quote,
    Strong,
    Table,
    Text,
)

if TYPE_CHECKING:
    from apostilla.annotations.entities import Entity

__all__ = ["TextReader", "RawFact"]

_WHITE = " \t\n\r\f\v"  # not str.isspace(): no-break spaces are meant
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Quotation marks a source may type around a quote, straight or curly: the memo takes them out
# and sets the memo language's own, so exactly one pair shows.
_SOURCE_MARKS = frozenset("\"'“”‘’«»‹›„‚")
# Punctuation a source may put between a quote and its closing mark ('… cocaine.').
_INSIDE_PUNCTUATION = frozenset(".,;:!?…")
_LEFT_OUT = {**tei.LEFT_OUT, **{name: "a register" for name in tei.REGISTER_LISTS}}
# Block elements met inside a phrase (a list inside a highlighted passage...): their words.
_NESTED_BLOCKS = tei.STRUCTURE - {"figure"}

# How a flow of blocks treats a child: as a block, a verse line, layout, a phrase, or "look inside".
_BLOCK, _LINE, _LAYOUT, _PHRASE, _MAYBE = range(5)
_KIND = {**{n: _BLOCK for n in tei.DIVISIONS | tei.CONTAINERS | tei.PROSE_BLOCKS | tei.OTHER_BLOCKS},
         **{n: _MAYBE for n in tei.QUOTATIONS}, "l": _LINE, **{n: _LAYOUT for n in tei.LAYOUT},
         **{n: _PHRASE for n in tei.PHRASES | tei.REGISTER_LISTS | {"space"}}}
_PREFIX, _XML_LANG = tei.PREFIX, tei.XML_LANG
_N = len(_PREFIX)
# Blocks shown as a paragraph in one look: stage directions in italics, speakers in bold.
_SET_AS = {"stage": Emph, "speaker": Strong}
_NO_LOOK = (None, None, None)   # a <hi>'s rend, style and rendition when it has none of them


@dataclass
class RawFact:
    """A date or figure where it stands: its element, and its sentence once the paragraph is done."""

    node: object
    kind: str                    # "date" or "figure"
    sentence: list[Inline] | None = None


# ---------------------------------------------------------------------------- frames


class Frame:
    """One element being read. `done` runs, in order, when the element ends."""

    skip = False
    instead = None   # read this element's content in place of the frame's own element
    # Most frames never get a callback: they share this empty tuple until `then` gives them a list.
    done: tuple[()] | list[Callable[[], None]] = ()

    def __init__(self, r: "TextReader") -> None:
        self.r = r

    def then(self, callback: Callable[[], None]) -> None:
        """Run callback when the element ends, after those added before it."""
        if self.done:
            self.done.append(callback)
        else:
            self.done = [callback]

    def text(self, text: str) -> None:
        """The element's own text, before its first child."""

    def child(self, node) -> "Frame":
        """The frame that reads a child element."""
        return SKIP

    def tail(self, node, text: str) -> None:
        """The text after a child."""

    def leave(self) -> None:
        for callback in self.done:
            callback()


class Skip(Frame):
    """An element whose content is not read. It keeps nothing, so one (SKIP) serves them all."""

    skip = True

    def __init__(self) -> None:
        """No reader: nothing inside a skipped element is read."""

    def then(self, callback: Callable[[], None]) -> None:
        # Nothing is read between the start and the end of a skipped element: what is to run at
        # its end runs now, and the one frame keeps no list.
        callback()

    def leave(self) -> None:
        pass


SKIP = Skip()


class Collect(Frame):
    """Phrase content gathered into `out` (a new list, or the parent's for markup shown as its words)."""

    def __init__(self, r: "TextReader", out: list[Inline], lang: str, instead=None) -> None:
        # Not through Frame.__init__: a large text makes tens of thousands of these.
        self.r = r
        self.out = out
        self.lang = lang
        self.instead = instead

    def text(self, text: str) -> None:
        self.r.add(self.out, text)

    def child(self, node) -> Frame:
        return self.r.phrase(node, self.out, self.lang)

    def tail(self, node, text: str) -> None:
        r = self.r
        r.add(self.out, r.after(node, text) if r.closes else text)


class Wrap(Collect):
    """Phrase content gathered on its own and added to `into` as one `kind` (Emph, Strong), if any."""

    def __init__(self, r: "TextReader", kind: type, into: list[Inline], lang: str) -> None:
        self.r = r
        self.out: list[Inline] = []
        self.lang = lang
        self.kind = kind
        self.into = into

    def leave(self) -> None:
        if self.out:
            self.into.append(self.kind(self.out))
        if self.done:
            super().leave()


class Flow(Frame):
    """Mixed content read as blocks: loose text and phrases gather into paragraphs between blocks,
    and consecutive verse lines into one paragraph with line breaks."""

    def __init__(self, r: "TextReader", lang: str, depth: int, blocks: list[Block]) -> None:
        self.r = r   # as Frame.__init__ does, without the call: a long text has thousands of these
        self.lang = lang
        self.depth = depth
        self.blocks = blocks
        self.para: list[Inline] = []
        self.verse: list[Inline] = []
        r.space = True

    def text(self, text: str) -> None:
        self.r.add(self.para, text)

    def child(self, node) -> Frame:
        r = self.r
        tag = node.tag
        name = tag[_N:] if tag.startswith(_PREFIX) else ""
        kind = _FLOW_KIND.get(name, _MAYBE)
        if kind == _MAYBE:
            kind = _BLOCK if _holds_blocks(node) else _PHRASE
        if kind == _PHRASE:
            if self.verse and name != "note":
                r.end_para(self.verse, self.lang, self.blocks)
                self.verse = []
            out = self.verse or self.para
            return r.named_phrase(node, name, out, self.lang) if name else r.phrase(node, out, self.lang)
        if kind == _LINE:
            r.end_para(self.para, self.lang, self.blocks)
            self.para = []
            if self.verse:
                self.verse.append(LineBreak())
            r.space = True
            return Collect(r, self.verse, node.get(tei.XML_LANG) or self.lang)
        if kind == _BLOCK:
            self._end_paras()
            frame = r.block(node, name, node.get(tei.XML_LANG) or self.lang, self.depth, self.blocks)
            frame.then(r.after_block)
            return frame
        return SKIP

    def tail(self, node, text: str) -> None:
        r = self.r
        if r.closes:
            text = r.after(node, text)
        if self.verse and text.strip():
            r.end_para(self.verse, self.lang, self.blocks)
            self.verse = []
        if not self.verse:
            r.add(self.para, text)

    def leave(self) -> None:
        self._end_paras()
        super().leave()

    def _end_paras(self) -> None:
        """End the verse and the paragraph gathered so far, as end_para does; most often both
        are empty, and an empty list stays in use."""
        r = self.r
        if self.verse:
            r.end_para(self.verse, self.lang, self.blocks)
            self.verse = []
        if self.para:
            r.end_para(self.para, self.lang, self.blocks)
            self.para = []
        r.space = True


class ListFrame(Frame):
    """A list (or bibliography, cast list): items, with their labels in bold."""

    def __init__(self, r: "TextReader", lang: str, blocks: list[Block]) -> None:
        super().__init__(r)
        self.lang, self.blocks = lang, blocks
        self.items: list[list[Block]] = []
        self.label: list[Inline] = []

    def child(self, node) -> Frame:
        r, lang = self.r, self.lang
        name = tei.local(node)
        if not name or name in tei.LAYOUT:
            return SKIP
        r.space = True
        if name in tei.LIST_HEADS:
            kids: list[Inline] = []
            frame = Collect(r, kids, lang)
            frame.then(lambda: r.end_para([Strong(kids)], lang, self.blocks))
            return frame
        if name == "label":
            label: list[Inline] = []
            frame = Collect(r, label, lang)
            frame.then(lambda: setattr(self, "label", r.finish(label)))
            return frame
        item: list[Block] = []
        frame = Flow(r, node.get(tei.XML_LANG) or lang, 0, item)
        frame.then(lambda: self._item(item))
        return frame

    def _item(self, item: list[Block]) -> None:
        if self.label:
            lead: list[Inline] = [Strong(self.label), Text(" ")]
            if item and type(item[0]) is Para:
                item[0].children[:0] = lead
            else:
                item.insert(0, Para(lead))
            self.label = []
        self.items.append(item)

    def leave(self) -> None:
        if self.label:
            self.items.append([Para([Strong(self.label)])])
        if self.items:
            self.blocks.append(BulletList(self.items))
        super().leave()


class TableFrame(Frame):
    """A table: its caption, and rows of cells read as blocks; leading label rows are headers."""

    def __init__(self, r: "TextReader", lang: str, blocks: list[Block]) -> None:
        super().__init__(r)
        self.lang, self.blocks = lang, blocks
        self.caption: list[Inline] = []
        self.rows: list[list[list[Block]]] = []
        self.header_rows = 0

    def child(self, node) -> Frame:
        r = self.r
        name = tei.local(node)
        if name == "head":
            r.space = True
            caption: list[Inline] = []
            frame = Collect(r, caption, self.lang)
            frame.then(lambda: setattr(self, "caption", r.finish(caption)))
            return frame
        if name == "row":
            return RowFrame(r, self, node)
        return SKIP

    def leave(self) -> None:
        self.blocks.append(Table(self.rows, self.header_rows, self.caption))
        super().leave()


class RowFrame(Frame):
    """One row of a table."""

    def __init__(self, r: "TextReader", table: TableFrame, node) -> None:
        super().__init__(r)
        self.table, self.node = table, node
        self.cells: list[list[Block]] = []

    def child(self, node) -> Frame:
        if tei.local(node) != "cell":
            return SKIP
        content: list[Block] = []
        frame = Flow(self.r, node.get(tei.XML_LANG) or self.table.lang, 0, content)
        frame.then(lambda: self.cells.append(content))
        return frame

    def leave(self) -> None:
        table = self.table
        if self.node.get("role") == "label" and len(table.rows) == table.header_rows:
            table.header_rows += 1
        table.rows.append(self.cells)
        super().leave()


class FigureFrame(Frame):
    """A figure cannot be shown: its heading and description stand in for it, in italics."""

    def __init__(self, r: "TextReader", lang: str, blocks: list[Block]) -> None:
        super().__init__(r)
        self.lang, self.blocks = lang, blocks
        self.caption: list[Inline] = []
        r.unhandled["figure"] += 1

    def text(self, text: str) -> None:
        self.r.add(self.caption, text)

    def child(self, node) -> Frame:
        if self.caption:
            self.r.add(self.caption, " ")
        return self.r.phrase(node, self.caption, self.lang)

    def tail(self, node, text: str) -> None:
        self.r.add(self.caption, text)

    def leave(self) -> None:
        self.r.end_para([Emph(self.caption)] if self.caption else [], self.lang, self.blocks)
        super().leave()


# ---------------------------------------------------------------------------- the reader


class TextReader:
    """One reading of a document's text: blocks, footnotes, quotes, facts and warnings."""

    # Where the blocks of the first <body> begin: (the list they are in, their index in it).
    body_start: tuple[list[Block], int] | None = None

    def __init__(self, memo_lang: str, register: dict[str, Entity], glosses: dict[str, list[Gloss]],
                 gloss_note: Callable[[Gloss], list[Block]],
                 passage_label: Callable[[Gloss | None, str], Label] | None = None) -> None:
        self.memo_lang = memo_lang
        self.register = register
        self.glosses = glosses
        self.gloss_note_blocks = gloss_note
        # Paragraphs in another language become Passages (with their translation) when this is set.
        self.passage_label = passage_label
        self.quote_depth = 0                              # quotes open around the text being read
        self.quoting = 0                                  # block quotations open: no passages inside
        self.closes: set[int] = set()                     # id() of quotes whose closing mark to drop
        self.notes: list[Note] = []
        self.quotes: list[tuple[object, Quote]] = []     # every <q>, with its Quote
        self.facts: list[RawFact] = []
        # Facts whose sentence is still to be found: a date in a note is placed when the note's
        # paragraph ends, before the paragraph that holds the note and an earlier date.
        self.unplaced = 0
        self.unhandled: Counter[str] = Counter()          # element -> times shown as plain text
        self.left_out: Counter[str] = Counter()           # element -> times left out
        self.seen: set[str] = set()                       # entities already mentioned
        self.space = True                                 # the last character added was a space
        self._hi_kinds: dict[tuple, type | None] = {}

    def read(self, node, lang: str) -> list[Block]:
        """The blocks of a container element (text, a div, an abstract...)."""
        blocks: list[Block] = []
        visit(node, Flow(self, lang, 0, blocks))
        return blocks

    # ------------------------------------------------------------------ text and paragraphs

    def add(self, out: list[Inline], text: str) -> None:
        """Add document text as a browser would show it: white-space runs as one space."""
        if not text:
            return
        if "\n" in text or "\t" in text or "  " in text or "\r" in text:
            # Most such runs are the indentation between elements: all white space, one space.
            text = _one_space(text) if text.strip(_WHITE) else " "
        if self.space and text[:1] == " ":
            text = text[1:]
            if not text:
                return
        self.space = text[-1] == " "
        if out and type(out[-1]) is Text:
            out[-1].text += text
        else:
            out.append(Text(text))

    def after_block(self) -> None:
        self.space = True

    def end_para(self, para: list[Inline], lang: str, blocks: list[Block]) -> None:
        self.space = True
        if not para:
            return
        children = self.finish(para)
        if not children:
            return
        if (blocks and type(children[0]) is NoteRef and type(blocks[-1]) is Para
                and all(type(i) is NoteRef for i in children)):
            blocks[-1].children.extend(children)   # a note between blocks belongs to what precedes it
            return
        blocks.append(Para(children, self.lang_tag(lang)))

    def finish(self, inlines: list[Inline]) -> list[Inline]:
        """Trim a finished run; give each date or figure in it the sentence it stands in."""
        trim_end(inlines)
        if self.unplaced:
            spans = mark_spans(inlines)
            if spans:
                for key, (start, end) in spans.items():
                    self.facts[key].sentence = sentence_around(inlines, start, end)
                self.unplaced -= len(spans)
                unwrap_marks(inlines)
        return inlines

    def lang_tag(self, lang: str) -> str | None:
        """lang as a block's tag: None when it is the memo's own language."""
        return None if lang.lower() == self.memo_lang.lower() else lang

    # ------------------------------------------------------------------ blocks

    def block(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> Frame:
        """The frame for a block element met in a flow."""
        if (name in tei.GLOSS_PASSAGES and self.passage_label is not None and not self.quoting
                and not same_language(lang, self.memo_lang)):
            return self._passage_block(node, name, lang, depth, blocks)
        return self._block(node, name, lang, depth, blocks)

    # The closures are made in functions of their own: a function that makes one keeps the
    # variables it shares in cells, which costs every call, also those that make none.

    def _passage_block(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> Frame:
        inner: list[Block] = []
        frame = self._block(node, name, lang, depth, inner)
        frame.then(lambda: self._passage(node, lang, inner, blocks))
        return frame

    def _passage(self, node, lang: str, inner: list[Block], blocks: list[Block]) -> None:
        """A paragraph in another language: its translation into the memo's language, if any."""
        if not inner:
            return
        gloss = self.passage_gloss(node)
        translation = None
        if gloss is not None:
            # The text's own notes stay called from the translation; glosses of the quotes in the
            # paragraph are superseded by it (the key quotes still show them).
            children: list[Inline] = [Text(gloss.text)]
            children += [ref for ref in note_refs(inner) if ref.note.kind == "note"]
            first = inner[0]
            if type(first) is Heading:
                translation = Heading(first.level, children, self.lang_tag(gloss.lang))
            else:
                translation = Para(children, self.lang_tag(gloss.lang))
        blocks.append(Passage(inner, translation, self.passage_label(gloss, lang), lang))

    def passage_gloss(self, node) -> Gloss | None:
        ident = node.get(tei.XML_ID)
        if not ident or ident not in self.glosses:   # most paragraphs have no gloss
            return None
        return next((g for g in self.glosses[ident] if same_language(g.lang, self.memo_lang)), None)

    def _block(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> Frame:
        if name in tei.DIVISIONS:
            return Flow(self, lang, depth + 1, blocks)
        if name in tei.CONTAINERS or name in tei.PROSE_BLOCKS:
            if name == "body" and self.body_start is None:
                self.body_start = (blocks, len(blocks))
            return Flow(self, lang, depth, blocks)
        if name == "head" or name in _SET_AS:
            return self._titled_block(name, lang, depth, blocks)
        if name in tei.LISTS:
            return ListFrame(self, lang, blocks)
        if name == "table":
            return TableFrame(self, lang, blocks)
        if name == "figure":
            return FigureFrame(self, lang, blocks)
        if name in tei.QUOTATIONS:
            return self._block_quote(node, name, lang, depth, blocks)
        # An element we do not know that holds blocks: its content, as blocks.
        self.unhandled[name or tei.qname(node)] += 1
        return Flow(self, lang, depth, blocks)

    def _titled_block(self, name: str, lang: str, depth: int, blocks: list[Block]) -> Frame:
        if name == "head":
            self.space = True
        kids: list[Inline] = []
        frame = Collect(self, kids, lang)
        frame.then(lambda: self._titled(name, kids, lang, depth, blocks))
        return frame

    def _titled(self, name: str, kids: list[Inline], lang: str, depth: int, blocks: list[Block]) -> None:
        if name == "head":
            blocks.append(Heading(max(depth, 1), self.finish(kids), self.lang_tag(lang)))
        else:
            self.end_para([_SET_AS[name](kids)], lang, blocks)

    def _block_quote(self, node, name: str, lang: str, depth: int, blocks: list[Block]) -> Frame:
        """A quotation of paragraphs or verse; a <q> among them is also a key quote."""
        inner: list[Block] = []
        frame = Flow(self, lang, depth, inner)
        self.quoting += 1

        def done() -> None:
            self.quoting -= 1
            blocks.append(BlockQuote(inner, self.lang_tag(lang)))
            if name != "q":
                return
            note = self.gloss(node, lang)
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
            self.quotes.append((node, Quote(lines, lang, self.speaker(node), note)))

        frame.then(done)
        return frame

    # ------------------------------------------------------------------ phrases

    def phrase(self, node, out: list[Inline], lang: str) -> Frame:
        """The frame for phrase-level markup, adding what it shows to out."""
        tag = node.tag
        if not tag.startswith(_PREFIX):
            self.unhandled[tei.qname(node)] += 1
            return Collect(self, out, lang)
        return self.named_phrase(node, tag[_N:], out, lang)

    def named_phrase(self, node, name: str, out: list[Inline], lang: str) -> Frame:
        """`phrase` for a TEI element whose name (without the namespace) the caller has read."""
        own = node.get(_XML_LANG)
        if own is not None and own != lang and name not in tei.LANGUAGE_AWARE:
            return self._other_language(name, node, out, own)
        handler = _HANDLERS.get(name)   # _dispatch's first look, here: most phrases have a handler
        if handler is not None:
            return handler(self, node, out, lang)
        return self._dispatch(name, node, out, lang)

    def _other_language(self, name: str, node, out: list[Inline], own: str) -> Frame:
        # Apart from named_phrase: its closure would cost every phrase the cells it needs.
        kids: list[Inline] = []
        frame = self._dispatch(name, node, kids, own)
        frame.then(lambda: out.append(Foreign(kids, own)) if kids else None)
        return frame

    def _dispatch(self, name: str, node, out: list[Inline], lang: str) -> Frame:
        handler = _HANDLERS.get(name)
        if handler is not None:
            return handler(self, node, out, lang)
        if name in tei.PHRASES or name in _NESTED_BLOCKS:
            return Collect(self, out, lang)
        if name in tei.LAYOUT:
            return SKIP
        return self._unhandled(node, out, lang)

    def _unhandled(self, node, out: list[Inline], lang: str) -> Frame:
        self.unhandled[tei.local(node) or tei.qname(node)] += 1
        return Collect(self, out, lang)

    def _hi(self, node, out: list[Inline], lang: str) -> Frame:
        if node.attrib:
            get = node.get
            key = (get("rend"), get("style"), get("rendition"))
        else:
            key = _NO_LOOK   # one look at the attributes costs less than reading three
        if key not in self._hi_kinds:
            self._hi_kinds[key] = _hi_kind(" ".join(k for k in key if k).lower())
        kind = self._hi_kinds[key]
        if kind is None:
            return Collect(self, out, lang)  # superscript, small capitals...: the words, not the look
        return Wrap(self, kind, out, lang)

    def _emph(self, node, out: list[Inline], lang: str) -> Frame:
        return Wrap(self, Emph, out, lang)

    def _foreign(self, node, out: list[Inline], lang: str) -> Frame:
        own = node.get(tei.XML_LANG)
        kids: list[Inline] = []
        frame = Collect(self, kids, own or lang)

        def done() -> None:
            shown = kids
            if kids and (tei.local(node) == "foreign" or (own and own != lang)):
                shown = [Emph(kids)]                   # words in another language are set in italics
            if own:
                out.append(Foreign(shown, own, self.gloss(node, own)))
            else:
                out.extend(shown)

        frame.then(done)
        return frame

    def speaker(self, node) -> str | None:
        """Who says a quote: the register's name for its @who, else the bare id."""
        who = (node.get("who") or "").split()
        if not who:
            return None
        entity = self.register.get(who[0].lstrip("#"))
        return entity.name if entity else who[0].lstrip("#")

    def _quote(self, node, out: list[Inline], lang: str) -> Frame:
        qlang = node.get(tei.XML_LANG) or lang
        kids: list[Inline] = []
        frame = Collect(self, kids, qlang)
        marks = quotation_marks(self.memo_lang, self.quote_depth)
        self.quote_depth += 1
        opened = _drop_opening_mark(out)

        def done() -> None:
            self.quote_depth -= 1
            if _drop_inner_pair(kids) or opened:
                self.closes.add(id(node))
            quote = Quote(kids, qlang, self.speaker(node), None, marks)
            quote.note = self.gloss(node, qlang)
            out.append(quote)
            if tei.local(node) == tei.QUOTE:
                self.quotes.append((node, quote))

        frame.then(done)
        return frame

    def after(self, node, text: str) -> str:
        """The text after an element, less the closing mark the source typed after a quote."""
        if self.closes and id(node) in self.closes:
            self.closes.discard(id(node))
            if text[:1] in _SOURCE_MARKS:
                return text[1:]
            if text[:1] in _INSIDE_PUNCTUATION and text[1:2] in _SOURCE_MARKS:
                return text[0] + text[2:]
        return text

    def gloss(self, node, lang: str) -> Note | None:
        """The footnote with the gloss in the memo's language, for a passage in another one."""
        ident = node.get(tei.XML_ID)
        if not ident or same_language(lang, self.memo_lang):
            return None
        for gloss in self.glosses.get(ident, ()):
            if same_language(gloss.lang, self.memo_lang):
                note = Note(len(self.notes) + 1, self.gloss_note_blocks(gloss), "gloss", None)
                self.notes.append(note)
                return note
        return None

    def _name(self, node, out: list[Inline], lang: str) -> Frame:
        for token in (node.get("ref") or "").split():
            ident = token[1:] if token.startswith("#") else None
            if ident in self.register:
                kids: list[Inline] = []
                frame = Collect(self, kids, lang)

                def done(ident: str = ident) -> None:
                    out.append(Mention(kids, ident, ident not in self.seen))
                    self.seen.add(ident)

                frame.then(done)
                return frame
        return Collect(self, out, lang)   # a name that is not in the register: its words

    def _lb(self, node, out: list[Inline], lang: str) -> Frame:
        self.line_break(node, out)
        return SKIP

    def line_break(self, node, out: list[Inline]) -> None:
        # A break inside a word (break="no", hyphenInWord) joins the two halves.
        if node.get("break") == "no" or node.get("type") == "hyphenInWord":
            return
        _trim_spaces(out)
        out.append(LineBreak())
        self.space = True

    def _line(self, node, out: list[Inline], lang: str) -> Frame:
        frame = Collect(self, out, lang)
        frame.then(lambda: self.line_break(node, out))
        return frame

    def _note(self, node, out: list[Inline], lang: str) -> Frame:
        note = Note(len(self.notes) + 1, [], "note", None)
        self.notes.append(note)
        out.append(NoteRef(note))
        own = node.get(tei.XML_LANG) or lang
        note.lang = None if own.lower() == self.memo_lang.lower() else own
        space = self.space
        frame = Flow(self, own, 0, note.blocks)

        def done() -> None:
            self.space = space

        frame.then(done)
        return frame

    def _ref(self, node, out: list[Inline], lang: str) -> Frame:
        kids: list[Inline] = []
        frame = Collect(self, kids, lang)
        target = next((t for t in (node.get("target") or "").split() if t.startswith(_SAFE_SCHEMES)), None)

        def done() -> None:
            if target:
                out.append(Link(kids or [Text(target)], target))
            else:
                out.extend(kids)  # a pointer inside the document (or to a file): the words only

        frame.then(done)
        return frame

    def _fact(self, node, out: list[Inline], lang: str) -> Frame:
        kids: list[Inline] = []
        frame = Collect(self, kids, lang)

        def done() -> None:
            self.facts.append(RawFact(node, "date" if tei.local(node) == tei.DATE else "figure"))
            self.unplaced += 1
            out.append(FactMark(kids, len(self.facts) - 1))

        frame.then(done)
        return frame

    def _choice(self, node, out: list[Inline], lang: str) -> Frame:
        options = {tei.local(c): c for c in node if type(c.tag) is str}
        for name in tei.CHOICE_PREFERENCE:
            if name in options:
                return Collect(self, out, lang, instead=options[name])
        if options:
            return Collect(self, out, lang, instead=next(iter(options.values())))
        return SKIP

    def _app(self, node, out: list[Inline], lang: str) -> Frame:
        readings = [c for c in node if tei.local(c) in tei.READINGS]
        if not readings:
            return SKIP
        lemma = next((c for c in readings if tei.local(c) == "lem"), readings[0])
        return Collect(self, out, lang, instead=lemma)

    def _space(self, node, out: list[Inline], lang: str) -> Frame:
        # A space the transcription marks (<space/> between two words): shown as one, so that
        # the words stay apart.
        self.add(out, " ")
        return SKIP

    def _gap(self, node, out: list[Inline], lang: str) -> Frame:
        self.add(out, "[…]")
        return SKIP

    def _left_out(self, node, out: list[Inline], lang: str) -> Frame:
        self.left_out[tei.local(node)] += 1
        return SKIP

    def warnings(self) -> list[str]:
        """One line per element the memo could not render as such."""
        lines = [f"memo: <{name}> rendered as plain text ({_times(n)})"
                 for name, n in sorted(self.unhandled.items())]
        lines += [f"memo: <{name}> ({_LEFT_OUT.get(name, 'not shown')}) left out ({_times(n)})"
                  for name, n in sorted(self.left_out.items())]
        return lines


# How each phrase element is read; elements not here are shown as their words (tei.PHRASES),
# left out (tei.LAYOUT) or counted as not understood.
_HANDLERS: dict[str, Callable[..., Frame]] = {
    "hi": TextReader._hi, **{name: TextReader._emph for name in tei.EMPHASIS},
    "foreign": TextReader._foreign, "term": TextReader._foreign,
    **{name: TextReader._quote for name in tei.QUOTATIONS - {"cit"}},
    **{name: TextReader._name for name in tei.MENTION_ELEMENTS},
    "lb": TextReader._lb, "note": TextReader._note, "ref": TextReader._ref, "ptr": TextReader._ref,
    **{name: TextReader._fact for name in {tei.DATE} | tei.FIGURES},
    "choice": TextReader._choice, "app": TextReader._app, "gap": TextReader._gap,
    "space": TextReader._space,
    **{name: TextReader._left_out for name in tei.LEFT_OUT.keys() | tei.REGISTER_LISTS},
    "addrLine": TextReader._line, "figure": TextReader._unhandled,
}
# How a flow treats each element it may meet: _KIND's own, else a phrase when it has a handler.
_FLOW_KIND = {**{name: _PHRASE for name in _HANDLERS}, **_KIND}


def _holds_blocks(node) -> bool:
    """Whether an element holds paragraphs, verse or divisions (so it is read as a block)."""
    for child in node:
        tag = child.tag
        if type(tag) is str and tag.startswith(tei.PREFIX):
            if _KIND.get(tag[_N:]) in (_BLOCK, _LINE):
                return True
    return False


def _one_space(text: str) -> str:
    """text with each run of white space as one space. A few str.replace calls, not a regular
    expression: that takes seven times as long on the lines of a long text."""
    for white in _WHITE[1:]:
        text = text.replace(white, " ")
    while "  " in text:
        text = text.replace("  ", " ")   # halves every run of spaces
    return text


def _hi_kind(rend: str) -> type | None:
    """Strong for bold, Emph for italics and unstated highlighting, None for other looks."""
    words = set(re.split(r"[\s:;,()#]+", rend)) - {""}
    if words & {"bold", "b", "strong", "bolder", "700", "800", "900"}:
        return Strong
    if not words or words & {"italic", "italics", "ital", "i", "it", "underline", "u", "emph",
                             "oblique"}:
        return Emph
    return None


def _trim_spaces(out: list[Inline]) -> None:
    if out and type(out[-1]) is Text:
        out[-1].text = out[-1].text.rstrip(" ")
        if not out[-1].text:
            out.pop()


def _drop_opening_mark(before: list[Inline]) -> bool:
    """Take out a quotation mark typed right before a quote (not an apostrophe ending a word)."""
    prev = before[-1] if before else None
    if type(prev) is not Text or prev.text[-1:] not in _SOURCE_MARKS or prev.text[-2:-1].isalnum():
        return False
    prev.text = prev.text[:-1]
    if not prev.text:
        before.pop()
    return True


def _drop_inner_pair(kids: list[Inline]) -> bool:
    """Take out the pair of marks a source typed inside a quote's own element ("<q>«…»</q>")."""
    first, last = (kids[0], kids[-1]) if kids else (None, None)
    if type(first) is not Text or type(last) is not Text:
        return False
    if first.text[:1] not in _SOURCE_MARKS or last.text[-1:] not in _SOURCE_MARKS:
        return False
    if first is last and len(first.text) < 2:
        return False
    first.text = first.text[1:]
    last.text = last.text[:-1]
    kids[:] = [k for k in kids if type(k) is not Text or k.text]
    return True


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n:,} times"
