"""Hostile and broken XML: one clear line, the contract's exit code, bounded time and memory.

Each story hands apostilla a file an attacker or an accident could produce and checks that the
command fails (or works) the way docs/reliability.md promises, in a separate process, measured.
"""
from __future__ import annotations

import os
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest
from apostilla.annotations.operations import run

from .helpers import DECLARATION, apostilla, body_text, fingerprint, tei_text, write_tei

# Every refusal below must come back within this time and this peak memory (a start-up of
# apostilla alone takes about 0.3 s and 45 MB).
SECONDS = 10
MEGABYTES = 150
ADD = ("entity", "add")


def add_entity(doc: Path, *extra: str):
    return apostilla(*ADD, doc, "e1", "--type", "person", "--name", "Ana", *extra, timeout=SECONDS * 3)


def refused(doc: Path, code: int = 3) -> str:
    """Run a change on doc that must be refused; the file stays byte-identical. The error line."""
    before = fingerprint(doc)
    run = add_entity(doc)
    assert run.code == code, run.stderr
    line = run.error_line()
    assert run.stdout == ""
    assert run.seconds < SECONDS and run.peak_mb < MEGABYTES, (run.seconds, run.peak_mb)
    assert fingerprint(doc) == before
    return line


@contextmanager
def listening():
    """A local TCP port that records whether anyone connected: proof that nothing was fetched."""
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


def doctype(subset: str) -> str:
    return f'{DECLARATION}<!DOCTYPE TEI [\n{subset}\n]>\n'


# ----------------------------------------------------------------------------- entities


def test_an_external_file_entity_is_refused_and_its_content_never_shows(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = write_tei(tmp_path, "<p>&s;</p>", prolog=doctype(f'<!ENTITY s SYSTEM "file://{secret}">'))
    line = refused(doc)
    assert "external entity 's'" in line
    assert "TOP-SECRET-VALUE" not in line


def test_an_external_http_entity_is_refused_without_any_connection(tmp_path):
    with listening() as url:
        doc = write_tei(tmp_path, "<p>&s;</p>", prolog=doctype(f'<!ENTITY s SYSTEM "{url}/s.txt">'))
        assert "external entity 's'" in refused(doc)


def test_a_parameter_entity_is_refused_without_fetching_it(tmp_path):
    with listening() as url:
        doc = write_tei(tmp_path, "<p>x</p>", prolog=doctype(f'<!ENTITY % p SYSTEM "{url}/p.dtd">\n%p;'))
        line = refused(doc)
    assert "refused:" in line and ("parameter entity" in line or "external entity 'p'" in line)


def test_an_internal_parameter_entity_is_refused(tmp_path):
    doc = write_tei(tmp_path, "<p>&a;</p>", prolog=doctype("<!ENTITY % p \"<!ENTITY a 'b'>\">\n%p;"))
    assert "parameter entity" in refused(doc)


def test_a_parameter_entity_in_utf16_is_refused_too(tmp_path):
    doc = tmp_path / "utf16.xml"
    doc.write_bytes(tei_text("<p>&a;</p>", prolog=doctype("<!ENTITY % p \"<!ENTITY a 'b'>\">\n%p;")
                             .replace("UTF-8", "UTF-16")).encode("utf-16"))
    assert "parameter entity" in refused(doc)


def test_billion_laughs_is_refused_fast(tmp_path):
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    doc = write_tei(tmp_path, "<p>&l9;</p>", prolog=doctype("\n".join(levels)))
    assert "entity expansion bomb" in refused(doc)


def test_quadratic_blowup_is_refused_fast(tmp_path):
    doc = write_tei(tmp_path, "<p>" + "&a;" * 50_000 + "</p>", prolog=doctype(f'<!ENTITY a "{"x" * 50_000}">'))
    assert "entity expansion bomb" in refused(doc)


def test_an_entity_from_an_unread_dtd_is_named(tmp_path):
    doc = write_tei(tmp_path, "<p>caf&eacute;</p>",
                    prolog=f'{DECLARATION}<!DOCTYPE TEI SYSTEM "tei_all.dtd">\n')
    assert "uses the entity &eacute; from an external DTD" in refused(doc)


# ----------------------------------------------------------------------------- DTDs and XInclude


def test_an_external_dtd_subset_is_kept_and_never_fetched(tmp_path):
    with listening() as url:
        prolog = f'{DECLARATION}<!DOCTYPE TEI PUBLIC "-//TEI P5//DTD Main Document Type//EN" "{url}/tei.dtd">\n'
        doc = write_tei(tmp_path, "<p>Ana went home.</p>", prolog=prolog)
        run = add_entity(doc)
        assert run.code == 0, run.stderr
        tagged = apostilla("entity", "tag", doc, "e1")
    assert tagged.code == 0, tagged.stderr
    assert doc.read_bytes().startswith(prolog.encode())


def test_an_external_dtd_subset_that_never_ends_is_not_read(tmp_path):
    # A FIFO nobody writes to: reading it would block forever.
    fifo = tmp_path / "tei.dtd"
    os.mkfifo(fifo)
    doc = write_tei(tmp_path, "<p>Ana went home.</p>", prolog=f'{DECLARATION}<!DOCTYPE TEI SYSTEM "{fifo}">\n')
    run = add_entity(doc)
    assert run.code == 0, run.stderr
    assert run.seconds < SECONDS


def test_xinclude_is_kept_as_markup_and_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>'
    doc = write_tei(tmp_path, f"<p>Ana wrote: {include}</p>")
    assert add_entity(doc).code == 0
    run = apostilla("entity", "tag", doc, "e1")
    assert run.code == 0, run.stderr
    data = doc.read_text(encoding="utf-8")
    assert include in data and "TOP-SECRET-VALUE" not in data
    assert "TOP-SECRET-VALUE" not in apostilla("list", doc, "mentions", "--format", "json").stdout


# ----------------------------------------------------------------------------- size and shape


def test_a_hundred_thousand_levels_deep_is_one_clear_error(tmp_path):
    doc = write_tei(tmp_path, "<p>" + "<hi>" * 100_000 + "x" + "</hi>" * 100_000 + "</p>")
    assert "nested more than 2048 deep" in refused(doc)


def test_two_thousand_levels_deep_still_works(tmp_path):
    doc = write_tei(tmp_path, "<p>" + "<hi>" * 2000 + "Ana" + "</hi>" * 2000 + "</p>")
    assert add_entity(doc).code == 0
    run = apostilla("entity", "tag", doc, "e1")
    assert run.code == 0, run.stderr
    assert "Ana" in body_text(doc.read_bytes())


def test_a_one_gigabyte_file_is_refused_before_it_is_read(tmp_path):
    doc = write_tei(tmp_path, "<p>")
    with doc.open("r+b") as out:  # a sparse gigabyte: no disk is used
        out.truncate(1 << 30)
    line = refused(doc)
    assert "over the limit of 536,870,912" in line and "APOSTILLA_MAX_BYTES" in line


@pytest.mark.parametrize("text", ["Latin", "emoji", "decomposed"])
def test_a_large_text_node_stays_within_the_stated_memory(tmp_path, text):
    # docs/reliability.md: peak memory is at most 16 times the file size plus 64 MB. One character
    # outside the BMP makes Python store the whole text 4 bytes a character (the worst case);
    # decomposed accents make --match search an NFC copy.
    size_mb = 8
    start = {"Latin": "Ana ", "emoji": "Ana 😀 ", "decomposed": "Ana cafe\u0301 "}[text]
    doc = write_tei(tmp_path, f"<p>{start}" + "a" * (size_mb << 20) + "</p>")
    assert add_entity(doc).code == 0
    run = apostilla("entity", "tag", doc, "e1")
    assert run.code == 0, run.stderr
    assert run.peak_mb < 16 * size_mb + 64, run.peak_mb


# ----------------------------------------------------------------------------- bytes


def test_invalid_utf8_is_located(tmp_path):
    doc = tmp_path / "latin1.xml"
    doc.write_bytes(tei_text("<p>café</p>").encode("latin-1"))
    line = refused(doc)
    assert f"{doc}:2:" in line and "not well-formed XML" in line


def test_a_nul_byte_is_located(tmp_path):
    doc = write_tei(tmp_path, "<p>a\x00b</p>")
    line = refused(doc)
    assert f"{doc}:2:" in line and "0x0" in line


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""),
                                        ("utf-16-be", b"\xfe\xff"), ("utf-16-be", b"")])
def test_utf16_is_read_and_written_back_in_the_same_bytes(tmp_path, codec, bom):
    doc = tmp_path / "utf16.xml"
    original = bom + tei_text("<p>Ana bebió café.</p>",
                              prolog='<?xml version="1.0" encoding="UTF-16"?>\n').encode(codec)
    doc.write_bytes(original)
    run(doc, "entity.add", {"id": "e1", "type": "person", "name": "Ana"})
    run(doc, "entity.tag", {"id": "e1"})
    data = doc.read_bytes()
    assert data.startswith(bom + '<?xml version="1.0" encoding="UTF-16"?>'.encode(codec))
    assert '<persName xml:id="e1-m1" ref="#e1">Ana</persName> bebió café.' in data[len(bom):].decode(codec)
    run(doc, "remove", {"id": "e1"})
    header_end = "</teiHeader>".encode(codec)  # the header now records the three changes
    data = doc.read_bytes()
    assert data[data.index(header_end):] == original[original.index(header_end):]
    assert data[:30] == original[:30]


# ----------------------------------------------------------------------------- not what we expect


def test_a_file_that_is_not_xml(tmp_path):
    doc = tmp_path / "notes.xml"
    doc.write_text("Meeting notes, not XML at all.\n")
    assert "not well-formed XML" in refused(doc)


def test_an_empty_file(tmp_path):
    doc = tmp_path / "empty.xml"
    doc.write_bytes(b"")
    assert "is empty" in refused(doc)


def test_xml_that_is_not_tei(tmp_path):
    doc = tmp_path / "page.xml"
    doc.write_text('<?xml version="1.0"?>\n<html><body><p>Ana</p></body></html>\n')
    assert "not a TEI document: the root element is <html>" in refused(doc)


def test_tei_without_the_namespace(tmp_path):
    doc = tmp_path / "old.xml"
    doc.write_text(tei_text("<p>Ana</p>").replace(' xmlns="http://www.tei-c.org/ns/1.0"', ""))
    assert "needs the namespace http://www.tei-c.org/ns/1.0" in refused(doc)


def test_tei_without_text(tmp_path):
    doc = tmp_path / "header-only.xml"
    doc.write_text(tei_text("").replace('<text xml:lang="en"><body></body></text>', ""))
    assert "has no <text> element" in refused(doc)
