"""`show`: a reader sees the annotated text, a colour per kind, and the glosses under their paragraph."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.annotations.blocks import blocks

from .helpers import STORY, do, new_story, ok, refused, tei_file

ESC = "\x1b["


@pytest.fixture
def story(tmp_path):
    doc = new_story(tmp_path)
    do(doc, "entity.add", id="garcia", type="person", name="Lucía García", aliases=["García"])
    do(doc, "entity.add", id="redcross", type="org", name="Red Cross")
    do(doc, "entity.add", id="quito", type="place", name="Quito")
    do(doc, "entity.tag", every=True)
    do(doc, "quote.add", match="No vamos ... rinde.", lang="es", speaker="garcia")
    do(doc, "gloss.add", target="q1", lang="en", text="We will not give up; Quito does not surrender.",
       translator="Ana Ruiz", status="reviewed")
    do(doc, "gloss.add", target="q1", lang="fr", text="Nous ne céderons pas.")
    do(doc, "mark", match="January 7, 2026", date="2026-01-07")
    do(doc, "mark", match="2,512 tons", measure="2512", unit="t")
    do(doc, "mark", match="soberanía", term="es", nth=1)
    do(doc, "gloss.add", target="t1", lang="en", text="sovereignty")
    return doc


@pytest.fixture
def piped(monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)


def test_piped_output_is_the_plain_text_with_glosses_under_their_paragraph(story, piped):
    paragraphs = [p.strip() for p in STORY.split("\n\n")]
    assert ok("show", story).splitlines() == [
        f"p1  {paragraphs[0]}",
        f"p2  {paragraphs[1]}",
        "      ↳ q1 [en] We will not give up; Quito does not surrender. (Ana Ruiz, reviewed)",
        "      ↳ q1 [fr] Nous ne céderons pas. (draft)",
        f"p3  {paragraphs[2]}",
        "      ↳ t1 [en] sovereignty (draft)",
    ]


def test_in_a_terminal_each_kind_has_its_colour(story, terminal):
    out = ok("show", story)
    assert f"{ESC}1;36mLucía García{ESC}0m" in out          # a person
    assert f"{ESC}1;35mRed Cross{ESC}0m" in out             # an organisation
    assert f"{ESC}1;32mQuito{ESC}0m" in out                 # a place
    assert f"{ESC}3;94mNo vamos a rendirnos, {ESC}0m" in out  # a quote...
    assert f"{ESC}1;3;32mQuito{ESC}0m" in out               # ...with a place inside it
    assert f"{ESC}4;34mJanuary 7, 2026{ESC}0m" in out       # a date
    assert f"{ESC}31m2,512 tons{ESC}0m" in out              # a figure
    assert f"{ESC}4;95msoberanía{ESC}0m" in out             # a term
    assert "We will not give up; Quito does not surrender." in out
    legend = out.splitlines()[0]
    assert re.sub(r"\x1b\[[0-9;]*m", "", legend).split() == [
        "person", "org", "place", "event", "other", "quote", "date", "figure", "term"]


def test_one_paragraph_or_the_paragraph_of_an_annotation(story, piped):
    assert ok("show", story, "--in", "p3").splitlines()[0].startswith("p3  Later García thanked")
    assert ok("show", story, "--in", "q1", "--no-glosses").splitlines() == [
        "p2  " + STORY.split("\n\n")[1].strip()]
    assert ok("show", story, "--in", "p2", "--lang", "fr").splitlines()[1:] == [
        "      ↳ q1 [fr] Nous ne céderons pas. (draft)"]
    assert "no element with xml:id 'p9'" in refused(story, "show", story, "--in", "p9")


def test_line_breaks_and_notes_keep_words_apart_and_registers_are_not_shown(tmp_path):
    path = tei_file(tmp_path, '<p xml:id="p1">Herzlich grüßt<lb/>ArthSch. Ein Wo<lb break="no"/>rt.'
                              "<note>Am Rand.</note></p></body><back><listPerson><person xml:id=\"x\">"
                              "<persName>Theodor Herzl</persName></person></listPerson></back><body>")
    path.write_text(path.read_text().replace("</back><body></body>", "</back>"))
    [block] = blocks(TeiDocument.load(path))
    assert (block.label, block.text) == ("p1", "Herzlich grüßt ArthSch. Ein Wort. Am Rand.")
    assert block.spans == [(34, 42, "note")]


def test_white_space_runs_show_as_one_space(tmp_path):
    path = tei_file(tmp_path, '<p xml:id="p1">\n   One\n   <persName ref="#a"> two </persName>   three\n</p>')
    [block] = blocks(TeiDocument.load(path))
    assert block.text == "One two three"
    assert block.spans == [(4, 8, "person")]


def test_the_annotating_guide_runs_as_written(tmp_path, monkeypatch, piped):
    guide = Path(__file__).resolve().parents[2] / "docs" / "annotating.md"
    commands = re.search(r"```sh\n(.*?)```", guide.read_text(encoding="utf-8"), flags=re.S).group(1)
    new_story(tmp_path, name="story.xml")
    monkeypatch.chdir(tmp_path)
    for line in commands.splitlines()[1:]:  # the first makes story.xml from story.txt: done above
        out = ok(*shlex.split(line)[1:])
    assert out.splitlines()[2] == "      ↳ q1 [en] We will not give up (Ana Ruiz, reviewed)"
