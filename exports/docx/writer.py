"""Write a briefing memo as DOCX: named styles, real footnotes, language-tagged runs, stable bytes."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..memo.model import Memo
from ..memo.options import MemoOptions
from .package import document_xml, open_document, save_package
from .page import page_furniture, text_width
from .parts import PROPERTY_CHARACTERS, add_bullet_numbering, new_footnotes_part, set_properties
from .render import Footnotes, Renderer
from .sections import render_memo
from .styles import install_styles, set_default_language
from .wml import Wml, word_lang

# The zip and the properties need some date; this one when the memo has none.
FALLBACK_DATE = datetime(1980, 1, 1)


def write(memo: Memo, options: MemoOptions) -> bytes:
    """The memo as a .docx file's bytes; the same memo (and template) always gives the same bytes.

    `options.template` (None: apostilla's own look) is a .docx or .dotx whose styles, page
    set-up, header and footer the memo takes; styles it lacks are added. Raises BadInput for a
    template that cannot be used. A note the text never calls is left out and reported in
    memo.warnings.
    """
    document = open_document(Path(options.template) if options.template is not None else None)
    lang = word_lang(memo.lang)
    styles = install_styles(document.styles.element, lambda: add_bullet_numbering(document))
    set_default_language(document.styles.element, lang)
    width = text_width(document)
    renderer = Renderer(styles, lang, document.part, width)

    footnotes = part = None
    if memo.notes:
        part = new_footnotes_part(document)
        footnotes = Footnotes(Renderer(styles, lang, part, width))
    body = Wml()
    render_memo(renderer, body, memo, footnotes)
    if part is not None and footnotes is not None:
        part.notes_xml = footnotes.out.xml()
        for note in memo.notes:
            if id(note) not in footnotes.ids:
                memo.warnings.append(f"docx: note {note.number} is not called from the text, so it is left out")

    page_furniture(document, renderer, memo.heading.classification, memo.labels["page"], memo.labels["of"])
    when = memo_date(memo)
    for name in set_properties(document, memo.metadata, lang, when):
        memo.warnings.append(f"docx: the {name} is longer than the {PROPERTY_CHARACTERS} characters "
                             "a document property holds: cut there in the properties, whole in the memo")
    return save_package(document, when, {"/word/document.xml": document_xml(document, body.xml())})


def memo_date(memo: Memo) -> datetime:
    """The memo's date (metadata "date", ISO 8601) as a naive UTC datetime."""
    value = memo.metadata.get("date", "")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return FALLBACK_DATE
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when
