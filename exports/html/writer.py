"""Render a memo as one self-contained HTML5 page: inline CSS with a print stylesheet, no scripts."""
from __future__ import annotations

import re
from html import escape

from ..memo.model import (
    SECTION_TITLES,
    SECTIONS,
    Block,
    BlockQuote,
    BulletList,
    Emph,
    Foreign,
    Heading,
    Inline,
    KeyQuote,
    Label,
    LineBreak,
    Link,
    Memo,
    Mention,
    Note,
    NoteRef,
    Para,
    Passage,
    Phrase,
    Quote,
    Strong,
    Table,
    Text,
)
from ..memo.options import MemoOptions
from .style import STYLE, page_style

# Characters XML allows but HTML does not (DEL, C1 controls, noncharacters): a parse error in any
# HTML5 parser, and invisible anyway. They are shown as U+FFFD and counted in the memo's warnings.
# The pattern also matches every character beyond the BMP (one range keeps it fast); _keep lets
# those through unless they are a plane's last two code points.
_SUSPECT = re.compile("[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
_ASCII_BUT_DEL = bytes(range(0x7f))


def write(memo: Memo, options: MemoOptions) -> bytes:
    """The memo as UTF-8 HTML; the same memo always gives the same bytes (a template is for DOCX)."""
    if options.template is not None:
        memo.warnings.append("html: a template only restyles DOCX memos; this one does not use it")
    replaced = [0]

    def _keep(match: re.Match) -> str:
        char = match.group()
        if ord(char) > 0xFFFF and ord(char) & 0xFFFE != 0xFFFE:
            return char
        replaced[0] += 1
        return "\ufffd"

    page = HtmlWriter(memo).render()
    data = page.encode("utf-8")
    if not _may_be_suspect(data):
        return data
    page = _SUSPECT.sub(_keep, page)
    if replaced[0]:
        memo.warnings.append(f"html: {replaced[0]} control or non-character(s) that HTML cannot carry "
                             "shown as \ufffd")
    return page.encode("utf-8")


def _may_be_suspect(data: bytes) -> bool:
    """Whether a page (as UTF-8) has a character _SUSPECT matches. Every such character is DEL or
    beyond ASCII, so the search runs on those alone: what is left of UTF-8 without its ASCII bytes
    is still UTF-8, and some ten times shorter than a page in a Latin-script language."""
    return _SUSPECT.search(data.translate(None, _ASCII_BUT_DEL).decode("utf-8")) is not None


def _a(value: str) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(value, quote=True)


def _t(value: str) -> str:
    """Document text, escaped: markup in it shows as text. Three searches cost less than three
    replacements, and most text has none of these."""
    return escape(value, quote=False) if "&" in value or "<" in value or ">" in value else value


class HtmlWriter:
    """One memo, written out as HTML strings; every model node has its visit method."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self.labels = memo.labels
        self.out: list[str] = []
        self._called: set[int] = set()   # notes whose first call already carries the back-link id
        self._labels_html: dict[tuple[str, str], str] = {}
        self._p_tags: dict[str, str] = {}

    def render(self) -> str:
        memo, w = self.memo, self.out.append
        w(f'<!DOCTYPE html>\n<html lang="{_a(memo.lang)}">\n<head>\n<meta charset="utf-8">\n')
        w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        w(f"<title>{_t(memo.heading.title)}: {_t(memo.metadata.get('subject', ''))}</title>\n")
        for name in ("author", "keywords"):
            if memo.metadata.get(name):
                w(f'<meta name="{name}" content="{_a(memo.metadata[name])}">\n')
        w(f"<style>{STYLE}{page_style(self.labels, memo.heading.classification)}</style>\n"
          "</head>\n<body>\n<article>\n")
        self._header()
        chosen = memo.sections
        bodies = {"summary": self._summary, "quotes": self._key_quotes, "people": self._parties,
                  "dates": self._facts, "text": self._text_section}
        for section in SECTIONS:
            if section in chosen and section in bodies:
                self._section(SECTION_TITLES[section], bodies[section])
        if memo.notes and "text" in chosen:
            self._section("notes", self._notes, css="notes")
        self._footer()
        w("</article>\n</body>\n</html>\n")
        return "".join(self.out)

    # ------------------------------------------------------------------ memo parts

    def _header(self) -> None:
        heading, w = self.memo.heading, self.out.append
        w("<header>\n")
        if heading.classification:
            w(f'<p class="classification">{_t(heading.classification)}</p>\n')
        w(f"<h1>{_t(heading.title)}</h1>\n<dl class=\"fields\">\n")
        for label, value in heading.fields:
            w(f"<dt>{_t(label)}</dt><dd>{_t(value)}</dd>\n")
        w("</dl>\n</header>\n")

    def _section(self, key: str, body, css: str | None = None) -> None:
        ident = key.replace("_", "-")
        css = css or ident
        self.out.append(f'<section class="{css}" aria-labelledby="{ident}">\n'
                        f'<h2 id="{ident}">{_t(self.labels[key])}</h2>\n')
        body()
        self.out.append("</section>\n")

    def _none(self) -> None:
        self.out.append(f'<p class="needless">{_t(self.labels["none"])}</p>\n')

    def _summary(self) -> None:
        self._blocks(self.memo.summary) if self.memo.summary else self._none()

    def _key_quotes(self) -> None:
        rows = self.memo.key_quotes
        if not rows:
            return self._none()
        self._thead(("speaker", "original", "translation"))
        for row in rows:
            self.out.append("<tr><td>")
            self.out.append(_t(row.speaker) if row.speaker else
                            f'<span class="needless">{_t(self.labels["unknown_speaker"])}</span>')
            if row.role:
                self.out.append(' <span class="label">')
                self._phrase(row.role)
                self.out.append("</span>")
            self.out.append("</td><td>")
            self._inlines(row.original)
            self.out.append(f' <span class="label">{_t(row.original_lang_name)}</span></td><td>')
            self._gloss_cell(row)
            self.out.append("</td></tr>\n")
        self.out.append("</tbody>\n</table>\n")

    def _gloss_cell(self, row: KeyQuote) -> None:
        w = self.out.append
        if not row.needs_gloss:
            w(f'<span class="needless">{_t(self.labels["no_gloss_needed"])}</span>')
        elif row.gloss is None:
            w(f'<span class="missing">{_t(self.labels["missing"])}</span>')
        else:
            w(f'<span lang="{_a(row.gloss_lang or self.memo.lang)}">{_t(row.gloss)}</span>')
            about = ", ".join(part for part in (row.translator, row.status) if part)
            if about:
                w(f' <span class="label">{_t(about)}</span>')

    def _parties(self) -> None:
        if not self.memo.parties:
            return self._none()
        self._thead(("name", "kind", "role", "mentions", "authority_ids"), numeric={"mentions"})
        for party in self.memo.parties:
            ids = ", ".join(_t(i) for i in party.authority_ids)
            source = self._lang_attr(self.memo.source_lang)
            self.out.append(f"<tr><td{source}>{_t(party.name)}</td><td>{_t(party.kind)}</td><td>")
            if party.role:
                self._phrase(party.role)
            self.out.append(f"</td><td class=\"num\">{_t(party.mentions)}</td><td>{ids}</td></tr>\n")
        self.out.append("</tbody>\n</table>\n")

    def _phrase(self, phrase: Phrase) -> None:
        """A role: in the memo's language, or tagged with its own and marked as not translated."""
        if phrase.lang:
            self.out.append(f'<span lang="{_a(phrase.lang)}">{_t(phrase.text)}</span>')
        else:
            self.out.append(_t(phrase.text))
        if phrase.untranslated:
            self.out.append(f' <span class="untranslated">({_t(self.labels["untranslated"])})</span>')

    def _facts(self) -> None:
        if not self.memo.facts:
            return self._none()
        self._thead(("kind", "value", "in_context"))
        for fact in self.memo.facts:
            self.out.append(f"<tr><td>{_t(fact.kind)}</td><td>{_t(fact.value)}</td>"
                            f"<td{self._lang_attr(fact.lang)}>")
            self._inlines(fact.sentence)
            self.out.append("</td></tr>\n")
        self.out.append("</tbody>\n</table>\n")

    def _lang_attr(self, lang: str | None) -> str:
        """` lang="…"` for text in another language than the memo's, else nothing."""
        if not lang or lang.lower() == self.memo.lang.lower():
            return ""
        return f' lang="{_a(lang)}"'

    def _thead(self, keys: tuple[str, ...], numeric: set[str] = frozenset()) -> None:
        num = ' class="num"'
        cells = "".join(f'<th scope="col"{num if k in numeric else ""}>{_t(self.labels[k])}</th>'
                        for k in keys)
        self.out.append(f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n")

    def _text_section(self) -> None:
        if not self.memo.body:
            return self._none()
        if self.memo.layout != "parallel":
            return self._blocks(self.memo.body)
        # Side by side: each passage as original | translation; other blocks across both columns.
        w, labels = self.out.append, self.labels
        w(f'<div class="parallel">\n<p class="column-head">{_t(labels["original"])}</p>'
          f'<p class="column-head">{_t(labels["translation"])}</p>\n')
        for block in self.memo.body:
            if type(block) is not Passage:
                w('<div class="across">\n')
                self._blocks([block])
                w("</div>\n")
                continue
            w(f'<div class="original" lang="{_a(block.lang)}">\n')
            self._blocks(block.original)
            w(f'</div>\n<div class="translation" lang="{_a(self.memo.lang)}">\n')
            if block.translation is not None:
                self._passage(block)          # the translation, after its label and status
            else:
                w(f'<p><span class="passage-label untranslated">{_t(block.label.text)}</span></p>\n')
            w("</div>\n")
        w("</div>\n")

    def _notes(self) -> None:
        self.out.append("<ol>\n")
        for note in self.memo.notes:
            self._note(note)
        self.out.append("</ol>\n")

    def _note(self, note: Note) -> None:
        lang = f' lang="{_a(note.lang)}"' if note.lang else ""
        back = (f' <a class="back" href="#fnref-{note.number}" aria-label="{_a(self.labels["back_to_text"])}'
                f' {note.number}">↩</a>')
        self.out.append(f'<li id="fn-{note.number}"{lang}>')
        blocks = note.blocks
        if blocks and type(blocks[-1]) is Para:
            self._blocks(blocks[:-1])
            self._para(blocks[-1], back)
        else:
            self._blocks(blocks)
            self.out.append(f"<p>{back}</p>")
        self.out.append("</li>\n")

    def _footer(self) -> None:
        w = self.out.append
        w("<footer>\n")
        if "provenance" in self.memo.sections:
            w(f'<h2 id="provenance">{_t(self.labels["provenance"])}</h2>\n<dl>\n')
            for label, value in self.memo.provenance:
                w(f"<dt>{_t(label)}</dt><dd>{_t(value)}</dd>\n")
            w("</dl>\n")
        if self.memo.heading.classification:
            w(f'<p class="classification">{_t(self.memo.heading.classification)}</p>\n')
        w("</footer>\n")

    # ------------------------------------------------------------------ blocks

    def _blocks(self, blocks: list[Block]) -> None:
        visit = self._BLOCKS
        for block in blocks:
            try:
                method = visit[type(block)]
            except KeyError:
                raise TypeError(f"the HTML writer has no rendering for {type(block).__name__}") from None
            method(self, block)

    def _para(self, para: Para, extra: str = "", lead: Label | None = None) -> None:
        self.out.append(self._p_tag(para.lang) if para.lang else "<p>")
        if lead is not None:
            self._label(lead)
        self._inlines(para.children)
        self.out.append(f"{extra}</p>\n")

    def _p_tag(self, lang: str) -> str:
        """The start tag of a paragraph in lang, made once per language: a long text has thousands."""
        tag = self._p_tags.get(lang)
        if tag is None:
            tag = self._p_tags[lang] = f'<p lang="{_a(lang)}">'
        return tag

    def _heading(self, heading: Heading, label: Label | None = None) -> None:
        level = min(heading.level + 2, 6)   # h1 is MEMORANDUM, h2 the memo's sections
        lang = f' lang="{_a(heading.lang)}"' if heading.lang else ""
        self.out.append(f"<h{level}{lang}>")
        self._inlines(heading.children)
        if label is not None:
            self.out.append(" ")
            self._label(label)
        self.out.append(f"</h{level}>\n")

    def _passage(self, passage: Passage) -> None:
        """A passage in another language: its translation, else the original, after its label."""
        shown = passage.translation
        if shown is None:
            first, rest = passage.original[0], passage.original[1:]
        else:
            first, rest = shown, []
        if type(first) is Heading:
            self._heading(first, passage.label)
        elif type(first) is Para:
            self._para(first, lead=passage.label)
        else:
            self.out.append("<p>")
            self._label(passage.label)
            self.out.append("</p>\n")
            self._blocks([first])
        if rest:
            self._blocks(rest)

    def _blockquote(self, quote: BlockQuote) -> None:
        self.out.append(f'<blockquote lang="{_a(quote.lang)}">\n' if quote.lang else "<blockquote>\n")
        self._blocks(quote.blocks)
        self.out.append("</blockquote>\n")

    def _list(self, bullets: BulletList) -> None:
        self.out.append("<ul>\n")
        for item in bullets.items:
            self.out.append("<li>")
            self._blocks(item)
            self.out.append("</li>\n")
        self.out.append("</ul>\n")

    def _table(self, table: Table) -> None:
        w = self.out.append
        w("<table>\n")
        if table.caption:
            w("<caption>")
            self._inlines(table.caption)
            w("</caption>\n")
        for n, row in enumerate(table.rows):
            if n == 0 and table.header_rows:
                w("<thead>\n")
            if n == table.header_rows:
                w("<tbody>\n")
            cell = "th" if n < table.header_rows else "td"
            w("<tr>")
            for blocks in row:
                w(f'<{cell} scope="col">' if cell == "th" else "<td>")
                self._blocks(blocks)
                w(f"</{cell}>")
            w("</tr>\n")
            if n == table.header_rows - 1:
                w("</thead>\n")
        if len(table.rows) > table.header_rows:
            w("</tbody>\n")
        w("</table>\n")

    # ------------------------------------------------------------------ inlines

    def _inlines(self, items: list[Inline]) -> None:
        visit, out = self._INLINES, self.out
        for item in items:
            kind = type(item)
            if kind is Text:   # most of a memo: no method call for each
                out.append(_t(item.text))
                continue
            if kind is Emph:   # the next most common, written here as _emph would
                out.append("<em>")
                self._inlines(item.children)
                out.append("</em>")
                continue
            try:
                method = visit[kind]
            except KeyError:
                raise TypeError(f"the HTML writer has no rendering for {kind.__name__}") from None
            method(self, item)

    def _text(self, item: Text) -> None:
        self.out.append(_t(item.text))

    def _break(self, item: LineBreak) -> None:
        self.out.append("<br>")

    def _emph(self, item: Emph) -> None:
        self.out.append("<em>")
        self._inlines(item.children)
        self.out.append("</em>")

    def _strong(self, item: Strong) -> None:
        self.out.append("<strong>")
        self._inlines(item.children)
        self.out.append("</strong>")

    def _mention(self, item: Mention) -> None:
        if item.first:
            self.out.append('<strong class="first-mention">')
            self._inlines(item.children)
            self.out.append("</strong>")
        else:
            self._inlines(item.children)

    def _quote(self, item: Quote) -> None:
        lang = f' lang="{_a(item.lang)}"' if item.lang else ""
        opening, closing = item.marks
        self.out.append(f"<q{lang}>{_t(opening)}")
        self._inlines(item.children)
        self.out.append(f"{_t(closing)}</q>")
        if item.note is not None:
            self._noteref(NoteRef(item.note))

    def _foreign(self, item: Foreign) -> None:
        self.out.append(f'<span lang="{_a(item.lang)}">')
        self._inlines(item.children)
        self.out.append("</span>")
        if item.note is not None:
            self._noteref(NoteRef(item.note))

    def _noteref(self, item: NoteRef) -> None:
        n = item.note.number
        ident = "" if n in self._called else f' id="fnref-{n}"'
        self._called.add(n)
        self.out.append(f'<sup class="fnref"><a href="#fn-{n}"{ident} role="doc-noteref">{n}</a></sup>')

    def _label(self, item: Label) -> None:
        # In the memo's language, whatever the passage's: the lang attribute says so. A long text
        # has thousands of passages and a few labels: each label is written once.
        key = (item.kind, item.text)
        html = self._labels_html.get(key)
        if html is None:
            html = self._labels_html[key] = (f'<span class="passage-label {_a(item.kind)}" '
                                             f'lang="{_a(self.memo.lang)}">{_t(item.text)}</span> ')
        self.out.append(html)

    def _link(self, item: Link) -> None:
        self.out.append(f'<a href="{_a(item.target)}">')
        self._inlines(item.children)
        self.out.append("</a>")

    # The method for each kind of node. On the class, not on each writer: bound methods kept by a
    # writer make a reference cycle, and the memo the writer holds would then wait for the cycle
    # collector instead of going as soon as its caller drops it.
    _INLINES = {Text: _text, LineBreak: _break, Emph: _emph, Strong: _strong, Mention: _mention,
                Quote: _quote, Foreign: _foreign, NoteRef: _noteref, Link: _link, Label: _label}
    _BLOCKS = {Para: _para, Heading: _heading, BlockQuote: _blockquote, BulletList: _list, Table: _table,
               Passage: _passage}
