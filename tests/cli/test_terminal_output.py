"""Document text on a terminal is shown, never obeyed: no markup, no escape sequences, no bidi tricks."""
from __future__ import annotations

import json

import pytest
from conftest import run_cli

from apostilla.common.text import printable

# Allowed in XML, and dangerous on a terminal: CSI (a C1 control), RIGHT-TO-LEFT OVERRIDE, and
# square brackets that rich would read as markup.
TEXT = ("He said [sic] that [link=https://evil.example]the port[/link] is closed [/applause] "
        "and \u202eevil\u202c and \x9b2J cleared.\n")


@pytest.fixture
def doc(tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "hostile.xml"
    assert run_cli("new", source, "-o", out).exit_code == 0
    assert run_cli("quote", "add", out, "--match", "[sic] ... cleared", "--lang", "en").exit_code == 0
    return out


def test_a_listing_shows_brackets_as_text_and_controls_as_stand_ins(doc):
    result = run_cli("list", doc, "quotes")
    assert result.exit_code == 0, result.stderr
    assert "[sic]" in result.stdout and "[/applause]" in result.stdout and "[link=https://evil.example]" in result.stdout
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout and "\x1b" not in result.stdout
    assert result.stdout.count("\ufffd") == 3   # the override, its end, and CSI


def test_json_and_csv_keep_the_text_exact(doc):
    rows = json.loads(run_cli("list", doc, "quotes", "--format", "json").stdout)
    assert rows[0]["text"].startswith("[sic] that [link=https://evil.example]")
    csv = run_cli("list", doc, "quotes", "--format", "csv").stdout
    assert "[sic]" in csv


def test_show_prints_the_text_with_stand_ins(doc):
    result = run_cli("show", doc)
    assert result.exit_code == 0
    assert "[sic]" in result.stdout and "\u202e" not in result.stdout and "\x9b" not in result.stdout
    assert "\ufffdevil" in result.stdout


def test_status_prints_language_tags_from_the_document_safely(tmp_path):
    doc = tmp_path / "langs.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>'
        '<profileDesc><langUsage><language ident="en\u202e\x9b">x</language></langUsage></profileDesc></teiHeader>'
        '<text><body><p xml:id="p1">x</p></body></text></TEI>', encoding="utf-8")
    result = run_cli("status", doc)
    assert result.exit_code == 0
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout


def test_an_error_naming_a_hostile_file_name_stays_on_one_line(tmp_path):
    name = tmp_path / "evil\x1b]0;owned\x07\nall.xml: 0 errors.xml"
    result = run_cli("list", name, "quotes")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_stand_ins_keep_one_character_for_one():
    text = "a\x1bb\u202ec\x85d\te"
    shown = printable(text)
    assert len(shown) == len(text) and shown == "a\u241bb\ufffdc\ufffdd\te"
