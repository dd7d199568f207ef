"""The memo's sections, in order, as Word paragraphs and tables: heading block to provenance."""
from __future__ import annotations

from ..memo import model as m
from .render import Cell, Footnotes, Renderer
from .wml import Wml


def render_memo(r: Renderer, out: Wml, memo: m.Memo, footnotes: Footnotes | None) -> None:
    """Write the whole memo, its chosen sections only; footnote calls are made in the text only."""
    labels, chosen = memo.labels, memo.sections
    heading_block(r, out, memo.heading)
    if "summary" in chosen and memo.summary:
        section_title(r, out, labels["summary"])
        r.blocks(out, memo.summary, "BodyText", None)
    if "quotes" in chosen:
        section_title(r, out, labels["key_quotes"])
        key_quotes(r, out, memo.key_quotes, labels)
    if "people" in chosen:
        section_title(r, out, labels["parties"])
        parties(r, out, memo.parties, labels, memo.source_lang)
    if "dates" in chosen:
        section_title(r, out, labels["facts"])
        facts(r, out, memo.facts, labels)
    if "text" in chosen:
        section_title(r, out, labels["text"])
        # Summary, tables and facts repeat excerpts of the text; its notes are called from the text.
        r.footnotes = footnotes
        if memo.layout == "parallel":
            parallel(r, out, memo)
        else:
            r.blocks(out, memo.body, "BodyText", None)
        r.footnotes = None
    if "provenance" in chosen:
        # Kept on one page with its title, so no page holds only the last lines of a memo.
        out.paragraph(r.styles["Heading1"], labels["provenance"], r.look())
        for n, (label, value) in enumerate(memo.provenance):
            labelled_line(r, out, "MemoProvenance", label, value, keep_next=n < len(memo.provenance) - 1)


def parallel(r: Renderer, out: Wml, memo: m.Memo) -> None:
    """The text as a table: each passage's original beside its translation, other blocks across."""
    labels = memo.labels
    half = r.text_width // 2
    out.open_table(r.styles["MemoTable"], [half, half])
    out.open_row(True)
    for title in (labels["original"], labels["translation"]):
        out.open_cell(half)
        out.paragraph(r.styles["MemoTableHeading"], title, r.look())
        out.close_cell(r.styles["MemoTableText"])
    out.close_row()
    for block in memo.body:
        out.open_row(False)
        if type(block) is not m.Passage:
            out.open_cell(2 * half, span=2)
            r.blocks(out, [block], "BodyText", None)
            out.close_cell(r.styles["BodyText"])
            out.close_row()
            continue
        out.open_cell(half)
        r.blocks(out, block.original, "BodyText", block.lang)
        out.close_cell(r.styles["BodyText"])
        out.open_cell(half)
        if block.translation is not None:
            r.blocks(out, [block], "BodyText", None)      # the translation, after its label and status
        else:
            out.open_paragraph(r.styles["BodyText"])
            r.inlines(out, [block.label], r.look())
            out.close_paragraph()
        out.close_cell(r.styles["BodyText"])
        out.close_row()
    out.close_table()


def section_title(r: Renderer, out: Wml, text: str) -> None:
    out.paragraph(r.styles["Heading1"], text, r.look())


def labelled_line(r: Renderer, out: Wml, style: str, label: str, value: str, keep_next: bool = False) -> None:
    """A "Label:<tab>value" paragraph, as in a memo's To/From lines."""
    out.open_paragraph(r.styles[style], keep_next)
    out.text(label if label.endswith(":") else f"{label}:", r.look(style="MemoFieldLabel"))
    out.run(r.look(), "<w:tab/>")
    out.text(value, r.look())
    out.close_paragraph()


def heading_block(r: Renderer, out: Wml, heading: m.HeadingBlock) -> None:
    out.paragraph(r.styles["Title"], heading.title, r.look())
    for label, value in heading.fields:
        labelled_line(r, out, "MemoField", label, value)
    out.paragraph(r.styles["MemoRule"])


def _none(r: Renderer, out: Wml, labels: dict[str, str]) -> None:
    out.paragraph(r.styles["BodyText"], labels["none"], r.look())


def _line(r: Renderer, text: str, char_style: str | None = None, lang: str | None = None,
          style: str = "MemoTableText") -> Cell:
    """A cell writer: one paragraph of plain text."""
    return lambda out: out.paragraph(r.styles[style], text, r.look(lang, char_style))


def _cell(*writers: Cell) -> Cell:
    """A cell writer that writes several paragraphs."""
    def write(out: Wml) -> None:
        for writer in writers:
            writer(out)
    return write


def _runs(r: Renderer, inlines: list[m.Inline], lang: str | None) -> Cell:
    """A cell writer: one paragraph of model inlines."""
    def write(out: Wml) -> None:
        out.open_paragraph(r.styles["MemoTableText"])
        r.inlines(out, inlines, r.look(lang))
        out.close_paragraph()
    return write


def _titles(r: Renderer, titles: list[str]) -> list[Cell]:
    return [_line(r, title, style="MemoTableHeading") for title in titles]


def _phrase(r: Renderer, phrase: m.Phrase | None, labels: dict[str, str], char_style: str | None = None) -> Cell:
    """A cell writer for a role: in its own language, and said to be untranslated when it is."""
    def write(out: Wml) -> None:
        out.open_paragraph(r.styles["MemoTableText"])
        if phrase is not None:
            out.text(phrase.text, r.look(phrase.lang, char_style))
            if phrase.untranslated:
                out.text(" ", r.look())
                out.text(f'({labels["untranslated"]})', r.look(None, "UntranslatedLabel"))
        out.close_paragraph()
    return write


def key_quotes(r: Renderer, out: Wml, quotes: list[m.KeyQuote], labels: dict[str, str]) -> None:
    """Speaker, the quote as said, and its gloss in the memo's language (or why there is none)."""
    if not quotes:
        _none(r, out, labels)
        return
    rows = [_titles(r, [labels["speaker"], labels["original"], labels["translation"]])]
    for quote in quotes:
        speaker = [_line(r, quote.speaker or labels["unknown_speaker"])]
        if quote.role:
            speaker.append(_phrase(r, quote.role, labels, "MemoDetail"))
        original = _cell(_runs(r, quote.original, quote.original_lang),
                         _line(r, f'{labels["language"]}: {quote.original_lang_name}', "MemoDetail"))
        if not quote.needs_gloss:
            gloss = _line(r, labels["no_gloss_needed"], "MemoDetail")
        elif quote.gloss is None:
            gloss = _line(r, labels["missing"], "MissingGloss")
        else:
            details = [f"{labels[key]}: {value}" for key, value in
                       (("translator", quote.translator), ("status", quote.status)) if value]
            gloss = _cell(_line(r, quote.gloss, lang=quote.gloss_lang),
                          *([_line(r, " · ".join(details), "MemoDetail")] if details else []))
        rows.append([_cell(*speaker), original, gloss])
    r.table(out, [22, 39, 39], rows, header_rows=1, keep_rows=True)


def parties(r: Renderer, out: Wml, people: list[m.Party], labels: dict[str, str],
            source_lang: str | None = None) -> None:
    """The register: name, kind, role, number of mentions and authority ids."""
    if not people:
        _none(r, out, labels)
        return
    rows = [_titles(r, [labels[key] for key in ("name", "kind", "role", "mentions", "authority_ids")])]
    for party in people:
        rows.append([_line(r, party.name, lang=source_lang), _line(r, party.kind),
                     _phrase(r, party.role, labels),
                     _line(r, party.mentions), _cell(*(_line(r, some_id) for some_id in party.authority_ids))])
    r.table(out, [25, 13, 34, 11, 17], rows, header_rows=1, keep_rows=True)


def facts(r: Renderer, out: Wml, items: list[m.Fact], labels: dict[str, str]) -> None:
    """Each date and figure with the sentence it stands in, in the model's order."""
    if not items:
        _none(r, out, labels)
        return
    rows = [_titles(r, [labels["kind"], labels["value"], labels["in_context"]])]
    for fact in items:
        rows.append([_line(r, fact.kind), _line(r, fact.value), _runs(r, fact.sentence, fact.lang)])
    r.table(out, [14, 24, 62], rows, header_rows=1, keep_rows=True)
