"""Documents nested as deep as the parser reads them: every export works, or says why in one line."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
       '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
       '<text xml:lang="en"><body><p xml:id="p1">{body}</p></body></text></TEI>')
LEVELS = 2_000


@pytest.fixture
def deep(tmp_path) -> Path:
    """A paragraph whose quote holds 2,000 nested highlights around one word."""
    path = tmp_path / "deep.xml"
    body = ('Start <q xml:id="q1" xml:lang="es">' + "<hi>" * LEVELS + "hondo" + "</hi>" * LEVELS
            + "</q> end.")
    path.write_text(TEI.format(body=body), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_memo_of_a_deep_document(deep, tmp_path, fmt):
    out = tmp_path / f"memo.{fmt}"
    result = run_cli("export", fmt, deep, "-o", out)
    assert result.exit_code == 0, result.stderr
    if fmt == "html":
        assert "hondo" in out.read_text(encoding="utf-8")
    else:
        assert b"hondo" in zipfile.ZipFile(out).read("word/document.xml")


def test_an_xliff_of_a_deep_quote_round_trips(deep, tmp_path):
    xlf = tmp_path / "deep.xlf"
    assert run_cli("export", "xliff", deep, "-o", xlf, "--target-lang", "en", "--prefill").exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    assert text.count('ctype="x-hi"') == 2 * LEVELS   # source and prefilled target
    translated = tmp_path / "translated.xlf"
    head, target = text.split("<target", 1)
    translated.write_text(head + "<target" + target.replace("hondo", "deep"), encoding="utf-8")
    result = run_cli("import", "xliff", deep, translated)
    assert result.exit_code == 0, result.stderr
    assert "1 gloss(es) added" in result.stdout


def test_a_target_with_700_nested_markers_is_checked_like_any_other(deep, tmp_path):
    xlf = tmp_path / "deep.xlf"
    assert run_cli("export", "xliff", deep, "-o", xlf, "--target-lang", "en", "--xliff-version", "2.1").exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    target = ("<target>" + "".join(f'<mrk id="m{i}" translate="yes">' for i in range(700)) + "deep"
              + "</mrk>" * 700 + "</target>")
    xlf.write_text(text.replace("</source>", "</source>" + target, 1), encoding="utf-8")
    result = run_cli("import", "xliff", deep, xlf)
    # The markers are read; the target lost the source's 2,000 tags, which the import refuses.
    assert result.exit_code == 3, result.stderr
    assert len(result.stderr.splitlines()) == 1 and "lost inline tag" in result.stderr


@pytest.mark.parametrize("args", [("show",), ("list", "quotes"), ("status",)])
def test_reading_commands_on_a_deep_document(deep, args):
    result = run_cli(args[0], deep, *args[1:])
    assert result.exit_code == 0, result.stderr
