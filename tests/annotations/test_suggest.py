"""`apostilla suggest`: a translator asks what a document lacks, reviews the batch, and applies it."""
from __future__ import annotations

import json
import subprocess
import sys

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.suggest import suggest
from apostilla.schemas import validate_paths

from .helpers import cli, do, listed, new_story, ok, paragraphs, refused, sha256, snippet
from .test_suggest_quality import DATA, gold, registered_document

CONTRACT_KEYS = {"id", "kind", "text", "paragraph", "start", "end", "cert", "reason"}
KIND_KEYS = {"quote": {"lang", "speaker"}, "entity": {"type", "entity"}, "date": {"when"},
             "measure": {"quantity", "unit"}}


def suggested(doc, *args) -> list[dict]:
    return json.loads(ok("suggest", doc, "--format", "json", *args))


def quotes_of(doc, *args) -> list[str]:
    return [s["text"] for s in suggested(doc, "--kind", "quotes", *args)]


def apply_suggestions(doc, folder, *args) -> str:
    batch = folder / "s.jsonl"
    batch.write_text(ok("suggest", doc, "--format", "batch", *args), encoding="utf-8")
    return ok("apply", doc, batch)


# ---------------------------------------------------------------------- the fast path on the seed article


def test_the_seed_article_batch_applies_and_gives_a_valid_document_with_the_quotes_on_their_spans(tmp_path):
    doc = registered_document(tmp_path, "seed")
    before = paragraphs(doc)
    applied = apply_suggestions(doc, tmp_path)
    assert "60 operations applied (41 entity.tag, 12 mark, 7 quote.add)" in applied
    assert paragraphs(doc) == before, "annotating changed no character of the text"
    report = validate_paths([doc], schemas=[], jobs=1)
    assert report.valid, report.text()
    quotes = {(q["paragraph"], q["text"], q["lang"], q["speaker"]) for q in listed(doc, "quotes")}
    assert quotes == {(q["paragraph"], q["text"], q["lang"], q["speaker"]) for q in gold("seed-gold.json")["quotes"]}
    # The quotation marks stay outside, exactly as `quote add` puts them.
    assert "who \'<q xml:id=\"q2\" xml:lang=\"en\" who=\"#trump\">likes to produce cocaine</q>.\'" in snippet(doc, "p2")
    assert len(listed(doc, "mentions")) == 41


def test_after_applying_there_is_nothing_left_to_suggest(tmp_path):
    doc = registered_document(tmp_path, "seed")
    apply_suggestions(doc, tmp_path)
    assert suggested(doc) == []


def test_nothing_already_annotated_is_suggested_again(tmp_path):
    # The reference run's own annotations: 41 mentions, 7 quotes, 5 dates, 4 figures.
    doc = registered_document(tmp_path, "seed")
    do(doc, "entity.tag", every=True)
    for q in gold("seed-gold.json")["quotes"]:
        do(doc, "quote.add", match=q["text"], lang=q["lang"], speaker=q["speaker"], **{"in": q["paragraph"]})
    do(doc, "mark", match="January 7", date="2026-01-07", all=True)
    do(doc, "mark", match="2,512 tons", measure="2512", unit="t")
    rows = suggested(doc)
    kinds = {r["kind"] for r in rows}
    assert "quote" not in kinds and "entity" not in kinds
    texts = [r["text"] for r in rows]
    assert "January 7" not in texts and "2,512 tons" not in texts
    assert "January 3, 2026" in texts and "11,000" in texts  # what is still unmarked


def test_a_reviewer_deletes_the_lines_they_reject_and_applies_the_rest(tmp_path):
    doc = registered_document(tmp_path, "seed")
    lines = ok("suggest", doc, "--format", "batch", "--kind", "quotes").splitlines()
    kept = [line for line in lines if "senile" not in line]  # the reviewer rejects the one-word quote
    batch = tmp_path / "kept.jsonl"
    batch.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert "6 operations applied (6 quote.add)" in ok("apply", doc, batch)
    assert "senile" not in {q["text"] for q in listed(doc, "quotes")}


def test_suggest_writes_nothing(tmp_path):
    doc = registered_document(tmp_path, "seed")
    before = sha256(doc)
    for fmt in ("table", "json", "batch"):
        ok("suggest", doc, "--format", fmt)
    assert sha256(doc) == before


# ---------------------------------------------------------------------- output shapes


def test_json_has_the_contract_keys_for_every_kind(tmp_path):
    doc = registered_document(tmp_path, "seed")
    rows = suggested(doc)
    assert {r["kind"] for r in rows} == set(KIND_KEYS)
    para_text = {p: t for p, t in zip(("p1", "p2", "p3", "p4", "p5", "p6"), paragraphs(doc))}
    for r in rows:
        assert set(r) == CONTRACT_KEYS | KIND_KEYS[r["kind"]], r
        assert para_text[r["paragraph"]][r["start"]:r["end"]] == r["text"]
        assert 0 <= r["cert"] <= 1 and r["reason"]
    assert [r["id"] for r in rows] == [f"s{i}" for i in range(1, len(rows) + 1)]


def test_kind_and_min_cert_choose_what_is_shown(tmp_path):
    doc = registered_document(tmp_path, "seed")
    assert {r["kind"] for r in suggested(doc, "--kind", "dates", "--kind", "measures")} == {"date", "measure"}
    everything = quotes_of(doc, "--min-cert", "0")
    assert "Iron Resolve" in everything  # a capitalised two-word scare quote, held back by default
    assert "Iron Resolve" not in quotes_of(doc)
    assert all(r["cert"] >= 0.9 for r in suggested(doc, "--min-cert", "0.9"))


def test_the_table_prints_document_text_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one line per row, to read it back
    doc = new_story(tmp_path, 'She said: "[bold]Not[/bold] me [red]ever[/red]," and left.\n')
    out = ok("suggest", doc)
    assert "[bold]Not[/bold] me" in out and "[red]ever[/red]" in out


def test_bad_options_and_bad_documents_get_one_line(tmp_path):
    doc = new_story(tmp_path, "Nothing to see.\n")
    assert "--format" in refused(doc, "suggest", doc, "--format", "xml", code=2)
    assert "unknown kind" in refused(doc, "suggest", doc, "--kind", "glosses", code=2)
    assert "--min-cert" in refused(doc, "suggest", doc, "--min-cert", "2", code=2)
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI", encoding="utf-8")
    assert "broken.xml" in refused(broken, "suggest", broken, code=3)


# ---------------------------------------------------------------------- quotes


def test_apostrophes_possessives_and_primes_are_not_quotation_marks(tmp_path):
    doc = new_story(tmp_path, "We won't wait, said Petro's aide; the Colombians' flags were up and the "
                              "guard, 5'10\" tall, stood by. Later Petro said the plan was 'a betrayal of "
                              "the Colombians' trust' and left.\n")
    assert quotes_of(doc) == ["a betrayal of the Colombians' trust"]
    assert quotes_of(doc, "--min-cert", "0") == ["a betrayal of the Colombians' trust"]


def test_scare_quotes_need_a_reporting_verb(tmp_path):
    doc = new_story(tmp_path, "The so-called 'reform' passed. The minister said it was 'dead'.\n")
    assert quotes_of(doc) == ["dead"]
    rows = suggested(doc, "--kind", "quotes", "--min-cert", "0")
    reform = next(r for r in rows if r["text"] == "reform")
    assert reform["cert"] < 0.5 and "scare quote" in reform["reason"]


def test_every_kind_of_quotation_mark(tmp_path):
    doc = new_story(tmp_path, "They said “we stay here” and «no nos vamos» and ‘never again’ and "
                              "\"not today\" all at once.\n")
    assert quotes_of(doc) == ["we stay here", "no nos vamos", "never again", "not today"]
    langs = {s["text"]: s["lang"] for s in suggested(doc, "--kind", "quotes")}
    assert langs == {"we stay here": "en", "no nos vamos": "es", "never again": "en", "not today": "en"}


def test_spanish_dialogue_dashes(tmp_path):
    doc = new_story(tmp_path, "García llegó tarde.\n\n—No vamos a rendirnos —dijo García—. Quito no se rinde.\n",
                    lang="es")
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"])
    rows = suggested(doc, "--kind", "quotes")
    assert [(r["text"], r["lang"], r["speaker"], r["paragraph"]) for r in rows] == [
        ("No vamos a rendirnos", "es", "garcia", "p2"), ("Quito no se rinde.", "es", "garcia", "p2")]
    apply_suggestions(doc, tmp_path, "--kind", "quotes")
    assert snippet(doc, "p2").count("<q ") == 2


def test_nested_quotes_are_both_suggested_and_both_apply(tmp_path):
    doc = new_story(tmp_path, "“He told me ‘never again’ and walked out,” Ruiz said on Monday.\n")
    do(doc, "entity.add", id="ruiz", type="person", name="Ana Ruiz", aliases=["Ruiz"])
    rows = suggested(doc, "--kind", "quotes", "--min-cert", "0")
    assert [(r["text"], r["speaker"]) for r in rows][:1] == [("He told me ‘never again’ and walked out", "ruiz")]
    assert "never again" in [r["text"] for r in rows]
    apply_suggestions(doc, tmp_path, "--kind", "quotes", "--min-cert", "0")
    p1 = snippet(doc, "p1")
    assert '“<q xml:id="q1" xml:lang="en" who="#ruiz">He told me ‘<q xml:id="q2"' in p1


def test_a_quote_that_recurs_in_its_paragraph_is_selected_by_nth(tmp_path):
    doc = new_story(tmp_path, "Fans chanted 'olé, olé, olé' and the coach said 'olé, olé, olé' too.\n")
    lines = [json.loads(line) for line in ok("suggest", doc, "--format", "batch", "--kind", "quotes",
                                              "--min-cert", "0").splitlines() if line.startswith("{")]
    assert [(op["in"], op.get("nth")) for op in lines] == [("p1", 1), ("p1", 2)]
    apply_suggestions(doc, tmp_path, "--kind", "quotes", "--min-cert", "0")
    assert snippet(doc, "p1").count("<q ") == 2


def test_a_speaker_after_the_quote_or_by_role(tmp_path):
    doc = new_story(tmp_path, "'Vamos a resistir', dijo el presidente. 'We will talk,' Rubio said.\n", lang="es")
    do(doc, "entity.add", id="petro", type="person", name="Gustavo Petro", role="Presidente de Colombia")
    do(doc, "entity.add", id="rubio", type="person", name="Marco Rubio", aliases=["Rubio"])
    rows = suggested(doc, "--kind", "quotes")
    assert [(r["text"], r["speaker"]) for r in rows] == [("Vamos a resistir", "petro"), ("We will talk", "rubio")]


# ---------------------------------------------------------------------- entities, dates, figures


def test_names_the_register_lacks_are_added_then_tagged(tmp_path):
    doc = new_story(tmp_path, "Union leader Marta Rojas spoke in Valparaíso. Later Rojas met the press.\n")
    lines = ok("suggest", doc, "--format", "batch", "--kind", "entities").splitlines()
    ops = [json.loads(line) for line in lines if line.startswith("{")]
    assert ops[0] == {"op": "entity add", "id": "marta-rojas", "type": "person", "name": "Marta Rojas",
                      "aliases": ["Rojas"]}
    assert {"op": "entity tag", "id": "marta-rojas", "match": "Rojas", "in": "p1", "nth": 2} in ops
    apply_suggestions(doc, tmp_path, "--kind", "entities")
    mentions = listed(doc, "mentions")
    assert [(m["entity"], m["text"]) for m in mentions] == [
        ("marta-rojas", "Marta Rojas"), ("valparaiso", "Valparaíso"), ("marta-rojas", "Rojas")]


def test_dates_and_figures_in_spanish(tmp_path):
    doc = new_story(tmp_path, "El 7 de enero de 2026 llegaron 2.512 toneladas y US$4,5 millones; el 9 de enero, "
                              "otras 300.\n", lang="es")
    rows = {r["text"]: r for r in suggested(doc, "--kind", "dates", "--kind", "measures")}
    assert rows["7 de enero de 2026"]["when"] == "2026-01-07"
    assert rows["9 de enero"]["when"] == "2026-01-09" and "2026-01-07" in rows["9 de enero"]["reason"]
    assert (rows["2.512 toneladas"]["quantity"], rows["2.512 toneladas"]["unit"]) == ("2512", "t")
    assert (rows["US$4,5 millones"]["quantity"], rows["US$4,5 millones"]["unit"]) == ("4500000", "USD")
    assert rows["300"]["quantity"] == "300"
    apply_suggestions(doc, tmp_path)
    assert [(m["text"], m["quantity"], m["unit"]) for m in listed(doc, "measures")] == [
        ("2.512 toneladas", "2512", "t"), ("US$4,5 millones", "4500000", "USD"), ("300", "300", None)]


def test_a_date_without_a_year_takes_the_headers_when_the_text_has_none(tmp_path):
    doc = new_story(tmp_path, "The talks open on March 5.\n")
    row = suggested(doc, "--kind", "dates")[0]
    # `apostilla new` dates its header: the year comes from there, and the reason says so.
    assert row["when"].endswith("-03-05") and "header" in row["reason"]


# ---------------------------------------------------------------------- detectors and start-up


def test_help_does_not_load_the_language_detector():
    code = ("import sys\nfrom apostilla.cli.main import app\nfrom typer.testing import CliRunner\n"
            "CliRunner().invoke(app, ['--help']); CliRunner().invoke(app, ['suggest', '--help'])\n"
            "print('lingua' in sys.modules, 'spacy' in sys.modules, 'apostilla.annotations.suggest' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


def test_without_lingua_a_word_list_stands_in_and_says_so(tmp_path, monkeypatch):
    from apostilla.annotations.suggest import language

    monkeypatch.setitem(sys.modules, "lingua", None)  # as if it were not installed
    language._lingua.cache_clear()
    try:
        doc = registered_document(tmp_path, "seed")
        notes: list[str] = []
        rows = suggest(TeiDocument.load(doc), ["quotes"], notes=notes)
        assert any("pip install 'apostilla[suggest]'" in n for n in notes)
        assert {r.text: r.extra["lang"] for r in rows} == {q["text"]: q["lang"] for q in gold("seed-gold.json")["quotes"]}
        assert all("common words" in r.reason or "no clear sign" in r.reason for r in rows)
    finally:
        language._lingua.cache_clear()


def test_the_gold_quotes_and_60_short_ones_get_their_language_from_lingua():
    from apostilla.annotations.suggest.language import guess

    quotes = json.loads((DATA / "short_quotes.json").read_text(encoding="utf-8"))["quotes"]
    wrong = [(text, lang) for text, lang in quotes if guess(text, ("en", "es"), "en").lang != lang]
    assert wrong == [("bad hombres", "en")]  # English with a Spanish word: it could go either way


def test_a_quote_in_a_third_language_is_named_as_such(tmp_path):
    doc = new_story(tmp_path, "The ambassador said: “Nous ne céderons jamais sur ce point.”\n")
    row = suggested(doc, "--kind", "quotes")[0]
    assert row["lang"] == "fr" and "not one of the document's languages" in row["reason"]


def test_spacy_is_silent_when_absent_and_an_error_when_asked_for(tmp_path, monkeypatch):
    from apostilla.annotations.suggest import ner

    monkeypatch.setattr(ner, "installed_model", lambda lang: None)
    doc = new_story(tmp_path, "Marta Rojas spoke.\n")
    result = cli("suggest", doc)
    assert result.exit_code == 0 and "spacy" not in result.stderr.lower()
    line = refused(doc, "suggest", doc, "--spacy")
    assert "no spaCy model" in line


def test_a_spacy_model_confirms_and_adds_names(tmp_path, monkeypatch):
    # No spaCy pipeline can be installed here: its answers are given, the merging is what is tested.
    from apostilla.annotations.suggest import ner

    monkeypatch.setattr(ner, "installed_model", lambda lang: "en_core_web_sm")
    monkeypatch.setattr(ner, "spans", lambda model, texts: [[(0, 11, "PERSON"), (21, 30, "GPE")]])
    doc = new_story(tmp_path, "Marta Rojas spoke in eThekwini today.\n")
    notes: list[str] = []
    rows = {r.text: r for r in suggest(TeiDocument.load(doc), ["entities"], notes=notes)}
    assert notes == ["names also read by the spaCy model en_core_web_sm"]
    assert rows["Marta Rojas"].cert > 0.65 and "PERSON" in rows["Marta Rojas"].reason
    assert rows["eThekwini"].extra["type"] == "place" and "GPE" in rows["eThekwini"].reason
    assert set(r.text for r in suggest(TeiDocument.load(doc), ["entities"], use_ner=False)) == {"Marta Rojas"}
