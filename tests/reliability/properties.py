"""The property every annotation sequence must keep, checked on one document; shared with the nightly run.

Each request runs on a real file through `operations.run` (lock, provenance, atomic save). After
every request: a refused one left the file byte-identical; an accepted one changed only what it
reports, and apart from the header's provenance the file equals the same request done in memory.
After the sequence: the text is the original text, ids are unique, pointers resolve, and removing
everything that was added gives back the original (exactly in memory; on the file, everything but
the provenance apostilla records in the header).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from apostilla.annotations import tei
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.operations import perform, run
from apostilla.common.errors import ApostillaError
from lxml import etree

from .docgen import operation
from .helpers import body_text, canonical, safe_parser

POINTERS = ("ref", "who", "target")


def after_header(data: bytes) -> bytes:
    """The file from the end of teiHeader on: provenance never reaches it."""
    return data[data.index(b"</teiHeader>"):]


def header_without_provenance(data: bytes) -> bytes:
    """teiHeader in canonical form, without revisionDesc, the undo log, the respStmt of who acted
    and layout white space."""
    root = etree.fromstring(data, safe_parser())
    header = root.find(tei.tei("teiHeader"))
    actors = header.findall(f".//{tei.tei('respStmt')}[@{tei.XML_ID}]")
    for node in header.findall(tei.tei("revisionDesc")) + header.findall(tei.tei("xenoData")) + actors:
        node.getparent().remove(node)
    for node in header.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return etree.tostring(header, method="c14n")


def check_integrity(data: bytes) -> None:
    """Every xml:id is unique and every local pointer (#id) in ref, who or target resolves."""
    root = etree.fromstring(data, safe_parser())
    ids = [node.get(tei.XML_ID) for node in root.iter() if isinstance(node.tag, str) and node.get(tei.XML_ID)]
    assert len(ids) == len(set(ids)), f"duplicate xml:id: {sorted(i for i in ids if ids.count(i) > 1)}"
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in POINTERS:
            for pointer in (node.get(attribute) or "").split():
                if pointer.startswith("#"):
                    assert pointer[1:] in ids, f"{attribute}={pointer!r} points at nothing"


class Tally:
    """What a run of the property did, for the figures in docs/reliability.md."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def line(self) -> str:
        c = self.counts
        return (f"{c['examples']} documents, {c['requests']} requests: {c['accepted']} accepted "
                f"({c['unchanged']} of them changed nothing), {c['refused']} refused")


def check_sequence(original: bytes, draw, path: Path, tally: Tally, steps: int) -> bytes:
    """Run `steps` random requests on original (saved at path); returns the annotated file."""
    path.write_bytes(original)
    untouched = TeiDocument.from_bytes(original).to_bytes()
    pure = untouched  # the same requests in memory, without provenance
    made: list[str] = []
    tally.counts["examples"] += 1
    for _ in range(steps):
        current = path.read_bytes()
        doc = TeiDocument.from_bytes(current)
        name, params = draw(operation(doc, made))
        tally.counts["requests"] += 1
        try:
            outcome = run(path, name, dict(params))
        except ApostillaError as error:
            assert error.exit_code in (2, 3), f"{name} {params}: exit {error.exit_code}: {error}"
            assert path.read_bytes() == current, f"refused {name} {params} changed the file"
            tally.counts["refused"] += 1
            tally.counts[f"refused {type(error).__name__}"] += 1
            continue
        saved = path.read_bytes()
        tally.counts["accepted"] += 1
        if not outcome.ids:
            assert saved == current, f"{name} {params} added nothing but changed the file"
            tally.counts["unchanged"] += 1
            continue
        made.extend(outcome.ids)
        mirror = TeiDocument.from_bytes(current)
        assert perform(mirror, name, dict(params)).ids == outcome.ids
        assert after_header(saved) == after_header(mirror.to_bytes())
        memory = TeiDocument.from_bytes(pure)
        perform(memory, name, dict(params))
        pure = memory.to_bytes()
        assert body_text(saved) == body_text(original)
    annotated = path.read_bytes()
    assert body_text(annotated) == body_text(original)
    check_integrity(annotated)
    _remove_everything_added(path, made)
    final = path.read_bytes()
    # A file never rewritten keeps its own spelling (e.g. &#xA0;); a rewritten one has lxml's.
    assert after_header(final) == after_header(untouched if made else original)
    assert header_without_provenance(final) == header_without_provenance(original)
    assert _removed_in_memory(pure, made) == untouched
    assert canonical(_removed_in_memory(pure, made)) == canonical(original)
    return annotated


def _still_there(data: bytes, made: list[str]) -> list[str]:
    ids = TeiDocument.from_bytes(data).ids
    seen: set[str] = set()
    out = []
    for ident in reversed(made):  # newest first: a quote goes before its speaker
        if ident in ids and ident not in seen:
            seen.add(ident)
            out.append(ident)
    return out


def _remove_everything_added(path: Path, made: list[str]) -> None:
    for ident in _still_there(path.read_bytes(), made):
        if ident in TeiDocument.load(path).ids:  # a quote took its glosses with it
            run(path, "remove", {"id": ident})


def _removed_in_memory(data: bytes, made: list[str]) -> bytes:
    for ident in _still_there(data, made):
        doc = TeiDocument.from_bytes(data)
        if ident in doc.ids:
            perform(doc, "remove", {"id": ident})
            data = doc.to_bytes()
    return data

