"""What the XLIFF tests share: the annotated seed article, the OASIS schemas, the command line."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from apostilla.annotations.apply import apply as apply_batch
from apostilla.annotations.document import TeiDocument
from apostilla.annotations.newdoc import new_document
from apostilla.annotations.query import gloss_rows
from apostilla.cli.main import app

try:
    from conftest import need_shared
except ImportError:  # tests/ became a package
    from tests.conftest import need_shared

HERE = Path(__file__).resolve().parent
TEI = "{http://www.tei-c.org/ns/1.0}"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
NS = {"x": X12, "x2": X2}


def annotated_seed(folder: Path) -> Path:
    """The seed article with quotes, the names inside them, a term, and glosses at every status."""
    doc = folder / "article.xml"
    new_document(need_shared("seed", "source-article.txt"), doc, title="US-Colombia tensions", lang="en",
                 by="Test Runner")
    apply_batch(doc, HERE / "seed-annotations.jsonl", by="Test Runner")
    return doc


def cli(*args: object):
    """Run `apostilla ARGS` in this process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, [str(a) for a in args])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def glosses(doc: Path) -> dict[tuple[str, str], dict]:
    """The document's glosses by (target, language)."""
    return {(g["target"], g["lang"]): g for g in gloss_rows(TeiDocument.load(doc))}


def body(doc: Path) -> bytes:
    """The `<text>` element as bytes: what an import must never change."""
    return etree.tostring(etree.parse(str(doc)).find(f"{TEI}text"))


class _LocalXmlXsd(etree.Resolver):
    """The XLIFF schemas import W3C's xml.xsd by URL: serve the local copy, never the network."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("/xml.xsd"):
            return self.resolve_filename(str(need_shared("xliff", "w3c", "xml.xsd")), context)
        return None


@lru_cache(maxsize=None)
def _schema(version: str) -> etree.XMLSchema:
    path = {"1.2": ("xliff", "xliff-1.2", "xliff-core-1.2-strict.xsd"),
            "2.1": ("xliff", "xliff-2.1", "xliff_core_2.0.xsd")}[version]
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(need_shared(*path)), parser))


def schema_errors(path: Path, version: str) -> list[str]:
    """Messages of the OASIS schema for this version (1.2 strict, 2.1 core); empty when valid."""
    schema = _schema(version)
    schema.validate(etree.parse(str(path)))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def units(path: Path) -> dict[str, etree._Element]:
    """The units of an XLIFF file by id, in a tree that stays editable (call save())."""
    tree = etree.parse(str(path))
    found = tree.xpath("//x:trans-unit | //x2:unit", namespaces=NS)
    return {u.get("id"): u for u in found}


def save(element: etree._Element, path: Path) -> None:
    element.getroottree().write(str(path), encoding="UTF-8", xml_declaration=True)


def text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def fill(unit: etree._Element, fragment: str, **attributes: str) -> etree._Element:
    """Give a unit the target `fragment` (text with inline tags, in the unit's namespace)."""
    ns = etree.QName(unit).namespace
    holder = unit if ns == X12 else unit.find(f"{{{X2}}}segment")
    old = holder.find(f"{{{ns}}}target")
    if old is not None:
        holder.remove(old)
    target = etree.fromstring(f'<target xmlns="{ns}">{fragment}</target>')
    for name, value in attributes.items():
        target.set(name.replace("_", "-"), value)
    source = holder.find(f"{{{ns}}}source")
    target.tail = source.tail
    source.addnext(target)
    return target
