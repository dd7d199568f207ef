"""Grammars already read, kept on disk under the schema's content hash, for fast cold starts."""
from __future__ import annotations

# Reading tei_all (1.1 MB) into a grammar takes a one-file run most of its time; loading the
# result back takes a few milliseconds. The key is the SHA-256 of the schema's bytes together
# with the code that reads and prunes grammars and the Python version, so a cached grammar is
# always the one this code would read from those bytes. Set APOSTILLA_CACHE_DIR to choose the
# folder, or to an empty value to turn the cache off. Any failure falls back to reading.
import hashlib
import marshal
import os
import sys
from pathlib import Path

from . import productive
from .grammar import Grammar, read_grammar

_HERE = Path(__file__).resolve().parent
_CODE = (_HERE / "grammar.py", _HERE / "productive.py")


def cache_dir() -> Path | None:
    """Where grammars are kept; None when the cache is off."""
    chosen = os.environ.get("APOSTILLA_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "apostilla" / "grammars"


def load_grammar(data: bytes, base_url: str | None = None) -> Grammar:
    """The grammar of a RELAX NG schema's bytes, from the cache when it has it."""
    folder = cache_dir()
    if folder is None:
        return read_grammar(data, base_url)
    digest = hashlib.sha256(data)
    for part in _CODE:
        digest.update(part.read_bytes())
    digest.update(sys.version.encode())
    path = folder / f"{digest.hexdigest()}.marshal"
    try:
        return _from_payload(marshal.loads(read_kept(path)))
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    grammar = read_grammar(data, base_url)
    productive.prepare(grammar)
    store(path, marshal.dumps(_payload(grammar)))
    return grammar


def _payload(grammar: Grammar) -> dict:
    return {"start": grammar.start, "defines": grammar.defines,
            "elements": grammar.element_keys, "attributes": grammar.attribute_keys,
            "by_element": grammar._by_element, "formulas": grammar.cache.get("formulas"),
            "direct": grammar.cache.get("direct")}


def _from_payload(p: dict) -> Grammar:
    grammar = Grammar(p["start"], p["defines"], p["elements"], p["attributes"],
                      p["by_element"])
    for fact in ("formulas", "direct"):
        if p[fact] is not None:
            grammar.cache[fact] = p[fact]
    return grammar


def read_kept(path: Path) -> bytes:
    """A cached item's bytes; OSError when there is none, or something other than a regular
    file stands in its place (a FIFO would hang the read)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    return path.read_bytes()


def store(path: Path, payload: bytes) -> None:
    """Writes a cached item whole or not at all (Schematron's compiled schemas come here too)."""
    import tempfile

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, path)  # readers never see half a file
    except OSError:
        # A read-only home only costs the next run the reading.
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
