"""Hostile, broken and huge schemas and documents for `validate`: one clear line, a non-zero
exit, no traceback, no hang, no network, and time that grows linearly with the input."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from apostilla.schemas import validate_paths
from conftest import need_tool

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")
# Each run below must end within this time (a start of apostilla alone takes about 0.3 s).
SECONDS = 20


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def error_line(self) -> str:
        """The one error line the contract promises, checked to be one line without traceback."""
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, f"expected one error line, got: {self.stderr!r}"
        assert lines[0].startswith("apostilla: error: "), lines[0]
        return lines[0]


def validate(*args: str | Path, cwd: Path | None = None, seconds: float = SECONDS) -> Run:
    """`apostilla validate ARGS` in its own process, which must end within `seconds`."""
    command = [sys.executable, "-m", "apostilla.cli.main", "validate", *map(str, args)]
    try:
        proc = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=cwd,
                              timeout=seconds)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"validate {' '.join(map(str, args))} ran over {seconds} s") from None
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))


def where(text: str, written: str) -> tuple[int, int]:
    """1-based line and column of the first `written` in `text`."""
    offset = text.index(written)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def tei(body: str) -> str:
    """A minimal TEI document around `body`."""
    return f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body>{body}</body></text></TEI>\n'


def schema_including(href: str, syntax: str) -> str:
    """A small schema in `syntax` (rnc or rng) that includes `href`."""
    if syntax == "rnc":
        return f'include "{href}"\nstart = element a {{ text }}\n'
    return ('<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n'
            f'<include href="{href}"/><start><element name="a"><text/></element></start>'
            '</grammar>\n')


def doc(folder: Path) -> Path:
    """A document for the small schemas."""
    path = folder / "doc.xml"
    path.write_text("<a>x</a>")
    return path


def rnc(folder: Path) -> Path:
    """A small .rnc schema for `doc`."""
    path = folder / "a.rnc"
    path.write_text("start = element a { text }\n")
    return path


@contextmanager
def silent_server():
    """A local port that accepts connections and never answers; records whether any came."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()


# ---------------------------------------------------------------------- many bad attributes
def test_thousands_of_unknown_attributes_on_one_element_are_each_reported_in_linear_time(tmp_path):
    # Each finding used to search the whole start tag for its attribute: 8,000 attributes took
    # 9-18 s, 30,000 would take minutes. Read once, they take about a second.
    count = 30_000
    attributes = "\n   ".join(f'bad{i}="a b=c"' for i in range(count))
    text = tei(f"<p {attributes}>x</p>")
    document = tmp_path / "doc.xml"
    document.write_text(text, encoding="utf-8")
    run = validate("--no-rules", document)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == count
    # Each attribute is found on its own line of the start tag, where it is written (the
    # value's `b=c` is never taken for an attribute).
    for i in (0, 1, count // 2, count - 1):
        line, column = where(text, f'bad{i}="')
        found = next(found for found in lines if f"attribute bad{i} is not" in found)
        assert found.startswith(f"{document}:{line}:{column}: error: "), found


# ---------------------------------------------------------------------- .rnc includes
MAIN_RNC = """\
default namespace = "urn:example:letters"
include "parts/common.rnc" {
  start = element letter { item+, note? }
  note = element note { external "parts/para.rnc" }
}
"""
COMMON_RNC = """\
start = element other { text }
item = element item { attribute n { xsd:integer }, text }
note = element note { text }
"""
LETTERS = {
    "good": '<letter xmlns="urn:example:letters"><item n="1">a</item>'
            '<note><para>p</para></note></letter>',
    "bad-number": '<letter xmlns="urn:example:letters"><item n="one">a</item></letter>',
    "overridden-start": '<other xmlns="urn:example:letters">t</other>',
    "overridden-note": '<letter xmlns="urn:example:letters"><item n="1">a</item>'
                       '<note>text</note></letter>',
    "no-namespace": '<letter xmlns="urn:example:letters"><item xmlns="" n="1">a</item></letter>',
}


def letters_project(root: Path) -> Path:
    """A schema in two syntaxes that includes and overrides another, and refers to a third."""
    (root / "schema" / "parts").mkdir(parents=True)
    (root / "schema" / "main.rnc").write_text(MAIN_RNC)
    (root / "schema" / "parts" / "common.rnc").write_text(COMMON_RNC)
    (root / "schema" / "parts" / "para.rnc").write_text("element para { text }\n")
    (root / "schema" / "main.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:example:letters">'
        '<include href="parts/common.rng"><start><element name="letter"><oneOrMore>'
        '<ref name="item"/></oneOrMore><optional><ref name="note"/></optional></element></start>'
        '<define name="note"><element name="note"><externalRef href="parts/para.rng"/></element>'
        '</define></include></grammar>')
    (root / "schema" / "parts" / "common.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="other">'
        '<text/></element></start><define name="item"><element name="item"><attribute name="n">'
        '<data type="integer" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"/>'
        '</attribute><text/></element></define><define name="note"><element name="note"><text/>'
        '</element></define></grammar>')
    (root / "schema" / "parts" / "para.rng").write_text(
        '<element name="para" xmlns="http://relaxng.org/ns/structure/1.0"><text/></element>')
    for name, text in LETTERS.items():
        (root / f"{name}.xml").write_text(text)
    return root


def test_an_include_is_read_beside_its_schema_with_its_overrides(tmp_path):
    # rnc2rng read includes relative to the current folder and dropped what an include
    # overrides; run from elsewhere, the schema could not be read at all.
    project = letters_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    expected = {"good": 0, "bad-number": 1, "overridden-start": 1, "overridden-note": 1,
                "no-namespace": 1}
    for syntax in ("rnc", "rng"):
        for name, code in expected.items():
            run = validate("--no-rules", "--schema", project / "schema" / f"main.{syntax}",
                           project / f"{name}.xml", cwd=elsewhere)
            assert (syntax, name, run.code) == (syntax, name, code), run.stdout + run.stderr
    run = validate("--no-rules", "--schema", project / "schema" / "main.rnc",
                   project / "bad-number.xml", cwd=elsewhere)
    assert "'one' is not a valid integer" in run.stdout


# What each schema accepts among x, y holding f, and y holding g, in each namespace: as jing
# -c answers (checked on these files). b.rnc declares no namespace, so its names take the one
# its includer gives it; bns.rnc declares its own.
INCLUDERS = {
    'default namespace = "urn:a"\ninclude "b.rnc"\n': {"urn:a x"},
    'namespace p = "urn:p"\ninclude "b.rnc" inherit = p\n': {"urn:p x"},
    'include "bns.rnc"\n': {"urn:b x"},
    'default namespace = "urn:a"\nstart |= element y { foo }\ninclude "b.rnc"\n':
        {"urn:a x", "urn:a y/f"},
    'default namespace = "urn:a"\ninclude "b.rnc" { foo = element g { text } }\n'
    'start |= element y { foo }\n': {"urn:a x", "urn:a y/g"},
}


@pytest.mark.parametrize("main, accepted", INCLUDERS.items())
def test_an_included_rnc_takes_its_includers_namespace_and_overrides(tmp_path, main, accepted):
    (tmp_path / "b.rnc").write_text("start = element x { text }\nfoo = element f { text }\n")
    (tmp_path / "bns.rnc").write_text('default namespace = "urn:b"\n'
                                      "start = element x { text }\nfoo = element f { text }\n")
    (tmp_path / "main.rnc").write_text(main)
    docs = tmp_path / "docs"
    docs.mkdir()
    shown = {}
    for i, ns in enumerate(("", "urn:a", "urn:p", "urn:b")):
        for shape, content in (("x", "t"), ("y/f", "<f>t</f>"), ("y/g", "<g>t</g>")):
            root = shape[0]
            path = docs / f"{i}-{shape.replace('/', '')}.xml"
            path.write_text(f"<{root} xmlns='{ns}'>{content}</{root}>")
            shown[path.name] = f"{ns} {shape}"
    report = validate_paths([docs], schemas=[tmp_path / "main.rnc"], rules=False, jobs=1)
    assert {shown[Path(d.path).name] for d in report.documents if d.valid} == accepted


@pytest.mark.interop
def test_jing_agrees_with_the_verdicts_on_the_included_schemas(tmp_path):
    jing = need_tool("jing")
    project = letters_project(tmp_path)
    for syntax in ("rnc", "rng"):
        schema = project / "schema" / f"main.{syntax}"
        for name in LETTERS:
            ours = validate("--no-rules", "--schema", schema, project / f"{name}.xml").code
            theirs = subprocess.run([jing, *(["-c"] if syntax == "rnc" else []), str(schema),
                                     str(project / f"{name}.xml")], capture_output=True,
                                    timeout=120).returncode
            assert (syntax, name, ours) == (syntax, name, theirs)


@pytest.mark.parametrize("syntax", ["rnc", "rng"])
def test_an_include_from_the_network_is_refused_without_connecting(tmp_path, syntax):
    # rnc2rng fetched it with urllib, and waited forever for a server that never answers.
    with silent_server() as url:
        schema = tmp_path / f"s.{syntax}"
        schema.write_text(schema_including(f"{url}/evil.{syntax}", syntax))
        run = validate("--schema", schema, doc(tmp_path), seconds=10)
        assert run.code == 3
        assert f"refused to read {url}/evil.{syntax}: it is on the network" in run.error_line()


@pytest.mark.parametrize("syntax", ["rnc", "rng"])
def test_an_included_file_that_is_no_schema_is_refused_without_quoting_it(tmp_path, syntax):
    secret = tmp_path / "keys.txt"
    secret.write_text("token = sk-live-4242abcd <key>\n")
    schema = tmp_path / f"s.{syntax}"
    schema.write_text(schema_including("keys.txt", syntax))
    run = validate("--schema", schema, doc(tmp_path))
    assert run.code == 3
    line = run.error_line()
    assert "sk-live" not in line and "token" not in line and "key>" not in line
    assert "keys.txt:1:" in line and f"it is included by {schema}, line" in line


@pytest.mark.parametrize("syntax", ["rnc", "rng"])
def test_schemas_that_include_each_other_are_refused(tmp_path, syntax):
    (tmp_path / f"a.{syntax}").write_text(schema_including(f"b.{syntax}", syntax))
    (tmp_path / f"b.{syntax}").write_text(schema_including(f"a.{syntax}", syntax))
    run = validate("--schema", tmp_path / f"a.{syntax}", doc(tmp_path))
    assert run.code == 3
    assert "(a cycle of includes)" in run.error_line()


def test_includes_nested_hundreds_of_files_deep_are_refused_in_one_line(tmp_path):
    for i in range(300):
        (tmp_path / f"part{i}.rnc").write_text(f'include "part{i + 1}.rnc"\n')
    (tmp_path / "part300.rnc").write_text("start = element a { text }\n")
    run = validate("--schema", tmp_path / "part0.rnc", doc(tmp_path))
    assert run.code == 3
    assert "includes nested more than 100 files deep" in run.error_line()


# ---------------------------------------------------------------------- FIFOs and devices
@pytest.mark.parametrize("syntax", ["rnc", "rng", "xsd"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_an_include_that_is_a_fifo_or_a_device_is_refused_not_waited_for(tmp_path, syntax,
                                                                        special):
    if special == "fifo":
        os.mkfifo(tmp_path / "part")
        special = "part"
    schema = tmp_path / f"s.{syntax}"
    if syntax == "xsd":
        schema.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
                          f'<xs:include schemaLocation="{special}"/>'
                          '<xs:element name="a" type="xs:string"/></xs:schema>')
    else:
        schema.write_text(schema_including(special, syntax))
    run = validate("--schema", schema, doc(tmp_path), seconds=10)
    assert run.code == 3
    line = run.error_line()
    assert "not a regular file" in line or "Failed to parse the XML resource" in line, line


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_trusted_dtd_that_is_a_fifo_or_a_device_is_a_finding_not_a_hang(tmp_path, special):
    if special == "fifo":
        os.mkfifo(tmp_path / "letters.dtd")
        special = "letters.dtd"
    document = tmp_path / "doc.xml"
    document.write_text(f'<!DOCTYPE a SYSTEM "{special}">\n<a>&who;</a>\n')
    run = validate("--trust-dtd", "--no-rules", "--schema", rnc(tmp_path), document,
                   seconds=10)
    assert run.code == 1
    assert "it is a FIFO, socket or device, not a regular file [xml-readable]" in run.stdout


# ---------------------------------------------------------------------- malformed .rnc
@pytest.mark.parametrize("text, where, said", [
    (b"start = element a { text }\x01\n", "1:27", "did not expect the character U+0001"),
    (b"start = element a {\n  text\n", "1:19", "this { is never closed"),
    (b"start = element a { text } \xff\xfe\n", "1:28", "is not UTF-8 text (byte 0xff)"),
    (b'start = element a { "open\n}', "1:21", "a string that is not closed on its line"),
    (b"start = element a { text } }\n", "1:28", "did not expect } here"),
    (b"start = element a { text }\nstart = \n", "3:1", "did not expect the end of the file"),
    (b"start = element a { foo:int }\n", None, "not declared"),
    (b"start = element a { text }\nx = element b { text } |= \n", "2:24",
     "did not expect |= or &= here"),
    (b'default namespace = "urn:a&b"\nstart = element a { text }\n', None,
     'a namespace holds &, < or "'),
])
def test_malformed_compact_syntax_is_one_line_with_its_position(tmp_path, text, where, said):
    schema = tmp_path / "s.rnc"
    schema.write_bytes(text)
    run = validate("--schema", schema, doc(tmp_path))
    assert run.code == 3
    line = run.error_line()
    assert said in line
    if where:
        assert f"{schema}:{where}: " in line


def test_a_schema_with_a_value_longer_than_libxml2s_default_limit_is_read(tmp_path):
    # The cut schema was parsed without libxml2's huge option: exit 70 past 10 MB of text.
    schema = tmp_path / "long.rng"
    value = "x" * 12_000_000
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>'
                      f'<element name="a"><value>{value}</value></element></start></grammar>')
    run = validate("--schema", schema, doc(tmp_path))
    assert run.code == 1 and "[rng-" in run.stdout


# ---------------------------------------------------------------------- nesting
def nested_groups(depth: int) -> str:
    return ('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a">'
            + "<group>" * depth + "<text/>" + "</group>" * depth + "</element></start></grammar>")


@pytest.mark.parametrize("depth", [800, 2000])
def test_a_schema_nested_hundreds_deep_still_gives_its_verdict(tmp_path, depth):
    schema = tmp_path / "deep.rng"
    schema.write_text(nested_groups(depth))
    assert validate("--schema", schema, doc(tmp_path)).code == 0
    bad = tmp_path / "bad.xml"
    bad.write_text("<a><b/></a>")
    run = validate("--schema", schema, bad)
    assert run.code == 1 and "element <b> is not allowed" in run.stdout


def test_a_schema_nested_deeper_than_libxml2_reads_is_refused_in_one_line(tmp_path):
    schema = tmp_path / "deep.rng"
    schema.write_text(nested_groups(3000))
    run = validate("--schema", schema, doc(tmp_path))
    assert run.code == 3
    assert "elements nested more than 2048 deep" in run.error_line()


def test_compact_syntax_nested_too_deep_for_the_converter_is_refused_with_its_place(tmp_path):
    schema = tmp_path / "deep.rnc"
    schema.write_text("start = element a { " + "(" * 1000 + "text" + ")" * 1000 + " }\n")
    run = validate("--schema", schema, doc(tmp_path))
    assert run.code == 3
    assert f"{schema}:1:" in run.error_line() and "nested more than 200 deep" in run.error_line()


def test_a_document_nested_1500_deep_gets_its_finding_with_its_path(tmp_path):
    # Paths of findings were built by recursion: an error 1,500 levels down was exit 70.
    document = tmp_path / "deep.xml"
    document.write_text(tei("<p>" + "<hi>" * 1500 + "<zz/>" + "</hi>" * 1500 + "</p>"))
    run = validate("--no-rules", document)
    assert run.code == 1
    assert "element <zz> is not allowed in <hi> (at /TEI/text/body/p/hi/hi/" in run.stdout


def test_a_chain_of_30000_defines_is_checked_not_a_crash(tmp_path):
    # Each define refers to the next: the walks over the grammar ran out of Python's recursion
    # (exit 70), and libxml2, compiling it on the main thread, out of the C stack (a crash).
    count = 30_000
    defines = "".join(f'<define name="d{i}"><group><ref name="d{i + 1}"/></group></define>'
                      for i in range(count))
    schema = tmp_path / "chain.rng"
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>'
                      '<element name="a"><ref name="d0"/></element></start>' + defines
                      + f'<define name="d{count}"><element name="b"><text/></element></define>'
                      "</grammar>")
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text("<a><b>x</b></a>")
    bad.write_text("<a><c/></a>")
    assert validate("--schema", schema, good).code == 0
    run = validate("--schema", schema, bad)
    assert run.code == 1 and "element <c> is not allowed" in run.stdout
