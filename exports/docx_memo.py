"""The memo's sections, in order, as Word paragraphs and tables: heading block to provenance."""
from __future__ import annotations

from lxml import etree

from . import model as m
from .docx_render import Renderer
from .docx_xml import paragraph, run, sub, text_run


def render_memo(r: Renderer, body: etree._Element, memo: m.Memo, footnotes) -> None:
    """Append the whole memo to `body`; footnote calls are made in the annotated text only."""
    labels = memo.labels
    heading_block(r, body, memo.heading)
    if memo.summary:
        section_title(r, body, labels["summary"])
        r.blocks(body, memo.summary, "BodyText", None)
    section_title(r, body, labels["key_quotes"])
    key_quotes(r, body, memo.key_quotes, labels)
    section_title(r, body, labels["parties"])
    parties(r, body, memo.parties, labels)
    section_title(r, body, labels["facts"])
    facts(r, body, memo.facts, labels)
    section_title(r, body, labels["text"])
    # Summary, tables and facts repeat excerpts of the text; its notes are called from the text.
    r.footnotes = footnotes
    r.blocks(body, memo.body, "BodyText", None)
    r.footnotes = None
    section_title(r, body, labels["provenance"])
    for label, value in memo.provenance:
        labelled_line(r, body, "MemoProvenance", label, value)


def section_title(r: Renderer, body: etree._Element, text: str) -> None:
    text_run(paragraph(body, r.styles["Heading1"]), text, r.look())


def labelled_line(r: Renderer, body: etree._Element, style: str, label: str, value: str) -> None:
    """A "Label:<tab>value" paragraph, as in a memo's To/From lines."""
    p = paragraph(body, r.styles[style])
    text_run(p, label if label.endswith(":") else f"{label}:", r.look(style="MemoFieldLabel"))
    sub(run(p, r.look()), "tab")
    text_run(p, value, r.look())


def heading_block(r: Renderer, body: etree._Element, heading: m.HeadingBlock) -> None:
    text_run(paragraph(body, r.styles["Title"]), heading.title, r.look())
    for label, value in heading.fields:
        labelled_line(r, body, "MemoField", label, value)
    paragraph(body, r.styles["MemoRule"])


def _none(r: Renderer, body: etree._Element, labels: dict[str, str]) -> None:
    text_run(paragraph(body, r.styles["BodyText"]), labels["none"], r.look())


def _cell_text(r: Renderer, tc: etree._Element, text: str, style: str = "MemoTableText",
               char_style: str | None = None, lang: str | None = None) -> etree._Element:
    p = paragraph(tc, r.styles[style])
    text_run(p, text, r.look(lang, char_style))
    return p


def _header_row(r: Renderer, add_row, titles: list[str]) -> None:
    for tc, title in zip(add_row(True), titles):
        _cell_text(r, tc, title, "MemoTableHeading")


def key_quotes(r: Renderer, body: etree._Element, quotes: list[m.KeyQuote], labels: dict[str, str]) -> None:
    """Speaker, the quote as said, and its gloss in the memo's language (or why there is none)."""
    if not quotes:
        _none(r, body, labels)
        return
    add_row = r.new_table(body, [22, 39, 39])
    _header_row(r, add_row, [labels["speaker"], labels["original"], labels["translation"]])
    for quote in quotes:
        speaker, original, gloss = add_row()
        _cell_text(r, speaker, quote.speaker or labels["unknown_speaker"])
        if quote.role:
            _cell_text(r, speaker, quote.role, char_style="MemoDetail")
        p = paragraph(original, r.styles["MemoTableText"])
        r.inlines(p, quote.original, r.look(quote.original_lang))
        _cell_text(r, original, f'{labels["language"]}: {quote.original_lang_name}', char_style="MemoDetail")
        if not quote.needs_gloss:
            _cell_text(r, gloss, labels["no_gloss_needed"], char_style="MemoDetail")
        elif quote.gloss is None:
            _cell_text(r, gloss, labels["missing"], char_style="MissingGloss")
        else:
            _cell_text(r, gloss, quote.gloss, lang=quote.gloss_lang)
            details = [f"{labels[key]}: {value}" for key, value in
                       (("translator", quote.translator), ("status", quote.status)) if value]
            if details:
                _cell_text(r, gloss, " · ".join(details), char_style="MemoDetail")


def parties(r: Renderer, body: etree._Element, people: list[m.Party], labels: dict[str, str]) -> None:
    """The register: name, kind, role, number of mentions and authority ids."""
    if not people:
        _none(r, body, labels)
        return
    add_row = r.new_table(body, [25, 13, 23, 12, 27])
    _header_row(r, add_row, [labels[key] for key in ("name", "kind", "role", "mentions", "authority_ids")])
    for party in people:
        name, kind, role, mentions, ids = add_row()
        _cell_text(r, name, party.name)
        _cell_text(r, kind, party.kind)
        _cell_text(r, role, party.role or "")
        _cell_text(r, mentions, party.mentions)
        for authority in party.authority_ids:
            _cell_text(r, ids, authority)


def facts(r: Renderer, body: etree._Element, items: list[m.Fact], labels: dict[str, str]) -> None:
    """Each date and figure with the sentence it stands in, in the model's order."""
    if not items:
        _none(r, body, labels)
        return
    add_row = r.new_table(body, [14, 24, 62])
    _header_row(r, add_row, [labels["kind"], labels["value"], labels["in_context"]])
    for fact in items:
        kind, value, context = add_row()
        _cell_text(r, kind, fact.kind)
        _cell_text(r, value, fact.value)
        r.inlines(paragraph(context, r.styles["MemoTableText"]), fact.sentence,
                  r.look(getattr(fact, "lang", None)))
