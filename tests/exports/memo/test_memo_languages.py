"""A memo that reads right in either language, told on the seed article as a desk annotated it."""
from __future__ import annotations

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.common.errors import UsageError
from apostilla.exports.memo import model as m
from apostilla.exports.memo.inlines import plain_text
from apostilla.exports.memo.options import MemoOptions
from apostilla.exports.memo.reader import build_memo

from ..seed import article_fixture

article = article_fixture()


def memo(path, **options) -> m.Memo:
    return build_memo(TeiDocument.load(path), MemoOptions(**options))


def words(inlines) -> str:
    return " ".join(plain_text([i for i in inlines if type(i) is not m.Label]).split())


def passages(memo_: m.Memo) -> dict[str, m.Passage]:
    """The body's passages by the first words of their original."""
    return {words(p.original[0].children)[:20]: p for p in memo_.body if type(p) is m.Passage}


def test_the_spanish_memo_opens_with_the_spanish_summary_and_key_points(article):
    summary = memo(article, lang="es").summary
    assert words(summary[0].children).startswith("Petro convoca movilizaciones en toda Colombia")
    assert summary[0].lang is None and not any(type(i) is m.Label for i in summary[0].children)
    assert [words(item[0].children) for item in summary[1].items] == [
        "Los sindicatos (CUT) respaldan la convocatoria.", "La Cancillería protesta ante EE. UU. y la OEA condena las amenazas."]


def test_without_a_summary_in_its_language_the_memo_quotes_the_first_paragraph_as_an_excerpt(article):
    [para] = memo(article, lang="en").summary
    label = para.children[0]
    assert (type(label), label.kind, label.text) == (m.Label, "excerpt", "Excerpt from the text")
    assert words(para.children).startswith("Building on heightened US-Colombia frictions")


def test_each_paragraph_shows_its_translation_with_its_status_or_says_it_is_not_translated(article):
    es = passages(memo(article, lang="es"))
    first, third, fifth = es["Building on heighten"], es["On January 6, Petro "], es["Diplomatically, Fore"]
    assert first.label == m.Label("Traducción (revisada, Luis Vega)", "translation")
    assert words(first.translation.children).startswith("Tras la captura de Nicolás Maduro")
    assert first.translation.lang is None and first.lang == "en"
    assert third.label.text == "Traducción (borrador, Luis Vega)"
    assert fifth.translation is None and fifth.label == m.Label("Sin traducir (inglés)", "untranslated")
    assert fifth.original[0].lang == "en"          # the original keeps its language tag
    assert len(es) == 6


def test_min_status_leaves_out_weaker_translations_everywhere(article):
    reviewed = passages(memo(article, lang="es", min_status="reviewed"))
    assert reviewed["On January 6, Petro "].translation is None          # a draft
    assert reviewed["Building on heighten"].translation is not None
    approved = memo(article, lang="es", min_status="approved")
    assert [p for p in passages(approved).values() if p.translation is not None] == \
        [passages(approved)["The tensions stem fr"]]
    assert {q.gloss for q in approved.key_quotes} == {None}               # the quote glosses are reviewed
    assert dict(approved.provenance)["Traducciones mostradas"] == "aprobada: 1"
    with pytest.raises(UsageError, match="--min-status 'final'"):
        memo(article, min_status="final")


def test_roles_follow_the_memo_language_or_say_they_are_not_translated(article):
    es = {p.name: p.role for p in memo(article, lang="es").parties}
    assert es["Gustavo Petro"] == m.Phrase("Presidente de Colombia")
    assert es["Nicolás Maduro"] == m.Phrase("Venezuelan leader", "en", untranslated=True)
    assert es["Central Unitaria de Trabajadores"] == m.Phrase("Principal central sindical de Colombia")
    en = {p.name: p.role for p in memo(article, lang="en").parties}
    assert en["Gustavo Petro"] == m.Phrase("President of Colombia")
    assert en["Central Unitaria de Trabajadores"] == m.Phrase("Principal central sindical de Colombia", "es",
                                                               untranslated=True)
    flags = next(q for q in memo(article, lang="es").key_quotes if q.speaker == "Gustavo Petro")
    assert flags.role == m.Phrase("Presidente de Colombia")


def test_quotes_take_the_memo_languages_marks_and_the_sources_marks_go(article):
    for lang, marks in (("en", ("“", "”")), ("es", ("«", "»"))):
        built = memo(article, lang=lang)
        assert {q.original[0].marks for q in built.key_quotes} == {marks}
        body = [b for b in built.body if type(b) is not m.Passage] + \
            [b.original[0] for b in built.body if type(b) is m.Passage]
        text = " ".join(words(b.children) for b in body)
        assert "'very sick'" not in text and "is very sick under" in text
        assert "'Iron Resolve'" in text          # marks around what is not a quote stay as typed


def test_who_is_who_has_places_and_events_and_each_date_is_one_row(article):
    built = memo(article, lang="en")
    assert {p.kind for p in built.parties} == {"Person", "Organisation", "Place", "Event"}
    assert len(built.parties) == 23
    dates = [(f.value, words(f.sentence)) for f in built.facts if f.kind == "Date"]
    assert [value for value, _ in dates] == ["January 3, 2026", "January 6, 2026", "January 7, 2026 (×3)"]
    assert all(len(sentence) < 300 for _, sentence in dates)    # a sentence, not the paragraph
    assert dates[1][1].startswith("On January 6, Petro escalated via X")


def test_from_is_the_last_translator_and_subject_the_title_never_the_user_or_the_file(article):
    fields = dict(memo(article, lang="en").heading.fields)
    assert fields["From"] == "Luis Vega" and fields["Subject"] == "US-Colombia tensions, January 2026"
    assert "Test Runner" not in fields.values() and "article.xml" not in fields.values()


def test_sections_choose_what_the_memo_holds_and_the_notes_follow_the_text(article):
    built = memo(article, lang="es", sections="summary,people")
    assert built.sections == ("summary", "people") and built.notes == []
    full = memo(article, lang="es")
    assert [n.number for n in full.notes] == list(range(1, len(full.notes) + 1))
    # The quotes inside translated paragraphs are translated with them: their glosses are not called;
    # the one English quote of an untranslated paragraph keeps its Spanish gloss as a note.
    assert [words(n.blocks[0].children) for n in full.notes] == [
        "Traducción (Ana Ruiz, revisada): términos irrespetuosos"]
    with pytest.raises(UsageError, match="--sections bogus: use some of summary,quotes,people,dates,text,provenance"):
        memo(article, sections="summary,bogus")
    with pytest.raises(UsageError, match="--layout 'columns'"):
        memo(article, layout="columns")
