"""The TEI vocabulary lives in one module: a maintainer changes a name or a group in one place.

Every source module is read as Python (not run): string constants that spell the TEI namespace
or `tei:` XPath, and literal collections of two or more TEI element names, may only appear in
annotations/tei.py.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apostilla.annotations import tei

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("common", "annotations", "schemas", "exports", "cli")
VOCABULARY = ROOT / "annotations" / "tei.py"


def _known_names() -> set[str]:
    """Every TEI element name that tei.py puts in a group (a frozenset, dict or tuple of names)."""
    names: set[str] = set()
    for key, value in vars(tei).items():
        if key == "POINTERS":
            continue  # attribute names: "source" and "target" are XLIFF's elements too
        if isinstance(value, (frozenset, set, tuple)) and all(isinstance(v, str) for v in value):
            names |= set(value)
        elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
            names |= set(value)
    for entry in tei.ENTITY_TYPES.values():
        names |= set(entry)
    return {n for n in names if n.isidentifier()}


TEI_NAMES = _known_names()


def _modules() -> list[Path]:
    found = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    assert len(found) > 40, "the source tree was not found"
    return [p for p in found if p != VOCABULARY]


def _strings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def _name_groups(tree: ast.AST):
    """Literal sets, lists and tuples (also inside frozenset(...)) of two or more TEI names."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            names = [i for i in items if i in TEI_NAMES]
            if len(set(names)) >= 2 and len(names) == len(items):
                yield node, names


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_vocabulary_knows_the_names_it_is_checked_against():
    assert {"p", "q", "persName", "listPerson", "div", "term", "date"} <= TEI_NAMES


def test_only_the_vocabulary_spells_the_tei_namespace_or_tei_xpath():
    found = []
    for path in _modules():
        for node in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if tei.TEI_NS in node.value or "tei:" in node.value:
                found.append(f"{_where(path, node)}: {node.value[:60]!r}")
    assert found == []


def test_each_group_of_tei_names_is_defined_once_in_the_vocabulary():
    found = []
    for path in _modules():
        for node, names in _name_groups(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{_where(path, node)}: {names}")
    assert found == []


def test_the_check_finds_a_group_spelled_elsewhere(tmp_path):
    # The scan above must be able to fail: a copied group is found.
    tree = ast.parse('BLOCKS = frozenset({"p", "ab", "head"})\nNS = "http://www.tei-c.org/ns/1.0"\n')
    assert [names for _, names in _name_groups(tree)] == [["p", "ab", "head"]]
    assert any(tei.TEI_NS in node.value for node in _strings(tree))


@pytest.mark.parametrize("group", ["BLOCKS", "PARAGRAPHS", "REGISTERS", "PHRASES", "LAYOUT", "STRUCTURE"])
def test_groups_are_names_tei_knows(group):
    assert all(name[:1].isalpha() for name in getattr(tei, group))
