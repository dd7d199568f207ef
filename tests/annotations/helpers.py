"""A small bilingual story to annotate, and ways to drive apostilla as its users do."""
from __future__ import annotations

import hashlib
import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from lxml import etree
from typer.testing import CliRunner

from apostilla.annotations import tei
from apostilla.annotations.newdoc import new_document
from apostilla.annotations.operations import run
from apostilla.cli.main import app

STORY = """\
The mayor of Quito, Lucía García, met Ana Ruiz of the Red Cross on January 7, 2026.

García told reporters: «No vamos a rendirnos, Quito no se rinde.» Ruiz said the Red Cross had 2,512 tons of supplies ready.

Later García thanked the Red Cross. The word soberanía came up twice, soberanía being the theme of the day.
"""

TEI_NS = f'xmlns="{tei.TEI_NS}"'


@contextmanager
def fixed_clock_and_user():
    """What tests/conftest.py sets for each test, for fixtures built once per module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767787200")
        patch.setenv("APOSTILLA_USER", "Test Runner")
        yield


def new_story(folder: Path, text: str = STORY, *, name: str = "story.xml", lang: str = "en") -> Path:
    """A fresh TEI document made from text by `apostilla new`."""
    source = folder / (name + ".txt")
    source.write_text(text, encoding="utf-8")
    doc = folder / name
    new_document(source, doc, title="A story", lang=lang)
    return doc


def tei_file(folder: Path, body: str, *, lang: str = "en", name: str = "doc.xml") -> Path:
    """A minimal hand-written TEI file around body (the content of <body>)."""
    doc = folder / name
    doc.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<TEI {TEI_NS}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
        "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
        f'<text xml:lang="{lang}"><body>{body}</body></text></TEI>\n', encoding="utf-8")
    return doc


def cli(*args: str | Path):
    """Run `apostilla ARGS` in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def ok(*args: str | Path) -> str:
    """Run a command that must succeed; its standard output."""
    result = cli(*args)
    assert result.exit_code == 0, result.stderr or result.stdout
    return result.stdout


def refused(doc: Path, *args: str | Path, code: int = 3) -> str:
    """Run a command that must fail with one error line and leave doc byte-identical; that line."""
    before = sha256(doc)
    result = cli(*args)
    assert result.exit_code == code, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("apostilla: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(doc) == before, "a refused command changed the file"
    return lines[0]


def do(doc: Path, op: str, **params) -> list[str]:
    """Run one operation through the library, as the command of that name does; the new ids."""
    return run(doc, op, params).ids


def listed(doc: Path, kind: str) -> list[dict]:
    """`apostilla list DOC KIND --format json`, parsed."""
    return json.loads(ok("list", doc, kind, "--format", "json"))


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paragraphs(doc: Path) -> list[str]:
    """The text of every paragraph-like element of the body, as a reader sees it."""
    root = etree.parse(str(doc)).getroot()
    return ["".join(p.itertext()) for p in root.iter(tei.tei("p"), tei.tei("l"), tei.tei("head"))
            if any(tei.local(a) == "body" for a in p.iterancestors())]


def text_of(doc: Path) -> str:
    """All the text inside <text>, markup removed."""
    root = etree.parse(str(doc)).getroot()
    return "".join(root.find(tei.tei("text")).itertext())


def snippet(doc: Path, ident: str) -> str:
    """The element with this xml:id (or the paragraph pN) serialized without namespace noise."""
    root = etree.parse(str(doc)).getroot()
    node = root.xpath("//*[@xml:id=$i]", i=ident)[0]
    text = etree.tostring(node, encoding="unicode", with_tail=False)
    return text.replace(f" {TEI_NS}", "")


def without_provenance(text: str) -> str:
    """A document's text without what apostilla records of each change: revisionDesc and the
    undo log (the xenoData that holds it)."""
    text = re.sub(r"<((?:\w+:)?)revisionDesc>.*?</\1revisionDesc>", "", text, flags=re.S)
    return re.sub(r"\s*<((?:\w+:)?)xenoData>\s*<undo:log .*?</\1xenoData>", "", text, flags=re.S)


def changes(doc: Path) -> list[etree._Element]:
    """The <change> elements of the header's revisionDesc, in order."""
    root = etree.parse(str(doc)).getroot()
    return root.xpath("tei:teiHeader/tei:revisionDesc//tei:change", namespaces=tei.NSMAP)
