"""Loading refuses hostile XML; saving keeps what apostilla does not touch; writers take turns."""
from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

import pytest

from apostilla.annotations.document import TeiDocument
from apostilla.common.errors import Locked
from apostilla.annotations.operations import run

from conftest import run_cli

TEI = "http://www.tei-c.org/ns/1.0"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def minimal(body: str, *, prefix: str = "", decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{TEI}"'
    return (f'{decl}<{p}TEI {ns}><{p}teiHeader><{p}fileDesc><{p}titleStmt><{p}title>T</{p}title></{p}titleStmt>'
            f'<{p}publicationStmt><{p}p>x</{p}p></{p}publicationStmt><{p}sourceDesc><{p}p>x</{p}p></{p}sourceDesc>'
            f'</{p}fileDesc></{p}teiHeader><{p}text><{p}body>{body}</{p}body></{p}text></{p}TEI>\n')


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_external_entity_is_refused_and_the_secret_never_appears(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    doc = write(tmp_path, "x.xml", f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY s SYSTEM "file://{secret}">]>\n'
                + minimal("<p>&s;</p>", decl=""))
    before = sha(doc)
    result = run_cli("entity", "add", str(doc), "x", "--type", "person", "--name", "X")
    assert result.exit_code == 3
    assert "external entity" in result.stderr
    assert "TOP-SECRET-VALUE" not in result.stdout + result.stderr
    assert sha(doc) == before


def test_entity_expansion_bomb_is_refused_fast(tmp_path):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    doc = write(tmp_path, "bomb.xml", f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{entities}]>\n' + minimal("<p>&j;</p>", decl=""))
    result = run_cli("list", str(doc), "entities")
    assert result.exit_code == 3
    assert "bomb" in result.stderr or "amplification" in result.stderr


def test_ten_thousand_deep_nesting_is_one_clear_error(tmp_path):
    doc = write(tmp_path, "deep.xml", minimal("<p>" + "<hi>" * 10000 + "x" + "</hi>" * 10000 + "</p>"))
    result = run_cli("status", str(doc))
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "deep.xml:2:" in result.stderr
    assert "nested more than" in result.stderr


def test_not_tei_and_tei_without_text(tmp_path):
    html = write(tmp_path, "page.xml", "<html><body/></html>")
    assert "root element is <html>" in run_cli("status", str(html)).stderr
    no_text = write(tmp_path, "notext.xml", minimal("").replace("<text><body></body></text>", ""))
    result = run_cli("status", str(no_text))
    assert result.exit_code == 3 and "no <text>" in result.stderr


def test_not_well_formed_points_at_line_and_column(tmp_path):
    doc = write(tmp_path, "bad.xml", minimal("<p>one</p>\n<p>two</q>"))
    result = run_cli("status", str(doc))
    assert result.exit_code == 3
    assert f"{doc}:3:11:" in result.stderr and "not well-formed" in result.stderr


def test_comments_pis_declaration_and_foreign_namespaces_survive_a_change(tmp_path):
    text = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- kept before -->\n'
            '<?xml-model href="tei.rng"?>\n'
            + minimal('<p>Quito <!-- note to self --><?render x?>hoy <my:x xmlns:my="urn:mine" my:a="1">z</my:x></p>',
                      decl="").rstrip("\n") + "\n<!-- kept after -->\n")
    doc = write(tmp_path, "keep.xml", text)
    run(doc, "entity.add", {"id": "quito", "type": "place", "name": "Quito"})
    run(doc, "entity.tag", {"ids": ["quito"]})
    saved = doc.read_text(encoding="utf-8")
    assert saved.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- kept before -->\n'
                            '<?xml-model href="tei.rng"?>\n<TEI')
    assert "<!-- note to self --><?render x?>hoy" in saved
    assert '<my:x xmlns:my="urn:mine" my:a="1">z</my:x>' in saved
    assert '<placeName xml:id="quito-m1" ref="#quito">Quito</placeName>' in saved
    assert saved.endswith("</TEI>\n<!-- kept after -->\n")


def test_prefixed_tei_keeps_its_prefix(tmp_path):
    doc = write(tmp_path, "ns0.xml", minimal("<ns0:p>Quito hoy</ns0:p>", prefix="ns0"))
    run(doc, "entity.add", {"id": "quito", "type": "place", "name": "Quito"})
    run(doc, "entity.tag", {"ids": ["quito"]})
    saved = doc.read_text(encoding="utf-8")
    assert "<ns0:placeName" in saved and "<ns0:standOff>" in saved
    assert 'xmlns="' not in saved


def test_a_change_then_its_removal_gives_back_the_same_body(tmp_path):
    original = minimal("<p>Quito <hi>hoy</hi> y Lima</p>")
    doc = write(tmp_path, "rt.xml", original)
    loaded = TeiDocument.load(doc)
    from apostilla.annotations.operations import perform
    perform(loaded, "entity.add", {"id": "lima", "type": "place", "name": "Lima"})
    ids = perform(loaded, "entity.tag", {"ids": ["lima"]}).ids
    perform(loaded, "remove", {"id": ids[0]})
    perform(loaded, "remove", {"id": "lima"})
    assert loaded.to_bytes().decode("utf-8") == original


def test_save_keeps_the_file_mode_and_leaves_no_temp_files(tmp_path):
    doc = write(tmp_path, "m.xml", minimal("<p>Quito</p>"))
    os.chmod(doc, 0o640)
    run(doc, "entity.add", {"id": "quito", "type": "place", "name": "Quito"})
    assert (doc.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xml"]


def test_a_second_writer_fails_with_exit_4_while_the_first_holds_the_lock(tmp_path):
    doc = write(tmp_path, "l.xml", minimal("<p>Quito</p>"))
    before = sha(doc)
    with open(doc, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run_cli("entity", "add", str(doc), "quito", "--type", "place", "--name", "Quito")
        with pytest.raises(Locked):
            run(doc, "entity.add", {"id": "quito", "type": "place", "name": "Quito"})
    assert result.exit_code == 4 and "another apostilla process" in result.stderr
    assert sha(doc) == before


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path):
    doc = write(tmp_path, "d.xml", minimal("<p>Quito</p>"))
    before = sha(doc)
    result = run_cli("entity", "add", str(doc), "quito", "--type", "place", "--name", "Quito", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/d.xml\n+++ b/d.xml\n")
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any('<place xml:id="quito"><placeName>Quito</placeName></place>' in line for line in added)
    assert sha(doc) == before


def test_writing_through_a_symlink_is_refused(tmp_path):
    target = write(tmp_path, "real.xml", minimal("<p>Quito</p>"))
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    before = sha(target)
    result = run_cli("entity", "add", str(link), "quito", "--type", "place", "--name", "Quito")
    assert result.exit_code == 4 and "symbolic link" in result.stderr
    assert sha(target) == before


def test_a_huge_but_honest_file_loads(tmp_path):
    # One text node over libxml2's default 10 MB limit: the hardened parser still reads it.
    big = "Quito " * 2_000_000
    doc = write(tmp_path, "big.xml", minimal(f"<p>{big}</p><p>Lima</p>"))
    loaded = TeiDocument.load(doc)
    assert len(loaded.view.text) == len(big) + 4
    from apostilla.annotations.operations import perform
    perform(loaded, "entity.add", {"id": "lima", "type": "place", "name": "Lima"})
    assert perform(loaded, "entity.tag", {"ids": ["lima"]}).ids == ["lima-m1"]


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    doc = write(tmp_path, "limit.xml", minimal("<p>Quito</p>"))
    monkeypatch.setenv("APOSTILLA_MAX_BYTES", "100")
    result = run_cli("status", str(doc))
    assert result.exit_code == 3 and "over the limit" in result.stderr
