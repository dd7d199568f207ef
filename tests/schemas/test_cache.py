"""A grammar read once is kept on disk, and a damaged or missing cache only costs time."""
from __future__ import annotations

import os

from apostilla.schemas.cache import load_grammar
from apostilla.schemas.grammar import read_grammar
from apostilla.schemas.prune import pruned_xml
from apostilla.schemas.sources import HERE

PROFILE = (HERE / "profile.rng").read_bytes()
NAMES = {("http://www.tei-c.org/ns/1.0", n) for n in ("TEI", "teiHeader", "fileDesc", "p")}


def test_the_second_read_comes_from_the_cache_and_prunes_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path))
    first = load_grammar(PROFILE)
    (cached,) = tmp_path.glob("*.marshal")
    second = load_grammar(PROFILE)
    fresh = read_grammar(PROFILE)
    assert second.defines == first.defines == fresh.defines
    assert pruned_xml(second, NAMES) == pruned_xml(fresh, NAMES)
    assert cached.exists()


def test_a_damaged_cache_file_is_read_past(tmp_path, monkeypatch):
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path))
    load_grammar(PROFILE)
    (cached,) = tmp_path.glob("*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert load_grammar(PROFILE).defines == read_grammar(PROFILE).defines


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file-in-the-way"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(blocker / "grammars"))
    assert load_grammar(PROFILE).defines == read_grammar(PROFILE).defines


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_grammar(PROFILE)
    assert list(tmp_path.rglob("*")) == []


# ------------------------------------------------------------------ compiled Schematron
SCH = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <let name="least" value="1"/>
  <pattern>
    <rule context="item">
      <assert id="has-text" test="string-length(normalize-space(.)) ge $least">item <value-of
        select="@n"/> is empty</assert>
      <assert id="in-range" test="xs:integer(@n) lt 100"
        xmlns:xs="http://www.w3.org/2001/XMLSchema">item <value-of select="@n"/></assert>
      <report id="odd" test="unknown-function(.)">never run</report>
    </rule>
  </pattern>
</schema>
"""
ITEMS = '<list>\n<item n="1">a</item>\n<item n="2"> </item>\n<item n="300">c</item>\n</list>\n'


def _validate(tmp_path, schema_text=SCH):
    from apostilla.schemas import validate_paths

    (tmp_path / "s.sch").write_text(schema_text, encoding="utf-8")
    (tmp_path / "items.xml").write_text(ITEMS, encoding="utf-8")
    report = validate_paths([tmp_path / "items.xml"], schemas=[tmp_path / "s.sch"], rules=False)
    (document,) = report.documents
    return ([(e.rule, e.line, e.message) for e in document.errors],
            [(s.rule, s.reason) for s in report.skipped])


def test_a_compiled_schematron_schema_is_kept_and_gives_the_same_verdicts(tmp_path, monkeypatch):
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path / "cache"))
    first = _validate(tmp_path)
    assert first[0] == [("has-text", 3, "item 2 is empty"), ("in-range", 4, "item 300")]
    assert [rule for rule, _ in first[1]] == ["odd"]
    (kept,) = (tmp_path / "cache").glob("*.schematron.marshal")
    assert _validate(tmp_path) == first                    # read from what was kept
    kept.write_bytes(b"\x00damaged")
    assert _validate(tmp_path) == first                    # compiled again
    monkeypatch.setenv("APOSTILLA_CACHE_DIR", "")
    assert _validate(tmp_path) == first                    # never kept


def test_an_edited_schematron_schema_is_compiled_again(tmp_path, monkeypatch):
    from apostilla.schemas.parsing import read_document
    from apostilla.schemas.schematron import load_file

    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path / "cache"))
    _validate(tmp_path)
    (tmp_path / "s.sch").write_text(SCH.replace("lt 100", "lt 1000"), encoding="utf-8")
    issues = load_file(tmp_path / "s.sch", "s").check(
        read_document(tmp_path / "items.xml", "items.xml", False))
    assert [(i.rule, i.line) for i in issues] == [("has-text", 3)]
    assert len(list((tmp_path / "cache").glob("*.schematron.marshal"))) == 2


def test_what_is_kept_is_what_runs(tmp_path, monkeypatch):
    # The kept compilation of one schema put in the place of another's is what the other then
    # runs: the key alone tells them apart, and it is made of everything compiling reads.
    from apostilla.schemas.parsing import read_document
    from apostilla.schemas.schematron import load_file

    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "items.xml").write_text(ITEMS, encoding="utf-8")
    items = read_document(tmp_path / "items.xml", "items.xml", False)
    (tmp_path / "a.sch").write_text(SCH, encoding="utf-8")
    load_file(tmp_path / "a.sch", "s")
    (kept_a,) = (tmp_path / "cache").glob("*.schematron.marshal")
    (tmp_path / "a.sch").write_text(SCH.replace("lt 100", "lt 1000"), encoding="utf-8")
    load_file(tmp_path / "a.sch", "s")
    (kept_b,) = set((tmp_path / "cache").glob("*.schematron.marshal")) - {kept_a}
    kept_a.write_bytes(kept_b.read_bytes())
    (tmp_path / "a.sch").write_text(SCH, encoding="utf-8")
    assert [i.rule for i in load_file(tmp_path / "a.sch", "s").check(items)] == ["has-text"]


def test_a_cold_run_of_a_kept_schema_imports_elementpath_only_when_a_rule_needs_it(tmp_path):
    # A fifth of a cold run against tei_all is importing elementpath: a run whose rules all go
    # to lxml (most documents, with the compiled schema kept) does without it.
    import subprocess
    import sys

    (tmp_path / "items.xml").write_text(ITEMS, encoding="utf-8")
    (tmp_path / "words.xml").write_text("<list><word>a</word></list>", encoding="utf-8")
    (tmp_path / "s.sch").write_text("""<schema xmlns="http://purl.oclc.org/dsdl/schematron"
        queryBinding="xslt2" xmlns:xs="http://www.w3.org/2001/XMLSchema"><pattern>
      <rule context="word"><assert test="string-length(.) lt 5">long word</assert></rule>
      <rule context="item"><assert test="xs:integer(@n) lt 100">item</assert></rule>
    </pattern></schema>""", encoding="utf-8")
    script = ("import sys\nfrom apostilla.schemas import validate_paths\n"
              "r = validate_paths([sys.argv[1]], schemas=[sys.argv[2]], rules=False)\n"
              "print(r.valid, 'elementpath' in sys.modules)")

    def cold(document: str) -> str:
        env = {**os.environ, "APOSTILLA_CACHE_DIR": str(tmp_path / "cache")}
        return subprocess.run([sys.executable, "-c", script, str(tmp_path / document),
                               str(tmp_path / "s.sch")], capture_output=True, text=True,
                              env=env, check=True).stdout.split()

    cold("words.xml")                                    # compiles, and keeps, the schema
    assert cold("words.xml") == ["True", "False"]        # lxml alone
    assert cold("items.xml") == ["False", "True"]        # xs:integer(): elementpath's


def test_a_fifo_in_place_of_a_kept_file_is_read_past_not_waited_for(tmp_path, monkeypatch):
    import threading

    from apostilla.schemas.schematron import load_file

    monkeypatch.setenv("APOSTILLA_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "s.sch").write_text(SCH, encoding="utf-8")
    load_grammar(PROFILE)
    load_file(tmp_path / "s.sch", "s")
    for kept in (tmp_path / "cache").glob("*.marshal"):
        kept.unlink()
        os.mkfifo(kept)
    done = []
    worker = threading.Thread(target=lambda: done.append(
        (load_grammar(PROFILE).defines == read_grammar(PROFILE).defines,
         len(load_file(tmp_path / "s.sch", "s").patterns))), daemon=True)
    worker.start()
    worker.join(30)
    assert done == [(True, 1)]
