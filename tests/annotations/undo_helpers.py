"""What an undo must give back, checked on the bytes: the earlier file plus one recorded change."""
from __future__ import annotations

import re

from apostilla.annotations.history import history


def without_last_record(data: bytes, ident: str, earlier: bytes, encoding: str = "utf-8") -> bytes:
    """data without the <change> ident, its undo step, and what was made only to hold them (an
    empty revisionDesc or undo log, the respStmt of who acted if earlier had none): each went in
    with the white space in front of it, so each comes out with it."""
    text = data.decode(encoding)
    prefix = r"((?:\w+:)?)"
    who = re.search(rf'<{prefix}change xml:id="{ident}"[^>]* who="#([^"]+)"', text).group(2)
    if f'xml:id="{who}"' not in earlier.decode(encoding):
        text, found = re.subn(rf'\s*<{prefix}respStmt xml:id="{who}">.*?</\1respStmt>', "", text, count=1)
        assert found == 1, f"no respStmt {who}"
    text, found = re.subn(rf'\s*<{prefix}change xml:id="{ident}"[^>]*>[^<]*</\1change>', "", text)
    assert found == 1, f"no change {ident}"
    text, found = re.subn(rf'\s*<undo:step change="#{ident}"[^>]*>[^<]*</undo:step>', "", text)
    assert found == 1, f"no undo step for {ident}"
    text = re.sub(rf'\s*<{prefix}xenoData>\s*<undo:log xmlns:undo="urn:apostilla:undo">\s*</undo:log>\s*</\1xenoData>',
                  "", text)
    text = re.sub(rf"\s*<{prefix}revisionDesc>\s*</\1revisionDesc>", "", text)
    return text.encode(encoding)


def assert_plus_one_change(earlier: bytes, now: bytes, path, *, encoding: str = "utf-8") -> None:
    """now is earlier, byte for byte, plus the record of one undo (or redo)."""
    last = history(path)[-1]
    assert last.kind in ("undo", "redo"), last
    assert without_last_record(now, last.id, earlier, encoding) == earlier
