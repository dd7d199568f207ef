"""Reads a Schematron schema (a .sch file, or the patterns inside a RELAX NG schema) with its includes."""
from __future__ import annotations

# A file that is not ISO Schematron is refused here, never run as a schema without rules: a
# wrong root, Schematron 1.5's namespace, an unknown query binding. sch:include and
# sch:extends[@href] are resolved from local files only, relative to the file that names them;
# each is read like the schema itself (no network, no DTD, internal entities only, bounded).
import copy
import re
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ...common.errors import BadInput
from ...common.safexml import parse_xml
from .model import BINDINGS, OLD_NS, SCH_NS, S, local

_MAX_BYTES = 64 * 1024 * 1024
_MAX_DEPTH = 32  # includes within includes
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def read_schema(path: Path, name: str) -> tuple[etree._Element, str]:
    """The schema's root with its includes resolved, and its XPath version."""
    root = _parse(_read(path, name), name)
    version = check_root(root, name)
    resolve_includes(root, path.parent, name)
    return root, version


def embedded_schema(data: bytes, base: Path | None, name: str) -> etree._Element | None:
    """The Schematron inside a RELAX NG schema (as TEI's carry) as one schema; None if none.

    TEI writes these rules for XSLT 2 (its tools extract them with queryBinding="xslt2"), so
    they run as XPath 2.0, which also reads the XPath 1.0 of other schemas' embedded rules.
    """
    grammar = _parse(data, name)
    patterns = [p for p in grammar.iter(S + "pattern")]
    if not patterns:
        return None
    schema = etree.Element(S + "schema", queryBinding="xslt2")
    for el in grammar.iter(S + "ns", S + "let", S + "diagnostics", S + "properties"):
        if local(el.getparent()) is None:  # at the grammar level, not inside a pattern
            schema.append(_keep_line(el))
    for el in patterns:
        schema.append(_keep_line(el))
    if base is not None:
        resolve_includes(schema, base, name)
    return schema


def check_root(root: etree._Element, name: str) -> str:
    """The XPath version of the schema's query binding; refuses what is not ISO Schematron."""
    if root.tag != S + "schema":
        qname = etree.QName(root)
        if qname.namespace == OLD_NS:
            raise BadInput("Schematron 1.5 (namespace http://www.ascc.net/xml/schematron) is "
                           "not ISO Schematron: convert it to the ISO namespace "
                           f"{SCH_NS} first", file=name)
        found = f"<{qname.localname}>" + (f" in {qname.namespace}" if qname.namespace else "")
        raise BadInput(f"not a Schematron schema: the root element is {found}, not <schema> "
                       f"in {SCH_NS}", file=name, line=root.sourceline)
    binding = (root.get("queryBinding") or "").strip().lower()
    if binding not in BINDINGS:
        known = ", ".join(sorted(b for b in BINDINGS if b))
        raise BadInput(f"unknown queryBinding {root.get('queryBinding')!r}: apostilla runs "
                       f"{known}", file=name, line=root.sourceline)
    return BINDINGS[binding]


def resolve_includes(root: etree._Element, base: Path, name: str, depth: int = 0,
                     chain: tuple = ()) -> None:
    """Replaces sch:include by the element it points to, sch:extends[@href] by its children."""
    for el in list(root.iter(S + "include", S + "extends")):
        if local(el) == "extends" and el.get("href") is None:
            continue  # extends rule="...": an abstract rule of this schema (see expand.py)
        href = (el.get("href") or "").strip()
        target_path, found = _target(href, base, name, el, depth, chain)
        resolve_includes(found, target_path.parent, name, depth + 1,
                         chain + (str(target_path),))
        parent = el.getparent()
        if parent is None:
            raise BadInput("an include cannot be the schema itself", file=name)
        inserted = [found] if local(el) == "include" and local(found) != "schema" \
            else [c for c in found if isinstance(c.tag, str)]
        position = parent.index(el)
        tail = el.tail
        parent.remove(el)
        for offset, node in enumerate(inserted):
            parent.insert(position + offset, _keep_line(node))
        if tail and inserted:
            inserted[-1].tail = (inserted[-1].tail or "") + tail


def _target(href: str, base: Path, name: str, el: etree._Element, depth: int,
            chain: tuple) -> tuple[Path, etree._Element]:
    where = {"file": name, "line": el.sourceline}
    if not href:
        raise BadInput(f"<{local(el)}> without href", **where)
    if depth >= _MAX_DEPTH:
        raise BadInput(f"includes nested more than {_MAX_DEPTH} deep", **where)
    location, _, fragment = href.partition("#")
    if _SCHEME.match(location) and not re.match(r"^[A-Za-z]:[\\/]", location):
        raise BadInput(f"{local(el)} href={href!r}: apostilla reads included schemas from "
                       "local files only, never from the network", **where)
    path = (base / unquote(location)) if location else None
    if path is None:
        raise BadInput(f"{local(el)} href={href!r} names no file", **where)
    if str(path.resolve()) in chain:
        raise BadInput(f"{local(el)} href={href!r} includes itself", **where)
    root = _parse(_read(path, f"{name}: {local(el)} href={href!r}"), str(path))
    if not fragment:
        return path.resolve(), root
    for candidate in root.iter():
        if isinstance(candidate.tag, str) and fragment in (candidate.get("id"),
                                                           candidate.get(XML_ID)):
            return path.resolve(), candidate
    raise BadInput(f"{local(el)} href={href!r}: no element with id {fragment!r} in "
                   f"{location}", **where)


def _read(path: Path, name: str) -> bytes:
    # Regular files only: a FIFO or a device would hang the run or never end.
    try:
        if not path.is_file():
            raise BadInput("no such schema file" if not path.exists()
                           else "not a regular file", file=name)
        if path.stat().st_size > _MAX_BYTES:
            raise BadInput(f"larger than {_MAX_BYTES // (1024 * 1024)} MB", file=name)
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read the schema: {exc.strerror or exc}", file=name) from None


def _parse(data: bytes, name: str) -> etree._Element:
    """Parses with apostilla's hardened rules, and expands the internal entities they allow.

    Without a DTD there are no entities to expand: one parse. With one, parse_xml first
    refuses external and parameter entities and undeclared references; the parse that
    expands the internal ones is bounded by libxml2's amplification limit.
    """
    try:
        root = etree.fromstring(data, _parser())
        if root.getroottree().docinfo.internalDTD is None:
            return root
    except etree.XMLSyntaxError:
        pass  # parse_xml says what is wrong, in apostilla's words
    parse_xml(data, name)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise BadInput(f"the schema is not usable XML: {exc.msg}", file=name,
                       line=line) from None


def _parser() -> etree.XMLParser:
    # huge_tree: schemas nest as deep and hold values as long as the grammar reader allows
    # (2,048 levels); libxml2's entity amplification limit holds either way.
    parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False,
                             huge_tree=True, collect_ids=False)
    parser.resolvers.add(_NothingOutside())
    return parser


class _NothingOutside(etree.Resolver):
    """Hands libxml2 an empty file for any outside DTD or entity it would read."""

    def resolve(self, system_url, public_id, context):  # noqa: ANN001 - lxml's signature
        return self.resolve_string("", context)


def _keep_line(el: etree._Element) -> etree._Element:
    """A copy of `el` (copies keep sourceline in lxml, which the notices need)."""
    return copy.deepcopy(el)
