"""Hardened XML reading, and saving that keeps the bytes around the root element as they were."""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if "lxml.etree" not in sys.modules and "rnc2rng" not in sys.modules:
    # lxml imports rnc2rng, when it is installed, as it starts, for a feature apostilla does not
    # use (.rnc schemas go through schemas/compact.py); that import costs 0.1 s, more than most
    # commands' work, so lxml is started without it. rnc2rng stays importable afterwards.
    sys.modules["rnc2rng"] = None  # type: ignore[assignment]
    try:
        import lxml.etree  # noqa: F401
    finally:
        del sys.modules["rnc2rng"]

from lxml import etree

from .errors import BadInput, HostileXml


class _NothingOutside(etree.Resolver):
    """Answers every request for an outside file (DTD, entity) with an empty one."""

    def resolve(self, system_url, public_id, context):  # noqa: ANN001 - lxml's signature
        return self.resolve_string("", context)


def make_parser(*, expand_entities: bool = False) -> etree.XMLParser:
    """A parser that never loads a DTD and never touches the network; it expands no entity, unless
    asked to for a document whose entities are all declared in its own internal subset."""
    parser = etree.XMLParser(
        resolve_entities=expand_entities, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=True, collect_ids=False, remove_comments=False, remove_pis=False,
        remove_blank_text=False, strip_cdata=False,
    )
    # collect_ids=False makes libxml2 load the external DTD subset and external parameter
    # entities despite load_dtd=False: a FIFO or /dev/zero there hangs the parse, and any
    # local file is read. The resolver hands libxml2 an empty file instead.
    parser.resolvers.add(_NothingOutside())
    return parser


@dataclass
class ParsedXml:
    """A parsed file with the raw text around its root element, kept for faithful saving."""

    tree: etree._ElementTree
    prolog: bytes      # declaration, doctype, comments and PIs before the root, verbatim
    epilogue: bytes    # whatever follows the root's end tag, verbatim when we can
    encoding: str
    faithful: bool     # prolog and epilogue were found in the raw bytes
    codec: str | None = None  # the byte order of a UTF-16 file, kept with or without its BOM
    newline: str = "\n"       # the file's line end, "\r\n" or "\r" too (XML parsers read them as LF)
    expanded: dict[str, int] = field(default_factory=dict)  # internal entities replaced by their text


def parse_xml(data: bytes, name: str | Path) -> ParsedXml:
    """Parse bytes with the hardened parser; refuse hostile constructs with a located error."""
    if not data.strip():
        raise BadInput("is empty", file=name)
    try:
        root = etree.fromstring(data, make_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        message = _describe_syntax_error(exc)
        if "amplification" in message or "entity" in message.lower() and "loop" in message.lower():
            raise HostileXml(f"refused: entity expansion bomb ({message})", file=name, line=line, column=col) from None
        raise BadInput(f"not well-formed XML: {message}", file=name, line=line, column=col) from None
    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "UTF-8"
    split = _split_around_root(data, encoding, tree)
    codec = _utf16_codec(data, encoding)
    references = list(root.iter(etree.Entity))   # one pass over the tree, for both uses
    head = split[0] if split and not codec else _decoded_head(data, encoding)
    _refuse_hostile_dtd(tree, head, references, name)
    expanded = Counter(node.name for node in references)
    if expanded:
        # Internal entities only (the others were refused above), expanded by libxml2 within its
        # amplification limit: every reader then sees their text, which is never dropped.
        root = etree.fromstring(data, make_parser(expand_entities=True))
        tree = root.getroottree()
    if split is None:
        return ParsedXml(tree=tree, prolog=b"", epilogue=b"", encoding=encoding, faithful=False,
                         expanded=dict(expanded))
    return ParsedXml(tree=tree, prolog=split[0], epilogue=split[1], encoding=encoding, faithful=True,
                     codec=codec, newline=_line_end(data, codec), expanded=dict(expanded))


def _line_end(data: bytes, codec: str | None) -> str:
    """CR LF when every line ends so, CR when no line ends in LF (classic Mac files), else LF."""
    lf, cr, crlf = ("\n".encode(codec or "ascii"), "\r".encode(codec or "ascii"),
                    "\r\n".encode(codec or "ascii"))
    if cr not in data:
        return "\n"   # the rule below gives LF too; one search instead of counting every line end
    if lf in data and data.count(crlf) == data.count(lf):
        return "\r\n"
    if lf not in data and cr in data:
        return "\r"
    return "\n"


def _describe_syntax_error(exc: etree.XMLSyntaxError) -> str:
    text = exc.msg or str(exc)
    # libxml2 appends its own ", line N, column M"; we report position separately.
    text = re.sub(r",? line \d+, column \d+.*$", "", text).strip()
    depth = re.match(r"Excessive depth in document: (\d+)", text)
    if depth:
        return f"elements nested more than {depth.group(1)} deep (the most apostilla reads)"
    return text


def _decoded_head(data: bytes, encoding: str) -> bytes:
    """The start of a file in another encoding (UTF-16...) as UTF-8, to look for declarations."""
    try:
        return data[:1 << 22].decode(encoding, errors="ignore").encode("utf-8")
    except LookupError:
        return data[:1 << 22]


def _refuse_hostile_dtd(tree: etree._ElementTree, prolog: bytes, references: list[etree._Entity],
                        name: str | Path) -> None:
    # Parameter entities only serve to build DTDs out of other files (or tricks): refuse them all.
    if re.search(rb"<!ENTITY\s+%", prolog):
        raise HostileXml("refused: parameter entity in the DTD", file=name)
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            if entity.system_url is not None:
                raise HostileXml(f"refused: external entity '{entity.name}' ({entity.system_url}); "
                                 "apostilla never loads external entities", file=name)
    declared = {e.name for e in dtd.iterentities()} if dtd is not None else set()
    for node in references:
        entity_name = node.name
        if entity_name not in declared:
            raise HostileXml(f"uses the entity &{entity_name}; from an external DTD, which apostilla "
                             "does not load (validate --trust-dtd can read a local one)",
                             file=name, line=node.sourceline)


_DECL = re.compile(rb"\s*<\?xml[^>]*\?>")


def _split_around_root(data: bytes, encoding: str, tree: etree._ElementTree) -> tuple[bytes, bytes] | None:
    """The raw bytes before and after the root element (ASCII-compatible encodings and UTF-16)."""
    codec = _utf16_codec(data, encoding)
    if codec is not None:
        return _split_utf16(data, codec, tree)
    if not _ascii_compatible(encoding) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return _split_ascii(data, tree)


def _utf16_codec(data: bytes, encoding: str) -> str | None:
    """'utf-16-le' or 'utf-16-be' for a UTF-16 file, from its BOM or its first character."""
    if not encoding.lower().replace("_", "-").startswith("utf-16"):
        return None
    head = data[2:] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data
    if data.startswith(b"\xff\xfe") or head.startswith(b"<\x00"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff") or head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


def _split_utf16(data: bytes, codec: str, tree: etree._ElementTree) -> tuple[bytes, bytes] | None:
    # Find the root in a UTF-8 copy, then give back the original bytes on either side of it.
    bom = data[:2] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else b""
    try:
        split = _split_ascii(data[len(bom):].decode(codec).encode("utf-8"), tree)
    except UnicodeError:
        return None
    if split is None:
        return None
    return bom + split[0].decode("utf-8").encode(codec), split[1].decode("utf-8").encode(codec)


def _split_ascii(data: bytes, tree: etree._ElementTree) -> tuple[bytes, bytes] | None:
    start = _root_start(data)
    if start is None:
        return None
    root = tree.getroot()
    if root.getnext() is None:
        end = len(data.rstrip()) if data.rstrip().endswith(b">") else len(data)
        return data[:start], data[end:]
    return data[:start], b""


def _ascii_compatible(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1",
                                                  "latin-1", "latin1", "iso-8859-15", "windows-1252"}


def _root_start(data: bytes) -> int | None:
    """Offset of the root's start tag, skipping the declaration, comments, PIs and the doctype."""
    i, n = 0, len(data)
    if data.startswith(b"\xef\xbb\xbf"):
        i = 3
    while i < n:
        while i < n and data[i:i + 1].isspace():
            i += 1
        if data.startswith(b"<?", i):
            j = data.find(b"?>", i)
            i = -1 if j < 0 else j + 2
        elif data.startswith(b"<!--", i):
            j = data.find(b"-->", i)
            i = -1 if j < 0 else j + 3
        elif data.startswith(b"<!DOCTYPE", i):
            i = _skip_doctype(data, i)
        elif data.startswith(b"<", i):
            return i
        else:
            return None
        if i < 0:
            return None
    return None


def _skip_doctype(data: bytes, i: int) -> int:
    depth, quote = 0, None
    for j in range(i + 2, len(data)):
        c = data[j:j + 1]
        if quote:
            if c == quote:
                quote = None
        elif c in (b'"', b"'"):
            quote = c
        elif c == b"[":
            depth += 1
        elif c == b"]":
            depth -= 1
        elif c == b">" and depth == 0:
            return j + 1
    return -1


def serialize(parsed: ParsedXml) -> bytes:
    """The document as bytes: the untouched prolog and epilogue around the re-serialized root."""
    tree = parsed.tree
    if not parsed.faithful:
        return etree.tostring(tree, encoding=parsed.encoding, xml_declaration=True)
    root = tree.getroot()
    body = _tostring(root, parsed)
    tail = parsed.epilogue
    if root.getnext() is not None:
        newline = parsed.newline.encode(parsed.codec or "ascii")
        tail = b"".join(newline + _tostring(sib, parsed) for sib in _following_siblings(root)) + newline
    return parsed.prolog + body + tail


def _tostring(node: etree._Element, parsed: ParsedXml) -> bytes:
    # A file written with CR LF (or CR) keeps them: the parser turned them into LF, and lxml
    # writes any CR of the text as &#13;, so LF is the only line end to turn back.
    if parsed.codec:  # lxml would add a BOM of its own choice in the middle of the file
        text = etree.tostring(node, encoding="unicode", with_tail=False)
        return text.replace("\n", parsed.newline).encode(parsed.codec)
    data = etree.tostring(node, encoding=parsed.encoding, xml_declaration=False, with_tail=False)
    return data if parsed.newline == "\n" else data.replace(b"\n", parsed.newline.encode("ascii"))


def _following_siblings(node: etree._Element):
    sib = node.getnext()
    while sib is not None:
        yield sib
        sib = sib.getnext()


# ----------------------------------------------------------------------------- writing
