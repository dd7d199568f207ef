"""The memo model: everything a briefing memo shows, already in the memo's language.

Built once from the TEI (exports/reader.py); writers (DOCX, HTML, ...) only render it. Nothing
here knows TEI, DOCX or HTML. Every string is final text: labels are translated, dates and
numbers formatted. `lang` fields are BCP 47 tags of the passage they sit on (None: the memo's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# ---------------------------------------------------------------------------- inlines


@dataclass
class Text:
    """Plain text."""

    text: str


@dataclass
class LineBreak:
    """A line break inside a paragraph."""


@dataclass
class Emph:
    """Emphasis (italic), e.g. TEI hi/emph/title."""

    children: list["Inline"]


@dataclass
class Strong:
    """Strong emphasis (bold); the first mention of an entity is one."""

    children: list["Inline"]


@dataclass
class Mention:
    """A name that points to a register entry; `first` when it is the entity's first mention."""

    children: list["Inline"]
    entity: str
    first: bool = False


@dataclass
class Quote:
    """A quotation in the running text, with its language; `note` is the gloss footnote if any.

    `marks` are the opening and closing quotation marks a writer puts around the children, those
    of the memo's language from CLDR ("«", "»"; inside another quote "“", "”"). Marks the source
    typed around the quote are taken out of the text, so exactly one pair shows. A writer puts the
    footnote call after the closing mark.
    """

    children: list["Inline"]
    lang: str | None = None
    speaker: str | None = None
    note: "Note | None" = None
    marks: tuple[str, str] = ("", "")


@dataclass
class Foreign:
    """A passage or term in another language than its surroundings; `note` is its gloss if any."""

    children: list["Inline"]
    lang: str
    note: "Note | None" = None


@dataclass
class NoteRef:
    """A footnote call (for a TEI note in the text)."""

    note: "Note"


@dataclass
class Link:
    """A hyperlink to an external target."""

    children: list["Inline"]
    target: str


@dataclass
class Label:
    """What the memo says about a passage, in the memo's language: "Translation, reviewed",
    "Not translated (English)", "Excerpt from the text". A writer sets it apart (small, grey)."""

    text: str
    kind: str = "translation"              # "translation", "untranslated" or "excerpt"


Inline = Union[Text, LineBreak, Emph, Strong, Mention, Quote, Foreign, NoteRef, Link, Label]


@dataclass
class Phrase:
    """A short text such as a role, in the memo's language when it has one (lang None), else in its
    own language with `untranslated` set, so a writer tags it and says it is not translated."""

    text: str
    lang: str | None = None
    untranslated: bool = False

# ---------------------------------------------------------------------------- blocks


@dataclass
class Heading:
    """A heading of the document's own text: level 1 is a top-level division (under the memo's
    "Annotated text" section heading, so a writer shows it one level below that)."""

    level: int
    children: list[Inline]
    lang: str | None = None


@dataclass
class Para:
    children: list[Inline]
    lang: str | None = None


@dataclass
class BlockQuote:
    blocks: list["Block"]
    lang: str | None = None


@dataclass
class BulletList:
    items: list[list["Block"]]


@dataclass
class Table:
    rows: list[list[list["Block"]]]      # rows of cells of blocks
    header_rows: int = 0
    caption: list[Inline] = field(default_factory=list)


@dataclass
class Passage:
    """A paragraph or heading of the text in another language than the memo's, read as written
    (`original`, in language `lang`) and its translation into the memo's language (None: there is
    none at the memo's minimum status). The memo layout shows the translation, else the original,
    after `label`; the parallel layout shows both side by side."""

    original: list["Block"]
    translation: "Para | Heading | None"
    label: Label
    lang: str


Block = Union[Heading, Para, BlockQuote, BulletList, Table, Passage]

# ---------------------------------------------------------------------------- notes


@dataclass
class Note:
    """A footnote: a gloss of a quote or term, or a TEI note. Numbered in reading order."""

    number: int
    blocks: list[Block]
    kind: str = "note"                   # "gloss" or "note"
    lang: str | None = None

# ---------------------------------------------------------------------------- memo sections

# The sections a memo may hold (`--sections`), in the order it shows them.
SECTIONS = ("summary", "quotes", "people", "dates", "text", "provenance")
# Each section's title in Memo.labels.
SECTION_TITLES = {"summary": "summary", "quotes": "key_quotes", "people": "parties", "dates": "facts",
                  "text": "text", "provenance": "provenance"}
LAYOUTS = ("memo", "parallel")

# The keys of Memo.labels. Every value is already in the memo's language.
LABEL_KEYS = (
    "summary", "key_quotes", "parties", "facts", "text", "notes", "provenance",  # section titles
    "speaker", "original", "translation", "language", "translator", "status",    # key quotes
    "missing",          # shown where a gloss in the memo's language is missing
    "no_gloss_needed",  # shown where a quote is already in the memo's language
    "unknown_speaker",
    "untranslated",     # said of a role shown in its own language
    "name", "kind", "role", "mentions", "authority_ids",                         # parties
    "value", "in_context",                                                       # facts ("kind" too)
    "none",             # an empty section: "None marked."
    "back_to_text",     # footnote back-link text for screen readers
    "page", "of",       # "Page 2 of 5"
    "classification",
)


@dataclass
class HeadingBlock:
    """MEMORANDUM and its To/From/Date/Subject lines, as (label, value) pairs."""

    title: str                            # "MEMORANDUM" / "MEMORÁNDUM"
    fields: list[tuple[str, str]]
    classification: str | None = None


@dataclass
class KeyQuote:
    speaker: str | None                   # name from the register, None if unknown
    role: Phrase | None
    original: list[Inline]                # the quote as a Quote inline, with its marks
    original_lang: str | None
    original_lang_name: str               # "Spanish" / "español"
    gloss: str | None                     # None: missing (show the `missing` label)
    gloss_lang: str | None
    translator: str | None
    status: str | None                    # already translated: "reviewed" / "revisada"
    needs_gloss: bool                     # False when the quote is in the memo's language


@dataclass
class Party:
    name: str
    kind: str                             # translated: "Person", "Organisation", "Place", "Event"
    role: Phrase | None
    mentions: str                         # formatted number
    authority_ids: list[str]


@dataclass
class Fact:
    kind: str                             # translated: "Date", "Figure"
    value: str                            # formatted: "January 7, 2026", "2,512 t"
    text: str                             # as written in the document
    sentence: list[Inline]                # the sentence it stands in
    sort_key: str = ""
    lang: str | None = None               # the sentence's language (None: the memo's)


@dataclass
class Memo:
    """A whole briefing memo in one language."""

    lang: str                             # the memo's language: "en" or "es"
    labels: dict[str, str]                # translated section titles and column headers
    metadata: dict[str, str]              # title, subject, author, language, date (ISO), keywords
    heading: HeadingBlock
    summary: list[Block]
    key_quotes: list[KeyQuote]
    parties: list[Party]
    facts: list[Fact]
    body: list[Block]
    notes: list[Note]
    provenance: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    source_lang: str | None = None        # the document's language: register names are in it
    sections: tuple[str, ...] = SECTIONS  # which sections the memo holds, in SECTIONS order
    layout: str = "memo"                  # "memo", or "parallel": the text as original | translation


def passage_shown(passage: Passage) -> "Para | Heading | list[Block]":
    """What the memo layout shows of a passage: its translation, else its original blocks."""
    return passage.translation if passage.translation is not None else passage.original
