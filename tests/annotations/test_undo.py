"""`history`, `undo` and `redo`: a translator takes back what went wrong and gets the very file back."""
from __future__ import annotations

import json
import re

import pytest

from apostilla.annotations.history import undo
from apostilla.common.errors import UsageError

from .helpers import cli, new_story, ok, refused, tei_file
from .undo_helpers import assert_plus_one_change


def story_with_steps(tmp_path):
    """The story after three commands, and the file as it was before each of them."""
    doc = new_story(tmp_path)
    saved = [doc.read_bytes()]
    for args in (["entity", "add", doc, "garcia", "--type", "person", "--name", "Lucía García", "--alias", "García"],
                 ["entity", "tag", doc, "garcia"],
                 ["quote", "add", doc, "--match", "No vamos ... rinde.", "--lang", "es", "--speaker", "garcia"]):
        ok(*args)
        saved.append(doc.read_bytes())
    return doc, saved


CHANGING = {
    "entity add": ["entity", "add", "{doc}", "quito", "--type", "place", "--name", "Quito", "--role", "capital"],
    "entity tag": ["entity", "tag", "{doc}", "garcia", "--match", "reporters"],
    "mark": ["mark", "{doc}", "--match", "2,512 tons", "--measure", "2512", "--unit", "t"],
    "quote add": ["quote", "add", "{doc}", "--match", "the theme of the day", "--lang", "en"],
    "gloss add": ["gloss", "add", "{doc}", "q1", "--lang", "en", "--text", "We will not give up"],
    "remove": ["remove", "{doc}", "garcia-m1"],
    "entity set": ["entity", "set", "{doc}", "garcia", "--role", "alcaldesa", "--lang", "es", "--alias", "Lucía"],
    "quote set": ["quote", "set", "{doc}", "q1", "--lang", "pt", "--no-speaker"],
    "gloss set": None,
    "rename": ["rename", "{doc}", "garcia", "lucia-garcia"],
}


@pytest.mark.parametrize("command", CHANGING)
def test_undo_gives_back_the_file_as_it_was_before_the_command(tmp_path, command):
    doc, saved = story_with_steps(tmp_path)
    if command == "gloss set":  # a gloss to set first
        ok("gloss", "add", doc, "q1", "--lang", "en", "--text", "We will not give up")
        saved.append(doc.read_bytes())
        ok("gloss", "set", doc, "q1", "--lang", "en", "--text", "We will not give in", "--status", "approved")
    else:
        ok(*[a.format(doc=doc) if isinstance(a, str) else a for a in CHANGING[command]])
    assert doc.read_bytes() != saved[-1]
    out = ok("undo", doc)
    assert out.startswith(f"undone: change-{5 + (command == 'gloss set')} (")
    assert_plus_one_change(saved[-1], doc.read_bytes(), doc)


def test_steps_take_back_several_changes_at_once(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    assert ok("undo", doc, "--steps", "3").splitlines() == [
        "undone: change-4 (quote add q1 (es))",
        "undone: change-3 (entity tag garcia: 3 mention(s))",
        "undone: change-2 (entity add garcia (person))",
    ]
    assert_plus_one_change(saved[0], doc.read_bytes(), doc)


def test_undo_again_goes_further_back_and_redo_takes_an_undo_back(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    ok("undo", doc)
    ok("undo", doc)
    assert_plus_one_change(saved[1], doc.read_bytes(), doc)  # the record of the first undo went too
    after_two = doc.read_bytes()
    assert ok("redo", doc).startswith("took back change-6 (undo change-3 of ")
    with_first_undo = without_redo = doc.read_bytes()
    ok("undo", doc)  # passes over the redo and the undo below it, to the tagging
    assert_plus_one_change(saved[1], doc.read_bytes(), doc)
    ok("redo", doc)
    assert_plus_one_change(without_redo, doc.read_bytes(), doc)
    ok("redo", doc)  # the redo of the first undo: the file as it was after three commands
    assert_plus_one_change(saved[3], doc.read_bytes(), doc)
    assert after_two != with_first_undo


def test_a_new_change_after_an_undo_leaves_nothing_to_redo(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    ok("undo", doc)
    ok("mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07")
    assert "nothing to redo: the newest change, change-6 (mark date d1), is not an undo" in refused(doc, "redo", doc)
    ok("undo", doc)  # the date goes; the undo record below it stays
    ok("undo", doc)
    assert_plus_one_change(saved[1], doc.read_bytes(), doc)


def test_batches_and_xliff_imports_are_undone_like_any_command(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"op": "mark", "match": "January 7, 2026", "date": "2026-01-07"}\n'
                     '{"op": "gloss add", "target": "q1", "lang": "en", "text": "We will not give up"}\n')
    ok("apply", doc, batch)
    ok("undo", doc)
    assert_plus_one_change(saved[-1], doc.read_bytes(), doc)
    ok("export", "xliff", doc, "-o", tmp_path / "q.xlf", "--target-lang", "en", "--prefill")
    xlf = (tmp_path / "q.xlf").read_text(encoding="utf-8")
    (tmp_path / "q.xlf").write_text(xlf.replace('state="needs-translation">No vamos', 'state="translated">We will not'),
                                    encoding="utf-8")
    before_import = doc.read_bytes()
    assert "1 gloss(es) added" in ok("import", "xliff", doc, tmp_path / "q.xlf")
    ok("undo", doc)
    assert_plus_one_change(before_import, doc.read_bytes(), doc)


def test_history_lists_the_changes_and_the_steps_that_take_each_back(tmp_path):
    doc, _ = story_with_steps(tmp_path)
    lines = ok("history", doc).splitlines()
    assert lines[0].split() == ["undo", "id", "when", "who", "what"]
    assert [line.split()[:2] for line in lines[1:5]] == [["-", "change-1"], ["3", "change-2"], ["2", "change-3"],
                                                        ["1", "change-4"]]
    assert lines[4].endswith("2026-01-07T12:00:00Z  Test Runner  quote add q1 (es)")
    assert lines[5].startswith("change-1 and the changes before it cannot be undone: it has no undo record")
    rows = json.loads(ok("history", doc, "--format", "json"))
    assert rows[-1] == {"id": "change-4", "when": "2026-01-07T12:00:00Z", "who": "Test Runner",
                        "what": "quote add q1 (es)", "kind": "change", "undoable": True, "steps": 1, "reason": None}
    assert rows[0]["undoable"] is False and rows[0]["steps"] is None
    ok("undo", doc)
    rows = json.loads(ok("history", doc, "--format", "json"))
    assert [(r["id"], r["kind"], r["steps"]) for r in rows] == [
        ("change-1", "change", None), ("change-2", "change", 2), ("change-3", "change", 1), ("change-5", "undo", None)]
    assert ok("history", doc).splitlines()[4].startswith("redo  change-5")


def test_an_edit_made_outside_apostilla_stops_undo_with_the_reason(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    doc.write_bytes(doc.read_bytes().replace(b"The mayor of Quito", b"The mayor of  Quito"))
    outside = doc.read_bytes()
    line = refused(doc, "undo", doc)
    assert line.endswith("cannot undo 1 change(s) (none can): change-4 (quote add q1 (es)) cannot be undone: "
                         "the file was changed outside apostilla after this change")
    rows = json.loads(ok("history", doc, "--format", "json"))
    assert [r["undoable"] for r in rows] == [False] * 4
    # Changes made after the outside edit can be undone, but not past it.
    ok("mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07")
    ok("mark", doc, "--match", "2,512 tons", "--measure", "2512")
    line = refused(doc, "undo", doc, "--steps", "3")
    assert "(only 2 can): change-4 (quote add q1 (es)) cannot be undone: the file was changed outside" in line
    ok("undo", doc, "--steps", "2")
    assert_plus_one_change(outside, doc.read_bytes(), doc)


def test_an_edit_made_between_two_changes_is_found_from_the_records(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    doc.write_bytes(doc.read_bytes().replace(b"</TEI>", b"<!-- checked -->\n</TEI>"))
    ok("mark", doc, "--match", "January 7, 2026", "--date", "2026-01-07")
    rows = json.loads(ok("history", doc, "--format", "json"))
    assert [r["steps"] for r in rows] == [None, None, None, None, 1]
    assert rows[3]["reason"] == "the file was changed outside apostilla after this change"
    assert rows[2]["reason"] == "change-4, made after it, cannot be undone"
    assert "change-4 (quote add q1 (es)) cannot be undone" in refused(doc, "undo", doc, "--steps", "2")


def test_undo_refuses_what_it_cannot_do_in_one_line(tmp_path):
    doc, _ = story_with_steps(tmp_path)
    with pytest.raises(UsageError, match="--steps counts from 1"):
        undo(doc, steps=0)
    assert refused(doc, "undo", doc, "--steps", "0", code=2).endswith("--steps counts from 1")
    line = refused(doc, "undo", doc, "--steps", "9")
    assert line.endswith("cannot undo 9 change(s) (only 3 can): change-1 (Created from story.xml.txt.) cannot be "
                         "undone: it has no undo record (the document's creation, a change made by another tool, "
                         "or one from before apostilla kept undo records)")
    plain = tei_file(tmp_path, '<p xml:id="p1">Nothing yet.</p>', name="plain.xml")
    assert refused(plain, "undo", plain).endswith("nothing to undo: the document records no change")
    assert refused(plain, "redo", plain).endswith("nothing to redo: the document records no undo")


def test_a_dry_run_undo_shows_the_diff_and_writes_nothing(tmp_path):
    doc, saved = story_with_steps(tmp_path)
    before = doc.read_bytes()
    out = ok("undo", doc, "--dry-run")
    assert doc.read_bytes() == before
    assert out.startswith("--- a/story.xml\n+++ b/story.xml\n")
    assert any(line.startswith("-") and '<q xml:id="q1"' in line for line in out.splitlines())
    assert any(line.startswith("+") and ">undo change-4 of " in line for line in out.splitlines())


def test_the_undo_log_is_no_text_of_the_document(tmp_path):
    doc, _ = story_with_steps(tmp_path)
    ok("undo", doc)
    step_text = [line for line in doc.read_text(encoding="utf-8").splitlines() if "<undo:step" in line]
    words = {w for line in step_text for w in line.split(">")[1].split("<")[0].split()}
    shown = ok("show", doc) + ok("list", doc, "quotes", "--format", "json") + ok("status", doc)
    ok("export", "html", doc, "-o", tmp_path / "memo.html")
    ok("export", "xliff", doc, "-o", tmp_path / "q.xlf", "--target-lang", "en", "--all")
    shown += (tmp_path / "memo.html").read_text(encoding="utf-8") + (tmp_path / "q.xlf").read_text(encoding="utf-8")
    assert words and not any(w in shown for w in words if len(w) > 8)
    assert "urn:apostilla:undo" not in shown


HAND_WRITTEN = (  # the spellings lxml would change: references, single quotes, an empty pair of tags
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
    "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
    "<text><body><p xml:id=\"p1\">Petro&#xA0;said &amp; Petro left.</p>"
    "<p xml:id='p2'>Otró <hi rend='x'></hi></p></body></text></TEI>")


def _prefixed(text: str) -> str:
    text = text.replace("<TEI xmlns=", "<t:TEI xmlns:t=")
    return re.sub(r"<(/?)(?!t:)([A-Za-z]+)", r"<\1t:\2", text)


@pytest.mark.parametrize("name, data, encoding", [
    ("one line", ('<?xml version="1.0"?>' + HAND_WRITTEN).encode(), "utf-8"),
    ("CR LF", ('<?xml version="1.0"?>\r\n' + HAND_WRITTEN.replace("<text>", "\r\n<text>") + "\r\n").encode(),
     "utf-8"),
    ("UTF-16", ('<?xml version="1.0" encoding="UTF-16"?>\n' + HAND_WRITTEN + "\n").encode("utf-16"), "utf-16"),
    ("BOM", b"\xef\xbb\xbf" + ('<?xml version="1.0" encoding="UTF-8"?>\n' + HAND_WRITTEN).encode(), "utf-8"),
    ("Latin-1", ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + HAND_WRITTEN).encode("latin-1"), "latin-1"),
    ("prefixed", ('<?xml version="1.0"?>\n<!-- c -->\n' + _prefixed(HAND_WRITTEN) + "\n<!-- end -->").encode(),
     "utf-8"),
])
def test_undo_back_to_a_file_apostilla_never_wrote_keeps_its_own_spelling(tmp_path, name, data, encoding):
    doc = tmp_path / "doc.xml"
    doc.write_bytes(data)
    ok("entity", "add", doc, "petro", "--type", "person", "--name", "Petro")
    ok("entity", "tag", doc, "petro")
    assert doc.read_bytes() != data
    result = cli("undo", doc, "--steps", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert_plus_one_change(data, doc.read_bytes(), doc, encoding=encoding)
    ok("redo", doc)
    ok("undo", doc)
    ok("undo", doc)
    assert_plus_one_change(data, doc.read_bytes(), doc, encoding=encoding)
