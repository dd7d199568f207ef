"""`apostilla new`: plain text to a new TEI document, one `<p xml:id="pN">` per paragraph."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from apostilla.common.errors import BadInput, WriteError
from apostilla.common.files import atomic_write, read_bytes, refuse_same_file
from apostilla.common.text import visible_text
from lxml import etree

from . import tei
from .languages import check_lang, language_name
from .session import acting_user, add_change, now

# Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def decode_text(data: bytes, name: str | Path) -> str:
    """UTF-8 (with or without BOM, LF or CRLF) to NFC text with LF line ends."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BadInput(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); convert it to UTF-8 first",
                       file=name, line=line, column=column) from None
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise BadInput(f"not a text file: control character U+{ord(bad.group()):04X}", file=name,
                       line=line, column=column)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; with no blank line, one paragraph per line."""
    lines = text.split("\n")
    has_blank = any(not line.strip() for line in _inner(lines))
    if not has_blank:
        return [line for line in lines if line.strip()]
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _inner(lines: list[str]) -> list[str]:
    """Lines between the first and last non-blank ones: blank lines at the ends separate nothing."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return lines[filled[0]:filled[-1] + 1] if filled else []


def build_tei(paragraphs: list[str], *, title: str, lang: str, source_name: str, sha256: str,
              user: str) -> bytes:
    """The new document's bytes."""
    from .document import TeiDocument

    t = tei.tei
    root = etree.Element(t("TEI"), nsmap={None: tei.TEI_NS})
    header = etree.SubElement(root, t("teiHeader"))
    file_desc = etree.SubElement(header, t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, t("titleStmt"))
    etree.SubElement(title_stmt, t("title")).text = title
    publication = etree.SubElement(file_desc, t("publicationStmt"))
    etree.SubElement(publication, t("p")).text = "Working copy made with apostilla; not published."
    source_desc = etree.SubElement(file_desc, t("sourceDesc"))
    bibl = etree.SubElement(source_desc, t("bibl"))
    etree.SubElement(bibl, t("title")).text = source_name
    etree.SubElement(bibl, t("idno"), type="sha256").text = sha256
    day = now().date().isoformat()
    etree.SubElement(bibl, t("date"), when=day).text = day
    profile = etree.SubElement(header, t("profileDesc"))
    usage = etree.SubElement(profile, t("langUsage"))
    etree.SubElement(usage, t("language"), ident=lang).text = language_name(lang)
    text_el = etree.SubElement(root, t("text"))
    text_el.set(tei.XML_LANG, lang)
    body = etree.SubElement(text_el, t("body"))
    for n, paragraph in enumerate(paragraphs, start=1):
        p = etree.SubElement(body, t("p"))
        p.set(tei.XML_ID, f"p{n}")
        p.text = paragraph
    _indent(root)
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n"
    doc = TeiDocument.from_bytes(data, source_name)
    add_change(doc, f"Created from {source_name}.", user)
    return doc.to_bytes()


def _indent(root: etree._Element) -> None:
    # Indent the structure only: paragraph content stays exactly as in the source.
    def walk(node: etree._Element, depth: int) -> None:
        kids = list(node)
        if not kids or tei.local(node) == "p":
            return
        node.text = "\n" + "  " * (depth + 1)
        for i, kid in enumerate(kids):
            walk(kid, depth + 1)
            kid.tail = "\n" + "  " * (depth + (1 if i < len(kids) - 1 else 0))
    walk(root, 0)


def new_document(source: str | Path, output: str | Path, *, title: str | None = None,
                 lang: str = "en", force: bool = False, by: str | None = None) -> list[str]:
    """Make a TEI document from a plain-text file; returns the paragraph ids."""
    source, output = Path(source), Path(output)
    check_lang(lang)
    refuse_same_file(output, source)
    if os.path.exists(output) and not force and not os.path.isdir(output):  # never raises (a name too long)
        raise WriteError("already exists (use --force to overwrite)", file=output)
    data = read_bytes(source)
    text = decode_text(data, source)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise BadInput("has no text (empty or only white space)", file=source)
    title = visible_text(title, "--title") if title is not None else source.stem
    result = build_tei(paragraphs, title=title, lang=lang, source_name=source.name,
                       sha256=hashlib.sha256(data).hexdigest(), user=acting_user(by))
    atomic_write(output, result, overwrite=force)
    return [f"p{n}" for n in range(1, len(paragraphs) + 1)]
