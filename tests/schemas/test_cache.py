"""A grammar read once is kept on disk, and a damaged or missing cache only costs time."""
from __future__ import annotations

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
