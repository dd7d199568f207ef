"""TEI phrase-level markup (names, quotes, notes, emphasis, dates...) as memo inlines."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from apostilla.annotations import tei
from apostilla.annotations.entities import Entity
from apostilla.annotations.glosses import Gloss
from apostilla.annotations.languages import same_language

from .inlines import FactMark
from .model import Block, Emph, Foreign, Inline, LineBreak, Link, Mention, Note, NoteRef, Quote, Strong, Text

PREFIX = f"{{{tei.TEI_NS}}}"
_N = len(PREFIX)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: no-break spaces are meant
# Elements shown as their content (dates and figures also go to the facts section).
PHRASES = frozenset({
    "s", "w", "pc", "c", "m", "cl", "phr", "seg", "geogName", "roleName", "addName", "forename",
    "surname", "genName", "nameLink", "affiliation", "occupation", "email", "street", "postCode",
    "settlement", "region", "country", "bloc", "district", "idno", "author", "editor", "pubPlace",
    "publisher", "biblScope", "bibl", "address", "unit", "time", "sic", "corr", "reg", "orig",
    "abbr", "expan", "ex", "am", "supplied", "unclear", "damage", "restore", "add", "subst", "mod",
    "retrace", "surplus", "secl", "role", "roleDesc", "objectName", "origDate", "origPlace", "lem",
    "rdg", "cit", "gloss", "catchwords", "signatures", "label", "figDesc",
})
# Layout and pointers: nothing to show, so nothing to warn about.
LAYOUT = frozenset({"pb", "cb", "gb", "milestone", "anchor", "handShift", "caesura", "index",
                    "interp", "interpGrp", "link", "linkGrp", "join", "joinGrp", "certainty",
                    "precision", "respons", "alt", "altGrp", "span", "spanGrp", "timeline",
                    "witDetail", "space"})
# Registers inside the text (often in <back>): their people and organisations are listed in the
# memo's own table, so the lists themselves are not read as text.
REGISTER_LISTS = frozenset({"listPerson", "listOrg", "listPlace", "listEvent", "listObject",
                            "listNym", "listRelation"})
_LANG_AWARE = frozenset({"q", "quote", "said", "term", "foreign"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Marks already in the source just before (or at the start of) a quote: the memo adds none.
_OPENING_MARKS = frozenset("\"'“‘«‹„‚—–-")
_QUOTE_MARKS = {"es": ("«", "»"), "en": ("“", "”"), "fr": ("« ", " »"), "de": ("„", "“"),
                "it": ("«", "»"), "pt": ("“", "”")}
_LEFT_OUT = {"del": "deleted text", "fw": "running heads and page numbers", "graphic": "images",
             **{name: "a register" for name in REGISTER_LISTS}}


@dataclass
class RawFact:
    """A date or figure where it stands: its element, and its sentence once the paragraph is done."""

    node: object
    kind: str                    # "date" or "figure"
    sentence: list[Inline] | None = None


class PhraseReader:
    """Phrase handlers shared by the text walk; text is added with white space already collapsed."""

    # Block elements met inside a phrase (a list inside a highlighted passage...): their words.
    nested_blocks: frozenset[str] = frozenset()

    def __init__(self, memo_lang: str, register: dict[str, Entity], glosses: dict[str, list[Gloss]],
                 gloss_note: Callable[[Gloss], list[Block]]) -> None:
        self.memo_lang = memo_lang
        self.register = register
        self.glosses = glosses
        self.gloss_note_blocks = gloss_note
        self.notes: list[Note] = []
        self.quotes: list[tuple[object, Quote]] = []     # every <q>, with its Quote
        self.facts: list[RawFact] = []
        self.unhandled: Counter[str] = Counter()          # element -> times shown as plain text
        self.left_out: Counter[str] = Counter()           # element -> times left out
        self.seen: set[str] = set()                       # entities already mentioned
        self._space = True                                # the last character added was a space
        self._hi_kinds: dict[tuple, type | None] = {}
        self._handlers = {
            "hi": self._hi, "emph": self._emph, "title": self._emph, "mentioned": self._emph,
            "soCalled": self._emph, "distinct": self._emph, "foreign": self._foreign,
            "term": self._foreign, "q": self._quote, "quote": self._quote, "said": self._quote,
            "persName": self._name, "orgName": self._name, "placeName": self._name,
            "name": self._name, "rs": self._name, "lb": self._lb, "note": self._note,
            "ref": self._ref, "ptr": self._ref, "date": self._fact, "measure": self._fact,
            "num": self._fact, "choice": self._choice, "app": self._app, "gap": self._gap,
            "del": self._left_out, "fw": self._left_out, "graphic": self._left_out,
            "addrLine": self._line, "figure": self._unhandled,
            **{name: self._left_out for name in REGISTER_LISTS},
        }

    def _add(self, out: list[Inline], text: str) -> None:
        """Add document text as a browser would show it: white-space runs as one space."""
        if "\n" in text or "\t" in text or "  " in text or "\r" in text:
            text = _SPACES.sub(" ", text)
        if self._space and text[:1] == " ":
            text = text[1:]
            if not text:
                return
        self._space = text[-1] == " "
        if out and type(out[-1]) is Text:
            out[-1].text += text
        else:
            out.append(Text(text))

    def _content(self, node, lang: str) -> list[Inline]:
        out: list[Inline] = []
        self._children(node, out, lang)
        return out

    def _children(self, node, out: list[Inline], lang: str) -> None:
        text = node.text
        if text:
            self._add(out, text)
        for child in node:
            if type(child.tag) is str:
                self._phrase(child, out, lang)
            tail = child.tail
            if tail:
                self._add(out, tail)

    def _phrase(self, node, out: list[Inline], lang: str) -> None:
        tag = node.tag
        if not tag.startswith(PREFIX):
            self.unhandled[qname(node)] += 1
            self._children(node, out, lang)
            return
        name = tag[_N:]
        own = node.get(tei.XML_LANG)
        if own is not None and own != lang and name not in _LANG_AWARE:
            kids: list[Inline] = []
            self._dispatch(name, node, kids, own)
            if kids:
                out.append(Foreign(kids, own))
            return
        self._dispatch(name, node, out, lang)

    def _dispatch(self, name: str, node, out: list[Inline], lang: str) -> None:
        handler = self._handlers.get(name)
        if handler is not None:
            handler(node, out, lang)
        elif name in PHRASES or name in self.nested_blocks:
            self._children(node, out, lang)
        elif name not in LAYOUT:
            self._unhandled(node, out, lang)

    def _unhandled(self, node, out: list[Inline], lang: str) -> None:
        self.unhandled[tei.local(node) or qname(node)] += 1
        self._children(node, out, lang)

    def _wrap(self, kind: type, node, out: list[Inline], lang: str) -> None:
        kids = self._content(node, lang)
        if kids:
            out.append(kind(kids))

    def _hi(self, node, out: list[Inline], lang: str) -> None:
        key = (node.get("rend"), node.get("style"), node.get("rendition"))
        if key not in self._hi_kinds:
            self._hi_kinds[key] = _hi_kind(" ".join(k for k in key if k).lower())
        kind = self._hi_kinds[key]
        if kind is None:
            self._children(node, out, lang)  # superscript, small capitals...: the words, not the look
        else:
            self._wrap(kind, node, out, lang)

    def _emph(self, node, out: list[Inline], lang: str) -> None:
        self._wrap(Emph, node, out, lang)

    def _foreign(self, node, out: list[Inline], lang: str) -> None:
        own = node.get(tei.XML_LANG)
        kids = self._content(node, own or lang)
        if kids and (tei.local(node) == "foreign" or (own and own != lang)):
            kids = [Emph(kids)]                   # words in another language are set in italics
        if own:
            out.append(Foreign(kids, own, self._gloss(node, own)))
        else:
            out.extend(kids)

    def _speaker(self, node) -> str | None:
        """Who says a quote: the register's name for its @who, else the bare id."""
        who = (node.get("who") or "").split()
        if not who:
            return None
        entity = self.register.get(who[0].lstrip("#"))
        return entity.name if entity else who[0].lstrip("#")

    def _quote(self, node, out: list[Inline], lang: str) -> None:
        qlang = node.get(tei.XML_LANG) or lang
        kids = self._content(node, qlang)
        quote = Quote(kids, qlang, self._speaker(node), None, _marks(out, kids, qlang))
        quote.note = self._gloss(node, qlang)
        out.append(quote)
        if tei.local(node) == "q":
            self.quotes.append((node, quote))

    def _gloss(self, node, lang: str) -> Note | None:
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

    def _name(self, node, out: list[Inline], lang: str) -> None:
        ref = node.get("ref")
        if ref:
            for token in ref.split():
                ident = token[1:] if token.startswith("#") else None
                if ident in self.register:
                    kids = self._content(node, lang)
                    out.append(Mention(kids, ident, ident not in self.seen))
                    self.seen.add(ident)
                    return
        self._children(node, out, lang)   # a name that is not in the register: its words

    def _lb(self, node, out: list[Inline], lang: str) -> None:
        # A break inside a word (break="no", hyphenInWord) joins the two halves.
        if node.get("break") == "no" or node.get("type") == "hyphenInWord":
            return
        _trim_spaces(out)
        out.append(LineBreak())
        self._space = True

    def _line(self, node, out: list[Inline], lang: str) -> None:
        self._children(node, out, lang)
        self._lb(node, out, lang)

    def _note(self, node, out: list[Inline], lang: str) -> None:
        note = Note(len(self.notes) + 1, [], "note", None)
        self.notes.append(note)
        out.append(NoteRef(note))
        own = node.get(tei.XML_LANG) or lang
        note.lang = None if own.lower() == self.memo_lang.lower() else own
        space = self._space
        note.blocks = self.walk(node, own)  # type: ignore[attr-defined]  (the text walk's)
        self._space = space

    def _ref(self, node, out: list[Inline], lang: str) -> None:
        kids = self._content(node, lang)
        target = next((t for t in (node.get("target") or "").split() if t.startswith(_SAFE_SCHEMES)), None)
        if target:
            out.append(Link(kids or [Text(target)], target))
        else:
            out.extend(kids)  # a pointer inside the document (or to a file): the words only

    def _fact(self, node, out: list[Inline], lang: str) -> None:
        kids = self._content(node, lang)
        self.facts.append(RawFact(node, "date" if tei.local(node) == "date" else "figure"))
        out.append(FactMark(kids, len(self.facts) - 1))

    def _choice(self, node, out: list[Inline], lang: str) -> None:
        options = {tei.local(c): c for c in node if type(c.tag) is str}
        for name in ("corr", "reg", "expan", "seg"):
            if name in options:
                return self._children(options[name], out, lang)
        if options:
            self._children(next(iter(options.values())), out, lang)

    def _app(self, node, out: list[Inline], lang: str) -> None:
        readings = [c for c in node if tei.local(c) in ("lem", "rdg", "rdgGrp")]
        if readings:
            lemma = next((c for c in readings if tei.local(c) == "lem"), readings[0])
            self._children(lemma, out, lang)

    def _gap(self, node, out: list[Inline], lang: str) -> None:
        self._add(out, "[…]")

    def _left_out(self, node, out: list[Inline], lang: str) -> None:
        self.left_out[tei.local(node)] += 1

    def warnings(self) -> list[str]:
        """One line per element the memo could not render as such."""
        lines = [f"memo: <{name}> rendered as plain text ({_times(n)})"
                 for name, n in sorted(self.unhandled.items())]
        lines += [f"memo: <{name}> ({_LEFT_OUT.get(name, 'not shown')}) left out ({_times(n)})"
                  for name, n in sorted(self.left_out.items())]
        return lines


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


def _marks(before: list[Inline], kids: list[Inline], lang: str) -> tuple[str, str]:
    """No marks when the source has its own around the quote; else the quote language's."""
    prev = before[-1] if before else None
    if type(prev) is Text and prev.text.rstrip()[-1:] in _OPENING_MARKS:
        return ("", "")
    first = kids[0] if kids else None
    if type(first) is Text and first.text.lstrip()[:1] in _OPENING_MARKS:
        return ("", "")
    return _QUOTE_MARKS.get(lang.split("-")[0].lower(), ("“", "”"))


def qname(node) -> str:
    """An element's local name, whatever its namespace (for messages)."""
    tag = node.tag
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n:,} times"
